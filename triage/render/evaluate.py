"""Renders a case-suite Evaluation as rich tables. It only reads the evaluation."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from ..evaluate import AGREEMENT_BAR, CaseResult, Evaluation

_LABELS = {
    "emergency": "Emergency",
    "urgent": "Urgent",
    "routine": "Routine",
    "self_care": "Self-care",
}


def render_evaluation(evaluation: Evaluation, console: Console) -> None:
    """The metrics table first, then every case that missed, most serious first."""
    s = evaluation.summary
    table = Table(title="Clinical case suite", title_justify="left")
    table.add_column("Measure")
    table.add_column("Result", justify="right")
    table.add_column("Bar")
    table.add_row("Cases run", f"{s.run} of {s.cases}", "")
    table.add_row(
        "Exact disposition agreement",
        f"{s.agree}/{s.run} ({s.agreement:.0%})",
        f">= {AGREEMENT_BAR:.0%}",
    )
    for level, count in s.under_by_level.items():
        bar = "0" if level in ("emergency", "urgent") else ""
        table.add_row(f"Under-triage, expected {_LABELS[level]}", str(count), bar)
    table.add_row("Over-triage", str(s.over), "")
    table.add_row("Unsafe recommendations", str(s.unsafe), "0")
    table.add_row("Errors", str(s.errors), "")
    table.add_row("Skipped", str(s.skipped), "")
    table.add_row("All expected findings named", f"{s.findings_named}/{s.run}", "")
    console.print(table)
    verdict = "meets the bar" if s.meets_bar else "does NOT meet the bar"
    console.print(f"Result: {verdict}.")
    misses = sorted(
        (r for r in evaluation.results if _is_miss(r)), key=lambda r: (_rank(r), r.file, r.id)
    )
    if misses:
        cases = Table(title="Cases that missed", title_justify="left")
        for column in ("Case", "Expected", "Got", "Problem"):
            cases.add_column(column, overflow="fold")
        for r in misses:
            cases.add_row(r.id, r.expected, r.got or "-", _problem(r))
        console.print(cases)


def _is_miss(r: CaseResult) -> bool:
    return r.outcome != "agree" or bool(r.unsafe) or bool(r.missing_findings)


def _rank(r: CaseResult) -> int:
    if r.unsafe or (r.outcome in ("under", "error") and r.expected in ("emergency", "urgent")):
        return 0
    return {"under": 1, "error": 2, "over": 3, "skipped": 5}.get(r.outcome, 4)


def _problem(r: CaseResult) -> str:
    parts = []
    if r.outcome in ("under", "over"):
        parts.append(f"{r.outcome}-triage")
    if r.message:
        parts.append(f"{r.outcome}: {r.message.splitlines()[0]}")
    if r.unsafe:
        parts.append("unsafe: " + ", ".join(r.unsafe))
    if r.missing_findings:
        parts.append("not named: " + "; ".join(_alternatives(g) for g in r.missing_findings))
    return "; ".join(parts)


def _alternatives(group: tuple[str, ...]) -> str:
    return group[0] if len(group) == 1 else f"{group[0]} (or {len(group) - 1} more)"
