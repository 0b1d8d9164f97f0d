"""`stridewise schema`: the JSON Schema of every JSON output, and of answers files, by name.

Each schema is generated from the pydantic model the output is dumped from, so a change to a
model changes its schema. Models are imported only when a schema is asked for.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Annotated, Any

import typer

from .errors import boundary


def _answers() -> Any:
    from stridewise.triage import Intake

    return Intake


def _triage() -> Any:
    from stridewise.triage import Report

    return Report


def _reply() -> Any:
    from stridewise.triage.render.reply import ReplyDocument

    return ReplyDocument


def _explain() -> Any:
    from stridewise.triage.explain.models import Explanation

    return Explanation


def _eval() -> Any:
    from stridewise.triage.evaluate import Evaluation

    return Evaluation


def _batch() -> Any:
    from stridewise.triage.coach.drafts import DraftRecord

    return DraftRecord


def demo_model() -> Any:
    """`demo --json`: each example's file name to its report."""
    from pydantic import RootModel

    from stridewise.triage import Report

    return RootModel[dict[str, Report]]


def _kb_lint() -> Any:
    from stridewise.triage.kb.lint import LintReport

    return LintReport


def _kb_list() -> Any:
    from stridewise.triage.kb.view import Row

    return list[Row]


def _kb_show() -> Any:
    from stridewise.triage.kb.view import Detail

    return Detail


def _kb_stats() -> Any:
    from stridewise.triage.kb.view import KbStats

    return KbStats


# Name -> (what prints it, the type its JSON is dumped from).
SCHEMAS: dict[str, tuple[str, Callable[[], Any]]] = {
    "answers": (
        "an answers file (triage --answers, ask --save): what the runner reported",
        _answers,
    ),
    "triage": ("triage --json (also ask --json): the report", _triage),
    "reply": ("reply --json: the report, the facts read from the comment, the reply", _reply),
    "explain": ("explain --json: HOW, WHY or WHY NOT, with the derivation", _explain),
    "eval": ("eval --json: every case's outcome and the summary", _eval),
    "batch": ("one line of reply --batch --format jsonl: a comment's draft", _batch),
    "demo": ("demo --json: each example's file name to its report", demo_model),
    "kb-lint": ("kb lint --json: every problem found in the knowledge base", _kb_lint),
    "kb-list": ("kb list --json: one row per rule, exercise, finding or red flag", _kb_list),
    "kb-show": ("kb show --json: one entry with the rules and exercises it connects to", _kb_show),
    "kb-stats": ("kb stats --json: the size of the knowledge base", _kb_stats),
}


def json_schema(name: str) -> dict:
    """The JSON Schema of the output called `name`; InvalidInput if there is none."""
    from stridewise.triage.errors import InvalidInput

    if name not in SCHEMAS:
        raise InvalidInput(f"no schema called {name!r}; expected one of {', '.join(SCHEMAS)}")
    from pydantic import TypeAdapter

    return TypeAdapter(SCHEMAS[name][1]()).json_schema()


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
