"""The runner's page: one step at a time (a question or a checklist), then the report explained.

Forms post the answers so far with each step (see `state`); nothing is kept between requests.
What to ask, what an answer means and when to stop come from `stridewise.triage.questionnaire`.
"""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from ..engine.kb_models import KnowledgeBase, Question
from ..engine.pipeline import default_knowledge_base
from ..errors import InvalidInput
from ..explain.explainer import derivation, how, why_lines
from ..questionnaire import (
    Command,
    InvalidAnswer,
    Questionnaire,
    Value,
    answers_yaml,
    hint,
    label,
)
from .state import decode, encode

router = APIRouter(include_in_schema=False)
Answers = Annotated[str, Form(max_length=20_000)]


@router.get("/runner", response_class=HTMLResponse)
def start(request: Request) -> Response:
    return _question_page(request, Questionnaire(default_knowledge_base()))


@router.post("/runner", response_class=HTMLResponse)
async def step(
    request: Request,
    answers: Answers = "[]",
    question: Annotated[str, Form(max_length=2_000)] = "",
    action: Annotated[str, Form(max_length=10)] = "next",
    choice: Annotated[list[str] | None, Form(max_length=100)] = None,
    text: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """Apply one step's answers (or go back) and show the next step, or the result.

    `question` names the step's questions, comma-separated; a checklist posts `item-<id>`.
    """
    session = decode(default_knowledge_base(), answers)
    current = session.next_step()
    if action == "back" and session.steps:
        return _question_page(request, session.back(), previous=dict(session.steps[-1]))
    if not current or ",".join(q.id for q in current) != question:
        raise InvalidInput("answers: the page is out of date or was changed; please start again.")
    try:
        if current[0].group is None:
            parsed = session.read(current[0], _typed(current[0], choice or [], text))
            if parsed == Command("back"):
                return _question_page(request, session.back() if session.steps else session)
            if isinstance(parsed, Command):
                return _question_page(request, session, why_open=True)
            values = {current[0].id: parsed}
        else:
            form = await request.form()
            values = {q.id: _item(form.get(f"item-{q.id}")) for q in current}
        session = session.answer_step(values)
    except InvalidAnswer as exc:
        return _question_page(request, session, error=str(exc), status_code=400)
    stopped = session.red_flag_report() is not None
    if stopped or not session.next_step():
        return _result_page(request, session, stopped)
    return _question_page(request, session)


def _item(raw: object) -> str:
    """A checklist row: yes, not sure, or no (the default when nothing was chosen)."""
    if raw in (None, "no"):
        return "no"
    if raw in ("yes", "not_sure"):
        return str(raw)
    raise InvalidAnswer("Please answer each item yes, no or not sure.")


def _typed(question: Question, choice: list[str], text: str) -> str:
    """The form's ticks and typing as one line for the parser; "none of these" must be alone."""
    if question.kind in {"number", "scale"}:
        return text
    if "none" in choice and len(choice) > 1 and "none" not in question.choices:
        raise InvalidAnswer('"None of these" cannot be ticked together with another answer.')
    return ", ".join(choice) if choice else text


@router.post("/runner/answers.yaml")
def download_answers(answers: Answers = "[]") -> Response:
    session = decode(default_knowledge_base(), answers)
    return _attachment(answers_yaml(session.intake()), "stridewise-answers.yaml", "text/yaml")


@router.post("/runner/report.json")
def download_report(answers: Answers = "[]") -> Response:
    report = decode(default_knowledge_base(), answers).report()
    return _attachment(
        report.model_dump_json(indent=2), "stridewise-report.json", "application/json"
    )


def _attachment(body: str, filename: str, media_type: str) -> Response:
    disposition = f'attachment; filename="{filename}"'
    return Response(body, media_type=media_type, headers={"Content-Disposition": disposition})


def _question_page(
    request: Request,
    session: Questionnaire,
    *,
    error: str | None = None,
    why_open: bool = False,
    previous: dict[str, Value] | None = None,
    status_code: int = 200,
) -> Response:
    """The next step: one question, or a checklist with a yes / not sure / no row per item."""
    step = session.next_step()
    if not step:
        return _result_page(request, session, stopped=False)
    previous = previous or {}
    question = step[0]
    group = session.kb.question_groups.get(question.group or "")
    if group is None:
        summary, lines = session.why(question)
    else:
        summary, lines = group.why, tuple(f"{q.text}: {session.why(q)[0]}" for q in step)
    choices = [(c, label(question, c)) for c in question.choices]
    if question.kind == "yes_no":
        choices = [("yes", "Yes"), ("no", "No"), ("not_sure", "Not sure")]
    earlier = previous.get(question.id)
    context = {
        "question": question,
        "group": group,
        "items": [(q, previous.get(q.id, "no")) for q in step],
        "step_ids": ",".join(q.id for q in step),
        "number": len(session.steps) + 1,
        "choices": choices,
        "hint": hint(question),
        "why_summary": summary,
        "why_lines": lines,
        "why_open": why_open,
        "answers": encode(session),
        "error": error,
        "previous": earlier if isinstance(earlier, tuple) else (earlier,),
        "can_go_back": bool(session.steps),
    }
    templates = request.app.state.templates
    return templates.TemplateResponse(request, "question.html", context, status_code=status_code)


def _result_page(request: Request, session: Questionnaire, stopped: bool) -> Response:
    kb = session.kb
    report = session.report()
    save_dir = request.app.state.save_dir
    if save_dir is not None:
        target = save_dir / f"answers-{uuid.uuid4().hex[:12]}.yaml"
        target.write_text(answers_yaml(session.intake()), encoding="utf-8")
    context = {
        "report": report,
        "stopped": stopped,
        "answers": encode(session),
        **explanations(report, kb),
    }
    return request.app.state.templates.TemplateResponse(request, "result.html", context)


def explanations(report, kb: KnowledgeBase) -> dict[str, object]:
    """The same sentences as `stridewise explain`: HOW for each conclusion, the derivation."""
    level = report.disposition.level
    return {
        "level_why": how(report, kb, level).summary if report.disposition.reasons else None,
        "finding_why": {f.id: how(report, kb, f.id).summary for f in report.findings},
        "exercise_why": why_lines(report, kb),
        "derivation": derivation(report, kb),
    }
