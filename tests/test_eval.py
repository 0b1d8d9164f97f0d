"""`stridewise eval` and the clinical case suite: the metrics, the exit codes, and the bar."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from rich.console import Console
from typer.testing import CliRunner

from stridewise.cli.app import app
from stridewise.triage import InvalidInput, triage
from stridewise.triage import evaluate as ev
from stridewise.triage.evaluate import run as ev_run
from stridewise.triage.render.evaluate import render_evaluation

CASES = Path(__file__).parent / "cases"
runner = CliRunner()

INNER_HIP = {
    "complaints": [
        {
            "region": "hip_front",
            "onset": "gradual",
            "pain": 3,
            "hurts_when": ["swing_phase", "hills"],
        }
    ]
}
GROIN_HOP = {"complaints": [{"region": "groin", "pain": 4, "hurts_when": ["hopping"]}]}


def case(id: str, input, disposition: str, **extra) -> dict:
    return {
        "id": id,
        "kind": "answers",
        "input": input,
        "disposition": disposition,
        "rationale": "A written clinical reason for this case.",
        "source": "seed-000",
        **extra,
    }


def write(tmp_path: Path, cases: list[dict], name: str = "cases.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(cases))
    return path


def invoke(*args: str):
    return runner.invoke(app, ["eval", *args], env={"COLUMNS": "120", "NO_COLOR": "1"})


def test_suite_holds_at_least_80_cases_with_both_kinds():
    cases = ev.load_cases([CASES])
    assert len(cases) >= 80
    assert sum(c.kind == "answers" for c in cases) >= 80
    assert any(c.kind == "comment" for c in cases)


def test_every_case_names_a_source_in_the_knowledge_base(kb):
    unknown = {c.id: c.source for c in ev.load_cases([CASES]) if c.source not in kb.sources}
    assert not unknown, f"case sources missing from knowledge_base/sources.yaml: {unknown}"


def test_every_red_flag_rule_fires_in_at_least_one_case(kb):
    fired: set[str] = set()
    for c in ev.load_cases([CASES]):
        if c.kind == "answers":
            fired |= {step.rule for step in triage(c.input, kb).trace}
    red_flags = {r.id for r in kb.rules.values() if r.stage.value == "red_flag"}
    assert red_flags - fired == set()


def test_every_knowledge_base_finding_is_expected_by_some_case(kb):
    expected = {i for c in ev.load_cases([CASES]) for group in c.findings for i in group}
    assert set(kb.findings) - expected == set()


def test_every_expected_finding_names_at_least_one_id_the_knowledge_base_knows(kb):
    unknown = [
        (c.id, group)
        for c in ev.load_cases([CASES])
        for group in c.findings
        if not set(group) & set(kb.findings)
    ]
    assert unknown == []


def test_case_suite_meets_the_clinical_bar(kb):
    """The bar: no emergency or urgent case under-triaged, no unsafe advice, >= 90% agreement."""
    evaluation = ev.evaluate(ev.load_cases([CASES]), kb)
    s = evaluation.summary
    misses = [
        f"{r.id}: expected {r.expected}, got {r.got or r.message}{' unsafe ' if r.unsafe else ''}"
        for r in evaluation.results
        if r.outcome in ("under", "over", "error") or r.unsafe
    ]
    assert s.serious_under_triage == 0, misses
    assert s.unsafe == 0, misses
    assert s.agreement >= ev.AGREEMENT_BAR, misses
    assert s.meets_bar


def test_under_triaging_an_emergency_exits_1_and_is_counted_by_expected_level(tmp_path):
    path = write(tmp_path, [case("hip-called-emergency", INNER_HIP, "emergency")])
    result = invoke(str(path), "--json")
    assert result.exit_code == 1
    summary = json.loads(result.stdout)["summary"]
    assert summary["under_by_level"]["emergency"] == 1
    assert summary["serious_under_triage"] == 1 and summary["failed"]


def test_under_triaging_a_routine_case_does_not_fail_the_run(tmp_path):
    path = write(tmp_path, [case("hip-called-routine", INNER_HIP, "routine")])
    result = invoke(str(path), "--json")
    assert result.exit_code == 0
    summary = json.loads(result.stdout)["summary"]
    assert summary["under_by_level"]["routine"] == 1
    assert not summary["meets_bar"]


def test_over_triage_is_counted_but_exits_0(tmp_path):
    path = write(tmp_path, [case("groin-called-self-care", GROIN_HOP, "self_care")])
    result = invoke(str(path), "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["summary"]["over"] == 1


def test_recommending_a_forbidden_exercise_or_tag_is_unsafe_and_exits_1(tmp_path):
    path = write(
        tmp_path,
        [
            case("hip-no-drill", INNER_HIP, "self_care", never=["lift_the_foot_hill_drill"]),
            case("hip-no-strength", INNER_HIP, "self_care", never=["strength"]),
            case("hip-no-jumps", INNER_HIP, "self_care", never=["plyometric"]),
        ],
    )
    result = invoke(str(path), "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    unsafe = {r["id"]: r["unsafe"] for r in data["results"]}
    assert unsafe["hip-no-drill"] == ["lift_the_foot_hill_drill"]
    assert unsafe["hip-no-strength"] and unsafe["hip-no-jumps"] == []
    assert data["summary"]["unsafe"] == 2


def test_agreeing_cases_meet_the_bar_and_exit_0(tmp_path):
    path = write(
        tmp_path,
        [
            case("hip", INNER_HIP, "self_care", findings=[["hip_flexor_dominant_swing", "x"]]),
            case("groin", GROIN_HOP, "urgent", never=["all_exercises"]),
        ],
    )
    result = invoke(str(path), "--json")
    assert result.exit_code == 0
    summary = json.loads(result.stdout)["summary"]
    assert summary["agreement"] == 1.0 and summary["meets_bar"]
    assert summary["findings_named"] == 2


def test_missing_expected_findings_are_reported_per_case(tmp_path):
    path = write(tmp_path, [case("hip", INNER_HIP, "self_care", findings=["no_such_finding"])])
    result = json.loads(invoke(str(path), "--json").stdout)["results"][0]
    assert result["outcome"] == "agree"
    assert result["missing_findings"] == [["no_such_finding"]]


def test_table_shows_every_measure_and_the_missed_cases(tmp_path):
    path = write(
        tmp_path,
        [case("hip-called-urgent", INNER_HIP, "urgent"), case("hip", INNER_HIP, "self_care")],
    )
    console = Console(width=120, no_color=True, record=True)
    render_evaluation(ev.evaluate_paths([path]), console)
    out = console.export_text()
    for measure in (
        "Exact disposition agreement",
        "1/2 (50%)",
        "Under-triage, expected Urgent",
        "Over-triage",
        "Unsafe recommendations",
        "Errors",
        "does NOT meet the bar",
    ):
        assert measure in out
    assert "hip-called-urgent" in out.split("Cases that missed")[1]


def test_an_errored_emergency_case_counts_as_under_triage():
    result = ev.CaseResult(
        id="x", file="f", kind="comment", expected="emergency", outcome="error", message="boom"
    )
    summary = ev.summarise((result,))
    assert summary.errors == 1 and summary.serious_under_triage == 1 and summary.failed


def test_comment_cases_are_skipped_with_a_reason_when_no_reader_exists(tmp_path, monkeypatch):
    monkeypatch.setattr(ev_run, "comment_reader", lambda: (None, "comment reader not available"))
    path = write(
        tmp_path,
        [{**case("c", "", "none"), "kind": "comment", "input": "Thanks for the article!"}],
    )
    evaluation = ev.evaluate_paths([path])
    assert evaluation.summary.skipped == 1 and evaluation.summary.run == 0
    assert evaluation.results[0].message == "comment reader not available"


@pytest.mark.parametrize(
    ("cases", "expected"),
    [
        (
            [case("a", {"complaints": [{"region": "knee", "pain": 11}]}, "routine")],
            "a: input.complaints[0].pain",
        ),
        ([case("a", INNER_HIP, "sometimes")], "a: disposition: expected one of"),
        ([{**case("a", INNER_HIP, "routine"), "colour": "red"}], "a: colour: is not a known field"),
        (
            [{**case("a", INNER_HIP, "routine"), "kind": "comment"}],
            "a: input: expected the comment text",
        ),
        (
            [case("a", INNER_HIP, "routine"), case("a", INNER_HIP, "routine")],
            "a: duplicate case id",
        ),
        (["just a string"], "[0]: expected a mapping"),
    ],
)
def test_a_bad_case_file_exits_2_naming_the_file_case_and_field(tmp_path, cases, expected):
    path = write(tmp_path, cases)
    result = invoke(str(path))
    assert result.exit_code == 2
    assert f"{path}: {expected}" in result.stderr
    assert "Traceback" not in result.output


def test_an_unknown_never_token_is_invalid_input(tmp_path, kb):
    path = write(tmp_path, [case("a", INNER_HIP, "routine", never=["plyometrics"])])
    with pytest.raises(InvalidInput, match="never: unknown exercise or tag 'plyometrics'"):
        ev.evaluate_paths([path], kb)


def test_an_empty_folder_is_invalid_input(tmp_path):
    result = invoke(str(tmp_path))
    assert result.exit_code == 2
    assert "no case files" in result.stderr
