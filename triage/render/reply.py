"""`reply --json`: one document joining the report, the facts read from the comment (with
their words and places) and the reply. Lays out only what the coach package decided.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from ..coach.reply import Reply
from ..engine.report import Report
from ..reading.reader import CommentReading, ExtractedFact


class ReplyDocument(Report):
    """`reply --json`: the report (the `triage --json` contract), the extracted facts, the reply."""

    extracted: tuple[ExtractedFact, ...] = Field(
        description="Every fact read from the comment, with its words, place and context."
    )
    reply: Reply = Field(description="The reply draft, as sections and as text.")


def reply_document(reading: CommentReading, report: Report, reply: Reply) -> dict[str, Any]:
    """The report's fields, then what was read from the comment, then the reply, as JSON data."""
    document = ReplyDocument(**dict(report), extracted=reading.extracted, reply=reply)
    return document.model_dump(mode="json")
