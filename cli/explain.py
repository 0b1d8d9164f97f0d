"""`stridewise explain`: HOW a report was reached, WHY a question is asked, WHY NOT something else."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from .engine_option import EngineOption, choose_engine
from .errors import boundary

AnswersFile = Annotated[
    Path | None, typer.Option("--answers", "-a", help="Answers file (YAML or JSON).")
]
CommentFile = Annotated[
    Path | None, typer.Option("--comment", "-c", help="A reader's comment (text file) instead.")
]
HowId = Annotated[
    str | None, typer.Option("--how", help="How one finding, advice level or exercise was reached.")
]
WhyId = Annotated[str | None, typer.Option("--why", help="Why a question (by id) is asked.")]
WhyNotId = Annotated[
    str | None, typer.Option("--why-not", help="Why an exercise, finding or level is absent.")
]
Detail = Annotated[bool, typer.Option("--detail", help="Add rule ids and fact ids.")]
AsJson = Annotated[bool, typer.Option("--json", help="Print everything as JSON.")]


@boundary
def explain(
    answers: AnswersFile = None,
    comment: CommentFile = None,
    how: HowId = None,
    why: WhyId = None,
    why_not: WhyNotId = None,
    detail: Detail = False,
    as_json: AsJson = False,
    engine: EngineOption = None,
) -> None:
    """Explain a triage of answers or a comment: the whole derivation, --how, --why, --why-not."""
    choose_engine(engine)
    from stridewise.triage import default_knowledge_base, load_intake
    from stridewise.triage.coach.comment_file import read_text
    from stridewise.triage.explain.explainer import explain as explain_answers
    from stridewise.triage.render.explain import render_explanation

    explanation = explain_answers(
        load_intake(answers) if answers else None,
        default_knowledge_base(),
        comment=read_text(comment) if comment else None,
        how_id=how,
        why_question=why,
        why_not_id=why_not,
    )
    if as_json:
        sys.stdout.write(explanation.model_dump_json(indent=2) + "\n")
    else:
        render_explanation(explanation, Console(highlight=False), detail=detail)
