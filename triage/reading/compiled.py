"""Compiles the comment lexicon into the matcher's token patterns, and keeps them in a user cache.

Compiling tokenizes every phrase, about a third of a second at each start. The patterns depend
only on the lexicon, the tokenizer (spaCy's version) and this code, so they are stored under a
hash of the three and read back at the next start. The cache never changes what is compiled:
a missing, unreadable or stale file is rebuilt, and an unwritable cache folder is skipped.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import math
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from . import lexicon as lexicon_module
from .lexicon import Lexicon, Pattern, Tokenize, compile_phrase, fuzzy_words

Kind = Literal["region", "term", "measure", "topic", "injury", "ignore", "concept", "frame"]
CACHE_ENV = "STRIDEWISE_CACHE_DIR"  # where the cache lives; "" turns it off
KEEP_CACHED = 8  # compiled lexicons kept, newest first


@dataclass(frozen=True)
class CompiledLexicon:
    """The lexicon's matcher patterns, in the order they are added to the matchers."""

    targets: tuple[tuple[str, str, Pattern], ...]  # (phrase, label, pattern)
    triggers: tuple[tuple[int, str, Pattern], ...]  # (index in lexicon.context, phrase, pattern)
    # Target patterns that are only fixed words, spelled out: (phrase, label, words).
    target_words: tuple[tuple[str, str, tuple[str, ...]], ...]
    known: frozenset[str]  # every word a target pattern names: never spelling-corrected
    stems: tuple[str, ...]  # stems of `word*` slots: words starting so are known too
    fuzzy: tuple[str, ...]  # long words of fuzzy terms, which misspellings are corrected to


def compiled_lexicon(lexicon: Lexicon, norms: Tokenize, tokenizer: str) -> CompiledLexicon:
    """The lexicon's patterns, from the cache when it holds them for this lexicon, tokenizer
    (named by `tokenizer`, such as spaCy's version) and code; else compiled and stored."""
    try:
        key = cache_key(lexicon, tokenizer)
    except OSError:  # this code's own files cannot be read (a zipped install): no cache
        return compile_lexicon(lexicon, norms)
    path = _cache_file(key)
    compiled = _load(path, key) if path else None
    if compiled is None:
        compiled = compile_lexicon(lexicon, norms)
        if path:
            _store(path, key, compiled)
    return compiled


def compile_lexicon(lexicon: Lexicon, norms: Tokenize) -> CompiledLexicon:
    """Every phrase of the lexicon as token patterns, or as the word sequences it stands for
    where a target pattern is only fixed words (no cache)."""
    targets, target_words = _split(target_patterns(lexicon, norms))
    triggers = tuple(
        (index, phrase, pattern)
        for index, trigger in enumerate(lexicon.context)
        for phrase in trigger.phrases
        for pattern in _patterns(phrase, norms)
    )
    every_target = [pattern for _, _, pattern in targets] + [
        [{"NORM": word} for word in words] for _, _, words in target_words
    ]
    return CompiledLexicon(
        targets=targets,
        triggers=triggers,
        target_words=target_words,
        known=frozenset(w for pattern in every_target for w in _pattern_words(pattern)),
        stems=tuple(sorted({s for pattern in every_target for s in _pattern_stems(pattern)})),
        fuzzy=tuple(sorted(fuzzy_words(lexicon, norms))),
    )


def target_patterns(lexicon: Lexicon, norms: Tokenize) -> Iterator[tuple[str, str, Pattern]]:
    """(phrase, label, token pattern) for every target phrase, none yet spelled out."""
    for kind, entry, phrase in phrases(lexicon):
        for pattern in _patterns(phrase, norms):
            yield phrase, label(kind, entry), pattern


def phrases(lexicon: Lexicon) -> Iterator[tuple[Kind, int, str]]:
    """(kind, entry index, phrase) for every phrase the target matcher looks for."""
    for index, term in enumerate(lexicon.terms):
        for phrase in term.phrases:
            yield term_kind(term.field), index, phrase
    for index, measure in enumerate(lexicon.measures):
        for phrase in measure.phrases:
            yield "measure", index, phrase
    for index, topic in enumerate(lexicon.topics):
        for phrase in topic.phrases:
            yield "topic", index, phrase
    for phrase in lexicon.injury_words:
        yield "injury", 0, phrase
    for phrase in lexicon.not_findings:
        yield "ignore", 0, phrase
    for index, concept in enumerate(lexicon.concepts):
        for phrase in concept.phrases:
            yield "concept", index, phrase


def term_kind(field: str) -> Kind:
    return "region" if field == "complaints[].region" else "term"


def label(kind: Kind, entry: int) -> str:
    """The span label naming a lexicon entry, such as TERM_12."""
    return f"{kind.upper()}_{entry}"


def cache_key(lexicon: Lexicon, tokenizer: str) -> str:
    """A hash of the lexicon, the tokenizer and the code that compiles phrases."""
    digest = hashlib.sha256(f"{tokenizer}\0".encode())
    for module in (lexicon_module.__file__, __file__):
        digest.update(Path(module).read_bytes())
    digest.update(lexicon.model_dump_json().encode())
    return digest.hexdigest()


