"""A coach's reply draft, built from a Report, the comment's reading and the coach's profile.

Deterministic: the same facts give the same reply. It decides what the reply says (and in
which order); the wording lives in knowledge_base/replies.yaml and templates/*.j2.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

from ..engine.intake import Complaint, Intake
from ..engine.kb_models import KnowledgeBase, Level, LevelName
from ..engine.report import Report
from ..engine.signals import derive_signals
from .profile import DEFAULT_COACH, CoachProfile
from .templates import render_reply_text
from .wording import ReplyData, ScreeningQuestion, parse_path, reply_data

if TYPE_CHECKING:
    from ..reading.reader import CommentReading

_FROZEN = ConfigDict(extra="forbid", frozen=True)

# Contexts in which a comment's words answer a question: said about the reader, now, either
# way. History, hypotheticals and someone else's problem answer nothing.
ANSWERING_CONTEXTS = frozenset({"affirmed", "negated"})
MAX_EXERCISES = 4


class Likely(BaseModel):
    model_config = _FROZEN
    label: str = Field(description="A possibility, never a diagnosis.")
    summary: str


class DoNow(BaseModel):
    model_config = _FROZEN
    level: LevelName
    label: str
    timeframe: str = Field(description="Empty for self-care and none.")
    text: str


class ReplyExercise(BaseModel):
    model_config = _FROZEN
    name: str
    dosage: str
    cue: str


class HeldBack(BaseModel):
    model_config = _FROZEN
    names: tuple[str, ...]
    reason: str


class Ask(BaseModel):
    """A screening question the comment left open, and what a yes means."""

    model_config = _FROZEN
    id: str
    question: str
    if_yes: str
    level: LevelName


class Reply(BaseModel):
    """One reply draft: its sections as data, and the text the coach's template made of them."""

    model_config = _FROZEN
    needs_triage: bool = Field(description="False when the comment is not an injury report.")
    level: LevelName
    do_now_first: bool = Field(description="The disposition leads when it is not self-care.")
    author: str | None
    restatement: str = Field(description="What the reader described, in one line, from facts.")
    likely: tuple[Likely, ...]
    do_now: DoNow
    exercises: tuple[ReplyExercise, ...]
    exercise_notes: tuple[str, ...]
    held_back: tuple[HeldBack, ...]
    all_held_back: str | None
    ask: tuple[Ask, ...]
    see_someone: str | None
    answers: tuple[str, ...] = Field(description="Short answers to non-injury questions.")
    no_triage: str | None
    safety_note: str
    coach: CoachProfile
    template: str
    text: str


def _see_someone(report: Report, data: ReplyData) -> str | None:
    """When to be seen; a health matter with no injury names a GP and no pain score."""
    level = report.disposition.level
    if not report.intake.complaints and level in data.see_someone_without_injury:
        return data.see_someone_without_injury[level]
    return data.see_someone.get(level)


def build_reply(
    report: Report,
    reading: CommentReading,
    coach: CoachProfile = DEFAULT_COACH,
    kb: KnowledgeBase | None = None,
    author: str | None = None,
) -> Reply:
    """Decide every section of the reply, then render it with the coach's template."""
    from ..engine.pipeline import default_knowledge_base

    kb = kb or default_knowledge_base()
    data = reply_data(kb)
    level = report.disposition.level
    needs_triage = bool(reading.is_injury_report) or level != "none"
    serious = Level[level] >= Level.urgent
    held_all = bool(report.all_exercises_held_by)
    parts = {
        "needs_triage": needs_triage,
        "level": level,
        "do_now_first": level not in ("self_care", "none"),
        "author": author,
        "restatement": restate(report.intake, data),
        "likely": tuple(Likely(label=f.label, summary=f.summary) for f in _unique(report)),
        "do_now": _do_now(report),
        "exercises": () if held_all else _exercises(report),
        "exercise_notes": () if held_all else report.notes,
        "held_back": () if held_all else _held_back(report),
        "all_held_back": data.all_held_back if held_all else None,
        "ask": screening_questions(report, reading, data),
        "see_someone": _see_someone(report, data) if needs_triage else None,
        "answers": () if serious else _answers(reading, data),
        "no_triage": None,
        "safety_note": data.safety_note,
        "coach": coach,
        "template": coach.template,
    }
    if needs_triage and level == "none":
        parts["no_triage"] = data.need_more_detail
    elif not needs_triage and not parts["answers"]:
        parts["no_triage"] = data.no_triage
    return Reply(**parts, text=render_reply_text(parts, coach))


def reply_to_comment(
    text: str,
    coach: CoachProfile = DEFAULT_COACH,
    kb: KnowledgeBase | None = None,
    author: str | None = None,
) -> tuple[CommentReading, Report, Reply]:
    """Read a comment, triage it and draft the reply: the whole of `stridewise reply`."""
    from ..reading.reader import triage_comment

    reading, report = triage_comment(text, kb)
    return reading, report, build_reply(report, reading, coach, kb, author)


def _unique(report: Report):
    seen = set()
    for finding in report.findings:
        if finding.id not in seen:
            seen.add(finding.id)
            yield finding


def _do_now(report: Report) -> DoNow:
    d = report.disposition
    timeframe = "" if d.level in ("self_care", "none") else d.timeframe
    return DoNow(level=d.level, label=d.label, timeframe=timeframe, text=d.do_now)


