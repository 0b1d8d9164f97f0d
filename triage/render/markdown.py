"""Renders a Report with its explanations as Markdown, to paste into an email or a blog reply.

It only reads the report and the explanations; the wording of every Why comes from explain.
"""

from __future__ import annotations

import re

from ..engine.kb_models import KnowledgeBase
from ..engine.report import Report
from ..explain.explainer import how, why_lines

_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def _md(text: str) -> str:
    """Escape the characters Markdown would read as formatting."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def report_markdown(report: Report, kb: KnowledgeBase) -> str:
    """Disposition first, then findings, exercises with dosage, what was held back, the notice."""
    d = report.disposition
    when = f" ({_md(d.timeframe)})" if d.timeframe and d.level != "none" else ""
    out = [f"## {_md(d.label)}{when}", "", _md(d.do_now), ""]
    if d.reasons:
        out += [f"*Why:* {_md(how(report, kb, d.level).summary)}", ""]
    if len(d.reasons) > 1:
        also = "; ".join(r.title for r in d.reasons[1:])
        out += [f"Also noted: {_md(also)}", ""]
    if report.findings:
        out += ["### Possible findings", ""]
        for f in report.findings:
            out.append(f"- **{_md(f.label)}**: {_md(f.summary)}")
            out.append(f"  - *Why:* {_md(how(report, kb, f.id).summary)}")
        out.append("")
    why = why_lines(report, kb)
    if report.recommendations:
        out += ["### Starting exercises", ""]
        for r in report.recommendations:
            out.append(f"- **{_md(r.name)}** ({_md(', '.join(r.tags))}): {_md(r.dosage.text)}")
            out.append(f"  - How: {_md(r.description)}")
            out.append(f"  - Next step: {_md(r.progression)}")
            out.append(f"  - *Why:* {_md(why[r.exercise])}")
        out.append("")
        for note in report.notes:
            out += [f"*Note:* {_md(note)}", ""]
    if report.all_exercises_held_by or report.blocked:
        out += ["### Held back", ""]
        if report.all_exercises_held_by:
            out += ["**All exercise advice is held back until you have been seen.**", ""]
        for b in () if report.all_exercises_held_by else report.blocked:
            out.append(f"- **{_md(b.name)}**: {_md(b.reason)}")
            title = kb.rules[b.by].title
            out.append(f"  - *Why:* {_md(why[b.exercise])} ({_md(title)}, {b.by})")
        out.append("")
    out += ["---", "", f"*{_md(report.notice)}*", ""]
    return "\n".join(out)
