"""Where "not sure" counts as yes: a question says so once, and every rule reads it that way.

A danger question that cannot be checked safely at home (an allergic airway, stroke signs, a
twisted testicle, ...) is marked `not_sure_counts_as_yes` in questions.yaml. Rather than every
rule naming both `x` and `x_not_sure`, the loader widens each rule's conditions here: `x`
becomes "x or x_not_sure", wherever it stands, so the policy lives in one place and a rule
cannot forget half of it. Widening is idempotent, so a loaded knowledge base written back to
YAML (the benchmarks' cloned rules) loads to the same rules. HOW still shows which of the two
answers was given.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .kb_models import Conditions, Question, RuleSpec
from .signals import NOT_SURE


def counted_as_yes(questions: Iterable[Question]) -> frozenset[str]:
    """The atoms whose "not sure" answer counts as yes, from the questions that say so."""
    return frozenset(q.field.rsplit(".", 1)[-1] for q in questions if q.not_sure_counts_as_yes)


def widen(rules: Mapping[str, RuleSpec], atoms: frozenset[str]) -> dict[str, RuleSpec]:
    """Every rule with each of `atoms` read as "yes or not sure" (in `none` too)."""
    return {
        rule_id: rule.model_copy(update={"when": _widen_conditions(rule.when, atoms)})
        for rule_id, rule in rules.items()
    }


def _widen_conditions(when: Conditions, atoms: frozenset[str]) -> Conditions:
    moved = tuple((a, a + NOT_SURE) for a in when.all if a in atoms)
    return Conditions(
        all=tuple(a for a in when.all if a not in atoms),
        any=(*moved, *(_with_not_sure(group, atoms) for group in when.any)),
        none=_with_not_sure(when.none, atoms),
    )


def _with_not_sure(group: tuple[str, ...], atoms: frozenset[str]) -> tuple[str, ...]:
    widened: list[str] = []
    for atom in group:
        widened.append(atom)
        if atom in atoms and atom + NOT_SURE not in group:
            widened.append(atom + NOT_SURE)
    return tuple(widened)
