"""The JSON API under /api/: the CLI's models in, the CLI's JSON out, the CLI's error lines.

POST /api/triage takes an Intake and returns the Report (`triage --json`); POST /api/reply takes
a comment and returns `reply --json`; GET /api/schema is `stridewise schema`.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from ..coach.reply import Reply, reply_to_comment
from ..engine.files import format_location, validate_model
from ..engine.intake import Intake
from ..engine.pipeline import triage
from ..engine.report import Report
from ..errors import InvalidInput
from ..reading.reader import MAX_COMMENT_CHARS, ExtractedFact
from ..render.reply import reply_document

router = APIRouter(prefix="/api", tags=["api"])
BODY = "request body"


class ReplyRequest(BaseModel):
    """A reader's comment, as `stridewise reply` reads it from a file."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    comment: str = Field(description=f"The comment, at most {MAX_COMMENT_CHARS:,} characters.")


class ReplyDocument(Report):
    """`stridewise reply --json`: the report, the facts read with their words, the reply."""

    extracted: tuple[ExtractedFact, ...]
    reply: Reply


ERRORS = {400: {"description": "Invalid input: one line per problem, as the CLI prints them."}}


@router.post("/triage", response_model=Report, responses=ERRORS)
def triage_answers(intake: Intake) -> Report:
    """Triage a runner's answers (the answers-file format) and return the report."""
    return triage(intake)


@router.post(
    "/reply", responses={**ERRORS, 200: {"model": ReplyDocument}}, response_class=JSONResponse
)
def reply(body: ReplyRequest, request: Request) -> dict[str, Any]:
    """Read a comment, triage it and draft the reply, signed with the server's coach profile."""
    if not body.comment.strip():
        raise InvalidInput("comment: the comment is empty; expected the reader's words.")
    return reply_document(*reply_to_comment(body.comment, request.app.state.coach))


@router.get("/schema")
def schema() -> dict[str, Any]:
    """The JSON Schema of the report, as `stridewise schema` prints it."""
    return Report.model_json_schema(mode="serialization")


def validation_problems(request: Request, exc: RequestValidationError) -> list[str]:
    """A body that does not fit its model: the CLI's lines (`field: expected ..., got ...`)."""
    if request.url.path == "/api/triage" and isinstance(exc.body, dict):
        try:
            validate_model(Intake, exc.body, BODY, InvalidInput)
        except InvalidInput as problem:
            return problem.problems
    return [
        f"{BODY}: {format_location([p for p in err['loc'] if p != 'body']) or '(whole)'}: "
        f"{err['msg']}"
        for err in exc.errors()
    ]
