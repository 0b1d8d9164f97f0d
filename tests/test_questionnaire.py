"""The questionnaire's pure logic: what comes next, back, ask_if, red-flag stop, validation."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import intakes

from stridewise.triage import Intake, load_intake, triage
from stridewise.triage.engine.answer_paths import atoms_for_answer, intake_from_answers, split_path
from stridewise.triage.engine.intake import Region
from stridewise.triage.engine.signals import SIGNALS, derive_signals
from stridewise.triage.questionnaire import (
    EXERCISES_ADVISED,
    YES_NO,
    Command,
    InvalidAnswer,
    Questionnaire,
    answer_pairs,
    answers_yaml,
    bounds,
    parse,
    parse_checklist,
)

# Each example presentation as a runner would answer it: question id -> the line typed.
ACHILLES = {
    "area": "achilles",
    "side": "right",
    "onset": "gradually",
    "chest_pain": "no",
    "fainting": "no",
    "bear_weight": "yes",
    "night": "yes",
    "duration": "8",
    "diagnosis": "",
    "pain": "2",
    "when_lower_leg": "",
    "eases_with_movement": "yes",
    "morning_stiffness": "not sure",
    "strength_work": "not tried",
    "season": "in",
}
INNER_HIP = {
    "area": "11",
    "side": "right",
    "onset": "gradual",
    "chest_pain": "n",
    "fainting": "n",
    "age": "34",
    "hip_screen": "8 9 7",
    "duration": "3",
    "recurring": "no",
    "pain": "3",
    "training_changes": "1",
    "worse_next_morning": "no",
    "season": "in",
}
TORN_ILIACUS = {
    "area": "hip_front",
    "side": "",
    "onset": "sudden",
    "chest_pain": "no",
    "fainting": "no",
    "age": "41",
    "hip_screen": "none",
    "bruising": "no",
    "duration": "9",
    "diagnosis": "muscle tear",
    "weeks_off": "9",
    "sudden_start": "",
    "strength_work": "not tried",
    "season": "not sure",
}
GLUTE_DRIVING = {
    "area": "buttock",
    "side": "left",
    "onset": "gradual",
    "chest_pain": "no",
    "fainting": "no",
    "radiates": "no",
    "saddle_numbness": "no",
    "bladder_bowel": "no",
    "night": "no",
    "duration": "20",
    "diagnosis": "no",
    "pain": "3",
    "when_back": "sitting, driving",
    "strength_work": "helped partly",
    "season": "in",
}
GROIN_HOPPING = {
    "area": "groin",
    "side": "left",
    "onset": "gradual",
    "chest_pain": "no",
    "fainting": "no",
    "age": "29",
    "hip_screen": "3",
}
# name -> (script, example file it reproduces, expected disposition)
PRESENTATIONS = {
    "achilles_night_ache": (ACHILLES, "achilles_night_ache.yaml", "routine"),
    "inner_hip_hills": (INNER_HIP, "inner_hip_hills.yaml", "self_care"),
    "torn_iliacus_return": (TORN_ILIACUS, "torn_iliacus_return.yaml", "routine"),
    "glute_pain_driving": (GLUTE_DRIVING, "glute_pain_driving.yaml", "routine"),
}
OPENING = ("area", "side", "onset", "sudden_start")


def drive(kb, script: dict[str, str]) -> tuple[Questionnaire, list[str]]:
    """Answer from the script, step by step, until the questionnaire ends; also return the lines
    typed. A checklist's line ticks the items the script answers yes or not sure (others: no)."""
    session, lines = Questionnaire(kb), []
    while step := session.next_step():
        if step[0].group is None:
            question = step[0]
            assert question.id in script, f"the script has no answer for {question.id!r}"
            lines.append(script[question.id])
            session = session.answer(question.id, session.read(question, script[question.id]))
        else:
            lines.append(checklist_line(step, script))
            session = session.answer_step(parse_checklist(step, lines[-1]))
        if session.red_flag_report() is not None:
            break
    return session, lines


