"""For WHY NOT: which rules could conclude an item, and which of their conditions these answers miss.

Re-checks rule conditions against the atoms an intake supports; it never runs the engine.
"""

from __future__ import annotations

from collections import defaultdict

from ..engine.crosscheck import (
    DISPOSITION_GIVEN,
    FINDING_CONCLUDED,
    URGENT_ADVICE_GIVEN,
    gives_urgent_advice,
    is_general,
)
from ..engine.kb_models import KnowledgeBase, RuleSpec
from ..engine.report import Report
from ..engine.signals import GENERAL, derive_signals
from .models import Unmet, describe_atom, join

Present = dict[str, frozenset[str]]


def present_atoms(report: Report, kb: KnowledgeBase) -> Present:
    """Atoms that hold, by scope: every signal of the intake, every finding reported, and the
    engine's own atoms."""
    found: dict[str, set[str]] = defaultdict(set)
    for signal in derive_signals(report.intake):
        found[signal.scope].add(signal.name)
    for finding in report.findings:
        found[finding.complaint] |= {finding.id, FINDING_CONCLUDED}
    if report.disposition.reasons:
        found[GENERAL].add(DISPOSITION_GIVEN)
    if any(gives_urgent_advice(kb.rules[r.rule].then) for r in report.disposition.reasons):
        found[GENERAL].add(URGENT_ADVICE_GIVEN)
    out = {scope: frozenset(atoms) for scope, atoms in found.items()}
    out.setdefault(GENERAL, frozenset())
    return out


def concluding_rules(kb: KnowledgeBase, kind: str, item_id: str) -> list[RuleSpec]:
    """Rules that conclude a finding, give a disposition level or put an exercise forward."""

    def concludes(rule: RuleSpec) -> bool:
        then = rule.then
        if kind == "finding":
            return item_id in then.findings
        if kind == "disposition":
            return then.disposition is not None and then.disposition.level == item_id
        return item_id in then.recommend

    return sorted((r for r in kb.rules.values() if concludes(r)), key=lambda r: r.id)


def unmet(kb: KnowledgeBase, rule: RuleSpec, present: Present, depth: int = 0) -> Unmet:
    """The rule's failed conditions, against the complaint (or general scope) it comes closest in."""
    complaint_scopes = sorted(s for s in present if s != GENERAL)
    scopes = complaint_scopes or ["c0"]
    if all(is_general(a) for a in rule.when.atoms()):
        scopes = [GENERAL, *complaint_scopes]
    results = [_check(kb, rule, present, scope) for scope in scopes]
    best = min(results, key=lambda u: len(u.missing) + len(u.missing_any) + len(u.present_none))
    if depth <= 0:
        return best
    wanted = [*best.missing, *(a for group in best.missing_any for a in group)]
    deeper = tuple(
        _for_finding(kb, finding, unmet(kb, r, present, depth - 1))
        for finding in dict.fromkeys(a for a in wanted if a in kb.findings)
        for r in concluding_rules(kb, "finding", finding)
    )
    return best.model_copy(update={"deeper": deeper})


def _for_finding(kb: KnowledgeBase, finding: str, failed: Unmet) -> Unmet:
    """Say which missing finding a deeper rule was checked for."""
    return failed.model_copy(update={"plain": f"For {describe_atom(kb, finding)}, {failed.plain}"})


def _check(kb: KnowledgeBase, rule: RuleSpec, present: Present, scope: str) -> Unmet:
    here = present.get(scope, frozenset()) | present.get(GENERAL, frozenset())

    def holds(atom: str) -> bool:
        return atom in here

    when = rule.when
    missing = tuple(a for a in when.all if not holds(a))
    missing_any = tuple(g for g in when.any if not any(holds(a) for a in g))
    present_none = tuple(a for a in when.none if holds(a))
    return Unmet(
        rule=rule.id,
        title=rule.title,
        scope=scope,
        missing=missing,
        missing_any=missing_any,
        present_none=present_none,
        plain=_plain(kb, rule, missing, missing_any, present_none),
    )


def _plain(kb, rule, missing, missing_any, present_none) -> str:
    needs = [describe_atom(kb, a) for a in missing]
    needs += ["one of " + join([describe_atom(kb, a) for a in g], "or") for g in missing_any]
    parts = []
    if needs:
        parts.append(f'"{rule.title}" needs {join(needs)}, which these answers do not show')
    if present_none:
        reported = join([describe_atom(kb, a) for a in present_none])
        lead = ", and it" if parts else f'"{rule.title}"'
        parts.append(f"{lead} is ruled out by {reported}")
    if not parts:
        return f'"{rule.title}" has every condition met by these answers'
    return " ".join(parts).replace(" , and", ", and") + "."
