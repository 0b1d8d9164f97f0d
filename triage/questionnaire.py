"""The adaptive questionnaire as pure logic: what comes next, what an answer means, when to stop.

No I/O: the CLI reads lines and prints; this module parses them, applies them, goes back, and
says when a red flag means the exercise questions should stop.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

import yaml

from .engine.answer_paths import intake_from_answers
from .engine.intake import Intake, Region
from .engine.kb_models import KnowledgeBase, Question
from .engine.pipeline import triage
from .engine.report import Report
from .engine.signals import derive_signals
from .errors import InvalidInput

YES_NO = ("yes", "no", "not_sure")
# A choice the field cannot hold ("none", "not_sure") is a real answer that records nothing.
NO_RECORD = frozenset({"none", "not_sure"})
STOP_LEVELS = frozenset({"urgent", "emergency"})
_NOT_SURE_FIELDS = {"complaints[].hurts_when": "complaints[].not_sure_when"}
_YES_NO_WORDS = {
    "yes": ("y", "yes", "yeah", "yep", "1"),
    "no": ("n", "no", "nope", "2"),
    "not_sure": ("ns", "not sure", "not_sure", "not-sure", "unsure", "don't know", "idk", "3"),
}
_DAYS = re.compile(r"^(\d+(?:\.\d+)?)\s*(d|day|days)$")
_WEEKS = re.compile(r"^(\d+(?:\.\d+)?)\s*(w|wk|wks|week|weeks)?$")

Value = str | float | int | tuple[str, ...]
_AREA_ATOMS = frozenset(f"{region.value}_pain" for region in Region)


class InvalidAnswer(InvalidInput):
    """An answer the question cannot take; the message says what it can take."""


@dataclass(frozen=True)
class Command:
    """A request typed at a prompt instead of an answer."""

    name: Literal["back", "why"]


def parse(question: Question, text: str) -> Value | Command:
    """Read one typed line as a command or an answer to `question`; InvalidAnswer if neither."""
    raw = " ".join(text.strip().lower().split())
    if raw in {"?", "why"}:
        return Command("why")
    if raw == "back":
        return Command("back")
    if not raw:
        if question.default is None:
            raise InvalidAnswer(f"Please answer: {hint(question)}.")
        raw = question.default.lower()
    if question.kind == "yes_no":
        for value, words in _YES_NO_WORDS.items():
            if raw in words:
                return value
        raise InvalidAnswer("Please answer yes, no or not sure.")
    if question.kind == "choice":
        return _choice(question, raw)
    if question.kind == "multi_choice":
        if raw in {"none", "0", "-"}:
            return ()
        tokens = [t for t in re.split(r"[,\s]+", raw.replace("not sure", "not_sure")) if t]
        return tuple(dict.fromkeys(_choice(question, token) for token in tokens))
    return _number(question, raw)


def hint(question: Question) -> str:
    """What the question accepts, in a few words."""
    if question.kind == "yes_no":
        return "yes, no or not sure"
    if question.kind == "choice":
        return f"a number from 1 to {len(question.choices)}"
    if question.kind == "multi_choice":
        return "the numbers that apply, such as 1 3, or none"
    low, high = bounds(question)
    whole = "a whole number" if question.kind == "scale" else "a number"
    return f"{whole} from {low:g} to {high:g}"


def label(question: Question, choice: str) -> str:
    """The plain words shown for a choice."""
    return question.labels.get(choice, choice.replace("_", " "))


def _choice(question: Question, raw: str) -> str:
    if raw.isdigit() and 1 <= int(raw) <= len(question.choices):
        return question.choices[int(raw) - 1]
    wanted = raw.replace(" ", "_")
    for choice in question.choices:
        if wanted == choice or raw == label(question, choice).lower():
            return choice
    starts = [
        c
        for c in question.choices
        if c.startswith(wanted) or label(question, c).lower().startswith(raw)
    ]
    if len(starts) == 1:
        return starts[0]
    raise InvalidAnswer(f"{raw!r} is not one of the choices; type {hint(question)}.")


def bounds(question: Question) -> tuple[float, float]:
    """The accepted range: the question's own, else 0-10 for a scale and 0-520 for weeks."""
    low = question.minimum if question.minimum is not None else 0
    high = (
        question.maximum
        if question.maximum is not None
        else (10 if question.kind == "scale" else 520)
    )
    return low, high


