"""Answers addressed by field path, shared by the questionnaire, comment reading and lint.

A path is `complaints[].<field>` (the complaint being described), `health.<field>` or
`training.<field>`. List fields (triggers, hurts_when, not_sure_when, diagnosis) collect
values; other fields take the value as given.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..errors import InvalidInput
from .files import validate_model
from .intake import Complaint, GeneralHealth, Intake, Training
from .signals import derive_signals

_SECTIONS = {"complaints[]": Complaint, "health": GeneralHealth, "training": Training}


def split_path(field: str) -> tuple[str, str]:
    """'complaints[].hurts_when' -> ('complaints[]', 'hurts_when'); rejects unknown fields."""
    section, _, name = field.rpartition(".")
    model = _SECTIONS.get(section)
    if model is None or name not in model.model_fields:
        raise InvalidInput(
            f"{field}: not an answer field (expected complaints[].X, health.X or training.X)"
        )
    return section, name


def is_list_field(field: str) -> bool:
    section, name = split_path(field)
    return "tuple" in str(_SECTIONS[section].model_fields[name].annotation)


def apply_answer(data: dict[str, Any], field: str, value: Any, complaint: int = 0) -> None:
    """Set one answer on a plain intake dict, in place; list fields gain the value once."""
    section, name = split_path(field)
    if section == "complaints[]":
        complaints = data.setdefault("complaints", [])
        while len(complaints) <= complaint:
            complaints.append({})
        target = complaints[complaint]
    else:
        target = data.setdefault(section, {})
    if is_list_field(field):
        items = target.setdefault(name, [])
        if value not in items:
            items.append(value)
    else:
        target[name] = value


def intake_from_answers(answers: Iterable[tuple[str, Any]], name: str = "answers") -> Intake:
    """An Intake from (field, value) pairs about one complaint; InvalidInput if one is invalid."""
    data: dict[str, Any] = {}
    for field, value in answers:
        apply_answer(data, field, value)
    return validate_model(Intake, data, name, InvalidInput)


def atoms_for_answer(field: str, value: Any) -> frozenset[str]:
    """Atoms this one answer produces, beyond those of the complaint it belongs to."""
    baseline = []
    if field.startswith("complaints[]") and not field.endswith(".region"):
        baseline = [("complaints[].region", "knee")]  # any region: a complaint needs one
    before = {s.name for s in derive_signals(intake_from_answers(baseline))}
    after = {s.name for s in derive_signals(intake_from_answers([*baseline, (field, value)]))}
    return frozenset(after - before) if baseline else frozenset(after)
