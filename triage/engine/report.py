"""The triage result as frozen, JSON-serialisable models, built from an engine run.

Building a report only reads the run and the knowledge base; it decides nothing clinical
beyond "the most urgent disposition wins".
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .firings import ALL_EXERCISES, Conclusion, RunResult, once_per_kb
from .intake import Intake
from .kb_models import Dosage, KnowledgeBase, Level, LevelName
from .signals import Evidence

_FROZEN = ConfigDict(extra="forbid", frozen=True)

_URGENCY = {level.name: level.value for level in Level}
_Data = dict[str, object]  # a model's fields, for `Report.model_validate` to build it

NOT_A_DIAGNOSIS = (
    "This is a rule-based triage to help you decide what to do next, not a diagnosis. "
    "If you are worried, or things get worse, see a clinician."
)


class DispositionReason(BaseModel):
    model_config = _FROZEN
    rule: str
    level: LevelName
    title: str
    do_now: str


class Disposition(BaseModel):
    model_config = _FROZEN
    level: LevelName = Field(description="emergency, urgent, routine, self_care or none.")
    label: str
    timeframe: str = Field(description="When to act, such as 'within 24-48 hours'.")
    do_now: str = Field(description="What to do now, first.")
    reasons: tuple[DispositionReason, ...] = Field(description="Every rule that set a level.")


class FindingOut(BaseModel):
    model_config = _FROZEN
    id: str
    kind: str
    label: str
    summary: str
    complaint: str = Field(description="Scope: c0, c1, ... for a complaint, or general.")
    because: tuple[str, ...] = Field(description="Rules that concluded it.")


class DosageOut(Dosage):
    text: str = Field(description="The dosage in one line.")
    session: str = Field(description="How to fit it into the week for this runner's season.")


class Recommendation(BaseModel):
    model_config = _FROZEN
    exercise: str
    name: str
    tags: tuple[str, ...]
    description: str
    dosage: DosageOut
    cues: tuple[str, ...]
    progression: str
    regression: str
    because: tuple[str, ...] = Field(description="Candidate rules that put it forward.")


class BlockedOut(BaseModel):
    model_config = _FROZEN
    exercise: str
    name: str
    by: str = Field(description="The rule that blocked it first.")
    reason: str
    triggered_by: tuple[str, ...] = Field(description="Reported facts that set the block off.")
    also_by: tuple[str, ...] = ()


class MatchedFact(BaseModel):
    model_config = _FROZEN
    fact: str = Field(description="atom@scope")
    kind: Literal["signal", "finding", "engine"]
    evidence: tuple[Evidence, ...] = Field((), description="For a signal: the answers or words.")
    from_step: int | None = Field(None, description="For a finding: the step that asserted it.")


class TraceStep(BaseModel):
    model_config = _FROZEN
    step: int
    rule: str
    stage: str
    title: str
    matched: tuple[MatchedFact, ...]
    asserted: tuple[str, ...]


class KnowledgeBaseInfo(BaseModel):
    model_config = _FROZEN
    version: str
    sha256: str


class Report(BaseModel):
    """Everything a runner or coach needs, and everything needed to explain it."""

    model_config = _FROZEN
    disposition: Disposition
    findings: tuple[FindingOut, ...]
    recommendations: tuple[Recommendation, ...]
    blocked: tuple[BlockedOut, ...]
    all_exercises_held_by: tuple[str, ...] = Field(
        (), description="Rules (red flags) that hold back every exercise, if any."
    )
    notes: tuple[str, ...] = Field(description="How to dose the work this week.")
    trace: tuple[TraceStep, ...]
    intake: Intake
    knowledge_base: KnowledgeBaseInfo
    notice: str = NOT_A_DIAGNOSIS


class _RuleParts:
    """What reports repeat verbatim for each rule of one knowledge base, built once: the
    disposition reason it gives, and its own fields of a trace step."""

    def __init__(self, kb: KnowledgeBase):
        self.reasons = {
            rule_id: DispositionReason(
                rule=rule_id,
                level=spec.then.disposition.level,
                title=spec.title,
                do_now=spec.then.disposition.do_now,
            )
            for rule_id, spec in kb.rules.items()
            if spec.then.disposition
        }
        self.steps = {
            rule_id: {"rule": rule_id, "stage": spec.stage.value, "title": spec.title}
            for rule_id, spec in kb.rules.items()
        }


_RULE_PARTS: dict[str, tuple[KnowledgeBase, _RuleParts]] = {}


def build_report(kb: KnowledgeBase, intake: Intake, run: RunResult) -> Report:
    parts = once_per_kb(_RULE_PARTS, kb, _RuleParts)
    by_kind: dict[str, list[Conclusion]] = {}
    for conclusion in run.conclusions:
        by_kind.setdefault(conclusion.kind, []).append(conclusion)
    # Candidate rules per exercise, in the order rules put the exercises forward.
    proposed: dict[str, list[str]] = {}
    for candidate in by_kind.get("candidate", ()):
        proposed.setdefault(candidate.value, []).append(candidate.rule)
    # Present recommendations in the order rules put them forward, not the engine's pop order.
    order = list(proposed)
    recommended = sorted(run.recommended, key=order.index)
    recommendations = tuple(
        _recommendation(kb, intake, exercise, proposed[exercise]) for exercise in recommended
    )
    blocks = by_kind.get("blocked", [])
    # One validation for the whole report, from plain data: a model per trace step, reason,
    # finding and block costs more built one by one than validated together.
    return Report.model_validate(
        {
            "disposition": _disposition(
                kb, parts, by_kind.get("disposition", []), bool(intake.complaints)
            ),
            "findings": _findings(kb, by_kind.get("finding", [])),
            "recommendations": recommendations,
            "blocked": _blocked(kb, run, blocks, order),
            "all_exercises_held_by": tuple(
                dict.fromkeys(c.rule for c in blocks if c.value == ALL_EXERCISES)
            ),
            "notes": _notes(kb, intake, recommendations),
            "trace": _trace(kb, parts, run),
            "intake": intake,
            "knowledge_base": KnowledgeBaseInfo(version=kb.meta.version, sha256=kb.sha256),
        }
    )


def _disposition(
    kb: KnowledgeBase, parts: _RuleParts, given: list[Conclusion], has_complaints: bool
) -> _Data:
    given = sorted(given, key=lambda c: (-_URGENCY[c.value], c.step))
    if not given:
        # Only a knowledge base without default rules gets here; err on the side of a referral.
        level = "routine" if has_complaints else "none"
        info = kb.meta.dispositions[level]
        return {
            "level": level,
            "label": info.label,
            "timeframe": info.timeframe,
            "do_now": info.do_now,
            "reasons": (),
        }
    # A rule gives one level, so one reason per rule, in the order given.
    reasons = tuple(parts.reasons[rule_id] for rule_id in dict.fromkeys(c.rule for c in given))
    winner = kb.rules[given[0].rule].then.disposition
    info = kb.meta.dispositions[winner.level]
    return {
        "level": winner.level,
        "label": info.label,
        "timeframe": winner.timeframe or info.timeframe,
        "do_now": winner.do_now,
        "reasons": reasons,
    }


def _findings(kb: KnowledgeBase, concluded: list[Conclusion]) -> list[_Data]:
    grouped: dict[tuple[str, str], list[str]] = {}
    for c in concluded:
        grouped.setdefault((c.value, c.scope), []).append(c.rule)
    out = []
    for (finding_id, scope), rules in grouped.items():
        finding = kb.findings[finding_id]
        out.append(
            {
                "id": finding_id,
                "kind": finding.kind,
                "label": finding.label,
                "summary": finding.summary,
                "complaint": scope,
                "because": tuple(dict.fromkeys(rules)),
            }
        )
    return out


def _recommendation(kb: KnowledgeBase, intake: Intake, exercise_id: str, rules: list[str]):
    exercise = kb.exercises[exercise_id]
    season = intake.training.season
    dosage = (
        exercise.off_season_dosage
        if season == "off" and exercise.off_season_dosage
        else exercise.dosage
    )
    guidance = kb.meta.session_guidance[f"{season}_season" if season else "unknown"]
    return Recommendation(
        exercise=exercise.id,
        name=exercise.name,
        tags=exercise.tags,
        description=exercise.description,
        dosage=DosageOut(**dosage.model_dump(), text=dosage.describe(), session=guidance),
        cues=exercise.cues,
        progression=exercise.progression,
        regression=exercise.regression,
        because=tuple(dict.fromkeys(rules)),
    )


def _blocked(
    kb: KnowledgeBase, run: RunResult, blocks: list[Conclusion], candidates: list[str]
) -> list[_Data]:
    recommended = set(run.recommended)
    held = [exercise for exercise in candidates if exercise not in recommended]
    by_exercise: dict[str, list[Conclusion]] = {}
    for block in blocks:
        if block.value == ALL_EXERCISES:
            for exercise in held:
                by_exercise.setdefault(exercise, []).append(block)
        elif block.value not in recommended:
            by_exercise.setdefault(block.value, []).append(block)
    out = []
    for exercise_id, conclusions in by_exercise.items():
        first = conclusions[0]
        out.append(
            {
                "exercise": exercise_id,
                "name": kb.exercises[exercise_id].name,
                "by": first.rule,
                "reason": kb.rules[first.rule].then.block.reason,
                # The facts the blocking step matched, as its trace step names them.
                "triggered_by": run.firings[first.step - 1].matched,
                "also_by": tuple(
                    dict.fromkeys(c.rule for c in conclusions[1:] if c.rule != first.rule)
                ),
            }
        )
    return out


def _notes(kb: KnowledgeBase, intake: Intake, recommendations) -> tuple[str, ...]:
    if not recommendations:
        return ()
    season = intake.training.season
    notes = [
        kb.meta.session_guidance[f"{season}_season" if season else "unknown"],
        kb.meta.pain_rule,
    ]
    if any("plyometric" in r.tags for r in recommendations):
        notes.append(kb.meta.plyometrics_first)
    return tuple(notes)


def _trace(kb: KnowledgeBase, parts: _RuleParts, run: RunResult) -> list[_Data]:
    """The trace steps as plain data for `Report` to validate. A fact matched by several steps
    (a signal, at every rule that tests it) is one MatchedFact, shared: the models are frozen."""
    evidence = {s.key: s.evidence for s in run.signals}
    first_asserted: dict[str, int] = {}
    facts: dict[str, MatchedFact] = {}
    steps = []
    for firing in run.firings:
        matched = []
        for key in firing.matched:
            fact = facts.get(key)
            if fact is None:
                fact = facts[key] = _matched_fact(kb, key, evidence, first_asserted.get(key))
            matched.append(fact)
        for item in firing.asserted:
            if item.startswith("finding:"):
                key = item.removeprefix("finding:")
                if key not in first_asserted:
                    first_asserted[key] = firing.step
                    facts.pop(key, None)  # matched from here on as asserted at this step
        steps.append(
            {
                **parts.steps[firing.rule],
                "step": firing.step,
                "matched": tuple(matched),
                "asserted": firing.asserted,
            }
        )
    return steps


def _matched_fact(
    kb: KnowledgeBase, key: str, evidence: dict[str, tuple], from_step: int | None
) -> MatchedFact:
    """A matched fact: a signal with its evidence, a finding with the step that asserted it,
    or one of the engine's own atoms."""
    if key in evidence:
        return MatchedFact(fact=key, kind="signal", evidence=evidence[key])
    if key.split("@")[0] in kb.findings:
        return MatchedFact(fact=key, kind="finding", from_step=from_step)
    return MatchedFact(fact=key, kind="engine")
