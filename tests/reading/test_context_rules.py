"""One test per ConText rule added for issue 13: denial after the word, worry, rule-outs,
other people, childhood history and answered self-questions."""

from __future__ import annotations

import pytest

from stridewise.triage.reading.reader import read_comment, triage_comment


def _context(text, kb, field, value="yes"):
    found = {
        f.context
        for f in read_comment(text, kb).extracted
        if f.fact.endswith(f".{field}") and f.value == value
    }
    assert found, (text, field)
    return found


@pytest.mark.parametrize(
    ("text", "field", "context"),
    [
        ("Bladder and bowels fine, just a sore back.", "bladder_or_bowel_change", "negated"),
        ("Nothing wrong with my bladder, the back aches.", "bladder_or_bowel_change", "negated"),
        ("Hopping doesn't hurt at all.", "hurts_when", "negated"),
        ("Dizzy? No. Just tired legs.", "near_fainting", "negated"),
        ("I might have a stress fracture in my shin.", "diagnosis", "uncertain"),
        ("Scared it could be a stress fracture.", "diagnosis", "uncertain"),
        ("Fainted a few times as a teenager, never since.", "fainting", "historical"),
        ("History: heart attack, stents fitted, back running since.", "chest_pain", "historical"),
        ("I have no pain whatsoever in my right knee.", "region", "negated"),
        (
            "Even at a pace I used to chat at I'm short of breath.",
            "unusual_breathlessness",
            "affirmed",
        ),
        (
            "Fainted at parkrun earlier this year, the cardiologist cleared me.",
            "fainting",
            "historical",
        ),
        ("Had a stress fracture in my shin when I was in high school.", "diagnosis", "historical"),
        ("Broke my ankle circa 1998, it healed fine.", "warning_signs", "historical"),
        (
            "When I was in high school, circa 1976, I broke my ankle.",
            "warning_signs",
            "historical",
        ),
        ("Last year, I had a stress fracture in my shin.", "diagnosis", "historical"),
        ("My dog collapsed on our run yesterday.", "fainting", "other_person"),
        ("My spaniel collapsed on our run in the heat.", "fainting", "other_person"),
        ("A boy in his year collapsed at the cross country.", "fainting", "other_person"),
        ("Convinced myself it was a clot, but there's no swelling.", "warning_signs", "negated"),
        ("Google told me hip pain at night is a red flag.", "hurts_when", "hypothetical"),
        ("Lay on the grass for two minutes and then I was fine.", "symptoms_settled", "affirmed"),
        ("I thought I had broken my ankle, but I can walk on it.", "warning_signs", "hypothetical"),
        (
            "What are the signs of heat exhaustion I should watch for?",
            "heat_exhaustion",
            "hypothetical",
        ),
        ("I've heard knee pain is common at that age.", "region", "hypothetical"),
        ("Since the run my left foot has gone numb.", "numbness", "affirmed"),
        ("Overnight my shin has gone tight and shiny.", "tense_swollen_muscle", "affirmed"),
        ("The numbness has gone now.", "numbness", "negated"),
        ("Never had chest pain like this before, it's crushing.", "chest_pain", "affirmed"),
        ("Never had chest pain, just a sore calf.", "chest_pain", "negated"),
        ("I can't walk without limping since the fall.", "limping", "affirmed"),
        ("The pain never goes away, even at night.", "hurts_when", "affirmed"),
        ("My calf isn't just sore, it's hot and swollen.", "warmth_or_redness", "affirmed"),
        (
            "My mind went straight to heatstroke, but I cooled off fine.",
            "heat_illness_signs",
            "hypothetical",
        ),
        ("Am I going to get a stress fracture if I keep running?", "diagnosis", "hypothetical"),
        (
            "A clubmate collapsed last year (he's fine now, had a stent). I'm 50, no symptoms.",
            "heart_condition",
            "other_person",
        ),
        ("Tore my hamstring 2 yrs ago sprinting for a bus.", "diagnosis", "historical"),
        ("Just ran my first half with zero shin pain.", "region", "negated"),
        ("Your glute plan sorted my knee out completely!", "region", "historical"),
        ("I keep reading that runners get knee pain from weak hips.", "region", "hypothetical"),
        (
            "Read a scary thing about a blood clot after long flights.",
            "warning_signs",
            "hypothetical",
        ),
    ],
)
def test_each_new_context_rule_reads_its_case(kb, text, field, context):
    value = {
        "hurts_when": "night" if "night" in text else "hopping",
        "diagnosis": "muscle_tear" if "Tore" in text else "stress_fracture",
        "region": "shin" if "shin" in text else "knee",
        "warning_signs": "clot" if "clot" in text else "fracture",
    }.get(field, "yes")
    assert context in _context(text, kb, field, value)


