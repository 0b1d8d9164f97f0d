"""Concepts, frames, numbers with units and the phrase syntax: what the reader now understands."""

from __future__ import annotations

import pytest

from stridewise.triage.reading.facts import Fact, fold_bare_neighbours, read_number
from stridewise.triage.reading.lexicon import phrase_variants, split_slots
from stridewise.triage.reading.nlp import unwrap
from stridewise.triage.reading.reader import comment_lexicon, read_comment


def _answers(text, kb):
    return {
        (f.fact.split(".", 1)[1] if "." in f.fact else f.fact, f.value): f.context
        for f in read_comment(text, kb).extracted
    }


def test_parentheses_keep_several_words_as_one_alternative():
    assert split_slots("(does not|doesn't) hurt?") == ["(does not|doesn't)", "hurt?"]
    assert ["within", "an", "hour"] in phrase_variants("(within hours|within an hour)")


def test_a_bare_bar_joins_single_words_so_its_variants_show_the_defect():
    assert ["within", "within", "an", "hour"] in phrase_variants("within hours|within an hour")


def test_a_group_inside_an_alternative_spells_out_each_of_its_words():
    variants = phrase_variants("leg won't (do what i (ask|tell it)|respond)")
    assert ["leg", "won't", "do", "what", "i", "tell", "it"] in variants
    assert ["leg", "won't", "respond"] in variants
    assert ["leg", "won't", "do", "what", "i", "(ask"] not in variants


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("Since the fall my leg won't do what I tell it.", ("weakness", "yes")),
        ("There's a loss of feeling in my groin since this morning.", ("saddle_numbness", "yes")),
    ],
)
def test_a_phrase_with_a_group_inside_an_alternative_matches(kb, text, answer):
    assert _answers(text, kb).get(answer) == "affirmed"


def test_a_not_finding_with_a_nested_group_hides_what_it_covers(kb):
    text = "I'm a bit confused about my plan for the marathon."
    assert ("confusion_or_vomiting_after_race", "yes") not in _answers(text, kb)


def test_a_regex_slot_with_a_bracket_does_not_open_a_group():
    assert split_slots("NUM re:^[.)]$ now") == ["NUM", "re:^[.)]$", "now"]


@pytest.mark.parametrize(
    "text",
    [
        "My chest went tight on the climb.",
        "Felt a tight band across my chest on the last rep.",
        "The pressure in my chest came back when I jogged again.",
    ],
)
def test_a_chest_site_and_a_discomfort_word_in_one_clause_are_chest_pain(kb, text):
    assert _answers(text, kb).get(("chest_pain", "yes")) == "affirmed"


@pytest.mark.parametrize(
    "text",
    ["My chest feels clear, no pain at all.", "No chest pain, legs are sore.", "Chest pain? No."],
)
def test_a_denied_chest_is_never_chest_pain(kb, text):
    assert _answers(text, kb).get(("chest_pain", "yes")) != "affirmed"


@pytest.mark.parametrize(
    "text",
    [
        "My chest was tight and wheezy on the cold hill.",
        "I get wheezy and coughy after intervals, chest feels tight.",
    ],
)
def test_a_chest_tight_with_a_wheeze_in_its_sentence_is_the_wheeze_not_chest_pain(kb, text):
    answers = _answers(text, kb)
    assert answers.get(("exercise_wheeze", "yes")) == "affirmed"
    assert ("chest_pain", "yes") not in answers


@pytest.mark.parametrize(
    "text",
    [
        "Wheezy at the start. Then my chest went tight on the hill.",
        "My chest hurts and I wheeze on hills.",
    ],
)
def test_a_wheeze_explains_only_a_tight_chest_in_its_own_sentence(kb, text):
    assert _answers(text, kb).get(("chest_pain", "yes")) == "affirmed"


def test_urine_described_as_dark_later_in_the_sentence_is_dark_urine(kb):
    text = "After the session my pee was the colour of cola."
    assert _answers(text, kb).get(("warning_signs", "dark_urine")) == "affirmed"


