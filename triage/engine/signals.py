"""Turns an Intake into signals: the atoms that knowledge-base rules are written in.

Each signal keeps where it came from (the answer's field path and value, or the reader's words),
so every conclusion can be walked back. Clinical meaning lives in the rules, not here.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field

from .intake import Complaint, GeneralHealth, Intake, Timing, WarningSign, tri_state_fields

GENERAL = "general"

# Complaint yes/no/not-sure answers that screen for red flags. Every tri-state answered "not sure"
# gives a distinct `<name>_not_sure` signal (the rules decide what it means); "not sure" on two
# or more of these danger questions, or on any general-health question, also gives
# `several_not_sure`.
SCREENING_FIELDS = frozenset(
    {
        "swelled_within_hours",
        "warmth_or_redness",
        "numbness",
        "weakness",
        "symptoms_spreading_or_worsening",
        "foot_drop",
        "both_legs",
        "pinpoint_bone_tenderness",
        "locked",
        "weak_push_off",
        "night_pain_no_position_eases",
        "swelling",
        "pain_out_of_proportion",
        "tense_swollen_muscle",
        "pain_on_passive_stretch",
        "cold_pale_or_blue_foot",
        "cannot_bend_knee_to_90",
        "kneecap_tenderness",
        "fibula_head_tenderness",
        "ankle_bone_tenderness",
        "midfoot_bone_tenderness",
        "high_risk_bone_site",
        "limping",
        "pain_behind_knee",
    }
)
SCREENING_TIMINGS = frozenset(
    {Timing.hopping, Timing.standing_on_leg, Timing.night, Timing.walking, Timing.rest}
)
NOT_SURE_NOTE = "answered 'not sure': weighed by the not-sure rules, not as a yes"
COUNTED_AS_YES_NOTE = (
    "answered 'not sure': counted as yes, as this sign cannot be ruled out at home"
)
NOT_SURE = "_not_sure"
SEVERAL_NOT_SURE = "several_not_sure"

TIMING_SIGNALS: dict[Timing, str] = {
    Timing.during_run: "pain_during_run",
    Timing.after_run: "pain_after_run",
    Timing.night: "pain_at_night",
    Timing.morning: "pain_in_morning",
    Timing.sitting: "pain_on_sitting",
    Timing.driving: "pain_when_driving",
    Timing.hills: "pain_on_hills",
    Timing.stairs: "pain_on_stairs",
    Timing.hopping: "pain_on_hopping",
    Timing.walking: "pain_on_walking",
    Timing.standing_on_leg: "pain_standing_on_leg",
    Timing.rest: "pain_at_rest",
    Timing.swing_phase: "pain_dragging_leg_through",
    Timing.late_in_run: "pain_late_in_run",
    Timing.lying_on_side: "pain_lying_on_side",
}


class Evidence(BaseModel):
    """Where a signal came from: an answer, or the exact words of a comment."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    field: str = Field(description="Answer field path, such as complaints[0].hurts_when.")
    value: str = Field(description="The answer given, as text.")
    text: str | None = Field(None, description="The reader's own words, for a comment.")
    start: int | None = Field(None, description="Character offset where the words start.")
    end: int | None = Field(None, description="Character offset where the words end.")
    note: str | None = Field(None, description="How the answer was read, when not literally.")


@dataclass(frozen=True)
class SignalSpec:
    """One atom of the rule vocabulary: its name, scope and what answer produces it."""

    name: str
    scope: str  # "complaint" or "general"
    description: str


@dataclass(frozen=True)
class Signal:
    name: str
    scope: str
    evidence: tuple[Evidence, ...]

    @property
    def key(self) -> str:
        return f"{self.name}@{self.scope}"