def test_a_cue_for_one_finding_denies_only_that_finding(kb):
    """`only_for`: "clicks free" unlocks the knee; the swelling in the same sentence stands."""
    text = "My knee is swollen and locks for a second when I squat, then clicks free."
    assert _context(text, kb, "locked") == {"negated"}
    assert _context(text, kb, "swelling") == {"affirmed"}


def test_a_knee_that_will_not_straighten_is_still_locked(kb):
    assert _context("My knee locked and I can't straighten it.", kb, "locked") == {"affirmed"}


def test_a_worry_the_reader_then_rules_out_reads_as_denied(kb):
    text = "Worried it was a stress fracture but there's no swelling and hopping is fine."
    reading = read_comment(text, kb)
    assert "bone_stress" not in {str(s) for s in reading.intake.health.warning_signs}


def test_a_wait_for_an_appointment_does_not_rule_a_worry_out(kb):
    text = "My arch hurts. Is this a stress fracture? They can't see me for a week."
    assert _context(text, kb, "diagnosis", "stress_fracture") == {"uncertain"}


def test_a_hope_that_it_would_go_away_is_not_a_symptom_that_settled(kb):
    text = "I kept running, hoping that it would just go away on its own. But it didn't."
    assert _context(text, kb, "symptoms_settled") == {"hypothetical"}


def test_the_kind_of_pain_in_brackets_is_not_a_denial(kb):
    text = "Over the last week I've developed a pain (not an ache) in my left foot."
    assert _context(text, kb, "region", "foot") == {"affirmed"}


def test_faint_as_slight_is_not_a_faint(kb):
    reading = read_comment("It's a faint numbness from the knee down.", kb)
    assert reading.intake.health.fainting is None
    assert _context("I had a faint on my run yesterday.", kb, "fainting") == {"affirmed"}


def test_not_forms_never_deny_a_body_region(kb):
    reading = read_comment("I can't bend my knee past halfway since I landed awkwardly.", kb)
    assert [c.region.value for c in reading.intake.complaints] == ["knee"]
    assert reading.intake.complaints[0].cannot_bend_knee_to_90 == "yes"


def test_a_question_about_someone_else_triages_them(kb):
    text = "My son is 13 and his knee hurts, he couldn't put any weight on it today. What should we do?"
    reading = read_comment(text, kb)
    assert [c.region.value for c in reading.intake.complaints] == ["knee"]
    assert reading.intake.health.age == 13


def test_someone_elses_problem_beside_the_readers_own_stays_theirs(kb):
    text = "The guy next to me collapsed at the finish. My own calves are just sore, any tips?"
    reading = read_comment(text, kb)
    assert reading.intake.health.fainting is None


@pytest.mark.parametrize(
    ("text", "region"),
    [
        (
            "Sore spot on the top of my foot, just in front of the ankle, after I twisted it.",
            "foot",
        ),
        (
            "Plantar fasciitis again. Heel is sore first thing in the morning. My arch feels it.",
            "heel",
        ),
        (
            "Pain where my Achilles meets the heel bone, worse on hills and in the morning.",
            "achilles",
        ),
        (
            "Twisted my ankle 2 days ago, mild swelling. No tenderness along the back edge of "
            "either ankle bone, nothing at the base of the 5th metatarsal or the navicular.",
            "ankle",
        ),
    ],
    ids=["placed_by_a_landmark", "a_bare_neighbour", "placed_inside_one_phrase", "checked_places"],
)
def test_a_region_that_only_places_the_pain_is_a_landmark_not_a_second_complaint(kb, text, region):
    reading = read_comment(text, kb)
    assert [c.region.value for c in reading.intake.complaints] == [region]
    assert "landmark" in {f.context for f in reading.extracted if f.fact.endswith(".region")}


def test_the_bone_it_joins_places_the_muscle_named_in_the_sentence_before(kb):
    text = (
        "pulled hammy?? felt it go right up where it joins the butt bone, loud pop, "
        "now the back of my thigh is black and blue"
    )
    reading = read_comment(text, kb)
    assert [c.region.value for c in reading.intake.complaints] == ["back_thigh"]
    assert [t.value for t in reading.intake.complaints[0].triggers] == ["pop"]


def test_a_landmark_region_alone_in_its_sentence_is_where_it_hurts(kb):
    reading = read_comment("Sharp pain in front of my ankle when I squat deep.", kb)
    assert [c.region.value for c in reading.intake.complaints] == ["ankle"]


