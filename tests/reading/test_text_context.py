"""ConText in comments: denied, past, supposed and other people's facts never become answers."""

from __future__ import annotations

import pytest

from stridewise.triage.engine.intake import Region, Timing
from stridewise.triage.reading.reader import read_comment, triage_comment


def _context_of(reading, fact, value):
    found = {f.context for f in reading.extracted if f.fact.endswith(fact) and f.value == value}
    assert len(found) == 1, (fact, value, reading.extracted)
    return found.pop()


@pytest.mark.parametrize(
    ("text", "fact", "value", "context"),
    [
        # negation
        ("No numbness or tingling, but my knee hurts on stairs.", "numbness", "yes", "negated"),
        ("No numbness or tingling, but my knee hurts on stairs.", "tingling", "yes", "negated"),
        (
            "No numbness or tingling, but my knee hurts on stairs.",
            "hurts_when",
            "stairs",
            "affirmed",
        ),
        (
            "I don't have any pain at night. My heel hurts in the morning.",
            "hurts_when",
            "night",
            "negated",
        ),
        (
            "I don't have any pain at night. My heel hurts in the morning.",
            "hurts_when",
            "morning",
            "affirmed",
        ),
        ("My hip is not sore when I hop, only on hills.", "hurts_when", "hopping", "negated"),
        ("Hopping is fine, my hip only hurts on hills.", "hurts_when", "hopping", "negated"),
        ("Hopping is fine, my hip only hurts on hills.", "region", "hip_front", "affirmed"),
        ("My back aches after runs, bladder is fine.", "bladder_or_bowel_change", "yes", "negated"),
        ("My calf is fine, it is my heel that hurts.", "region", "calf", "negated"),
        # history
        (
            "I tore my calf two years ago. Now my knee aches after runs.",
            "region",
            "calf",
            "historical",
        ),
        (
            "I tore my calf two years ago. Now my knee aches after runs.",
            "diagnosis",
            "muscle_tear",
            "historical",
        ),
        (
            "I used to get shin splints. My achilles is stiff in the morning.",
            "diagnosis",
            "shin_splints",
            "historical",
        ),
        # "history of" dates what follows it, never what came before it
        (
            "I have a history of shin splints and my calf is tight.",
            "diagnosis",
            "shin_splints",
            "historical",
        ),
        (
            "Crushing chest pain and sweating on the hill, no history of heart problems.",
            "chest_pain",
            "yes",
            "affirmed",
        ),
        # hypotheticals
        (
            "If it gets worse or I get numbness, should I stop? My shin hurts when I run.",
            "numbness",
            "yes",
            "hypothetical",
        ),
        (
            "If it gets worse or I get numbness, should I stop? My shin hurts when I run.",
            "symptoms_spreading_or_worsening",
            "yes",
            "hypothetical",
        ),
        (
            "How do I avoid a stress fracture? My shin is sore after runs.",
            "diagnosis",
            "stress_fracture",
            "hypothetical",
        ),
        (
            "Sore groin for two weeks. If hopping hurts, should I stop?",
            "hurts_when",
            "hopping",
            "hypothetical",
        ),
        # a habitual "if" describes the reader's own pain
        ("My groin hurts if I hop.", "hurts_when", "hopping", "affirmed"),
        # someone else
        (
            "My wife's knee hurts on stairs and she has pins and needles; my own legs are fine.",
            "region",
            "knee",
            "other_person",
        ),
        # someone the writer is with now, in a comment that never speaks of the writer
        (
            "My mate fell on the descent and his foot is cold. We're a mile from the car.",
            "cold_pale_or_blue_foot",
            "yes",
            "affirmed",
        ),
        # a comment that never speaks of the writer hands over what is happening now ...
        (
            "Son came in from his run and says his left testicle suddenly hurts.",
            "testicle_pain",
            "yes",
            "affirmed",
        ),
        # ... but not the person's history
        ("My dad had a stent put in last year.", "heart_condition", "yes", "other_person"),
        # the places a tenderness check lists are where it was checked, not complaints
        (
            "Rolled my ankle. I pressed all the bony bits - the outside of my foot, the midfoot - "
            "and none hurt.",
            "region",
            "foot",
            "landmark",
        ),
        # an animal is never the patient, even when the writer is with it
        (
            "Our dog collapsed on the run and we're a mile from the car.",
            "fainting",
            "yes",
            "other_person",
        ),
        (
            "My wife's knee hurts on stairs and she has pins and needles; my own legs are fine.",
            "tingling",
            "yes",
            "other_person",
        ),
        # asking for a friend, and never speaking of themselves: the friend is triaged
        (
            "Asking for a friend: her groin hurts when she hops.",
            "hurts_when",
            "hopping",
            "affirmed",
        ),
        (
            "Asking for a friend, I'm fine myself: her groin hurts when she hops.",
            "hurts_when",
            "hopping",
            "other_person",
        ),
        # the reader reports someone else's danger sign and nothing of their own: theirs
        (
            "My husband has back pain and numbness in the saddle area.",
            "saddle_numbness",
            "yes",
            "affirmed",
        ),
        (
            "My husband has back pain and numbness in the saddle area, I just have a sore calf.",
            "saddle_numbness",
            "yes",
            "other_person",
        ),
    ],
)
def test_each_fact_is_read_in_its_context(kb, text, fact, value, context):
    assert _context_of(read_comment(text, kb), fact, value) == context


