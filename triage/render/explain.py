"""Renders an Explanation for the terminal: the plain summary first, then a rich tree.

It only reads the explanation; `detail` adds the rule ids and fact ids a clinician checks.
"""

from __future__ import annotations

from rich.console import Console
from rich.text import Text
from rich.tree import Tree

from ..explain.models import Explanation, Node, Unmet


def render_explanation(explanation: Explanation, console: Console, detail: bool = False) -> None:
    """Summary, then the derivation tree (HOW) or the supporting sentences (WHY, WHY NOT)."""
    console.print(Text(explanation.summary, style="bold"))
    if explanation.tree:
        tree = Tree(Text("How I got there", style="underline"))
        roots = explanation.tree
        if explanation.kind != "derivation" and len(roots) == 1:
            roots = roots[0].children  # the summary already says what the root says
        seen: set[int] = set()
        for node in roots:
            _add(tree, node, detail, seen)
        console.print(tree)
    shown = {n.text + "." for n in _walk_all(explanation.tree)}
    for line in explanation.lines:
        if line not in shown:
            console.print(Text(f"- {line}"))
    if detail:
        if explanation.kind == "why":
            for ref in explanation.rule_refs:
                role = ref.role.replace("_", " ")
                console.print(Text(f"{ref.rule} {role} {', '.join(ref.atoms)}", style="dim"))
        for failed in explanation.unmet:
            _print_unmet(console, failed, "")
        if explanation.rules:
            console.print(Text(f"Rules: {', '.join(explanation.rules)}", style="dim"))
        if explanation.facts:
            console.print(Text(f"Facts: {', '.join(explanation.facts)}", style="dim"))


def _label(node: Node, detail: bool) -> Text:
    text = Text(node.text, style="bold" if node.kind == "item" else "")
    if not detail:
        return text
    if node.rule:
        text.append(f"  [{node.rule}, step {node.step}]", style="dim")
        if node.absent:
            text.append(f" none of: {', '.join(node.absent)}", style="dim")
    elif node.fact:
        text.append(f"  [{node.fact}]", style="dim")
    elif node.answer:
        answer = node.answer
        where = f"{answer.field} = {answer.value}"
        if answer.start is not None:
            where += f", chars {answer.start}-{answer.end}"
        if answer.question:
            where += f", question {answer.question}"
        text.append(f"  [{where}]", style="dim")
    return text


def _add(parent: Tree, node: Node, detail: bool, seen: set[int]) -> None:
    """Add a node; a rule firing already shown is named again but not expanded twice."""
    label = _label(node, detail)
    if node.step is not None and node.step in seen:
        label.append(" (as above)", style="dim")
        parent.add(label)
        return
    if node.step is not None:
        seen.add(node.step)
    branch = parent.add(label)
    for child in node.children:
        _add(branch, child, detail, seen)


def _walk_all(nodes: tuple[Node, ...]):
    for node in nodes:
        yield node
        yield from _walk_all(node.children)


def _print_unmet(console: Console, failed: Unmet, indent: str) -> None:
    parts = []
    if failed.missing:
        parts.append("missing " + ", ".join(failed.missing))
    for group in failed.missing_any:
        parts.append("none of " + " | ".join(group))
    if failed.present_none:
        parts.append("ruled out by " + ", ".join(failed.present_none))
    console.print(Text(f"{indent}{failed.rule} ({failed.scope}): {'; '.join(parts)}", style="dim"))
    for deeper in failed.deeper:
        _print_unmet(console, deeper, indent + "  ")
