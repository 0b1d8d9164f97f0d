"""The coach desk: a pasted comment to a reply draft; an uploaded inbox to every draft.

Each draft shows the facts read from the comment, marked in the reader's own words. Uploads
are read from a temporary folder that is gone when the request ends.
"""

from __future__ import annotations

import json
import tempfile
import uuid
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, Response

from ..coach.batch import draft_all
from ..coach.drafts import Draft, render_drafts
from ..coach.inbox import FORMATS, Skipped, read_inbox
from ..coach.profile import CoachProfile
from ..coach.reply import reply_to_comment
from ..engine.kb_models import Level
from ..errors import InvalidInput
from ..render.reply import reply_document
from .guard import MAX_UPLOAD_BYTES

router = APIRouter(include_in_schema=False)
DRAFT_TYPES = {"md": "text/markdown", "csv": "text/csv", "jsonl": "application/x-ndjson"}


@router.get("/coach", response_class=HTMLResponse)
def desk(request: Request) -> Response:
    return request.app.state.templates.TemplateResponse(request, "coach.html", {})


@router.post("/coach/reply", response_class=HTMLResponse)
def draft_reply(
    request: Request, comment: Annotated[str, Form(max_length=100_000)] = ""
) -> Response:
    """One comment: the reply draft, the facts marked in its words, the questions left open."""
    if not comment.strip():
        raise InvalidInput("comment: the comment is empty; expected the reader's words.")
    reading, report, drafted = reply_to_comment(comment, request.app.state.coach)
    save_dir = request.app.state.save_dir
    if save_dir is not None:
        document = reply_document(reading, report, drafted)
        target = save_dir / f"reply-{uuid.uuid4().hex[:12]}.json"
        target.write_text(json.dumps(document, indent=2, ensure_ascii=False), encoding="utf-8")
    context = {
        "comment": comment,
        "segments": marked_segments(reading.text, reading.extracted),
        "facts": reading.extracted,
        "report": report,
        "reply": drafted,
    }
    return request.app.state.templates.TemplateResponse(request, "reply.html", context)


def marked_segments(text: str, facts) -> list[tuple[str, list]]:
    """The comment cut into plain runs and marked runs; overlapping facts share one mark."""
    groups: list[tuple[int, int, list]] = []
    for fact in sorted(facts, key=lambda f: (f.start, -f.end)):
        if fact.end > len(text) or fact.start >= fact.end:
            continue
        if groups and fact.start < groups[-1][1]:
            start, end, members = groups[-1]
            groups[-1] = (start, max(end, fact.end), [*members, fact])
        else:
            groups.append((fact.start, fact.end, [fact]))
    segments: list[tuple[str, list]] = []
    at = 0
    for start, end, members in groups:
        if start > at:
            segments.append((text[at:start], []))
        segments.append((text[start:end], members))
        at = end
    if at < len(text):
        segments.append((text[at:], []))
    return segments


@router.post("/coach/inbox", response_model=None)
async def inbox(
    request: Request,
    file: UploadFile,
    action: Annotated[Literal["show", "download"], Form()] = "show",
    fmt: Annotated[Literal["md", "csv", "jsonl"], Form()] = "md",
) -> Response:
    """Every comment in an uploaded export drafted, the most urgent first."""
    drafts, skipped = await _draft_upload(file, request.app.state.coach)
    if action == "download":
        disposition = f'attachment; filename="stridewise-drafts.{fmt}"'
        return Response(
            render_drafts(drafts, fmt),
            media_type=DRAFT_TYPES[fmt],
            headers={"Content-Disposition": disposition},
        )
    context = {"drafts": drafts, "skipped": skipped, "source": _display_name(file)}
    return request.app.state.templates.TemplateResponse(request, "inbox.html", context)


async def _draft_upload(file: UploadFile, coach: CoachProfile) -> tuple[list[Draft], list[Skipped]]:
    name = _display_name(file)
    suffix = Path(name).suffix.lower()
    if suffix not in FORMATS:
        raise InvalidInput(
            f"{name}: unknown inbox format {suffix or '(no suffix)'!r}; "
            "expected .csv, .jsonl or a WordPress export (.xml)."
        )
    data = await file.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise InvalidInput(f"{name}: expected at most {MAX_UPLOAD_BYTES:,} bytes.")
    with tempfile.TemporaryDirectory(prefix="stridewise-") as folder:
        path = Path(folder) / f"inbox{suffix}"
        path.write_bytes(data)
        try:
            comments, skipped = read_inbox(path)
        except InvalidInput as exc:
            raise InvalidInput([p.replace(str(path), name) for p in exc.problems]) from None
    results = draft_all(comments, coach, workers=1)
    drafts = [r for r in results if isinstance(r, Draft)]
    skipped += [r for r in results if isinstance(r, Skipped)]
    drafts.sort(key=lambda d: -Level[d.level])
    return drafts, sorted(skipped, key=lambda s: s.line)


def _display_name(file: UploadFile) -> str:
    return Path(file.filename or "upload").name[:120]
