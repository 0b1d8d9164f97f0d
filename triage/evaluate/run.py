"""Runs cases and measures triage against what a clinician expected, then holds the run
against the list of known misses. Comments go through the path of `stridewise reply`
(read, then triage what the comment affirms), read in one pass of the language pipeline.

Pure: it never prints. Expectations come from the case files alone, so a suite can disagree
with the knowledge base, which is its point.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, computed_field

from ..engine.kb_models import KnowledgeBase, Level, LevelName
from ..engine.pipeline import default_knowledge_base, triage
from ..engine.report import Report
from ..errors import InvalidInput, StridewiseError
from .cases import ANY_EXERCISE, Case, check_cases, forbidden, load_cases
from .known_misses import (
    FILE_NAME,
    KnownMiss,
    Ratchet,
    compare,
    dump_list,
    find_list,
    load_list,
    updated_list,
)
from .results import CaseResult, Group, Outcome, Summary, groups, summarise

_FROZEN = ConfigDict(extra="forbid", frozen=True)


class Evaluation(BaseModel):
    model_config = _FROZEN
    summary: Summary
    groups: tuple[Group, ...]
    results: tuple[CaseResult, ...]
    ratchet: Ratchet

    @computed_field  # type: ignore[prop-decorator]
    @property
    def failed(self) -> bool:
        """Any error, or a serious miss not listed, or a listed case that now passes."""
        return bool(self.summary.errors) or self.ratchet.failed


class _Skipped(Exception):
    pass


def comment_reader() -> tuple[Callable[..., Any] | None, str]:
    """The batch comment reader (`read_comments`), if installed; else None and why not."""
    try:
        module = importlib.import_module("..reading.reader", __package__)
    except ImportError as exc:
        return None, f"comment reader not available ({exc})"
    return module.read_comments, ""


def evaluate(
    cases: Iterable[Case],
    kb: KnowledgeBase | None = None,
    known: Sequence[KnownMiss] = (),
    known_file: str | None = None,
) -> Evaluation:
    """Run every case, compute the metrics overall and per set and split, and compare the
    serious misses with the known ones."""
    kb = kb or default_knowledge_base()
    cases = tuple(cases)
    check_cases(cases, kb)
    reports = _comment_reports([c for c in cases if c.kind == "comment"], kb)
    results = tuple(
        _result(case, reports[case.id] if case.kind == "comment" else _answers(case, kb))
        for case in cases
    )
    return Evaluation(
        summary=summarise(results),
        groups=groups(results),
        results=results,
        ratchet=compare(results, known, known_file),
    )


def evaluate_paths(paths: Iterable[str | Path], kb: KnowledgeBase | None = None) -> Evaluation:
    """Load the case files and folders (and their known misses), then evaluate: `eval`."""
    paths = list(paths)
    listed = find_list(paths)
    known = load_list(listed) if listed else ()
    return evaluate(load_cases(paths), kb, known, str(listed) if listed else None)


def update_known_misses(paths: Iterable[str | Path], kb: KnowledgeBase | None = None) -> Evaluation:
    """Run, then rewrite the known-misses file beside the cases: fixed entries dropped, new
    serious misses added for a person to explain, every written `why` kept."""
    paths = list(paths)
    listed = find_list(paths)
    if listed is None:
        raise InvalidInput(
            f"no {FILE_NAME} in the evaluation folder; create one holding `[]` to start a list."
        )
    evaluation = evaluate_paths(paths, kb)
    entries = updated_list(evaluation.results, load_list(listed))
    try:
        listed.write_text(dump_list(entries), encoding="utf-8")
    except OSError as exc:
        raise InvalidInput(f"{listed}: cannot write the list ({exc.strerror or exc}).") from None
    ratchet = compare(evaluation.results, entries, str(listed))
    return evaluation.model_copy(update={"ratchet": ratchet})


def run_case(case: Case, kb: KnowledgeBase) -> CaseResult:
    """Triage one case and compare it with its expectations."""
    if case.kind == "answers":
        return _result(case, _answers(case, kb))
    return _result(case, _comment_reports([case], kb)[case.id])


def _answers(case: Case, kb: KnowledgeBase) -> Report | Exception:
    try:
        return triage(case.input, kb)  # type: ignore[arg-type]
    except StridewiseError as exc:
        return exc


def _comment_reports(cases: list[Case], kb: KnowledgeBase) -> dict[str, Report | Exception]:
    """One language-pipeline pass for all comments; if it fails, one comment at a time."""
    if not cases:
        return {}
    read, why_not = comment_reader()
    if read is None:
        return {c.id: _Skipped(why_not) for c in cases}
    try:
        readings = list(read([str(c.input) for c in cases], kb))
    except StridewiseError:
        return {c.id: _one_comment(read, c, kb) for c in cases}
    return {
        c.id: triage(r.intake, kb, quotes=r.quotes) for c, r in zip(cases, readings, strict=True)
    }


def _one_comment(read: Callable[..., Any], case: Case, kb: KnowledgeBase) -> Report | Exception:
    try:
        reading = next(read([str(case.input)], kb))
        return triage(reading.intake, kb, quotes=reading.quotes)
    except StridewiseError as exc:
        return exc


def _result(case: Case, report: Report | Exception) -> CaseResult:
    base = {
        "id": case.id,
        "file": case.file,
        "split": case.split,
        "kind": case.kind,
        "expected": case.disposition,
    }
    if isinstance(report, _Skipped):
        return CaseResult(**base, outcome="skipped", message=str(report))
    if isinstance(report, Exception):
        return CaseResult(**base, outcome="error", message=str(report))
    got = report.disposition.level
    named = {f.id for f in report.findings}
    return CaseResult(
        **base,
        got=got,
        outcome=_compare(case.disposition, got),
        unsafe=_unsafe(case, report),
        missing_findings=tuple(g for g in case.findings if not named.intersection(g)),
    )


def _compare(expected: LevelName, got: LevelName) -> Outcome:
    diff = Level[got] - Level[expected]
    return "agree" if diff == 0 else "under" if diff < 0 else "over"


def _unsafe(case: Case, report: Report) -> tuple[str, ...]:
    never = forbidden(case)
    return tuple(
        r.exercise
        for r in report.recommendations
        if ANY_EXERCISE in never or r.exercise in never or never.intersection(r.tags)
    )