def test_a_press_test_the_reader_did_is_not_hypothetical(kb):
    found = _context(
        "If I press on the bone above my ankle it hurts.", kb, "pinpoint_bone_tenderness"
    )
    assert found == {"affirmed"}


def test_a_pop_at_the_sit_bone_raises_the_hamstring_avulsion_warning(kb):
    reading = read_comment("Felt a pop right at my sit bone sprinting, sore since.", kb)
    assert "hamstring_avulsion" in {str(s) for s in reading.intake.health.warning_signs}


def test_nothing_before_a_symptom_denies_it(kb):
    text = "Foot slaps when I walk since yesterday. Nothing numb in the saddle area."
    assert _context(text, kb, "saddle_numbness") == {"negated"}


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("Aching calf at night, nothing eases it.", "night_pain_no_position_eases"),
        ("My shin keeps flaring up, nothing helps.", "recurring"),
    ],
)
def test_nothing_that_helps_is_not_a_denial(kb, text, field):
    assert _context(text, kb, field) == {"affirmed"}


def test_a_comment_with_no_first_person_is_about_the_person_it_names(kb):
    text = (
        "11 y/o daughter, season just finished. Aching groin and she's limping, "
        "10 days now. Should we do stretches?"
    )
    reading = read_comment(text, kb)
    assert reading.intake.health.age == 11
    assert reading.intake.complaints[0].limping == "yes"


def test_a_denial_said_of_the_person_written_about_still_denies(kb):
    text = "My 12 year old has a sore knee after netball. She isn't limping. Should she rest?"
    reading = read_comment(text, kb)
    assert reading.intake.complaints[0].limping is None
    assert _context(text, kb, "limping") == {"negated"}


def test_an_if_said_of_the_person_written_about_stays_hypothetical(kb):
    text = "My son is 9 and runs with me. If he gets a fever, should he skip his race?"
    assert read_comment(text, kb).intake.health.fever is None
    assert _context(text, kb, "fever") == {"hypothetical"}


def test_my_before_a_relation_is_not_the_reader_speaking_of_themselves(kb):
    text = (
        "My mum has a hot, swollen bit behind her left knee and a sore calf since she came "
        "out of hospital after her hip op. Ring the surgery Monday?"
    )
    complaints = read_comment(text, kb).intake.complaints
    assert {c.region.value for c in complaints} >= {"knee", "calf"}
    assert any(c.pain_behind_knee == "yes" for c in complaints)


def test_the_reader_who_speaks_of_their_own_pain_keeps_it_apart_from_a_relation(kb):
    text = "I've had a sore knee for a week. My mum has a swollen calf too. What should I do?"
    complaints = read_comment(text, kb).intake.complaints
    assert [c.region.value for c in complaints] == ["knee"]


@pytest.mark.parametrize(
    "text",
    [
        "Groin ache after hills. I can hop 10 times on that leg with no pain.",
        "Groin ache after hills, but I can hop on it fine.",
    ],
)
def test_a_hop_test_the_reader_passed_is_denied(kb, text):
    assert _context(text, kb, "hurts_when", "hopping") == {"negated"}


def test_tenderness_along_a_long_stretch_of_bone_is_not_one_tender_spot(kb):
    reading = read_comment("Shin ache. Pressing along the bone is tender over a long stretch.", kb)
    assert reading.intake.complaints[0].pinpoint_bone_tenderness is None
    assert "bone_stress" not in {str(s) for s in reading.intake.health.warning_signs}


def test_a_heart_exploding_out_of_the_chest_after_hills_is_hyperbole(kb):
    text = "Hill reps killed me, heart was exploding out of my chest lol. Glutes sore today."
    assert read_comment(text, kb).intake.health.palpitations is None


@pytest.mark.parametrize(
    ("text", "chest_pain"),
    [
        ("Not a stitch: it's in the middle of my chest, a tight pressure when I push.", "yes"),
        ("My chest is fine, my calf hurts on hills.", None),
    ],
)
def test_a_chest_sign_set_off_by_a_comma_is_read_and_a_denied_chest_is_not(kb, text, chest_pain):
    assert read_comment(text, kb).intake.health.chest_pain == chest_pain


def _health(text, kb):
    return read_comment(text, kb).intake.health


def test_the_last_word_on_whether_it_passed_holds(kb):
    settled = "It wasn't going away so I sat down, but after a mile of walking it did go away."
    ongoing = "It went away when I stopped before. Tonight it's been going for 20 mins."
    assert _health(settled, kb).symptoms_settled == "yes"
    assert _health(ongoing, kb).symptoms_settled == "no"


