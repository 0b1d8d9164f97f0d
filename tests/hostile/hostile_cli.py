"""Shared helpers for the hostile-input suite: run the CLI in-process and write files."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from stridewise.cli.app import app

runner = CliRunner()
ENV = {"COLUMNS": "200", "NO_COLOR": "1"}


def run_cli(*args: str, stdin: bytes | None = None):
    """Invoke the CLI; assert it never ends in a traceback or an unexpected exception."""
    result = runner.invoke(app, list(args), input=stdin, env=ENV)
    assert "Traceback" not in result.output + result.stderr, result.output + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    return result


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path
