"""Renders a Report for the terminal with rich. It only reads the report; it decides nothing."""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.text import Text

from ..engine.kb_models import KnowledgeBase
from ..engine.pipeline import default_knowledge_base
from ..engine.report import Report
from ..explain.explainer import why_lines

LEVEL_STYLE = {
    "emergency": "bold white on red",
    "urgent": "bold red",
    "routine": "bold yellow",
    "self_care": "bold green",
    "none": "bold",
}


def render_report(
    report: Report, console: Console, title: str | None = None, kb: KnowledgeBase | None = None
) -> None:
    """Disposition and what to do now first, then findings, exercises, what was held back.

    `kb` is the knowledge base the report came from (default: the shipped one); the "Why" lines
    are left out when the report was built from another knowledge base.
    """
    kb = kb or default_knowledge_base()
    why = why_lines(report, kb) if kb.sha256 == report.knowledge_base.sha256 else {}
    d = report.disposition
    head = Text()
    head.append(f"{d.label}", style=LEVEL_STYLE[d.level])
    if d.timeframe and d.level != "none":
        head.append(f"  ({d.timeframe})")
    body = [head, Text(d.do_now)]
    if len(d.reasons) > 1:
        body.append(Text("Also noted: " + "; ".join(r.title for r in d.reasons[1:]), style="dim"))
    console.print(Panel(Group(*body), title=title or "What to do now", title_align="left"))

    if report.findings:
        console.print(Text("Possible findings", style="bold underline"))
        for f in report.findings:
            console.print(Text.assemble(("- ", ""), (f.label, "bold"), f": {f.summary}"))
        console.print()

    if report.recommendations:
        console.print(Text("Starting exercises", style="bold underline"))
        for r in report.recommendations:
            console.print(Text.assemble(("- ", ""), (r.name, "bold"), f"  [{', '.join(r.tags)}]"))
            console.print(Text(f"    Dose: {r.dosage.text}"))
            if r.exercise in why:
                console.print(Text(f"    Why: {why[r.exercise]}"))
            for cue in r.cues[:2]:
                console.print(Text(f"    Cue: {cue}", style="dim"))
            console.print(Text(f"    Next step: {r.progression}", style="dim"))
        for note in report.notes:
            console.print(Text(f"Note: {note}", style="italic"))
        console.print()

    if report.all_exercises_held_by or report.blocked:
        console.print(Text("Held back", style="bold underline"))
        if report.all_exercises_held_by:
            console.print(
                Text(
                    "All exercise advice is held back until you have been seen "
                    f"({', '.join(report.all_exercises_held_by)}).",
                    style="bold",
                )
            )
        # One line per blocking rule: the same reason repeated per exercise reads as noise.
        # Under a red flag nothing else is on offer, so the itemised list (kept in the JSON)
        # would only bury the one line that matters.
        groups: dict[tuple[str, str], list] = {}
        for b in () if report.all_exercises_held_by else report.blocked:
            groups.setdefault((b.by, b.reason), []).append(b)
        for (rule, reason), items in groups.items():
            names = ", ".join(b.name for b in items)
            console.print(Text.assemble(("- ", ""), (names, "bold"), f": {reason} ({rule})"))
            for line in dict.fromkeys(why[b.exercise] for b in items if b.exercise in why):
                console.print(Text(f"    Why: {line}"))
        console.print()

    console.print(Text(report.notice, style="italic dim"))
