"""Writes docs/cli.md from the real `--help` output of every stridewise command and subcommand.

Regenerate after adding or changing a command or option:  python docs/cli_reference.py
`--check` exits 1 if docs/cli.md is stale; tests/test_docs.py makes the same check.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import typer
from typer.testing import CliRunner

from stridewise.cli.app import app

CLI_MD = Path(__file__).resolve().parent / "cli.md"
WIDTH = "88"
ANSI = re.compile(r"\x1b\[[0-9;]*m")

HEADER = """# Command-line reference

Every `stridewise` command and option, as `--help` prints it. This page is generated: after
changing a command, run `python docs/cli_reference.py` (a test fails while it is stale).
Global options (`--debug`, `--version`, `-h`) go before the command: `stridewise --debug triage ...`.
"""


def command_paths(group: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command and subcommand of a click group (typer vendors its own click, so this
    goes by shape, not class), as its words after `stridewise`, in help order."""
    paths = []
    for name, command in group.commands.items():
        paths.append((*prefix, name))
        if hasattr(command, "commands"):
            paths.extend(command_paths(command, (*prefix, name)))
    return paths


def help_text(words: tuple[str, ...]) -> str:
    """What `stridewise WORDS --help` prints at a fixed width, without colour."""
    env = {"COLUMNS": WIDTH, "NO_COLOR": "1", "TERM": "dumb"}
    result = CliRunner().invoke(app, [*words, "--help"], env=env, prog_name="stridewise")
    if result.exit_code != 0:
        raise RuntimeError(f"stridewise {' '.join(words)} --help failed: {result.output}")
    lines = ANSI.sub("", result.stdout).splitlines()
    return "\n".join(line.rstrip() for line in lines).strip("\n") + "\n"


def reference() -> str:
    """The whole of docs/cli.md."""
    root = typer.main.get_command(app)
    sections = [HEADER, "## stridewise\n\n```text\n" + help_text(()) + "```\n"]
    for words in command_paths(root):
        title = "stridewise " + " ".join(words)
        sections.append(f"## {title}\n\n```text\n{help_text(words)}```\n")
    return "\n".join(sections)


def main(argv: list[str]) -> int:
    text = reference()
    if "--check" in argv:
        stale = not CLI_MD.exists() or CLI_MD.read_text(encoding="utf-8") != text
        if stale:
            print(f"{CLI_MD} is stale: run python docs/cli_reference.py", file=sys.stderr)
        return int(stale)
    CLI_MD.write_text(text, encoding="utf-8")
    print(f"wrote {CLI_MD}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
