"""Stories that are over: an episode told from a past time up to the writer saying it ended.

"Three years ago ... my arms were swollen and my pee was brown. Four nights in hospital on a
drip. Kidneys recovered completely and I've run ever since." tells an episode that is over, so
its danger signs are history, as "years ago" already makes them within its own clause. The
story runs from the last sentence that names a past time before the ending, up to the sentence
before the one that says it ended. A recent time anywhere in that stretch ("last night", "on
Tuesday", "again") means something may still be going on, and nothing changes: a danger sign
in doubt stays current.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from .lexicon import Lexicon
from .nlp import MatchedComment, Mention

STORY_OVER = "story_over"
_YEAR = re.compile(r"^(19|20)\d\d$")
_YEAR_WORDS = {"year", "years", "yrs", "yr"}
_CHILDHOOD = {"kid", "child", "teenager", "teen", "boy", "girl", "student"}
_RECENT = {
    "today",
    "tonight",
    "yesterday",
    "now",
    "currently",
    "still",
    "again",
    "recently",
    "lately",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "weekend",
}
_DENIALS = {"not", "never", "n't", "no", "hasn't", "haven't", "didn't", "isn't", "wasn't"}
_RECENT_AFTER_THIS_OR_LAST = {"morning", "afternoon", "evening", "night", "week", "run", "race"}


def close_stories_that_are_over(
    matched: MatchedComment, mentions: Sequence[Mention], lexicon: Lexicon
) -> tuple[Mention, ...]:
    """The mentions with what an ended story told as current made historical."""
    story = _story_sentences(matched, mentions, lexicon)
    if not story:
        return tuple(mentions)
    return tuple(
        replace(m, context="historical", past=True)
        if m.sentence in story and m.kind not in ("topic", "injury") and m.context == "affirmed"
        else m
        for m in mentions
    )


def _story_sentences(
    matched: MatchedComment, mentions: Sequence[Mention], lexicon: Lexicon
) -> range | None:
    endings = [
        m.sentence
        for m in mentions
        if m.kind == "topic"
        and lexicon.topics[m.entry].topic == STORY_OVER
        and _said_as_ended(m, matched.tokens)
    ]
    if not endings or not matched.sentences:
        return None
    ended = min(endings)
    by_sentence: dict[int, list[str]] = {}
    for token, sentence in zip(matched.tokens, matched.sentences, strict=True):
        by_sentence.setdefault(sentence, []).append(token)
    anchors = [s for s in range(ended) if _names_a_past_time(by_sentence.get(s, []))]
    if not anchors:
        return None
    story = range(anchors[-1], ended)
    if any(_names_a_recent_time(by_sentence.get(s, [])) for s in story):
        return None
    return story


def _said_as_ended(m: Mention, tokens: Sequence[str]) -> bool:
    """Not denied just before ("never fully recovered"); a "normal" said after it ("recovered
    completely and bloods are normal") reads as a denial to ConText but is part of the ending."""
    if m.context in ("hypothetical", "uncertain"):
        return False
    return not _DENIALS & set(tokens[max(m.token_start - 3, 0) : m.token_start])


def _names_a_past_time(tokens: Sequence[str]) -> bool:
    """'Three years ago', 'in 2019', 'when I was a kid', 'as a teenager'. A year counts only
    before the current one: this year's race may still be going on."""
    this_year = date.today().year
    for i, token in enumerate(tokens):
        before = tokens[max(i - 3, 0) : i]
        if token == "ago" and _YEAR_WORDS & set(before):
            return True
        if _YEAR.match(token) and int(token) < this_year:
            return True
        if token in _CHILDHOOD and tokens[i - 2 : i] in (["as", "a"], ["was", "a"]):
            return True
        if token == "when" and tokens[i + 1 : i + 3] in (
            ["i", "was"],
            ["he", "was"],
            ["she", "was"],
        ):
            return True
    return False


def _names_a_recent_time(tokens: Sequence[str]) -> bool:
    """'Yesterday', 'on Tuesday', 'this morning', 'last night', 'days ago', 'again', 'now'."""
    for i, token in enumerate(tokens):
        if token in _RECENT:
            return True
        previous = tokens[i - 1] if i else ""
        if previous in ("this", "last") and token in _RECENT_AFTER_THIS_OR_LAST:
            return True
        if token == "ago" and {"day", "days", "week", "weeks", "hour", "hours"} & set(
            tokens[max(i - 3, 0) : i]
        ):
            return True
    return False
