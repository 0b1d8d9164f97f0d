"""`stridewise examples`: list the example files that ship in the package, or write one out.

The files live in `stridewise.examples` beside the CLI, so these commands and `demo` work from
any folder after `pip install .`. This module only finds and copies files; it triages nothing.
"""

from __future__ import annotations

import sys
from difflib import get_close_matches
from pathlib import Path
from typing import Annotated

import typer

from .errors import boundary

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

# One line each, shown by `stridewise examples`; a test keeps this in step with the files.
DESCRIPTIONS: dict[str, str] = {
    "achilles_night_ache.yaml": "answers: Achilles ache that wakes the runner and eases on walking",
    "glute_pain_driving.yaml": "answers: on-and-off glute trouble, one side sore on long drives",
    "inner_hip_hills.yaml": "answers: inner-hip soreness from dragging the leg through, on hills",
    "torn_iliacus_return.yaml": "answers: a torn iliacus, nine weeks off, planning a return",
    "comments/charlie_achilles.txt": "comment: an Achilles that aches overnight (misspelled)",
    "comments/eva_strength_question.txt": "comment: how much strength training a week?",
    "comments/glute_pain_driving.txt": "comment: glute pain when driving; are neural glides useful?",
    "comments/groin_pain_hopping.txt": "comment: groin pain on hopping and at night (a red flag)",
    "comments/torn_iliacus.txt": "comment: a torn iliacus, asking for rehab",
    "comments/workshop_request.txt": "comment: not an injury, a request for a workshop",
    "comments/coach.yaml": "coach profile for `reply --coach`: name, sign-off, links",
    "comments/inbox.csv": "inbox for `reply --batch`: eight comments as CSV",
    "comments/inbox.jsonl": "inbox for `reply --batch`: eight comments as JSON Lines",
    "comments/inbox.xml": "inbox for `reply --batch`: three comments in a WordPress (WXR) export",
}

examples_app = typer.Typer(
    help="List the example answers files, comments and inboxes, or write one out.",
    invoke_without_command=True,
)


def shipped() -> dict[str, Path]:
    """Every example by name: its file stem, or its file name where two stems are the same."""
    files = (p for p in EXAMPLES.rglob("*") if p.is_file() and p.suffix not in {".py", ".pyc"})
    paths = sorted(files, key=lambda p: (len(p.relative_to(EXAMPLES).parts), p.name))
    stems = [p.stem for p in paths]
    return {(p.stem if stems.count(p.stem) == 1 else p.name): p for p in paths}


def find_example(name: str) -> Path:
    """The example called `name` (its stem or file name); InvalidInput with a suggestion if none."""
    from stridewise.triage.errors import InvalidInput

    examples = shipped()
    by_file_name = {path.name: path for path in examples.values()}
    if name in examples or name in by_file_name:
        return examples.get(name) or by_file_name[name]
    close = [n for n in examples if name in n] or get_close_matches(name, list(examples), n=1)
    hint = (
        f"; did you mean {' or '.join(close[:3])}?"
        if close
        else "; `stridewise examples` lists them"
    )
    raise InvalidInput(f"no example called {name!r}{hint}")


@examples_app.callback()
def list_examples(ctx: typer.Context) -> None:
    """List the examples that ship with stridewise, one line each."""
    if ctx.invoked_subcommand is not None:
        return
    examples = shipped()
    width = max(map(len, examples))
    for name, path in examples.items():
        description = DESCRIPTIONS.get(path.relative_to(EXAMPLES).as_posix(), "")
        sys.stdout.write(f"{name:<{width}}  {description}\n")


@examples_app.command("show")
@boundary
def show_example(
    name: Annotated[str, typer.Argument(help="An example's name from `stridewise examples`.")],
) -> None:
    """Write one example to standard output, e.g. `stridewise examples show coach > coach.yaml`."""
    sys.stdout.write(find_example(name).read_text(encoding="utf-8"))