def checklist_line(step, script: dict[str, str]) -> str:
    """The line a runner types at a checklist: "2 4?" for item 2 yes and item 4 not sure."""
    marks = {"yes": "", "not_sure": "?"}
    ticks = [
        f"{number}{marks[value]}"
        for number, question in enumerate(step, start=1)
        if (value := parse(question, script.get(question.id, "no"))) in marks
    ]
    return " ".join(ticks) or "none"


@pytest.mark.parametrize("name", PRESENTATIONS)
def test_example_presentation_gets_the_example_files_disposition_in_at_most_15_steps(
    kb, examples_dir, name
):
    script, example, level = PRESENTATIONS[name]
    session, _ = drive(kb, script)
    report = session.report()
    expected = triage(load_intake(examples_dir / example), kb)
    assert len(session.steps) <= 15
    assert len(session.asked) < len(kb.questions) / 2
    assert report.disposition.level == expected.disposition.level == level
    assert {f.id for f in report.findings} == {f.id for f in expected.findings}


def test_torn_iliacus_answers_hold_back_jumping(kb):
    report = drive(kb, TORN_ILIACUS)[0].report()
    blocked = {b.exercise: b.by for b in report.blocked}
    assert blocked.get("split_stance_jump") == "SAF-001"
    assert not any("plyometric" in r.tags for r in report.recommendations)


def test_groin_pain_on_hopping_stops_at_urgent_before_any_ordinary_question(kb):
    session, _ = drive(kb, GROIN_HOPPING)
    report = session.red_flag_report()
    assert report is not None and report.disposition.level == "urgent"
    assert session.asked[-1] == "hip_screen"
    assert all(kb.questions[q].screening or q in OPENING for q in session.asked)
    assert report.all_exercises_held_by and not report.recommendations


@pytest.mark.parametrize("name", PRESENTATIONS)
def test_red_flag_screen_comes_before_ordinary_questions(kb, name):
    asked = drive(kb, PRESENTATIONS[name][0])[0].asked
    ordinary = [i for i, q in enumerate(asked) if not kb.questions[q].screening]
    first_ordinary = next(i for i in ordinary if asked[i] not in OPENING)
    unconditional_screen = [
        i
        for i, q in enumerate(asked)
        if kb.questions[q].screening and not kb.questions[q].ask_if.atoms()
    ]
    assert unconditional_screen and max(unconditional_screen) < first_ordinary


def test_back_forgets_the_last_answer_and_asks_that_question_again(kb):
    session = Questionnaire(kb).answer("area", "achilles").answer("side", "left")
    assert session.back().asked == ("area",)
    assert next(iter(session.back().next_step()), None).id == "side"
    assert session.back().intake().complaints[0].side.value == "unspecified"
    assert next(iter(session.back().back().next_step()), None).id == "area"


def test_ask_if_and_regions_decide_what_is_asked(kb):
    achilles, _ = drive(kb, ACHILLES)
    glute, _ = drive(kb, GLUTE_DRIVING)
    assert "saddle_numbness" in glute.asked and "saddle_numbness" not in achilles.asked
    assert "weak_push_off" not in achilles.asked  # gradual onset
    assert "eases_with_movement" in achilles.asked  # after night pain
    no_night = dict(
        ACHILLES,
        night="no",
        when_lower_leg="1",
        worse_next_morning="yes",
        changes_running="no",
        tendon_insertion="no",
    )
    assert "eases_with_movement" not in drive(kb, no_night)[0].asked
    sudden = Questionnaire(kb).answer("area", "achilles").answer("side", "left")
    sudden = sudden.answer("onset", "sudden")
    seen = []
    while (
        question := next(iter(sudden.next_step()), None)
    ) is not None and question.screening is not False:
        seen.append(question.id)
        sudden = sudden.answer(question.id, "yes" if question.id == "bear_weight" else "no")
    assert {"pop_or_kick", "weak_push_off"} <= set(seen)


