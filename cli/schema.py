"""`stridewise schema`: the JSON Schema of every JSON output, and of answers files, by name.

Each schema is generated from the pydantic model the output is dumped from, so a change to a
model changes its schema. Models are imported only when a schema is asked for.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from importlib import import_module
from typing import Annotated, Any

import typer

from .errors import boundary


def _type(where: str) -> Any:
    """The type at `module:name`, imported now (so `stridewise --help` never pays for it)."""
    module, _, name = where.partition(":")
    return getattr(import_module(module), name)


def demo_model() -> Any:
    """`demo --json`: each example's file name to its report."""
    from pydantic import RootModel

    return RootModel[dict[str, _type("stridewise.triage:Report")]]


# Name -> (what prints it, the type its JSON is dumped from).
SCHEMAS: dict[str, tuple[str, Callable[[], Any]]] = {
    "answers": (
        "an answers file (triage --answers, ask --save): what the runner reported",
        lambda: _type("stridewise.triage:Intake"),
    ),
    "triage": (
        "triage --json (also ask --json): the report",
        lambda: _type("stridewise.triage:Report"),
    ),
    "reply": (
        "reply --json: the report, the facts read from the comment, the reply",
        lambda: _type("stridewise.triage.render.reply:ReplyDocument"),
    ),
    "explain": (
        "explain --json: HOW, WHY or WHY NOT, with the derivation",
        lambda: _type("stridewise.triage.explain.models:Explanation"),
    ),
    "eval": (
        "eval --json: every case's outcome and the summary",
        lambda: _type("stridewise.triage.evaluate:Evaluation"),
    ),
    "batch": (
        "one line of reply --batch --format jsonl: a comment's draft",
        lambda: _type("stridewise.triage.coach.drafts:DraftRecord"),
    ),
    "demo": ("demo --json: each example's file name to its report", demo_model),
    "kb-lint": (
        "kb lint --json: every problem found in the knowledge base",
        lambda: _type("stridewise.triage.kb.lint:LintReport"),
    ),
    "kb-list": (
        "kb list --json: one row per rule, exercise, finding or red flag",
        lambda: list[_type("stridewise.triage.kb.view:Row")],
    ),
    "kb-show": (
        "kb show --json: one entry with the rules and exercises it connects to",
        lambda: _type("stridewise.triage.kb.view:Detail"),
    ),
    "kb-stats": (
        "kb stats --json: the size of the knowledge base",
        lambda: _type("stridewise.triage.kb.view:KbStats"),
    ),
}


def json_schema(name: str) -> dict:
    """The JSON Schema of the output called `name`; InvalidInput if there is none."""
    from stridewise.triage.errors import InvalidInput

    if name not in SCHEMAS:
        raise InvalidInput(f"no schema called {name!r}; expected one of {', '.join(SCHEMAS)}")
    from pydantic import TypeAdapter

    # Answers files are read (validation); everything else is printed, computed fields included.
    mode = "validation" if name == "answers" else "serialization"
    return TypeAdapter(SCHEMAS[name][1]()).json_schema(mode=mode)


@boundary
def schema(
    name: Annotated[str, typer.Argument(help="Which output: see --list.")] = "triage",
    list_names: Annotated[
        bool, typer.Option("--list", help="Name every JSON output that has a schema.")
    ] = False,
) -> None:
    """Print the JSON Schema of a JSON output or of answers files; triage is the default."""
    if list_names:
        width = max(map(len, SCHEMAS))
        sys.stdout.write("".join(f"{n:<{width}}  {d}\n" for n, (d, _) in SCHEMAS.items()))
        return
    sys.stdout.write(json.dumps(json_schema(name), indent=2) + "\n")
