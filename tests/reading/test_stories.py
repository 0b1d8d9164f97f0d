"""An episode told from a past time up to "fine since then" is history; a recent time inside
the story, or an ending said in the same sentence, leaves the danger sign current."""

from __future__ import annotations

import pytest

from stridewise.triage.reading.reader import read_comment


def _contexts(text, kb, field, value="yes"):
    found = {
        f.context
        for f in read_comment(text, kb).extracted
        if f.fact.endswith(f".{field}") and f.value == value
    }
    assert found, (text, field)
    return found


_OVER = [
    (
        "Three years ago, after a brutal gym class, my pee was brown and my arms were swollen. "
        "Four nights in hospital on a drip. Kidneys recovered completely and bloods are normal. "
        "How should I fuel my first marathon?",
        "dark_urine_with_muscle_pain",
    ),
    (
        "Berlin 2019 was roasting. By the end my hands are puffy and my head is pounding and I "
        "throw up in the medical tent. They kept me in overnight. Fine since then, six "
        "marathons without drama. How much should I drink this time?",
        "headache_nausea_or_puffy_hands_after_race",
    ),
]


@pytest.mark.parametrize(("text", "field"), _OVER)
def test_a_story_that_has_ended_is_history(text, kb, field):
    assert _contexts(text, kb, field) == {"historical"}


_STILL_CURRENT = [
    # A recent time inside the story: something may still be going on.
    (
        "Three years ago I had rhabdo and recovered completely. Yesterday after the hill "
        "session my pee was brown and my thighs are agony. Fine since then? Not really.",
        "dark_urine_with_muscle_pain",
    ),
    (
        "Years ago I had a clot. On Tuesday after the flight my calf went hot and swollen. "
        "It's been fine since Wednesday.",
        "warmth_or_redness",
    ),
    # No past time named before the ending.
    (
        "After the flight my calf went hot and swollen. It's been fine since then.",
        "warmth_or_redness",
    ),
]


@pytest.mark.parametrize(("text", "field"), _STILL_CURRENT)
def test_a_recent_or_unanchored_episode_stays_current(text, kb, field):
    assert "affirmed" in _contexts(text, kb, field)


def test_an_ending_that_is_denied_leaves_the_story_current(kb):
    text = (
        "This goes back to 2019. My pee was brown and my thighs were agony after a spin class. "
        "I never fully recovered. Should I run?"
    )
    assert "affirmed" in _contexts(text, kb, "dark_urine_with_muscle_pain")
