"""Finds the lexicon's target phrases in a tokenized comment, as labelled spaCy spans.

Three kinds of matcher share the work, by what a phrase needs, and find exactly what one
token matcher would: spaCy's PhraseMatcher for fixed word sequences (a lookup, whatever their
number), spaCy's token Matcher for patterns with optional words, gaps, numbers or sentence
starts (one per fixed first word, run only where the comment holds that word and only over
the tokens its patterns can reach from there), and a scan for
one-word regular expressions (`pain*`, `52f`). The token Matcher tests every pattern at every
token, and a regular expression there is a Python call per token for each one, which had come
to cost more than all the rest of reading a comment. A first word's patterns are added the
first time a comment holds that word, so a single reply loads a few dozen words' patterns, not
thousands. ConText's triggers get the same split. This module only finds words; the ConText
verdicts are nlp.py's job.
"""

from __future__ import annotations

import re
import sys
import threading
import types
from typing import Any

from .compiled import CompiledLexicon, spelled_out
from .lexicon import Pattern

_QUICKUMLS = ("quickumls", "quickumls.spacy_component")


class TargetFinder:
    """The lexicon's target phrases in the three matchers, each first word's patterns added
    the first time a comment holds that word."""

    def __init__(self, nlp: Any, compiled: CompiledLexicon) -> None:
        from spacy.matcher import Matcher, PhraseMatcher

        self._vocab = nlp.vocab
        self._one_word: dict[str, list[tuple[re.Pattern[str], str]]] = {"NORM": [], "LOWER": []}
        # A token pattern whose first word is fixed waits in a matcher of its own first word,
        # run only on a comment holding that word; the rest run on every comment. spaCy checks
        # every pattern of a matcher at every token, so most comments skip most patterns.
        self._keyed = compiled.keyed
        self._loaded: set[int] = set()  # norms whose patterns are in the matchers
        self._loading = threading.Lock()  # the web app reads comments in threads
        self._by_first_word: dict[int, Any] = {}
        self._reach: dict[int, int] = {}  # most tokens a first word's patterns can cover
        self._always = Matcher(nlp.vocab, validate=False)
        # The label names the entry: spaCy keys a span's extension values by its offsets
        # alone, so two entries matching the same words share `span._`.
        for label, pattern in compiled.unkeyed:
            one_word = _one_word_regex(pattern)
            if one_word:
                attribute, regex = one_word
                self._one_word[attribute].append((re.compile(regex), label))
            else:
                self._always.add(label, [pattern])
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

    def __call__(self, doc: Any) -> list[Any]:
        """Every match in `doc`, in text order (start, end, label)."""
        from spacy.attrs import NORM
        from spacy.tokens import Span

        starts: dict[int, list[int]] = {}
        for i, norm in enumerate(doc.to_array(NORM).tolist()):
            starts.setdefault(norm, []).append(i)
        self._load(set(starts))
        found = self._always(doc, as_spans=True) + self._one_word_spans(doc)
        for norm, positions in starts.items():
            matcher = self._by_first_word.get(norm)
            if matcher is None:
                continue
            # A pattern can only match from where its first word stands and reach so far, so
            # it is run on those few tokens, not the whole comment.
            reach = self._reach[norm]
            for i in positions:
                found += [s for s in matcher(doc[i : i + reach], as_spans=True) if s.start == i]
        found += [Span(doc, start, end, label=key) for key, start, end in self._phrases(doc)]
        return sorted(found, key=lambda s: (s.start, s.end, s.label_))

    def _load(self, norms: set[int]) -> None:
        """Add the patterns of the words not seen before. A pattern can only match where its
        first word stands, so a comment is matched as if every pattern had been added."""
        from spacy.matcher import Matcher

        with self._loading:
            for norm in norms - self._loaded:
                entry = self._keyed.get(self._vocab.strings[norm])
                if entry is None:
                    continue
                if entry.patterns:
                    matcher = Matcher(self._vocab, validate=False)
                    for label, pattern in entry.patterns:
                        matcher.add(label, [pattern])
                    self._by_first_word[norm] = matcher
                    self._reach[norm] = max(_reach(pattern) for _, pattern in entry.patterns)
                sequences: dict[str, list[list[int]]] = {}
                for label, words in entry.sequences:
                    sequences.setdefault(label, []).append(
                        [self._vocab.strings.add(w) for w in words]
                    )
                for label, keywords in sequences.items():
                    self._phrases.add(label, keywords)
            self._loaded |= norms

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


