"""Coach reply drafts: one structure for every disposition, safety questions, determinism."""

from __future__ import annotations

from pathlib import Path

import pytest

from stridewise.triage import Intake, triage
from stridewise.triage.coach.profile import CoachProfile, load_coach
from stridewise.triage.coach.reply import build_reply, reply_to_comment
from stridewise.triage.coach.wording import reply_data
from stridewise.triage.errors import InvalidInput
from stridewise.triage.reading.reader import read_comment

COMMENTS = Path(__file__).resolve().parents[2] / "examples" / "comments"
COACH = CoachProfile(name="James", sign_off="Happy running")


def seed(name: str) -> str:
    return (COMMENTS / f"{name}.txt").read_text(encoding="utf-8")


def draft(text: str, coach: CoachProfile = COACH):
    return reply_to_comment(text, coach)


def section_order(text: str, *markers: str) -> list[int]:
    return [text.index(m) for m in markers]


def test_charlies_achilles_is_routine_with_the_gp_first_and_a_gentle_start(kb):
    _, report, reply = draft(seed("charlie_achilles"))
    assert report.disposition.level == reply.level == "routine"
    assert reply.restatement.startswith("your Achilles that bothers you at night")
    assert "eases when you move about" in reply.restatement
    text = reply.text
    # Not self-care, so what to do now (with its timeframe) comes before what it might be.
    a, b = section_order(text, "What to do now (within the next 1-2 weeks)", "What it might be")
    assert a < b
    assert "inflammatory pattern" in text
    assert 1 <= len(reply.exercises) <= 4
    assert all(ex.dosage for ex in reply.exercises)
    assert text.rstrip().endswith("Happy running,\nJames")


def test_torn_iliacus_is_routine_with_plyometrics_held_back_and_the_hip_screen(kb):
    _, _, reply = draft(seed("torn_iliacus"))
    assert reply.level == "routine"
    assert "torn muscle" in reply.restatement
    held = [name for h in reply.held_back for name in h.names]
    plyometric = {e.name for e in kb.exercises.values() if "plyometric" in e.tags}
    assert plyometric and plyometric <= set(held)
    assert not {ex.name for ex in reply.exercises} & plyometric
    assert 2 <= len(reply.exercises) <= 4
    assert "hip_hop_test" in {q.id for q in reply.ask}
    assert "Does hopping on that leg" in reply.text and "If yes: stop running" in reply.text


def test_driving_glute_pain_gets_a_nerve_glide_at_most_and_the_saddle_question(kb):
    _, _, reply = draft(seed("glute_pain_driving"))
    assert reply.level == "routine"
    for ex in reply.exercises:
        assert "neural" in kb.exercises[_exercise_id(kb, ex.name)].tags
    assert len(reply.exercises) <= 1
    saddle = [q for q in reply.ask if q.id == "saddle_bladder"]
    assert saddle and saddle[0].level == "emergency"
    assert "saddle area" in reply.text and "emergency department now" in reply.text
    # The reader also asked about nerve glides: answered, but after what to do now.
    assert reply.answers and reply.text.index("What to do now") < reply.text.index(reply.answers[0])


def test_evas_strength_question_gets_disposition_none_and_the_season_answer():
    _, report, reply = draft(seed("eva_strength_question"))
    assert report.disposition.level == reply.level == "none"
    assert reply.needs_triage is False
    assert "strength_training_volume" in reply_data_topics()
    assert "15-20 minute" in reply.text and "45-60 minutes" in reply.text
    assert "What to do now" not in reply.text and not reply.exercises and not reply.ask


def test_a_workshop_request_needs_no_triage():
    _, _, reply = draft(seed("workshop_request"))
    assert reply.level == "none" and reply.needs_triage is False
    assert reply.no_triage and reply.no_triage in reply.text
    assert not reply.answers and not reply.exercises and not reply.likely


