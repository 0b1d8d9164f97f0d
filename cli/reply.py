"""`stridewise reply`: a reader's comment (or a whole inbox) to a coach's reply draft.

Imports of the text pipeline and templates wait until the command runs, so other commands
start without them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.console import Console
from rich.table import Table

from .engine_option import EngineOption, choose_engine
from .errors import boundary

Format = Literal["md", "csv", "jsonl"]


@boundary
def reply(
    comment: Annotated[
        str | None, typer.Argument(help="Comment text file, or - to read standard input.")
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the report, extracted facts and reply as JSON.")
    ] = False,
    coach: Annotated[Path | None, typer.Option(help="Coach profile (YAML or JSON).")] = None,
    batch: Annotated[
        Path | None, typer.Option(help="Inbox of comments: .csv, .jsonl or WordPress .xml.")
    ] = None,
    out: Annotated[Path | None, typer.Option(help="Where --batch writes the drafts.")] = None,
    fmt: Annotated[
        Format | None, typer.Option("--format", help="Drafts as md, csv or jsonl.")
    ] = None,
    engine: EngineOption = None,
    server: Annotated[
        str | None,
        typer.Option(
            help="Send the comment to a running `stridewise serve` at this address, such as "
            "http://127.0.0.1:8000: the reply starts in a fraction of a second, signed with "
            "the server's coach profile.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Draft a reply to a reader's comment: the same triage as the questionnaire, in a reply."""
    if server is not None:
        return _reply_from_server(server, comment, as_json, coach, batch, engine)
    choose_engine(engine)
    from stridewise.triage.coach.comment_file import read_text
    from stridewise.triage.coach.profile import DEFAULT_COACH, load_coach
    from stridewise.triage.coach.reply import reply_to_comment
    from stridewise.triage.errors import InvalidInput
    from stridewise.triage.render.reply import reply_document

    profile = load_coach(coach) if coach else DEFAULT_COACH
    if batch is not None:
        if out is None:
            raise InvalidInput("--batch needs --out FILE for the drafts.")
        return _run_batch(batch, out, fmt, profile, [coach] if coach else [])
    if comment is None:
        raise InvalidInput("give a comment file, - for standard input, or --batch FILE.")
    text = read_text(comment)
    reading, report, drafted = reply_to_comment(text, profile)
    if as_json:
        document = reply_document(reading, report, drafted)
        sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(drafted.text)


def _reply_from_server(
    server: str,
    comment: str | None,
    as_json: bool,
    coach: Path | None,
    batch: Path | None,
    engine: object,
) -> None:
    """One comment through the server's /api/reply; output as `reply` prints it here."""
    from stridewise.triage.coach.comment_file import read_text
    from stridewise.triage.errors import InvalidInput

    from .remote import knowledge_base_mismatch, server_reply

    clash = {"--batch": batch, "--coach": coach, "--engine": engine}
    given = [name for name, value in clash.items() if value is not None]
    if given:
        raise InvalidInput(
            f"--server drafts one comment with the server's own engine and coach profile; "
            f"drop {' and '.join(given)}, or drop --server (the profile is set with "
            "`stridewise serve --coach FILE`)."
        )
    if comment is None:
        raise InvalidInput("give a comment file, or - for standard input.")
    document = server_reply(server, read_text(comment))
    note = knowledge_base_mismatch(server, document)
    if note:
        sys.stderr.write(note + "\n")
    if as_json:
        sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(document["reply"]["text"])


def _run_batch(batch: Path, out: Path, fmt: Format | None, profile, inputs: list[Path]) -> None:
    """Draft a whole inbox with a progress bar on stderr, then print who to answer today."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    from stridewise.triage.coach.batch import run_batch

    # Progress counts the inbox's lines: known from a quick first pass, unlike its comments.
    columns = ("{task.description}", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True)) as bar:
        task = bar.add_task("Drafting replies (lines)", total=None)
        summary = run_batch(
            batch,
            out,
            fmt,
            profile,
            inputs=inputs,
            on_open=lambda lines: bar.update(task, total=lines),
            progress=lambda line, lines: bar.update(task, completed=line),
        )
    print_summary(summary, Console(highlight=False))


def print_summary(summary, console: Console) -> None:
    console.print(f"Read {summary.read} comments from {summary.source}; ", end="")
    console.print(f"wrote {summary.drafted} drafts to {summary.out}.")
    if summary.priority:
        table = Table(title="Answer these today", title_justify="left")
        for column in ("id", "author", "disposition", "timeframe", "line"):
            table.add_column(column)
        for p in summary.priority:
            table.add_row(p.id, p.author or "-", p.level, p.timeframe, str(p.line))
        console.print(table)
    console.print(
        "By disposition: " + ", ".join(f"{level} {n}" for level, n in summary.counts.items())
    )
    for skipped in summary.skipped:
        console.print(f"Skipped line {skipped.line}: {skipped.reason}", markup=False)
