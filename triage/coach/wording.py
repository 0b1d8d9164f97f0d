"""The reply wording data in knowledge_base/replies.yaml, validated and cross-checked.

It only checks and holds the data; choosing what a reply says is `reply.py`'s job.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..engine.answer_paths import split_path
from ..engine.crosscheck import known_atoms, suggest
from ..engine.files import describe_validation_error
from ..engine.intake import (
    Complaint,
    Diagnosis,
    Onset,
    Region,
    StrengthWorkOutcome,
    Timing,
    Trigger,
)
from ..engine.integrity import register_extra_check
from ..engine.kb_models import KnowledgeBase, LevelName
from ..errors import InvalidInput, KnowledgeBaseError

_FROZEN = ConfigDict(extra="forbid", frozen=True)
FILE = "replies.yaml"


class Restate(BaseModel):
    """Phrases that restate a complaint; every enum value needs one, so no fact is dropped."""

    model_config = _FROZEN
    regions: dict[Region, str]
    both_sides: str
    onset: dict[Onset, str]
    triggers: dict[Trigger, str]
    diagnosis: dict[Diagnosis, str]
    hurts_when: dict[Timing, str]
    yes_answers: dict[str, str] = Field(description="Complaint yes/no fields worth repeating.")
    strength_work: dict[StrengthWorkOutcome, str]
    duration: str = Field(pattern=r"\{duration\}")
    weeks_off: str = Field(pattern=r"\{duration\}")
    most_clauses: int = Field(ge=2, le=10, description="Longest restatement, in clauses.")


class IfYes(BaseModel):
    model_config = _FROZEN
    level: LevelName
    do: str = Field(min_length=10, description="What to do if the answer is yes.")


class ScreeningQuestion(BaseModel):
    """A question safety needs answered, and what a yes means."""

    model_config = _FROZEN
    id: str
    asks_when: tuple[str, ...] = Field(min_length=1, description="Atoms; any one asks it.")
    unless: tuple[str, ...] = Field(
        (),
        description="Atoms; any one means a doctor is already seeing to what it asks, so it is "
        "not asked (a booked heart test covers the heart questions).",
    )
    question: str
    answered_by: tuple[tuple[str, ...], ...] = Field(
        min_length=1, description="Groups of answer paths; each group needs one answered."
    )
    if_yes: IfYes
    source: str

    @field_validator("answered_by", mode="before")
    @classmethod
    def _one_group_or_many(cls, value: Any) -> Any:
        if isinstance(value, list | tuple) and value and all(isinstance(v, str) for v in value):
            return [value]
        return value


class TopicAnswer(BaseModel):
    model_config = _FROZEN
    answer: str = Field(min_length=20)
    source: str


class ReplyData(BaseModel):
    """Everything replies.yaml holds."""

    model_config = _FROZEN
    restate: Restate
    screening: tuple[ScreeningQuestion, ...]
    see_someone: dict[LevelName, str]
    see_someone_without_injury: dict[LevelName, str] = Field(
        description="For a health matter with no injury (a sting, hives): a GP, not a physio, "
        "and no pain score; levels not given here use see_someone."
    )
    all_held_back: str
    need_more_detail: str
    no_triage: str
    safety_note: str
    topics: dict[str, TopicAnswer]


def parse_path(path: str) -> tuple[str, str | None]:
    """'complaints[].hurts_when=hopping' -> ('complaints[].hurts_when', 'hopping')."""
    field, _, value = path.partition("=")
    return field, value or None


_LOADED: dict[str, ReplyData] = {}


def reply_data(kb: KnowledgeBase) -> ReplyData:
    """The knowledge base's reply data, validated and cross-checked once per knowledge base."""
    found = _LOADED.get(kb.sha256)
    if found is None:
        found = _LOADED[kb.sha256] = load_reply_data(kb)
    return found


def load_reply_data(kb: KnowledgeBase) -> ReplyData:
    """Validate and cross-check replies.yaml; KnowledgeBaseError lists every problem."""
    raw = kb.extras.get("replies")
    if raw is None:
        raise KnowledgeBaseError(f"{FILE}: missing; coach replies need it.")
    try:
        data = ReplyData.model_validate(raw)
    except ValidationError as exc:
        raise KnowledgeBaseError(describe_validation_error(FILE, exc)) from None
    problems = _cross_check(kb, data)
    if problems:
        raise KnowledgeBaseError(problems)
    return data


def _cross_check(kb: KnowledgeBase, data: ReplyData) -> list[str]:
    problems = []
    atoms = known_atoms(kb)
    complaint_fields = set(Complaint.model_fields)
    for name in data.restate.yes_answers:
        if name not in complaint_fields:
            problems.append(f"{FILE}: restate.yes_answers: unknown field {name!r}")
    for q in data.screening:
        where = f"{FILE}: screening: {q.id}"
        for atom in (*q.asks_when, *q.unless):
            if atom not in atoms:
                problems.append(f"{where}: unknown atom {atom!r}{suggest(atom, atoms)}")
        for group in q.answered_by:
            for path in group:
                try:
                    split_path(parse_path(path)[0])
                except InvalidInput as exc:
                    problems.append(f"{where}: {exc}")
        if q.source not in kb.sources:
            problems.append(f"{where}: unknown source {q.source!r}{suggest(q.source, kb.sources)}")
    for topic, answer in data.topics.items():
        if answer.source not in kb.sources:
            problems.append(f"{FILE}: topics: {topic}: unknown source {answer.source!r}")
    return problems


register_extra_check(FILE, lambda kb, root: load_reply_data(kb), only_with="replies")
