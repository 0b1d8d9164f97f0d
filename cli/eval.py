"""`stridewise eval`: run a clinical case suite and print how triage measured up."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from .engine_option import EngineOption, choose_engine
from .errors import ExitCode, boundary


@boundary
def eval_command(
    paths: Annotated[
        list[Path], typer.Argument(metavar="PATH", help="Case files or folders of case files.")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the evaluation as JSON.")] = False,
    engine: EngineOption = None,
) -> None:
    """Run clinical cases; exit 1 if an emergency or urgent case is under-triaged or advice is unsafe."""
    choose_engine(engine)
    from stridewise.triage.evaluate import evaluate_paths
    from stridewise.triage.render.evaluate import render_evaluation

    evaluation = evaluate_paths(paths)
    if as_json:
        sys.stdout.write(evaluation.model_dump_json(indent=2) + "\n")
    else:
        render_evaluation(evaluation, Console(highlight=False))
    if evaluation.summary.failed:
        raise typer.Exit(ExitCode.problems_found)
