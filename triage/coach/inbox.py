"""Reads reader comments from a CSV, JSON Lines or WordPress export (WXR) file, or one text file.

A malformed row is returned as `Skipped` with its line number; every other row is kept.
Only reading happens here: no triage, no replies.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.sax import SAXParseException
from xml.sax.handler import ContentHandler

from defusedxml import DefusedXmlException
from defusedxml.sax import parseString
from pydantic import BaseModel, ConfigDict, Field

from ..errors import InvalidInput
from ..reading.reader import MAX_COMMENT_CHARS

_FROZEN = ConfigDict(extra="forbid", frozen=True)
MAX_COMMENT_BYTES = 100_000
MAX_AUTHOR = 80  # characters of a name used in a greeting
MAX_INBOX_BYTES = 200_000_000
TEXT_KEYS = ("content", "comment_content", "comment", "text", "body", "message")
ID_KEYS = ("id", "comment_id")
AUTHOR_KEYS = ("author", "comment_author", "name")
FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".xml": "wxr", ".wxr": "wxr"}
NOT_READER_COMMENTS = {"pingback", "trackback"}
NOT_TO_ANSWER = {"spam", "trash"}


class InboxComment(BaseModel):
    """One reader comment and where it sits in the file."""

    model_config = _FROZEN
    id: str = Field(description="The comment's id, or its line number when the file has none.")
    author: str | None = None
    text: str = Field(min_length=1)
    line: int = Field(description="Line in the file where the comment starts.")
    post: str | None = Field(None, description="Title of the post it was left on, when known.")


class Skipped(BaseModel):
    """A row that could not be read, and why."""

    model_config = _FROZEN
    line: int
    reason: str


def read_text(path: Path | str, source: bytes | None = None) -> str:
    """A UTF-8 text file (or stdin bytes) as text; InvalidInput names the file on any problem."""
    name = str(path)
    if source is None:
        try:
            source = Path(path).read_bytes()
        except OSError as exc:
            raise InvalidInput(f"{name}: cannot read the file ({exc.strerror or exc}).") from None
    text = _decode(source, name, MAX_COMMENT_BYTES)
    if not text.strip():
        raise InvalidInput(f"{name}: the comment is empty; expected the reader's words.")
    return text


def _decode(data: bytes, name: str, limit: int) -> str:
    if len(data) > limit:
        raise InvalidInput(f"{name}: {len(data):,} bytes; expected at most {limit:,} bytes.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InvalidInput(
            f"{name}: expected UTF-8 text, found an undecodable byte on line {line} "
            "(save the file as UTF-8 and try again)."
        ) from None


def read_inbox(path: Path | str) -> tuple[list[InboxComment], list[Skipped]]:
    """Every comment in the file, in order, and every row skipped with its line number."""
    path = Path(path)
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise InvalidInput(
            f"{path}: unknown inbox format {path.suffix or '(no suffix)'!r}; "
            "expected .csv, .jsonl or a WordPress export (.xml)."
        )
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot read the file ({exc.strerror or exc}).") from None
    if kind == "wxr":
        _decode(raw, str(path), MAX_INBOX_BYTES)  # the same clear message for a wrong encoding
        return _read_wxr(raw, path)
    text = _decode(raw, str(path), MAX_INBOX_BYTES)
    rows = list(_read_csv(text, path) if kind == "csv" else _read_jsonl(text))
    comments = [r for r in rows if isinstance(r, InboxComment)]
    return comments, [r for r in rows if isinstance(r, Skipped)]


def _pick(row: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        if row.get(key) not in (None, ""):
            return row[key]
    return None


def _comment(row: dict[str, Any], line: int, post: str | None = None) -> InboxComment | Skipped:
    text = _pick(row, TEXT_KEYS)
    if not isinstance(text, str) or not text.strip():
        return Skipped(
            line=line, reason=f"no comment text (expected one of {', '.join(TEXT_KEYS)})"
        )
    if len(text) > MAX_COMMENT_CHARS:
        return Skipped(line=line, reason=f"comment longer than {MAX_COMMENT_CHARS:,} characters")
    ident, author = _pick(row, ID_KEYS), _pick(row, AUTHOR_KEYS)
    return InboxComment(
        id=str(ident) if ident is not None else str(line),
        author=str(author).strip()[:MAX_AUTHOR] if author is not None else None,
        text=text.strip(),
        line=line,
        post=post or _pick(row, ("post", "post_title")),
    )


def _read_csv(text: str, path: Path) -> list[InboxComment | Skipped]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    if not set(header) & set(TEXT_KEYS):
        raise InvalidInput(
            f"{path}: line 1: no comment column; expected one of {', '.join(TEXT_KEYS)}."
        )
    reader.fieldnames = header
    rows: list[InboxComment | Skipped] = []
    start = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            rows.append(Skipped(line=start, reason=f"not valid CSV ({exc})"))
            start = reader.line_num + 1
            continue
        if None in row or None in row.values():
            got = len(header) + len(row.get(None) or []) - sum(v is None for v in row.values())
            rows.append(Skipped(line=start, reason=f"expected {len(header)} fields, got {got}"))
        else:
            rows.append(_comment(row, start))
        start = reader.line_num + 1
    return rows


def _read_jsonl(text: str) -> Iterator[InboxComment | Skipped]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Skipped(line=number, reason=f"not valid JSON ({exc.msg}, column {exc.colno})")
            continue
        if not isinstance(row, dict):
            yield Skipped(line=number, reason=f"expected a JSON object, got {type(row).__name__}")
            continue
        yield _comment({str(k).lower(): v for k, v in row.items()}, number)


class _WxrHandler(ContentHandler):
    """Collects wp:comment elements (any WXR version) with the line each one starts on."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[InboxComment | Skipped] = []
        self._path: list[str] = []
        self._fields: dict[str, str] | None = None
        self._start = 0
        self._text: list[str] = []
        self._title: str | None = None

    def startElement(self, name: str, attrs: Any) -> None:
        local = name.rpartition(":")[2]
        self._path.append(local)
        self._text = []
        if local == "comment" and self._fields is None:
            self._fields, self._start = {}, self._locator.getLineNumber()

    def characters(self, content: str) -> None:
        self._text.append(content)

    def endElement(self, name: str) -> None:
        local = self._path.pop()
        value = "".join(self._text).strip()
        self._text = []
        if local == "title" and self._path[-1:] == ["item"]:
            self._title = value or None
        elif local == "comment" and self._fields is not None:
            self._finish(self._fields)
            self._fields = None
        elif self._fields is not None and local.startswith("comment_"):
            self._fields[local] = value

    def _finish(self, fields: dict[str, str]) -> None:
        kind = fields.get("comment_type", "")
        approved = fields.get("comment_approved", "")
        if kind in NOT_READER_COMMENTS or approved in NOT_TO_ANSWER:
            reason = kind if kind in NOT_READER_COMMENTS else approved
            self.rows.append(Skipped(line=self._start, reason=f"{reason}, not a reader comment"))
            return
        self.rows.append(_comment(fields, self._start, self._title))


def _read_wxr(raw: bytes, path: Path) -> tuple[list[InboxComment], list[Skipped]]:
    handler = _WxrHandler()
    problem: Skipped | None = None
    try:
        parseString(raw, handler)
    except SAXParseException as exc:
        problem = Skipped(
            line=exc.getLineNumber(),
            reason=f"the XML breaks off here ({exc.getMessage()}); nothing after it was read",
        )
    except DefusedXmlException:
        raise InvalidInput(
            f"{path}: the XML declares entities or a DTD, which a WordPress export never "
            "needs; refusing to read it."
        ) from None
    rows = handler.rows + ([problem] if problem else [])
    comments = [r for r in rows if isinstance(r, InboxComment)]
    if problem and not comments:
        raise InvalidInput(f"{path}: line {problem.line}: not a readable WordPress export.")
    return comments, [r for r in rows if isinstance(r, Skipped)]
