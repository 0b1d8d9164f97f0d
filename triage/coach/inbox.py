"""Reads reader comments from a CSV, JSON Lines or WordPress export (WXR) file, or one text file.

A malformed row is returned as `Skipped` with its line number; every other row is kept.
Only reading happens here: no triage, no replies.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from xml.sax import SAXParseException
from xml.sax.handler import ContentHandler

from defusedxml import DefusedXmlException
from defusedxml.sax import parseString
from pydantic import BaseModel, ConfigDict, Field

from ..engine.strict_load import DuplicateKey, json_load, read_limited
from ..errors import InvalidInput
from ..reading.reader import MAX_COMMENT_CHARS
from ..reading.sanitize import html_to_text, one_line, tidy_paragraphs, visible

_FROZEN = ConfigDict(extra="forbid", frozen=True)
MAX_COMMENT_BYTES = 100_000
MAX_AUTHOR = 80  # characters of a name used in a greeting
MAX_INBOX_BYTES = 200_000_000
MAX_ROW_NESTING = 50  # JSON Lines rows nested deeper are skipped, not parsed
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


def read_text(path: Path | str) -> str:
    """A UTF-8 text file (or stdin for "-") as plain text; InvalidInput names the file on any
    problem. Inline HTML is turned to text, so markup never hides a reader's words."""
    name = "<stdin>" if str(path) == "-" else str(path)
    source = read_limited(path, MAX_COMMENT_BYTES, InvalidInput)
    text = html_to_text(_decode(source, name, MAX_COMMENT_BYTES))
    if not visible(text):
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
    raw = read_limited(path, MAX_INBOX_BYTES, InvalidInput)
    if kind == "wxr":
        _decode(raw, str(path), MAX_INBOX_BYTES)  # the same clear message for a wrong encoding
        return _read_wxr(raw, path)
    text = _decode(raw, str(path), MAX_INBOX_BYTES)
    del raw  # decoded: a large inbox is held once as text, not also as bytes
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
    if isinstance(text, str):
        text = html_to_text(text)
    if not isinstance(text, str) or not visible(text):
        return Skipped(
            line=line, reason=f"no comment text (expected one of {', '.join(TEXT_KEYS)})"
        )
    if len(text) > MAX_COMMENT_CHARS:
        return Skipped(line=line, reason=f"comment longer than {MAX_COMMENT_CHARS:,} characters")
    ident, author = _pick(row, ID_KEYS), _pick(row, AUTHOR_KEYS)
    post = post or _pick(row, ("post", "post_title"))
    fields = [text, *(str(v) for v in (ident, author, post) if v is not None)]
    if any(_has_lone_surrogate(value) for value in fields):
        return Skipped(line=line, reason="holds a lone surrogate (\\ud800-\\udfff), not text")
    name = one_line(str(author), MAX_AUTHOR) if author is not None else ""
    return InboxComment(
        id=one_line(str(ident), MAX_AUTHOR) if ident is not None else str(line),
        author=name or None,
        text=text.strip(),
        line=line,
        post=one_line(str(post), 200) if post else None,
    )


