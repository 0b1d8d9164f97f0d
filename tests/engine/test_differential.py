"""Differential test: experta (on and off its hot path), CLIPS and the plain-Python baseline
must agree on every intake: disposition, findings, recommendations, blocks and firing order.

Inputs: 2,000 intakes from `benchmarks/generate.py`, intakes drawn from `tests/strategies.py`
(any, calm, with a red flag), every case in tests/cases (answers and comments), every scenario
in tests/scenarios and the examples. Without clipspy the CLIPS comparisons are skipped with a
reason; `pip install -e ".[test]"` installs it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import calm_intakes, intakes, red_flag_answers

from stridewise.triage import Intake, load_intake
from stridewise.triage.engine import experta_compat, experta_engine
from stridewise.triage.engine.firings import RunResult
from stridewise.triage.engine.report import build_report
from stridewise.triage.engine.signals import derive_signals

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks.baseline import compile_baseline, evaluate, outcome_of  # noqa: E402
from benchmarks.generate import distinct_intakes  # noqa: E402

clips = pytest.importorskip(
    "clips", reason='clipspy is not installed: pip install "stridewise[clips]" (or ".[test]")'
)
from stridewise.triage.engine import clips_engine  # noqa: E402

GENERATED = 2000
CHUNK = 500
PARTS = ("firings", "conclusions", "recommended")


@contextmanager
def experta_as_it_was() -> Iterator[None]:
    experta_compat.use_hot_path(False)
    try:
        yield
    finally:
        experta_compat.use_hot_path(True)


def runs(kb, signals) -> dict[str, RunResult]:
    out = {"experta": experta_engine.run(kb, signals)}
    with experta_as_it_was():
        out["experta without its hot path"] = experta_engine.run(kb, signals)
    out["clips"] = clips_engine.run(kb, signals)
    return out


def differences(kb, signals, baseline) -> list[str]:
    """Every way the engines and the baseline disagree on these signals (empty: none)."""
    found = runs(kb, signals)
    reference = found.pop("experta")
    problems = [
        f"{name}: {part}: {getattr(run, part)!r} != experta's {getattr(reference, part)!r}"
        for name, run in found.items()
        for part in PARTS
        if getattr(run, part) != getattr(reference, part)
    ]
    expected = outcome_of(reference)
    got = evaluate(baseline, signals)
    if got != expected:
        problems.append(f"baseline: {got} != experta's {expected}")
    return problems


@pytest.fixture(scope="module")
def baseline(kb):
    return compile_baseline(kb)


def _check_all(kb, baseline, labelled) -> None:
    failures = []
    for label, signals in labelled:
        problems = differences(kb, signals, baseline)
        if problems:
            failures.append(f"{label}: " + "; ".join(problems))
    assert not failures, f"{len(failures)} intakes differ, first: {failures[:3]}"


@pytest.mark.parametrize("start", range(0, GENERATED, CHUNK))
def test_every_engine_agrees_on_generated_intakes(kb, baseline, start):
    intakes_here = distinct_intakes(GENERATED, seed=2026)[start : start + CHUNK]
    labelled = ((f"generated {start + i}", derive_signals(x)) for i, x in enumerate(intakes_here))
    _check_all(kb, baseline, labelled)


@settings(max_examples=300, derandomize=True, database=None, deadline=None)
@given(
    intake=st.one_of(
        intakes(max_complaints=3), calm_intakes(), red_flag_answers().map(lambda pair: pair[1])
    )
)
def test_every_engine_agrees_on_intakes_from_the_test_strategies(kb, baseline, intake):
    assert differences(kb, derive_signals(intake), baseline) == []


def _repository_cases() -> Iterator[tuple[str, Intake | str]]:
    for path in sorted((REPO / "tests" / "cases").glob("*.yaml")):
        for case in yaml.safe_load(path.read_text()) or []:
            given_input = case["input"]
            if case["kind"] == "answers":
                given_input = Intake.model_validate(given_input or {})
            yield f"case {case['id']}", given_input
    for path in sorted((REPO / "tests" / "scenarios").glob("*.yaml")):
        for scenario in yaml.safe_load(path.read_text()) or []:
            yield f"scenario {scenario['name']}", Intake.model_validate(scenario["answers"])
    for path in sorted((REPO / "examples").glob("*.yaml")):
        yield f"example {path.name}", load_intake(path)


def test_every_engine_agrees_on_every_case_scenario_and_example_down_to_the_report(kb, baseline):
    from stridewise.triage.reading.reader import read_comment

    failures, count = [], 0
    for label, given_input in _repository_cases():
        count += 1
        if isinstance(given_input, str):
            reading = read_comment(given_input, kb)
            intake, signals = reading.intake, derive_signals(reading.intake, reading.quotes)
        else:
            intake, signals = given_input, derive_signals(given_input)
        problems = differences(kb, signals, baseline)
        found = runs(kb, signals)
        reports = {
            name: build_report(kb, intake, run).model_dump_json() for name, run in found.items()
        }
        if len(set(reports.values())) != 1:
            problems.append("the reports differ")
        if problems:
            failures.append(f"{label}: " + "; ".join(problems))
    assert count > 150
    assert not failures, failures[:3]


def test_the_comparison_catches_an_engine_that_fires_in_another_order(kb, baseline, monkeypatch):
    signals = next(
        s
        for s in map(derive_signals, distinct_intakes(400, seed=2026))
        if len(experta_engine.run(kb, s).firings) > 3
    )
    assert differences(kb, signals, baseline) == []
    clips_run = clips_engine.run

    def reversed_order(kb, signals) -> RunResult:
        result = clips_run(kb, signals)
        result.firings.reverse()
        return result

    monkeypatch.setattr(clips_engine, "run", reversed_order)
    assert [p.split(":")[:2] for p in differences(kb, signals, baseline)] == [["clips", " firings"]]
