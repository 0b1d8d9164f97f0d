"""What a runner reports, as validated pydantic models.

Only shapes and ranges live here; what the answers mean clinically is the knowledge base's job.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field


class Region(StrEnum):
    """Where it hurts, in the words a runner would pick from a body map."""

    foot = "foot"
    heel = "heel"
    ankle = "ankle"
    achilles = "achilles"
    calf = "calf"
    shin = "shin"
    knee = "knee"
    front_thigh = "front_thigh"
    back_thigh = "back_thigh"
    groin = "groin"
    hip_front = "hip_front"
    outer_hip = "outer_hip"
    buttock = "buttock"
    low_back = "low_back"
    # A pain the runner describes without saying where (or "my whole leg"): kept, not dropped.
    unknown = "unknown"


class Side(StrEnum):
    left = "left"
    right = "right"
    both = "both"
    unspecified = "unspecified"


class Onset(StrEnum):
    sudden = "sudden"
    gradual = "gradual"


class Trigger(StrEnum):
    pop = "pop"
    fall = "fall"
    twist = "twist"
    snap_or_kick = "snap_or_kick"
    new_hill_work = "new_hill_work"
    distance_increase = "distance_increase"
    speed_work = "speed_work"
    new_shoes = "new_shoes"
    blow_or_crush = "blow_or_crush"
    race_or_hard_session = "race_or_hard_session"


class Timing(StrEnum):
    """Situations in which the pain shows up."""

    during_run = "during_run"
    after_run = "after_run"
    night = "night"
    morning = "morning"
    sitting = "sitting"
    driving = "driving"
    hills = "hills"
    stairs = "stairs"
    hopping = "hopping"
    walking = "walking"
    standing_on_leg = "standing_on_leg"
    rest = "rest"
    swing_phase = "swing_phase"
    late_in_run = "late_in_run"
    lying_on_side = "lying_on_side"


class Diagnosis(StrEnum):
    """A diagnosis someone has already given the runner."""

    muscle_tear = "muscle_tear"
    tendinopathy = "tendinopathy"
    stress_fracture = "stress_fracture"
    itb_syndrome = "itb_syndrome"
    patellofemoral_pain = "patellofemoral_pain"
    plantar_fasciitis = "plantar_fasciitis"
    shin_splints = "shin_splints"
    sciatica = "sciatica"
    ankle_sprain = "ankle_sprain"


class WarningSign(StrEnum):
    """A danger concept read in a comment (said, or said as a worry) that a red flag may not
    have completed; the safety-net rules turn each into a referral and its screening questions."""

    cardiac = "cardiac"
    palpitations = "palpitations"
    dizziness = "dizziness"
    confusion = "confusion"
    heat_illness = "heat_illness"
    dark_urine = "dark_urine"
    nerve = "nerve"
    saddle_or_bladder = "saddle_or_bladder"
    bone_stress = "bone_stress"
    fracture = "fracture"
    tendon_rupture = "tendon_rupture"
    hamstring_avulsion = "hamstring_avulsion"
    hot_joint = "hot_joint"
    clot = "clot"
    compartment = "compartment"
    circulation = "circulation"
    serious_night_pain = "serious_night_pain"
    cannot_bear_weight = "cannot_bear_weight"
    breathing = "breathing"
    head = "head"


class StrengthWorkOutcome(StrEnum):
    not_tried = "not_tried"
    cleared = "cleared"
    helped_partly = "helped_partly"
    no_change = "no_change"


@cache
def tri_state_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """Names of a model's yes / no / not-sure answers, in declaration order (once per model:
    comparing annotations goes through `typing` and cost a tenth of a batch's time)."""
    return tuple(
        name for name, info in model.model_fields.items() if info.annotation == TriStateValue
    )


def _tri_state(value: object) -> object:
    """Accept true/false as well as yes/no/not_sure, so hand-written files stay natural."""
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if isinstance(value, str):
        return value.strip().lower().replace(" ", "_").replace("-", "_")
    return value


def _season(value: object) -> object:
    """YAML 1.1 reads a bare `off` as false; take it as the runner meant it."""
    return "off" if value is False else value


TriStateValue = Literal["yes", "no", "not_sure"] | None