def test_groin_pain_on_hopping_is_urgent_with_no_exercises_and_nothing_competing():
    _, report, reply = draft(seed("groin_pain_hopping"))
    assert reply.level == "urgent"
    assert report.all_exercises_held_by
    assert reply.exercises == () and reply.exercise_notes == () and reply.held_back == ()
    assert reply.all_held_back and reply.all_held_back in reply.text
    assert reply.answers == ()
    text = reply.text
    # The disposition and its timeframe come straight after the thanks.
    assert text.index("What to do now (within 24-48 hours") < text.index("What it might be")
    assert "Good exercises" not in text
    # Hopping was reported, so the hop question is not asked again.
    assert "hip_hop_test" not in {q.id for q in reply.ask}


def test_a_screening_question_the_comment_answered_with_a_no_is_not_asked():
    asked = {q.id for q in draft("My glute aches when driving, for 3 months now.")[2].ask}
    answered = draft(
        "My glute aches when driving, for 3 months now. No numbness in the saddle area and "
        "no change in bladder or bowel control."
    )[2]
    assert "saddle_bladder" in asked
    assert "saddle_bladder" not in {q.id for q in answered.ask}


def test_a_hypothetical_does_not_answer_a_screening_question():
    reply = draft("Sore groin after hill runs for two weeks. If hopping hurts, should I stop?")[2]
    assert reply.level != "urgent"
    assert "hip_hop_test" in {q.id for q in reply.ask}


def test_calf_pain_gets_the_clot_question_when_the_comment_leaves_it_open():
    reply = draft("My calf has been sore after runs for two weeks.")[2]
    assert reply.level in ("self_care", "routine")
    clot = [q for q in reply.ask if q.id == "calf_clot_signs"]
    assert clot and "see a doctor today" in clot[0].if_yes
    assert "swollen, warm or red" in reply.text


def test_a_health_matter_without_an_injury_points_to_a_gp_and_an_injury_to_a_physio(kb):
    data = reply_data(kb)
    sting = draft("A wasp stung my arm on my run, a red itchy lump, breathing fine.")[2]
    shin = draft("My shins have been a bit sore since I upped my mileage last week.")[2]
    assert sting.level == shin.level == "self_care"
    assert sting.see_someone == data.see_someone_without_injury["self_care"]
    assert "GP" in sting.see_someone and "physio" not in sting.see_someone
    assert shin.see_someone == data.see_someone["self_care"]
    hives = draft("I break out in hives on most runs, itchy welts, breathing fine.")[2]
    assert hives.level == "routine"
    assert hives.see_someone == data.see_someone_without_injury["routine"]
    assert "out of 10" not in hives.see_someone


def test_an_injury_report_with_nothing_to_triage_asks_for_detail_and_keeps_the_safety_note():
    reading, report, reply = draft("I picked up an injury last week, any advice?")
    assert reading.is_injury_report and report.disposition.level == "none"
    assert reply.needs_triage is True
    assert reply.no_triage and "where it hurts" in reply.no_triage
    assert reply.no_triage in reply.text and reply.safety_note in reply.text


def test_screening_questions_are_only_asked_when_a_yes_would_raise_the_urgency(kb):
    data = reply_data(kb)
    for text in (seed("torn_iliacus"), seed("glute_pain_driving"), seed("groin_pain_hopping")):
        _, report, reply = draft(text)
        levels = {q.id: q.if_yes.level for q in data.screening}
        order = ["none", "self_care", "routine", "urgent", "emergency"]
        for ask in reply.ask:
            assert order.index(levels[ask.id]) > order.index(report.disposition.level)


def test_heart_questions_are_left_to_the_doctor_who_booked_heart_tests():
    booked = "GP has referred me to the chest pain clinic for a tight chest on hills. OK to jog?"
    unbooked = "I get a tight chest on hills. OK to jog?"
    booked_report, booked_reply = draft(booked)[1:]
    assert booked_report.disposition.level == "routine"
    assert "heart_warning" not in [q.id for q in booked_reply.ask]
    assert "heart_warning" in [q.id for q in draft(unbooked)[2].ask]


def test_two_comments_that_read_to_the_same_facts_get_the_identical_reply():
    first = "My achillies wakes me overnight with a dull ache which goes away when I walk about."
    second = "At night my achilles wakes me up with an ache, and it eases when I walk about."
    a, b = read_comment(first), read_comment(second)
    assert a.intake == b.intake, "the two paraphrases should read to the same intake"
    reply_a = draft(first)[2]
    reply_b = draft(second)[2]
    assert reply_a.text == reply_b.text
    assert reply_a.restatement == reply_b.restatement


