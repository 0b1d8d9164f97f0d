"""`stridewise ask`: the adaptive questionnaire at a prompt.

It only reads lines, prints questions and the report; what to ask next, what an answer means
and when to stop all come from `stridewise.triage.questionnaire`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from .errors import ExitCode, boundary, err_console

INTERRUPTED = 130


@boundary
def ask(
    save: Annotated[
        Path | None,
        typer.Option("--save", help="Write the answers to FILE, for `triage --answers FILE`."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Answer a short questionnaire about one painful area and get the triage report.

    Danger signs come first, as checklists: type the numbers that apply, a number with ?
    for not sure (1 4?), or Enter for none. A red-flag answer stops the questions at once.
    At a prompt, type why to see why it is asked, back to change the last step;
    ? means not sure, and no, nope or none mean no.
    Answers can be piped in, one per line, so a session can be scripted.
    Ctrl-C stops without saving (exit code 130); input that ends early exits 2.
    """
    from stridewise.triage import InvalidInput, default_knowledge_base
    from stridewise.triage.questionnaire import Questionnaire, answers_yaml
    from stridewise.triage.render.terminal import render_report

    from .ask_prompts import run_questions

    out = Console(stderr=as_json, highlight=False)
    try:
        session = run_questions(Questionnaire(default_knowledge_base()), out)
    except KeyboardInterrupt:
        err_console.print("\nStopped; nothing was saved.")
        raise typer.Exit(INTERRUPTED) from None
    except EOFError:
        err_console.print("\nThe answers ended before the questionnaire did; nothing was saved.")
        raise typer.Exit(ExitCode.invalid_input) from None
    report = session.report()
    if as_json:
        sys.stdout.write(report.model_dump_json(indent=2) + "\n")
    else:
        render_report(report, out)
    if save:
        try:
            save.write_text(answers_yaml(session.intake()), encoding="utf-8")
        except OSError as exc:
            raise InvalidInput(
                f"{save}: cannot write the answers ({exc.strerror or exc})."
            ) from None
        out.print(f"Answers saved to {save}.")
