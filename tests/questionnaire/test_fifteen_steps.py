"""At most 15 steps per complaint: any run of answers, for every area, ends within 15 steps, and
the checklists that make this possible still ask every danger question where it matters."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from test_questionnaire import replies

from stridewise.triage.engine.pipeline import default_knowledge_base
from stridewise.triage.questionnaire import Questionnaire

MAX_STEPS = 15
AREAS = default_knowledge_base().questions["area"].choices


def _start(kb, area: str, onset: str) -> Questionnaire:
    return Questionnaire(kb).answer("area", area).answer("side", "left").answer("onset", onset)


def _ids(step) -> list[str]:
    return [question.id for question in step]


# Mostly "no", so that runs get past the danger questions and reach the longest paths.
YES_NO_MOSTLY_NO = st.sampled_from(("no",) * 6 + ("yes", "not_sure"))


def _reply(data, question, session) -> object:
    if question.kind == "yes_no":
        return data.draw(YES_NO_MOSTLY_NO)
    return data.draw(replies(question, session))


@settings(max_examples=40, deadline=None, derandomize=True)
@given(area=st.sampled_from(AREAS), data=st.data())
def test_any_run_of_answers_for_any_area_ends_within_fifteen_steps(kb, area, data):
    """Yes, no and not sure, choices, ticks, numbers and scales, step by step as `ask` does:
    the questions end, or a red flag stops them, by the fifteenth step."""
    session = Questionnaire(kb).answer("area", area)
    while step := session.next_step():
        session = session.answer_step({q.id: _reply(data, q, session) for q in step})
        if session.red_flag_report() is not None:
            break
    assert len(session.steps) <= MAX_STEPS, [_ids(s) for s in session.steps]


def test_a_knee_injury_asks_how_it_happened_in_the_same_checklist_as_swelling(kb):
    session = _start(kb, "knee", "sudden").answer_step({"chest_pain": "no", "fainting": "no"})
    session = session.answer("age", 30)
    assert _ids(session.next_step()) == [
        "injury_pop",
        "injury_twist",
        "injury_fall",
        "injury_blow",
        "swelling",
        "locked",
        "gives_way",
    ]


def test_pain_down_the_leg_opens_the_whole_nerve_checklist_in_one_step(kb):
    session = _start(kb, "foot", "gradual")
    assert _ids(session.next_step()) == ["chest_pain", "fainting", "radiates"]
    session = session.answer_step({"chest_pain": "no", "fainting": "no", "radiates": "yes"})
    assert {"tingling", "numbness", "saddle_numbness", "spreading", "foot_drop"} <= set(
        _ids(session.next_step())
    )


def _to_bone_checklist(kb, area: str, onset: str) -> Questionnaire:
    session = _start(kb, area, onset)
    while (step := session.next_step()) and "out_of_proportion" not in _ids(step):
        if not any(question.kind in {"yes_no", "multi_choice"} for question in step):
            break
        session = session.answer_step(
            {q.id: () if q.kind == "multi_choice" else "no" for q in step}
        )
    return session


def test_after_a_sudden_start_the_compartment_and_circulation_signs_share_one_checklist(kb):
    step = _ids(_to_bone_checklist(kb, "shin", "sudden").next_step())
    assert {"out_of_proportion", "tense_compartment", "passive_stretch", "cold_foot"} <= set(step)


def test_a_gradual_shin_ache_is_not_asked_the_compartment_signs(kb):
    session = _to_bone_checklist(kb, "shin", "gradual")
    asked = set(session.asked) | set(_ids(session.next_step()))
    assert not asked & {"out_of_proportion", "tense_compartment", "passive_stretch", "cold_foot"}


_PLAIN = {"yes_no": "no", "multi_choice": (), "number": 3, "scale": 2}


def _plain(question) -> object:
    if question.kind in _PLAIN:
        return _PLAIN[question.kind]
    return question.default or question.choices[0]


def _finish(session: Questionnaire, answers: dict[str, object]) -> Questionnaire:
    """Answer every remaining step from `answers`; anything not listed gets a plain answer."""
    while step := session.next_step():
        session = session.answer_step(
            {q.id: answers[q.id] if q.id in answers else _plain(q) for q in step}
        )
    return session


def test_night_pain_asks_weight_loss_cancer_and_fever_beside_the_night_questions(kb):
    session = _start(kb, "achilles", "gradual").answer_step({"chest_pain": "no", "fainting": "no"})
    session = session.answer("recent_fluoroquinolone", "no").answer("bear_weight", "yes")
    session = session.answer_step({"night": "yes"})
    session = session.answer("duration", 8).answer("diagnosis", "none").answer("pain", 2)
    session = session.answer("when_lower_leg", ())
    assert {
        "eases_with_movement",
        "night_no_position_eases",
        "weight_loss",
        "cancer_history",
        "fever_at_night",
    } <= set(_ids(session.next_step()))


def test_fever_is_asked_once_whether_it_follows_swelling_or_night_pain(kb):
    session = _start(kb, "knee", "gradual").answer_step({"chest_pain": "no", "fainting": "no"})
    session = _finish(session.answer("age", 40), {"swelling": "yes", "night": "yes"})
    assert "fever" in session.asked and "fever_at_night" not in session.asked


def test_the_season_is_asked_only_when_the_advice_has_exercises(kb):
    opening = _start(kb, "hip_front", "gradual")
    opening = opening.answer_step({"chest_pain": "no", "fainting": "no"}).answer("age", 34)
    self_care = _finish(opening, {"hip_screen": ("hills", "stairs"), "duration": 3, "pain": 3})
    assert self_care.report().recommendations and "season" in self_care.asked
    referred = _finish(
        opening,
        {"hip_screen": (), "duration": 10, "diagnosis": "stress_fracture", "weeks_off": 1},
    )
    assert not referred.report().recommendations and "season" not in referred.asked


def _step_asking(session: Questionnaire, question_id: str) -> list[str]:
    """The ids of the first step that asks `question_id`, every earlier step answered plainly."""
    while (step := session.next_step()) and question_id not in _ids(step):
        session = session.answer_step({q.id: _plain(q) for q in step})
    return _ids(step)


def test_after_a_knee_injury_the_kneecap_and_fibula_head_are_asked_with_the_bone_signs(kb):
    step = _step_asking(_start(kb, "knee", "sudden"), "kneecap_tender")
    assert {"kneecap_tender", "fibula_tender", "knee_bend", "cold_foot"} <= set(step)


def test_after_an_ankle_injury_the_ankle_and_midfoot_points_are_asked_together(kb):
    step = _step_asking(_start(kb, "ankle", "sudden"), "ankle_bone_tender")
    assert {"ankle_bone_tender", "midfoot_tender", "cold_foot"} <= set(step)


def test_a_gradual_knee_ache_is_not_asked_the_injury_points_of_the_ottawa_rule(kb):
    session = _finish(_start(kb, "knee", "gradual"), {})
    assert not {"kneecap_tender", "fibula_tender"} & set(session.asked)


def test_a_race_at_a_sudden_thigh_start_brings_the_heat_questions_into_the_first_checklist(kb):
    session = _start(kb, "front_thigh", "sudden").answer("sudden_start", ("race_or_hard_session",))
    step = _ids(session.next_step())
    assert step[:2] == ["chest_pain", "fainting"]
    assert {"heat_illness", "drank_a_lot", "race_symptoms"} <= set(step)
