"""Reads reader comments from a CSV, JSON Lines or WordPress export (WXR) file, or one text file.

An inbox is read lazily, row by row, so a large one is never held in memory whole; a malformed
row is given as `Skipped` with its line number. Only reading happens here: no triage, no replies.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ..engine.strict_load import open_limited
from ..errors import InvalidInput
from .comment_file import not_utf8
from .inbox_formats import Row, csv_rows, jsonl_rows, wxr_rows
from .inbox_rows import InboxComment, Skipped

__all__ = [
    "FORMATS",
    "MAX_INBOX_BYTES",
    "Inbox",
    "InboxComment",
    "Skipped",
    "open_inbox",
    "read_inbox",
]

MAX_INBOX_BYTES = 200_000_000
FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".xml": "wxr", ".wxr": "wxr"}
READERS: dict[str, Callable[[BinaryIO, Path], Iterator[Row]]] = {
    "csv": csv_rows,
    "jsonl": jsonl_rows,
    "wxr": wxr_rows,
}
SCAN_BYTES = 1 << 20


@dataclass
class Inbox:
    """An inbox whose size, format and encoding have been checked, and its rows to come."""

    lines: int  # lines in the file, for progress
    rows: Iterator[Row]  # comments and skipped rows in file order, read as they are taken


@contextmanager
def open_inbox(path: Path | str) -> Iterator[Inbox]:
    """Check the inbox (format, size, UTF-8: before any row is read) and give its rows lazily.

    The file stays open while the block runs; rows are parsed as they are taken from it.
    """
    path = Path(path)
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise InvalidInput(
            f"{path}: unknown inbox format {path.suffix or '(no suffix)'!r}; "
            "expected .csv, .jsonl or a WordPress export (.xml)."
        )
    with open_limited(path, MAX_INBOX_BYTES, InvalidInput) as stream:
        lines = _scan(stream, str(path))
        stream.seek(0)
        yield Inbox(lines=lines, rows=READERS[kind](stream, path))


def _scan(stream: BinaryIO, name: str) -> int:
    """Lines in the file, refusing it if it is over the size limit or not UTF-8 anywhere; reads
    a megabyte at a time, so the whole file is never in memory."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    newlines = size = 0
    last = b""
    while chunk := stream.read(SCAN_BYTES):
        size += len(chunk)
        if size > MAX_INBOX_BYTES:
            raise InvalidInput(
                f"{name}: the file is over {MAX_INBOX_BYTES:,} bytes; "
                f"expected at most {MAX_INBOX_BYTES:,} bytes."
            )
        try:
            decoder.decode(chunk)
        except UnicodeDecodeError as exc:
            raise InvalidInput(
                not_utf8(name, newlines + exc.object[: exc.start].count(b"\n") + 1)
            ) from None
        newlines += chunk.count(b"\n")
        last = chunk[-1:]
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise InvalidInput(not_utf8(name, newlines + 1)) from None
    return newlines + (last not in (b"", b"\n"))


def read_inbox(path: Path | str) -> tuple[list[InboxComment], list[Skipped]]:
    """Every comment in the file, in order, and every row skipped with its line number; for
    small inboxes (the web desk, tests): a batch takes rows from `open_inbox` one by one."""
    with open_inbox(path) as inbox:
        rows = list(inbox.rows)
    comments = [r for r in rows if isinstance(r, InboxComment)]
    return comments, [r for r in rows if isinstance(r, Skipped)]