def test_a_denied_screening_symptom_is_not_answered_yes(kb):
    reading = read_comment("No numbness or tingling, but my knee hurts on stairs.", kb)
    (knee,) = reading.intake.complaints
    assert knee.numbness is None and knee.tingling is None
    assert "complaints[0].numbness" not in reading.quotes


def test_an_old_injury_is_not_a_current_complaint(kb):
    reading = read_comment("I tore my calf two years ago. Now my knee aches after runs.", kb)
    assert [c.region for c in reading.intake.complaints] == [Region.knee]
    assert reading.intake.complaints[0].diagnosis == ()


def test_a_healed_injury_alone_needs_no_triage(kb):
    text = "I tore my hamstring two years ago but it has been fine since. Any hill tips?"
    reading, report = triage_comment(text, kb)
    assert reading.intake.complaints == ()
    assert report.disposition.level == "none"


def test_a_feared_symptom_is_not_reported_as_present(kb):
    text = "If it gets worse or I get numbness, should I stop? My shin hurts when I run."
    complaint = read_comment(text, kb).intake.complaints[0]
    assert complaint.numbness is None
    assert complaint.symptoms_spreading_or_worsening is None
    assert Timing.during_run in complaint.hurts_when


def test_someone_elses_red_flag_is_not_the_readers_emergency(kb):
    text = "My husband has back pain and numbness in the saddle area. I'm fine."
    reading, report = triage_comment(text, kb)
    assert reading.intake.health.saddle_numbness is None
    assert reading.intake.complaints == ()
    assert report.disposition.level == "none"


def test_the_readers_own_red_flag_still_wins(kb):
    text = "My back has ached for a week and now I have numbness in the saddle area."
    reading, report = triage_comment(text, kb)
    assert reading.intake.health.saddle_numbness == "yes"
    assert report.disposition.level == "emergency"


def test_a_denied_region_does_not_become_a_complaint(kb):
    text = "My calf is fine, it is my heel that hurts first thing in the morning."
    reading = read_comment(text, kb)
    assert [c.region for c in reading.intake.complaints] == [Region.heel]


def test_negation_stops_at_but(kb):
    text = "Not during or straight after a run but it wakes me overnight, my achilles."
    complaint = read_comment(text, kb).intake.complaints[0]
    assert Timing.night in complaint.hurts_when
    assert Timing.during_run not in complaint.hurts_when


def test_negation_does_not_cross_into_the_next_sentence(kb):
    reading = read_comment("No pain on stairs. My knee hurts when I hop.", kb)
    assert Timing.hopping in reading.intake.complaints[0].hurts_when
    assert Timing.stairs not in reading.intake.complaints[0].hurts_when
