"""The red-flag safety net: a danger concept read but not completed is never left routine."""

from __future__ import annotations

import pytest

from stridewise.triage.coach.reply import reply_to_comment
from stridewise.triage.explain.explainer import explain
from stridewise.triage.reading.reader import triage_comment

LEVELS = ["none", "self_care", "routine", "urgent", "emergency"]

UNCONFIRMED = [
    "Scared it could be a stress fracture in my shin, it aches on every run.",
    "Worried my heart might be skipping beats on the hills.",
    "My calf is sore and I'm on the pill, could it be a clot?",
    "Felt a thwack at the back of my heel, I think I ruptured my achilles.",
    "Kind of woozy on the last climb, sat down for a bit.",
]


@pytest.mark.parametrize("text", UNCONFIRMED)
def test_a_danger_concept_said_or_feared_is_at_least_urgent(kb, text):
    reading, report = triage_comment(text, kb)
    assert reading.intake.health.warning_signs
    assert LEVELS.index(report.disposition.level) >= LEVELS.index("urgent")


def test_the_safety_net_quotes_the_words_that_raised_it(kb):
    reading, report = triage_comment(UNCONFIRMED[0], kb)
    quoted = reading.quotes["health.warning_signs"]
    assert any(item.text == "stress fracture" for item in quoted)
    assert any(step.rule.startswith("SN-") for step in report.trace)


def test_a_completed_red_flag_speaks_instead_of_the_safety_net(kb):
    _, report = triage_comment("Crushing pain in my chest on my run today.", kb)
    assert report.disposition.level == "emergency"
    assert not any(step.rule == "SN-001" for step in report.trace)


@pytest.mark.parametrize(
    "text",
    [
        "No chest pain, no dizziness, just heavy legs this week.",
        "Worried it was a stress fracture but there's no swelling and hopping is fine.",
        "The guy next to me collapsed at the finish. My own calves are just sore, any tips?",
    ],
)
def test_a_denied_or_ruled_out_danger_word_raises_nothing(kb, text):
    reading, _ = triage_comment(text, kb)
    assert not reading.intake.health.warning_signs


def test_the_reply_asks_the_danger_questions_first_and_never_says_it_could_not_tell(kb):
    _, _, reply = reply_to_comment("Kind of woozy on the last climb today.", kb=kb)
    assert reply.ask and reply.ask[0].id == "heart_warning"
    assert "could not tell" not in reply.text


def test_explain_shows_how_a_safety_net_rule_fired_and_why_another_did_not(kb):
    how = explain(
        None, kb, comment=UNCONFIRMED[0], how_id="unconfirmed_bone_stress"
    ).model_dump_json()
    assert "SN-008" in how and "stress fracture" in how
    why_not = explain(
        None, kb, comment=UNCONFIRMED[0], why_not_id="unconfirmed_cardiac"
    ).model_dump_json()
    assert "SN-001" in why_not or "unconfirmed" in why_not