def test_the_last_word_on_weight_bearing_holds_as_ottawa_asks(kb):
    """Ottawa's criterion is no weight taken both at the time and when examined."""
    passed = "Couldn't put weight on my foot for a couple of minutes, then I could walk normally."
    worse = "Hobbled home after the twist. This morning I can't put any weight on it."
    assert _health(passed, kb).able_to_bear_weight == "yes"
    assert _health(worse, kb).able_to_bear_weight == "no"


def test_a_relation_named_after_the_readers_sign_does_not_take_it(kb):
    text = "Rolled my ankle and couldn't put any weight on it, my partner had to fetch me."
    assert _health(text, kb).able_to_bear_weight == "no"


def test_a_simile_about_someone_is_not_a_bystander(kb):
    text = "My chest feels like someone's tightening a belt round it."
    assert _health(text, kb).chest_pain == "yes"


def test_a_reader_who_says_how_they_are_is_not_writing_for_the_person_named(kb):
    text = "My club mate collapsed at parkrun last week. I'm 40, no symptoms at all. Screening?"
    assert _health(text, kb).fainting != "yes"


def test_a_bystander_named_before_the_readers_fall_does_not_take_it(kb):
    text = "Collided with another runner and went down on my knee, now it won't bend."
    reading = read_comment(text, kb)
    assert "fall" in reading.intake.complaints[0].triggers


@pytest.mark.parametrize(
    "text",
    [
        "Tripped over another kid's foot and landed awkwardly. Now my knee is swollen.",
        "Caught the other runner's heel and went down hard. My knee is swollen.",
    ],
)
def test_a_bystanders_foot_the_reader_tripped_over_does_not_take_the_readers_fall(kb, text):
    (knee,) = read_comment(text, kb).intake.complaints
    assert knee.region == "knee"
    assert {"fall", "twist"} & set(knee.triggers)


def test_a_bystanders_own_injury_stays_theirs(kb):
    text = "Another runner went down hard on his knee. My calf is tight today."
    (calf,) = read_comment(text, kb).intake.complaints
    assert calf.region == "calf"
    assert "fall" not in calf.triggers


def _intake(text, kb):
    return read_comment(text, kb).intake.model_dump(
        mode="json", exclude_none=True, exclude_defaults=True
    )


def test_an_earlier_episodes_timing_and_cause_are_not_this_ones(kb):
    text = (
        "I had this problem a few months ago and stretching did the trick. Today my knee "
        "started hurting again on the downhills."
    )
    knee = _intake(text, kb)["complaints"][0]
    assert knee["region"] == "knee"
    assert "duration_weeks" not in knee
    earlier = "I also had this pain after a half marathon a few months back. Now my knee hurts."
    assert "triggers" not in _intake(earlier, kb)["complaints"][0]
    ongoing = "I have had knee pain for a few months now."
    assert _intake(ongoing, kb)["complaints"][0]["duration_weeks"] == 13


def test_an_earlier_episodes_danger_sign_still_counts(kb):
    text = "I had this problem before, with chest pain on the run. Now my calf aches."
    assert _intake(text, kb)["health"]["chest_pain"] == "yes"


def test_an_age_in_a_simile_is_not_the_writers(kb):
    simile = "Quads wrecked after the marathon, hobbling about like an 80 year old."
    assert "age" not in _intake(simile, kb).get("health", {})
    assert _intake("I'm 80 and my quads are wrecked.", kb)["health"]["age"] == 80


def test_hands_on_the_knees_is_a_posture_not_a_knee_complaint(kb):
    text = "At the finish I bent over with my hands on my knees and felt a bit lightheaded."
    assert "complaints" not in _intake(text, kb)


def test_a_place_named_only_to_say_the_pain_is_not_there_is_no_complaint(kb):
    text = "Sore in the middle of my achilles, not down at the heel bone."
    regions = [c["region"] for c in _intake(text, kb)["complaints"]]
    assert regions == ["achilles"]
    # "not" alone still never denies a region: the knee is the complaint here.
    assert _intake("I can't bend my knee fully.", kb)["complaints"][0]["region"] == "knee"


def test_not_on_the_pill_is_still_denied_beside_the_new_place_denial(kb):
    text = "My calf is tight after a sprint, I'm not on the pill and not in pain walking."
    assert "clot" not in _intake(text, kb).get("health", {}).get("warning_signs", [])
    assert "clot" in _intake("My calf is tight and I'm on the pill.", kb)["health"]["warning_signs"]


