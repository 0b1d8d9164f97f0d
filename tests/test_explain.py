"""HOW, WHY and WHY NOT over the example presentations and the shipped knowledge base."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from stridewise.triage import load_knowledge_base
from stridewise.triage.errors import InvalidInput
from stridewise.triage.explain import why_asked

SHIPPED_KB = Path(__file__).resolve().parent.parent / "knowledge_base"

QUESTIONS = [
    {
        "id": "night_ache",
        "text": "Does the ache wake you at night?",
        "field": "complaints[].hurts_when",
        "value": "night",
    },
    {
        "id": "eases",
        "text": "Does it ease when you move about?",
        "field": "complaints[].eases_with_movement",
        "why": "A night-time ache that eases with movement changes the advice.",
    },
    {
        "id": "saddle",
        "text": "Any numbness between the legs or around the back passage?",
        "field": "health.saddle_numbness",
        "screening": True,
    },
    {
        "id": "unused_weekly_km",
        "text": "How many km do you run a week?",
        "field": "training.weekly_km",
        "kind": "number",
    },
]


@pytest.fixture(scope="module")
def qkb(tmp_path_factory):
    """The shipped knowledge base with a small questions.yaml of our own."""
    root = tmp_path_factory.mktemp("kb") / "knowledge_base"
    shutil.copytree(SHIPPED_KB, root)
    (root / "questions.yaml").write_text(yaml.safe_dump(QUESTIONS, sort_keys=False))
    return load_knowledge_base(root)


def test_why_for_a_timing_question_names_every_rule_that_tests_that_timing(qkb):
    explanation = why_asked(qkb, "night_ache")
    assert explanation.kind == "why"
    assert explanation.rules == ("ACH-002", "RF-002")
    assert explanation.summary.startswith('I ask "Does the ache wake you at night?" because')
    assert all("pain at night" in line for line in explanation.lines)


def test_why_leads_with_the_most_urgent_thing_the_answer_can_change(qkb):
    summary = why_asked(qkb, "night_ache").summary
    assert "Urgent - stop running" in summary


def test_why_uses_the_questions_own_why_text_when_it_has_one(qkb):
    explanation = why_asked(qkb, "eases")
    assert "a night-time ache that eases with movement changes the advice" in explanation.summary
    assert explanation.rules == ("ACH-002",)
    assert explanation.rule_refs[0].atoms == ("eases_with_movement",)


def test_why_for_a_screening_question_says_it_can_hold_back_all_exercise(qkb):
    explanation = why_asked(qkb, "saddle")
    assert "RF-001" in explanation.rules
    ref = next(r for r in explanation.rule_refs if r.rule == "RF-001")
    assert ref.role == "needs"
    assert "hold back all exercise advice" in ref.concludes


def test_why_for_a_question_no_rule_uses_says_so_and_names_no_rule(qkb):
    explanation = why_asked(qkb, "unused_weekly_km")
    assert explanation.rules == ()
    assert "no rule" in explanation.summary


def test_why_for_an_unknown_question_is_invalid_input_with_a_suggestion(qkb):
    with pytest.raises(InvalidInput, match='did you mean "night_ache"'):
        why_asked(qkb, "night_ach")


def test_why_is_deterministic(qkb):
    assert all(why_asked(qkb, q) == why_asked(qkb, q) for q in qkb.questions)


def _shipped_question_ids():
    return sorted(load_knowledge_base(SHIPPED_KB).questions)


@pytest.mark.parametrize("question_id", _shipped_question_ids())
def test_why_for_each_shipped_question_names_at_least_one_rule(kb, question_id):
    explanation = why_asked(kb, question_id)
    assert explanation.rules, explanation.summary
    assert all(r in kb.rules for r in explanation.rules)
