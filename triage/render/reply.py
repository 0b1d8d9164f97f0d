"""Renders reply drafts: one reply's text through the coach's Jinja2 template, and a whole
inbox of drafts as Markdown, CSV or JSON Lines. It only lays out what `reply.py` decided.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from jinja2 import FileSystemLoader, StrictUndefined, TemplateError, TemplateNotFound
from jinja2 import TemplateSyntaxError as JinjaSyntaxError
from jinja2.sandbox import SandboxedEnvironment
from pydantic import BaseModel

from ..coach import CoachProfile
from ..errors import InvalidInput
from ..knowledge import default_root

if TYPE_CHECKING:
    from ..batch import Draft

DraftFormat = Literal["md", "csv", "jsonl"]
CSV_COLUMNS = ("id", "author", "line", "disposition", "timeframe", "needs_triage", "reply")


@cache
def templates_dir() -> Path:
    return default_root() / "templates"


@cache
def _environment(folder: str) -> SandboxedEnvironment:
    """Sandboxed, so a coach's own template cannot reach Python; strict, so a typo fails."""
    return SandboxedEnvironment(
        loader=FileSystemLoader(folder),
        undefined=StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )


def render_reply_text(parts: Mapping[str, Any], coach: CoachProfile) -> str:
    """The reply text from its decided sections; InvalidInput names a broken template."""
    path = coach.template_file(templates_dir())
    env = _environment(str(path.parent))
    try:
        template = env.get_template(path.name)
        text = template.render(reply=_plain(parts), coach=coach.model_dump(mode="json"))
    except TemplateNotFound:
        raise InvalidInput(f"{path}: template not found") from None
    except JinjaSyntaxError as exc:
        raise InvalidInput(f"{exc.filename or path}: line {exc.lineno}: {exc.message}") from None
    except TemplateError as exc:
        raise InvalidInput(f"{path}: {exc.message or exc}") from None
    return _tidy(text)


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


def _tidy(text: str) -> str:
    """No trailing spaces, at most one blank line in a row, one final newline."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)) + "\n"


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


# --- a whole inbox -------------------------------------------------------------------------


def render_drafts(drafts: Iterable[Draft], fmt: DraftFormat) -> str:
    """All drafts in one document, in inbox order."""
    if fmt == "md":
        return "\n".join(_markdown(d) for d in drafts)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for d in drafts:
            writer.writerow(
                [d.id, d.author or "", d.line, d.level, d.timeframe, d.needs_triage, d.reply.text]
            )
        return out.getvalue()
    if fmt == "jsonl":
        return "".join(json.dumps(_record(d), ensure_ascii=False) + "\n" for d in drafts)
    raise InvalidInput(f"--format: expected md, csv or jsonl, got {fmt!r}")


def _markdown(d: Draft) -> str:
    who = f" from {d.author}" if d.author else ""
    when = f" ({d.timeframe})" if d.timeframe else ""
    quoted = "\n".join(f"> {line}" if line else ">" for line in d.text.strip().splitlines())
    return (
        f"## Comment {d.id}{who}: {d.level}{when}\n\n{quoted}\n\n### Draft reply\n\n{d.reply.text}"
    )


def _record(d: Draft) -> dict[str, Any]:
    return {
        "id": d.id,
        "author": d.author,
        "line": d.line,
        "disposition": d.level,
        "timeframe": d.timeframe,
        "needs_triage": d.needs_triage,
        "findings": list(d.findings),
        "reply": d.reply.model_dump(mode="json"),
    }