def route_fixed_triggers(context: Any, nlp: Any) -> None:
    """Give ConText's triggers the split that TargetFinder gives targets: a trigger pattern of
    fixed words is looked up in a phrase matcher, keyed by the same rule, instead of being tried
    at every token. Matches are sorted by start, end and the order the rules were added before
    overlaps are pruned, so which matcher found a trigger never decides which one is kept.
    (It reaches into medspaCy 1.3's matcher, as `skip_validation` does.)"""
    from spacy.matcher import PhraseMatcher

    inner = context._ConText__matcher
    tokens = inner._MedspacyMatcher__matcher
    phrases = PhraseMatcher(nlp.vocab, attr="NORM")
    strings = nlp.vocab.strings
    for rule_id, rule in inner.rule_map.items():
        spelled = spelled_out(rule.pattern) if isinstance(rule.pattern, list) else None
        if spelled:
            tokens.remove(rule_id)
            phrases.add(rule_id, [[strings.add(w) for w in words] for words in spelled])
    order = {strings.add(rule_id): i for i, rule_id in enumerate(inner.rule_map)}
    context._ConText__matcher = _Triggers(tokens, phrases, order, inner)


class _Triggers:
    """What ConText asks of its matcher once its rules are added: the matches, the rules."""

    def __init__(self, tokens: Any, phrases: Any, order: dict[int, int], inner: Any) -> None:
        from medspacy.common.util import prune_overlapping_matches

        self._tokens, self._phrases, self._order = tokens, phrases, order
        self._prune = prune_overlapping_matches if inner._prune else None
        self.rule_map = inner.rule_map

    def __call__(self, doc: Any) -> list[tuple[int, int, int]]:
        matches = self._tokens(doc) + self._phrases(doc)
        matches.sort(key=lambda m: (m[1], m[2], self._order[m[0]]))
        return self._prune(matches) if self._prune else matches


def _reach(pattern: Pattern) -> int:
    """The most tokens a token pattern can match: a gap ({"OP": "{0,6}"}) counts its upper
    bound, an optional or plain token one."""
    total = 0
    for token in pattern:
        op = str(token.get("OP", ""))
        if op in ("*", "+"):
            return sys.maxsize
        total += int(op.strip("{}").split(",")[1]) if op.startswith("{") else 1
    return total


def _one_word_regex(pattern: Pattern) -> tuple[str, str] | None:
    """(attribute, expression) of a pattern that is one word tested by a regular expression
    alone, as spaCy's `{"NORM": {"REGEX": ...}}` (it searches, so this does too)."""
    if len(pattern) != 1 or len(pattern[0]) != 1:
        return None
    ((attribute, test),) = pattern[0].items()
    if attribute in {"NORM", "LOWER"} and isinstance(test, dict) and set(test) == {"REGEX"}:
        return attribute, test["REGEX"]
    return None


def medspacy_classes() -> tuple[Any, Any]:
    """medspaCy's ConText and ConTextRule.

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
    finally:
        for name, module in stand_ins.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]
    return ConText, ConTextRule


def skip_validation(medspacy_matcher: Any) -> None:
    """spaCy checks every token pattern against a pydantic schema as it is added, which is
    most of the start-up time for thousands of patterns; compile_phrase only ever builds
    well-formed ones, so the check is switched off."""
    medspacy_matcher._MedspacyMatcher__matcher.validate = False
