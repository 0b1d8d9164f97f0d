"""Runs the compiled rules over an intake's signals and records every firing as data.

The rule network is built once per knowledge base and process, then `reset()` for each case.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from .experta_compat import KnowledgeEngine, RuleOrderStrategy, TriageMatcher, hot_path_on
from .firings import (
    ALL_EXERCISES,
    Assertion,
    Conclusion,
    Firing,
    RunResult,
    assertions,
    record_firing,
)
from .kb_models import KnowledgeBase, RuleSpec
from .rules import Blocked, Candidate, DispositionFact, Recommended, atom_fact, engine_class
from .signals import GENERAL, Signal

__all__ = ["ALL_EXERCISES", "Conclusion", "Firing", "RunResult", "engine_for", "run"]


class TriageEngine(KnowledgeEngine):
    """experta engine whose firings are recorded in `self.result`."""

    __matcher__ = TriageMatcher
    rule_rank: ClassVar[dict[str, int]] = {}
    atom_buckets: ClassVar[dict[str, int]] = {}

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self._deffacts: list | None = None
        super().__init__()
        self.strategy = RuleOrderStrategy(self.rule_rank)
        self.result = RunResult(signals=[])
        self._assertions: dict[tuple[str, str], tuple[Assertion, ...]] = {}

    def get_deffacts(self) -> list:
        """experta finds the deffacts with `inspect.getmembers` at every reset, a tenth of a
        triage; they are fixed when the class is built, so they are looked up once."""
        if self._deffacts is None:
            self._deffacts = super().get_deffacts()
        return self._deffacts

    def evaluate(self, signals: Iterable[Signal]) -> RunResult:
        """Reset, declare the signals in a stable order, run to quiescence."""
        self.reset()
        self.result = RunResult(signals=list(signals))
        # One declare call: the network sees the facts in order, the agenda is updated once.
        self.declare(*(atom_fact(s.name, s.scope, self.atom_buckets) for s in self.result.signals))
        self.run()
        return self.result

    def apply(self, spec: RuleSpec, bound: dict) -> None:
        scope = bound.get("scope", GENERAL)
        positives = sorted((int(k[1:]), f) for k, f in bound.items() if k[1:].isdigit())
        matched = tuple(f"{fact['name']}@{fact['scope']}" for _, fact in positives)

        def declare(item: Assertion) -> bool:
            return self.declare(self._fact(spec, item)) is not None

        asserts = self._assertions.get((spec.id, scope))
        if asserts is None:
            asserts = self._assertions[spec.id, scope] = assertions(self.kb, spec, scope)
        record_firing(self.result, spec, scope, matched, asserts, declare)

    def _fact(self, spec: RuleSpec, item: Assertion):
        if item.kind in ("finding", "atom"):
            return atom_fact(item.value, item.scope, self.atom_buckets)
        if item.kind == "disposition":
            return DispositionFact(level=item.value, rule=spec.id)
        if item.kind == "candidate":
            return Candidate(exercise=item.value, rule=spec.id)
        return Blocked(exercise=item.value, rule=spec.id)

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