def test_soreness_all_over_is_not_a_tender_spot(kb):
    text = "Both thighs are sore to touch all over after the track session, no one spot."
    assert "pinpoint_bone_tenderness" not in _intake(text, kb)["complaints"][0]
    spot = "There's one spot on my shin that is sore to touch."
    assert _intake(spot, kb)["complaints"][0]["pinpoint_bone_tenderness"] == "yes"


_WALKED_WITH_DIFFICULTY = (
    "Felt a pop in my calf and couldn't walk properly after.",
    "My calf cramped up so bad I could barely walk on it.",
    "Foot was agony after the run, could hardly put weight on it.",
    "Walking was a struggle all evening after the long run, my knee ached.",
    "Since I tweaked it, it's hard to walk for a day or two without a limp in my calf.",
)


@pytest.mark.parametrize("text", _WALKED_WITH_DIFFICULTY)
def test_a_walk_done_badly_or_barely_is_a_limp_not_a_leg_that_takes_no_weight(kb, text):
    """Ottawa's "cannot bear weight" means not four steps; barely walking is walking."""
    intake = _intake(text, kb)
    assert intake["complaints"][0]["limping"] == "yes"
    assert intake.get("health", {}).get("able_to_bear_weight") != "no"


def test_an_inhaler_not_doing_anything_does_not_deny_what_follows(kb):
    text = "Had ten puffs of my inhaler and it's not doing anything, can't get a proper breath."
    assert _intake(text, kb)["health"]["unusual_breathlessness"] == "yes"


def test_a_rash_that_fades_under_a_glass_is_not_a_meningitis_sign(kb):
    faded = "Red spots on my legs after the race. Did the glass test and they faded straight away."
    assert "head_danger_signs" not in _intake(faded, kb).get("health", {})
    stays = "Purple spots on her tummy. I did the glass thing and they don't fade."
    assert _intake(stays, kb)["health"]["head_danger_signs"] == "yes"


def test_a_stranger_in_front_of_a_writer_calling_for_help_is_triaged(kb):
    text = "At the finish a man collapsed and he's not breathing properly. Help?"
    assert read_comment(text, kb).intake.health.fainting == "yes"


def test_a_strangers_past_collapse_stays_theirs_even_when_the_writer_asks_for_help(kb):
    text = "A man collapsed near me at the race last week. I'm fine. Any help on heart screening?"
    assert read_comment(text, kb).intake.health.fainting is None


def test_someone_elses_guess_about_the_reader_stays_a_guess(kb):
    text = (
        "Both quads wrecked after the marathon. My colleague says I've probably torn "
        "everything. Is this normal?"
    )
    contexts = {f.context for f in read_comment(text, kb).extracted if f.fact.endswith("diagnosis")}
    assert contexts == {"uncertain"}


def test_a_child_named_by_their_age_is_who_the_comment_is_about(kb):
    text = "My 6 yo now won't put any weight on her right leg and screams if we move her hip."
    reading = read_comment(text, kb)
    assert [c.region.value for c in reading.intake.complaints] == ["hip_front"]
    assert reading.intake.health.age == 6


@pytest.mark.parametrize(
    ("text", "fall"),
    [
        ("Tender bump below his kneecap, been like this since fall.", False),
        ("It started last fall and comes and goes.", False),
        ("Since the fall my knee won't straighten.", True),
        ("Hurt my knee in the fall on the ice.", True),
    ],
)
def test_fall_the_season_is_not_a_fall(kb, text, fall):
    triggers = {t for c in read_comment(text, kb).intake.complaints for t in c.triggers}
    assert ("fall" in triggers) is fall


def test_my_kid_is_who_the_comment_is_about_even_when_the_parent_runs_too(kb):
    text = (
        "My kid won't put his foot down. He's 6 and did the fun run with me on Saturday, now "
        "he cries if anyone touches his right hip. He's hot, 39 on the ear thermometer. Calpol?"
    )
    health = read_comment(text, kb).intake.health
    assert (health.able_to_bear_weight, health.fever, health.age) == ("no", "yes", 6)


@pytest.mark.parametrize(
    ("text", "regions"),
    [
        # Someone else's shin, placed by their ankle: the ankle is a landmark, not a complaint.
        (
            "My daughter has had pain in her left shin for a month, one spot about a hand's "
            "width above the ankle, and it hurts walking to school. Ice it?",
            ["shin"],
        ),
        ("I've had a sore shin, one small spot a few inches above the ankle.", ["shin"]),
        ("My ankle is fine, it's the shin a couple of inches above it.", ["shin"]),
    ],
)
def test_a_place_named_to_locate_the_pain_is_not_a_second_complaint(kb, text, regions):
    assert [c.region.value for c in read_comment(text, kb).intake.complaints] == regions


