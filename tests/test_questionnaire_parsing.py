"""Everyday answers are read, and no answer that means "no" can ever be read as a danger sign."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_questionnaire import GROIN_HOPPING, replies

from stridewise.triage import triage
from stridewise.triage.engine.answer_paths import intake_from_answers
from stridewise.triage.engine.kb_models import Level
from stridewise.triage.questionnaire import (
    AmbiguousAnswer,
    InvalidAnswer,
    Questionnaire,
    answer_pairs,
)
from stridewise.triage.questionnaire.parsing import NO_WORDS, NOT_SURE_WORDS

NO_LIKE = sorted(NO_WORDS)
# Questions asked so that "no" is the warning sign ("Can you walk four steps on it?").
NO_IS_THE_WARNING = {"health.able_to_bear_weight"}


@pytest.mark.parametrize(
    ("question_id", "typed", "value"),
    [
        ("area", "inner hip", "hip_front"),
        ("area", "hamstring", "back_thigh"),
        ("area", "achillies", "achilles"),
        ("area", "Achilis", "achilles"),
        ("area", "glute", "buttock"),
        ("area", "hamstrng", "back_thigh"),
        ("area", "no", "none"),
        ("onset", "gradually", "gradual"),
        ("onset", "unsure", "not_sure"),
        ("side", "don't know", "unspecified"),
        ("diagnosis", "nope", "none"),
        ("hip_screen", "no", ()),
        ("hip_screen", "None.", ()),
        ("hip_screen", "n", ()),
        ("hip_screen", "?", ("not_sure",)),
        ("hip_screen", "walking and hopping", ("walking", "hopping")),
        ("when_back", "sitting, driving", ("sitting", "driving")),
        ("pain", "3/10", 3),
        ("pain", "7 out of 10", 7),
        ("duration", "2 months", 8.69),
        ("duration", "6 weeks", 6),
        ("duration", "about 3 weeks", 3),
        ("duration", "a year", 52),
        ("weeks_off", "10 days", 1.43),
        ("distance_increase", "20%", 20),
        ("chest_pain", "Nope.", "no"),
        ("chest_pain", "don\u2019t know", "not_sure"),
    ],
)
def test_everyday_answers_are_read(kb, question_id, typed, value):
    session = Questionnaire(kb)
    assert session.read(kb.questions[question_id], typed) == value


def test_hip_alone_asks_which_hip_area_instead_of_guessing(kb):
    with pytest.raises(AmbiguousAnswer) as caught:
        Questionnaire(kb).read(kb.questions["area"], "hip")
    assert caught.value.options == ("hip_front", "outer_hip")
    assert "front or inside of the hip" in str(caught.value)


@pytest.mark.parametrize(
    ("question_id", "typed"),
    [
        ("hip_screen", "no walking"),  # a negated danger sign is not a tick
        ("hip_screen", "not"),
        ("area", "elbow"),
        ("strength_work", "no"),  # no choice means "no" here: ask again, never guess
        ("pain", "3/5"),
        ("duration", "3 apples"),
        ("distance_increase", "3 weeks"),
    ],
)
def test_unclear_answers_are_refused_not_guessed(kb, question_id, typed):
    with pytest.raises(InvalidAnswer):
        Questionnaire(kb).read(kb.questions[question_id], typed)


@pytest.mark.parametrize("word", NO_LIKE)
def test_a_no_word_never_records_a_danger_sign_on_any_question(kb, word):
    """The defect this guards: "no" once prefix-matched not_sure on the hip danger screen."""
    session = Questionnaire(kb)
    for question in kb.questions.values():
        try:
            value = session.read(question, word)
        except InvalidAnswer:
            continue
        recorded = answer_pairs(question, value)
        assert all(v == "no" for _, v in recorded), (question.id, word, recorded)


@pytest.mark.parametrize("word", sorted(NOT_SURE_WORDS))
def test_a_not_sure_word_is_read_as_not_sure_on_every_yes_no_question(kb, word):
    yes_no = [q for q in kb.questions.values() if q.kind == "yes_no"]
    assert {Questionnaire(kb).read(q, word) for q in yes_no} == {"not_sure"}


def test_only_the_listed_questions_have_no_as_their_warning_answer(kb):
    warned = set()
    for question in kb.questions.values():
        if question.kind != "yes_no" or question.value is not None:
            continue
        region = ("complaints[].region", (question.regions or ("knee",))[0])
        plain = triage(intake_from_answers([region]), kb).disposition.level
        with_no = triage(intake_from_answers([region, (question.field, "no")]), kb)
        if Level[with_no.disposition.level] > Level[plain]:
            warned.add(question.field)
    assert warned == NO_IS_THE_WARNING


def _spelled(draw, word: str) -> str:
    cased = "".join(c.upper() if draw(st.booleans()) else c for c in word)
    return draw(st.sampled_from(["", " ", "  "])) + cased + draw(st.sampled_from(["", ".", " !"]))


@settings(max_examples=30)
@given(st.data())
def test_no_like_answer_never_raises_the_disposition(kb, data):
    """Any spelling of a no-word means exactly "no"; where "no" is not itself the warning
    (as it is for "Can you walk four steps?"), it never makes the advice more urgent."""
    session = Questionnaire(kb)
    for _ in range(data.draw(st.integers(0, 12), label="answers before the no")):
        question = next(iter(session.next_step()), None)
        if question is None or session.red_flag_report() is not None:
            return
        session = session.answer(
            question.id, data.draw(replies(question, session), label=question.id)
        )
    question = next(iter(session.next_step()), None)
    if question is None or session.red_flag_report() is not None:
        return
    typed = _spelled(data.draw, data.draw(st.sampled_from(NO_LIKE), label="no word"))
    try:
        value = session.read(question, typed)
    except InvalidAnswer:
        return  # refused and asked again: nothing recorded
    assert value == session.read(question, "no")
    answered = session.answer(question.id, value)
    if question.field not in NO_IS_THE_WARNING:
        before = Level[session.report().disposition.level]
        assert Level[answered.report().disposition.level] <= before, (question.id, typed)


def test_no_at_the_hip_screen_goes_on_to_ordinary_questions(kb):
    session = Questionnaire(kb)
    for question_id in ("area", "side", "onset", "chest_pain", "fainting"):
        question = kb.questions[question_id]
        session = session.answer(question_id, session.read(question, GROIN_HOPPING[question_id]))
    session = session.answer("hip_screen", session.read(kb.questions["hip_screen"], "no"))
    assert session.red_flag_report() is None
    assert session.intake().complaints[0].not_sure_when == ()