def _complaint_specs() -> Iterator[SignalSpec]:
    from .intake import Diagnosis, Region, StrengthWorkOutcome, Trigger

    yield SignalSpec("has_complaint", "complaint", "the runner reported a painful area")
    for region in Region:
        yield SignalSpec(f"{region.value}_pain", "complaint", f"pain at the {region.value}")
    yield SignalSpec("both_sides", "complaint", "it hurts on both sides")
    yield SignalSpec("sudden_onset", "complaint", "it came on suddenly")
    yield SignalSpec("gradual_onset", "complaint", "it came on gradually")
    for trigger in Trigger:
        yield SignalSpec(f"trigger_{trigger.value}", "complaint", f"set off by {trigger.value}")
    yield SignalSpec("long_standing", "complaint", "going on for six weeks or more")
    yield SignalSpec("over_three_months", "complaint", "going on for twelve weeks or more")
    yield SignalSpec("recent_onset", "complaint", "started less than two weeks ago")
    yield SignalSpec("two_weeks_or_more", "complaint", "going on for two weeks or more")
    yield SignalSpec("pain_mild", "complaint", "pain 3/10 or less during runs")
    yield SignalSpec("pain_over_5", "complaint", "pain above 5/10 during runs")
    yield SignalSpec("pain_5_or_less", "complaint", "pain 5/10 or less during runs")
    yield SignalSpec("severe_pain", "complaint", "pain 8/10 or more")
    for name in TIMING_SIGNALS.values():
        yield SignalSpec(name, "complaint", name.replace("_", " "))
    for name in tri_state_fields(Complaint):
        yield SignalSpec(name, "complaint", name.replace("_", " "))
        yield SignalSpec(name + NOT_SURE, "complaint", f"not sure: {name.replace('_', ' ')}")
    for timing in SCREENING_TIMINGS:
        name = TIMING_SIGNALS[timing] + NOT_SURE
        yield SignalSpec(name, "complaint", f"not sure: {TIMING_SIGNALS[timing]}")
    for diagnosis in Diagnosis:
        yield SignalSpec(f"diagnosed_{diagnosis.value}", "complaint", f"told: {diagnosis.value}")
    for outcome in StrengthWorkOutcome:
        yield SignalSpec(f"strength_work_{outcome.value}", "complaint", f"strength work: {outcome}")


def _general_specs() -> Iterator[SignalSpec]:
    for name in tri_state_fields(GeneralHealth):
        if name != "able_to_bear_weight":
            yield SignalSpec(name, GENERAL, name.replace("_", " "))
            yield SignalSpec(name + NOT_SURE, GENERAL, f"not sure: {name.replace('_', ' ')}")
    yield SignalSpec("unable_to_bear_weight", GENERAL, "cannot take four steps on it")
    for sign in WarningSign:
        yield SignalSpec(f"warning_{sign.value}", GENERAL, f"a comment raised {sign.value}")
    yield SignalSpec("unable_to_bear_weight_not_sure", GENERAL, "not sure it can take 4 steps")
    yield SignalSpec("can_bear_weight", GENERAL, "can take four steps on it")
    yield SignalSpec("symptoms_not_settled", GENERAL, "the symptoms are still there now")
    yield SignalSpec(SEVERAL_NOT_SURE, GENERAL, "two or more danger questions answered not sure")
    yield SignalSpec("age_under_9", GENERAL, "aged under 9")
    yield SignalSpec("age_9_to_16", GENERAL, "aged 9 to 16")
    yield SignalSpec("age_under_18", GENERAL, "aged under 18")
    yield SignalSpec("age_45_or_over", GENERAL, "aged 45 or over")
    yield SignalSpec("age_55_or_over", GENERAL, "aged 55 or over")
    yield SignalSpec("female", GENERAL, "female")
    yield SignalSpec("male", GENERAL, "male")
    yield SignalSpec("in_season", GENERAL, "in the racing season")
    yield SignalSpec("off_season", GENERAL, "out of the racing season")
    yield SignalSpec("distance_jump", GENERAL, "weekly distance rose more than about 10%")
    yield SignalSpec("returning_after_time_off", GENERAL, "four or more weeks off running")
    yield SignalSpec("no_strength_training", GENERAL, "no strength sessions in the week")
    yield SignalSpec("hill_focus", GENERAL, "training mostly on hills")
    yield SignalSpec("form_fades_late", GENERAL, "form slumps or falls apart late in long runs")
    yield SignalSpec(
        "race_or_long_event", GENERAL, "a race, or a marathon or longer, or four hours or more"
    )