def test_all_normal_denies_everything_listed_before_it(kb):
    text = "Sciatica down my right leg, foot slapping since Tuesday. Bladder and down below all normal."
    assert read_comment(text, kb).intake.health.bladder_or_bowel_change is None


def test_all_clear_after_a_cancer_stays_a_history_of_cancer(kb):
    text = (
        "Had breast cancer 5 years ago, all clear since. New mid-back ache for 3 weeks, wakes me."
    )
    assert read_comment(text, kb).intake.health.cancer_history == "yes"


@pytest.mark.parametrize(
    ("text", "tender"),
    [
        ("Rolled my ankle. Pressing the knobbly bony bits doesn't really hurt.", None),
        ("Rolled my ankle. Pressing the bony bit on the outside really hurts.", "yes"),
    ],
)
def test_a_tenderness_check_passed_in_passing_is_denied(kb, text, tender):
    (complaint,) = read_comment(text, kb).intake.complaints
    assert complaint.pinpoint_bone_tenderness == tender


@pytest.mark.parametrize(
    ("text", "tender"),
    [
        (
            "Turned my foot on a root. The bone in the middle of the outside edge, the bump, "
            "is very painful when I touch.",
            "yes",
        ),
        (
            "Top of my foot is sore after lacing tight, sore to touch over the tendons but not "
            "on any bone.",
            None,
        ),
    ],
)
def test_a_tender_midfoot_bone_is_read_across_an_aside(kb, text, tender):
    (foot,) = read_comment(text, kb).intake.complaints
    assert foot.midfoot_bone_tenderness == tender


def test_a_bent_limb_is_a_deformity_however_little_it_hurts(kb):
    text = (
        "Fell on ice, wrist now bent like a dinner fork lol, doesn't even hurt that much. Strap it?"
    )
    assert "fracture" in read_comment(text, kb).intake.health.warning_signs


def test_freaking_out_that_it_is_broken_is_a_worry_the_ottawa_questions_settle(kb):
    text = (
        "Rolled my ankle and I'm freaking out that it's broken. Walked 2km home on it, and "
        "pressing the bony bits doesn't hurt, just the soft part in front. X-ray?"
    )
    _, report = triage_comment(text, kb)
    assert report.disposition.level == "self_care"


def test_a_long_frame_belongs_to_the_region_its_first_words_are_said_of(kb):
    reading = read_comment(
        "Both shins get tight and burn at exactly 20 mins into every run, and the tops of my "
        "feet go a bit numb. 10 mins after stopping it's totally gone.",
        kb,
    )
    assert reading.intake.complaints[0].region == "shin"
    assert reading.intake.complaints[0].exertional_tightness == "yes"


@pytest.mark.parametrize(
    "text",
    [
        "My bladder and bowels are totally normal.",
        "Bladder and bowels are fine.",
        "Back aches, bladder and everything else is normal.",
    ],
)
def test_a_verdict_after_a_short_list_denies_every_item_in_it(kb, text):
    assert _context(text, kb, "bladder_or_bowel_change") == {"negated"}
    assert not read_comment(text, kb).intake.health.warning_signs


def test_a_verdict_before_a_clause_break_stays_with_what_came_before_it(kb):
    text = "It hurts when I lift my knee, walking and jogging are fine, no pain at night."
    assert _context(text, kb, "hurts_when", "walking") == {"negated"}


def test_a_relative_with_a_head_knock_is_triaged_even_without_a_question(kb):
    text = (
        "My husband fell on his run and hit his head on the path. He's home now but he has "
        "asked me the same question about his watch five times in ten minutes."
    )
    _, report = triage_comment(text, kb)
    assert report.disposition.level == "emergency"


def test_a_reader_who_says_how_they_are_keeps_a_relatives_fall_theirs(kb):
    text = "My husband fell and hit his head last week. I'm fine myself, no symptoms at all."
    assert "head" not in read_comment(text, kb).intake.health.warning_signs


def test_a_fell_race_is_not_a_fall(kb):
    (calves,) = read_comment("First fell race on Sunday, my calves are sore.", kb).intake.complaints
    assert "fall" not in calves.triggers


