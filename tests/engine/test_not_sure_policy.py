"""A question marked `not_sure_counts_as_yes` makes "not sure" a yes in every rule, stated once."""

from __future__ import annotations

import pytest
import yaml
from kb_copies import copy_shipped

from stridewise.triage import Intake, load_knowledge_base, triage
from stridewise.triage.engine.kb_models import Conditions
from stridewise.triage.engine.not_sure_policy import counted_as_yes, widen
from stridewise.triage.engine.signals import COUNTED_AS_YES_NOTE, NOT_SURE_NOTE

SHIPPED = load_knowledge_base()
MARKED = [q for q in SHIPPED.questions.values() if q.not_sure_counts_as_yes]


def _answer(question, value: str) -> Intake:
    """The answer, beside a low back complaint (RF-001 needs back or leg symptoms)."""
    section, name = question.field.split(".")
    complaint = {"region": "low_back"}
    if section == "health":
        return Intake.model_validate({"health": {name: value}, "complaints": [complaint]})
    return Intake.model_validate({"complaints": [{**complaint, name: value}]})


def test_the_marked_questions_are_the_single_sign_emergencies_and_same_day_checks():
    assert {q.field.split(".")[-1] for q in MARKED} >= {
        "anaphylaxis_signs",
        "stroke_signs",
        "head_danger_signs",
        "saddle_numbness",
        "testicle_pain_sudden",
    }


@pytest.mark.parametrize("question", MARKED, ids=lambda q: q.id)
def test_not_sure_gives_what_yes_gives(question):
    yes, unsure = triage(_answer(question, "yes")), triage(_answer(question, "not_sure"))
    assert yes.disposition.level in {"emergency", "urgent"}
    assert unsure.disposition.level == yes.disposition.level
    assert [r.rule for r in unsure.disposition.reasons] == [r.rule for r in yes.disposition.reasons]


def test_a_lesser_rule_stays_silent_when_the_greater_sign_is_only_not_sure():
    intake = Intake.model_validate(
        {"health": {"testicle_pain": "yes", "testicle_pain_sudden": "not_sure"}}
    )
    rules = {r.rule for r in triage(intake).disposition.reasons}
    assert "RF-059" in rules and "RF-060" not in rules


def test_widening_reaches_all_any_and_none_and_leaves_other_atoms_alone():
    rule = SHIPPED.rules["RF-060"].model_copy(
        update={"when": Conditions(all=["x", "knee_pain"], any=[["y", "z"]], none=["x"])}
    )
    when = widen({"R": rule}, frozenset({"x", "y"}))["R"].when
    assert when.all == ("knee_pain",)
    assert when.any == (("x", "x_not_sure"), ("y", "y_not_sure", "z"))
    assert when.none == ("x", "x_not_sure")


def test_the_atom_is_the_answer_field_not_the_question_id():
    assert "deformity" in counted_as_yes(SHIPPED.questions.values())
    assert "anaphylaxis" not in counted_as_yes(SHIPPED.questions.values())


def test_a_loaded_knowledge_base_written_back_loads_to_the_same_rules(tmp_path):
    root = copy_shipped(tmp_path)
    for path in (root / "rules").glob("*.yaml"):
        path.unlink()
    dumped = [rule.model_dump(mode="json") for rule in SHIPPED.rules.values()]
    (root / "rules" / "all.yaml").write_text(yaml.safe_dump(dumped, sort_keys=False))
    again = load_knowledge_base(root)
    assert {i: r.when for i, r in again.rules.items()} == {
        i: r.when for i, r in SHIPPED.rules.items()
    }


def _notes(report, fact: str) -> set[str | None]:
    return {
        evidence.note
        for step in report.trace
        for matched in step.matched
        if matched.fact == fact
        for evidence in matched.evidence
    }


def test_how_says_a_not_sure_was_counted_as_yes_only_where_it_was():
    stroke = triage(Intake.model_validate({"health": {"stroke_signs": "not_sure"}}))
    assert _notes(stroke, "stroke_signs_not_sure@general") == {COUNTED_AS_YES_NOTE}
    urine = triage(Intake.model_validate({"health": {"dark_urine_with_muscle_pain": "not_sure"}}))
    assert _notes(urine, "dark_urine_with_muscle_pain_not_sure@general") == {NOT_SURE_NOTE}
