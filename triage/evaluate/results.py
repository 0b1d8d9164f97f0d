"""What a clinician reviewer asks of a case run: per-case outcomes and, per set and split, the
confusion matrix, sensitivities, agreement, over- and under-triage. Pure arithmetic, no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..engine.kb_models import Level, LevelName

_FROZEN = ConfigDict(extra="forbid", frozen=True)
AGREEMENT_BAR = 0.9
LEVELS: tuple[LevelName, ...] = ("none", "self_care", "routine", "urgent", "emergency")
UNDER_LEVELS: tuple[LevelName, ...] = ("emergency", "urgent", "routine", "self_care")
SERIOUS: tuple[LevelName, ...] = ("emergency", "urgent")
# The three levels of the published symptom-checker audits: emergency care, care from a
# clinician (urgent or routine), and self-care (self-care or nothing needed).
THREE_LEVELS: dict[LevelName, str] = {
    "emergency": "emergency",
    "urgent": "care",
    "routine": "care",
    "self_care": "self_care",
    "none": "self_care",
}

Outcome = Literal["agree", "under", "over", "error", "skipped"]


class CaseResult(BaseModel):
    model_config = _FROZEN
    id: str
    file: str
    split: str = Field("", description="Set and split: `blind/dev`, or the folder: `cases`.")
    kind: str
    expected: LevelName
    got: LevelName | None = None
    outcome: Outcome
    unsafe: tuple[str, ...] = Field((), description="Recommended exercises the case forbids.")
    missing_findings: tuple[tuple[str, ...], ...] = ()
    message: str | None = Field(None, description="The error or the reason it was skipped.")

    @property
    def serious(self) -> bool:
        """Under-triaged (or errored) when emergency or urgent was due, or unsafe advice."""
        missed = self.outcome in ("under", "error") and self.expected in SERIOUS
        return missed or bool(self.unsafe)


class Summary(BaseModel):
    model_config = _FROZEN
    cases: int
    run: int = Field(description="Cases that ran (not skipped).")
    agree: int
    agreement: float = Field(description="Exact disposition agreement among cases that ran.")
    three_level_agreement: float = Field(
        description="Agreement on emergency / clinician care / self-care, as published audits."
    )
    confusion: dict[LevelName, dict[LevelName, int]] = Field(
        description="Expected level -> level given -> cases (errors are not in it)."
    )
    emergency_due: int = Field(description="Emergency cases that ran.")
    emergency_caught: int = Field(description="Emergency cases given emergency.")
    sensitivity_emergency: float | None = Field(description="caught / due; None if none due.")
    urgent_due: int = Field(description="Emergency or urgent cases that ran.")
    urgent_caught: int = Field(description="Emergency or urgent cases given at least urgent.")
    sensitivity_urgent: float | None = Field(description="caught / due; None if none due.")
    under_by_level: dict[LevelName, int] = Field(description="Under-triage by expected level.")
    under: int
    over: int
    under_rate: float
    over_rate: float
    unsafe: int = Field(description="Cases with at least one forbidden recommendation.")
    errors: int
    skipped: int
    findings_named: int = Field(description="Cases in which every expected finding was named.")
    serious_under_triage: int = Field(description="Emergency or urgent cases under-triaged.")
    meets_bar: bool = Field(description="No serious under-triage, no unsafe advice, >= 90%.")
    failed: bool = Field(description="An error, serious under-triage or unsafe advice.")


class Group(BaseModel):
    """The figures of one set and split (or one folder of cases)."""

    model_config = _FROZEN
    split: str
    summary: Summary


def summarise(results: Iterable[CaseResult]) -> Summary:
    """The metrics; an errored emergency or urgent case counts as under-triaged."""
    results = list(results)
    ran = [r for r in results if r.outcome != "skipped"]
    skipped = len(results) - len(ran)
    under: dict[LevelName, int] = dict.fromkeys(UNDER_LEVELS, 0)
    for r in ran:
        if r.outcome == "under" or (r.outcome == "error" and r.expected in SERIOUS):
            under[r.expected] += 1
    confusion = {e: dict.fromkeys(LEVELS, 0) for e in LEVELS}
    for r in ran:
        if r.got is not None:
            confusion[r.expected][r.got] += 1
    agree = sum(r.outcome == "agree" for r in ran)
    serious = under["emergency"] + under["urgent"]
    unsafe = sum(bool(r.unsafe) for r in ran)
    errors = sum(r.outcome == "error" for r in ran)
    agreement = _share(agree, len(ran)) or 0.0
    return Summary(
        cases=len(ran) + skipped,
        run=len(ran),
        agree=agree,
        agreement=agreement,
        three_level_agreement=_share(
            sum(r.got is not None and THREE_LEVELS[r.got] == THREE_LEVELS[r.expected] for r in ran),
            len(ran),
        )
        or 0.0,
        confusion=confusion,
        **_sensitivity("emergency", ran, ("emergency",), Level.emergency),
        **_sensitivity("urgent", ran, SERIOUS, Level.urgent),
        under_by_level=under,
        under=sum(r.outcome == "under" for r in ran),
        over=sum(r.outcome == "over" for r in ran),
        under_rate=_share(sum(r.outcome == "under" for r in ran), len(ran)) or 0.0,
        over_rate=_share(sum(r.outcome == "over" for r in ran), len(ran)) or 0.0,
        unsafe=unsafe,
        errors=errors,
        skipped=skipped,
        findings_named=sum(r.got is not None and not r.missing_findings for r in ran),
        serious_under_triage=serious,
        meets_bar=bool(ran) and not serious and not unsafe and agreement >= AGREEMENT_BAR,
        failed=bool(serious or unsafe or errors),
    )


def groups(results: Iterable[CaseResult]) -> tuple[Group, ...]:
    """One Group per set and split, in the order they were run."""
    by_split: dict[str, list[CaseResult]] = {}
    for r in results:
        by_split.setdefault(r.split, []).append(r)
    return tuple(Group(split=s, summary=summarise(rs)) for s, rs in by_split.items())


def _sensitivity(
    name: str, ran: list[CaseResult], due: tuple[LevelName, ...], floor: Level
) -> dict[str, int | float | None]:
    cases = [r for r in ran if r.expected in due]
    caught = sum(r.got is not None and Level[r.got] >= floor for r in cases)
    return {
        f"{name}_due": len(cases),
        f"{name}_caught": caught,
        f"sensitivity_{name}": _share(caught, len(cases)),
    }


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None
