"""Lexicon checks for `kb lint`: phrases that spell out what their author meant, frames over
known concepts, and example sentences that read as intended.

Reads the lexicon through the comment reader; it reports problems and never changes the lexicon.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from ..engine.kb_models import KnowledgeBase
from ..errors import KnowledgeBaseError
from ..reading.lexicon import Lexicon, closest_word, fuzzy_words, parse_lexicon, phrase_variants
from ..reading.reader import read_comment

FILE = "lexicon.yaml"


def lexicon_problems(kb: KnowledgeBase) -> Iterator[tuple[str, str, str]]:
    """(code, entry, message) for every lexicon problem; nothing when there is no lexicon."""
    if kb.extras.get("lexicon") is None:
        return
    try:
        lexicon = parse_lexicon(kb.extras["lexicon"])
    except KnowledgeBaseError as exc:
        for line in exc.problems:
            yield "KB603", "lexicon", line.removeprefix(f"{FILE}: ")
        return
    yield from _phrase_problems(lexicon)
    yield from _ordinary_word_problems(lexicon)
    yield from _example_problems(lexicon, kb)


def _ordinary_word_problems(lexicon: Lexicon) -> Iterator[tuple[str, str, str]]:
    """An ordinary word no fuzzy word is one slip from protects nothing: a stale entry."""
    vocabulary = fuzzy_words(lexicon, _letters)
    for word in lexicon.ordinary_words:
        if closest_word(word.lower(), vocabulary) in (None, word.lower()):
            yield (
                "KB604",
                "ordinary_words",
                f'"{word}" is no typing slip from any fuzzy word, so listing it changes nothing',
            )


def _phrases(lexicon: Lexicon) -> Iterator[tuple[str, str]]:
    for index, term in enumerate(lexicon.terms):
        for phrase in term.phrases:
            yield f"terms[{index}] {term.field}={term.value}", phrase
    for index, measure in enumerate(lexicon.measures):
        for phrase in measure.phrases:
            yield f"measures[{index}] {measure.field}", phrase
    for concept in lexicon.concepts:
        for phrase in concept.phrases:
            yield f"concepts {concept.id}", phrase
    for index, trigger in enumerate(lexicon.context):
        for phrase in trigger.phrases:
            yield f"context[{index}] {trigger.category}", phrase


def _norms(word: str) -> list[str]:
    """Words as the matcher sees them: "doesn't" is "does" and "not"."""
    return word.lower().replace("n't", " not").split()


def _letters(phrase: str) -> list[str]:
    """The words of a phrase without its brackets and marks, as the matcher's tokens are."""
    return re.findall(r"[a-z]+", phrase.lower())


# "(about|NUM)" or "NUM|minutes": a slot name among alternatives is read as the word itself.
_SLOT_IN_ALTERNATIVES = re.compile(r"[|(]\s*(NUM|UNIT)\b|\b(NUM|UNIT)\s*[|)]")


def _phrase_problems(lexicon: Lexicon) -> Iterator[tuple[str, str, str]]:
    """A `|` joins single words; "within hours|within an hour" spells "within within an hour".

    A spelled-out variant with the same word twice in a row is never what its author meant:
    multi-word alternatives belong in parentheses, "(within hours|within an hour)".
    """
    for entry, phrase in _phrases(lexicon):
        plain = " ".join(w for w in phrase.split() if not w.startswith("re:"))
        if plain.count("(") != plain.count(")"):
            yield "KB601", entry, f'"{phrase}": unbalanced parentheses'
            continue
        if _SLOT_IN_ALTERNATIVES.search(plain):
            yield (
                "KB601",
                entry,
                f'"{phrase}": NUM and UNIT are slots only as words of their own; among '
                "alternatives they are the literal words, so write a phrase for each",
            )
            continue
        try:
            variants = phrase_variants(phrase)
        except ValueError as error:
            yield "KB601", entry, f'"{phrase}": {error}'
            continue
        for words in variants:
            norms = [n for w in words if not w.startswith("re:") for n in _norms(w)]
            doubled = [a for a, b in itertools.pairwise(norms) if a == b]
            if doubled:
                yield (
                    "KB601",
                    entry,
                    f'"{phrase}" spells out "{" ".join(words)}"; put alternatives of several '
                    'words in parentheses, as in "(does not|doesn\'t) hurt"',
                )
                break


def _example_problems(lexicon: Lexicon, kb: KnowledgeBase) -> Iterator[tuple[str, str, str]]:
    """Each example must give its entry's answer as said by the reader; each silent one not."""
    entries = [
        (f"terms[{i}] {t.field}={t.value}", t.field, t.value, t.examples, t.silent)
        for i, t in enumerate(lexicon.terms)
    ]
    entries += [
        (f"frames[{i}] {f.field}={f.value}", f.field, f.value, f.examples, f.silent)
        for i, f in enumerate(lexicon.frames)
    ]
    entries += [
        (f"measures[{i}] {m.field}", m.field, None, m.examples, ())
        for i, m in enumerate(lexicon.measures)
    ]
    for entry, field, value, examples, silent in entries:
        for sentence in examples:
            if not _gives(sentence, field, value, kb):
                yield "KB602", entry, f'example "{sentence}" does not give {field}'
        for sentence in silent:
            if _gives(sentence, field, value, kb):
                yield "KB602", entry, f'silent example "{sentence}" gives {field}'


def _gives(sentence: str, field: str, value: str | None, kb: KnowledgeBase) -> bool:
    name = field.rpartition(".")[2]
    section = field.partition(".")[0].removesuffix("[]")
    return any(
        f.context == "affirmed"
        and f.fact.startswith(section)
        and f.fact.endswith(f".{name}")
        and (value is None or f.value == value)
        for f in read_comment(sentence, kb).extracted
    )
