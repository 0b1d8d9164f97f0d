"""Runs the compiled rules over an intake's signals and records every firing as data.

The rule network is built once per knowledge base and process, then `reset()` for each case.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import ClassVar

from .crosscheck import DISPOSITION_GIVEN, FINDING_CONCLUDED
from .experta_compat import KnowledgeEngine, RuleOrderStrategy, TriageMatcher, hot_path_on
from .kb_models import KnowledgeBase, RuleSpec
from .rules import Blocked, Candidate, DispositionFact, Recommended, atom_fact, engine_class
from .signals import GENERAL, Signal

ALL_EXERCISES = "*"


@dataclass(frozen=True)
class Firing:
    """One rule firing: which facts it matched and which it asserted."""

    step: int
    rule: str
    scope: str
    matched: tuple[str, ...]
    asserted: tuple[str, ...]


@dataclass(frozen=True)
class Conclusion:
    """Something a rule concluded: a finding, disposition, candidate or block."""

    kind: str
    value: str
    scope: str
    rule: str
    step: int


@dataclass
class RunResult:
    signals: list[Signal]
    firings: list[Firing] = field(default_factory=list)
    conclusions: list[Conclusion] = field(default_factory=list)
    recommended: list[str] = field(default_factory=list)

    def of_kind(self, kind: str) -> list[Conclusion]:
        return [c for c in self.conclusions if c.kind == kind]


class TriageEngine(KnowledgeEngine):
    """experta engine whose firings are recorded in `self.result`."""

    __matcher__ = TriageMatcher
    rule_rank: ClassVar[dict[str, int]] = {}
    atom_buckets: ClassVar[dict[str, int]] = {}

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        super().__init__()
        self.strategy = RuleOrderStrategy(self.rule_rank)
        self.result = RunResult(signals=[])

    def evaluate(self, signals: Iterable[Signal]) -> RunResult:
        """Reset, declare the signals in a stable order, run to quiescence."""
        self.reset()
        self.result = RunResult(signals=list(signals))
        # One declare call: the network sees the facts in order, the agenda is updated once.
        self.declare(*(atom_fact(s.name, s.scope, self.atom_buckets) for s in self.result.signals))
        self.run()
        return self.result

    def apply(self, spec: RuleSpec, bound: dict) -> None:
        then = spec.then
        scope = bound.get("scope", GENERAL)
        step = len(self.result.firings) + 1
        asserted: list[str] = []

        def conclude(kind: str, value: str, fact, where: str = scope) -> None:
            if self.declare(fact) is not None:
                asserted.append(
                    f"{kind}:{value}@{where}" if kind == "finding" else f"{kind}:{value}"
                )
            self.result.conclusions.append(Conclusion(kind, value, where, spec.id, step))

        for finding in then.findings:
            conclude("finding", finding, atom_fact(finding, scope, self.atom_buckets))
        if then.findings:
            self.declare(atom_fact(FINDING_CONCLUDED, scope, self.atom_buckets))
        if then.disposition:
            conclude(
                "disposition",
                then.disposition.level,
                DispositionFact(level=then.disposition.level, rule=spec.id),
            )
            self.declare(atom_fact(DISPOSITION_GIVEN, GENERAL, self.atom_buckets))
        for exercise in then.recommend:
            conclude("candidate", exercise, Candidate(exercise=exercise, rule=spec.id))
        if then.block:
            for exercise in self._blocked_by(then.block):
                conclude("blocked", exercise, Blocked(exercise=exercise, rule=spec.id))
        positives = sorted((int(k[1:]), f) for k, f in bound.items() if k[1:].isdigit())
        matched = tuple(f"{fact['name']}@{fact['scope']}" for _, fact in positives)
        self.result.firings.append(Firing(step, spec.id, scope, matched, tuple(asserted)))

    def _blocked_by(self, block) -> list[str]:
        if block.all_exercises:
            return [ALL_EXERCISES]
        tags = set(block.tags)
        return sorted(
            e.id
            for e in self.kb.exercises.values()
            if e.id in block.exercises or tags & set(e.tags)
        )

    def recommend(self, exercise: str) -> None:
        if self.declare(Recommended(exercise=exercise)) is not None:
            self.result.recommended.append(exercise)


_ENGINES: dict[tuple[str, bool], TriageEngine] = {}


def engine_for(kb: KnowledgeBase) -> TriageEngine:
    """The engine for this knowledge base (and experta code path), built on first use."""
    key = (kb.sha256, hot_path_on())
    engine = _ENGINES.get(key)
    if engine is None or engine.kb is not kb:
        cls = engine_class(
            kb,
            TriageEngine,
            on_fire=lambda eng, spec, bound: eng.apply(spec, bound),
            on_recommend=lambda eng, exercise: eng.recommend(exercise),
        )
        engine = _ENGINES[key] = cls(kb)
    return engine


def run(kb: KnowledgeBase, signals: Iterable[Signal]) -> RunResult:
    return engine_for(kb).evaluate(signals)