def _has_lone_surrogate(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _read_csv(text: str, path: Path) -> list[InboxComment | Skipped]:
    """Rows with their real line numbers; a broken row is skipped and reading goes on after it."""
    lines = text.split("\n")
    for index in range(len(lines) - 1):  # in place, so each line is held once
        lines[index] += "\n"
    if not lines[-1]:
        lines.pop()
    header_reader = csv.reader(lines[:1], strict=True)
    try:
        header = [h.strip().lower() for h in next(header_reader, [])]
    except csv.Error as exc:
        raise InvalidInput(f"{path}: line 1: not a valid CSV header ({exc}).") from None
    repeated = sorted({h for h in header if header.count(h) > 1})
    if repeated:
        raise InvalidInput(
            f"{path}: line 1: column {repeated[0]!r} appears more than once "
            "(names are compared without case); keep one."
        )
    if not set(header) & set(TEXT_KEYS):
        raise InvalidInput(
            f"{path}: line 1: no comment column; expected one of {', '.join(TEXT_KEYS)}."
        )
    rows: list[InboxComment | Skipped] = []
    offset = 1
    with _field_limit(MAX_INBOX_BYTES):
        while offset < len(lines):
            offset = _read_csv_from(lines, offset, header, rows)
    return rows


def _read_csv_from(
    lines: list[str], offset: int, header: list[str], rows: list[InboxComment | Skipped]
) -> int:
    """Add the rows of lines[offset:] to `rows`; return where reading goes on: the end, or the
    line after a quote that is never closed (which would swallow the rest of the file)."""
    reader = csv.reader(lines[offset:], strict=True)
    start = offset + 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return len(lines)
        except csv.Error as exc:
            if "unexpected end of data" in str(exc):
                rows.append(Skipped(line=start, reason="a quote opened here is never closed"))
                return start
            rows.append(Skipped(line=start, reason=f"not valid CSV ({exc})"))
        else:
            if record:
                rows.append(_csv_row(record, header, start))
        start = offset + reader.line_num + 1


def _csv_row(record: list[str], header: list[str], line: int) -> InboxComment | Skipped:
    if len(record) != len(header):
        return Skipped(line=line, reason=f"expected {len(header)} fields, got {len(record)}")
    return _comment(dict(zip(header, record, strict=True)), line)


@contextmanager
def _field_limit(limit: int) -> Iterator[None]:
    """Let a long field be read whole, so it is reported on its own line as too long."""
    previous = csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def _read_jsonl(text: str) -> Iterator[InboxComment | Skipped]:
    # Split on newlines only: U+2028 and U+0085 are ordinary characters inside a JSON string.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        brackets = line.count("[") + line.count("{")
        if brackets > MAX_ROW_NESTING and _depth(line) > MAX_ROW_NESTING:
            yield Skipped(line=number, reason=f"nested more than {MAX_ROW_NESTING} levels deep")
            continue
        try:
            row = json_load(line)
        except DuplicateKey as exc:
            yield Skipped(line=number, reason=f"duplicate key {exc.key!r}")
            continue
        except json.JSONDecodeError as exc:
            yield Skipped(line=number, reason=f"not valid JSON ({exc.msg}, column {exc.colno})")
            continue
        except (ValueError, RecursionError) as exc:
            yield Skipped(line=number, reason=f"not readable JSON ({exc})")
            continue
        if not isinstance(row, dict):
            yield Skipped(line=number, reason=f"expected a JSON object, got {type(row).__name__}")
            continue
        lowered = [str(k).lower() for k in row]
        if len(set(lowered)) < len(lowered):
            twice = next(k for k in lowered if lowered.count(k) > 1)
            yield Skipped(
                line=number, reason=f"duplicate key {twice!r} (names differ only in case)"
            )
            continue
        yield _comment({str(k).lower(): v for k, v in row.items()}, number)


def _depth(line: str) -> int:
    """Deepest bracket nesting, ignoring brackets inside strings."""
    depth = deepest = 0
    in_string = escaped = False
    for char in line:
        if in_string:
            escaped, in_string = (False, True) if escaped else (char == "\\", char != '"')
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


class _WxrHandler(ContentHandler):
    """Collects wp:comment elements (any WXR version) with the line each one starts on.

    Each element's text includes its children's, so inline markup inside comment_content never
    hides the words around it; a comment nested in another is read as a comment of its own.
    """

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[InboxComment | Skipped] = []
        self._path: list[str] = []
        self._texts: list[list[str]] = []
        self._comments: list[tuple[dict[str, str], int]] = []
        self._title: str | None = None

    def startElement(self, name: str, attrs: Any) -> None:
        local = name.rpartition(":")[2]
        self._path.append(local)
        self._texts.append([])
        if local == "comment":
            self._comments.append(({}, self._locator.getLineNumber()))
        elif local in _BLOCK_ELEMENTS and len(self._texts) > 1:
            self._texts[-2].append("\n\n")

    def characters(self, content: str) -> None:
        self._texts[-1].append(content)

    def endElement(self, name: str) -> None:
        local = self._path.pop()
        value = "".join(self._texts.pop())
        if self._texts and local not in ("comment", "item"):
            self._texts[-1].append(value + ("\n\n" if local in _BLOCK_ELEMENTS else ""))
        value = tidy_paragraphs(value)
        if local == "title" and self._path[-1:] == ["item"]:
            self._title = value or None
        elif local == "comment" and self._comments:
            fields, start = self._comments.pop()
            self._finish(fields, start)
        elif self._comments and local.startswith("comment_"):
            self._comments[-1][0].setdefault(local, value)

    def _finish(self, fields: dict[str, str], start: int) -> None:
        kind = fields.get("comment_type", "")
        approved = fields.get("comment_approved", "")
        if kind in NOT_READER_COMMENTS or approved in NOT_TO_ANSWER:
            reason = kind if kind in NOT_READER_COMMENTS else approved
            self.rows.append(Skipped(line=start, reason=f"{reason}, not a reader comment"))
            return
        self.rows.append(_comment(fields, start, self._title))


_BLOCK_ELEMENTS = frozenset({"p", "div", "br", "li", "blockquote", "pre", "h1", "h2", "h3"})


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
    rows = sorted(handler.rows, key=lambda r: r.line) + ([problem] if problem else [])
    comments = [r for r in rows if isinstance(r, InboxComment)]
    if problem and not comments:
        raise InvalidInput(f"{path}: line {problem.line}: not a readable WordPress export.")
    return comments, [r for r in rows if isinstance(r, Skipped)]
