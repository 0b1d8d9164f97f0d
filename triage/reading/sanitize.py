"""Makes a reader's text safe to read: HTML to plain text, long runs of symbols shortened, names
made one clean line. It changes how text looks, never what words it holds.
"""

from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser

# A short unit (a symbol, an emoji with its joiners, a word, ". ") repeated more than this many
# times in a row is cut to this many: the tokenizer and ConText grow with the square of such
# runs. Units holding a digit are left alone, so numbers never change.
MAX_REPEATS = 3
_REPEATED = re.compile(rf"((?:(?!\d).){{1,12}}?)\1{{{MAX_REPEATS},}}", re.DOTALL)
# Runs of mixed symbols ("!?)!?(!") beyond this length are cut too.
MAX_SYMBOL_RUN = 12
_SYMBOLS = re.compile(rf"[^\w\s]{{{MAX_SYMBOL_RUN + 1},}}")
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?>")
_BLOCKS = frozenset(
    {"address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption"}
    | {"footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol"}
    | {"p", "pre", "section", "table", "tr", "ul"}
)
_SKIPPED = frozenset({"script", "style", "template"})


def collapse_runs(text: str) -> str:
    """Shorten long runs of one repeated unit, and of symbols; digits are never touched."""
    text = _REPEATED.sub(lambda m: m.group(1) * MAX_REPEATS, text)
    return _SYMBOLS.sub(lambda m: m.group(0)[:MAX_SYMBOL_RUN], text)


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self._skipping += 1
        elif tag in _BLOCKS:
            self.parts.append("\n\n" if tag != "br" else "\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n" if tag == "br" else "\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def looks_like_html(text: str) -> bool:
    return bool(_TAG.search(text))


def html_to_text(text: str) -> str:
    """Plain text of an HTML fragment: tags gone, entities decoded, paragraphs kept apart."""
    if not looks_like_html(text) and "&" not in text:
        return text
    parser = _TextOnly()
    parser.feed(text)
    parser.close()
    return tidy_paragraphs("".join(parser.parts))


def tidy_paragraphs(text: str) -> str:
    """Spaces collapsed within lines; at most one blank line between paragraphs."""
    lines = [" ".join(line.split()) for line in text.replace("\r\n", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def visible(text: str) -> str:
    """The text without format characters (zero-width spaces, joiners, marks) or control codes."""
    if text.replace("\n", "").replace("\t", "").isprintable():
        return text.strip()  # the usual case, checked in C: nothing to take out
    return "".join(
        c for c in text if unicodedata.category(c) not in {"Cf", "Cc"} or c in "\n\t"
    ).strip()


def one_line(text: str, limit: int) -> str:
    """A name as one clean line: tags and control characters gone, spaces collapsed, cut to size."""
    plain = html_to_text(text).replace("<", "").replace(">", "")
    cleaned = "".join(" " if unicodedata.category(c) in {"Cc", "Zl", "Zp"} else c for c in plain)
    cleaned = "".join(c for c in cleaned if unicodedata.category(c) != "Cf")
    return " ".join(cleaned.split())[:limit]
