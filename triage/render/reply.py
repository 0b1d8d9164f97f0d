"""`reply --json`: one document joining the report, the facts read from the comment (with
their words and places) and the reply. Lays out only what the coach package decided.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


def reply_document(reading: Any, report: BaseModel, reply: BaseModel) -> dict[str, Any]:
    """`reply --json`: the report (the `triage --json` contract), the extracted facts, the reply."""
    extracted = [
        {k: getattr(f, k) for k in ("fact", "value", "text", "start", "end", "context")}
        for f in reading.extracted
    ]
    return {
        **report.model_dump(mode="json"),
        "extracted": extracted,
        "reply": reply.model_dump(mode="json"),
    }
