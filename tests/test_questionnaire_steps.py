"""Steps: a checklist shows every relevant member of a group at once, follow-ups come later,
back undoes a whole step, and a step answered at once is the same as its items one by one."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_questionnaire import replies

from stridewise.triage.questionnaire import (
    Command,
    InvalidAnswer,
    Questionnaire,
    parse_checklist,
)


def _start(kb, area: str, onset: str = "gradual") -> Questionnaire:
    return Questionnaire(kb).answer("area", area).answer("side", "left").answer("onset", onset)


def test_the_heart_screen_is_one_step_and_its_follow_up_comes_in_the_next(kb):
    session = _start(kb, "knee")
    assert [q.id for q in session.next_step()] == ["chest_pain", "fainting"]
    session = session.answer_step({"chest_pain": "no", "fainting": "no"})
    assert [q.id for q in session.next_step()] == ["age"]
    none = Questionnaire(kb).answer("area", "none")
    step = none.next_step()
    assert [q.id for q in step] == [
        "chest_pain",
        "fainting",
        "palpitations",
        "heart_checked",
        "cleared_nothing_since",
        "heart_tests_arranged",
        "hospital_then_specialist",
        "breathless_for_weeks",
        "breathless_on_runs_for_weeks",
        "cardiac_features",
        "chest_pain_on_exertion",
        "chest_wall_soreness",
        "anaphylaxis",
        "head_danger",
        "sepsis",
        "stroke",
        "heavy_bleeding",
        "gaping_wound",
        "animal_bite",
        "eye_injury",
        "testicle",
        "blood_in_urine",
        "side_stitch",
    ]
    after = none.answer_step(parse_checklist(step, "3"))
    assert [q.id for q in after.next_step()] == ["near_fainting", "palpitations_at_rest_only"]


def test_with_no_injury_the_everyday_health_questions_are_one_checklist(kb):
    none = Questionnaire(kb).answer("area", "none")
    after_heart = none.answer_step(parse_checklist(none.next_step(), ""))
    step = after_heart.next_step()
    assert {q.group for q in step} == {"general"}
    assert {
        "cold_or_flu",
        "runners_gut",
        "periods_stopped",
        "pelvic_floor",
        "period_pain",
        "diabetes_hypos",
        "nosebleed",
        "pregnant",
        "heart_condition",
    } <= {q.id for q in step}
    ticked = after_heart.answer_step(parse_checklist(step, str(_index(step, "runners_gut"))))
    assert [q.id for q in ticked.next_step()] == ["gut_alarm"]


def _index(step, question_id: str) -> int:
    return [q.id for q in step].index(question_id) + 1


def test_back_undoes_the_whole_checklist(kb):
    session = _start(kb, "buttock").answer_step({"chest_pain": "no", "fainting": "no"})
    step = session.next_step()
    answered = session.answer_step(parse_checklist(step, "1"))
    assert answered.back() == session
    assert answered.back().next_step() == step


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("", {"radiates": "no", "saddle_numbness": "no", "bladder_bowel": "no"}),
        ("none", {"radiates": "no", "saddle_numbness": "no", "bladder_bowel": "no"}),
        ("1 3?", {"radiates": "yes", "saddle_numbness": "no", "bladder_bowel": "not_sure"}),
        ("2,3", {"radiates": "no", "saddle_numbness": "yes", "bladder_bowel": "yes"}),
    ],
)
def test_a_checklist_line_answers_every_item(kb, typed, expected):
    step = tuple(kb.questions[i] for i in ("radiates", "saddle_numbness", "bladder_bowel"))
    assert parse_checklist(step, typed) == expected


@pytest.mark.parametrize("typed", ["4", "0", "1??", "yes", "1-2"])
def test_a_checklist_line_naming_no_item_is_refused_with_what_to_type(kb, typed):
    step = tuple(kb.questions[i] for i in ("radiates", "saddle_numbness", "bladder_bowel"))
    with pytest.raises(InvalidAnswer, match="type the numbers that apply \\(1 to 3\\)"):
        parse_checklist(step, typed)


def test_why_and_back_are_commands_at_a_checklist(kb):
    step = (kb.questions["radiates"],)
    assert parse_checklist(step, "why") == Command("why")
    assert parse_checklist(step, "back") == Command("back")


@settings(max_examples=25)
@given(st.data())
def test_answering_a_step_gives_the_intake_of_answering_its_items_one_by_one(kb, data):
    at_once = one_by_one = Questionnaire(kb)
    while step := at_once.next_step():
        assert not {q.id for q in step} & set(at_once.asked)
        assert len(step) == 1 or (len({q.group for q in step}) == 1 and step[0].group)
        values = {q.id: data.draw(replies(q, at_once), label=q.id) for q in step}
        at_once = at_once.answer_step(values)
        for question_id, value in values.items():
            one_by_one = one_by_one.answer(question_id, value)
        assert at_once.intake() == one_by_one.intake()
        assert at_once.answers == one_by_one.answers
        if at_once.red_flag_report() is not None:
            break
