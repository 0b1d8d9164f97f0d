"""Finds the lexicon's target phrases in a tokenized comment, as labelled spaCy spans.

Three matchers share the work, by what a phrase needs, and find exactly what one token
matcher would: spaCy's PhraseMatcher for fixed word sequences (a lookup, whatever their
number), medspaCy's TargetMatcher (spaCy's token Matcher) for patterns with optional words,
gaps, numbers or sentence starts, and a scan for one-word regular expressions (`pain*`,
`52f`). The token Matcher tests every pattern at every token, and a regular expression there
is a Python call per token for each one, which had come to cost more than all the rest of
reading a comment. This module only finds words; the ConText verdicts are nlp.py's job.
"""

from __future__ import annotations

import re
import sys
import types
from typing import Any

from .compiled import CompiledLexicon
from .lexicon import Pattern

_QUICKUMLS = ("quickumls", "quickumls.spacy_component")


class TargetFinder:
    """The lexicon's target phrases, compiled once into the three matchers."""

    def __init__(self, nlp: Any, compiled: CompiledLexicon) -> None:
        from spacy.matcher import PhraseMatcher

        _, _, TargetMatcher, TargetRule = medspacy_classes()
        self._matcher = TargetMatcher(nlp, result_type=None, prune=False)
        skip_validation(self._matcher._TargetMatcher__matcher)
        self._one_word: dict[str, list[tuple[re.Pattern[str], str]]] = {"NORM": [], "LOWER": []}
        rules = []
        # The label names the entry: spaCy keys a span's extension values by its offsets
        # alone, so two entries matching the same words share `span._`.
        for phrase, label, pattern in compiled.targets:
            one_word = _one_word_regex(pattern)
            if one_word:
                attribute, regex = one_word
                self._one_word[attribute].append((re.compile(regex), label))
            else:
                rules.append(TargetRule(phrase, label, pattern=pattern))
        self._matcher.add(rules)
        # Any of an attribute's expressions, to pass over most words with one search.
        self._any_word = {
            attribute: re.compile("|".join(f"(?:{r.pattern})" for r, _ in regexes))
            for attribute, regexes in self._one_word.items()
            if regexes
        }
        # A word sequence is given as the hashes of its norms, as a token's norm is stored:
        # the phrase matcher then compares exactly what {"NORM": word} compares, and no
        # pattern text is tokenized again at each start.
        self._phrases = PhraseMatcher(nlp.vocab, attr="NORM")
        sequences: dict[str, list[list[int]]] = {}
        for _, label, words in compiled.target_words:
            sequences.setdefault(label, []).append([nlp.vocab.strings.add(w) for w in words])
        for label, keywords in sequences.items():
            self._phrases.add(label, keywords)

    def __call__(self, doc: Any) -> list[Any]:
        """Every match in `doc`, in text order (start, end, label)."""
        from spacy.tokens import Span

        found = self._matcher(doc) + self._one_word_spans(doc)
        found += [Span(doc, start, end, label=key) for key, start, end in self._phrases(doc)]
        return sorted(found, key=lambda s: (s.start, s.end, s.label_))

    def _one_word_spans(self, doc: Any) -> list[Any]:
        from spacy.tokens import Span

        spans = []
        for token in doc:
            for attribute, text in (("NORM", token.norm_), ("LOWER", token.lower_)):
                any_word = self._any_word.get(attribute)
                if any_word is None or not any_word.search(text):
                    continue
                spans += [
                    Span(doc, token.i, token.i + 1, label=label)
                    for regex, label in self._one_word[attribute]
                    if regex.search(text)
                ]
        return spans


def _one_word_regex(pattern: Pattern) -> tuple[str, str] | None:
    """(attribute, expression) of a pattern that is one word tested by a regular expression
    alone, as spaCy's `{"NORM": {"REGEX": ...}}` (it searches, so this does too)."""
    if len(pattern) != 1 or len(pattern[0]) != 1:
        return None
    ((attribute, test),) = pattern[0].items()
    if attribute in {"NORM", "LOWER"} and isinstance(test, dict) and set(test) == {"REGEX"}:
        return attribute, test["REGEX"]
    return None


def medspacy_classes() -> tuple[Any, Any, Any, Any]:
    """medspaCy's ConText, ConTextRule, TargetMatcher and TargetRule.

    medspaCy's package import loads QuickUMLS (and with it NLTK, about half a second) only to
    register a UMLS component this reader never uses. Unless QuickUMLS is loaded already, an
    empty module stands in for it during the import and is removed after, so a later
    `import quickumls` still loads the real one.
    """
    stand_ins = {}
    if "quickumls" not in sys.modules and "medspacy" not in sys.modules:
        stand_ins = {name: types.ModuleType(name) for name in _QUICKUMLS}
        stand_ins["quickumls"].spacy_component = stand_ins["quickumls.spacy_component"]
        sys.modules.update(stand_ins)
    try:
        from medspacy.context import ConText, ConTextRule
        from medspacy.target_matcher import TargetMatcher, TargetRule
    finally:
        for name, module in stand_ins.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]
    return ConText, ConTextRule, TargetMatcher, TargetRule


def skip_validation(medspacy_matcher: Any) -> None:
    """spaCy checks every token pattern against a pydantic schema as it is added, which is
    most of the start-up time for thousands of patterns; compile_phrase only ever builds
    well-formed ones, so the check is switched off."""
    medspacy_matcher._MedspacyMatcher__matcher.validate = False
