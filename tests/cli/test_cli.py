"""The command line: reports, JSON, schema, demo, and clean errors with the right exit codes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
from typer.testing import CliRunner

from stridewise.cli.app import app

runner = CliRunner()


def invoke(*args: str, **env):
    return runner.invoke(app, list(args), env={"COLUMNS": "100", "NO_COLOR": "1", **env})


def test_triage_prints_disposition_first_and_the_not_a_diagnosis_line(examples_dir):
    result = invoke("triage", "--answers", str(examples_dir / "torn_iliacus_return.yaml"))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert (
        out.index("Book an appointment") < out.index("Possible findings") < out.index("Held back")
    )
    assert "Split stance jump" in out.split("Held back")[1]
    assert "not a diagnosis" in out


def test_triage_json_has_the_report_contract(examples_dir):
    result = invoke("triage", "-a", str(examples_dir / "inner_hip_hills.yaml"), "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["disposition"]["level"] == "self_care"
    assert {"level", "timeframe", "reasons"} <= set(data["disposition"])
    assert {"id", "kind", "label", "because"} <= set(data["findings"][0])
    assert {"exercise", "name", "tags", "dosage", "because"} <= set(data["recommendations"][0])
    assert {"step", "rule", "matched", "asserted"} <= set(data["trace"][0])
    assert set(data["knowledge_base"]) == {"version", "sha256"}


def test_every_example_report_validates_against_the_printed_schema(examples_dir):
    schema = json.loads(invoke("schema").stdout)
    for path in sorted(examples_dir.glob("*.yaml")):
        report = json.loads(invoke("triage", "-a", str(path), "--json").stdout)
        jsonschema.validate(report, schema)


def test_demo_prints_every_example(examples_dir):
    result = invoke("demo")
    assert result.exit_code == 0
    for path in examples_dir.glob("*.yaml"):
        assert path.name in result.stdout


def test_bad_answers_file_exits_2_with_file_and_field_and_no_traceback(tmp_path):
    bad = tmp_path / "answers.yaml"
    bad.write_text("complaints:\n  - region: knee\n    pain: bad\n")
    result = invoke("triage", "--answers", str(bad))
    assert result.exit_code == 2
    assert f"{bad}: complaints[0].pain: expected a valid integer" in result.stderr
    assert "Traceback" not in result.output + result.stderr


def test_missing_answers_file_exits_2(tmp_path):
    result = invoke("triage", "--answers", str(tmp_path / "none.yaml"))
    assert result.exit_code == 2
    assert "cannot read the file" in result.stderr


def test_installed_command_runs_from_another_folder_with_clean_stderr(tmp_path, examples_dir):
    exe = shutil.which("stridewise", path=str(Path(sys.executable).parent))
    assert exe, "the stridewise command is not installed beside this Python"
    result = subprocess.run(
        [exe, "triage", "-a", str(examples_dir / "achilles_night_ache.yaml"), "--json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert json.loads(result.stdout)["disposition"]["level"] == "routine"


def test_output_piped_into_a_reader_that_stops_early_ends_without_a_traceback(tmp_path):
    """`stridewise demo | head -1`: the closed pipe ends the command quietly."""
    exe = shutil.which("stridewise", path=str(Path(sys.executable).parent))
    assert exe, "the stridewise command is not installed beside this Python"
    demo = subprocess.Popen(
        [exe, "demo"], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert demo.stdout is not None and demo.stderr is not None
    demo.stdout.readline()
    demo.stdout.close()  # what head does after its first line
    stderr = demo.stderr.read().decode()
    demo.wait(timeout=60)
    assert "Traceback" not in stderr
    assert demo.returncode != 0 or stderr == ""


def test_the_installed_package_adds_no_generic_top_level_import_names():
    from importlib.metadata import distributions

    # An installed distribution has a RECORD; a source tree's stridewise.egg-info does not,
    # and may be found first when the repository root is on sys.path.
    installed = [d for d in distributions(name="stridewise") if d.read_text("RECORD")]
    assert installed, "stridewise is not installed"
    tops = {str(f).split("/")[0] for f in installed[0].files or []}
    assert "stridewise" in tops or any(t.startswith("__editable__") for t in tops), tops
    assert not tops & {"cli", "knowledge_base", "triage", "examples", "tests", "benchmarks"}, tops


def test_the_engine_option_names_the_clips_extra_in_full():
    """Rich reads `[clips]` as markup and would drop it from the help without the escape."""
    result = runner.invoke(app, ["eval", "--help"], env={"COLUMNS": "200"})
    assert 'pip install "stridewise[clips]"' in result.output
