"""The target finder splits the lexicon's patterns between spaCy's phrase matcher, token
matchers by first word and a scan for one-word regular expressions, and ConText's triggers
are split the same way, for speed only: each must find exactly what one token matcher holding
every pattern finds."""

from __future__ import annotations

import pytest

from benchmarks.generate import distinct_comments
from stridewise.triage.reading.compiled import MAX_SPELLED_OUT, spelled_out, target_patterns
from stridewise.triage.reading.nlp import matcher_for
from stridewise.triage.reading.reader import comment_lexicon
from stridewise.triage.reading.targets import _reach


@pytest.fixture(scope="module")
def reader(kb):
    return matcher_for(comment_lexicon(kb), kb.sha256)


def _texts(lexicon) -> list[str]:
    entries = (*lexicon.terms, *lexicon.measures, *lexicon.frames)
    examples = [e for entry in entries for e in entry.examples]
    return examples + distinct_comments(300, 2026)


def test_the_split_matchers_find_what_one_token_matcher_with_every_pattern_finds(kb, reader):
    from spacy.matcher import Matcher

    lexicon = comment_lexicon(kb)
    every_pattern = Matcher(reader.nlp.vocab, validate=False)
    for _, name, pattern in target_patterns(lexicon, reader.norms):
        every_pattern.add(name, [pattern])
    compared = 0
    for text in _texts(lexicon):
        doc = reader.nlp.make_doc(text)
        reader._correct_spelling(doc)
        expected = {(reader.nlp.vocab.strings[k], s, e) for k, s, e in every_pattern(doc)}
        found = {(span.label_, span.start, span.end) for span in reader._targets(doc)}
        assert found == expected, text
        compared += bool(expected)
    assert compared > 300  # the texts do hold matches of every kind of pattern


def test_the_context_triggers_are_found_as_one_token_matcher_finds_them(kb, reader):
    from medspacy.common.util import prune_overlapping_matches
    from spacy.matcher import Matcher

    triggers = reader._context._ConText__matcher
    every_pattern = Matcher(reader.nlp.vocab, validate=False)
    for rule_id, rule in triggers.rule_map.items():
        every_pattern.add(rule_id, [rule.pattern])
    compared = 0
    for text in _texts(comment_lexicon(kb)):
        doc = reader.nlp.make_doc(text)
        expected = prune_overlapping_matches(every_pattern(doc))
        assert triggers(doc) == expected, text
        compared += bool(expected)
    assert compared > 300


def test_an_optional_word_isspelled_out_with_and_without_it():
    pattern = [{"NORM": "lost"}, {"NORM": "my", "OP": "?"}, {"NORM": {"IN": ["bladder", "bowel"]}}]
    assert sorted(spelled_out(pattern)) == [
        ("lost", "bladder"),
        ("lost", "bowel"),
        ("lost", "my", "bladder"),
        ("lost", "my", "bowel"),
    ]


@pytest.mark.parametrize(
    "pattern",
    [
        [{"NORM": "sore"}, {"IS_SENT_START": False, "OP": "{0,6}"}, {"NORM": "calf"}],  # a gap
        [{"LIKE_NUM": True}, {"NORM": "weeks"}],  # a number
        [{"NORM": {"REGEX": "^pain"}}],  # a word stem
        [{"NORM": "bone", "IS_SENT_START": True}],  # a sentence start
        [{"NORM": {"IN": [str(n) for n in range(MAX_SPELLED_OUT + 1)]}}],  # too many
    ],
)
def test_a_pattern_that_is_not_only_fixed_words_stays_a_token_pattern(pattern):
    assert spelled_out(pattern) is None


def test_a_patterns_reach_counts_a_gap_at_its_upper_bound():
    gap = {"IS_SENT_START": False, "OP": "{0,6}"}
    pattern = [{"NORM": "pain"}, {"NORM": "in", "OP": "?"}, gap, {"NORM": "knee"}]
    assert _reach(pattern) == 9