def cache_dir() -> Path | None:
    """$STRIDEWISE_CACHE_DIR, else $XDG_CACHE_HOME/stridewise, else ~/.cache/stridewise;
    None when STRIDEWISE_CACHE_DIR is empty or there is no home folder."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen is not None:
        return Path(chosen) if chosen else None
    base = os.environ.get("XDG_CACHE_HOME")
    try:
        return Path(base) / "stridewise" if base else Path.home() / ".cache" / "stridewise"
    except RuntimeError:  # no home folder
        return None


def _cache_file(key: str) -> Path | None:
    folder = cache_dir()
    return folder / f"lexicon-{key[:24]}.json" if folder else None


def _load(path: Path, key: str) -> CompiledLexicon | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data["key"] != key:
            return None
        compiled = CompiledLexicon(
            targets=tuple((str(p), str(lb), _pattern(pt)) for p, lb, pt in data["targets"]),
            triggers=tuple((int(i), str(p), _pattern(pt)) for i, p, pt in data["triggers"]),
            target_words=tuple(
                (str(p), str(lb), tuple(map(str, w))) for p, lb, w in data["target_words"]
            ),
            known=frozenset(map(str, data["known"])),
            stems=tuple(map(str, data["stems"])),
            fuzzy=tuple(map(str, data["fuzzy"])),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return compiled


def _pattern(value: Any) -> Pattern:
    if not isinstance(value, list) or not all(isinstance(t, dict) for t in value):
        raise TypeError("a pattern is a list of token specs")
    return value


def _store(path: Path, key: str, compiled: CompiledLexicon) -> None:
    data = {
        "key": key,
        "targets": compiled.targets,
        "triggers": compiled.triggers,
        "target_words": compiled.target_words,
        "known": sorted(compiled.known),
        "stems": compiled.stems,
        "fuzzy": compiled.fuzzy,
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".lexicon-", suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out)
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        return
    _prune(path.parent)


def _prune(folder: Path) -> None:
    """Keep the newest few compiled lexicons (one per lexicon edit would pile up)."""
    with contextlib.suppress(OSError):
        files = sorted(folder.glob("lexicon-*.json"), key=lambda f: f.stat().st_mtime)
        for old in files[:-KEEP_CACHED]:
            old.unlink(missing_ok=True)


def _patterns(phrase: str, norms: Tokenize) -> Iterator[Pattern]:
    """A phrase's token patterns, each starting with one word where the phrase offers several.

    spaCy's matcher tries every pattern at every token; a first word given as a set (`IN`) is
    tested in Python for each, a single word in C. One pattern per first word matches exactly
    the same words (a token has one norm, so at most one of them can start at a token) and
    reads long comments about twice as fast.
    """
    for pattern in compile_phrase(phrase, norms):
        first = pattern[0] if pattern else {}
        words = first.get("NORM")
        if "OP" in first or not isinstance(words, dict) or set(words) != {"IN"}:
            yield pattern
            continue
        for word in words["IN"]:
            yield [{**first, "NORM": word}, *pattern[1:]]


MAX_SPELLED_OUT = 64  # a pattern standing for more word sequences than this stays a pattern


def _split(
    targets: Iterable[tuple[str, str, Pattern]],
) -> tuple[tuple[tuple[str, str, Pattern], ...], tuple[tuple[str, str, tuple[str, ...]], ...]]:
    """(token patterns, word sequences): each pattern that is only fixed words is spelled
    out as the word sequences it matches, for spaCy's PhraseMatcher.

    The token matcher tries every pattern at every token of a comment, so its time grows with
    the number of patterns; the phrase matcher looks words up, whatever their number. Both
    compare a token's norm with the same words, so they match the same text.
    """
    patterns, sequences = [], []
    for phrase, name, pattern in targets:
        spelled = spelled_out(pattern)
        if spelled is None:
            patterns.append((phrase, name, pattern))
        else:
            sequences.extend((phrase, name, words) for words in spelled)
    return tuple(patterns), tuple(sequences)


def spelled_out(pattern: Pattern) -> list[tuple[str, ...]] | None:
    """The word sequences a pattern of fixed, possibly optional, words matches, or None when
    it is not one."""
    choices: list[list[str | None]] = []
    for token in pattern:
        optional = token.get("OP") == "?"
        norm = token.get("NORM") if set(token) - {"OP"} == {"NORM"} else None
        if "OP" in token and not optional:
            return None
        if isinstance(norm, str):
            words: list[str | None] = [norm]
        elif isinstance(norm, dict) and set(norm) == {"IN"}:
            words = list(norm["IN"])
        else:
            return None
        choices.append([*words, None] if optional else words)
    if not choices or math.prod(len(c) for c in choices) > MAX_SPELLED_OUT:
        return None
    spelled = [tuple(w for w in words if w is not None) for words in itertools.product(*choices)]
    return [words for words in dict.fromkeys(spelled) if words]


def _pattern_words(pattern: Pattern) -> Iterator[str]:
    for token in pattern:
        norm = token.get("NORM")
        if isinstance(norm, str):
            yield norm
        elif isinstance(norm, dict):
            yield from norm.get("IN", ())


def _pattern_stems(pattern: Pattern) -> Iterator[str]:
    """The stems of `word*` slots ('hammer' of hammer*): words starting so are known words."""
    for token in pattern:
        norm = token.get("NORM")
        if isinstance(norm, dict) and "REGEX" in norm:
            yield norm["REGEX"].removeprefix("^").replace("\\", "")
