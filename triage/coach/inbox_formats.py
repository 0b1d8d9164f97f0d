"""Rows of a CSV, JSON Lines or WordPress export (WXR) inbox, read lazily from a binary file.

Each reader yields rows in file order as it parses them, with the line each starts on; a
malformed row is yielded as `Skipped` and reading goes on after it. Only reading happens here.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO
from xml.sax import SAXParseException
from xml.sax.expatreader import ExpatLocator
from xml.sax.handler import ContentHandler

from defusedxml import DefusedXmlException
from defusedxml.sax import make_parser

from ..engine.strict_load import DuplicateKey, json_load
from ..errors import InvalidInput
from ..reading.sanitize import tidy_paragraphs
from .comment_file import not_utf8
from .inbox_rows import TEXT_KEYS, InboxComment, Skipped, comment_from_row

Row = InboxComment | Skipped
MAX_ROW_NESTING = 50  # JSON Lines rows nested deeper are skipped, not parsed
# A row holds one comment of at most 20,000 characters (80 kB of UTF-8) and a few short fields:
# a longer line is skipped unread, so one giant row cannot fill memory.
MAX_LINE_BYTES = 1_000_000
TOO_LONG = f"line longer than {MAX_LINE_BYTES:,} bytes; a comment row is far shorter"
# A quoted CSV field may span lines; one that never closes stops here, not at the end of the file.
MAX_FIELD_CHARS = MAX_LINE_BYTES
XML_CHUNK_BYTES = 1 << 20
NOT_READER_COMMENTS = {"pingback", "trackback"}
NOT_TO_ANSWER = {"spam", "trash"}


def utf8(raw: bytes, name: str, line: int, *, first: bool = False) -> str:
    """One line of the file as text; InvalidInput names the file and line when it is not UTF-8."""
    try:
        return raw.decode("utf-8-sig" if first else "utf-8")
    except UnicodeDecodeError:
        raise InvalidInput(not_utf8(name, line)) from None


class _LineTooLong(Exception):
    """A physical line over MAX_LINE_BYTES, already skipped; `line` is its number."""

    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


def _bounded_lines(stream: BinaryIO) -> Iterator[tuple[bytes | None, int]]:
    """Each physical line and its length in bytes; None for a line over MAX_LINE_BYTES, whose
    rest is read past in pieces rather than held."""
    while raw := stream.readline(MAX_LINE_BYTES + 1):
        if len(raw) <= MAX_LINE_BYTES or raw.endswith(b"\n"):
            yield raw, len(raw)
            continue
        size = len(raw)
        while (rest := stream.readline(MAX_LINE_BYTES)) and not rest.endswith(b"\n"):
            size += len(rest)
        yield None, size + len(rest)


class _Lines:
    """The lines of a binary file from its current position, split on "\\n" only (U+2028 and a
    lone CR stay inside a line), decoded; `end` is the byte offset after the last line given."""

    def __init__(self, stream: BinaryIO, name: str, number: int) -> None:
        self.stream, self.name, self.number = stream, name, number
        self.end = stream.tell()

    def __iter__(self) -> Iterator[str]:
        for raw, size in _bounded_lines(self.stream):
            self.end += size
            if raw is None:
                raise _LineTooLong(self.number)
            yield utf8(raw, self.name, self.number)
            self.number += 1


def csv_rows(stream: BinaryIO, path: Path) -> Iterator[Row]:
    """Rows with their real line numbers; a broken row is skipped and reading goes on after it."""
    first = utf8(stream.readline(), str(path), 1, first=True)
    try:
        header = [
            h.strip().lower() for h in next(csv.reader([first] if first else [], strict=True), [])
        ]
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
    return _csv_records(stream, path, header)


def _csv_records(stream: BinaryIO, path: Path, header: list[str]) -> Iterator[Row]:
    start = 2  # the line the next record starts on
    with _field_limit(MAX_FIELD_CHARS):
        while True:
            lines = _Lines(stream, str(path), start)
            reader, base = csv.reader(lines, strict=True), start
            while True:
                record_at = lines.end
                try:
                    record = next(reader)
                except StopIteration:
                    return
                except _LineTooLong as exc:
                    yield Skipped(line=start, reason=TOO_LONG)
                    start = exc.line + 1  # the stream is already past the long line
                    break
                except csv.Error as exc:
                    if "unexpected end of data" in str(exc):
                        # The quote swallowed the rest of the file: go on from the next line.
                        yield Skipped(line=start, reason="a quote opened here is never closed")
                        stream.seek(record_at)
                        stream.readline()
                        start += 1
                        break
                    yield Skipped(line=start, reason=f"not valid CSV ({exc})")
                else:
                    if record:
                        yield _csv_row(record, header, start)
                start = base + reader.line_num


def _csv_row(record: list[str], header: list[str], line: int) -> Row:
    if len(record) != len(header):
        return Skipped(line=line, reason=f"expected {len(header)} fields, got {len(record)}")
    return comment_from_row(dict(zip(header, record, strict=True)), line)


@contextmanager
def _field_limit(limit: int) -> Iterator[None]:
    """Let a long field be read whole, so it is reported on its own line as too long."""
    previous = csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def jsonl_rows(stream: BinaryIO, path: Path) -> Iterator[Row]:
    # Split on newlines only: U+2028 and U+0085 are ordinary characters inside a JSON string.
    for number, (raw, _) in enumerate(_bounded_lines(stream), start=1):
        if raw is None:
            yield Skipped(line=number, reason=TOO_LONG)
            continue
        line = utf8(raw, str(path), number, first=number == 1).removesuffix("\n")
        if line.strip():
            yield _jsonl_row(line, number)


def _jsonl_row(line: str, number: int) -> Row:
    brackets = line.count("[") + line.count("{")
    if brackets > MAX_ROW_NESTING and _depth(line) > MAX_ROW_NESTING:
        return Skipped(line=number, reason=f"nested more than {MAX_ROW_NESTING} levels deep")
    try:
        row = json_load(line)
    except DuplicateKey as exc:
        return Skipped(line=number, reason=f"duplicate key {exc.key!r}")
    except json.JSONDecodeError as exc:
        return Skipped(line=number, reason=f"not valid JSON ({exc.msg}, column {exc.colno})")
    except (ValueError, RecursionError) as exc:
        return Skipped(line=number, reason=f"not readable JSON ({exc})")
    if not isinstance(row, dict):
        return Skipped(line=number, reason=f"expected a JSON object, got {type(row).__name__}")
    lowered = [str(k).lower() for k in row]
    if len(set(lowered)) < len(lowered):
        twice = next(k for k in lowered if lowered.count(k) > 1)
        return Skipped(line=number, reason=f"duplicate key {twice!r} (names differ only in case)")
    return comment_from_row({str(k).lower(): v for k, v in row.items()}, number)


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
        self.rows: list[Row] = []  # finished, waiting to be taken: see `take`
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
        self.rows.append(comment_from_row(fields, start, self._title))

    def take(self, *, everything: bool = False) -> list[Row]:
        """The rows finished so far that no row still to come can precede, in line order: a
        comment nested in one still open ends first but starts later, so rows from the open
        comment's start line on wait for it (all rows are given when `everything`)."""
        if self._comments and not everything:
            open_since = self._comments[0][1]
            ready = [r for r in self.rows if r.line <= open_since]
            self.rows = [r for r in self.rows if r.line > open_since]
        else:
            ready, self.rows = self.rows, []
        return sorted(ready, key=lambda r: r.line)


_BLOCK_ELEMENTS = frozenset({"p", "div", "br", "li", "blockquote", "pre", "h1", "h2", "h3"})


def wxr_rows(stream: BinaryIO, path: Path) -> Iterator[Row]:
    """Comments in line order; where the XML breaks off, the comments before it and a skipped
    row saying where. A file with no comment before the break is refused."""
    handler = _WxrHandler()
    parser = make_parser()
    parser.setContentHandler(handler)
    handler.setDocumentLocator(ExpatLocator(parser))
    problem: Skipped | None = None
    read_any = False
    try:
        parser.feed(b"")  # starts the document, so an empty file is reported as one
        while chunk := stream.read(XML_CHUNK_BYTES):
            parser.feed(chunk)
            for row in handler.take():
                read_any = read_any or isinstance(row, InboxComment)
                yield row
        parser.close()
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
    rows = handler.take(everything=True)
    read_any = read_any or any(isinstance(row, InboxComment) for row in rows)
    if problem and not read_any:
        raise InvalidInput(f"{path}: line {problem.line}: not a readable WordPress export.")
    yield from rows
    if problem:
        yield problem
