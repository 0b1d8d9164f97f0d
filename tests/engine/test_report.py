"""Reports are deterministic, survive JSON, and hold every blocked exercise out."""

from __future__ import annotations

import os
import subprocess
import sys

from stridewise.triage import Intake, Report, load_intake, triage
from stridewise.triage.engine.firings import Firing, RunResult
from stridewise.triage.engine.report import build_report
from stridewise.triage.engine.signals import Evidence, Signal


def _json_in_fresh_process(path, seed: str) -> str:
    code = (
        "import sys; from stridewise.triage import load_intake, triage;"
        "sys.stdout.write(triage(load_intake(sys.argv[1])).model_dump_json())"
    )
    env = {**os.environ, "PYTHONHASHSEED": seed}
    return subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True, env=env
    ).stdout


def test_same_answers_give_byte_identical_json_across_processes(examples_dir):
    for path in sorted(examples_dir.glob("*.yaml")):
        assert _json_in_fresh_process(path, "1") == _json_in_fresh_process(path, "987")


def test_report_and_intake_round_trip_through_json(examples_dir):
    for path in sorted(examples_dir.glob("*.yaml")):
        report = triage(load_intake(path))
        assert Report.model_validate_json(report.model_dump_json()) == report
        assert Intake.model_validate_json(report.intake.model_dump_json()) == report.intake


def test_triage_twice_in_one_process_gives_the_same_report(examples_dir):
    paths = sorted(examples_dir.glob("*.yaml"))
    first = [triage(load_intake(p)).model_dump_json() for p in paths]
    second = [triage(load_intake(p)).model_dump_json() for p in reversed(paths)]
    assert first == list(reversed(second))


def test_nothing_blocked_is_ever_recommended(examples_dir):
    for path in sorted(examples_dir.glob("*.yaml")):
        report = triage(load_intake(path))
        assert not {b.exercise for b in report.blocked} & {
            r.exercise for r in report.recommendations
        }


def test_off_season_uses_the_off_season_dosage(examples_dir):
    data = load_intake(examples_dir / "inner_hip_hills.yaml").model_dump(mode="json")
    data["training"]["season"] = "off"
    report = triage(Intake.model_validate(data))
    deadlift = next(r for r in report.recommendations if r.exercise == "single_leg_deadlift")
    assert deadlift.dosage.reps == "6-8"
    assert "45-60" in deadlift.dosage.session


def test_a_matched_finding_names_the_step_that_first_asserted_it(kb, examples_dir):
    """Matched facts are shared between trace steps, but a finding matched before and after
    its first assertion is shown without, then with, the step that asserted it."""
    finding = next(iter(kb.findings))
    rule = next(iter(kb.rules))
    seen = (Evidence(field="complaints[0].region", value="knee"),)
    run = RunResult(
        signals=[Signal("knee_pain", "c0", seen)],
        firings=[
            Firing(1, rule, "c0", ("knee_pain@c0", f"{finding}@c0"), ()),
            Firing(2, rule, "c0", ("knee_pain@c0",), (f"finding:{finding}@c0",)),
            Firing(3, rule, "c0", ("knee_pain@c0", f"{finding}@c0"), (f"finding:{finding}@c0",)),
            Firing(4, rule, "c0", (f"{finding}@c0",), ()),
        ],
    )
    intake = load_intake(examples_dir / "inner_hip_hills.yaml")
    trace = build_report(kb, intake, run).trace
    assert [[(m.kind, m.from_step) for m in step.matched] for step in trace] == [
        [("signal", None), ("finding", None)],
        [("signal", None)],
        [("signal", None), ("finding", 2)],
        [("finding", 2)],
    ]
    assert all(step.matched[0].evidence == seen for step in trace[:3])
