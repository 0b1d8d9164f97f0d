"""Compiles the comment lexicon into the matcher's token patterns, keyed by their first word.

Most patterns must start with one fixed word, and a comment holds a few dozen words of the
lexicon's thousands, so the patterns are grouped by that word: a reader loads the groups of
the words a comment holds and no others (compiled_cache.py keeps them on disk between runs).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Literal

from .lexicon import Lexicon, Pattern, Tokenize, compile_phrase, fuzzy_words

Kind = Literal["region", "term", "measure", "topic", "injury", "ignore", "concept", "frame"]


@dataclass(frozen=True)
class Keyed:
    """The target patterns that start with one word: token patterns and, for patterns that are
    only fixed words, the word sequences they stand for (each as (label, ...))."""

    patterns: tuple[tuple[str, Pattern], ...] = ()
    sequences: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class CompiledLexicon:
    """The lexicon's matcher patterns, in the order they are added to the matchers."""

    unkeyed: tuple[tuple[str, Pattern], ...]  # (label, pattern) with no one fixed first word
    keyed: Mapping[str, Keyed]  # first word -> the patterns that start with it
    triggers: tuple[tuple[int, str, Pattern], ...]  # (index in lexicon.context, phrase, pattern)
    known: frozenset[str]  # every word a target pattern names: never spelling-corrected
    stems: tuple[str, ...]  # stems of `word*` slots: words starting so are known too
    fuzzy: tuple[str, ...]  # long words of fuzzy terms, which misspellings are corrected to


def compile_lexicon(lexicon: Lexicon, norms: Tokenize) -> CompiledLexicon:
    """Every phrase of the lexicon as token patterns, or as the word sequences it stands for
    where a target pattern is only fixed words, grouped by first word."""
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
    unkeyed = []
    patterns: dict[str, list[tuple[str, Pattern]]] = {}
    sequences: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for _, name, pattern in targets:
        first = first_word(pattern)
        if first is None:
            unkeyed.append((name, pattern))
        else:
            patterns.setdefault(first, []).append((name, pattern))
    for _, name, words in target_words:
        sequences.setdefault(words[0], []).append((name, words))
    keyed = {
        word: Keyed(tuple(patterns.get(word, ())), tuple(sequences.get(word, ())))
        for word in dict.fromkeys([*patterns, *sequences])
    }
    return CompiledLexicon(
        unkeyed=tuple(unkeyed),
        keyed=keyed,
        triggers=triggers,
        known=frozenset(
            [
                *(w for pattern in every_target for w in _pattern_words(pattern)),
                *(w.lower() for w in lexicon.ordinary_words),
            ]
        ),
        stems=tuple(sorted({s for pattern in every_target for s in _pattern_stems(pattern)})),
        fuzzy=tuple(sorted(fuzzy_words(lexicon, norms))),
    )


def first_word(pattern: Pattern) -> str | None:
    """The one word a pattern's first token must be, when it must be one fixed word."""
    first = pattern[0] if pattern else {}
    norm = first.get("NORM")
    return norm if isinstance(norm, str) and set(first) == {"NORM"} else None


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
