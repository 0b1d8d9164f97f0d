"""`stridewise kb`: lint, list, show and size up the knowledge base; each command calls the library."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from stridewise.triage.kb.kinds import ListKind

from .errors import ExitCode, boundary

kb_app = typer.Typer(no_args_is_help=True, pretty_exceptions_show_locals=False)

KbOption = Annotated[
    Path | None,
    typer.Option(
        "--kb",
        help="Knowledge-base folder (default: the shipped one).",
        exists=True,
        file_okay=False,
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripting.")]


def _console() -> Console:
    return Console(highlight=False)


def _json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2) + "\n")


@kb_app.command("lint")
@boundary
def lint_command(kb: KbOption = None, as_json: JsonOption = False) -> None:
    """Check the knowledge base; exit 1 if any error is found (load problems included)."""
    # These register the load-time checks of replies.yaml, the templates and lexicon.yaml.
    import stridewise.triage.coach.templates
    import stridewise.triage.coach.wording
    import stridewise.triage.reading.lexicon  # noqa: F401
    from stridewise.triage.kb.lint import lint_folder
    from stridewise.triage.render.kb import render_lint

    report = lint_folder(kb)
    if as_json:
        _json(report.model_dump(mode="json"))
    else:
        render_lint(report, _console())
    if report.errors:
        raise typer.Exit(ExitCode.problems_found)


@kb_app.command("list")
@boundary
def list_command(
    what: Annotated[ListKind, typer.Argument(help="What to list.")] = ListKind.rules,
    kb: KbOption = None,
    as_json: JsonOption = False,
) -> None:
    """List rules, exercises, findings or red flags, one row each."""
    from stridewise.triage import load_knowledge_base
    from stridewise.triage.kb.view import list_rows
    from stridewise.triage.render.kb import render_rows

    rows = list_rows(load_knowledge_base(kb), what)
    if as_json:
        _json([row.model_dump(mode="json") for row in rows])
    else:
        render_rows(rows, f"{len(rows)} {what.value}", _console())


@kb_app.command("show")
@boundary
def show_command(
    entry_id: Annotated[
        str, typer.Argument(metavar="ID", help="A rule, exercise, finding or source id.")
    ],
    kb: KbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show one entry in full, with the rules and exercises it connects to."""
    from stridewise.triage import load_knowledge_base
    from stridewise.triage.kb.view import show
    from stridewise.triage.render.kb import render_detail

    detail = show(load_knowledge_base(kb), entry_id)
    if as_json:
        _json(detail.model_dump(mode="json"))
    else:
        render_detail(detail, _console())


@kb_app.command("stats")
@boundary
def stats_command(kb: KbOption = None, as_json: JsonOption = False) -> None:
    """Print the size of the knowledge base as a Markdown table."""
    from stridewise.triage import load_knowledge_base
    from stridewise.triage.kb.view import kb_stats
    from stridewise.triage.render.kb import stats_markdown

    stats = kb_stats(load_knowledge_base(kb))
    if as_json:
        _json(stats.model_dump(mode="json"))
    else:
        sys.stdout.write(stats_markdown(stats))
