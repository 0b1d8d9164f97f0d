"""One typed answer to one question: a command, a value the question can take, or a clear refusal.

Safety first: "no"-like words always mean no, "not sure"-like words always mean not sure, and
a choice is taken only when the words can mean that one choice (never by a prefix or a guess
that could mean another). It reads text only; it does not apply answers or keep any state.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz, process

from ..engine.kb_models import Question
from ..errors import InvalidInput
from ..reading.lexicon import FUZZY_MIN_LENGTH, TIME_UNITS

Value = str | float | int | tuple[str, ...]
YES_NO = ("yes", "no", "not_sure")
YES_WORDS = frozenset({"y", "yes", "yeah", "yep", "yup"})
NO_WORDS = frozenset({"n", "no", "nope", "nah", "none", "nothing", "never"})
NOT_SURE_WORDS = frozenset(
    {"?", "ns", "not sure", "not_sure", "unsure", "don't know", "dont know", "idk", "dunno"}
)
_YES_NO_NUMBERS = {"1": "yes", "2": "no", "3": "not_sure"}
WHY_WORDS = frozenset({"why", "why?", "help"})
# Words that turn a phrase into a "no"; they never pick a choice by themselves.
_NEGATIONS = frozenset({"n", "no", "not", "nope", "nah", "none", "nothing", "never", "without"})
_FILLER = frozenset({"my", "the", "a", "an", "of", "on", "in", "at", "it", "is", "its", "and"})
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_TIME_UNITS = {**TIME_UNITS, "d": 1 / 7, "w": 1.0}
_APPROX = re.compile(r"^(?:about|around|roughly|approx(?:imately)?|maybe|~)\s*")
_AMOUNT = re.compile(r"^(\d+(?:\.\d+)?|[a-z]+)\s*([a-z%]+)?(?:\s+ago)?$")
_OUT_OF_TEN = re.compile(r"^(\d+(?:\.\d+)?)\s*(?:/\s*10|out of 10)$")
_FUZZY_CUTOFF = 85
_MIN_PREFIX = 4


class InvalidAnswer(InvalidInput):
    """An answer the question cannot take; the message says what it can take."""


class AmbiguousAnswer(InvalidAnswer):
    """Words that fit more than one choice; `options` are the choices they could mean."""

    def __init__(self, message: str, options: tuple[str, ...]):
        super().__init__(message)
        self.options = options


@dataclass(frozen=True)
class Command:
    """A request typed at a prompt instead of an answer."""

    name: Literal["back", "why"]


def normalise(text: str) -> str:
    """Lower case, single spaces, curly quotes straightened, trailing full stops dropped."""
    text = text.replace("\u2019", "'").strip().lower().rstrip(".!")
    return " ".join(text.split())


def parse(
    question: Question, text: str, aliases: Mapping[str, str] | None = None
) -> Value | Command:
    """Read one typed line as a command or an answer to `question`; InvalidAnswer if neither.

    `aliases` maps more phrases (such as "inner hip") to a choice of this question.
    """
    raw = normalise(text)
    if raw in WHY_WORDS:
        return Command("why")
    if raw == "back":
        return Command("back")
    if not raw:
        if question.default is None:
            raise InvalidAnswer(f"Please answer: {hint(question)}.")
        raw = normalise(question.default)
    if question.kind == "yes_no":
        return _yes_no(raw)
    if question.kind == "choice":
        return _choice(question, raw, aliases or {})
    if question.kind == "multi_choice":
        return _multi_choice(question, raw, aliases or {})
    return _number(question, raw)


def hint(question: Question) -> str:
    """What the question accepts, in a few words."""
    if question.kind == "yes_no":
        return "yes, no or not sure"
    if question.kind == "choice":
        return f"a number from 1 to {len(question.choices)}, or the words shown"
    if question.kind == "multi_choice":
        return "the numbers that apply, such as 1 3, or none"
    low, high = bounds(question)
    whole = "a whole number" if question.kind == "scale" else "a number"
    return f"{whole} from {low:g} to {high:g}"


def label(question: Question, choice: str) -> str:
    """The plain words shown for a choice."""
    return question.labels.get(choice, choice.replace("_", " "))


def bounds(question: Question) -> tuple[float, float]:
    """The accepted range: the question's own, else 0-10 for a scale and 0-520 for weeks."""
    low = question.minimum if question.minimum is not None else 0
    high = (
        question.maximum
        if question.maximum is not None
        else (10 if question.kind == "scale" else 520)
    )
    return low, high


def _yes_no(raw: str) -> str:
    if raw in _YES_NO_NUMBERS:
        return _YES_NO_NUMBERS[raw]
    if raw in NO_WORDS:
        return "no"
    if raw in NOT_SURE_WORDS:
        return "not_sure"
    if raw in YES_WORDS:
        return "yes"
    raise InvalidAnswer("Please answer yes, no or not sure.")


def _choice(question: Question, raw: str, aliases: Mapping[str, str]) -> str:
    if raw in NO_WORDS or raw in NOT_SURE_WORDS:
        return _no_or_not_sure_choice(question, raw)
    if raw.isdigit():
        if 1 <= int(raw) <= len(question.choices):
            return question.choices[int(raw) - 1]
        raise InvalidAnswer(f"{raw!r} is not one of the choices; type {hint(question)}.")
    found = _match(question, raw, aliases)
    if found is None:
        corrected = _correct_spelling(question, raw, aliases)
        found = _match(question, corrected, aliases) if corrected != raw else None
    if found is None:
        raise InvalidAnswer(f"{raw!r} is not one of the choices; type {hint(question)}.")
    return found