def _number(question: Question, raw: str) -> float | int:
    days = _DAYS.match(raw)
    weeks = _WEEKS.match(raw)
    if question.kind == "number" and days:
        number: float = round(float(days.group(1)) / 7, 2)
    elif weeks and (question.kind == "number" or weeks.group(2) is None):
        number = float(weeks.group(1))
    else:
        raise InvalidAnswer(f"Please type {hint(question)}.")
    low, high = bounds(question)
    if question.kind == "scale" and not number.is_integer():
        raise InvalidAnswer(f"Please type {hint(question)}.")
    if not low <= number <= high:
        raise InvalidAnswer(f"{number:g} is out of range; type {hint(question)}.")
    return int(number) if question.kind == "scale" or number.is_integer() else number


def answer_pairs(question: Question, value: Value) -> list[tuple[str, Any]]:
    """The (field, value) answers one reply records; none for "no" to a list item or "none".

    "Not sure" to a timing records it under not_sure_when; ticked with other items of a
    multiple choice, it marks every item left unticked as not sure.
    """
    if question.value is not None:
        if value == "yes":
            return [(question.field, question.value)]
        if value == "not_sure" and question.field in _NOT_SURE_FIELDS:
            return [(_NOT_SURE_FIELDS[question.field], question.value)]
        return []
    if isinstance(value, tuple):
        pairs = [(question.field, item) for item in value if item != "not_sure"]
        if "not_sure" in value and question.field in _NOT_SURE_FIELDS:
            unsure = _NOT_SURE_FIELDS[question.field]
            others = [c for c in question.choices if c not in value and c != "not_sure"]
            pairs += [(unsure, item) for item in others]
        return pairs
    if question.kind == "choice" and value in NO_RECORD:
        return []
    return [(question.field, value)]


@dataclass(frozen=True)
class Questionnaire:
    """The answers so far, in asking order; every step returns a new questionnaire."""

    kb: KnowledgeBase
    answers: tuple[tuple[str, Value], ...] = ()

    @property
    def asked(self) -> tuple[str, ...]:
        return tuple(question_id for question_id, _ in self.answers)

    def intake(self) -> Intake:
        pairs = [
            pair
            for question_id, value in self.answers
            for pair in answer_pairs(self.kb.questions[question_id], value)
        ]
        return intake_from_answers(pairs)

    def next_question(self) -> Question | None:
        """The first question in bank order not yet asked that the answers so far make relevant."""
        intake = self.intake()
        region = intake.complaints[0].region.value if intake.complaints else None
        atoms = {signal.name for signal in derive_signals(intake)}
        asked = set(self.asked)
        for question in self.kb.questions.values():
            if question.id not in asked and _relevant(question, region, atoms):
                return question
        return None

    def answer(self, question_id: str, value: Value) -> Questionnaire:
        """Record a parsed answer; InvalidAnswer (with the field's limits) if the intake rejects it."""
        updated = Questionnaire(self.kb, (*self.answers, (question_id, value)))
        try:
            updated.intake()
        except InvalidInput as exc:
            reason = exc.problems[0].split(": ", 2)[-1]
            raise InvalidAnswer(f"That answer cannot be used: {reason}.") from None
        return updated

    def back(self) -> Questionnaire:
        """Forget the last answer, so its question is asked again."""
        return Questionnaire(self.kb, self.answers[:-1])

    def concerns_this_area(self, rule_id: str) -> bool:
        """False for a rule written only for body areas other than the one described."""
        intake = self.intake()
        if not intake.complaints:
            return True
        areas = {a for a in self.kb.rules[rule_id].when.positive_atoms() if a in _AREA_ATOMS}
        return not areas or f"{intake.complaints[0].region.value}_pain" in areas

    def report(self) -> Report:
        return triage(self.intake(), self.kb)

    def red_flag_report(self) -> Report | None:
        """The report, when the answers so far already call for urgent or emergency care."""
        report = self.report()
        return report if report.disposition.level in STOP_LEVELS else None


def _relevant(question: Question, region: str | None, atoms: set[str]) -> bool:
    if question.regions and region not in question.regions:
        return False
    if region is None and question.field.startswith("complaints[].") and not _is_region(question):
        return False  # without an area, there is no complaint to describe
    when = question.ask_if
    return (
        set(when.all) <= atoms
        and all(atoms & set(group) for group in when.any)
        and not atoms & set(when.none)
    )


def _is_region(question: Question) -> bool:
    return question.field == "complaints[].region"


def answers_yaml(intake: Intake) -> str:
    """An answers file that `stridewise triage --answers` reads back to the same intake."""
    data = intake.model_dump(mode="json", exclude_defaults=True)
    header = "# Answers from `stridewise ask`; run `stridewise triage --answers <this file>`.\n"
    return header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
