"""What stridewise provably never does, stated as hypothesis properties over any intake.

Red flags dominate, urgency never falls as symptoms are added, order and hash seeds change
nothing, nothing contraindicated is recommended, every conclusion has a rule behind it.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, note
from hypothesis import strategies as st
from strategies import (
    RED_FLAG_RECIPES,
    comments,
    intakes,
    one_more_symptom,
    red_flag_answers,
)

from stridewise.triage import (
    Intake,
    InvalidInput,
    Report,
    default_knowledge_base,
    read_comment,
    triage,
    triage_comment,
)
from stridewise.triage.engine.kb_models import Level, Stage
from stridewise.triage.engine.signals import derive_signals

CASES = Path(__file__).parents[1] / "cases"
# The shipped knowledge base, as `triage` uses it; not a fixture, so hypothesis never prints it.
KB = default_knowledge_base()
REPORT_SCHEMA = jsonschema.Draft202012Validator(Report.model_json_schema())


def level(report: Report) -> Level:
    return Level[report.disposition.level]


def _explain_red_flag(name: str, intake: Intake, report: Report) -> str:
    return (
        f"red flag {name!r} got {report.disposition.level} "
        f"(reasons {[r.rule for r in report.disposition.reasons]}), "
        f"recommended {[r.exercise for r in report.recommendations]}; intake {intake!r}"
    )


# Red-flag dominance ----------------------------------------------------------------------


@pytest.mark.parametrize("recipe", sorted(RED_FLAG_RECIPES))
@given(data=st.data())
def test_each_red_flag_gets_emergency_or_urgent_and_holds_back_every_exercise(recipe, data):
    name, intake = data.draw(red_flag_answers(recipe, calm=True))
    report = triage(intake)
    why = _explain_red_flag(name, intake, report)
    assert report.disposition.level in ("emergency", "urgent"), why
    assert report.recommendations == (), why
    assert report.all_exercises_held_by, why


@given(red_flag_answers())
def test_a_red_flag_among_any_other_answers_still_dominates(drawn):
    name, intake = drawn
    report = triage(intake)
    why = _explain_red_flag(name, intake, report)
    assert report.disposition.level in ("emergency", "urgent"), why
    assert not any({"loaded", "plyometric"} & set(r.tags) for r in report.recommendations), why
    assert report.recommendations == (), why


# Monotonicity ----------------------------------------------------------------------------


@given(data=st.data())
def test_adding_a_symptom_never_makes_the_disposition_less_urgent(data):
    intake = data.draw(intakes(max_complaints=2))
    what, more = data.draw(one_more_symptom(intake))
    before, after = triage(intake), triage(more)
    note(f"added {what}: {before.disposition.level} -> {after.disposition.level}")
    note(f"rules before {[s.rule for s in before.trace]}, after {[s.rule for s in after.trace]}")
    assert level(after) >= level(before)


@given(data=st.data())
def test_adding_a_red_flag_never_makes_the_disposition_less_urgent(data):
    intake = data.draw(intakes(max_complaints=2))
    recipe, flagged = data.draw(red_flag_answers(base=intake))
    before, after = triage(intake), triage(flagged)
    note(f"added {recipe}: {before.disposition.level} -> {after.disposition.level}")
    assert level(after) >= max(level(before), Level.urgent)


# Order invariance and determinism ---------------------------------------------------------


def _complaint_key(intake: Intake, scope: str) -> str:
    """A complaint's content with its lists sorted, so a scope can be compared across orders."""
    if not scope.startswith("c"):
        return scope
    data = intake.complaints[int(scope[1:])].model_dump(mode="json")
    return json.dumps({k: sorted(v) if isinstance(v, list) else v for k, v in data.items()})


def _outcome(report: Report) -> dict:
    d = report.disposition
    return {
        "disposition": (d.level, d.timeframe, d.do_now, frozenset(r.rule for r in d.reasons)),
        "findings": frozenset(
            (f.id, _complaint_key(report.intake, f.complaint), f.because) for f in report.findings
        ),
        "recommended": frozenset(r.exercise for r in report.recommendations),
        "blocked": frozenset((b.exercise, frozenset({b.by, *b.also_by})) for b in report.blocked),
        "held_by": frozenset(report.all_exercises_held_by),
    }


def _shuffled(intake: Intake, rnd: random.Random) -> Intake:
    data = intake.model_dump(mode="json")
    rnd.shuffle(data["complaints"])
    for complaint in data["complaints"]:
        for key in ("triggers", "hurts_when", "not_sure_when", "diagnosis"):
            rnd.shuffle(complaint[key])
    return Intake.model_validate(data)


@given(intakes(max_complaints=3), st.randoms(use_true_random=False))
def test_permuting_complaints_and_list_answers_changes_no_conclusion(intake, rnd):
    permuted = _shuffled(intake, rnd)
    note(f"permuted: {permuted!r}")
    assert _outcome(triage(permuted)) == _outcome(triage(intake))


@given(intakes())
def test_triaging_twice_in_one_process_gives_identical_json(intake):
    assert triage(intake).model_dump_json() == triage(intake).model_dump_json()


_RUN_ALL_CASES = """
import sys
from stridewise.triage.evaluate import load_cases
from stridewise.triage import triage
for case in load_cases([sys.argv[1]]):
    if case.kind == "answers":
        sys.stdout.write(triage(case.input).model_dump_json() + "\\n")
"""


