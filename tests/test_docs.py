"""The README stays true: every command is documented, and its terminal sessions are real.

Console blocks in README.md (```console, lines starting with `$ stridewise`) are run and
their output compared, so the README cannot drift from what the program prints.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
import pytest
import typer
from typer.testing import CliRunner

from stridewise.cli.app import app

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")
CI_SCRIPT = (REPO / ".ci" / "run").read_text(encoding="utf-8")
WIDTH = "88"


def _command_names(group: click.Group, prefix: str = "") -> list[str]:
    names = []
    for name, command in sorted(group.commands.items()):
        full = f"{prefix}{name}"
        names.append(full)
        if isinstance(command, click.Group):
            names.extend(_command_names(command, f"{full} "))
    return names


COMMANDS = _command_names(typer.main.get_command(app))


def _sessions() -> list[tuple[str, str]]:
    sessions = []
    for block in re.findall(r"```console\n(.*?)```", README, flags=re.S):
        chunks = re.split(r"^\$ ", block, flags=re.M)
        for chunk in chunks[1:]:
            command, _, output = chunk.partition("\n")
            sessions.append((command.strip(), output))
    return sessions


SESSIONS = _sessions()


def _parse(command: str) -> tuple[list[str], str | None]:
    """`stridewise ARGS`, or `printf 'LINES' | stridewise ARGS` with LINES as standard input."""
    stdin = None
    if command.startswith("printf "):
        feed, _, command = command.partition(" | ")
        stdin = shlex.split(feed)[1].encode().decode("unicode_escape")
    words = shlex.split(command)
    assert words[0] == "stridewise", command
    return words[1:], stdin


@pytest.mark.parametrize("command", COMMANDS)
def test_every_cli_command_is_in_the_readme(command):
    assert f"stridewise {command}" in README, f"`stridewise {command}` is not documented"


def test_readme_quick_start_is_two_commands_and_ci_runs_the_test_one():
    install = "pip install . && stridewise demo"
    tests = 'pip install ".[test]" && pytest'
    assert f"```bash\n{install}\n```" in README
    assert f"```bash\n{tests}\n```" in README
    assert tests in CI_SCRIPT.splitlines()


def test_readme_shows_real_terminal_sessions():
    shown = {_parse(c)[0][0] for c, _ in SESSIONS}
    assert {"triage", "explain", "kb"} <= shown


@pytest.mark.parametrize(("command", "expected"), SESSIONS, ids=[c for c, _ in SESSIONS])
def test_readme_session_output_is_what_the_program_prints(command, expected, monkeypatch):
    monkeypatch.chdir(REPO)
    args, stdin = _parse(command)
    env = {"COLUMNS": WIDTH, "NO_COLOR": "1", "TERM": "dumb"}
    result = CliRunner().invoke(app, args, input=stdin, env=env)
    printed = "\n".join(line.rstrip() for line in result.output.splitlines())
    assert printed.strip() == "\n".join(line.rstrip() for line in expected.splitlines()).strip()


def test_readme_python_example_runs():
    block = re.search(r"```python\n(.*?)```", README, flags=re.S)
    assert block, "README has a Python example"
    namespace: dict = {}
    exec(compile(block.group(1), "README.md", "exec"), namespace)
    assert namespace["report"].disposition.level == "self_care"