def test_the_same_report_always_renders_the_same_reply():
    reading = read_comment(seed("torn_iliacus"))
    report = triage(reading.intake, quotes=reading.quotes)
    texts = {build_reply(report, reading, COACH).text for _ in range(3)}
    assert len(texts) == 1


def test_restatement_is_built_from_facts_not_the_readers_words():
    intake = Intake.model_validate(
        {"complaints": [{"region": "buttock", "side": "left", "hurts_when": ["driving"]}]}
    )
    reading = read_comment("")
    reply = build_reply(triage(intake), reading, COACH)
    assert reply.restatement == "your left glute that gets uncomfortable on long drives"


def test_every_enum_value_has_a_restatement_phrase(kb):
    from stridewise.triage.engine.intake import Region, Timing

    words = reply_data(kb).restate
    assert set(words.regions) == set(Region)
    assert set(words.hurts_when) == set(Timing)


def test_the_brief_template_keeps_the_safety_parts():
    coach = COACH.model_copy(update={"template": "brief"})
    _, _, reply = draft(seed("groin_pain_hopping"), coach)
    assert reply.template == "brief"
    assert "within 24-48 hours" in reply.text
    assert reply.all_held_back in reply.text and reply.safety_note in reply.text


def test_a_coachs_own_template_is_sandboxed(tmp_path):
    (tmp_path / "mine.j2").write_text("{{ coach.__class__.__mro__ }}\n")
    (tmp_path / "coach.yaml").write_text("name: Kim\ntemplate: mine.j2\n")
    coach = load_coach(tmp_path / "coach.yaml")
    with pytest.raises(InvalidInput, match=r"mine\.j2"):
        draft("My knee hurts.", coach)


def test_a_coachs_template_with_an_unknown_name_fails_naming_the_file(tmp_path):
    (tmp_path / "mine.j2").write_text("{{ reply.no_such_section }}\n")
    (tmp_path / "coach.yaml").write_text("name: Kim\ntemplate: mine.j2\n")
    with pytest.raises(InvalidInput, match=r"mine\.j2.*no_such_section"):
        draft("My knee hurts.", load_coach(tmp_path / "coach.yaml"))


def test_coach_profile_errors_name_the_file_and_field(tmp_path):
    bad = tmp_path / "coach.yaml"
    bad.write_text("name: Kim\nlinks:\n  - title: Blog\n    url: not a url\n")
    with pytest.raises(InvalidInput, match=r"coach\.yaml: links\[0\]\.url"):
        load_coach(bad)
    bad.write_text("name: Kim\ntemplate: chatty\n")
    with pytest.raises(InvalidInput, match="template: no template named 'chatty'"):
        load_coach(bad)


def reply_data_topics() -> set[str]:
    from stridewise.triage import default_knowledge_base

    return set(reply_data(default_knowledge_base()).topics)


def _exercise_id(kb, name: str) -> str:
    return next(e.id for e in kb.exercises.values() if e.name == name)


def test_reply_data_problems_name_the_file_the_question_and_a_close_match(kb):
    from stridewise.triage.coach.wording import load_reply_data
    from stridewise.triage.errors import KnowledgeBaseError

    raw = kb.extras["replies"]
    first = {
        **raw["screening"][0],
        "asks_when": ["grion_pain"],
        "unless": ["heart_tests_arrangd"],
        "source": "nowhere",
    }
    broken = kb.model_copy(
        update={"extras": {**kb.extras, "replies": {**raw, "screening": [first]}}}
    )
    with pytest.raises(KnowledgeBaseError) as caught:
        load_reply_data(broken)
    problems = "\n".join(caught.value.problems)
    assert "replies.yaml: screening: hip_hop_test: unknown atom 'grion_pain'" in problems
    assert 'did you mean "groin_pain"' in problems
    assert "unknown atom 'heart_tests_arrangd'" in problems
    assert "unknown source 'nowhere'" in problems