def test_not_sure_is_stored_under_not_sure_when_for_a_screening_timing(kb):
    session = Questionnaire(kb)
    for question_id, value in [("area", "groin"), ("side", "left"), ("onset", "gradual")]:
        session = session.answer(question_id, value)
    session = session.answer("chest_pain", "not_sure")
    assert session.intake().health.chest_pain == "not_sure"
    session = session.back().answer("chest_pain", "no").answer("fainting", "no")
    session = session.answer("hip_screen", parse(kb.questions["hip_screen"], "1 not sure"))
    complaint = session.intake().complaints[0]
    assert [t.value for t in complaint.hurts_when] == ["walking"]
    assert [t.value for t in complaint.not_sure_when] == [
        "standing_on_leg",
        "hopping",
        "rest",
        "night",
    ]
    assert session.red_flag_report().disposition.level == "urgent"


def test_not_sure_alone_on_the_hip_screen_marks_every_situation_and_several_stop_at_urgent(kb):
    session = Questionnaire(kb).answer("area", "groin").answer("side", "left")
    session = session.answer("hip_screen", parse(kb.questions["hip_screen"], "not sure"))
    complaint = session.intake().complaints[0]
    assert complaint.hurts_when == ()
    assert len(complaint.not_sure_when) == 5
    assert session.red_flag_report().disposition.level == "urgent"


def test_nothing_hurts_skips_every_complaint_question(kb):
    session = Questionnaire(kb).answer("area", "none")
    asked = []
    while (question := next(iter(session.next_step()), None)) is not None:
        assert not question.field.startswith("complaints[]"), question.id
        asked.append(question.id)
        value = question.default or (question.choices[0] if question.choices else "no")
        session = session.answer(question.id, parse(question, value))
    assert session.intake().complaints == ()
    assert {"chest_pain", "form_fades_late"} <= set(asked)
    assert "season" not in asked  # nothing to advise, so no exercise dosage to fit a season


def test_red_flag_report_is_none_while_nothing_urgent_was_answered(kb):
    session = Questionnaire(kb).answer("area", "groin").answer("side", "left")
    assert session.red_flag_report() is None
    assert session.answer("hip_screen", ("walking",)).red_flag_report() is not None


@pytest.mark.parametrize(
    ("question_id", "typed", "value"),
    [
        ("night", "Y", "yes"),
        ("night", "not sure", "not_sure"),
        ("night", "3", "not_sure"),
        ("area", "9", "back_thigh"),
        ("area", "outside of the hip", "outer_hip"),
        ("area", "nothing", "none"),
        ("area", "achil", "achilles"),
        ("side", "", "unspecified"),
        ("hip_screen", "6, swing_phase 6", ("during_run", "swing_phase")),
        ("when_knee", "", ()),
        ("hip_screen", "2 not sure", ("standing_on_leg", "not_sure")),
        ("duration", "4d", 0.57),
        ("duration", "2.5", 2.5),
        ("pain", "7", 7),
        ("weeks_off", "", 0),
        ("night", "?", "not_sure"),
        ("night", "why", Command("why")),
        ("night", " BACK ", Command("back")),
    ],
)
def test_parse_reads_answers_and_commands(kb, question_id, typed, value):
    assert parse(kb.questions[question_id], typed) == value


@pytest.mark.parametrize(
    ("question_id", "typed", "message"),
    [
        ("night", "maybe", "Please answer yes, no or not sure."),
        ("night", "", "Please answer: yes, no or not sure."),
        ("pain", "11", "11 is out of range; type a whole number from 0 to 10."),
        ("pain", "6.5", "Please type a whole number from 0 to 10."),
        ("pain", "4d", "Please type a whole number from 0 to 10."),
        ("duration", "soon", "Please type a number from 0 to 520."),
        (
            "area",
            "elbow",
            "'elbow' is not one of the choices; type a number from 1 to 16, or the words shown.",
        ),
        (
            "area",
            "17",
            "'17' is not one of the choices; type a number from 1 to 16, or the words shown.",
        ),
        (
            "side",
            "up",
            "'up' is not one of the choices; type a number from 1 to 4, or the words shown.",
        ),
    ],
)
def test_parse_explains_what_a_question_accepts(kb, question_id, typed, message):
    with pytest.raises(InvalidAnswer) as caught:
        parse(kb.questions[question_id], typed)
    assert str(caught.value) == message


