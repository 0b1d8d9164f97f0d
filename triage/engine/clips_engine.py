"""Runs the knowledge base as CLIPS rules (clipspy, optional) and records the same trace as the
experta engine: the same `RunResult`, so reports, HOW, WHY and WHY NOT need no change.

Only this module imports clipspy, on first use; install it with `pip install "stridewise[clips]"`.
The CLIPS program is built once per knowledge base and process, then `(reset)` for each case.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple

from ..errors import InvalidInput
from .clips_rules import program
from .crosscheck import is_general
from .firings import (
    Assertion,
    Conclusion,
    Firing,
    RunResult,
    assertions,
    once_per_kb,
    trace_label,
)
from .kb_models import KnowledgeBase, RuleSpec
from .signals import GENERAL, Signal

INSTALL_HINT = 'the CLIPS engine needs clipspy: pip install "stridewise[clips]"'


def clips_module() -> Any:
    """clipspy's `clips` module; InvalidInput says how to install it when it is missing."""
    try:
        import clips
    except ImportError as exc:
        raise InvalidInput(INSTALL_HINT) from exc
    return clips


@dataclass(frozen=True)
class _Compiled:
    """What the trace needs to know about one rule to read its firings back."""

    spec: RuleSpec
    all_general: tuple[bool, ...]
    group_general: tuple[bool, ...]

    def matched(self, scope: str, choices: tuple[str, ...]) -> tuple[str, ...]:
        """The matched facts as experta names them: `all` atoms, then the any-group choices."""
        atoms = zip(
            (*self.spec.when.all, *choices),
            (*self.all_general, *self.group_general),
            strict=True,
        )
        return tuple(f"{atom}@{GENERAL if general else scope}" for atom, general in atoms)


class _Asserted(NamedTuple):
    """One fact a firing asserts, worked out once: the key that tells whether it is new (a
    duplicate is refused by CLIPS and experta alike), and its conclusion and trace label, or
    None for the engine's own atoms."""

    fact: tuple[str, str, str]
    conclusion: tuple[str, str, str, str] | None
    label: str | None


class _Replay(NamedTuple):
    """One firing (rule, scope, any-group choices) as the trace records it."""

    rule: str
    scope: str
    matched: tuple[str, ...]
    asserted: tuple[_Asserted, ...]


def _asserted(rule_id: str, item: Assertion) -> _Asserted:
    if item.kind in ("finding", "atom"):
        fact = ("atom", item.value, item.scope)
    else:
        fact = (item.kind, item.value, rule_id)
    if item.kind == "atom":
        return _Asserted(fact, None, None)
    return _Asserted(fact, (item.kind, item.value, item.scope, rule_id), trace_label(item))


class ClipsEngine:
    """A CLIPS environment holding the compiled knowledge base."""

    def __init__(self, kb: KnowledgeBase):
        clips = clips_module()
        self.kb = kb
        self.env = clips.Environment()
        self.env.strategy = clips.Strategy.LEX  # recency within one rule, as RuleOrderStrategy
        for construct in program(kb):
            self.env.build(construct)
        self._declare = self.env.find_function("declare-atoms")
        self._collect = self.env.find_function("collect")
        self._symbol = clips.Symbol
        self._rules = {
            rule_id: _Compiled(
                spec,
                tuple(is_general(a) for a in spec.when.all),
                tuple(all(is_general(a) for a in group) for group in spec.when.any),
            )
            for rule_id, spec in kb.rules.items()
        }
        # Items each rule's firing record takes in the collected list: rule, scope, choices.
        self._width = {rule_id: 2 + len(spec.when.any) for rule_id, spec in kb.rules.items()}
        # (rule, scope, any-group choices) -> its replay, worked out on first sight.
        self._replays: dict[tuple[str, ...], _Replay] = {}

    def evaluate(self, signals: Iterable[Signal]) -> RunResult:
        """Run CLIPS over the signals and read the firings back as a RunResult."""
        result = RunResult(signals=list(signals))
        raw = self.fire(result.signals)
        count = int(raw[0])
        self._replay(result, raw[1 : 1 + count])
        # A candidate put forward by two rules activates the filter twice; the first counts.
        result.recommended = list(dict.fromkeys(raw[1 + count :]))
        return result

    def fire(self, signals: list[Signal]) -> list[str]:
        """CLIPS alone: reset, assert the signals in order, run to quiescence, collect the
        number of firing items, the firings and the recommendations as one list."""
        self.env.reset()
        symbol = self._symbol
        self._declare(*(symbol(part) for s in signals for part in (s.name, s.scope)))
        self.env.run()
        return [str(item) for item in self._collect()]

    def _replay(self, result: RunResult, fired: list[str]) -> None:
        """Rebuild each firing's trace and conclusions, as `firings.record_firing` does for
        experta. A fact is new unless asserted before, which is exactly when CLIPS (and experta)
        refuse a duplicate, so newness is a set lookup here."""
        seen = {("atom", s.name, s.scope) for s in result.signals}
        firings, conclusions = result.firings, result.conclusions
        index = 0
        while index < len(fired):
            width = self._width[fired[index]]
            key = tuple(fired[index : index + width])
            index += width
            replay = self._replays.get(key) or self._replay_of(key)
            step = len(firings) + 1
            asserted = []
            for fact, conclusion, label in replay.asserted:
                new = fact not in seen
                if conclusion is None:
                    seen.add(fact)
                    continue
                if new:
                    seen.add(fact)
                    asserted.append(label)
                conclusions.append(Conclusion(*conclusion, step))
            firings.append(Firing(step, replay.rule, replay.scope, replay.matched, tuple(asserted)))

    def _replay_of(self, key: tuple[str, ...]) -> _Replay:
        rule = self._rules[key[0]]
        scope, choices = key[1], key[2:]
        asserts = assertions(self.kb, rule.spec, scope)
        replay = _Replay(
            rule.spec.id,
            scope,
            rule.matched(scope, choices),
            tuple(_asserted(rule.spec.id, item) for item in asserts),
        )
        self._replays[key] = replay
        return replay


_ENGINES: dict[str, tuple[KnowledgeBase, ClipsEngine]] = {}


def engine_for(kb: KnowledgeBase) -> ClipsEngine:
    """The CLIPS engine for this knowledge base, built on first use in this process."""
    return once_per_kb(_ENGINES, kb, ClipsEngine)


def run(kb: KnowledgeBase, signals: Iterable[Signal]) -> RunResult:
    return engine_for(kb).evaluate(signals)