def test_a_frame_never_reaches_across_but(kb):
    text = "My chest is fine but my calf is tight."
    assert ("chest_pain", "yes") not in _answers(text, kb)


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("Temperature was 38.6C this morning.", "fever", "yes"),
        ("I'm running a fever of 101.5F.", "fever", "yes"),
        ("My temperature was 37.1 so no fever.", "fever", None),
        ("Just did a 9-hour drive home.", "recent_long_travel_or_immobilisation", "yes"),
        ("A 2 hour drive to the race.", "recent_long_travel_or_immobilisation", None),
        ("I'm 61 and fell on my knee.", "age", "61"),
        ("17 y/o distance runner, thigh aches.", "age", "17"),
        ("52F. Burning ache when I run.", "age", "52"),
        ("52F. Burning ache when I run.", "sex", "female"),
    ],
)
def test_numbers_with_units_answer_the_item_they_are_said_of(kb, text, field, value):
    found = {v for (f, v), c in _answers(text, kb).items() if f == field and c == "affirmed"}
    assert found == ({value} if value else set())


@pytest.mark.parametrize(
    ("number", "expected"), [("38.6c", "38.6"), ("101.5f", "38.6"), ("31", None), ("99", "37.2")]
)
def test_a_body_temperature_reads_in_celsius_whichever_scale(number, expected):
    assert read_number([number], "celsius") == expected


def test_a_line_break_inside_a_sentence_does_not_break_a_phrase():
    text = "couldn't manage more than a couple of\nsteps"
    assert unwrap(text) == text.replace("\n", " ")
    assert unwrap("one\n\ntwo") == "one\n\ntwo"


def test_a_long_comment_is_read_in_pieces_with_offsets_that_still_point_at_its_words(kb):
    text = "My knee hurts on stairs. " * 120 + "Also my chest went tight on the run."
    reading = read_comment(text, kb)
    chest = [f for f in reading.extracted if f.fact.endswith("chest_pain")]
    assert chest and all(text[f.start : f.end] == f.text for f in reading.extracted)


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("Any gluten free gels that taste ok?", ("region", "buttock")),
        ("Setting off too fast at parkrun again.", ("hurts_when", "sitting")),
    ],
)
def test_an_ordinary_word_is_never_respelt_as_the_body_word_it_resembles(kb, text, absent):
    assert absent not in _answers(text, kb)


def test_a_word_a_prefix_pattern_knows_is_never_respelt_as_another_word(kb):
    reading = read_comment("My heart was still hammering ten minutes after the reps.", kb)
    assert reading.intake.health.palpitations == "yes"
    assert reading.intake.complaints == ()


def test_a_frame_that_crosses_commas_reads_a_tender_bone_named_before_the_comma(kb):
    text = "Right on the knobbly bone below my knee, very tender when I press it."
    assert reading_has(read_comment(text, kb), "pinpoint_bone_tenderness")
    chest = read_comment("My chest, no pain there, but my calf is sore.", kb)
    assert chest.intake.health.chest_pain is None


@pytest.mark.parametrize(
    "text",
    [
        "Did the clamshells for six weeks but it still aches on every run.",
        "Did the clamshells for six weeks. It still aches on every run.",
    ],
)
def test_a_frame_that_crosses_sentences_also_crosses_a_but_in_its_own_sentence(kb, text):
    assert _answers(text, kb).get(("strength_work", "no_change")) == "affirmed"


def test_dark_urine_that_went_pale_with_drinking_is_read_across_sentences(kb):
    text = "My wee was dark after the race. Drank a few pints and by teatime it was pale again."
    assert _answers(text, kb).get(("dark_urine_cleared", "yes")) == "affirmed"