def _match(question: Question, raw: str, aliases: Mapping[str, str]) -> str | None:
    """Id or label, then label words, then an alias, then alias words; first that fits wins."""
    wanted = raw.replace(" ", "_").replace("-", "_")
    for choice in question.choices:
        if wanted == choice or raw == _plain(label(question, choice)):
            return choice
    by_label = {choice: _choice_words(question, choice) for choice in question.choices}
    return (
        _by_words(question, raw, by_label.items())
        or aliases.get(raw)
        or _by_words(question, raw, [(c, _words(phrase)) for phrase, c in aliases.items()])
        or _by_prefix(question, raw, by_label.items())
    )


def _by_prefix(
    question: Question, raw: str, candidates: Iterable[tuple[str, set[str]]]
) -> str | None:
    """A start of a word ("achil") when it starts a word of one choice only, never another's."""
    if len(raw) < _MIN_PREFIX or not raw.isalpha() or raw in _NEGATIONS:
        return None
    options = [c for c, words in candidates if any(w.startswith(raw) for w in words)]
    return options[0] if len(options) == 1 else None


def _no_or_not_sure_choice(question: Question, raw: str) -> str:
    """ "No" picks the choice "none"; "not sure" picks "not_sure" or the one choice saying so."""
    if raw in NO_WORDS and "none" in question.choices:
        return "none"
    if raw in NOT_SURE_WORDS:
        if "not_sure" in question.choices:
            return "not_sure"
        unsure = [c for c in question.choices if "not sure" in label(question, c).lower()]
        if len(unsure) == 1:
            return unsure[0]
    raise InvalidAnswer(f"{raw!r} is not one of the choices here; type {hint(question)}.")


def _by_words(
    question: Question, raw: str, candidates: Iterable[tuple[str, set[str]]]
) -> str | None:
    """The one choice whose words contain every word typed; AmbiguousAnswer if several do."""
    typed = _words(raw)
    if not typed or typed & _NEGATIONS:
        return None
    options = tuple(dict.fromkeys(choice for choice, words in candidates if typed <= words))
    if len(options) > 1:
        listed = "; ".join(f"{question.choices.index(c) + 1} {label(question, c)}" for c in options)
        raise AmbiguousAnswer(f"{raw!r} could mean more than one: {listed}. Which one?", options)
    return options[0] if options else None


def _correct_spelling(question: Question, raw: str, aliases: Mapping[str, str]) -> str:
    """Each long word replaced by the one known word it is clearly a misspelling of."""
    vocabulary = {w for c in question.choices for w in _choice_words(question, c)}
    vocabulary |= {w for phrase in aliases for w in _words(phrase)}
    known = [w for w in vocabulary if len(w) >= FUZZY_MIN_LENGTH - 1]
    fixed = []
    for word in raw.split():
        if len(word) >= FUZZY_MIN_LENGTH and word not in vocabulary:
            best = process.extract(
                word, known, scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF, limit=2
            )
            if len(best) == 1 or (len(best) == 2 and best[0][1] > best[1][1]):
                word = best[0][0]
        fixed.append(word)
    return " ".join(fixed)


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[^\w' ]+", " ", text.lower()).split())


def _words(text: str) -> set[str]:
    return set(_plain(text.replace("_", " ")).split()) - _FILLER


def _choice_words(question: Question, choice: str) -> set[str]:
    return _words(choice) | _words(label(question, choice))


def _multi_choice(question: Question, raw: str, aliases: Mapping[str, str]) -> tuple[str, ...]:
    if raw in NO_WORDS or raw in {"0", "-"}:
        return ()
    if raw in NOT_SURE_WORDS and "not_sure" in question.choices:
        return ("not_sure",)
    text = re.sub(r"not sure|don't know|unsure", "not_sure", raw)
    picked: list[str] = []
    for piece in (p.strip() for p in re.split(r",|;|\band\b|&", text)):
        if not piece:
            continue
        try:
            picked.append(_choice(question, piece, aliases))
        except AmbiguousAnswer:
            raise
        except InvalidAnswer:
            picked += [_choice(question, token, aliases) for token in piece.split()]
    return tuple(dict.fromkeys(picked))


def _number(question: Question, raw: str) -> float | int:
    raw = _APPROX.sub("", raw)
    number = _amount(question, raw)
    if number is None:
        raise InvalidAnswer(f"Please type {hint(question)}.")
    low, high = bounds(question)
    if question.kind == "scale" and not number.is_integer():
        raise InvalidAnswer(f"Please type {hint(question)}.")
    if not low <= number <= high:
        raise InvalidAnswer(f"{number:g} is out of range; type {hint(question)}.")
    return int(number) if question.kind == "scale" or number.is_integer() else number


def _amount(question: Question, raw: str) -> float | None:
    """The number typed, with "3/10" read on a scale, "2 months" as weeks, "15%" as percent."""
    if question.kind == "scale":
        out_of_ten = _OUT_OF_TEN.match(raw)
        raw = out_of_ten.group(1) if out_of_ten else raw
        return float(raw) if re.fullmatch(r"\d+(?:\.\d+)?", raw) else None
    match = _AMOUNT.match(raw)
    if not match:
        return None
    count, unit = match.groups()
    number = float(count) if count[0].isdigit() else _NUMBER_WORDS.get(count)
    if number is None:
        return None
    if unit is None:
        return number
    if "weeks" in question.field and unit in _TIME_UNITS:
        return round(number * _TIME_UNITS[unit], 2)
    if question.field.endswith("percent") and unit in {"%", "percent", "pc"}:
        return number
    return None
