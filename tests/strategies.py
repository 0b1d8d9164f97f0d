"""Hypothesis strategies for stridewise's domain objects, shared by every property test."""

from __future__ import annotations

from hypothesis import strategies as st

from stridewise.triage.engine.intake import (
    Complaint,
    Diagnosis,
    GeneralHealth,
    Intake,
    Onset,
    Region,
    Side,
    StrengthWorkOutcome,
    Timing,
    Training,
    Trigger,
    tri_state_fields,
)
from stridewise.triage.engine.signals import SCREENING_FIELDS, SCREENING_TIMINGS

tri_states = st.sampled_from([None, "yes", "no", "not_sure"])


def _subset(values) -> st.SearchStrategy[tuple]:
    return st.lists(st.sampled_from(list(values)), unique=True, max_size=4).map(tuple)


@st.composite
def complaints(draw, region: Region | None = None) -> Complaint:
    """Any valid complaint; pass `region` to pin the body region."""
    fields = {name: draw(tri_states) for name in tri_state_fields(Complaint)}
    return Complaint(
        region=region or draw(st.sampled_from(list(Region))),
        side=draw(st.sampled_from(list(Side))),
        onset=draw(st.none() | st.sampled_from(list(Onset))),
        triggers=draw(_subset(Trigger)),
        duration_weeks=draw(st.none() | st.floats(0, 520, allow_nan=False)),
        pain=draw(st.none() | st.integers(0, 10)),
        hurts_when=draw(_subset(Timing)),
        not_sure_when=draw(_subset(Timing)),
        diagnosis=draw(_subset(Diagnosis)),
        strength_work=draw(st.none() | st.sampled_from(list(StrengthWorkOutcome))),
        **fields,
    )


@st.composite
def health(draw) -> GeneralHealth:
    return GeneralHealth(
        **{name: draw(tri_states) for name in tri_state_fields(GeneralHealth)},
        age=draw(st.none() | st.integers(0, 120)),
        sex=draw(st.none() | st.sampled_from(["female", "male"])),
    )


@st.composite
def training(draw) -> Training:
    return Training(
        season=draw(st.none() | st.sampled_from(["in", "off"])),
        weekly_km=draw(st.none() | st.floats(0, 400, allow_nan=False)),
        recent_increase_percent=draw(st.none() | st.floats(0, 1000, allow_nan=False)),
        weeks_off=draw(st.none() | st.floats(0, 520, allow_nan=False)),
        strength_sessions_per_week=draw(st.none() | st.integers(0, 14)),
        hill_focus=draw(tri_states),
        form_fades_late=draw(tri_states),
    )


@st.composite
def intakes(draw, max_complaints: int = 3) -> Intake:
    """Any valid intake: zero to `max_complaints` complaints, any health and training answers."""
    return Intake(
        complaints=tuple(draw(st.lists(complaints(), max_size=max_complaints))),
        health=draw(health()),
        training=draw(training()),
    )


# Red flags as answers: each recipe turns any intake into one that carries the combination a
# clinician would act on (issue 3's list), keeping every other answer as drawn.
def _with(intake: Intake, complaint: dict | None = None, **health_answers) -> Intake:
    data = intake.model_dump(mode="json")
    data["health"].update(health_answers)
    if complaint is not None:
        data["complaints"] = [*data["complaints"][:9], complaint]
    return Intake.model_validate(data)


def _complaint_maker(draw, calm: bool):
    """Makes a drawn complaint at a region, with the red-flag answers laid over it."""

    def make(region: str, **answers) -> dict:
        data = draw(complaints(region=Region(region))).model_dump(mode="json")
        if calm:
            data = _calmed(draw, data)
        for key, value in answers.items():
            if key in ("hurts_when", "triggers"):
                value = sorted({*data[key], *value})
            data[key] = value
        return data

    return make