SIGNALS: Mapping[str, SignalSpec] = {s.name: s for s in (*_complaint_specs(), *_general_specs())}


def derive_signals(
    intake: Intake,
    quotes: Mapping[str, tuple[Evidence, ...]] | None = None,
    unsure_is_yes: frozenset[str] = frozenset(),
) -> list[Signal]:
    """Every signal the intake supports, in a stable order.

    `quotes` maps an answer's field path to the comment words that gave it; a quote is used
    when its `value` equals the answer's value, so each signal quotes the words behind it.
    `unsure_is_yes` names the answers whose "not sure" the rules read as yes (see
    not_sure_policy.py), so their evidence says so.
    """
    collected: dict[tuple[str, str], list[Evidence]] = {}

    def add(name: str, scope: str, field: str, value: object, note: str | None = None) -> None:
        assert name in SIGNALS, name
        text = _text(value)
        found = [e for e in (quotes or {}).get(field, ()) if e.value == text]
        if note:
            found = [e.model_copy(update={"note": note}) for e in found]
        evidence = found or [Evidence(field=field, value=text, note=note)]
        collected.setdefault((name, scope), []).extend(evidence)

    def unsure(name: str) -> str:
        return COUNTED_AS_YES_NOTE if name in unsure_is_yes else NOT_SURE_NOTE

    for index, complaint in enumerate(intake.complaints):
        _complaint_signals(complaint, f"c{index}", f"complaints[{index}]", add, unsure)
    _general_signals(intake, add, unsure)
    return [
        Signal(name, scope, tuple(dict.fromkeys(evidence)))
        for (name, scope), evidence in sorted(collected.items())
    ]


def _text(value: object) -> str:
    return str(getattr(value, "value", value))


def _complaint_signals(c: Complaint, scope: str, path: str, add, unsure) -> None:
    add("has_complaint", scope, f"{path}.region", c.region)
    add(f"{c.region.value}_pain", scope, f"{path}.region", c.region)
    if c.side.value == "both":
        add("both_sides", scope, f"{path}.side", c.side)
    if c.onset is not None:
        add(f"{c.onset.value}_onset", scope, f"{path}.onset", c.onset)
    for trigger in c.triggers:
        add(f"trigger_{trigger.value}", scope, f"{path}.triggers", trigger)
    if c.duration_weeks is not None:
        if c.duration_weeks >= 6:
            add("long_standing", scope, f"{path}.duration_weeks", c.duration_weeks)
        if c.duration_weeks >= 12:
            add("over_three_months", scope, f"{path}.duration_weeks", c.duration_weeks)
        if c.duration_weeks < 2:
            add("recent_onset", scope, f"{path}.duration_weeks", c.duration_weeks)
        else:
            add("two_weeks_or_more", scope, f"{path}.duration_weeks", c.duration_weeks)
    if c.pain is not None:
        if c.pain <= 3:
            add("pain_mild", scope, f"{path}.pain", c.pain)
        if c.pain > 5:
            add("pain_over_5", scope, f"{path}.pain", c.pain)
        else:
            add("pain_5_or_less", scope, f"{path}.pain", c.pain)
        if c.pain >= 8:
            add("severe_pain", scope, f"{path}.pain", c.pain)
    for timing in c.hurts_when:
        add(TIMING_SIGNALS[timing], scope, f"{path}.hurts_when", timing)
    for timing in c.not_sure_when:
        if timing in SCREENING_TIMINGS:
            field = f"{path}.not_sure_when"
            add(TIMING_SIGNALS[timing] + NOT_SURE, scope, field, timing, NOT_SURE_NOTE)
    for name in tri_state_fields(Complaint):
        answer = getattr(c, name)
        if answer == "yes":
            add(name, scope, f"{path}.{name}", answer)
        elif answer == "not_sure":
            add(name + NOT_SURE, scope, f"{path}.{name}", answer, unsure(name))
    for diagnosis in c.diagnosis:
        add(f"diagnosed_{diagnosis.value}", scope, f"{path}.diagnosis", diagnosis)
    if c.strength_work is not None:
        add(
            f"strength_work_{c.strength_work.value}",
            scope,
            f"{path}.strength_work",
            c.strength_work,
        )


