"""One inbox row to a reader comment: which keys hold the text, id, author and post, and why
a row is skipped. It reads no files and knows no file format.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ..reading.reader import MAX_COMMENT_CHARS
from ..reading.sanitize import html_to_text, one_line, visible

_FROZEN = ConfigDict(extra="forbid", frozen=True)
MAX_AUTHOR = 80  # characters of a name used in a greeting
TEXT_KEYS = ("content", "comment_content", "comment", "text", "body", "message")
ID_KEYS = ("id", "comment_id")
AUTHOR_KEYS = ("author", "comment_author", "name")


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


def _pick(row: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        if row.get(key) not in (None, ""):
            return row[key]
    return None


def comment_from_row(
    row: dict[str, Any], line: int, post: str | None = None
) -> InboxComment | Skipped:
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
