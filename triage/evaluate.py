"""Runs a clinical case suite and measures triage against what a clinician expected.

Pure: loads case files, triages each case, compares; it never prints. Expectations come from
the case files alone, so the suite can disagree with the knowledge base, which is its point.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .engine.files import describe_validation_error, read_structured, validate_model
from .engine.intake import Intake
from .engine.kb_models import ExerciseTag, KnowledgeBase, Level, LevelName
from .engine.pipeline import default_knowledge_base, triage
from .engine.report import Report
from .errors import InvalidInput, StridewiseError

_FROZEN = ConfigDict(extra="forbid", frozen=True)
ANY_EXERCISE = "all_exercises"
CASE_SUFFIXES = (".yaml", ".yml", ".json")
TAGS = frozenset(ExerciseTag.__args__)  # type: ignore[attr-defined]


class Case(BaseModel):
    """One written case: an input, and what a sports physio would say about it."""

    model_config = _FROZEN
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", description="Stable, unique case id.")
    kind: Literal["answers", "comment"] = Field(description="An answers file or a comment.")
    input: Intake | str = Field(description="The answers (as in an answers file) or the text.")
    disposition: LevelName = Field(description="The disposition a clinician would give.")
    findings: tuple[tuple[str, ...], ...] = Field(
        (), description="Findings a physio would name; each entry lists acceptable ids."
    )
    never: tuple[str, ...] = Field(
        (), description=f"Exercise ids or tags that must not be recommended; {ANY_EXERCISE}."
    )
    rationale: str = Field(min_length=10, description="One line of clinical reasoning.")
    source: str = Field(description="Source id in knowledge_base/sources.yaml.")
    file: str = Field("", description="The case file it came from (set by the loader).")

    @field_validator("findings", mode="before")
    @classmethod
    def _single_ids_as_groups(cls, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return [[v] if isinstance(v, str) else v for v in value]
        return value


Outcome = Literal["agree", "under", "over", "error", "skipped"]


class CaseResult(BaseModel):
    model_config = _FROZEN
    id: str
    file: str
    kind: str
    expected: LevelName
    got: LevelName | None = None
    outcome: Outcome
    unsafe: tuple[str, ...] = Field((), description="Recommended exercises the case forbids.")
    missing_findings: tuple[tuple[str, ...], ...] = ()
    message: str | None = Field(None, description="The error or the reason it was skipped.")


class Summary(BaseModel):
    model_config = _FROZEN
    cases: int
    run: int = Field(description="Cases that ran (not skipped).")
    agree: int
    agreement: float = Field(description="Exact disposition agreement among cases that ran.")
    under_by_level: dict[LevelName, int] = Field(description="Under-triage by expected level.")
    over: int
    unsafe: int = Field(description="Cases with at least one forbidden recommendation.")
    errors: int
    skipped: int
    findings_named: int = Field(description="Cases in which every expected finding was named.")
    serious_under_triage: int = Field(description="Emergency or urgent cases under-triaged.")
    meets_bar: bool = Field(description="No serious under-triage, no unsafe advice, >= 90%.")
    failed: bool = Field(description="Serious under-triage or unsafe advice: exit 1.")


class Evaluation(BaseModel):
    model_config = _FROZEN
    summary: Summary
    results: tuple[CaseResult, ...]


AGREEMENT_BAR = 0.9
UNDER_LEVELS: tuple[LevelName, ...] = ("emergency", "urgent", "routine", "self_care")


def load_cases(paths: Iterable[str | Path]) -> tuple[Case, ...]:
    """Every case in the given files and folders; InvalidInput names the file, case and field."""
    cases: list[Case] = []
    seen: dict[str, str] = {}
    for path in _case_files(paths):
        for case in _load_file(path):
            if case.id in seen:
                raise InvalidInput(
                    f"{path}: {case.id}: duplicate case id (also in {seen[case.id]})"
                )
            seen[case.id] = str(path)
            cases.append(case)
    return tuple(cases)


def _case_files(paths: Iterable[str | Path]) -> list[Path]:
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix.lower() in CASE_SUFFIXES)
            if not found:
                raise InvalidInput(f"{path}: no case files (*.yaml, *.yml, *.json) in the folder.")
            files.extend(found)
        else:
            files.append(path)
    return files


def _load_file(path: Path) -> list[Case]:
    data = read_structured(path, InvalidInput)
    entries = data if isinstance(data, list) else [data]
    problems: list[str] = []
    cases = []
    for index, raw in enumerate(entries):
        label = raw.get("id", f"[{index}]") if isinstance(raw, dict) else f"[{index}]"
        name = f"{path}: {label}"
        if not isinstance(raw, dict):
            problems.append(f"{name}: expected a mapping with id, kind, input, disposition")
            continue
        raw = {**raw, "file": str(path)}
        if raw.get("kind") == "answers":
            try:
                raw["input"] = Intake.model_validate(raw.get("input"))
            except ValidationError as exc:
                problems.extend(describe_validation_error(name, exc, "input"))
                continue
        elif raw.get("kind") == "comment" and not isinstance(raw.get("input"), str):
            problems.append(f"{name}: input: expected the comment text for a comment case")
            continue
        try:
            cases.append(validate_model(Case, raw, name, InvalidInput))
        except InvalidInput as exc:
            problems.extend(exc.problems)
    if problems:
        raise InvalidInput(problems)
    return cases


def check_cases(cases: Iterable[Case], kb: KnowledgeBase) -> None:
    """Raise InvalidInput if a case forbids an exercise or tag the knowledge base lacks."""
    known = {*kb.exercises, *TAGS, ANY_EXERCISE}
    problems = [
        f"{case.file}: {case.id}: never: unknown exercise or tag {token!r}"
        for case in cases
        for token in case.never
        if token not in known
    ]
    if problems:
        raise InvalidInput(problems)


def comment_reader() -> tuple[Callable[[str], Any] | None, str]:
    """The comment triage function, if coach mode is installed; else None and why not."""
    try:
        module = importlib.import_module(".reading.reader", __package__)
    except ImportError as exc:
        return None, f"comment reader not available ({exc})"
    reader = getattr(module, "triage_comment", None)
    if reader is None:
        return None, "comment reader not available (no triage_comment in triage.text)"
    return reader, ""


def run_case(case: Case, kb: KnowledgeBase) -> CaseResult:
    """Triage one case and compare it with its expectations."""
    base = {"id": case.id, "file": case.file, "kind": case.kind, "expected": case.disposition}
    try:
        report = _triage_case(case, kb)
    except _Skipped as skip:
        return CaseResult(**base, outcome="skipped", message=str(skip))
    except StridewiseError as exc:
        return CaseResult(**base, outcome="error", message=str(exc))
    got = report.disposition.level
    named = {f.id for f in report.findings}
    return CaseResult(
        **base,
        got=got,
        outcome=_compare(case.disposition, got),
        unsafe=_unsafe(case, report),
        missing_findings=tuple(g for g in case.findings if not named.intersection(g)),
    )


class _Skipped(Exception):
    pass


def _triage_case(case: Case, kb: KnowledgeBase) -> Report:
    if isinstance(case.input, Intake):
        return triage(case.input, kb)
    reader, why_not = comment_reader()
    if reader is None:
        raise _Skipped(why_not)
    result = reader(case.input)
    # triage_comment returns the report, or (reading, report).
    found = [
        r for r in (result if isinstance(result, tuple) else (result,)) if isinstance(r, Report)
    ]
    if not found:
        raise StridewiseError(f"the comment reader returned no report for {case.id}")
    return found[0]


def _compare(expected: LevelName, got: LevelName) -> Outcome:
    diff = Level[got] - Level[expected]
    return "agree" if diff == 0 else "under" if diff < 0 else "over"


def _unsafe(case: Case, report: Report) -> tuple[str, ...]:
    never = set(case.never)
    return tuple(
        r.exercise
        for r in report.recommendations
        if ANY_EXERCISE in never or r.exercise in never or never.intersection(r.tags)
    )


def evaluate(cases: Iterable[Case], kb: KnowledgeBase | None = None) -> Evaluation:
    """Run every case and compute the suite's metrics."""
    kb = kb or default_knowledge_base()
    cases = tuple(cases)
    check_cases(cases, kb)
    results = tuple(run_case(case, kb) for case in cases)
    return Evaluation(summary=summarise(results), results=results)