@pytest.mark.parametrize(
    "text",
    [
        "My pee was dark and I drank loads, but it has not gone back to normal.",
        "Drank two pints but it's still not back to pale.",
        "My wee was dark. I drank water but it never went back to a normal colour.",
    ],
)
def test_a_frame_that_lowers_a_referral_is_refused_by_a_denial_inside_it(kb, text):
    assert ("dark_urine_cleared", "yes") not in _answers(text, kb)


def test_a_chest_sore_to_press_since_press_ups_is_a_sore_chest_wall(kb):
    text = "Did the press-up challenge and my chest ached next day. It's sore when I press on it."
    assert _answers(text, kb).get(("chest_wall_soreness", "yes")) == "affirmed"


@pytest.mark.parametrize(
    "text",
    [
        "Chest pain on my run, my calf is tender to touch.",
        "My chest hurts on hills and it is not sore to touch.",
    ],
)
def test_a_strict_frame_is_refused_by_another_body_part_or_a_denial_among_its_words(kb, text):
    assert ("chest_wall_soreness", "yes") not in _answers(text, kb)


@pytest.mark.parametrize(
    "text", ["I came out in a cold sweat on the hill.", "Then the pain went down my left arm."]
)
def test_a_cold_sweat_or_pain_spreading_to_the_arm_is_a_heart_feature_not_a_cold(kb, text):
    answers = _answers(text, kb)
    assert answers.get(("cardiac_features", "yes")) == "affirmed"
    assert ("cold_or_flu", "yes") not in answers


def test_a_no_that_starts_the_sentence_after_a_question_denies_what_follows_it(kb):
    answers = _answers("Is that smart? No sudden injury, it came on over a month.", kb)
    assert answers.get(("onset", "sudden")) == "negated"
    assert _answers("Chest pain? No.", kb).get(("chest_pain", "yes")) == "negated"


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("My knee is sharp on runs but fine at rest.", ("hurts_when", "rest")),
        ("The knee pain stops when I walk.", ("hurts_when", "walking")),
        ("It's made me anxious about every twinge.", ("onset", "sudden")),
    ],
)
def test_pain_that_is_denied_or_only_worried_about_is_not_read(kb, text, absent):
    assert absent not in _answers(text, kb)


def test_a_distance_into_the_run_is_pain_late_in_the_run(kb):
    text = "The outside of my knee gets a sharp pain about 8 miles in."
    assert _answers(text, kb).get(("hurts_when", "late_in_run")) == "affirmed"


def test_a_cut_that_gapes_is_read_and_a_closed_one_is_not(kb):
    assert ("gaping_wound", "yes") in _answers("The cut is 4cm long and gaping.", kb)
    assert ("gaping_wound", "yes") not in _answers("Small cut, it closed up fine.", kb)


def test_a_fact_said_next_to_a_landmark_belongs_to_the_region_it_places(kb):
    text = "Pins and needles in my right foot, creeping up towards the knee, and it feels weak."
    reading = read_comment(text, kb)
    assert [c.region.value for c in reading.intake.complaints] == ["foot"]
    assert reading.intake.complaints[0].symptoms_spreading_or_worsening == "yes"


def reading_has(reading, field: str) -> bool:
    return any(f.fact.endswith(f".{field}") and f.context == "affirmed" for f in reading.extracted)


def test_a_bare_region_that_is_not_a_neighbour_stays_a_complaint_of_its_own(kb):
    reading = read_comment("My knee hurts on stairs. My heel is another story.", kb)
    assert [c.region.value for c in reading.intake.complaints] == ["knee", "heel"]


def test_a_description_attached_to_no_complaint_does_not_stop_neighbours_folding(kb):
    """An unattached `complaints[].X` has index -1; it describes no complaint, so folding
    must not look its region up (it raised KeyError on a blind3 dev comment)."""
    facts = [
        Fact("complaints[].hurts_when", "walking", "walking", 0, 7, "affirmed"),
        Fact("complaints[0].region", "achilles", "achilles", 10, 18, "affirmed"),
        Fact("complaints[1].region", "heel", "heel", 20, 24, "affirmed"),
    ]
    folded = fold_bare_neighbours(facts, {"achilles": 0, "heel": 1}, comment_lexicon(kb))
    assert folded == facts