def test_answer_rejects_what_the_intake_rejects_even_without_parse(kb):
    session = Questionnaire(kb).answer("area", "knee")
    with pytest.raises(InvalidAnswer, match="less than or equal to 10"):
        session.answer("pain", 11)
    assert session.asked == ("area",)


def test_yes_to_a_list_item_adds_it_and_no_or_none_records_nothing(kb):
    night, diagnosis = kb.questions["night"], kb.questions["diagnosis"]
    assert answer_pairs(night, "yes") == [("complaints[].hurts_when", "night")]
    assert answer_pairs(night, "not_sure") == [("complaints[].not_sure_when", "night")]
    assert answer_pairs(night, "no") == []
    assert answer_pairs(diagnosis, "none") == []
    assert answer_pairs(kb.questions["season"], "not_sure") == []
    assert answer_pairs(kb.questions["chest_pain"], "not_sure") == [
        ("health.chest_pain", "not_sure")
    ]


def possible_pairs(question) -> list[list[tuple[str, object]]]:
    """The answer pairs each possible reply records (numbers probed across every threshold)."""
    if question.kind in {"number", "scale"}:
        low, high = bounds(question)
        probes = (0, 1, 3, 5, 8, 10, 12, 30, 100)
        return [[(question.field, n)] for n in probes if low <= n <= high]
    if question.kind == "multi_choice":
        ticks = [(choice,) for choice in question.choices] + [("not_sure",)]
        return [answer_pairs(question, tick) for tick in ticks]
    return [answer_pairs(question, value) for value in question.choices or YES_NO]


def test_every_question_in_the_bank_is_well_formed(kb):
    regions = {r.value for r in Region}
    for question in kb.questions.values():
        where = question.id
        split_path(question.field)
        assert set(question.regions) <= regions, where
        assert set(question.ask_if.atoms()) <= {*SIGNALS, EXERCISES_ADVISED}, where
        assert set(question.labels) <= set(question.choices), where
        assert (question.kind in {"choice", "multi_choice"}) == bool(question.choices), where
        assert question.why, where
        if question.default is not None:
            parse(question, question.default)
        base = [] if question.field == "complaints[].region" else [("complaints[].region", "knee")]
        for pairs in possible_pairs(question):
            intake_from_answers([*base, *pairs])


def test_every_answer_atom_a_rule_uses_can_come_from_some_question(kb):
    producible = {
        atom
        for question in kb.questions.values()
        for pairs in possible_pairs(question)
        for field, value in pairs
        for atom in atoms_for_answer(field, value)
    }
    two_unsure = [("health.fever", "not_sure"), ("health.cancer_history", "not_sure")]
    producible |= {signal.name for signal in derive_signals(intake_from_answers(two_unsure))}
    used = {atom for rule in kb.rules.values() for atom in rule.when.atoms() if atom in SIGNALS}
    # warning_* atoms are what a comment's words raised (the safety net): no question asks them.
    used = {atom for atom in used if not atom.startswith("warning_")}
    assert used - producible == set()


@given(intakes())
def test_saved_answers_read_back_to_the_same_intake(intake):
    assert Intake.model_validate(yaml.safe_load(answers_yaml(intake))) == intake


def test_questions_that_can_lead_to_an_emergency_come_before_their_urgent_neighbours(kb):
    order = list(kb.questions)
    # A snap alone is urgent; a snap with a weak push-off is an emergency, so ask push-off first.
    assert order.index("weak_push_off") < order.index("pop_or_kick")
    # A hot swollen joint is an emergency; fast swelling after an injury is urgent.
    assert order.index("warmth") < order.index("swelled_fast")
    assert order.index("fever") < order.index("swelled_fast")
    # Saddle numbness and both legs are emergencies; weakness or spreading symptoms are urgent.
    for emergency in ("saddle_numbness", "bladder_bowel", "both_legs"):
        assert order.index(emergency) < order.index("weakness") < order.index("spreading")
    # Whole-body emergencies lead the whole screen.
    screening = [q for q in order if kb.questions[q].screening]
    assert screening[:2] == ["chest_pain", "fainting"]


