"""The reader comments under the seed articles (shared/seeds), read and triaged as a coach would.

The comments are copied verbatim, typos included, so the test does not depend on files outside
the repository.
"""

from __future__ import annotations

import pytest

from stridewise.triage.engine.intake import Diagnosis, Region, StrengthWorkOutcome, Timing
from stridewise.triage.reading.reader import triage_comment

INNER_HIP = (
    "this video explains perfectly why my inner hip is always sore, dragging my right leg "
    "through is more work than it can handle!\n\nnew running mantra \u2013 STAND UP!, PICK YOUR FOOT "
    "UP!\n\nmany thanks"
)
ONLY_HILLS = (
    "Thanx. I\u2019m doing only hills and it was killing my low back and knee. I couldn\u2019t nail the "
    "reason. Now I have it."
)
HILLY_AFTER_EFFECTS = (
    "Really well explained points on hill running technique\n\nDefinitely makes sense of some "
    "of the after effects I have after hilly runs.\n\nMany thanks James"
)
INDIA_WORKSHOP = (
    "Hi i am from India i stay in Mumbai i do run half marathon my coach is Brinstone miranda "
    "Be Fit is our club name we do beach traning we our a big group it would be nice if you "
    "could also have a workshop for us in India it would be a good learning for us looking "
    "forward for your reply.Thanx"
)
EVA_STRENGTH = (
    "A very helpful video, James, as always.\nJust a small question: how much strength "
    "training a week should we do? 2 x 20 minutes, 5 x 10 minutes or\u2026.more?\nMany thanks!"
)
TORN_ILIACUS = (
    "James I have torn the Illiacus muscle in the hip, have laid of for 9 weeks now but will "
    "need to do some type of rehab for that. I first want to rectify before I start with your "
    "running training program which I could not use yet due to injuries. Please assist."
)
GLUTE_DRIVING = (
    "Hi James, love the stuff. Have you any experience and views on neural glides? I have had "
    "glute issues on and off for a while; have done many glute strengthening exercises and "
    "there has been significant improvement but still sometimes plays up. Driving a car can get "
    "fairly uncomfortable on one side during a long journey. The comment was made recenetly by "
    "a physio I heard speaking that it could well be a nerve issue not muscular, and to try "
    "looking up sciatic neural glide. Wondered if you had any experience re this."
)
CHARLIE_ACHILLES = (
    "Hi James,Thanks for all the videos I have found them very helpful to strengthen muscles "
    "after niggling injuries.I have been suffering with my achillies , not during or straight "
    "after a run but it wakes me overnight with a dull ache which goes away when I walk about "
    "for a while Any thoughts would be appreciated\ncheers\nCharlie"
)


def _facts(reading, context="affirmed"):
    return {(f.fact, f.value) for f in reading.extracted if f.context == context}


def test_inner_hip_dragging_the_leg_through_is_a_hip_flexor_dominant_swing(kb):
    reading, report = triage_comment(INNER_HIP, kb)
    (complaint,) = reading.intake.complaints
    assert complaint.region == Region.hip_front
    assert complaint.side.value == "right"
    assert Timing.swing_phase in complaint.hurts_when
    assert report.disposition.level == "self_care"
    assert "hip_flexor_dominant_swing" in {f.id for f in report.findings}
    assert "thanks" in reading.topics


def test_only_hills_hurting_low_back_and_knee_is_two_complaints_on_hills(kb):
    reading, report = triage_comment(ONLY_HILLS, kb)
    regions = {c.region for c in reading.intake.complaints}
    assert regions == {Region.low_back, Region.knee}
    assert all(Timing.hills in c.hurts_when for c in reading.intake.complaints)
    assert reading.intake.training.hill_focus == "yes"
    assert report.disposition.level not in {"urgent", "emergency"}


def test_charlies_achilles_night_ache_that_walking_eases_is_routine(kb):
    reading, report = triage_comment(CHARLIE_ACHILLES, kb)
    (complaint,) = reading.intake.complaints
    assert complaint.region == Region.achilles
    assert Timing.night in complaint.hurts_when
    assert complaint.eases_with_movement == "yes"
    negated = _facts(reading, "negated")
    assert ("complaints[0].hurts_when", "during_run") in negated
    assert ("complaints[0].hurts_when", "after_run") in negated
    assert Timing.during_run not in complaint.hurts_when
    assert Timing.after_run not in complaint.hurts_when
    assert report.disposition.level == "routine"
    assert "inflammatory_night_pattern" in {f.id for f in report.findings}


def test_torn_iliacus_after_nine_weeks_off_is_routine_with_jumps_blocked(kb):
    reading, report = triage_comment(TORN_ILIACUS, kb)
    (complaint,) = reading.intake.complaints
    assert complaint.region == Region.hip_front
    assert Diagnosis.muscle_tear in complaint.diagnosis
    assert complaint.diagnosis_detail == "iliacus"
    assert reading.intake.training.weeks_off == 9
    assert report.disposition.level == "routine"
    assert "muscle_tear" in {f.id for f in report.findings}
    blocked = {b.exercise for b in report.blocked}
    assert {"split_stance_jump", "explosive_sprinters_lunge"} <= blocked
    assert not any("plyometric" in r.tags for r in report.recommendations)


def test_glute_pain_on_driving_that_strength_work_only_partly_helped_is_routine(kb):
    reading, report = triage_comment(GLUTE_DRIVING, kb)
    (complaint,) = reading.intake.complaints
    assert complaint.region == Region.buttock
    assert Timing.driving in complaint.hurts_when
    assert complaint.strength_work == StrengthWorkOutcome.helped_partly
    assert report.disposition.level == "routine"
    assert "possible_sciatic_nerve_irritation" in {f.id for f in report.findings}


def test_evas_strength_question_is_not_an_injury_report(kb):
    reading, report = triage_comment(EVA_STRENGTH, kb)
    assert not reading.is_injury_report
    assert reading.intake.complaints == ()
    assert "strength_training_volume" in reading.topics
    assert report.disposition.level == "none"


def test_the_workshop_request_from_india_needs_no_triage(kb):
    reading, report = triage_comment(INDIA_WORKSHOP, kb)
    assert not reading.is_injury_report
    assert "workshop_request" in reading.topics
    assert report.disposition.level == "none"


def test_vague_after_effects_of_hilly_runs_raise_no_alarm(kb):
    reading, report = triage_comment(HILLY_AFTER_EFFECTS, kb)
    assert reading.intake.complaints == ()
    assert report.disposition.level == "none"


@pytest.mark.parametrize(
    "text",
    [
        INNER_HIP,
        ONLY_HILLS,
        HILLY_AFTER_EFFECTS,
        INDIA_WORKSHOP,
        EVA_STRENGTH,
        TORN_ILIACUS,
        GLUTE_DRIVING,
        CHARLIE_ACHILLES,
    ],
)
def test_every_seed_fact_quotes_the_readers_words(kb, text):
    reading, report = triage_comment(text, kb)
    for fact in reading.extracted:
        assert text[fact.start : fact.end] == fact.text
    quoted = [
        e
        for step in report.trace
        for matched in step.matched
        for e in matched.evidence
        if e.text is not None
    ]
    assert all(text[e.start : e.end] == e.text for e in quoted)
    if reading.intake.complaints:
        assert quoted, "a triaged comment should quote the reader in its trace"