@pytest.mark.parametrize(
    ("text", "tingling"),
    [
        ("Ran through nettles, both shins tingling like mad.", None),
        ("Both shins tingling on every run since the back went.", "yes"),
    ],
)
def test_nettles_explain_a_tingle(kb, text, tingling):
    (shins,) = read_comment(text, kb).intake.complaints
    assert shins.tingling == tingling


def test_a_sting_explains_the_red_hot_lump_round_it(kb):
    text = "Stung on the ankle by a wasp, it's red and hot and puffy."
    health = read_comment(text, kb).intake.health
    assert "hot_joint" not in health.warning_signs
    assert health.sting_reaction == "yes"


@pytest.mark.parametrize(
    ("text", "cold_pale"),
    [
        ("Ten hours in wet bogs, my feet are white and wrinkly.", None),
        ("My foot went numb on the run and it's white and cold now.", "yes"),
    ],
)
def test_waterlogged_white_soles_are_not_a_lost_blood_supply(kb, text, cold_pale):
    (feet,) = read_comment(text, kb).intake.complaints
    assert feet.cold_pale_or_blue_foot == cold_pale


def test_pain_placed_on_a_foot_bone_is_a_tender_spot_on_the_bone(kb):
    text = "For two weeks the top of my foot hurts, on the bone of the 2nd toe, even walking."
    (foot,) = read_comment(text, kb).intake.complaints
    assert foot.pinpoint_bone_tenderness == "yes"


@pytest.mark.parametrize(
    ("text", "regions"),
    [
        (
            "Twisted my ankle yesterday. Small swelling, only hurts when I turn the foot inside.",
            ["ankle"],
        ),
        ("Pain on top of my foot when I flex my ankle.", ["foot"]),
        ("It only hurts when I turn my ankle inwards.", ["ankle"]),
        (
            "Rolled my ankle. The outside of my foot is swollen and bruised but I can walk fine.",
            ["ankle"],
        ),
        ("Rolled my ankle. The outside of my foot is very tender on the bone.", ["ankle", "foot"]),
    ],
)
def test_a_part_moved_or_a_sprains_spread_is_not_a_second_complaint(kb, text, regions):
    complaints = read_comment(text, kb).intake.complaints
    assert [c.region.value for c in complaints] == regions


def test_a_photo_that_does_not_show_the_redness_does_not_deny_it(kb):
    text = "The photo doesn't show the true redness of my foot, which is swollen and hot."
    assert _context(text, kb, "warmth_or_redness") == {"affirmed"}


def test_a_pain_going_on_since_last_autumn_is_current(kb):
    text = "Since last autumn my left hip aches deep in the groin after long descents."
    assert read_comment(text, kb).intake.complaints


@pytest.mark.parametrize(
    "text",
    [
        "Flying to Tokyo. How do I cut down the risk of a clot on the plane?",
        "Drink to thirst or to a plan? So now I'm totally confused.",
        "A car pulled out and missed me by about a foot. Not hurt, just shaken.",
    ],
)
def test_words_of_a_question_or_a_distance_are_no_danger_sign_or_complaint(kb, text):
    reading = read_comment(text, kb)
    assert not reading.intake.health.warning_signs
    assert not reading.intake.complaints


@pytest.mark.parametrize(
    ("text", "followed_up"),
    [
        (
            "She collapsed and went by ambulance to the ER, where they diagnosed anaphylaxis. "
            "She saw the allergist today and the allergist thinks it is exercise-induced "
            "anaphylaxis.",
            "yes",
        ),
        (
            "Anaphylaxis in May, treated in A&E, and the allergist has seen me since. This "
            "morning my lips swelled up again on my run and my throat feels tight.",
            None,
        ),
    ],
)
def test_a_specialists_name_for_a_treated_episode_does_not_reopen_it(kb, text, followed_up):
    assert read_comment(text, kb).intake.health.hospital_then_specialist == followed_up


@pytest.mark.parametrize(
    ("text", "tender"),
    [
        ("Sore along the inside of my shin, I can hop on it fine.", None),
        ("Sore shin after hills, and there's no one spot on the bone.", None),
        ("Sore shin after hills, and one spot on the bone is very tender.", "yes"),
    ],
)
def test_a_shin_sore_along_its_length_is_a_shin_without_a_tender_spot(kb, text, tender):
    (shin,) = read_comment(text, kb).intake.complaints
    assert shin.region == "shin"
    assert shin.pinpoint_bone_tenderness == tender


def test_having_to_stop_is_what_happened_not_a_hypothetical(kb):
    text = "Chest pain on today's run and I had to stop, it went away after a few minutes."
    assert _context(text, kb, "symptoms_settled") == {"affirmed"}