def _calmed(draw, data: dict) -> dict:
    """The complaint with every screening answer unanswered or no."""
    data = {**data, **{name: draw(_CALM) for name in SCREENING_FIELDS}}
    for key in ("hurts_when", "not_sure_when"):
        data[key] = [t for t in data[key] if Timing(t) not in SCREENING_TIMINGS]
    data["diagnosis"] = [d for d in data["diagnosis"] if d != "stress_fracture"]
    return data


_CALM = st.sampled_from([None, "no"])
_INJURIES = {"pop", "fall", "twist", "snap_or_kick", "blow_or_crush"}


def _without_injury(complaint: dict) -> dict:
    return {**complaint, "triggers": [t for t in complaint["triggers"] if t not in _INJURIES]}


RED_FLAG_RECIPES = {
    "saddle_numbness_with_back_or_leg_pain": lambda d, i, c: _with(
        i,
        c(d(st.sampled_from(["low_back", "buttock", "back_thigh"]))),
        saddle_numbness="yes",
    ),
    "bladder_or_bowel_change_with_back_pain": lambda d, i, c: _with(
        i, c("low_back"), bladder_or_bowel_change="yes"
    ),
    "sciatica_in_both_legs_with_weakness": lambda d, i, c: _with(
        i, c("low_back", both_legs="yes", weakness="yes", tingling="yes")
    ),
    "chest_pain_on_a_run": lambda d, i, c: _with(i, chest_pain="yes"),
    "fainting_on_a_run": lambda d, i, c: _with(i, fainting="yes"),
    "unusual_breathlessness_on_a_run": lambda d, i, c: _with(i, unusual_breathlessness="yes"),
    "confusion_or_vomiting_after_a_race": lambda d, i, c: _with(
        i, confusion_or_vomiting_after_race="yes"
    ),
    "dark_urine_with_muscle_pain": lambda d, i, c: _with(i, dark_urine_with_muscle_pain="yes"),
    # Without an injury: a hot swollen joint after a twist or pop is trauma, screened elsewhere.
    "hot_swollen_joint_within_days_without_injury": lambda d, i, c: _with(
        i,
        _without_injury(
            c(
                d(st.sampled_from(["knee", "ankle", "foot"])),
                swelling="yes",
                warmth_or_redness="yes",
                onset="sudden",
                duration_weeks=d(st.floats(0, 1)),
            )
        ),
    ),
    "achilles_snap_with_weak_push_off": lambda d, i, c: _with(
        i,
        c(
            "achilles",
            onset="sudden",
            triggers=["snap_or_kick"],
            weak_push_off="yes",
            duration_weeks=d(st.floats(0, 2)),
        ),
    ),
    "one_sided_calf_swelling_and_warmth": lambda d, i, c: _with(
        i,
        c(
            "calf",
            side=d(st.sampled_from(["left", "right"])),
            swelling="yes",
            warmth_or_redness="yes",
        ),
    ),
    "cannot_bear_weight_after_fall_or_twist": lambda d, i, c: _with(
        i,
        c(
            d(st.sampled_from(["ankle", "foot", "knee"])),
            onset="sudden",
            triggers=[d(st.sampled_from(["fall", "twist"]))],
            duration_weeks=d(st.floats(0, 2)),
        ),
        able_to_bear_weight="no",
    ),
    "hip_or_groin_pain_on_hopping_walking_or_at_night": lambda d, i, c: _with(
        i,
        c(
            d(st.sampled_from(["groin", "hip_front"])),
            side=d(st.sampled_from(["left", "right", "unspecified"])),
            hurts_when=[
                d(st.sampled_from(["hopping", "standing_on_leg", "walking", "night", "rest"]))
            ],
        ),
    ),
    "thigh_buttock_or_low_back_pain_on_hopping": lambda d, i, c: _with(
        i,
        c(
            d(st.sampled_from(["front_thigh", "buttock", "low_back"])),
            side=d(st.sampled_from(["left", "right", "unspecified"])),
            hurts_when=[d(st.sampled_from(["hopping", "standing_on_leg"]))],
        ),
    ),
    "back_pain_with_a_fever": lambda d, i, c: _with(i, c("low_back"), fever="yes"),
    "groin_or_thigh_pain_that_builds_until_the_run_stops": lambda d, i, c: _with(
        i,
        _without_injury(
            c(
                d(st.sampled_from(["groin", "hip_front", "front_thigh"])),
                side=d(st.sampled_from(["left", "right", "unspecified"])),
                onset=d(st.sampled_from([None, "gradual"])),
                stops_the_run="yes",
                cramping=d(_CALM),
                improving=d(_CALM),
            )
        ),
        pregnant=d(_CALM),
    ),
    "foot_or_ankle_pain_on_hopping_without_an_injury": lambda d, i, c: _with(
        i,
        _without_injury(
            c(
                d(st.sampled_from(["foot", "ankle"])),
                side=d(st.sampled_from(["left", "right", "unspecified"])),
                hurts_when=[d(st.sampled_from(["hopping", "standing_on_leg"]))],
            )
        ),
    ),
    "pinpoint_bone_tenderness_on_hopping": lambda d, i, c: _with(
        i,
        c(
            d(st.sampled_from(["shin", "foot"])),
            pinpoint_bone_tenderness="yes",
            hurts_when=["hopping"],
        ),
    ),
    "spreading_numbness_or_weakness": lambda d, i, c: _with(
        i,
        c(
            d(st.sampled_from(list(Region))).value,
            **{d(st.sampled_from(["numbness", "weakness"])): "yes"},
            symptoms_spreading_or_worsening="yes",
        ),
    ),
    "foot_drop": lambda d, i, c: _with(
        i,
        c(d(st.sampled_from(["low_back", "buttock", "shin", "foot"])), foot_drop="yes"),
    ),
    "knee_swelled_within_hours_of_a_pop_or_twist": lambda d, i, c: _with(
        i,
        c(
            "knee",
            onset="sudden",
            triggers=[d(st.sampled_from(["pop", "twist"]))],
            swelled_within_hours="yes",
            duration_weeks=d(st.floats(0, 2)),
        ),
    ),
    "locked_knee": lambda d, i, c: _with(
        i, c("knee", locked="yes", moves_fully_again=d(st.sampled_from([None, "no"])))
    ),
    "palpitations_or_near_fainting": lambda d, i, c: _with(
        i, **{d(st.sampled_from(["palpitations", "near_fainting"])): "yes"}
    ),
    "palpitations_at_rest_with_a_warning_sign": lambda d, i, c: _with(
        i,
        palpitations="yes",
        palpitations_at_rest_only="yes",
        palpitations_known_trigger=d(st.sampled_from([None, "yes"])),
        **{
            d(
                st.sampled_from(
                    ["near_fainting", "chest_pain", "fainting", "unusual_breathlessness"]
                )
            ): "yes"
        },
    ),
    "new_headache_with_jaw_or_scalp_pain_over_45": lambda d, i, c: _with(
        i, headache_with_jaw_or_scalp_pain="yes", age=d(st.integers(45, 95))
    ),
    "belly_pain_low_on_the_right_with_a_fever": lambda d, i, c: _with(
        i, right_lower_belly_pain="yes", fever=d(st.sampled_from(["yes", "not_sure"]))
    ),
    "heat_illness": lambda d, i, c: _with(i, heat_illness_signs="yes"),
    "hyponatraemia_after_drinking_in_a_race": lambda d, i, c: _with(
        i, drank_a_lot_during_race="yes", headache_nausea_or_puffy_hands_after_race="yes"
    ),
    "compartment_syndrome_after_a_blow": lambda d, i, c: _with(
        i,
        c(
            d(st.sampled_from(["shin", "calf", "front_thigh"])),
            onset="sudden",
            triggers=["blow_or_crush"],
            pain_out_of_proportion="yes",
            tense_swollen_muscle="yes",
        ),
    ),
    "limping_child_with_hip_or_knee_pain": lambda d, i, c: _with(
        i,
        c(d(st.sampled_from(["knee", "hip_front", "groin", "front_thigh"])), limping="yes"),
        age=d(st.integers(9, 16)),
    ),
    "cold_pale_or_blue_foot": lambda d, i, c: _with(
        i, c(d(st.sampled_from(["foot", "ankle", "shin"])), cold_pale_or_blue_foot="yes")
    ),
    "high_risk_bone_stress_injury": lambda d, i, c: _with(
        i, c(d(st.sampled_from(["shin", "foot", "groin"])), high_risk_bone_site="yes")
    ),
    "new_back_pain_after_cancer": lambda d, i, c: _with(i, c("low_back"), cancer_history="yes"),
    "calf_pain_after_long_travel": lambda d, i, c: _with(
        i, c("calf"), recent_long_travel_or_immobilisation="yes"
    ),
    "unremitting_night_pain_with_weight_loss_or_cancer": lambda d, i, c: _with(
        i,
        c(
            d(st.sampled_from(list(Region))).value,
            night_pain_no_position_eases="yes",
            hurts_when=["night"],
        ),
        **{d(st.sampled_from(["unexplained_weight_loss", "cancer_history"])): "yes"},
    ),
}


