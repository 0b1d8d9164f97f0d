"""The allowed direction of imports inside `triage/`, and a checker over the source's `ast`.

Every `from ... import` counts, including the lazy ones inside functions and those under
TYPE_CHECKING: a lazy import is still a dependency, and a circle through one is still a circle.
"""

from __future__ import annotations

import ast
from pathlib import Path

# Lower numbers sit lower in the flow; a module may import its own subpackage or a lower layer.
LAYERS: dict[str, int] = {
    "errors": 0,
    "engine": 1,
    "reading": 2,
    "explain": 3,
    "kb": 3,
    "coach": 4,
    "questionnaire": 4,
    "evaluate": 4,
    "render": 5,
    "web": 6,
}
FACADE = "__init__"  # the public API re-exports from every layer; nothing imports it back


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts = parts[:-1]
    return ".".join(parts)


def imports_of(path: Path, root: Path, package: str) -> set[str]:
    """Modules of `package` that the file at `path` imports (relative or absolute)."""
    name = module_name(path, root)
    here = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    if name == FACADE:
        here = []
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[: len(here) - (node.level - 1)]
                target = [*base, *(node.module.split(".") if node.module else [])]
            elif node.module and node.module.startswith(package + "."):
                target = node.module[len(package) + 1 :].split(".")
            else:
                continue
            found.add(".".join(target) or FACADE)
        elif isinstance(node, ast.Import):
            found |= {
                a.name[len(package) + 1 :] for a in node.names if a.name.startswith(package + ".")
            }
    return found


def graph(root: Path, package: str) -> dict[str, set[str]]:
    return {module_name(p, root): imports_of(p, root, package) for p in sorted(root.rglob("*.py"))}


def layer_violations(edges: dict[str, set[str]]) -> list[str]:
    """Upward or sideways imports between subpackages, and any import of the facade."""
    problems = []
    for source, targets in sorted(edges.items()):
        top = source.split(".")[0]
        for target in sorted(targets):
            target_top = target.split(".")[0]
            if target_top == FACADE and source != FACADE:
                problems.append(f"{source} imports the public facade")
            elif source == FACADE or target_top == top:
                continue
            elif target_top not in LAYERS or top not in LAYERS:
                problems.append(f"{source} -> {target}: not in a known layer")
            elif LAYERS[target_top] >= LAYERS[top]:
                problems.append(f"{source} -> {target}: imports upward or sideways")
    return problems


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in edges.get(node, ()):
            if nxt not in edges:
                continue
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found
