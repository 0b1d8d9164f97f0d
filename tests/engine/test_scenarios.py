"""Every scenario in tests/scenarios/*.yaml: answers in, expected report out.

One generic runner; test ids carry the scenario name, so `pytest -k achilles_rupture` runs one.
A file holds one scenario or a list of them: {name, answers, expect}. `expect` may give
disposition, findings, recommended, not_recommended, blocked, held_by and no_exercises;
lists are "must include" (not_recommended: "must not include").
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from stridewise.triage import Intake, triage

SCENARIOS = Path(__file__).parents[1] / "scenarios"
EXPECT_KEYS = {
    "disposition",
    "findings",
    "recommended",
    "not_recommended",
    "blocked",
    "held_by",
    "no_exercises",
}


def _load() -> list[dict]:
    scenarios = []
    for path in sorted(SCENARIOS.glob("*.yaml")):
        data = yaml.safe_load(path.read_text())
        for scenario in data if isinstance(data, list) else [data]:
            scenarios.append({**scenario, "file": path.name})
    return scenarios


CASES = [pytest.param(s, id=s["name"]) for s in _load()]


def test_scenario_names_are_unique_and_expectations_are_known():
    names = [s["name"] for s in _load()]
    assert len(names) == len(set(names))
    for scenario in _load():
        assert set(scenario["expect"]) <= EXPECT_KEYS, scenario["name"]


@pytest.mark.parametrize("scenario", CASES)
def test_scenario(scenario: dict):
    report = triage(Intake.model_validate(scenario["answers"]))
    expect = scenario["expect"]
    recommended = {r.exercise for r in report.recommendations}
    if "disposition" in expect:
        assert report.disposition.level == expect["disposition"], report.disposition.reasons
    assert set(expect.get("findings", ())) <= {f.id for f in report.findings}
    assert set(expect.get("recommended", ())) <= recommended
    assert not set(expect.get("not_recommended", ())) & recommended
    assert set(expect.get("blocked", ())) <= {b.exercise for b in report.blocked}
    assert set(expect.get("held_by", ())) <= set(report.all_exercises_held_by)
    if expect.get("no_exercises"):
        assert report.recommendations == ()
    elif expect.get("no_exercises") is False:
        assert report.recommendations