@st.composite
def calm_intakes(draw, max_complaints: int = 2) -> Intake:
    """Intakes with no red-flag answer: screening questions unanswered or answered no."""
    calm = [
        _calmed(draw, complaint.model_dump(mode="json"))
        for complaint in draw(st.lists(complaints(), max_size=max_complaints))
    ]
    general = {name: draw(_CALM) for name in tri_state_fields(GeneralHealth)}
    general["able_to_bear_weight"] = draw(st.sampled_from([None, "yes"]))
    return Intake.model_validate(
        {"complaints": calm, "health": general, "training": draw(training()).model_dump()}
    )


@st.composite
def red_flag_answers(
    draw, recipe: str | None = None, calm: bool = False, base: Intake | None = None
) -> tuple[str, Intake]:
    """Any intake (or `base`) with one red-flag combination added: (recipe name, intake).

    With `calm`, the other answers carry no red flag of their own, so the one added must count.
    """
    name = recipe or draw(st.sampled_from(sorted(RED_FLAG_RECIPES)))
    if base is None:
        base = draw(calm_intakes() if calm else intakes(max_complaints=2))
    return name, RED_FLAG_RECIPES[name](draw, base, _complaint_maker(draw, calm))


_RUNNER_WORDS = [
    "my achillies wakes me at night",
    "no numbness",
    "sore inner hip on hills",
    "I tore my illiacus 9 weeks ago",
    "groin hurts when I hop",
    "knee pain on stairs, 7/10",
    "my wife's knee",
    "if it gets worse",
    "driving hurts my glute",
]
_OTHER_LANGUAGES = [
    "Mein Knie tut beim Laufen weh.",
    "膝が痛いです、走ると悪化します。",
    "У меня болит ахиллово сухожилие по ночам.",  # noqa: RUF001
    "ألم في الورك عند الجري",
    "Me duele la cadera cuando corro cuesta arriba.",
    "मेरे घुटने में दर्द है",
]


