"""The knowledge base as frozen pydantic models: what a rule, finding, exercise or question is.

Pure data shapes; reading the files and cross-checking them is `kb_loader`'s job.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

_FROZEN = ConfigDict(extra="forbid", frozen=True)
Id = str


class Level(IntEnum):
    """Dispositions, ordered so that a larger value is more urgent."""

    none = 0
    self_care = 1
    routine = 2
    urgent = 3
    emergency = 4

    @classmethod
    def parse(cls, name: str) -> Level:
        return cls[name]


class Stage(StrEnum):
    """Rule stages, in firing order; the stage alone sets salience."""

    red_flag = "red_flag"
    safety_net = "safety_net"
    finding = "finding"
    disposition = "disposition"
    candidate = "candidate"
    safety = "safety"


SALIENCE = {
    Stage.red_flag: 50,
    Stage.safety_net: 45,
    Stage.finding: 40,
    Stage.disposition: 30,
    Stage.candidate: 20,
    Stage.safety: 10,
}

LevelName = Literal["none", "self_care", "routine", "urgent", "emergency"]


class Source(BaseModel):
    model_config = _FROZEN
    id: Id
    title: str
    kind: Literal["seed", "guideline", "paper", "textbook", "consensus"]
    citation: str = Field(description="Author, year, journal or site: enough to find it.")
    file: str | None = Field(None, description="Seed file name under shared/seeds, for seeds.")


class Finding(BaseModel):
    """A possible condition, imbalance or training error that rules can conclude."""

    model_config = _FROZEN
    id: Id
    kind: Literal["imbalance", "condition", "serious_condition", "training_error", "pattern"]
    label: str = Field(description="Plain-language name, phrased as a possibility.")
    summary: str = Field(description="One or two sentences a runner understands.")
    source: Id


class Dosage(BaseModel):
    model_config = _FROZEN
    sets: int | None = Field(None, ge=1, le=10)
    reps: str | None = Field(None, description='A number or range, such as "12-15".')
    per_side: bool = False
    hold_seconds: str | None = None
    rest_seconds: int | None = Field(None, ge=0, le=600)
    frequency: str = Field(description='How often, such as "3 times a week".')

    @field_validator("reps", "hold_seconds", mode="before")
    @classmethod
    def _numbers_as_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int | float) else value

    def describe(self) -> str:
        parts = []
        if self.sets and self.reps:
            parts.append(f"{self.sets} x {self.reps}")
        elif self.sets:
            parts.append(f"{self.sets} sets")
        elif self.reps:
            parts.append(f"{self.reps} reps")
        if self.hold_seconds:
            parts.append(f"hold {self.hold_seconds} s")
        if self.per_side:
            parts.append("each side")
        if self.rest_seconds:
            parts.append(f"rest {self.rest_seconds} s")
        parts.append(self.frequency)
        return ", ".join(parts)


ExerciseTag = Literal[
    "plyometric",
    "loaded",
    "isometric",
    "mobility",
    "neural",
    "drill",
    "activation",
    "strength",
    "balance",
    "core",
    "eccentric",
    "explosive",
    "stretch",
    "below_neutral_ankle",
]


class Exercise(BaseModel):
    model_config = _FROZEN
    id: Id
    name: str
    description: str
    tags: tuple[ExerciseTag, ...] = Field(min_length=1)
    equipment: tuple[str, ...] = ()
    dosage: Dosage
    off_season_dosage: Dosage | None = None
    cues: tuple[str, ...] = Field(min_length=1)
    progression: str
    regression: str
    contraindications: tuple[Id, ...] = Field(
        (), description="Signals or findings that rule it out; a safety rule must block each."
    )
    source: Id


class Conditions(BaseModel):
    """`all` must hold, at least one atom of each `any` group, and none of `none`."""

    model_config = _FROZEN
    all: tuple[Id, ...] = ()
    any: tuple[tuple[Id, ...], ...] = Field(
        (), description="One group [a, b] or several groups [[a, b], [c, d]]."
    )
    none: tuple[Id, ...] = ()

    @field_validator("any", mode="before")
    @classmethod
    def _one_group_or_many(cls, value: Any) -> Any:
        if isinstance(value, list | tuple) and value and all(isinstance(v, str) for v in value):
            return [value]
        return value

    def positive_atoms(self) -> tuple[Id, ...]:
        return (*self.all, *(atom for group in self.any for atom in group))

    def atoms(self) -> tuple[Id, ...]:
        return (*self.positive_atoms(), *self.none)


class DispositionChange(BaseModel):
    model_config = _FROZEN
    level: LevelName
    timeframe: str | None = Field(None, description="Overrides the level's usual timeframe.")
    do_now: str = Field(description="What to do now, in plain words.")


class Block(BaseModel):
    model_config = _FROZEN
    exercises: tuple[Id, ...] = ()
    tags: tuple[ExerciseTag, ...] = ()
    all_exercises: bool = False
    reason: str = Field(description="Why these are held back, in plain words.")


class Then(BaseModel):
    model_config = _FROZEN
    findings: tuple[Id, ...] = ()
    disposition: DispositionChange | None = None
    recommend: tuple[Id, ...] = ()
    block: Block | None = None


class Examples(BaseModel):
    model_config = _FROZEN
    fires: tuple[dict[Id, bool], ...] = Field(min_length=1)
    silent: tuple[dict[Id, bool], ...] = Field(min_length=1)


class RuleSpec(BaseModel):
    """One rule, whatever it concludes, so HOW, WHY and WHY NOT are written once."""

    model_config = _FROZEN
    id: Id = Field(pattern=r"^[A-Z]{2,4}-\d{3}$")
    title: str
    stage: Stage
    when: Conditions
    then: Then
    rationale: str = Field(min_length=20)
    source: Id
    aliases: tuple[Id, ...] = ()
    examples: Examples


class Question(BaseModel):
    """A question the questionnaire can ask, and the answer field it fills."""

    model_config = _FROZEN
    id: Id
    text: str
    field: str = Field(description="Answer field, e.g. complaints[].hurts_when or health.fever.")
    value: str | None = Field(None, description="For list fields: the item a yes adds.")
    kind: Literal["yes_no", "choice", "multi_choice", "number", "scale"] = "yes_no"
    choices: tuple[str, ...] = ()
    regions: tuple[str, ...] = Field((), description="Asked only for these regions; empty: all.")
    screening: bool = Field(False, description="Part of the red-flag screen, asked first.")
    not_sure_counts_as_yes: bool = Field(
        False,
        description="A danger sign no one can rule out at home: every rule reads 'not sure' as yes.",
    )
    why: str | None = Field(None, description="Why it is asked, in plain words.")
    ask_if: Conditions = Field(
        default_factory=Conditions,
        description="Asked only when the answers so far produce these atoms; empty: always.",
    )
    default: str | None = Field(None, description="The answer taken when Enter is pressed.")
    labels: dict[str, str] = Field(
        default_factory=dict, description="Plain words shown for a choice, by choice value."
    )
    minimum: float | None = Field(None, description="Smallest number accepted.")
    maximum: float | None = Field(None, description="Largest number accepted.")
    group: Id | None = Field(
        None, description="The checklist (question_groups.yaml) this yes/no question is shown in."
    )


class QuestionGroup(BaseModel):
    """A checklist: contiguous yes/no questions shown as one step under one heading."""

    model_config = _FROZEN
    id: Id
    text: str = Field(description='The heading, such as "Any of these since it started?".')
    why: str = Field(description="Why these are asked together, in plain words.")


class DispositionInfo(BaseModel):
    model_config = _FROZEN
    label: str
    timeframe: str
    do_now: str


class Meta(BaseModel):
    model_config = _FROZEN
    version: str
    dispositions: dict[LevelName, DispositionInfo]
    session_guidance: dict[Literal["in_season", "off_season", "unknown"], str]
    pain_rule: str = Field(description="How much pain is acceptable during the exercises.")
    plyometrics_first: str = Field(description="Ordering advice when jumps are recommended.")


class KnowledgeBase(BaseModel):
    model_config = _FROZEN
    meta: Meta
    sources: dict[Id, Source]
    findings: dict[Id, Finding]
    exercises: dict[Id, Exercise]
    rules: dict[Id, RuleSpec]
    rule_files: dict[Id, str] = Field(description="Which file each rule came from.")
    questions: dict[Id, Question]
    question_groups: dict[Id, QuestionGroup] = Field(
        default_factory=dict, description="Checklists of screening questions, by id."
    )
    extras: dict[str, Any] = Field(
        default_factory=dict, description="Other YAML files (lexicon, replies) by file stem."
    )
    sha256: str

    def rules_in_stage(self, stage: Stage) -> list[RuleSpec]:
        return [r for r in self.rules.values() if r.stage == stage]
