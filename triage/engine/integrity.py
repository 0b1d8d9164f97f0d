"""Whole-knowledge-base checks that the loader runs before it hands a knowledge base out:
rules that conclude each other's findings (or their own condition), and the checks of files
whose models live higher up (lexicon, replies, templates), registered by the modules owning them.

It returns problem lines; it never raises, prints or fixes anything.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..errors import StridewiseError
from .kb_models import KnowledgeBase

ExtraCheck = Callable[[KnowledgeBase, Path], None]
_EXTRA_CHECKS: dict[str, tuple[ExtraCheck, str | None]] = {}


def register_extra_check(label: str, check: ExtraCheck, *, only_with: str | None = None) -> None:
    """Let the module that owns a file's model check it at load time (the check raises
    StridewiseError with its problems); with `only_with`, only when that extras file is there."""
    _EXTRA_CHECKS[label] = (check, only_with)


def integrity_problems(kb: KnowledgeBase, root: Path) -> list[str]:
    """Every problem found, as lines naming the file and the entry."""
    problems = _cycles(kb)
    for _, (check, only_with) in sorted(_EXTRA_CHECKS.items()):
        if only_with is not None and only_with not in kb.extras:
            continue  # a knowledge base without the file is checked where the file is needed
        try:
            check(kb, root)
        except StridewiseError as exc:
            problems.extend(exc.problems)
    return problems


def _cycles(kb: KnowledgeBase) -> list[str]:
    """Rules whose conclusions feed back into their own conditions, directly or in a circle."""
    concluders: dict[str, list[str]] = {}
    for rule in kb.rules.values():
        for finding in rule.then.findings:
            concluders.setdefault(finding, []).append(rule.id)
    # An edge from a rule to every rule that concludes one of the atoms it needs (`none` atoms
    # are guards, not needs).
    needs = {
        rule.id: sorted({r for a in rule.when.positive_atoms() for r in concluders.get(a, [])})
        for rule in kb.rules.values()
    }
    problems, reported = [], set()
    for start in sorted(needs):
        circle = _circle_from(start, needs)
        if circle and frozenset(circle) not in reported:
            reported.add(frozenset(circle))
            where = f"{kb.rule_files[start]}: {start}"
            if len(circle) == 1:
                problems.append(f"{where}: concludes a finding its own conditions need (a cycle)")
            else:
                path = " -> ".join([*circle, circle[0]])
                problems.append(f"{where}: rules conclude each other's findings (a cycle: {path})")
    return problems


def _circle_from(start: str, needs: dict[str, list[str]]) -> list[str]:
    """A path of rules from `start` back to itself, or [] when there is none."""
    stack, seen = [(start, [start])], set()
    while stack:
        node, path = stack.pop()
        for nxt in needs.get(node, []):
            if nxt == start:
                return path
            if nxt not in seen:
                seen.add(nxt)
                stack.append((nxt, [*path, nxt]))
    return []
