"""A drafted inbox: each comment's draft and the summary a coach reads first, and the three
file formats (Markdown, CSV, JSON Lines) the drafts are written in. No triage happens here.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..engine.kb_models import LevelName
from ..errors import InvalidInput
from .inbox import Skipped
from .reply import Reply

_FROZEN = ConfigDict(extra="forbid", frozen=True)
DraftFormat = Literal["md", "csv", "jsonl"]
FORMAT_BY_SUFFIX: dict[str, DraftFormat] = {".md": "md", ".csv": "csv", ".jsonl": "jsonl"}
CSV_COLUMNS = ("id", "author", "line", "disposition", "timeframe", "needs_triage", "reply")


class Draft(BaseModel):
    """One comment with its triage outcome and reply draft."""

    model_config = _FROZEN
    id: str
    author: str | None
    line: int
    post: str | None
    text: str = Field(description="The reader's comment, as read.")
    level: LevelName
    timeframe: str
    needs_triage: bool
    findings: tuple[str, ...]
    reply: Reply


class PriorityItem(BaseModel):
    model_config = _FROZEN
    id: str
    author: str | None
    line: int
    level: LevelName
    timeframe: str


class Summary(BaseModel):
    """What a coach needs first: who to answer today, then how the rest splits."""

    model_config = _FROZEN
    source: str
    read: int = Field(description="Comments read from the file.")
    drafted: int
    counts: dict[LevelName, int] = Field(description="Drafts by disposition, most urgent first.")
    priority: tuple[PriorityItem, ...] = Field(description="Emergency, then urgent comments.")
    skipped: tuple[Skipped, ...] = Field(description="Rows not drafted, with line numbers.")
    out: str | None = None


def render_drafts(drafts: Iterable[Draft], fmt: DraftFormat) -> str:
    """All drafts in one document, in inbox order."""
    if fmt == "md":
        return "\n".join(_markdown(d) for d in drafts)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
        writer.writerow(CSV_COLUMNS)
        writer.writerows(_csv_row(d) for d in drafts)
        return out.getvalue()
    if fmt == "jsonl":
        return "".join(_json_line(d) for d in drafts)
    raise InvalidInput(f"--format: expected md, csv or jsonl, got {fmt!r}")


class DraftWriter:
    """Writes drafts as they come, a run at a time, through `write`; the text written in all is
    the same as `render_drafts` of every draft at once."""

    def __init__(self, write: Callable[[str], None], fmt: DraftFormat) -> None:
        if fmt not in ("md", "csv", "jsonl"):
            raise InvalidInput(f"--format: expected md, csv or jsonl, got {fmt!r}")
        self._write, self._fmt, self._started = write, fmt, False
        if fmt == "csv":
            self._write(self._csv([CSV_COLUMNS]))

    def add(self, drafts: Sequence[Draft]) -> None:
        """Append a run of drafts, which follow every draft added before."""
        if not drafts:
            return
        if self._fmt == "md":
            text = ("\n" if self._started else "") + "\n".join(_markdown(d) for d in drafts)
        elif self._fmt == "csv":
            text = self._csv(_csv_row(d) for d in drafts)
        else:
            text = "".join(_json_line(d) for d in drafts)
        self._started = True
        self._write(text)

    @staticmethod
    def _csv(rows: Iterable[Sequence[object]]) -> str:
        out = io.StringIO()
        csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL).writerows(rows)
        return out.getvalue()


def _csv_row(d: Draft) -> list[str]:
    row = [d.id, d.author or "", d.line, d.level, d.timeframe, d.needs_triage, d.reply.text]
    return [csv_cell(str(cell)) for cell in row]


def _json_line(d: Draft) -> str:
    return json.dumps(DraftRecord.of(d).model_dump(mode="json"), ensure_ascii=False) + "\n"


def _markdown(d: Draft) -> str:
    who = f" from {markdown_text(d.author)}" if d.author else ""
    when = f" ({d.timeframe})" if d.timeframe else ""
    quoted = "\n".join(
        f"> {markdown_text(line)}" if line else ">" for line in d.text.strip().splitlines()
    )
    return (
        f"## Comment {markdown_text(d.id)}{who}: {d.level}{when}\n\n{quoted}\n\n"
        f"### Draft reply\n\n{d.reply.text}"
    )


# OWASP's advice on CSV injection: a cell a spreadsheet would run as a formula gets a leading
# apostrophe, so it is shown as text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


def csv_cell(value: str) -> str:
    """A cell that a spreadsheet shows as text: formulas neutralised, line breaks as \\n."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return "'" + value if value.startswith(_FORMULA_START) else value


def markdown_text(value: str) -> str:
    """Reader text for Markdown: HTML escaped, Markdown's special characters backslashed."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(value, quote=False))


class DraftRecord(BaseModel):
    """One line of `reply --batch --format jsonl`: a comment's outcome and its reply draft."""

    model_config = _FROZEN
    id: str = Field(description="The comment's id in the inbox.")
    author: str | None
    line: int = Field(description="Where the comment starts in the inbox file.")
    disposition: LevelName
    timeframe: str
    needs_triage: bool = Field(description="False when the comment is not an injury report.")
    findings: tuple[str, ...] = Field(description="Finding ids, in the report's order.")
    reply: Reply

    @classmethod
    def of(cls, d: Draft) -> DraftRecord:
        shared = d.model_dump(include={"id", "author", "line", "timeframe", "needs_triage"})
        return cls(**shared, disposition=d.level, findings=d.findings, reply=d.reply)
