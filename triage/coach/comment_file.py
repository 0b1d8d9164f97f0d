"""One comment from a text file or standard input, as plain text.

Kept apart from the inbox readers so `reply --server` can read a comment without importing the
reader, the rule engine or the inbox formats: it imports only the size-limited file reader and
the HTML-to-text step.
"""

from __future__ import annotations

from pathlib import Path

from ..engine.strict_load import read_limited
from ..errors import InvalidInput
from ..reading.sanitize import html_to_text, visible

MAX_COMMENT_BYTES = 100_000


def not_utf8(name: str, line: int) -> str:
    return (
        f"{name}: expected UTF-8 text, found an undecodable byte on line {line} "
        "(save the file as UTF-8 and try again)."
    )


def read_text(path: Path | str) -> str:
    """A UTF-8 text file (or stdin for "-") as plain text; InvalidInput names the file on any
    problem. Inline HTML is turned to text, so markup never hides a reader's words."""
    name = "<stdin>" if str(path) == "-" else str(path)
    source = read_limited(path, MAX_COMMENT_BYTES, InvalidInput)
    try:
        text = html_to_text(source.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise InvalidInput(not_utf8(name, source[: exc.start].count(b"\n") + 1)) from None
    if not visible(text):
        raise InvalidInput(f"{name}: the comment is empty; expected the reader's words.")
    return text
