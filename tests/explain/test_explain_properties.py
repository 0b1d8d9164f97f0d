"""Traceability as a property: every conclusion of any report walks back to the runner's answers."""

from __future__ import annotations

from hypothesis import given
from strategies import intakes

from stridewise.triage import triage
from stridewise.triage.explain.explainer import derivation, how, why_not


def _leaves(node):
    if not node.children:
        yield node
    for child in node.children:
        yield from _leaves(child)


def _ends_in_answers(kb, explanation) -> bool:
    """Every branch ends in an answer with a field, or in a rule that only needs absences."""
    for root in explanation.tree:
        for leaf in _leaves(root):
            if leaf.kind == "answer":
                if not (leaf.answer and leaf.answer.field and leaf.answer.value):
                    return False
            elif leaf.kind == "rule":
                if kb.rules[leaf.rule].when.positive_atoms() or not leaf.absent:
                    return False
            else:
                return False
    return bool(explanation.tree)


@given(intakes())
def test_every_item_in_any_report_has_a_how_that_ends_in_answers(kb, intake):
    report = triage(intake, kb)
    items = [
        *{r.level for r in report.disposition.reasons},
        *{f.id for f in report.findings},
        *(r.exercise for r in report.recommendations),
        *(b.exercise for b in report.blocked),
    ]
    for item in items:
        explanation = how(report, kb, item)
        assert _ends_in_answers(kb, explanation), item
    assert _ends_in_answers(kb, derivation(report, kb))


@given(intakes())
def test_every_block_in_any_report_is_explained_by_its_rule_and_facts(kb, intake):
    report = triage(intake, kb)
    for blocked in report.blocked:
        explanation = why_not(report, kb, blocked.exercise)
        assert blocked.by in explanation.rules
        assert set(blocked.triggered_by) <= set(explanation.facts)


@given(intakes(max_complaints=2))
def test_why_not_for_any_absent_exercise_names_a_failed_condition_per_rule(kb, intake):
    report = triage(intake, kb)
    shown = {r.exercise for r in report.recommendations} | {b.exercise for b in report.blocked}
    for exercise in sorted(set(kb.exercises) - shown):
        for failed in why_not(report, kb, exercise).unmet:
            assert failed.missing or failed.missing_any or failed.present_none, failed.rule
