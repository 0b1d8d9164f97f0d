"""The docs stay true: every command is documented, the CLI reference is what `--help` prints,
the README's sessions are real output, and they run from a folder outside the clone.

Console blocks in README.md (```console, lines starting with `$ `) are run in a fresh folder,
in order, and their output compared; `CMD > FILE` writes the file a later command reads.
The knowledge-base worked example is replayed in tests/test_docs_kb_example.py.
"""

from __future__ import annotations

import importlib.util
import re
import shlex
from pathlib import Path

import pytest
import typer
import yaml
from typer.testing import CliRunner

from stridewise.cli.app import app
from stridewise.triage import Intake

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")
CLI_MD = REPO / "docs" / "cli.md"
CI_SCRIPT = (REPO / ".ci" / "run").read_text(encoding="utf-8")
ENV = {"COLUMNS": "88", "NO_COLOR": "1", "TERM": "dumb"}


def _load_reference_generator():
    spec = importlib.util.spec_from_file_location(
        "cli_reference", REPO / "docs" / "cli_reference.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


reference = _load_reference_generator()
COMMANDS = [" ".join(words) for words in reference.command_paths(typer.main.get_command(app))]


def _sessions() -> list[tuple[str, str]]:
    sessions = []
    for block in re.findall(r"```console\n(.*?)```", README, flags=re.S):
        for chunk in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, _, output = chunk.partition("\n")
            sessions.append((command.strip(), output))
    return sessions


SESSIONS = _sessions()


def _parse(command: str) -> tuple[list[str], str | None, str | None]:
    """`stridewise ARGS [> FILE]`, or `printf 'LINES' | stridewise ARGS` (LINES on stdin)."""
    stdin = None
    if command.startswith("printf "):
        feed, _, command = command.partition(" | ")
        stdin = shlex.split(feed)[1].encode().decode("unicode_escape")
    command, _, target = command.partition(" > ")
    words = shlex.split(command)
    assert words[0] == "stridewise", command
    return words[1:], stdin, target.strip() or None


def _run(command: str) -> str:
    """Run one README command in the current folder; a redirect writes its file."""
    args, stdin, target = _parse(command)
    result = CliRunner().invoke(app, args, input=stdin, env=ENV)
    assert result.exit_code == 0, (command, result.output)
    if target:
        Path(target).write_text(result.stdout, encoding="utf-8")
        return ""
    return result.stdout


def _same_text(a: str, b: str) -> bool:
    def tidy(text: str) -> str:
        return "\n".join(line.rstrip() for line in text.splitlines()).strip()

    return tidy(a) == tidy(b)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_cli_command_is_in_the_cli_reference(command):
    assert f"## stridewise {command}\n" in CLI_MD.read_text(encoding="utf-8")


def test_the_cli_reference_is_what_help_prints_today():
    stale = "docs/cli.md is stale: run python docs/cli_reference.py"
    assert CLI_MD.read_text(encoding="utf-8") == reference.reference(), stale


@pytest.mark.parametrize("command", COMMANDS)
def test_every_cli_command_is_in_the_readme(command):
    assert f"stridewise {command}" in README, f"`stridewise {command}` is not in the README"


def test_readme_quick_start_is_two_commands_and_ci_runs_the_test_one():
    install = "pip install . && stridewise demo"
    tests = 'pip install ".[test]" && pytest'
    assert f"```bash\n{install}\n```" in README
    assert f"```bash\n{tests}\n```" in README
    assert tests in CI_SCRIPT.splitlines()


def test_readme_is_short_enough_to_read():
    assert len(README.splitlines()) <= 205


def test_readme_shows_a_runners_and_a_coachs_session():
    shown = {_parse(c)[0][0] for c, _ in SESSIONS}
    assert {"triage", "reply", "examples"} <= shown


def test_readme_commands_use_no_paths_from_the_clone():
    commands = [c for c, _ in SESSIONS]
    commands += re.findall(r"^(stridewise .*)$", README, flags=re.M)
    for command in commands:
        assert not re.search(r"\b(examples|tests|knowledge_base)/", command), command


@pytest.mark.parametrize("index", range(len(SESSIONS)), ids=[c for c, _ in SESSIONS])
def test_readme_session_output_is_what_the_program_prints(index, tmp_path, monkeypatch):
    """Run from an empty folder outside the clone, after the README's earlier redirects."""
    monkeypatch.chdir(tmp_path)
    for earlier, _ in SESSIONS[:index]:
        if " > " in earlier:
            _run(earlier)
    command, expected = SESSIONS[index]
    assert _same_text(_run(command), expected)


def test_a_session_that_prints_something_else_is_caught(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert not _same_text(_run("stridewise examples"), "achilles_night_ache  something else")


def test_the_annotated_answers_file_in_the_docs_is_valid():
    page = (REPO / "docs" / "answers-files.md").read_text(encoding="utf-8")
    (block,) = re.findall(r"```yaml\n(.*?)```", page, flags=re.S)
    intake = Intake.model_validate(yaml.safe_load(block))
    assert intake.complaints[0].region == "achilles"


def test_readme_python_example_runs_outside_the_clone(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    block = re.search(r"```python\n(.*?)```", README, flags=re.S)
    assert block, "README has a Python example"
    namespace: dict = {}
    exec(compile(block.group(1), "README.md", "exec"), namespace)
    assert namespace["report"].disposition.level == "self_care"
    assert namespace["from_comment"].disposition.level == "routine"