def summarise(results: tuple[CaseResult, ...]) -> Summary:
    """The suite's metrics; an errored emergency or urgent case counts as under-triaged."""
    ran = [r for r in results if r.outcome != "skipped"]
    under: dict[LevelName, int] = dict.fromkeys(UNDER_LEVELS, 0)
    for r in ran:
        serious_error = r.outcome == "error" and Level[r.expected] >= Level.urgent
        if r.outcome == "under" or serious_error:
            under[r.expected] += 1
    agree = sum(r.outcome == "agree" for r in ran)
    agreement = agree / len(ran) if ran else 0.0
    serious = under["emergency"] + under["urgent"]
    unsafe = sum(bool(r.unsafe) for r in ran)
    return Summary(
        cases=len(results),
        run=len(ran),
        agree=agree,
        agreement=agreement,
        under_by_level=under,
        over=sum(r.outcome == "over" for r in ran),
        unsafe=unsafe,
        errors=sum(r.outcome == "error" for r in ran),
        skipped=len(results) - len(ran),
        findings_named=sum(r.got is not None and not r.missing_findings for r in ran),
        serious_under_triage=serious,
        meets_bar=bool(ran) and not serious and not unsafe and agreement >= AGREEMENT_BAR,
        failed=bool(serious or unsafe),
    )


def evaluate_paths(paths: Iterable[str | Path], kb: KnowledgeBase | None = None) -> Evaluation:
    """Load the case files and folders, then evaluate them: the one call behind `eval`."""
    return evaluate(load_cases(paths), kb)