def test_pins_and_needles_in_the_foot_below_a_kicked_shin_belong_to_the_shin(kb):
    text = "Took a boot to the shin at football, it is swollen and hard as a rock. My foot tingles."
    reading = read_comment(text, kb)
    assert [c.region.value for c in reading.intake.complaints] == ["shin"]
    assert reading.intake.complaints[0].tingling == "yes"


def test_a_foot_with_its_own_pain_stays_a_complaint_of_its_own(kb):
    text = "My shin aches after long runs. My foot tingles and hurts on stairs."
    reading = read_comment(text, kb)
    assert [c.region.value for c in reading.intake.complaints] == ["shin", "foot"]


def test_a_fact_attached_to_no_complaint_leaves_a_bare_region_its_own_complaint(kb):
    # "swollen" stands nearest to the mother's knee, so it is the reader's but attached to no
    # complaint; the shin, named alone and no neighbour of the heel, stays a complaint.
    text = "My heel hurts when I run. My shin. My mum's knee is swollen, mine is fine but swollen."
    reading = read_comment(text, kb)
    assert [c.region.value for c in reading.intake.complaints] == ["heel", "shin"]
    assert any(f.fact == "complaints[].swelling" for f in reading.extracted)


def test_a_denial_inside_a_strict_frames_own_concept_does_not_refuse_it(kb):
    text = "The ECG and echo were all normal. No symptoms at all since."
    assert _answers(text, kb).get(("cleared_nothing_since", "yes")) == "affirmed"


@pytest.mark.parametrize(
    "text",
    [
        "ECG was normal but I still get twinges on hills. Nothing else since.",
        "The cardiologist hasn't cleared me yet. No symptoms since.",
    ],
)
def test_a_check_that_found_nothing_is_not_read_through_still_or_a_denial(kb, text):
    assert ("cleared_nothing_since", "yes") not in _answers(text, kb)


@pytest.mark.parametrize(
    "text",
    [
        "Cleared to run by the cardiologist, no symptoms since. This morning I fainted on my run.",
        "All clear from the GP, nothing since. Then on Sunday it happened again.",
    ],
)
def test_a_danger_sign_or_a_recurrence_told_after_an_all_clear_reopens_it(kb, text):
    intake = read_comment(text, kb).intake
    assert intake.health.cleared_nothing_since != "yes"


def test_a_recurrence_said_after_an_all_clear_is_the_answer_that_holds(kb):
    text = "ECG came back normal and it hasn't happened since. Last week the twinges came back."
    assert read_comment(text, kb).intake.health.cleared_nothing_since == "no"


def test_cannot_stand_on_one_leg_without_pain_is_pain_standing_on_it(kb):
    text = "I can't stand on my right leg to pull my jeans on without a sharp pain in my buttock."
    assert _answers(text, kb).get(("hurts_when", "standing_on_leg")) == "affirmed"
    wobble = "I can't stand on my left leg without it wobbling, balance is rubbish."
    assert _answers(wobble, kb).get(("hurts_when", "standing_on_leg")) != "affirmed"


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("Felt a pop just behind my ankle on the hill.", "achilles"),
        ("Sore just behind my inner ankle bone after the trail run.", "ankle"),
    ],
)
def test_behind_the_ankle_is_the_achilles_but_behind_the_ankle_bone_is_the_ankle(kb, text, region):
    intake = read_comment(text, kb).intake
    assert [c.region.value for c in intake.complaints] == [region]


def test_a_relatives_injury_of_years_ago_stays_their_history(kb):
    text = "My uncle snapped his Achilles years ago. I'm on week 3 of couch to 5k, which shoes?"
    assert read_comment(text, kb).intake.complaints == ()


