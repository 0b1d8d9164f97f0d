"""Whole-knowledge-base checks that the loader runs before it hands a knowledge base out:
rules that conclude each other's findings (or their own condition), the shipped templates, and
the checks of the data files whose models live higher up (lexicon, replies), registered by them.

It returns problem lines; it never raises, prints or fixes anything.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from jinja2 import Environment, TemplateSyntaxError, meta

from ..errors import StridewiseError
from .kb_models import KnowledgeBase

TEMPLATE_VARIABLES = frozenset({"reply", "coach"})
ExtraCheck = Callable[[KnowledgeBase], None]
_EXTRA_CHECKS: dict[str, ExtraCheck] = {}


def register_extra_check(file_name: str, check: ExtraCheck) -> None:
    """Let the module that owns a data file's model check it at load time, when the file is
    there (the check raises StridewiseError with its problems)."""
    _EXTRA_CHECKS[file_name] = check


def integrity_problems(kb: KnowledgeBase, root: Path) -> list[str]:
    """Every problem found, as lines naming the file and the entry."""
    problems = [*_cycles(kb), *template_problems(root)]
    for file_name, check in sorted(_EXTRA_CHECKS.items()):
        if Path(file_name).stem not in kb.extras:
            continue  # a knowledge base without the file is checked where the file is needed
        try:
            check(kb)
        except StridewiseError as exc:
            problems.extend(
                line if line.startswith(file_name) else f"{file_name}: {line}"
                for line in exc.problems
            )
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


def template_problems(root: Path) -> list[str]:
    """Syntax errors, and variables other than `reply` and `coach`, in the shipped templates."""
    problems = []
    env = Environment(autoescape=False)
    for path in sorted((root / "templates").glob("*.j2")):
        where = f"templates/{path.name}"
        try:
            source = path.read_text(encoding="utf-8")
            names = meta.find_undeclared_variables(env.parse(source))
        except TemplateSyntaxError as exc:
            problems.append(f"{where}: line {exc.lineno}: {exc.message}")
            continue
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(f"{where}: cannot read the file ({exc}).")
            continue
        for name in sorted(names - TEMPLATE_VARIABLES):
            problems.append(
                f"{where}: undefined variable {name!r} (templates see only reply and coach)"
            )
    return problems