def _exercises(report: Report) -> tuple[ReplyExercise, ...]:
    return tuple(
        ReplyExercise(name=r.name, dosage=r.dosage.text, cue=r.cues[0])
        for r in report.recommendations[:MAX_EXERCISES]
    )


def _held_back(report: Report) -> tuple[HeldBack, ...]:
    by_reason: dict[str, list[str]] = {}
    for blocked in report.blocked:
        by_reason.setdefault(blocked.reason, []).append(blocked.name)
    return tuple(HeldBack(names=tuple(n), reason=r) for r, n in by_reason.items())


def _answers(reading: CommentReading, data: ReplyData) -> tuple[str, ...]:
    return tuple(data.topics[t].answer for t in sorted(set(reading.topics)) if t in data.topics)


# --- restating the complaint from facts, so equal intakes read back identically ------------


def restate(intake: Intake, data: ReplyData) -> str:
    """'your left glute that builds when you sit and ...; you have had 9 weeks off running'."""
    words = data.restate
    parts = [_restate_complaint(c, data) for c in intake.complaints]
    weeks_off = intake.training.weeks_off
    if parts and weeks_off:
        parts.append(words.weeks_off.format(duration=_duration(weeks_off)))
    return "; and ".join(parts)


def _restate_complaint(c: Complaint, data: ReplyData) -> str:
    words = data.restate
    side = f"{c.side.value} " if c.side.value in ("left", "right") else ""
    subject = words.regions[c.region].format(side=side)
    clauses: list[str] = []
    if c.diagnosis:
        told = words.diagnosis[c.diagnosis[0]]
        clauses.append(f"{told} ({c.diagnosis_detail})" if c.diagnosis_detail else told)
    clauses += [words.hurts_when[t] for t in sorted(set(c.hurts_when), key=_timing_order)]
    clauses += [text for name, text in words.yes_answers.items() if getattr(c, name) == "yes"]
    if c.onset is not None:
        clauses.append(words.onset[c.onset])
    clauses += [words.triggers[t] for t in dict.fromkeys(c.triggers)]
    if c.strength_work is not None:
        clauses.append(words.strength_work[c.strength_work])
    if c.duration_weeks:
        clauses.append(words.duration.format(duration=_duration(c.duration_weeks)))
    if c.side.value == "both":
        subject = f"{subject} {words.both_sides}"
    return f"{subject} that {_join(clauses[: words.most_clauses])}" if clauses else subject


def _timing_order(timing) -> int:
    return list(type(timing)).index(timing)


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _duration(weeks: float) -> str:
    if weeks < 1:
        return "a few days"
    if weeks < 13:
        n = round(weeks)
        return "about a week" if n == 1 else f"about {n} weeks"
    months = round(weeks / 4.35)
    return f"about {months} months" if months < 24 else f"about {round(weeks / 52)} years"


# --- screening questions the comment left open ---------------------------------------------


WARNING_PREFIX = "warning_"  # signals the safety net reads (health.warning_signs)


def screening_questions(
    report: Report, reading: CommentReading, data: ReplyData
) -> tuple[Ask, ...]:
    """Questions whose atoms hold, that nothing answered, and whose yes would raise the level.

    A danger sign the safety net raised (a `warning_*` atom) has its questions asked first,
    even when a yes would not raise the level: they are what the referral needs to know.
    A question whose `unless` atom holds is left to the doctor already seeing to it.
    """
    current = Level[report.disposition.level]
    atoms = {s.name for s in derive_signals(report.intake)}
    warnings = {a for a in atoms if a.startswith(WARNING_PREFIX)}
    said = _said_in_comment(reading)
    first, then = [], []
    for q in data.screening:
        net = bool(warnings & set(q.asks_when))
        if (Level[q.if_yes.level] <= current and not net) or not atoms & set(q.asks_when):
            continue
        if atoms & set(q.unless):
            continue
        if all(any(_answered(p, report.intake, said) for p in g) for g in q.answered_by):
            continue
        (first if net else then).append(_ask(q))
    return (*first, *then)


def _ask(q: ScreeningQuestion) -> Ask:
    return Ask(id=q.id, question=q.question, if_yes=q.if_yes.do, level=q.if_yes.level)


def _said_in_comment(reading: CommentReading) -> set[tuple[str, str]]:
    """(field path, value) pairs the comment states about the reader now, yes or no."""
    said = set()
    for fact in reading.extracted:
        if str(getattr(fact, "context", "")).lower() in ANSWERING_CONTEXTS:
            said.add((_generic(str(fact.fact)), str(fact.value)))
    return said


def _generic(field: str) -> str:
    """complaints[2].hurts_when -> complaints[].hurts_when."""
    return re.sub(r"\[\d+\]", "[]", field)


def _answered(path: str, intake: Intake, said: set[tuple[str, str]]) -> bool:
    field, value = parse_path(path)
    if value is not None:
        if (field, value) in said:
            return True
        return any(value in [str(v) for v in v_list] for v_list in _values(intake, field))
    if any(f == field for f, _ in said):
        return True
    return any(v in ("yes", "no") for v in _values(intake, field))


def _values(intake: Intake, field: str) -> Iterable:
    section, _, name = field.rpartition(".")
    if section == "complaints[]":
        return [getattr(c, name) for c in intake.complaints]
    return [getattr(getattr(intake, section), name)]