def test_separate_processes_with_different_hash_seeds_give_byte_identical_json():
    outputs = []
    for seed in ("0", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", _RUN_ALL_CASES, str(CASES)],
            env=env,
            capture_output=True,
            check=True,
            timeout=300,
        )
        outputs.append(done.stdout)
    assert outputs[0].count(b"\n") >= 80
    assert outputs[0] == outputs[1]


# Safety filter ---------------------------------------------------------------------------


@given(intakes())
def test_no_recommended_exercise_is_contraindicated_by_anything_reported(intake):
    report = triage(intake)
    present = {s.name for s in derive_signals(intake)} | {f.id for f in report.findings}
    for r in report.recommendations:
        clash = set(KB.exercises[r.exercise].contraindications) & present
        assert not clash, f"{r.exercise} recommended although {sorted(clash)} reported"


@given(intakes())
def test_every_block_that_fired_is_reported_with_its_rule(intake):
    report = triage(intake)
    candidates = {
        exercise
        for step in report.trace
        if KB.rules[step.rule].stage == Stage.candidate
        for exercise in KB.rules[step.rule].then.recommend
    }
    recommended = {r.exercise for r in report.recommendations}
    blocked = {b.exercise: {b.by, *b.also_by} for b in report.blocked}
    assert not recommended & set(blocked)
    for step in report.trace:
        block = KB.rules[step.rule].then.block
        if block is None:
            continue
        if block.all_exercises:
            assert step.rule in report.all_exercises_held_by
            assert not recommended
            hit = candidates
        else:
            hit = {
                e.id
                for e in KB.exercises.values()
                if e.id in block.exercises or set(block.tags) & set(e.tags)
            } & candidates
        for exercise in hit:
            assert step.rule in blocked.get(exercise, set()), f"{exercise} by {step.rule}"
            assert exercise not in recommended


# Traceability ----------------------------------------------------------------------------


@given(intakes())
def test_every_conclusion_points_to_a_trace_step_of_a_rule_in_the_knowledge_base(intake):
    report = triage(intake)
    fired = {step.rule for step in report.trace}
    assert fired <= set(KB.rules)
    for f in report.findings:
        assert f.because and set(f.because) <= fired
        assert all(f.id in KB.rules[rule].then.findings for rule in f.because)
    for r in report.recommendations:
        assert r.because and set(r.because) <= fired
        assert all(r.exercise in KB.rules[rule].then.recommend for rule in r.because)
    for b in report.blocked:
        assert {b.by, *b.also_by} <= fired
    assert set(report.all_exercises_held_by) <= fired
    reasons = report.disposition.reasons
    assert {r.rule for r in reasons} <= fired
    if reasons:
        assert level(report) == max(Level[r.level] for r in reasons)


# Round trip ------------------------------------------------------------------------------


@given(intakes())
def test_intake_and_report_survive_json_and_the_report_matches_its_schema(intake):
    assert Intake.model_validate_json(intake.model_dump_json()) == intake
    report = triage(intake)
    text = report.model_dump_json()
    assert Report.model_validate_json(text) == report
    REPORT_SCHEMA.validate(json.loads(text))


# Totality --------------------------------------------------------------------------------


@given(intakes(max_complaints=10))
def test_every_valid_intake_gets_a_report(intake):
    assert isinstance(triage(intake), Report)


@given(comments())
def test_every_comment_text_gets_a_result_or_a_clear_invalid_input(comment):
    for function in (read_comment, triage_comment):
        try:
            function(comment)
        except InvalidInput as exc:
            assert exc.problems and all(line.strip() for line in exc.problems)


# An urgent answer means stopping running to be seen: it never comes with an exercise plan ----


@given(intakes(max_complaints=2))
def test_an_urgent_or_emergency_answer_never_comes_with_exercises(intake):
    report = triage(intake)
    if report.disposition.level in ("urgent", "emergency"):
        reasons = [r.rule for r in report.disposition.reasons]
        assert report.recommendations == (), (reasons, report.recommendations)


_KNEE_WITH_A_PLAN = {"region": "knee", "side": "left", "onset": "gradual", "hurts_when": ["stairs"]}


@pytest.mark.parametrize(
    ("rule", "health", "complaint"),
    [
        ("TCK-001", {"tick_bite": "yes", "target_rash": "yes"}, {}),
        ("SKN-002", {"skin_infection": "yes"}, {}),
        ("REF-015", {"visible_blood_in_urine": "yes", "blood_in_urine_persists": "yes"}, {}),
        ("REF-019", {"age": 14}, {"bone_lump": "yes", "region": "shin"}),
        ("REF-003", {}, {"weakness": "yes", "numbness": "yes", "region": "calf"}),
    ],
)
def test_an_urgent_referral_beside_a_knee_with_a_plan_holds_back_the_plan(rule, health, complaint):
    plain = Intake.model_validate({"complaints": [_KNEE_WITH_A_PLAN]})
    assert triage(plain).recommendations, "the knee alone should get exercises"
    complaints = [_KNEE_WITH_A_PLAN] + ([{"side": "left", **complaint}] if complaint else [])
    report = triage(Intake.model_validate({"complaints": complaints, "health": health}))
    assert rule in [r.rule for r in report.disposition.reasons]
    assert report.disposition.level == "urgent"
    assert report.recommendations == ()
