"""The triage result as frozen, JSON-serialisable models, built from an engine run.

Building a report only reads the run and the knowledge base; it decides nothing clinical
beyond "the most urgent disposition wins".
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .firings import ALL_EXERCISES, Conclusion, RunResult
from .intake import Intake
from .kb_models import Dosage, KnowledgeBase, Level, LevelName
from .signals import Evidence

_FROZEN = ConfigDict(extra="forbid", frozen=True)

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


def build_report(kb: KnowledgeBase, intake: Intake, run: RunResult) -> Report:
    trace = _trace(kb, run)
    # Present recommendations in the order rules put them forward, not the engine's pop order.
    order = list(dict.fromkeys(c.value for c in run.of_kind("candidate")))
    recommended = sorted(run.recommended, key=order.index)
    recommendations = tuple(_recommendation(kb, intake, run, e) for e in recommended)
    return Report(
        disposition=_disposition(kb, run, bool(intake.complaints)),
        findings=_findings(kb, run),
        recommendations=recommendations,
        blocked=_blocked(kb, run, trace),
        all_exercises_held_by=tuple(
            dict.fromkeys(c.rule for c in run.of_kind("blocked") if c.value == ALL_EXERCISES)
        ),
        notes=_notes(kb, intake, recommendations),
        trace=trace,
        intake=intake,
        knowledge_base=KnowledgeBaseInfo(version=kb.meta.version, sha256=kb.sha256),
    )


def _disposition(kb: KnowledgeBase, run: RunResult, has_complaints: bool) -> Disposition:
    given = sorted(run.of_kind("disposition"), key=lambda c: (-Level[c.value], c.step))
    reasons = tuple(
        dict.fromkeys(
            DispositionReason(
                rule=c.rule,
                level=c.value,
                title=kb.rules[c.rule].title,
                do_now=kb.rules[c.rule].then.disposition.do_now,
            )
            for c in given
        )
    )
    if not given:
        # Only a knowledge base without default rules gets here; err on the side of a referral.
        level = "routine" if has_complaints else "none"
        info = kb.meta.dispositions[level]
        return Disposition(
            level=level, label=info.label, timeframe=info.timeframe, do_now=info.do_now, reasons=()
        )
    winner = kb.rules[given[0].rule].then.disposition
    info = kb.meta.dispositions[winner.level]
    return Disposition(
        level=winner.level,
        label=info.label,
        timeframe=winner.timeframe or info.timeframe,
        do_now=winner.do_now,
        reasons=reasons,
    )


def _findings(kb: KnowledgeBase, run: RunResult) -> tuple[FindingOut, ...]:
    grouped: dict[tuple[str, str], list[Conclusion]] = {}
    for c in run.of_kind("finding"):
        grouped.setdefault((c.value, c.scope), []).append(c)
    out = []
    for (finding_id, scope), conclusions in grouped.items():
        finding = kb.findings[finding_id]
        out.append(
            FindingOut(
                id=finding_id,
                kind=finding.kind,
                label=finding.label,
                summary=finding.summary,
                complaint=scope,
                because=tuple(dict.fromkeys(c.rule for c in conclusions)),
            )
        )
    return tuple(out)


def _recommendation(kb: KnowledgeBase, intake: Intake, run: RunResult, exercise_id: str):
    exercise = kb.exercises[exercise_id]
    season = intake.training.season
    dosage = (
        exercise.off_season_dosage
        if season == "off" and exercise.off_season_dosage
        else exercise.dosage
    )
    guidance = kb.meta.session_guidance[f"{season}_season" if season else "unknown"]
    because = tuple(
        dict.fromkeys(c.rule for c in run.of_kind("candidate") if c.value == exercise_id)
    )
    return Recommendation(
        exercise=exercise.id,
        name=exercise.name,
        tags=exercise.tags,
        description=exercise.description,
        dosage=DosageOut(**dosage.model_dump(), text=dosage.describe(), session=guidance),
        cues=exercise.cues,
        progression=exercise.progression,
        regression=exercise.regression,
        because=because,
    )


def _blocked(
    kb: KnowledgeBase, run: RunResult, trace: tuple[TraceStep, ...]
) -> tuple[BlockedOut, ...]:
    blocks = run.of_kind("blocked")
    by_exercise: dict[str, list[Conclusion]] = {}
    candidates = list(dict.fromkeys(c.value for c in run.of_kind("candidate")))
    for block in blocks:
        targets = candidates if block.value == ALL_EXERCISES else [block.value]
        for exercise in targets:
            if exercise not in run.recommended:
                by_exercise.setdefault(exercise, []).append(block)
    out = []
    for exercise_id, conclusions in by_exercise.items():
        first = conclusions[0]
        rule = kb.rules[first.rule]
        step = trace[first.step - 1]
        out.append(
            BlockedOut(
                exercise=exercise_id,
                name=kb.exercises[exercise_id].name,
                by=first.rule,
                reason=rule.then.block.reason,
                triggered_by=tuple(m.fact for m in step.matched),
                also_by=tuple(
                    dict.fromkeys(c.rule for c in conclusions[1:] if c.rule != first.rule)
                ),
            )
        )
    return tuple(out)


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


def _trace(kb: KnowledgeBase, run: RunResult) -> tuple[TraceStep, ...]:
    evidence = {s.key: s.evidence for s in run.signals}
    first_asserted: dict[str, int] = {}
    steps = []
    for firing in run.firings:
        matched = []
        for key in firing.matched:
            atom = key.split("@")[0]
            if key in evidence:
                matched.append(MatchedFact(fact=key, kind="signal", evidence=evidence[key]))
            elif atom in kb.findings:
                matched.append(
                    MatchedFact(fact=key, kind="finding", from_step=first_asserted.get(key))
                )
            else:
                matched.append(MatchedFact(fact=key, kind="engine"))
        for item in firing.asserted:
            if item.startswith("finding:"):
                first_asserted.setdefault(item.removeprefix("finding:"), firing.step)
        rule = kb.rules[firing.rule]
        steps.append(
            TraceStep(
                step=firing.step,
                rule=firing.rule,
                stage=rule.stage.value,
                title=rule.title,
                matched=tuple(matched),
                asserted=firing.asserted,
            )
        )
    return tuple(steps)