def _general_signals(intake: Intake, add, unsure) -> None:
    health, training = intake.health, intake.training
    for name in tri_state_fields(GeneralHealth):
        answer = getattr(health, name)
        field = f"health.{name}"
        if name == "able_to_bear_weight":
            if answer == "yes":
                add("can_bear_weight", GENERAL, field, answer)
            elif answer == "no":
                add("unable_to_bear_weight", GENERAL, field, answer)
            elif answer == "not_sure":
                add("unable_to_bear_weight_not_sure", GENERAL, field, answer, NOT_SURE_NOTE)
        elif answer == "yes":
            add(name, GENERAL, field, answer)
        elif answer == "not_sure":
            add(name + NOT_SURE, GENERAL, field, answer, unsure(name))
        if name == "symptoms_settled" and answer == "no":
            add("symptoms_not_settled", GENERAL, field, answer)
    danger = _danger_not_sure_answers(intake)
    if len(danger) >= 2:
        for field, value in danger:
            add(SEVERAL_NOT_SURE, GENERAL, field, value, NOT_SURE_NOTE)
    _person_signals(health, add)
    for sign in health.warning_signs:
        add(f"warning_{sign.value}", GENERAL, "health.warning_signs", sign)
    if training.season is not None:
        add(f"{training.season}_season", GENERAL, "training.season", training.season)
    if training.recent_increase_percent is not None and training.recent_increase_percent > 10:
        add(
            "distance_jump",
            GENERAL,
            "training.recent_increase_percent",
            training.recent_increase_percent,
        )
    if training.weeks_off is not None and training.weeks_off >= 4:
        add("returning_after_time_off", GENERAL, "training.weeks_off", training.weeks_off)
    if training.strength_sessions_per_week == 0:
        add("no_strength_training", GENERAL, "training.strength_sessions_per_week", 0)
    if training.hill_focus == "yes":
        add("hill_focus", GENERAL, "training.hill_focus", "yes")
    if training.form_fades_late == "yes":
        add("form_fades_late", GENERAL, "training.form_fades_late", "yes")
    if training.race_or_long_event == "yes":
        add("race_or_long_event", GENERAL, "training.race_or_long_event", "yes")


def _danger_not_sure_answers(intake: Intake) -> list[tuple[str, object]]:
    """(field, value) of every danger question answered "not sure", in intake order."""
    found: list[tuple[str, object]] = []
    for index, c in enumerate(intake.complaints):
        path = f"complaints[{index}]"
        found += [(f"{path}.not_sure_when", t) for t in c.not_sure_when if t in SCREENING_TIMINGS]
        found += [
            (f"{path}.{name}", "not_sure")
            for name in sorted(SCREENING_FIELDS)
            if getattr(c, name) == "not_sure"
        ]
    found += [
        (f"health.{name}", "not_sure")
        for name in tri_state_fields(GeneralHealth)
        if getattr(intake.health, name) == "not_sure"
    ]
    return found


def _person_signals(health: GeneralHealth, add) -> None:
    if health.age is not None:
        if health.age < 9:
            add("age_under_9", GENERAL, "health.age", health.age)
        if 9 <= health.age <= 16:
            add("age_9_to_16", GENERAL, "health.age", health.age)
        if health.age < 18:
            add("age_under_18", GENERAL, "health.age", health.age)
        if health.age >= 45:
            add("age_45_or_over", GENERAL, "health.age", health.age)
        if health.age >= 55:
            add("age_55_or_over", GENERAL, "health.age", health.age)
    if health.sex is not None:
        add(health.sex, GENERAL, "health.sex", health.sex)
