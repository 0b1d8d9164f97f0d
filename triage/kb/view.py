"""What the knowledge base holds, as rows and details a coach or physio can review.

Pure functions over a loaded KnowledgeBase returning frozen models; rendering lives elsewhere.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..engine.crosscheck import _blocking_rules, suggest
from ..engine.kb_models import (
    Conditions,
    Examples,
    Exercise,
    Finding,
    KnowledgeBase,
    RuleSpec,
    Source,
    Stage,
    Then,
)
from ..errors import InvalidInput
from .kinds import ListKind

_FROZEN = ConfigDict(extra="forbid", frozen=True)


class RuleRow(BaseModel):
    model_config = _FROZEN
    id: str
    stage: Stage
    title: str
    file: str


class RedFlagRow(BaseModel):
    model_config = _FROZEN
    id: str
    title: str
    level: str
    timeframe: str = Field(description="The rule's own timeframe, else the level's usual one.")


class ExerciseRow(BaseModel):
    model_config = _FROZEN
    id: str
    name: str
    tags: tuple[str, ...]
    dosage: str


class FindingRow(BaseModel):
    model_config = _FROZEN
    id: str
    kind: str
    label: str
    concluded_by: tuple[str, ...]


Row = RuleRow | RedFlagRow | ExerciseRow | FindingRow


def list_rows(kb: KnowledgeBase, what: ListKind) -> list[Row]:
    """One row per entry of the chosen kind, in file order."""
    if what == ListKind.rules:
        return [
            RuleRow(id=r.id, stage=r.stage, title=r.title, file=kb.rule_files[r.id])
            for r in kb.rules.values()
        ]
    if what == ListKind.red_flags:
        return [_red_flag_row(kb, r) for r in kb.rules_in_stage(Stage.red_flag)]
    if what == ListKind.exercises:
        return [
            ExerciseRow(id=e.id, name=e.name, tags=e.tags, dosage=e.dosage.describe())
            for e in kb.exercises.values()
        ]
    return [
        FindingRow(
            id=f.id,
            kind=f.kind,
            label=f.label,
            concluded_by=tuple(r.id for r in _concluders(kb, f.id)),
        )
        for f in kb.findings.values()
    ]


def _red_flag_row(kb: KnowledgeBase, rule: RuleSpec) -> RedFlagRow:
    d = rule.then.disposition
    level = d.level if d else "none"
    usual = kb.meta.dispositions[level].timeframe if level in kb.meta.dispositions else ""
    return RedFlagRow(
        id=rule.id, title=rule.title, level=level, timeframe=(d and d.timeframe) or usual
    )


class RuleRef(BaseModel):
    model_config = _FROZEN
    id: str
    stage: Stage
    title: str


class ExerciseRef(BaseModel):
    model_config = _FROZEN
    id: str
    name: str


class RuleDetail(BaseModel):
    model_config = _FROZEN
    kind: Literal["rule"] = "rule"
    id: str
    title: str
    stage: Stage
    file: str
    aliases: tuple[str, ...]
    when: Conditions
    then: Then
    rationale: str
    source: Source
    recommends: tuple[ExerciseRef, ...]
    blocks: tuple[ExerciseRef, ...] = Field(description="Exercises held back, by id or by tag.")
    blocks_all: bool
    examples: Examples


class Contraindication(BaseModel):
    model_config = _FROZEN
    atom: str
    enforced_by: tuple[RuleRef, ...]


class ExerciseDetail(BaseModel):
    model_config = _FROZEN
    kind: Literal["exercise"] = "exercise"
    exercise: Exercise
    dosage: str
    off_season_dosage: str | None
    source: Source
    recommended_by: tuple[RuleRef, ...]
    contraindications: tuple[Contraindication, ...]
    held_back_by: tuple[RuleRef, ...] = Field(description="Every safety rule that can block it.")


class FollowUp(BaseModel):
    """A rule that uses a finding as a condition, and what it then does."""

    model_config = _FROZEN
    rule: RuleRef
    recommends: tuple[str, ...]
    level: str | None
    blocks_all: bool


class FindingDetail(BaseModel):
    model_config = _FROZEN
    kind: Literal["finding"] = "finding"
    finding: Finding
    source: Source
    concluded_by: tuple[RuleRef, ...]
    followed_by: tuple[FollowUp, ...]


class SourceDetail(BaseModel):
    model_config = _FROZEN
    kind: Literal["source"] = "source"
    source: Source
    cited_by: tuple[str, ...]


Detail = RuleDetail | ExerciseDetail | FindingDetail | SourceDetail


def show(kb: KnowledgeBase, entry_id: str) -> Detail:
    """The full entry for a rule (or alias), exercise, finding or source id."""
    aliases = {a: r.id for r in kb.rules.values() for a in r.aliases}
    rule_id = aliases.get(entry_id, entry_id)
    if rule_id in kb.rules:
        return _rule_detail(kb, kb.rules[rule_id])
    if entry_id in kb.exercises:
        return _exercise_detail(kb, kb.exercises[entry_id])
    if entry_id in kb.findings:
        return _finding_detail(kb, kb.findings[entry_id])
    if entry_id in kb.sources:
        return _source_detail(kb, kb.sources[entry_id])
    pool = [*kb.rules, *aliases, *kb.exercises, *kb.findings, *kb.sources]
    raise InvalidInput(f"unknown id {entry_id!r}{suggest(entry_id, pool)}")


def _ref(rule: RuleSpec) -> RuleRef:
    return RuleRef(id=rule.id, stage=rule.stage, title=rule.title)


def _concluders(kb: KnowledgeBase, finding_id: str) -> list[RuleSpec]:
    return [r for r in kb.rules.values() if finding_id in r.then.findings]


def _rule_detail(kb: KnowledgeBase, rule: RuleSpec) -> RuleDetail:
    block = rule.then.block
    blocked = []
    if block and not block.all_exercises:
        blocked = [
            e
            for e in kb.exercises.values()
            if e.id in block.exercises or set(block.tags) & set(e.tags)
        ]
    return RuleDetail(
        id=rule.id,
        title=rule.title,
        stage=rule.stage,
        file=kb.rule_files[rule.id],
        aliases=rule.aliases,
        when=rule.when,
        then=rule.then,
        rationale=rule.rationale,
        source=kb.sources[rule.source],
        recommends=tuple(ExerciseRef(id=e, name=kb.exercises[e].name) for e in rule.then.recommend),
        blocks=tuple(ExerciseRef(id=e.id, name=e.name) for e in blocked),
        blocks_all=bool(block and block.all_exercises),
        examples=rule.examples,
    )


def _exercise_detail(kb: KnowledgeBase, exercise: Exercise) -> ExerciseDetail:
    held = [
        r
        for r in kb.rules_in_stage(Stage.safety)
        if r.then.block
        and (exercise.id in r.then.block.exercises or set(r.then.block.tags) & set(exercise.tags))
    ]
    return ExerciseDetail(
        exercise=exercise,
        dosage=exercise.dosage.describe(),
        off_season_dosage=exercise.off_season_dosage.describe()
        if exercise.off_season_dosage
        else None,
        source=kb.sources[exercise.source],
        recommended_by=tuple(_ref(r) for r in kb.rules.values() if exercise.id in r.then.recommend),
        contraindications=tuple(
            Contraindication(
                atom=atom,
                enforced_by=tuple(_ref(r) for r in _blocking_rules(kb, exercise.id, atom)),
            )
            for atom in exercise.contraindications
        ),
        held_back_by=tuple(_ref(r) for r in held),
    )


def _finding_detail(kb: KnowledgeBase, finding: Finding) -> FindingDetail:
    followed = [
        FollowUp(
            rule=_ref(r),
            recommends=r.then.recommend,
            level=r.then.disposition.level if r.then.disposition else None,
            blocks_all=bool(r.then.block and r.then.block.all_exercises),
        )
        for r in kb.rules.values()
        if finding.id in r.when.positive_atoms()
    ]
    return FindingDetail(
        finding=finding,
        source=kb.sources[finding.source],
        concluded_by=tuple(_ref(r) for r in _concluders(kb, finding.id)),
        followed_by=tuple(followed),
    )


def _source_detail(kb: KnowledgeBase, source: Source) -> SourceDetail:
    citing = [
        *(r.id for r in kb.rules.values() if r.source == source.id),
        *(f.id for f in kb.findings.values() if f.source == source.id),
        *(e.id for e in kb.exercises.values() if e.source == source.id),
    ]
    return SourceDetail(source=source, cited_by=tuple(citing))


class KbStats(BaseModel):
    """The size of the knowledge base, for the README table."""

    model_config = _FROZEN
    rules_by_stage: dict[Stage, int]
    rules: int
    exercises: int
    findings: int
    sources: int
    questions: int

    def rows(self) -> list[tuple[str, int]]:
        stages = [(f"rules: {s.value}", n) for s, n in self.rules_by_stage.items()]
        return [
            *stages,
            ("rules (all stages)", self.rules),
            ("exercises", self.exercises),
            ("findings", self.findings),
            ("sources", self.sources),
            ("questions", self.questions),
        ]


def kb_stats(kb: KnowledgeBase) -> KbStats:
    return KbStats(
        rules_by_stage={s: len(kb.rules_in_stage(s)) for s in Stage},
        rules=len(kb.rules),
        exercises=len(kb.exercises),
        findings=len(kb.findings),
        sources=len(kb.sources),
        questions=len(kb.questions),
    )