def comments() -> st.SearchStrategy[str]:
    """Text a comment box can receive: empty, huge, binary-looking, emoji, other languages."""
    return st.one_of(
        st.just(""),
        st.text(max_size=200),
        st.binary(max_size=300).map(lambda b: b.decode("latin-1")),
        st.text(st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF), max_size=50),
        st.sampled_from(_OTHER_LANGUAGES),
        st.lists(st.sampled_from(_RUNNER_WORDS + _OTHER_LANGUAGES), max_size=6).map(" ".join),
        st.tuples(st.sampled_from(_RUNNER_WORDS), st.integers(1_000, 20_000)).map(
            lambda t: (t[0] + " ") * (t[1] // len(t[0]))
        ),
        st.just("\x00\x01\x02\ufffd\ud7ff" * 1000),
    )


# Complaint answers that report a symptom easing or freeing are not symptoms either (see below).
_EASING = {
    "improving",
    "eases_when_shoes_loosened",
    "numbness_passes_on_stopping",
    "moves_fully_again",
}
_SYMPTOM_FIELDS = [name for name in tri_state_fields(Complaint) if name not in _EASING]
# Answers that report a symptom has passed, a doctor has examined it, or a benign cause explains
# it are not symptoms: by design they can lower the level (a chest pain that has passed is a
# same-day check, RF-047; dark urine that paled with a drink is thirst, HYD-001; a chest sore
# to press since press-ups is a strained muscle, CHW-001).
_MITIGATING = {
    "able_to_bear_weight",
    "symptoms_settled",
    "heart_checked",
    "dark_urine_cleared",
    "chest_wall_soreness",
    "cleared_nothing_since",
    "heart_tests_arranged",
    "breathless_for_weeks",
    "breathless_on_runs_for_weeks",
    "reliever_settles",
    "cold_digits",
    "sting_reaction",
    "hospital_then_specialist",
    "lasting_swelling",
    "numb_from_lying_on_it",
    "palpitations_at_rest_only",
    "palpitations_known_trigger",
    "head_knock_no_warning_signs",
}
_HEALTH_YES = [name for name in tri_state_fields(GeneralHealth) if name not in _MITIGATING]