def _start(kb, area: str, onset: str) -> Questionnaire:
    return Questionnaire(kb).answer("area", area).answer("side", "left").answer("onset", onset)


def test_not_sure_about_chest_pain_stops_at_once_with_an_emergency(kb):
    session = _start(kb, "knee", "gradual").answer("chest_pain", "not_sure")
    assert session.red_flag_report().disposition.level == "emergency"


def test_saddle_numbness_with_buttock_pain_stops_with_an_emergency(kb):
    session = _start(kb, "buttock", "gradual").answer("chest_pain", "no").answer("fainting", "no")
    assert next(iter(session.next_step()), None).id == "radiates"
    session = session.answer("radiates", "no")
    assert next(iter(session.next_step()), None).id == "saddle_numbness"
    assert session.answer("saddle_numbness", "yes").red_flag_report().disposition.level == (
        "emergency"
    )


def test_a_weak_push_off_does_not_stop_the_questions_before_the_snap_is_asked(kb):
    session = _start(kb, "achilles", "sudden").answer("chest_pain", "no").answer("fainting", "no")
    assert next(iter(session.next_step()), None).id == "weak_push_off"
    session = session.answer("weak_push_off", "yes")
    assert session.red_flag_report() is None
    assert next(iter(session.next_step()), None).id == "pop_or_kick"
    report = session.answer("pop_or_kick", "yes").red_flag_report()
    assert report.disposition.level == "urgent"
    assert "possible_achilles_rupture" in {f.id for f in report.findings}


@st.composite
def replies(draw, question, session) -> object:
    """Any answer the question accepts, as parse would return it."""
    if question.kind == "yes_no":
        return draw(st.sampled_from(YES_NO))
    if question.kind == "choice":
        return draw(st.sampled_from(question.choices))
    if question.kind == "multi_choice":
        return tuple(draw(st.lists(st.sampled_from(question.choices), unique=True, max_size=3)))
    low, high = bounds(question)
    if question.kind == "scale":
        return draw(st.integers(int(low), int(high)))
    numbers = [low, 0.5, 2, 6, 12, 40, high]
    return draw(st.sampled_from([n for n in numbers if _accepted(session, question, n)]))


def _accepted(session, question, number) -> bool:
    """Whole-number questions (age) refuse 0.5; only answers the questionnaire takes are drawn."""
    try:
        session.answer(question.id, number)
    except InvalidAnswer:
        return False
    return True


@settings(max_examples=25)
@given(st.data())
def test_any_run_of_answers_ends_asks_nothing_twice_and_saves_what_it_heard(kb, data):
    session = Questionnaire(kb)
    while (question := next(iter(session.next_step()), None)) is not None:
        assert question.id not in session.asked
        session = session.answer(
            question.id, data.draw(replies(question, session), label=question.id)
        )
        if session.red_flag_report() is not None:
            assert session.report().disposition.level in {"urgent", "emergency"}
            break
    assert len(session.asked) < len(kb.questions)
    saved = yaml.safe_load(answers_yaml(session.intake()))
    assert Intake.model_validate(saved) == session.intake()


def test_why_leaves_out_rules_written_only_for_other_areas(kb):
    session = Questionnaire(kb).answer("area", "groin")
    areas = {f"{region.value}_pain" for region in Region}

    def rule_for(wanted: set[str]) -> str:
        return next(
            r.id for r in kb.rules.values() if set(r.when.positive_atoms()) & areas == wanted
        )

    assert not session.concerns_this_area(rule_for({"shin_pain"}))
    assert session.concerns_this_area(
        rule_for({"groin_pain", "hip_front_pain", "front_thigh_pain"})
    )
    assert session.concerns_this_area(rule_for(set()))
