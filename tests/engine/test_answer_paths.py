"""Answers addressed by field path land in the right place and produce the right atoms."""

from __future__ import annotations

import pytest

from stridewise.triage import InvalidInput
from stridewise.triage.engine.answer_paths import (
    apply_answer,
    atoms_for_answer,
    intake_from_answers,
)


def test_list_fields_collect_values_and_scalars_are_set():
    data: dict = {}
    apply_answer(data, "complaints[].region", "achilles")
    apply_answer(data, "complaints[].hurts_when", "night")
    apply_answer(data, "complaints[].hurts_when", "night")
    apply_answer(data, "complaints[].hurts_when", "morning")
    apply_answer(data, "health.fever", "no")
    assert data == {
        "complaints": [{"region": "achilles", "hurts_when": ["night", "morning"]}],
        "health": {"fever": "no"},
    }


def test_intake_from_answers_validates_like_an_answers_file():
    with pytest.raises(InvalidInput, match=r"complaints\[0\].region: is required"):
        intake_from_answers([("complaints[].pain", 3)])


@pytest.mark.parametrize(
    ("field", "value", "atoms"),
    [
        ("complaints[].hurts_when", "night", {"pain_at_night"}),
        ("complaints[].region", "achilles", {"achilles_pain", "has_complaint"}),
        ("complaints[].pain", 7, {"pain_over_5"}),
        ("health.able_to_bear_weight", "no", {"unable_to_bear_weight"}),
        ("health.able_to_bear_weight", "yes", {"can_bear_weight"}),
        ("health.symptoms_settled", "no", {"symptoms_not_settled"}),
        ("health.symptoms_settled", "yes", {"symptoms_settled"}),
        ("training.season", "off", {"off_season"}),
    ],
)
def test_atoms_for_answer(field, value, atoms):
    assert atoms_for_answer(field, value) == atoms


def test_unknown_field_path_is_rejected():
    with pytest.raises(InvalidInput, match="not an answer field"):
        apply_answer({}, "complaints[].colour", "red")