@st.composite
def one_more_symptom(draw, intake: Intake) -> tuple[str, Intake]:
    """The intake with one more symptom reported; returns (what was added, new intake).

    A symptom: a yes to a complaint or health question, a situation in which it hurts, more
    pain than before, not bearing weight, or a new painful area.
    """
    data = intake.model_dump(mode="json")
    choices = ["health", "new_complaint"] if len(data["complaints"]) < 10 else ["health"]
    if data["complaints"]:
        choices += ["complaint_yes", "hurts_when"]
    painful = [
        i for i, c in enumerate(data["complaints"]) if c["pain"] is not None and c["pain"] < 10
    ]
    if painful:
        choices.append("more_pain")
    # A "not sure" already counts in its own right (two of them send the runner to a clinician
    # the same day), so resolving one is not adding a symptom: only new answers are added.
    unsure = {k for k, v in data["health"].items() if v == "not_sure"}
    fields = [f for f in [*_HEALTH_YES, "able_to_bear_weight"] if f not in unsure]
    if not fields:
        choices.remove("health")
    kind = draw(st.sampled_from(choices))
    if kind == "health":
        field = draw(st.sampled_from(fields))
        value = "no" if field == "able_to_bear_weight" else "yes"
        data["health"][field] = value
        what = f"health.{field} = {value}"
    elif kind == "new_complaint":
        added = draw(complaints())
        data["complaints"].append(added.model_dump(mode="json"))
        what = f"new complaint {added!r}"
    elif kind == "more_pain":
        index = draw(st.sampled_from(painful))
        complaint = data["complaints"][index]
        before = complaint["pain"]
        complaint["pain"] = draw(st.integers(before + 1, 10))
        what = f"complaints[{index}].pain {before} -> {complaint['pain']}"
    else:
        index = draw(st.integers(0, len(data["complaints"]) - 1))
        complaint = data["complaints"][index]
        answerable = [f for f in _SYMPTOM_FIELDS if complaint[f] != "not_sure"]
        if kind == "complaint_yes" and answerable:
            field = draw(st.sampled_from(answerable))
            complaint[field] = "yes"
            what = f"complaints[{index}].{field} = yes"
        else:
            timing = draw(st.sampled_from(list(Timing))).value
            complaint["hurts_when"] = sorted({*complaint["hurts_when"], timing})
            what = f"complaints[{index}].hurts_when += {timing}"
    return what, Intake.model_validate(data)
