"""Compiles knowledge-base rules into experta Rules: the only module that builds them.

Conditions become patterns over `Atom` facts; membership tests stand in for `L(a) | L(b)`
chains, which experta builds slowly. What a firing does is the engine's business.
"""

from __future__ import annotations

from collections.abc import Callable

from .experta_compat import AS, MATCH, NOT, Fact, KnowledgeEngine, P, Rule
from .kb_checks import is_general
from .knowledge import SALIENCE, KnowledgeBase, RuleSpec
from .signals import GENERAL

RECOMMEND_RULE = "recommend_unblocked"


class Atom(Fact):
    """A signal from the intake or a finding a rule concluded, in a scope (c0, c1, general)."""


class DispositionFact(Fact):
    """A disposition level some rule asserted; the most urgent one wins."""


class Candidate(Fact):
    """An exercise a rule put forward, before the safety filter."""


class Blocked(Fact):
    """An exercise (or '*' for all) that a rule holds back."""


class Recommended(Fact):
    """A candidate exercise that no safety rule blocked."""


def _scope_for(atom: str, binds: bool):
    if is_general(atom):
        return GENERAL
    return MATCH.scope if binds else None


def _atom_pattern(name_test, scope):
    return Atom(name=name_test) if scope is None else Atom(name=name_test, scope=scope)


def conditions_for(spec: RuleSpec) -> list:
    """experta patterns for a rule's `when`: positives bound as f0, f1, ..., negatives last."""
    when = spec.when
    binds = any(not is_general(a) for a in when.positive_atoms())
    patterns = []
    for index, atom in enumerate(when.all):
        patterns.append(getattr(AS, f"f{index}") << Atom(name=atom, scope=_scope_for(atom, binds)))
    for index, group in enumerate(when.any):
        choices = frozenset(group)
        scope = GENERAL if all(is_general(a) for a in group) else MATCH.scope
        name = f"f{len(when.all) + index}"
        patterns.append(getattr(AS, name) << Atom(name=P(choices.__contains__), scope=scope))
    for atom in when.none:
        patterns.append(NOT(_atom_pattern(atom, _scope_for(atom, binds))))
    return patterns


def compile_rules(
    kb: KnowledgeBase, on_fire: Callable[..., None], on_recommend: Callable[..., None]
) -> tuple[dict[str, Rule], dict[str, int]]:
    """Experta rules by attribute name, and each rule's rank for tie-breaking by rule id."""
    rules: dict[str, Rule] = {}
    ordered = sorted(kb.rules)
    for spec_id in ordered:
        rules[f"rule_{spec_id}"] = _make_rule(kb.rules[spec_id], on_fire)

    def recommend(engine, exercise):
        on_recommend(engine, exercise)

    recommend.__name__ = RECOMMEND_RULE
    # Runs after every stage: a candidate becomes a recommendation only if nothing blocks it.
    rules[RECOMMEND_RULE] = Rule(
        Candidate(exercise=MATCH.exercise),
        NOT(Blocked(exercise=MATCH.exercise)),
        NOT(Blocked(exercise="*")),
        salience=0,
    )(recommend)
    rank = {spec_id: i for i, spec_id in enumerate(ordered)}
    rank[RECOMMEND_RULE] = len(ordered)
    return rules, rank


def _make_rule(spec: RuleSpec, on_fire: Callable[..., None]) -> Rule:
    def fire(engine, **bound):
        on_fire(engine, spec, bound)

    fire.__name__ = spec.id
    return Rule(*conditions_for(spec), salience=SALIENCE[spec.stage])(fire)


def engine_class(kb: KnowledgeBase, base: type[KnowledgeEngine], on_fire, on_recommend):
    """A KnowledgeEngine subclass holding the compiled rules as attributes."""
    rules, rank = compile_rules(kb, on_fire, on_recommend)
    return type("CompiledTriageEngine", (base,), {**rules, "rule_rank": rank})
