"""The questionnaire's state: the next step (a question or a checklist), applying answers, going
back, when to stop.

No I/O: the terminal and the web page read answers and show questions; this module applies
answers (read by `parsing`), goes back, and says when a red flag should stop the questions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from ..engine.answer_paths import intake_from_answers
from ..engine.intake import Intake, Region
from ..engine.kb_models import KnowledgeBase, Question
from ..engine.pipeline import triage
from ..engine.report import Report
from ..engine.signals import SCREENING_TIMINGS, derive_signals
from ..errors import InvalidInput
from ..explain.why_asked import why_asked
from .aliases import choice_aliases
from .parsing import Command, InvalidAnswer, Value, parse

# A choice the field cannot hold ("none", "not_sure") is a real answer that records nothing.
NO_RECORD = frozenset({"none", "not_sure"})
STOP_LEVELS = frozenset({"urgent", "emergency"})
_NOT_SURE_FIELDS = {"complaints[].hurts_when": "complaints[].not_sure_when"}
_AREA_ATOMS = frozenset(f"{region.value}_pain" for region in Region)
_DANGER_TIMINGS = frozenset(timing.value for timing in SCREENING_TIMINGS)
# An atom only `ask_if` may test (rules cannot): the advice the answers so far give includes
# exercises, so a question that only shapes exercise dosage (season) is worth asking.
EXERCISES_ADVISED = "exercises_advised"


def answer_pairs(question: Question, value: Value) -> list[tuple[str, Any]]:
    """The (field, value) answers one reply records; none for "no" to a list item or "none".

    "Not sure" to a timing records it under not_sure_when; ticked with other items of a
    multiple choice, it marks every danger timing (walking, hopping, rest, night...) left
    unticked as not sure.
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
            others = [c for c in question.choices if c not in value and _is_danger_timing(c)]
            pairs += [(unsure, item) for item in others]
        return pairs
    if question.kind == "choice" and value in NO_RECORD:
        return []
    return [(question.field, value)]


def _is_danger_timing(choice: str) -> bool:
    return choice in _DANGER_TIMINGS


Answer = tuple[str, Value]
Step = tuple[Answer, ...]


@dataclass(frozen=True)
class Questionnaire:
    """The answers so far, one tuple per step shown, in asking order; answering returns a new one.

    A step is one question, or a checklist: every member of a question group relevant at once.
    """

    kb: KnowledgeBase
    steps: tuple[Step, ...] = ()
    _aliases: dict[str, dict[str, str]] = field(
        default_factory=dict, compare=False, repr=False, hash=False
    )

    def read(self, question: Question, text: str) -> Value | Command:
        """Parse a typed answer to `question`, knowing the lexicon's words for its choices."""
        return parse(question, text, self.aliases(question))

    def aliases(self, question: Question) -> dict[str, str]:
        if question.id not in self._aliases:
            self._aliases[question.id] = choice_aliases(self.kb, question)
        return self._aliases[question.id]

    @property
    def answers(self) -> tuple[Answer, ...]:
        return tuple(answer for step in self.steps for answer in step)

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

    def next_step(self) -> tuple[Question, ...]:
        """What to show next: the first relevant question not yet asked, in bank order, with
        every other member of its checklist relevant now; empty when nothing is left.

        A member that only becomes relevant through an answer in this step waits for a later one.
        A question whose `ask_if` tests `exercises_advised` comes only when the answers so far
        already lead to exercise advice.
        """
        intake = self.intake()
        region = intake.complaints[0].region.value if intake.complaints else None
        atoms = {signal.name for signal in derive_signals(intake)}
        asked = set(self.asked)
        step = pick_step(self.kb, asked, region, atoms)
        if self._waits_on_advice(asked, step) and triage(intake, self.kb).recommendations:
            step = pick_step(self.kb, asked, region, atoms | {EXERCISES_ADVISED})
        return step

    def _waits_on_advice(self, asked: set[str], step: tuple[Question, ...]) -> bool:
        """True when a question asked only with exercises advised would come before `step`, so
        the advice is worth working out (it takes a triage run, so only then)."""
        order = list(self.kb.questions)
        limit = order.index(step[0].id) if step else len(order)
        return any(
            EXERCISES_ADVISED in question.ask_if.atoms()
            for question in list(self.kb.questions.values())[:limit]
            if question.id not in asked
        )

    def answer(self, question_id: str, value: Value) -> Questionnaire:
        """Record a parsed answer to one question as a step of its own."""
        return self.answer_step({question_id: value})

    def answer_step(self, values: Mapping[str, Value]) -> Questionnaire:
        """Record parsed answers shown together as one step; InvalidAnswer (with the field's
        limits) if the intake rejects one."""
        step = tuple(values.items())
        updated = Questionnaire(self.kb, (*self.steps, step), self._aliases)
        try:
            updated.intake()
        except InvalidInput as exc:
            reason = exc.problems[0].split(": ", 2)[-1]
            raise InvalidAnswer(f"That answer cannot be used: {reason}.") from None
        return updated

    def back(self) -> Questionnaire:
        """Forget the last step, so its questions are asked again."""
        return Questionnaire(self.kb, self.steps[:-1], self._aliases)

    def why(self, question: Question) -> tuple[str, tuple[str, ...]]:
        """Why `question` is asked: the summary of `explain --why`, and up to two rules behind it
        that concern the area described."""
        explanation = why_asked(self.kb, question.id)
        lines = [
            line
            for ref, line in zip(explanation.rule_refs, explanation.lines, strict=False)
            if self.concerns_this_area(ref.rule)
        ]
        return explanation.summary, tuple(lines[:2])

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


def pick_step(
    kb: KnowledgeBase, asked: set[str], region: str | None, atoms: set[str]
) -> tuple[Question, ...]:
    """The next step given what was asked, the area and the atoms the answers produce."""
    pending = [
        question
        for question in kb.questions.values()
        if question.id not in asked and _relevant(question, region, atoms)
    ]
    if not pending or pending[0].group is None:
        return tuple(pending[:1])
    return tuple(question for question in pending if question.group == pending[0].group)


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