def test_trying_not_to_hurt_a_numb_foot_does_not_deny_the_numbness(kb):
    text = "Kept running, trying not to hurt my numb foot, then I could feel my foot again."
    assert "affirmed" in _context(text, kb, "numbness")


def test_what_happens_to_anyone_is_a_maybe_not_the_writers_symptom(kb):
    text = "In the cold you get tunnel vision and can't think straight."
    assert _context(text, kb, "near_fainting") == {"uncertain"}


@pytest.mark.parametrize(
    ("text", "freed"),
    [
        ("My knee locked. Two days on I regained full range of motion with no pain.", "yes"),
        ("My knee locked. I still can't straighten it fully again.", None),
        ("My knee locked, then full range came back. Today it locked again.", None),
    ],
)
def test_a_knee_moves_fully_again_only_when_the_movement_is_back(kb, text, freed):
    (knee,) = read_comment(text, kb).intake.complaints
    assert knee.locked == "yes"
    assert knee.moves_fully_again == freed


def test_asking_whether_to_stop_running_is_no_run_the_pain_stopped(kb):
    text = "Ache in my groin on longer runs for two weeks. Do I have to stop running?"
    (groin,) = read_comment(text, kb).intake.complaints
    assert groin.stops_the_run is None


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("Red streaks down the front of my white top after the long run.", "skin_infection"),
        ("Sat in the shade with a cold drink after the race.", "cold_or_flu"),
    ],
)
def test_words_about_clothes_or_drinks_are_no_illness(kb, text, field):
    assert not any(f.fact.endswith(f".{field}") for f in read_comment(text, kb).extracted)


def test_what_a_partner_noticed_about_the_readers_foot_is_the_readers(kb):
    text = "My calf goes hard on runs and my partner noticed the foot looked pale afterwards."
    assert "affirmed" in _context(text, kb, "cold_pale_or_blue_foot")


@pytest.mark.parametrize(
    "text",
    [
        "Twisted it and now my knee is stuck slightly bent.",
        "I can't get it to go straight since the twist.",
        "He couldn't lay his leg flat on the bed after his knee jammed.",
    ],
)
def test_a_knee_stuck_bent_in_other_words_is_locked(kb, text):
    (knee,) = read_comment(f"Knee injury at training. {text}", kb).intake.complaints
    assert knee.locked == "yes"


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("Mid run my heart lost its rhythm for a few minutes.", "palpitations"),
        ("My heart went off like a hummingbird on the hill.", "palpitations"),
        ("At the finish he's burning hot and not sweating any more.", "heat_illness_signs"),
        (
            "She doesn't know what race this is after crossing the line.",
            "confusion_or_vomiting_after_race",
        ),
    ],
)
def test_danger_signs_in_other_words_are_read(kb, text, field):
    assert "affirmed" in _context(text, kb, field)


def test_a_parents_own_question_does_not_make_the_childs_region_theirs(kb):
    text = (
        "My son is 14. His left testicle suddenly hurts badly since his reps. "
        "Is this a pulled groin muscle? Should I give him ibuprofen?"
    )
    assert read_comment(text, kb).intake.health.testicle_pain_sudden == "yes"


def test_a_twist_years_ago_is_the_past_not_this_injurys_trigger(kb):
    text = "My knee swells after long runs. I twisted it skiing a couple of years ago."
    assert _context(text, kb, "triggers", "twist") == {"historical"}


@pytest.mark.parametrize(
    ("text", "cleared"),
    [
        ("Hit my head on a branch. Didn't knock me out, no headache, no sickness.", "yes"),
        ("Hit my head on a branch. Didn't knock me out. I've been sick twice since.", None),
    ],
)
def test_a_head_knock_is_cleared_only_when_its_signs_are_denied(kb, text, cleared):
    assert read_comment(text, kb).intake.health.head_knock_no_warning_signs == cleared


# A story that is over: an episode told from a past time up to "fine since then" is history; a
# recent time inside the story, or an ending denied, leaves the danger sign current.

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
    assert _context(text, kb, field) == {"historical"}


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
    # The ending denied.
    (
        "This goes back to 2019. My pee was brown and my thighs were agony after a spin class. "
        "I never fully recovered. Should I run?",
        "dark_urine_with_muscle_pain",
    ),
]


@pytest.mark.parametrize(("text", "field"), _STILL_CURRENT)
def test_a_recent_or_unanchored_episode_stays_current(text, kb, field):
    assert "affirmed" in _context(text, kb, field)