TriState = Annotated[
    TriStateValue,
    BeforeValidator(_tri_state),
    Field(description='"yes", "no" or "not_sure"; leave out when not asked.'),
]

_FROZEN = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


class Complaint(BaseModel):
    """One painful area, with when and how it hurts."""

    model_config = _FROZEN

    region: Region = Field(description="Body region that hurts.")
    side: Side = Field(Side.unspecified, description="Which side.")
    onset: Onset | None = Field(None, description="Did it come on suddenly or gradually?")
    triggers: tuple[Trigger, ...] = Field((), description="What set it off, if anything.")
    duration_weeks: float | None = Field(
        None, ge=0, le=520, description="How long it has been going on, in weeks (0 to 520)."
    )
    pain: int | None = Field(None, ge=0, le=10, description="Worst pain during a run, 0 to 10.")
    hurts_when: tuple[Timing, ...] = Field((), description="Situations in which it hurts.")
    not_sure_when: tuple[Timing, ...] = Field(
        (), description="Situations the runner was not sure about (each gives a not-sure signal)."
    )
    eases_with_movement: TriState = None
    morning_stiffness_over_30_min: TriState = None
    worse_next_morning: TriState = None
    creaks_or_grinds: TriState = None  # the joint creaks, crunches or grinds as it moves
    changes_running: TriState = None
    stops_the_run: TriState = None  # the pain builds on a run until the runner has to stop
    swelling: TriState = None
    swelled_within_hours: TriState = None
    bruising: TriState = None
    warmth_or_redness: TriState = None
    numbness: TriState = None
    tingling: TriState = None
    weakness: TriState = None
    symptoms_spreading_or_worsening: TriState = None
    foot_drop: TriState = None
    both_legs: TriState = None
    pinpoint_bone_tenderness: TriState = None
    gives_way: TriState = None
    locked: TriState = None
    moves_fully_again: TriState = None  # a knee that locked bends and straightens fully again
    weak_push_off: TriState = None
    night_pain_no_position_eases: TriState = None
    radiates_down_leg: TriState = None
    recurring: TriState = None
    improving: TriState = None  # clearly getting better day by day
    eases_when_shoes_loosened: TriState = None  # numb or tingling toes go once the laces loosen
    numbness_passes_on_stopping: TriState = None  # a foot numb on runs comes back on stopping
    limping: TriState = None
    cramping: TriState = None  # the muscle cramped (seized, knotted) while running
    exertional_tightness: TriState = None  # same point of every run, gone soon after stopping
    arch_dropping: TriState = None  # the arch flattening, the ankle rolling in, a weak heel raise
    outer_foot_pain: TriState = None  # over the fifth metatarsal, the foot's outer edge
    pain_out_of_proportion: TriState = None
    tense_swollen_muscle: TriState = None
    pain_on_passive_stretch: TriState = None
    cold_pale_or_blue_foot: TriState = None
    cannot_bend_knee_to_90: TriState = None
    deformity: TriState = None  # after an injury the limb looks bent or misshapen, or bone shows
    kneecap_tenderness: TriState = None
    fibula_head_tenderness: TriState = None
    ankle_bone_tenderness: TriState = None
    midfoot_bone_tenderness: TriState = None
    high_risk_bone_site: TriState = None
    pain_behind_knee: TriState = None
    pain_where_tendon_meets_heel: TriState = None
    pain_below_kneecap: TriState = None
    bump_below_kneecap: TriState = None  # a tender bony bump at the top of the shin (a teen)
    bone_lump: TriState = None  # a lump found on a long bone, such as half way down the shin
    diagnosis: tuple[Diagnosis, ...] = Field((), description="Diagnoses already given.")
    diagnosis_detail: str | None = Field(
        None, max_length=200, description='Free text, such as "iliacus".'
    )
    strength_work: StrengthWorkOutcome | None = Field(
        None, description="Has strengthening been tried, and what did it do?"
    )


