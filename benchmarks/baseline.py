"""The knowledge base's rules evaluated directly in Python, without experta: the yardstick.

A fixed-point loop over sets of (atom, scope) that fires, at each step, the first rule (by
stage, then rule order) with an unfired match, newest facts first: the engine's agenda
without the Rete network. It must reach the engine's conclusions on every intake.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass

from stridewise.triage.engine.crosscheck import (
    DISPOSITION_GIVEN,
    FINDING_CONCLUDED,
    URGENT_ADVICE_GIVEN,
    gives_urgent_advice,
    is_general,
)
from stridewise.triage.engine.firings import ALL_EXERCISES, RunResult, blocked_by
from stridewise.triage.engine.kb_models import SALIENCE, KnowledgeBase, Level, RuleSpec
from stridewise.triage.engine.signals import GENERAL, Signal

BOUND = "bound"  # the complaint scope the rule binds; otherwise a term names GENERAL or None (any)


@dataclass(frozen=True)
class Outcome:
    """What a run concluded, in a form both the engine and the baseline can produce."""

    dispositions: frozenset[tuple[str, str]]
    findings: frozenset[tuple[str, str]]
    recommended: frozenset[str]
    blocked: frozenset[str]
    firings: tuple[tuple[str, str], ...]

    @property
    def level(self) -> str:
        """The most urgent disposition given, as the report picks it."""
        levels = [level for _, level in self.dispositions]
        return max(levels, key=Level.parse) if levels else "unset"


@dataclass(frozen=True)
class _Rule:
    spec: RuleSpec
    binds: bool
    all: tuple[tuple[str, str], ...]
    any: tuple[tuple[tuple[str, ...], str], ...]
    none: tuple[tuple[str, str | None], ...]
    blocks: tuple[str, ...]


@dataclass(frozen=True)
class Baseline:
    """The rules in firing priority, and which rules read each atom (to re-match only those)."""

    rules: tuple[_Rule, ...]
    readers: dict[str, tuple[int, ...]]


def compile_baseline(kb: KnowledgeBase) -> Baseline:
    """The KB's rules in firing priority: stage salience first, then rule id."""
    rules = []
    for rank, rule_id in enumerate(sorted(kb.rules)):
        spec = kb.rules[rule_id]
        binds = any(not is_general(a) for a in spec.when.positive_atoms())
        local = BOUND if binds else None
        rules.append(
            (
                -SALIENCE[spec.stage],
                rank,
                _Rule(
                    spec=spec,
                    binds=binds,
                    all=tuple((a, GENERAL if is_general(a) else BOUND) for a in spec.when.all),
                    any=tuple(
                        (group, GENERAL if all(is_general(a) for a in group) else BOUND)
                        for group in spec.when.any
                    ),
                    none=tuple((a, GENERAL if is_general(a) else local) for a in spec.when.none),
                    blocks=tuple(blocked_by(kb, spec.then.block)),
                ),
            )
        )
    ordered = tuple(rule for _, _, rule in sorted(rules, key=lambda r: r[:2]))
    readers: dict[str, list[int]] = {}
    for index, rule in enumerate(ordered):
        for atom in set(rule.spec.when.atoms()):
            readers.setdefault(atom, []).append(index)
    return Baseline(ordered, {atom: tuple(ids) for atom, ids in readers.items()})


def _where(kind: str, scope: str) -> str:
    return GENERAL if kind == GENERAL else scope


def _matches(rule: _Rule, facts: dict[tuple[str, str], int], scopes: set[str]):
    """Every (scope, matched facts) the rule's conditions accept right now."""
    for scope in sorted(scopes) if rule.binds else [GENERAL]:
        options = [[(a, _where(k, scope))] for a, k in rule.all]
        options += [[(a, _where(k, scope)) for a in group] for group, k in rule.any]
        options = [[key for key in keys if key in facts] for keys in options]
        if not all(options):
            continue
        if any(
            any((a, s) in facts for s in scopes) if k is None else (a, _where(k, scope)) in facts
            for a, k in rule.none
        ):
            continue
        for combo in itertools.product(*options):
            yield scope, combo


def evaluate(baseline: Baseline, signals: Iterable[Signal]) -> Outcome:
    """Fire rules to quiescence over the signals, as the engine's agenda would.

    A rule's unfired matches are kept until an atom it reads is asserted; then they are redone.
    """
    rules = baseline.rules
    facts: dict[tuple[str, str], int] = {}
    scopes: set[str] = set()
    pending: list[list | None] = [None] * len(rules)  # None: match again

    def declare(name: str, scope: str) -> None:
        if (name, scope) not in facts:
            facts[(name, scope)] = len(facts) + 1
            scopes.add(scope)
            for index in baseline.readers.get(name, ()):
                pending[index] = None

    for signal in signals:
        declare(signal.name, signal.scope)
    fired: set[tuple[str, tuple]] = set()
    dispositions, findings, blocked = set(), set(), set()
    candidates: list[str] = []
    firings: list[tuple[str, str]] = []
    while True:
        for index, rule in enumerate(rules):
            if pending[index] is None:
                pending[index] = [
                    (sorted((facts[k] for k in combo), reverse=True), scope, combo)
                    for scope, combo in _matches(rule, facts, scopes)
                    if (rule.spec.id, combo) not in fired
                ]
            if pending[index]:
                break
        else:
            break
        best = max(pending[index])
        pending[index].remove(best)
        _, scope, combo = best
        fired.add((rule.spec.id, combo))
        then = rule.spec.then
        for finding in then.findings:
            declare(finding, scope)
            findings.add((finding, scope))
        if then.findings:
            declare(FINDING_CONCLUDED, scope)
        if then.disposition:
            dispositions.add((rule.spec.id, then.disposition.level))
            declare(DISPOSITION_GIVEN, GENERAL)
            if gives_urgent_advice(then):
                declare(URGENT_ADVICE_GIVEN, GENERAL)
        candidates.extend(then.recommend)
        blocked.update(rule.blocks)
        firings.append((rule.spec.id, scope))
    recommended = set() if ALL_EXERCISES in blocked else set(candidates) - blocked
    return Outcome(
        frozenset(dispositions),
        frozenset(findings),
        frozenset(recommended),
        frozenset(blocked),
        tuple(firings),
    )


def outcome_of(run: RunResult) -> Outcome:
    """The same summary, read from an engine run."""
    return Outcome(
        dispositions=frozenset((c.rule, c.value) for c in run.of_kind("disposition")),
        findings=frozenset((c.value, c.scope) for c in run.of_kind("finding")),
        recommended=frozenset(run.recommended),
        blocked=frozenset(c.value for c in run.of_kind("blocked")),
        firings=tuple((f.rule, f.scope) for f in run.firings),
    )
