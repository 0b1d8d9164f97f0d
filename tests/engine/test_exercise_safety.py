"""Exercise safety rules of the second clinical edition, stated as hypothesis properties.

Whatever else a runner reports: a stress fracture gets no loading or impact, insertional
Achilles pain gets no heel drops or calf stretching, pain above 5/10 gets no heavy or jumping
work, a sudden hamstring or calf pain gets no jumps, the hill drill's dose fits "mostly on the
flat", and a calf strain gets calf loading.
"""

from __future__ import annotations

import re

from hypothesis import given, note
from hypothesis import strategies as st
from strategies import complaints, intakes

from stridewise.triage import Intake, default_knowledge_base, triage
from stridewise.triage.engine.intake import Region

KB = default_knowledge_base()
LOADING_OR_IMPACT = {
    "plyometric",
    "explosive",
    "loaded",
    "strength",
    "eccentric",
    "drill",
    "balance",
}
HEAVY_OR_JUMPING = {"plyometric", "explosive", "loaded"}
CALF_LOADING = {"calf_isometric_hold", "graded_calf_raise", "seated_soleus_raise"}


def _recommended_tags(intake: Intake) -> set[str]:
    """The tags of every exercise the triage recommends (noted for a failing example)."""
    report = triage(intake, KB)
    note(f"recommended {[(r.exercise, r.tags) for r in report.recommendations]}")
    return {tag for r in report.recommendations for tag in r.tags}


@st.composite
def intakes_with(draw, region: Region | None = None, **answers) -> Intake:
    """Any intake plus one complaint (at `region`, if given) carrying `answers`."""
    base = draw(intakes(max_complaints=1)).model_dump(mode="json")
    complaint = draw(complaints(region=region)).model_dump(mode="json")
    complaint.update(answers)
    base["complaints"].append(complaint)
    return Intake.model_validate(base)


def at_any_of(regions: list[Region], **answers) -> st.SearchStrategy[Intake]:
    """`intakes_with` at one of `regions`."""
    return st.sampled_from(regions).flatmap(lambda region: intakes_with(region=region, **answers))


@given(intakes_with(diagnosis=["stress_fracture"]))
def test_a_diagnosed_stress_fracture_gets_no_loading_or_impact_exercise(intake):
    assert not _recommended_tags(intake) & LOADING_OR_IMPACT


@given(intakes_with(region=Region.shin, pinpoint_bone_tenderness="yes"))
def test_a_suspected_shin_stress_fracture_gets_no_loading_or_impact_exercise(intake):
    assert not _recommended_tags(intake) & LOADING_OR_IMPACT


@given(at_any_of([Region.achilles, Region.heel], pain_where_tendon_meets_heel="yes"))
def test_insertional_achilles_pain_gets_no_heel_drops_or_calf_stretching(intake):
    assert not _recommended_tags(intake) & {"below_neutral_ankle", "stretch"}


@given(st.integers(6, 10).flatmap(lambda pain: intakes_with(pain=pain)))
def test_pain_above_5_gets_no_heavy_or_jumping_exercise(intake):
    assert not _recommended_tags(intake) & HEAVY_OR_JUMPING


@given(at_any_of([Region.back_thigh, Region.calf], onset="sudden"))
def test_a_sudden_hamstring_or_calf_pain_gets_no_jumping_or_explosive_work(intake):
    assert not _recommended_tags(intake) & {"plyometric", "explosive"}


def _strides(text: str) -> int:
    """Total hill strides in a dose such as '1 x 4-6 strides of 15-20 s ...' (upper bound)."""
    sets = re.match(r"(\d+) x ", text)
    reps = re.search(r"(\d+)(?:-(\d+))? strides", text)
    assert sets and reps, text
    return int(sets.group(1)) * int(reps.group(2) or reps.group(1))


@given(intakes())
def test_the_hill_drill_dose_fits_advice_to_run_mostly_on_the_flat(intake):
    report = triage(intake, KB)
    drills = [r for r in report.recommendations if r.exercise == "lift_the_foot_hill_drill"]
    if drills and "mostly on the flat" in report.model_dump_json():
        note(drills[0].dosage.text)
        assert _strides(drills[0].dosage.text) <= 6


@given(
    st.sampled_from(
        [{"diagnosis": ["muscle_tear"]}, {"onset": "sudden", "triggers": ["pop"]}]
    ).flatmap(lambda answers: intakes_with(region=Region.calf, **answers))
)
def test_a_calf_strain_without_a_red_flag_gets_calf_specific_loading(intake):
    report = triage(intake, KB)
    note(f"recommended {[r.exercise for r in report.recommendations]}")
    if not report.all_exercises_held_by and report.recommendations:
        assert {r.exercise for r in report.recommendations} & CALF_LOADING