def test_a_kneecap_still_sitting_out_to_the_side_is_a_deformity_but_pain_on_the_outside_is_not(kb):
    assert _answers("My kneecap is still stuck out to the side.", kb).get(("deformity", "yes"))
    assert ("deformity", "yes") not in _answers("Pain sitting on the outside of my knee.", kb)


def test_pain_back_each_time_running_resumes_is_recurring_but_pain_on_every_run_is_not(kb):
    text = "Rested a month, but every time I try to get back to running the knee goes again."
    assert _answers(text, kb).get(("recurring", "yes")) == "affirmed"
    every_run = "Every time I go for a run after lunch I get a sharp pain under my ribs."
    assert ("recurring", "yes") not in _answers(every_run, kb)


def test_pressing_along_the_bones_and_finding_no_sore_spot_at_all_is_a_check_passed(kb):
    text = "I pressed along all the bones on top of my foot and there's no sore spot at all."
    answers = _answers(text, kb)
    assert answers.get(("midfoot_bone_tenderness", "yes")) != "affirmed"
    tender = "I pressed along the bones on top of my foot and one spot is really sore."
    assert _answers(tender, kb).get(("midfoot_bone_tenderness", "yes")) == "affirmed"


def test_not_low_down_near_the_heel_names_where_it_does_not_hurt(kb):
    text = "Calf went twang in the muscle belly, not low down near the heel."
    assert [c.region.value for c in read_comment(text, kb).intake.complaints] == ["calf"]


def test_hopping_loads_with_no_pain_is_a_test_passed_but_pain_on_hopping_stays(kb):
    assert _answers("Hopped on it loads, no pain.", kb).get(("hurts_when", "hopping")) is None
    still = _answers("It hurts when I hop, no pain walking though.", kb)
    assert still.get(("hurts_when", "hopping")) == "affirmed"


@pytest.mark.parametrize(
    "text", ["Hot 10k today (75F), legs heavy.", "It was 91F and humid at the start."]
)
def test_an_air_temperature_in_fahrenheit_is_not_an_age_and_sex(kb, text):
    health = read_comment(text, kb).intake.health
    assert (health.age, health.sex) == (None, None)


def test_an_age_and_sex_written_together_is_still_read(kb):
    health = read_comment("52F. My chest hurts on hills.", kb).intake.health
    assert (health.age, health.sex) == (52, "female")


def test_cannot_stop_shivering_is_shivering(kb):
    text = "Got home and can't stop shivering even though I feel like an oven inside."
    assert _answers(text, kb).get(("heat_illness_signs", "yes")) == "affirmed"


def test_what_a_partner_says_about_the_reader_is_the_readers(kb):
    mine = _answers("My partner says I'm not making much sense today.", kb)
    assert mine.get(("confusion_or_vomiting_after_race", "yes")) == "affirmed"
    theirs = _answers("I'm fine, but my partner is not making much sense after the race.", kb)
    assert theirs.get(("confusion_or_vomiting_after_race", "yes")) != "affirmed"


@pytest.mark.parametrize(
    ("text", "denied"),
    [
        ("A twinge in my calf, like a tweak rather than a snap.", ("triggers", "snap_or_kick")),
        ("My shins ache in a long line rather than one spot.", ("pinpoint_bone_tenderness", "yes")),
    ],
)
def test_rather_than_names_what_it_is_not(kb, text, denied):
    assert _answers(text, kb).get(denied) == "negated"


def test_a_heart_team_that_signed_someone_off_to_exercise_has_checked_the_heart(kb):
    text = "Dad had a stent two years ago and was signed off by his cardiologist to exercise."
    assert read_comment(text, kb).intake.health.heart_checked == "yes"


def test_sepsis_signs_are_read_in_everyday_words(kb):
    text = "Shaking uncontrollably under the duvet, my legs look mottled and I haven't had a wee since breakfast."
    health = read_comment(text, kb).intake.health
    assert (health.fever, health.sepsis_signs) == ("yes", "yes")


