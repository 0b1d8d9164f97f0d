"""Which atoms the questionnaire and the comment lexicon can produce, and which rules can fire.

Only questions (questions.yaml) and lexicon entries (lexicon.yaml) count as ways in. A question
asked only for some areas produces its atoms only for a complaint in those areas; `ask_if` is
ignored (an over-estimate). An answer that does not fit the intake is collected, never raised.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..engine.answer_paths import atoms_for_answer
from ..engine.crosscheck import ENGINE_ATOMS, FINDING_CONCLUDED, is_general
from ..engine.intake import Region
from ..engine.kb_models import Conditions, KnowledgeBase, Question
from ..engine.signals import SEVERAL_NOT_SURE
from ..errors import InvalidInput

# Numbers tried for number and scale questions: they straddle every threshold in signals.py.
REPRESENTATIVE_NUMBERS = (0, 1, 3, 5, 6, 8, 10, 12, 20, 52, 60)
TRI_STATE_ANSWERS = ("yes", "no", "not_sure")
# Choices that record nothing when the field cannot hold them (questions.yaml convention).
NOTHING_CHOICES = frozenset({"none", "not_sure"})
# A context is the area of the complaint being described, or None for no complaint at all.
AREAS = tuple(r.value for r in Region)
REGION_ATOMS = {f"{area}_pain": area for area in AREAS}


@dataclass(frozen=True)
class AnswerSource:
    """One way in: a question or lexicon entry, the answers it can give, the areas it is for."""

    file: str
    entry: str
    field: str
    values: tuple[Any, ...]
    may_not_fit: frozenset[Any] = frozenset()  # values whose misfit is not a problem
    regions: tuple[str, ...] = ()  # empty: every area


@dataclass
class Reach:
    """Atoms producible per area (None: no complaint), and where each rule can fire."""

    atoms: dict[str | None, set[str]] = field(default_factory=dict)
    firable: dict[str, str | None] = field(default_factory=dict)
    bad_answers: list[tuple[AnswerSource, str]] = field(default_factory=list)

    def producible(self) -> set[str]:
        return set().union(*self.atoms.values())

    def live(self) -> list[str | None]:
        """None, and every area some answer can name."""
        return [c for c, atoms in self.atoms.items() if c is None or f"{c}_pain" in atoms]


def question_sources(question: Question) -> AnswerSource:
    """The answers a question can give, by its kind (see the questionnaire convention)."""
    if question.kind in {"number", "scale"}:
        values, may_not_fit = REPRESENTATIVE_NUMBERS, frozenset(REPRESENTATIVE_NUMBERS)
    elif question.kind in {"choice", "multi_choice"}:
        values, may_not_fit = question.choices, NOTHING_CHOICES
    else:
        values = (question.value,) if question.value is not None else TRI_STATE_ANSWERS
        may_not_fit = frozenset()
    return AnswerSource(
        "questions.yaml", question.id, question.field, values, may_not_fit, question.regions
    )


def lexicon_sources(lexicon: Any) -> Iterator[AnswerSource]:
    """Every mapping with a `field`, wherever it sits in the lexicon.

    With a `value` it gives that value; without one it reads a number from the comment (a
    measure such as "7 out of 10"), so it is probed like a number question.
    """
    stack: list[tuple[Any, str]] = [(lexicon, "")]
    while stack:
        node, where = stack.pop()
        if isinstance(node, dict):
            if isinstance(node.get("field"), str):
                yield _lexicon_source(node, where)
            if isinstance(node.get("warning"), str):
                yield AnswerSource(
                    "lexicon.yaml", f"{where} warning", WARNING_FIELD, (node["warning"],)
                )
            stack.extend((v, f"{where}.{k}".lstrip(".")) for k, v in reversed(node.items()))
        elif isinstance(node, list):
            stack.extend((v, f"{where}[{i}]") for i, v in reversed(list(enumerate(node))))


WARNING_FIELD = "health.warning_signs"  # where a lexicon entry's `warning` is answered


def _lexicon_source(node: dict[str, Any], where: str) -> AnswerSource:
    phrases = node.get("phrases")
    label = str(node.get("id") or node.get("phrase") or "")
    if not label and isinstance(phrases, list) and phrases:
        label = f"{where} {str(phrases[0])!r}"
    label = label or where or "(top level)"
    if "value" not in node and node.get("yes_from") is not None:
        return AnswerSource("lexicon.yaml", label, node["field"], ("yes",))
    if "value" not in node:
        numbers = REPRESENTATIVE_NUMBERS
        return AnswerSource("lexicon.yaml", label, node["field"], numbers, frozenset(numbers))
    value = node["value"]
    values = tuple(value) if isinstance(value, list) else (value,)
    return AnswerSource("lexicon.yaml", label, node["field"], values)


# "Not sure" to a timing is recorded under not_sure_when (the questionnaire convention).
NOT_SURE_LISTS = {"complaints[].hurts_when": "complaints[].not_sure_when"}


def answer_sources(kb: KnowledgeBase) -> list[AnswerSource]:
    sources = [question_sources(q) for q in kb.questions.values()]
    sources.extend(lexicon_sources(kb.extras.get("lexicon")))
    return sources


@lru_cache(maxsize=4096)
def _atoms(field_path: str, value: Any) -> frozenset[str]:
    return atoms_for_answer(field_path, value)


def _hashable(value: Any) -> Any:
    return value if isinstance(value, str | int | float | bool | None) else repr(value)


def _produce(source: AnswerSource, result: Reach) -> frozenset[str]:
    """Every atom the source's answers produce (and their "not sure" form for a timing);
    misfitting answers go to bad_answers."""
    produced: set[str] = set()
    fitted, misfits, tolerated = 0, {}, {}
    unsure = NOT_SURE_LISTS.get(source.field)
    for value in source.values:
        try:
            produced |= _atoms(source.field, _hashable(value))
            if unsure:
                produced |= _atoms(unsure, _hashable(value))
        except InvalidInput as exc:
            lines = dict.fromkeys(p.removeprefix("answers: ") for p in exc.problems)
            (tolerated if _hashable(value) in source.may_not_fit else misfits).update(lines)
            continue
        fitted += 1
    if misfits or not fitted:
        why = "; ".join(misfits or tolerated) or "offers no answer to try"
        result.bad_answers.append((source, why))
    return frozenset(produced)


def reach(kb: KnowledgeBase) -> Reach:
    """Atoms the ways in produce per area, then where each rule can fire, to a fixpoint."""
    # The engine asserts finding_concluded only where a rule concludes a finding (below).
    given = set(ENGINE_ATOMS - {FINDING_CONCLUDED})
    result = Reach(atoms={c: set(given) for c in (None, *AREAS)})
    for source in answer_sources(kb):
        produced = _produce(source, result)
        if not source.regions:
            result.atoms[None] |= {a for a in produced if is_general(a)}
        for area in source.regions or AREAS:
            if area not in result.atoms:
                known = ", ".join(repr(a) for a in AREAS)
                result.bad_answers.append(
                    (source, f"regions: expected one of {known}, got {area!r}")
                )
                continue
            result.atoms[area] |= {a for a in produced if REGION_ATOMS.get(a, area) == area}
    if any(a.endswith("_not_sure") for atoms in result.atoms.values() for a in atoms):
        # Two "not sure" answers together: any screen that offers one offers two.
        for atoms in result.atoms.values():
            atoms.add(SEVERAL_NOT_SURE)
    live = result.live()
    changed = True
    while changed:
        changed = False
        for rule in kb.rules.values():
            for context in live:
                if not can_hold(rule.when, result.atoms[context]):
                    continue
                result.firable.setdefault(rule.id, context)
                fired = result.atoms[context]
                concluded = set(rule.then.findings)
                if concluded:
                    concluded.add(FINDING_CONCLUDED)
                if not concluded <= fired:
                    fired |= concluded
                    changed = True
    return result


def can_hold(when: Conditions, producible: set[str]) -> bool:
    """True when every `all` atom and at least one atom of each `any` group can be produced."""
    return all(a in producible for a in when.all) and all(
        any(a in producible for a in group) for group in when.any
    )


def missing_atoms(when: Conditions, producible: set[str]) -> list[str]:
    """The atoms that keep a rule from firing: unproduced `all` atoms and dead `any` groups."""
    missing = [a for a in when.all if a not in producible]
    for group in when.any:
        if not any(a in producible for a in group):
            missing.extend(a for a in group if a not in missing)
    return missing