class GeneralHealth(BaseModel):
    """Whole-body screening answers: the ones that can turn a niggle into an emergency."""

    model_config = _FROZEN

    fever: TriState = None
    unexplained_weight_loss: TriState = None
    cancer_history: TriState = None
    bladder_or_bowel_change: TriState = None
    saddle_numbness: TriState = None
    chest_pain: TriState = None
    cardiac_features: TriState = None  # chest pain spreading to arm, jaw or neck; a cold sweat
    chest_pain_on_exertion: TriState = None  # chest pain that running or effort brings on
    chest_wall_soreness: TriState = None  # sore to press or move since upper-body work
    fainting: TriState = None
    unusual_breathlessness: TriState = None
    confusion_or_vomiting_after_race: TriState = None
    dark_urine_with_muscle_pain: TriState = None
    visible_blood_in_urine: TriState = None
    blood_in_urine_persists: TriState = None  # on more than one day, or on a day without a run
    side_stitch: TriState = None  # a stitch under the ribs while running, gone on stopping
    recent_long_travel_or_immobilisation: TriState = None
    able_to_bear_weight: TriState = None
    warning_signs: tuple[WarningSign, ...] = Field(
        (), description="Danger concepts a comment raised, for the safety-net rules."
    )
    palpitations: TriState = None
    palpitations_at_rest_only: TriState = None  # only at rest or on a start line, never on a run
    palpitations_known_trigger: TriState = None  # caffeine, alcohol or pre-race nerves before them
    near_fainting: TriState = None
    heat_illness_signs: TriState = None
    drank_a_lot_during_race: TriState = None
    headache_nausea_or_puffy_hands_after_race: TriState = None
    heat_exhaustion: TriState = None  # hot, sick, dizzy or headachy in the heat, still sweating
    anaphylaxis_signs: TriState = None  # airway swelling or wheeze in an allergic reaction
    vomiting_or_worsening_headache: TriState = None  # after a knock: sick, or headache worse
    head_danger_signs: TriState = None  # thunderclap headache, meningitis signs, bad head knock
    head_knock_no_warning_signs: TriState = None  # not knocked out, and no sickness or headache
    blood_thinners: TriState = None  # an anticoagulant such as warfarin or apixaban
    lasting_cough: TriState = None  # a cough that has gone on for three weeks or more
    lasting_swelling: TriState = None  # hands, ankles or face puffy for weeks, even on rest days
    hands_swell_on_runs: TriState = None  # fingers swell on long runs and go down soon after
    hospital_then_specialist: TriState = None  # treated in hospital, a specialist seen since
    hives: TriState = None  # raised, itchy welts (urticaria), as with exercise or the cold
    hives_with_swelling: TriState = None  # with the hives, puffy eyelids, hands, face or body
    numb_on_waking: TriState = None  # a leg, foot or arm found numb on waking that stays numb
    numb_from_lying_on_it: TriState = None  # a limb slept or sat on that went numb, then came back
    sting_reaction: TriState = None  # a red, swollen, itchy lump where an insect stung
    cold_digits: TriState = None  # fingers or toes gone white, waxy, numb or blue in the cold
    cold_digits_recurring: TriState = None  # on every cold run, or still numb weeks later
    frostbite_signs: TriState = None  # blistered, hard, black or still white skin after rewarming
    tick_bite: TriState = None  # a tick found attached to the skin
    target_rash: TriState = None  # a rash spreading from a bite, often with a paler centre
    sepsis_signs: TriState = None  # mottled skin, no urine for hours, a sense of doom
    stroke_signs: TriState = None  # a face drooping, an arm weak, speech slurred or garbled
    animal_bite: TriState = None  # a dog or other animal bite that broke the skin
    heavy_bleeding: TriState = None  # bleeding that firm pressure for 10 minutes does not stop
    gaping_wound: TriState = None  # a cut that gapes, is deep, or whose edges will not meet
    eye_injury: TriState = None  # a hit or scratched eye that stays painful, watery or blurred
    testicle_pain: TriState = None  # pain or swelling in a testicle
    testicle_pain_sudden: TriState = None  # that testicle pain came on suddenly and severely
    right_lower_belly_pain: TriState = None  # pain low on the right of the belly, not the hip
    headache_with_jaw_or_scalp_pain: TriState = None  # new headache, jaw pain chewing, sore scalp
    bleeding_after_menopause: TriState = None  # vaginal bleeding or spotting after the menopause
    unexplained_bruises_or_spots: TriState = None  # bruises from nowhere or pinprick red spots
    exercise_wheeze: TriState = None  # wheeze or cough with running, worse in cold air
    reliever_settles: TriState = None  # the reliever inhaler settles that wheeze, as usual
    asthma_control_worse: TriState = None  # reliever needed more often, or waking at night
    symptoms_settled: TriState = None  # the whole-body symptoms described have passed
    postural_dizziness: TriState = None  # a head rush on standing up, not while running
    dark_urine_cleared: TriState = None  # dark urine that went pale again once they drank
    runners_gut: TriState = None  # stomach cramps or urgent toilet stops on runs
    gut_alarm: TriState = None  # blood in or black stools: bowel warning signs
    hernia_lump: TriState = None  # a groin or tummy lump that comes out on effort, goes lying
    hernia_stuck: TriState = None  # that lump is painful and hard or will not go back in
    heart_checked: TriState = None  # a heart specialist has already checked these symptoms
    cleared_nothing_since: TriState = None  # a doctor checked it, found nothing; none since
    heart_tests_arranged: TriState = None  # a doctor saw it and booked heart tests or cardiology
    breathless_for_weeks: TriState = None  # on everyday effort, built up over weeks or months
    breathless_on_runs_for_weeks: TriState = None  # on runs, built up over weeks or months
    periods_stopped: TriState = None  # periods missed for three months or more while training
    pelvic_floor_symptoms: TriState = None  # leaks on running or a dragging feeling down below
    painful_urination: TriState = None  # stinging or burning on passing urine
    period_pain: TriState = None  # the usual period cramps, asked about around runs
    diabetes_hypos: TriState = None  # low blood sugar on or after runs, on insulin or tablets
    ketoacidosis_signs: TriState = None  # diabetes with high ketones, deep breathing or vomiting
    nosebleed: TriState = None  # a nosebleed on or after a run
    nosebleed_wont_stop: TriState = None  # it lasts beyond 15 minutes of pinching, or is heavy
    pregnant: TriState = None  # pregnant now
    pregnancy_warning_signs: TriState = None  # bleeding, leaking fluid or regular tightenings
    skin_friction: TriState = None  # chafing, bleeding nipples, blisters or grazes from running
    skin_infection: TriState = None  # pus, spreading redness or heat around a skin wound
    heart_condition: TriState = None  # known heart disease, a stent, or treated high blood pressure
    fatigue: TriState = None  # heavy legs or tiredness that easy running does not fit
    iron_risk: TriState = None  # heavy periods, a meat-free diet or looking pale
    fatigue_lasting: TriState = None  # tired for four weeks or more, or weeks after an illness
    iron_checked: TriState = None  # iron already tested by a doctor, or prescribed iron begun
    recent_fluoroquinolone: TriState = None  # a quinolone antibiotic (ciprofloxacin ...) lately
    cold_or_flu: TriState = None  # a cold, cough, sore throat or flu-like illness
    age: int | None = Field(None, ge=0, le=120, description="Age in years (optional).")
    sex: Literal["female", "male"] | None = Field(None, description="Sex (optional).")


class Training(BaseModel):
    """Training context, used to dose exercises and to spot load errors."""

    model_config = _FROZEN

    season: Annotated[Literal["in", "off"] | None, BeforeValidator(_season)] = Field(
        None, description='"in" or "off" season.'
    )
    weekly_km: float | None = Field(None, ge=0, le=400, description="Weekly distance in km.")
    recent_increase_percent: float | None = Field(
        None, ge=0, le=1000, description="How much weekly distance rose lately, in percent."
    )
    weeks_off: float | None = Field(None, ge=0, le=520, description="Weeks off running now.")
    strength_sessions_per_week: int | None = Field(None, ge=0, le=14)
    hill_focus: TriState = None
    form_fades_late: TriState = None
    race_or_long_event: TriState = None  # a race, or a marathon or longer, or four hours or more


class Intake(BaseModel):
    """Everything a runner reported: complaints, general health and training context."""

    model_config = _FROZEN

    complaints: tuple[Complaint, ...] = Field(
        (), max_length=10, description="Each painful area; empty when nothing hurts."
    )
    health: GeneralHealth = Field(default_factory=GeneralHealth)
    training: Training = Field(default_factory=Training)
