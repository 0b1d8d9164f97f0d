"""`stridewise eval`: run case suites and evaluation sets, and print how triage measured up."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.console import Console

from .engine_option import EngineOption, choose_engine
from .errors import ExitCode, boundary


@boundary
def eval_command(
    paths: Annotated[
        list[Path],
        typer.Argument(metavar="PATH", help="Case files, folders of them, or tests/evaluation."),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the evaluation as JSON.")] = False,
    fmt: Annotated[
        Literal["table", "markdown"],
        typer.Option("--format", help="Terminal tables, or Markdown tables of the figures."),
    ] = "table",
    into: Annotated[
        Path | None,
        typer.Option(help="With --format markdown: replace the figures block of this file."),
    ] = None,
    update_known_misses: Annotated[
        bool,
        typer.Option(
            "--update-known-misses", help="Rewrite known_misses.yaml: drop fixed, add new."
        ),
    ] = False,
    engine: EngineOption = None,
) -> None:
    """Run clinical cases; exit 1 on an error, or a serious miss (under-triaged emergency or
    urgent case, unsafe advice) not in known_misses.yaml, or a listed case that now passes."""
    choose_engine(engine)
    from stridewise.triage.evaluate import evaluate_paths
    from stridewise.triage.evaluate import update_known_misses as update_list
    from stridewise.triage.render.evaluate import (
        markdown_tables,
        render_evaluation,
        splice_figures,
    )

    run = update_list if update_known_misses else evaluate_paths
    evaluation = run(paths)
    if as_json:
        sys.stdout.write(evaluation.model_dump_json(indent=2) + "\n")
    elif fmt == "markdown" and into is not None:
        _splice_into(into, markdown_tables(evaluation), splice_figures)
    elif fmt == "markdown":
        sys.stdout.write(markdown_tables(evaluation) + "\n")
    else:
        render_evaluation(evaluation, Console(highlight=False))
    if evaluation.failed:
        raise typer.Exit(ExitCode.problems_found)


def _splice_into(path: Path, figures: str, splice) -> None:
    from stridewise.triage.errors import InvalidInput

    try:
        path.write_text(splice(path.read_text(encoding="utf-8"), figures), encoding="utf-8")
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot update the file ({exc.strerror or exc}).") from None
