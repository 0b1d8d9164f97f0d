"""Hypothesis strategies for stridewise's domain objects, shared by every property test."""

from __future__ import annotations

from hypothesis import strategies as st

from stridewise.triage.intake import (
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
    return GeneralHealth(**{name: draw(tri_states) for name in tri_state_fields(GeneralHealth)})


@st.composite
def training(draw) -> Training:
    return Training(
        season=draw(st.none() | st.sampled_from(["in", "off"])),
        weekly_km=draw(st.none() | st.floats(0, 400, allow_nan=False)),
        recent_increase_percent=draw(st.none() | st.floats(0, 1000, allow_nan=False)),
        weeks_off=draw(st.none() | st.floats(0, 520, allow_nan=False)),
        strength_sessions_per_week=draw(st.none() | st.integers(0, 14)),
        hill_focus=draw(tri_states),
    )


@st.composite
def intakes(draw, max_complaints: int = 3) -> Intake:
    """Any valid intake: zero to `max_complaints` complaints, any health and training answers."""
    return Intake(
        complaints=tuple(draw(st.lists(complaints(), max_size=max_complaints))),
        health=draw(health()),
        training=draw(training()),
    )
