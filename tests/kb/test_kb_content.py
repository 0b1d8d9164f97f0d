"""The shipped knowledge base covers the articles and does each stage's job.

Loading already checks ids and cross-references; these tests check breadth and content.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from strategies import intakes

from stridewise.triage import Intake, triage
from stridewise.triage.engine.answer_paths import atoms_for_answer
from stridewise.triage.engine.experta_engine import run
from stridewise.triage.engine.kb_models import Finding, Level, RuleSpec, Stage
from stridewise.triage.engine.signals import Evidence, Signal, derive_signals

# Every exercise the four seed articles describe, with the dosage the article gives.
ARTICLE_EXERCISES = {
    "single_leg_deadlift": {},
    "single_leg_squat_to_stand": {"reps": "5-8", "per_side": True},
    "side_plank_knee_drive": {"reps": "5-8", "per_side": True},
    "step_up_to_reverse_lunge": {"reps": "12-15", "per_side": True},
    "banded_glute_bridge": {"reps": "12-15"},
    "explosive_sprinters_lunge": {"reps": "5-8", "per_side": True},
    "monster_steps": {"reps": "12-15", "per_side": True},
    "standing_glute_activation": {"reps": "4-5"},
    "hollow_body_hold": {"sets": 3, "hold_seconds": "15-30"},
    "hip_hitch": {"sets": 3, "reps": "15", "per_side": True},
    "side_lying_leg_raise": {},
    "split_stance_jump": {"sets": 3, "reps": "5", "per_side": True},
    "bird_dog_wall_push": {"sets": 3, "per_side": True},
    "runners_lunge_halo": {"sets": 3, "per_side": True},
    "hamstring_roll_out": {"reps": "12"},
    "lift_the_foot_hill_drill": {},
}

# Starting loads the issue names for the conditions the articles and red flags touch.
CONDITION_EXERCISES = [
    "calf_isometric_hold",
    "heavy_slow_calf_raise",
    "isometric_hamstring_bridge",
    "sciatic_nerve_slider",
    "clamshell",
    "lateral_band_walk",
    "short_foot_exercise",
    "high_load_heel_raise",
]


@pytest.mark.parametrize("exercise_id", sorted(ARTICLE_EXERCISES))
def test_every_article_exercise_is_in_the_kb_with_the_articles_dosage(kb, exercise_id):
    exercise = kb.exercises[exercise_id]
    dosage = exercise.dosage
    assert dosage.frequency and (dosage.reps or dosage.hold_seconds)
    for field, value in ARTICLE_EXERCISES[exercise_id].items():
        assert getattr(dosage, field) == value, f"{exercise_id}.{field}"
    assert exercise.cues and exercise.progression and exercise.regression


@pytest.mark.parametrize("exercise_id", CONDITION_EXERCISES)
def test_condition_starting_loads_are_in_the_kb(kb, exercise_id):
    assert kb.exercises[exercise_id].dosage.frequency


def test_the_kb_holds_at_least_25_exercises(kb):
    assert len(kb.exercises) >= 25


def test_every_exercise_can_be_recommended_by_some_candidate_rule(kb):
    recommendable = {e for r in kb.rules_in_stage(Stage.candidate) for e in r.then.recommend}
    assert set(kb.exercises) - recommendable == set()


def test_every_plyometric_exercise_is_blocked_by_a_safety_rule_for_a_tear_and_a_flare(kb):
    plyometric = [e for e in kb.exercises.values() if "plyometric" in e.tags]
    assert plyometric
    for exercise in plyometric:
        assert {"muscle_tear", "pain_over_5"} <= set(exercise.contraindications)


def test_every_red_flag_names_a_serious_condition_a_timeframe_and_blocks_everything(kb):
    for rule in kb.rules_in_stage(Stage.red_flag):
        then = rule.then
        assert then.disposition.level in {"urgent", "emergency"}, rule.id
        assert then.disposition.timeframe, rule.id
        assert then.block and then.block.all_exercises, rule.id
        kinds = {kb.findings[f].kind for f in then.findings}
        assert kinds == {"serious_condition"}, rule.id


def test_every_finding_leads_to_an_exercise_or_a_referral(kb):
    candidates = {a for r in kb.rules_in_stage(Stage.candidate) for a in r.when.positive_atoms()}
    referring = [
        r
        for r in kb.rules.values()
        if r.then.disposition and Level[r.then.disposition.level] >= Level.routine
    ]
    # A rule that concludes the finding refers, or one that uses it does (FOOT-004: numb toes
    # put down to the laces are checked when the runner has diabetes), as `kb lint` (KB301) says.
    referred = {f for r in referring for f in (*r.then.findings, *r.when.positive_atoms())}
    assert set(kb.findings) - candidates - referred == set()


def test_every_safety_rule_gives_a_plain_reason(kb):
    for rule in kb.rules_in_stage(Stage.safety):
        assert len(rule.then.block.reason.split()) >= 8, rule.id


def test_every_source_is_used_and_every_non_seed_citation_has_a_year(kb):
    used = {r.source for r in kb.rules.values()}
    used |= {e.source for e in kb.exercises.values()} | {f.source for f in kb.findings.values()}
    assert set(kb.sources) - used == set()
    for source in kb.sources.values():
        if source.kind != "seed":
            assert re.search(r"\b(19|20)\d\d\b", source.citation), source.id


@pytest.mark.parametrize(
    ("field", "atom"),
    [
        ("complaints[].radiates_down_leg", "radiates_down_leg"),
        ("complaints[].recurring", "recurring"),
        ("training.form_fades_late", "form_fades_late"),
    ],
)
def test_answers_added_for_the_kb_produce_their_atoms(field, atom):
    assert atoms_for_answer(field, "yes") == {atom}
    assert atoms_for_answer(field, "no") == set()


@given(intake=intakes())
def test_a_complaint_gets_the_no_pattern_referral_exactly_when_no_pattern_matched_it(kb, intake):
    """DSP-001 fires for each complaint with a known place that no red-flag or finding rule
    concluded anything for; a complaint with no place gets DSP-005, which asks where."""
    result = run(kb, derive_signals(intake))
    stage_of = {f.step: kb.rules[f.rule].stage for f in result.firings}
    matched = {
        c.scope
        for c in result.of_kind("finding")
        if stage_of[c.step] in (Stage.red_flag, Stage.safety_net, Stage.finding)
    }
    complaints = {s.scope for s in result.signals if s.name == "has_complaint"}
    unplaced = {s.scope for s in result.signals if s.name == "unknown_pain"}
    referred = {f.scope for f in result.firings if f.rule == "DSP-001"}
    assert referred == complaints - unplaced - matched


def test_a_new_finding_silences_the_no_pattern_referral_without_editing_it(kb):
    """A rule added with a finding of its own needs no change to DSP-001."""
    finding = Finding(
        id="synthetic_knee_pattern",
        kind="pattern",
        label="A synthetic knee pattern",
        summary="Used only by this test.",
        source=next(iter(kb.sources)),
    )
    rule = RuleSpec.model_validate(
        {
            "id": "TST-001",
            "title": "A synthetic knee rule",
            "stage": "finding",
            "when": {"all": ["knee_pain"]},
            "then": {"findings": [finding.id]},
            "rationale": "A synthetic rule that concludes a finding no other rule knows.",
            "source": finding.source,
            "examples": {"fires": [{"knee_pain": True}], "silent": [{"knee_pain": False}]},
        }
    )
    grown = kb.model_copy(
        update={
            "findings": {**kb.findings, finding.id: finding},
            "rules": {**kb.rules, rule.id: rule},
            "rule_files": {**kb.rule_files, rule.id: "rules/synthetic.yaml"},
            "sha256": "with-a-synthetic-finding",
        }
    )
    evidence = (Evidence(field="test", value="yes"),)
    signals = [Signal(name, "c0", evidence) for name in ("has_complaint", "knee_pain")]
    assert "DSP-001" in {f.rule for f in run(kb, signals).firings}
    fired = {f.rule for f in run(grown, signals).firings}
    assert "TST-001" in fired and "DSP-001" not in fired


def _form_fades(season: str):
    return triage(Intake.model_validate({"training": {"season": season, "form_fades_late": "yes"}}))


def test_off_season_uses_the_heavier_off_season_dosage_and_longer_sessions(kb):
    report = _form_fades("off")
    deadlift = next(r for r in report.recommendations if r.exercise == "single_leg_deadlift")
    assert deadlift.dosage.reps == kb.exercises["single_leg_deadlift"].off_season_dosage.reps
    assert "45-60" in deadlift.dosage.session


def test_in_season_keeps_sessions_short_and_puts_jumps_first(kb):
    report = _form_fades("in")
    deadlift = next(r for r in report.recommendations if r.exercise == "single_leg_deadlift")
    assert deadlift.dosage.reps == kb.exercises["single_leg_deadlift"].dosage.reps
    assert "15-20" in deadlift.dosage.session
    assert kb.meta.plyometrics_first in report.notes
    assert kb.meta.pain_rule in report.notes