def test_a_denial_inside_a_long_frame_still_denies_the_words_it_stands_before(kb):
    # The rehab frame runs from "done everything" to "a bit better"; "no hills" inside it
    # must keep its "no" (a frame target used to prune every trigger among its words).
    text = (
        "I've done everything the internet says for 9 weeks: strengthening 3x a week, no hills. "
        "It's maybe a bit better but stairs still make my knee ache."
    )
    answers = _answers(text, kb)
    assert answers[("hurts_when", "hills")] == "negated"
    assert answers[("strength_work", "helped_partly")] == "affirmed"


@pytest.mark.parametrize(
    "text",
    [
        "My wee was pinky-red after the long run. Then I remembered the beetroot juice last night.",
        "Had a big beetroot salad yesterday. This morning my pee was pink.",
    ],
)
def test_beetroot_said_in_either_order_explains_red_urine(kb, text):
    assert read_comment(text, kb).intake.health.visible_blood_in_urine == "no"


def test_beetroot_the_writer_denies_does_not_explain_red_urine(kb):
    text = "Pee was red after my long run, I never eat beetroot, should I worry?"
    assert read_comment(text, kb).intake.health.visible_blood_in_urine == "yes"


@pytest.mark.parametrize(
    ("text", "weeks"),
    [
        ("Since 3 days I have bad back pain after a long run.", 3 / 7),
        ("Deep ache in my sit bone since about March, so 4 months.", 4 * 4.345),
    ],
)
def test_durations_said_with_since_or_so(kb, text, weeks):
    (complaint,) = read_comment(text, kb).intake.complaints
    assert complaint.duration_weeks == pytest.approx(weeks, abs=0.1)


def test_reading_a_scary_article_about_a_condition_is_not_having_it(kb):
    text = "Read a scary thing about rhabdo after my marathon, but my wee is pale and plenty of it."
    assert ("warning_signs", "dark_urine") not in {
        k for k, v in _answers(text, kb).items() if v == "affirmed"
    }


def test_beetroot_does_not_explain_red_urine_that_lasts_for_days(kb):
    text = (
        "Pee was pink after Saturday's long run, figured it was the beetroot juice. "
        "It's Wednesday now, no running since, and it's still pink every time."
    )
    assert read_comment(text, kb).intake.health.visible_blood_in_urine == "yes"


def test_a_bracket_inside_a_regular_expression_in_a_group_is_a_clear_error():
    from stridewise.triage.errors import KnowledgeBaseError
    from stridewise.triage.reading.lexicon import compile_phrase

    with pytest.raises(KnowledgeBaseError, match="unbalanced brackets"):
        compile_phrase("(re:^\\)$|feverish) and floppy", str.split)


def test_a_regular_expression_among_a_groups_alternatives_keeps_its_own_pattern():
    from stridewise.triage.reading.lexicon import compile_phrase

    patterns = compile_phrase("past (about)? (run|runs|re:^\\d+(k|km)$)", str.split)
    assert [{"LOWER": {"REGEX": "^\\d+(k|km)$"}}] in [p[-1:] for p in patterns]
    assert any(p[-1].get("NORM") == {"IN": ["run", "runs"]} for p in patterns)


def test_words_inside_a_frames_own_concept_do_not_explain_the_frame_away(kb):
    # "never on my runs" is the at-rest concept's own; "on my runs" inside it is no effort.
    text = "Skipped beats on the sofa most evenings, never on my runs."
    assert _answers(text, kb).get(("palpitations_at_rest_only", "yes")) == "affirmed"


@pytest.mark.parametrize(
    "text",
    [
        "My heart skips beats on the sofa, and during my hill reps it goes all over the place.",
        "Lying on the sofa after my run my heart was still fluttering.",
    ],
)
def test_beats_said_with_an_effort_are_not_read_as_only_at_rest(kb, text):
    assert ("palpitations_at_rest_only", "yes") not in _answers(text, kb)
