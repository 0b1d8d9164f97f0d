"""Danger signs in the words patient guidance and runners' own accounts use (round 9): each
sentence must give its answer, so a vocabulary word dropped by mistake fails here."""

from __future__ import annotations

import pytest

from stridewise.triage.reading.reader import read_comment


def _intake(text, kb):
    return read_comment(text, kb).intake.model_dump(
        mode="json", exclude_none=True, exclude_defaults=True
    )


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("Next thing I knew I was lying on the pavement with people round me.", "fainting"),
        ("My vision kept closing in on the last climb and I had to stop.", "near_fainting"),
        ("Struggling for breath on an easy jog and my lips went blue.", "unusual_breathlessness"),
        (
            "After the marathon he was acting drunk and couldn't form sentences.",
            "confusion_or_vomiting_after_race",
        ),
        ("Since the fall I can't feel the toilet paper when I wipe.", "saddle_numbness"),
        (
            "My back is agony and I can't start the flow when I go for a wee.",
            "bladder_or_bowel_change",
        ),
        (
            "Had to be carried off the course, I couldn't put my foot down at all.",
            "able_to_bear_weight",
        ),
        ("My heart rate was stuck at 210 and wouldn't come down after I stopped.", "palpitations"),
        ("Since the fall I can no longer put weight on my ankle.", "able_to_bear_weight"),
        ("I'm not able to put any weight on my foot after the twist.", "able_to_bear_weight"),
        ("Marshal here, a runner went down and he's not responding. Help!", "fainting"),
        ("My chest doesn't feel right, tight and heavy on the hill.", "chest_pain"),
        (
            "I don't remember the last mile and I've got a thumping headache.",
            "confusion_or_vomiting_after_race",
        ),
        ("Nobody could wake him for a minute after he fell at the finish.", "fainting"),
    ],
)
def test_a_guidance_wording_gives_its_danger_answer(kb, text, field):
    health = _intake(text, kb)["health"]
    assert field in health, (text, health)
    expected = "no" if field == "able_to_bear_weight" else "yes"
    assert health[field] == expected


def test_a_condition_named_in_a_question_is_not_a_sign(kb):
    text = "The lady behind me fainted. What signs of heat illness should I watch for in myself?"
    assert "heat_illness_signs" not in _intake(text, kb).get("health", {})


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("My knee swelled up like a golf ball before I got home.", "swelled_within_hours", "yes"),
        ("Since the pop in my achilles I can't rise up on my toes.", "weak_push_off", "yes"),
        ("I don't trust my knee on the downhills any more.", "gives_way", "yes"),
        ("My left calf is thinner than the other one now.", "weakness", "yes"),
        ("I'm favouring my left leg all the time, the shin aches.", "limping", "yes"),
        ("The same old hamstring niggle is back again this block.", "recurring", "yes"),
        ("The ankle swelling is going down each day.", "improving", "yes"),
        ("I couldn't feel my foot for the last two miles.", "numbness", "yes"),
        ("My knee blew up within an hour of twisting it at five-a-side.", "triggers", ["twist"]),
    ],
)
def test_a_guidance_wording_gives_its_complaint_answer(kb, text, field, value):
    complaints = _intake(text, kb)["complaints"]
    assert any(c.get(field) == value for c in complaints), (text, complaints)


@pytest.mark.parametrize(
    "text",
    [
        "Bit of blood when I coughed after the race, not much.",
        "Spat out some pink frothy phlegm after the hill reps.",
        "There were streaks of blood in my phlegm this morning.",
    ],
)
def test_coughing_blood_in_everyday_words_is_a_breathing_warning(kb, text):
    assert "breathing" in _intake(text, kb).get("health", {}).get("warning_signs", []), text


def test_a_cut_showing_the_fatty_layer_gapes(kb):
    text = "Cut my knee open on a rock, you can see the white fatty bit."
    assert _intake(text, kb)["health"].get("gaping_wound") == "yes"
