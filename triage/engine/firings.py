"""What a rule firing asserts, in order, and the run record every engine fills the same way.

Shared by the experta engine and the CLIPS engine so that both assert the same facts in the same
order (fact recency breaks ties between activations) and record the same trace. No engine code.
The records are named tuples: thousands are made per second, and a frozen dataclass is several
times slower. `once_per_kb` keeps what an engine or report builds from a knowledge base.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import NamedTuple, TypeVar

from .crosscheck import (
    DISPOSITION_GIVEN,
    FINDING_CONCLUDED,
    URGENT_ADVICE_GIVEN,
    gives_urgent_advice,
)
from .kb_models import Block, KnowledgeBase, RuleSpec
from .signals import GENERAL, Signal

ALL_EXERCISES = "*"
Built = TypeVar("Built")


class Firing(NamedTuple):
    """One rule firing: which facts it matched and which it asserted."""

    step: int
    rule: str
    scope: str
    matched: tuple[str, ...]
    asserted: tuple[str, ...]


class Conclusion(NamedTuple):
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


class Assertion(NamedTuple):
    """A fact a firing asserts. `kind` is finding, disposition, candidate, blocked, or atom for
    the engine's own atoms (asserted, but neither concluded nor shown in the trace)."""

    kind: str
    value: str
    scope: str


def blocked_by(kb: KnowledgeBase, block: Block | None) -> list[str]:
    """The exercises a block holds back: `*` for all, else by id or tag, sorted."""
    if block is None:
        return []
    if block.all_exercises:
        return [ALL_EXERCISES]
    tags = set(block.tags)
    return sorted(
        e.id for e in kb.exercises.values() if e.id in block.exercises or tags & set(e.tags)
    )


def assertions(kb: KnowledgeBase, spec: RuleSpec, scope: str) -> tuple[Assertion, ...]:
    """Everything a firing of `spec` in `scope` asserts, in the order the engines assert it."""
    then = spec.then
    out = [Assertion("finding", finding, scope) for finding in then.findings]
    if then.findings:
        out.append(Assertion("atom", FINDING_CONCLUDED, scope))
    if then.disposition:
        out.append(Assertion("disposition", then.disposition.level, scope))
        out.append(Assertion("atom", DISPOSITION_GIVEN, GENERAL))
        if gives_urgent_advice(then):
            out.append(Assertion("atom", URGENT_ADVICE_GIVEN, GENERAL))
    out += [Assertion("candidate", exercise, scope) for exercise in then.recommend]
    out += [Assertion("blocked", exercise, scope) for exercise in blocked_by(kb, then.block)]
    return tuple(out)


def trace_label(item: Assertion) -> str:
    """How the trace shows a fact a firing asserted: `finding:id@scope`, `candidate:id`, ..."""
    label = f"{item.kind}:{item.value}"
    return f"{label}@{item.scope}" if item.kind == "finding" else label


def record_firing(
    result: RunResult,
    spec: RuleSpec,
    scope: str,
    matched: tuple[str, ...],
    asserts: Iterable[Assertion],
    declare: Callable[[Assertion], bool],
) -> None:
    """Assert each fact through `declare` (True when the fact is new) and record the firing."""
    step = len(result.firings) + 1
    asserted: list[str] = []
    for item in asserts:
        new = declare(item)
        if item.kind == "atom":
            continue
        if new:
            asserted.append(trace_label(item))
        result.conclusions.append(Conclusion(item.kind, item.value, item.scope, spec.id, step))
    result.firings.append(Firing(step, spec.id, scope, matched, tuple(asserted)))


def once_per_kb(
    cache: dict[str, tuple[KnowledgeBase, Built]],
    kb: KnowledgeBase,
    build: Callable[[KnowledgeBase], Built],
) -> Built:
    """What `build` makes of this knowledge base, made once per process: `cache` is keyed by its
    content hash, and another object with the same hash gets its own build."""
    entry = cache.get(kb.sha256)
    if entry is None or entry[0] is not kb:
        entry = cache[kb.sha256] = (kb, build(kb))
    return entry[1]
