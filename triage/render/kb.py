"""Renders `kb lint`, `kb list`, `kb show` and `kb stats` results; it reads them and decides nothing."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..engine.kb_loader import default_root
from ..kb.lint import LintReport
from ..kb.view import (
    Detail,
    ExerciseDetail,
    ExerciseRow,
    FindingDetail,
    FindingRow,
    KbStats,
    RedFlagRow,
    Row,
    RuleDetail,
    RuleRef,
    RuleRow,
    SourceDetail,
)

_COLUMNS: dict[type, tuple[str, ...]] = {
    RuleRow: ("id", "stage", "title", "file"),
    RedFlagRow: ("id", "level", "timeframe", "title"),
    ExerciseRow: ("id", "name", "tags", "dosage"),
    FindingRow: ("id", "kind", "label", "concluded_by"),
}


def render_lint(report: LintReport, console: Console) -> None:
    """One line per problem, then a count; says when deeper checks were skipped."""
    for p in report.problems:
        style = "red" if p.severity == "error" else "yellow"
        console.print(Text(p.line(), style=style), soft_wrap=True)
    if not report.loaded:
        console.print(
            "The knowledge base did not load, so the checks that need it (reachability, "
            "exercises, findings, sources) were skipped: fix these problems and run again.",
            markup=False,
            soft_wrap=True,
        )
    errors, warnings = len(report.errors), len(report.warnings)
    where = "the shipped knowledge base" if Path(report.root) == default_root() else report.root
    if errors or warnings:
        console.print(f"{errors} error(s), {warnings} warning(s) in {where}", markup=False)
    else:
        console.print(f"No problems found in {where}", markup=False)


def _cell(value: object) -> str:
    if isinstance(value, tuple | list):
        return ", ".join(str(v) for v in value)
    return str(getattr(value, "value", value))


def render_rows(rows: Sequence[Row], title: str, console: Console) -> None:
    """A table with the columns that suit the kind of row."""
    table = Table(title=title, title_justify="left", show_lines=False)
    columns = _COLUMNS[type(rows[0])] if rows else ("id",)
    for name in columns:
        table.add_column(name.replace("_", " "), overflow="fold")
    for row in rows:
        table.add_row(*(_cell(getattr(row, name)) for name in columns))
    console.print(table)


def _refs(refs: Sequence[RuleRef]) -> str:
    return "; ".join(f"{r.id} ({r.title})" for r in refs) or "none"


def _field(console: Console, label: str, value: str) -> None:
    console.print(Text.assemble((f"{label}: ", "bold"), value), soft_wrap=False)


def _rule_list(console: Console, label: str, refs: Sequence[RuleRef]) -> None:
    """Inline for none or one rule; one rule per line for more."""
    if len(refs) < 2:
        _field(console, label, _refs(refs))
        return
    console.print(Text(f"{label}:", style="bold"))
    for r in refs:
        console.print(Text(f"  - {r.id} ({r.title})"))


def render_detail(detail: Detail, console: Console) -> None:
    """The full entry, with the cross-references a reviewer needs."""
    if isinstance(detail, RuleDetail):
        _rule(detail, console)
    elif isinstance(detail, ExerciseDetail):
        _exercise(detail, console)
    elif isinstance(detail, FindingDetail):
        _finding(detail, console)
    else:
        _source(detail, console)


def _rule(d: RuleDetail, console: Console) -> None:
    console.print(Text(f"{d.id}  {d.title}", style="bold"))
    _field(console, "stage", f"{d.stage.value}   file: {d.file}")
    if d.aliases:
        _field(console, "aliases", ", ".join(d.aliases))
    for name in ("all", "any", "none"):
        value = getattr(d.when, name)
        if value:
            text = (
                " | ".join(f"[{', '.join(g)}]" for g in value)
                if name == "any"
                else ", ".join(value)
            )
            _field(console, f"when {name}", text)
    then = d.then
    if then.findings:
        _field(console, "then findings", ", ".join(then.findings))
    if then.disposition:
        dsp = then.disposition
        timeframe = f", {dsp.timeframe}" if dsp.timeframe else ""
        _field(console, "then disposition", f"{dsp.level}{timeframe}: {dsp.do_now}")
    if d.recommends:
        _field(console, "recommends", "; ".join(f"{e.id} ({e.name})" for e in d.recommends))
    if d.blocks_all:
        _field(console, "blocks", "all exercises")
    elif d.blocks:
        _field(console, "blocks", "; ".join(f"{e.id} ({e.name})" for e in d.blocks))
    if then.block:
        _field(console, "block reason", then.block.reason)
    _field(console, "rationale", d.rationale)
    _field(console, "source", f"{d.source.id}: {d.source.title}. {d.source.citation}")
    _field(console, "fires on", " | ".join(_example(e) for e in d.examples.fires))
    _field(console, "silent on", " | ".join(_example(e) for e in d.examples.silent))


def _example(example: dict[str, bool]) -> str:
    return ", ".join(atom if value else f"not {atom}" for atom, value in example.items())


def _exercise(d: ExerciseDetail, console: Console) -> None:
    e = d.exercise
    console.print(Text(f"{e.id}  {e.name}", style="bold"))
    _field(console, "tags", ", ".join(e.tags))
    _field(console, "equipment", ", ".join(e.equipment) or "none")
    _field(console, "description", e.description)
    _field(console, "dosage", d.dosage)
    if d.off_season_dosage:
        _field(console, "off-season dosage", d.off_season_dosage)
    for cue in e.cues:
        _field(console, "cue", cue)
    _field(console, "progression", e.progression)
    _field(console, "regression", e.regression)
    for c in d.contraindications:
        _field(console, "contraindication", f"{c.atom}, enforced by {_refs(c.enforced_by)}")
    _rule_list(console, "recommended by", d.recommended_by)
    _rule_list(console, "held back by", d.held_back_by)
    _field(console, "source", f"{d.source.id}: {d.source.title}. {d.source.citation}")


def _finding(d: FindingDetail, console: Console) -> None:
    f = d.finding
    console.print(Text(f"{f.id}  {f.label}", style="bold"))
    _field(console, "kind", f.kind)
    _field(console, "summary", f.summary)
    _rule_list(console, "concluded by", d.concluded_by)
    for follow in d.followed_by:
        does = []
        if follow.recommends:
            does.append("recommends " + ", ".join(follow.recommends))
        if follow.level:
            does.append(f"sets {follow.level}")
        if follow.blocks_all:
            does.append("holds back all exercises")
        _field(
            console,
            f"then {follow.rule.id}",
            f"{follow.rule.title}: {'; '.join(does) or 'blocks exercises'}",
        )
    if not d.followed_by:
        _field(console, "then", "no rule uses this finding")
    _field(console, "source", f"{d.source.id}: {d.source.title}. {d.source.citation}")


def _source(d: SourceDetail, console: Console) -> None:
    s = d.source
    console.print(Text(f"{s.id}  {s.title}", style="bold"))
    _field(console, "kind", s.kind)
    _field(console, "citation", s.citation)
    if s.file:
        _field(console, "seed file", s.file)
    _field(console, "cited by", ", ".join(d.cited_by) or "nothing")


def stats_markdown(stats: KbStats) -> str:
    """The size table as Markdown, ready for the README."""
    lines = ["| knowledge base | count |", "| --- | ---: |"]
    lines += [f"| {label} | {count} |" for label, count in stats.rows()]
    return "\n".join(lines) + "\n"
