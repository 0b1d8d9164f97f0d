"""Compiles knowledge-base rules into experta Rules: the only module that builds them.

Conditions become patterns over `Atom` facts; membership tests stand in for `L(a) | L(b)`
chains, which experta builds slowly, and on the hot path a rule's `none` atoms that are tested
in the same scope become one negated membership test instead of a chain of negations (no atom
of the set present is the same as each absent). What a firing does is the engine's business.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from .crosscheck import is_general
from .experta_compat import AS, MATCH, NOT, Fact, KnowledgeEngine, P, Rule, hot_path_on
from .kb_models import SALIENCE, KnowledgeBase, RuleSpec
from .signals import GENERAL

RECOMMEND_RULE = "recommend_unblocked"
# experta's alpha network tests each fact against every sibling check in turn, with no index,
# so one level holding every atom name costs a test per name per fact. Testing the atom's bucket
# first splits that level into two narrow ones: about 16 + names / 16 tests per fact.
ALPHA_BUCKETS = 16
NO_BUCKET = -1  # atoms that no rule tests


class Atom(Fact):
    """A signal from the intake or a finding a rule concluded, in a scope (c0, c1, general)."""


def alpha_buckets(kb: KnowledgeBase, group_none: bool = False) -> dict[str, int]:
    """A bucket for every atom a rule tests, spread evenly, largest cluster first.

    Atoms that share an any-group (or, with `group_none`, a negated group) share a bucket, so
    each pattern tests one bucket literal.
    """
    parent: dict[str, str] = {}

    def find(atom: str) -> str:
        while parent.setdefault(atom, atom) != atom:
            atom = parent[atom]
        return atom

    for spec in kb.rules.values():
        for atom in spec.when.atoms():
            find(atom)
        groups = [*spec.when.any, *(_none_groups(spec).values() if group_none else ())]
        for group in groups:
            for atom in group[1:]:
                parent[find(atom)] = find(group[0])
    clusters: dict[str, list[str]] = {}
    for atom in sorted(parent):
        clusters.setdefault(find(atom), []).append(atom)
    load = [0] * ALPHA_BUCKETS
    buckets: dict[str, int] = {}
    for members in sorted(clusters.values(), key=lambda m: (-len(m), m)):
        emptiest = load.index(min(load))
        load[emptiest] += len(members)
        buckets.update(dict.fromkeys(members, emptiest))
    return buckets


def atom_fact(name: str, scope: str, buckets: Mapping[str, int]) -> Atom:
    """The fact for an atom in a scope, as the engine declares it."""
    return Atom(name=name, scope=scope, bucket=buckets.get(name, NO_BUCKET))


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


def _atom_pattern(name_test, scope, bucket: int):
    if scope is None:
        return Atom(name=name_test, bucket=bucket)
    return Atom(name=name_test, scope=scope, bucket=bucket)


def _none_groups(spec: RuleSpec) -> dict[str | None, tuple[str, ...]]:
    """A rule's `none` atoms by the scope they are tested in (GENERAL, the bound complaint as
    "bound", or None for any scope when the rule binds no complaint)."""
    binds = any(not is_general(a) for a in spec.when.positive_atoms())
    groups: dict[str | None, list[str]] = {}
    for atom in spec.when.none:
        scope = _scope_for(atom, binds)
        key = scope if scope in (GENERAL, None) else "bound"
        groups.setdefault(key, []).append(atom)
    return {key: tuple(atoms) for key, atoms in groups.items()}


def conditions_for(
    spec: RuleSpec, buckets: Mapping[str, int] | None = None, group_none: bool = False
) -> list:
    """experta patterns for a rule's `when`: positives bound as f0, f1, ..., negatives last.

    `buckets` comes from `alpha_buckets` (the engine declares atoms with the same map); with
    `group_none`, the `none` atoms tested in one scope become one negated membership pattern.
    """
    buckets = buckets or {}

    def bucket(atom: str) -> int:
        return buckets.get(atom, NO_BUCKET)

    when = spec.when
    binds = any(not is_general(a) for a in when.positive_atoms())
    patterns = []
    for index, atom in enumerate(when.all):
        pattern = _atom_pattern(atom, _scope_for(atom, binds), bucket(atom))
        patterns.append(getattr(AS, f"f{index}") << pattern)
    for index, group in enumerate(when.any):
        choices = frozenset(group)
        scope = GENERAL if all(is_general(a) for a in group) else MATCH.scope
        name = f"f{len(when.all) + index}"
        pattern = Atom(name=P(choices.__contains__), scope=scope, bucket=bucket(group[0]))
        patterns.append(getattr(AS, name) << pattern)
    if group_none:
        for key, atoms in _none_groups(spec).items():
            name = atoms[0] if len(atoms) == 1 else P(frozenset(atoms).__contains__)
            scope = MATCH.scope if key == "bound" else key
            patterns.append(NOT(_atom_pattern(name, scope, bucket(atoms[0]))))
        return patterns
    for atom in when.none:
        patterns.append(NOT(_atom_pattern(atom, _scope_for(atom, binds), bucket(atom))))
    return patterns


def compile_rules(
    kb: KnowledgeBase, on_fire: Callable[..., None], on_recommend: Callable[..., None]
) -> tuple[dict[str, Rule], dict[str, int], dict[str, int]]:
    """Experta rules by attribute name, each rule's rank for tie-breaking by rule id, and the
    atoms' alpha buckets. `none` groups are one negation on the hot path only, so that the
    benchmarks can compare with experta as it was."""
    rules: dict[str, Rule] = {}
    ordered = sorted(kb.rules)
    grouped = hot_path_on()
    buckets = alpha_buckets(kb, grouped)
    for spec_id in ordered:
        rules[f"rule_{spec_id}"] = _make_rule(kb.rules[spec_id], on_fire, buckets, grouped)

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
    return rules, rank, buckets


def _make_rule(
    spec: RuleSpec, on_fire: Callable[..., None], buckets: Mapping[str, int], group_none: bool
) -> Rule:
    def fire(engine, **bound):
        on_fire(engine, spec, bound)

    fire.__name__ = spec.id
    patterns = conditions_for(spec, buckets, group_none)
    return Rule(*patterns, salience=SALIENCE[spec.stage])(fire)


def engine_class(kb: KnowledgeBase, base: type[KnowledgeEngine], on_fire, on_recommend):
    """A KnowledgeEngine subclass holding the compiled rules as attributes."""
    rules, rank, buckets = compile_rules(kb, on_fire, on_recommend)
    attributes = {**rules, "rule_rank": rank, "atom_buckets": buckets}
    return type("CompiledTriageEngine", (base,), attributes)
