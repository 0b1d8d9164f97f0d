"""Examples from anywhere: the shipped files are listed and written out by name, from any folder;
and the global options a user expects (--version, -h, shell completion) work."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

from typer.testing import CliRunner

from stridewise.cli.app import app
from stridewise.cli.examples import DESCRIPTIONS, EXAMPLES, shipped

runner = CliRunner()


def test_every_shipped_example_has_a_description_and_every_description_a_file():
    files = {p.relative_to(EXAMPLES).as_posix() for p in shipped().values()}
    assert files == set(DESCRIPTIONS)


def test_examples_lists_each_example_by_name_with_its_description():
    result = runner.invoke(app, ["examples"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == len(shipped())
    assert any(line.startswith("achilles_night_ache ") and "Achilles" in line for line in lines)


def test_examples_show_writes_the_file_exactly(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["examples", "show", "achilles_night_ache"])
    assert result.exit_code == 0
    assert result.stdout == (EXAMPLES / "achilles_night_ache.yaml").read_text(encoding="utf-8")


def test_examples_show_takes_a_file_name_where_two_examples_share_a_stem():
    result = runner.invoke(app, ["examples", "show", "glute_pain_driving.txt"])
    assert result.exit_code == 0
    assert result.stdout.startswith("Hi James")


def test_a_shared_stem_alone_is_refused_with_both_names_suggested():
    result = runner.invoke(app, ["examples", "show", "glute_pain_driving"])
    assert result.exit_code == 2
    assert "glute_pain_driving.yaml or glute_pain_driving.txt" in result.stderr


def test_a_misspelled_example_exits_2_with_a_suggestion():
    result = runner.invoke(app, ["examples", "show", "achilles_night_ach"])
    assert result.exit_code == 2
    assert "did you mean achilles_night_ache?" in result.stderr


def test_an_example_written_out_triages_from_another_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shown = runner.invoke(app, ["examples", "show", "torn_iliacus_return"]).stdout
    Path("a.yaml").write_text(shown, encoding="utf-8")
    result = runner.invoke(app, ["triage", "--answers", "a.yaml", "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["disposition"]["level"] == "routine"


def test_demo_runs_from_a_folder_outside_the_clone(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", "from stridewise.cli.app import main; main()", "demo"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "COLUMNS": "100", "NO_COLOR": "1"},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "Example: achilles_night_ache.yaml" in result.stdout


def test_version_prints_the_installed_distribution_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"stridewise {version('stridewise')}\n"


def test_dash_h_is_help_for_the_app_and_for_a_command():
    assert runner.invoke(app, ["-h"]).stdout == runner.invoke(app, ["--help"]).stdout
    assert "--answers" in runner.invoke(app, ["triage", "-h"]).stdout


def test_shell_completion_script_is_offered_for_bash():
    """Typer reads a shell name after --show-completion only with its shell detection off
    (decided at import); otherwise it asks shellingham, which finds no shell when the parent
    is a test worker rather than a terminal. So the command runs in a fresh process."""
    env = {**os.environ, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    code = "import sys; from stridewise.cli.app import main; sys.argv[0] = 'stridewise'; main()"
    result = subprocess.run(
        [sys.executable, "-c", code, "--show-completion", "bash"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "_STRIDEWISE_COMPLETE" in result.stdout
