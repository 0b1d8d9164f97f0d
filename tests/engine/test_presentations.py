"""The four presentations from the seed articles, and the variants that must change them."""

from __future__ import annotations

import pytest

from stridewise.triage import Intake, load_intake, triage


def _report(examples_dir, name, **complaint_changes):
    """Triage an example file, with changes to its first complaint validated like any answer."""
    data = load_intake(examples_dir / name).model_dump(mode="json")
    data["complaints"][0].update(complaint_changes)
    return triage(Intake.model_validate(data))


def _ids(items, attr):
    return [getattr(i, attr) for i in items]


def test_inner_hip_from_dragging_the_leg_is_self_care_with_hamstring_and_glute_work(examples_dir):
    report = _report(examples_dir, "inner_hip_hills.yaml")
    assert report.disposition.level == "self_care"
    assert {"hip_flexor_dominant_swing", "underused_hamstrings"} <= set(_ids(report.findings, "id"))
    recommended = _ids(report.recommendations, "exercise")
    assert "lift_the_foot_hill_drill" in recommended
    assert {"banded_glute_bridge", "single_leg_deadlift"} & set(recommended)
    assert report.blocked == ()


@pytest.mark.parametrize("timing", ["hopping", "rest", "night", "standing_on_leg"])
def test_groin_pain_on_hopping_or_at_rest_is_urgent_with_no_exercises(examples_dir, timing):
    hurts_when = [
        *load_intake(examples_dir / "inner_hip_hills.yaml").complaints[0].hurts_when,
        timing,
    ]
    report = _report(examples_dir, "inner_hip_hills.yaml", region="groin", hurts_when=hurts_when)
    assert report.disposition.level == "urgent"
    assert "possible_femoral_neck_stress_fracture" in _ids(report.findings, "id")
    assert "hip_flexor_dominant_swing" not in _ids(report.findings, "id")
    assert report.recommendations == ()
    assert report.all_exercises_held_by == ("RF-002",)


def test_overnight_achilles_ache_easing_on_walking_is_a_routine_referral(examples_dir):
    report = _report(examples_dir, "achilles_night_ache.yaml")
    assert report.disposition.level == "routine"
    assert report.disposition.reasons[0].rule == "ACH-002"
    assert "inflammatory_night_pattern" in _ids(report.findings, "id")
    assert "night" in report.disposition.do_now.lower()
    assert all("loaded" not in r.tags for r in report.recommendations)


def test_torn_iliacus_blocks_plyometrics_with_the_tear_as_the_reason(examples_dir):
    report = _report(examples_dir, "torn_iliacus_return.yaml")
    assert report.disposition.level == "routine"
    blocked = {b.exercise: b for b in report.blocked}
    for exercise in ("split_stance_jump", "explosive_sprinters_lunge"):
        assert exercise in blocked
        assert blocked[exercise].by == "SAF-001"
        assert "tear" in blocked[exercise].reason.lower()
    recommended = set(_ids(report.recommendations, "exercise"))
    assert not recommended & set(blocked)
    assert all(not {"plyometric", "explosive"} & set(r.tags) for r in report.recommendations)


def test_glute_pain_driving_is_routine_with_a_nerve_glide_at_most(examples_dir):
    report = _report(examples_dir, "glute_pain_driving.yaml")
    assert report.disposition.level == "routine"
    findings = set(_ids(report.findings, "id"))
    assert {
        "possible_sciatic_nerve_irritation",
        "possible_proximal_hamstring_tendinopathy",
    } <= findings
    assert _ids(report.recommendations, "exercise") == ["sciatic_nerve_slider"]


def test_glute_pain_with_progressive_numbness_is_urgent(examples_dir):
    report = _report(
        examples_dir,
        "glute_pain_driving.yaml",
        numbness="yes",
        symptoms_spreading_or_worsening="yes",
    )
    assert report.disposition.level == "urgent"
    assert report.recommendations == ()


@pytest.mark.parametrize("change", [{"saddle_numbness": "yes"}, {"bladder_or_bowel_change": "yes"}])
def test_glute_pain_with_saddle_numbness_or_bladder_change_is_an_emergency(examples_dir, change):
    data = load_intake(examples_dir / "glute_pain_driving.yaml").model_dump(mode="json")
    data["health"].update(change)
    report = triage(Intake.model_validate(data))
    assert report.disposition.level == "emergency"
    assert report.recommendations == ()
    assert "RF-001" in report.all_exercises_held_by


def test_nothing_reported_gives_disposition_none():
    report = triage(Intake())
    assert report.disposition.level == "none"
    assert report.findings == () and report.recommendations == ()


def test_every_trace_step_matched_fact_walks_back_to_an_answer(examples_dir):
    for path in sorted(examples_dir.glob("*.yaml")):
        report = triage(load_intake(path))
        steps = {s.step: s for s in report.trace}
        for step in report.trace:
            for fact in step.matched:
                if fact.kind == "signal":
                    assert fact.evidence and all(e.field for e in fact.evidence)
                elif fact.kind == "finding":
                    assert fact.from_step in steps and fact.from_step < step.step
