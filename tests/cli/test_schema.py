"""The JSON contract is whole: every JSON output has a schema by name, and real output fits it.

Each command runs for real (CliRunner) and its output is validated against `stridewise schema NAME`.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from stridewise.cli.app import app
from stridewise.cli.schema import SCHEMAS
from stridewise.triage import Intake

REPO = Path(__file__).resolve().parents[2]
COMMENTS = REPO / "examples" / "comments"
runner = CliRunner()


def run(*args: str, stdin: str | None = None) -> str:
    result = runner.invoke(app, list(args), input=stdin, env={"NO_COLOR": "1"})
    assert result.exit_code in (0, 1), (args, result.output)
    return result.stdout


def schema(name: str) -> dict:
    printed = json.loads(run("schema", name))
    jsonschema.Draft202012Validator.check_schema(printed)
    return printed


def test_schema_list_names_every_schema():
    listed = [line.split()[0] for line in run("schema", "--list").splitlines()]
    assert listed == list(SCHEMAS)


def test_schema_without_a_name_is_the_triage_report():
    assert json.loads(run("schema")) == schema("triage")


def test_an_unknown_schema_name_exits_2_and_names_the_choices():
    result = runner.invoke(app, ["schema", "reprot"])
    assert result.exit_code == 2
    assert "triage, reply" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("triage", "-a", str(REPO / "examples" / "torn_iliacus_return.yaml"), "--json"),
        ("triage", "-a", str(REPO / "examples" / "inner_hip_hills.yaml"), "--format", "json"),
    ],
)
def test_triage_json_fits_its_schema(args):
    jsonschema.validate(json.loads(run(*args)), schema("triage"))


@pytest.mark.parametrize("name", sorted(p.name for p in (REPO / "examples").glob("*.yaml")))
def test_an_answers_file_in_json_fits_the_answers_schema_and_triages(name, tmp_path):
    answers = yaml.safe_load((REPO / "examples" / name).read_text(encoding="utf-8"))
    as_json = Intake.model_validate(answers).model_dump(mode="json", exclude_defaults=True)
    jsonschema.validate(as_json, schema("answers"))
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(as_json), encoding="utf-8")
    assert (
        json.loads(run("triage", "-a", str(path), "--json"))["intake"]
        == json.loads(run("triage", "-a", str(REPO / "examples" / name), "--json"))["intake"]
    )


def test_the_answers_schema_rejects_a_misspelled_field():
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"complaints": [{"region": "knee", "pian": 3}]}, schema("answers"))


def test_ask_json_fits_the_triage_schema():
    printed = run("ask", "--json", stdin="groin\nleft\ngradual\nno\nno\n34\n3\n")
    jsonschema.validate(json.loads(printed), schema("triage"))


@pytest.mark.parametrize("comment", sorted(p.name for p in COMMENTS.glob("*.txt")))
def test_reply_json_fits_its_schema(comment):
    document = json.loads(run("reply", str(COMMENTS / comment), "--json"))
    jsonschema.validate(document, schema("reply"))


def test_the_reply_schema_keeps_the_triage_contract():
    reply, triage = schema("reply"), schema("triage")
    assert set(triage["properties"]) < set(reply["properties"])
    assert set(triage["required"]) <= set(reply["required"])


@pytest.mark.parametrize(
    "args",
    [
        ("-a", str(REPO / "examples" / "achilles_night_ache.yaml")),
        ("-a", str(REPO / "examples" / "achilles_night_ache.yaml"), "--how", "calf_isometric_hold"),
        (
            "-a",
            str(REPO / "examples" / "torn_iliacus_return.yaml"),
            "--why-not",
            "split_stance_jump",
        ),
        ("--why", "area"),
        ("--comment", str(COMMENTS / "charlie_achilles.txt")),
    ],
    ids=["derivation", "how", "why-not", "why", "comment"],
)
def test_explain_json_fits_its_schema(args):
    jsonschema.validate(json.loads(run("explain", *args, "--json")), schema("explain"))


def test_eval_json_fits_its_schema():
    printed = run("eval", str(REPO / "tests" / "cases" / "self_care.yaml"), "--json")
    jsonschema.validate(json.loads(printed), schema("eval"))


@pytest.mark.parametrize("inbox", ["inbox.csv", "inbox.jsonl", "inbox.xml"])
def test_every_batch_jsonl_line_fits_its_schema(inbox, tmp_path):
    out = tmp_path / "drafts.jsonl"
    run("reply", "--batch", str(COMMENTS / inbox), "--out", str(out), "--format", "jsonl")
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines
    for line in lines:
        jsonschema.validate(json.loads(line), schema("batch"))


def test_demo_json_fits_its_schema():
    jsonschema.validate(json.loads(run("demo", "--json")), schema("demo"))


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("kb-lint", ("kb", "lint")),
        ("kb-stats", ("kb", "stats")),
        ("kb-list", ("kb", "list", "rules")),
        ("kb-list", ("kb", "list", "red-flags")),
        ("kb-list", ("kb", "list", "exercises")),
        ("kb-list", ("kb", "list", "findings")),
        ("kb-show", ("kb", "show", "RF-002")),
        ("kb-show", ("kb", "show", "calf_isometric_hold")),
        ("kb-show", ("kb", "show", "inflammatory_night_pattern")),
        ("kb-show", ("kb", "show", "seed-000")),
    ],
)
def test_kb_json_fits_its_schema(name, args):
    jsonschema.validate(json.loads(run(*args, "--json")), schema(name))


def test_a_schema_rejects_output_that_breaks_the_contract():
    report = json.loads(run("demo", "--json"))
    first = next(iter(report.values()))
    first["disposition"]["level"] = "maybe"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(report, schema("demo"))
