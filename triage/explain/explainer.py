"""HOW, WHY and WHY NOT: pure functions over a Report and the KnowledgeBase.

Explanations come from the recorded trace and the rules as data, never from a log line;
they decide nothing clinical and run no rules.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..engine.crosscheck import URGENT_ADVICE_GIVEN, gives_urgent_advice, suggest
from ..engine.intake import Intake
from ..engine.kb_models import KnowledgeBase, Level, RuleSpec
from ..engine.pipeline import triage
from ..engine.report import Report, TraceStep
from ..errors import InvalidInput
from .models import (
    AnswerRef,
    Explanation,
    Node,
    RuleRef,
    answer_ref,
    concludes,
    describe_atom,
    join,
    lower_first,
    sentence,
)
from .unmet import concluding_rules, present_atoms, unmet
from .why_asked import why_asked

__all__ = ["derivation", "explain", "how", "why_asked", "why_lines", "why_not"]


def explain(
    intake: Intake | None,
    kb: KnowledgeBase,
    *,
    comment: str | None = None,
    how_id: str | None = None,
    why_question: str | None = None,
    why_not_id: str | None = None,
) -> Explanation:
    """One entry point for `stridewise explain`: at most one question; none gives the whole HOW.

    The runner's case is an intake (answers) or a reader's comment, whose words HOW then quotes.
    """
    asked = [
        name
        for name, v in (("--how", how_id), ("--why", why_question), ("--why-not", why_not_id))
        if v
    ]
    if len(asked) > 1:
        raise InvalidInput(f"ask one thing at a time: {', '.join(asked)} were all given")
    if why_question:
        return why_asked(kb, why_question)
    if (intake is None) == (comment is None):
        raise InvalidInput("give one answers file (--answers) or one comment (--comment)")
    if comment is not None:
        from ..reading.reader import triage_comment

        report = triage_comment(comment, kb)[1]
    else:
        report = triage(intake, kb)
    if how_id:
        return how(report, kb, how_id)
    if why_not_id:
        return why_not(report, kb, why_not_id)
    return derivation(report, kb)


# HOW ---------------------------------------------------------------------------------------


def how(report: Report, kb: KnowledgeBase, item_id: str) -> Explanation:
    """HOW: the rule firings behind a finding, disposition level or exercise, down to answers."""
    node = _item_node(report, kb, item_id)
    if node is None:
        known = _known_ids(kb)
        if item_id in known:
            raise InvalidInput(
                f"{item_id!r} is not in this report; ask why not instead (--why-not {item_id})"
            )
        raise InvalidInput(
            f"nothing in the knowledge base is called {item_id!r}{suggest(item_id, known)}"
        )
    return _explanation("how", item_id, node.text, (node,), kb)


def derivation(report: Report, kb: KnowledgeBase) -> Explanation:
    """HOW for the whole report: the disposition, each finding, exercise and held-back exercise."""
    ids = [
        report.disposition.level,
        *dict.fromkeys(f.id for f in report.findings),
        *(r.exercise for r in report.recommendations),
        *(b.exercise for b in report.blocked),
    ]
    nodes = tuple(n for n in (_item_node(report, kb, i) for i in ids) if n is not None)
    summary = (
        f'The advice is "{report.disposition.label}". Below is each step from your answers '
        "to every part of the report."
    )
    return _explanation("derivation", "report", summary, nodes, kb)


def why_lines(report: Report, kb: KnowledgeBase) -> dict[str, str]:
    """A short "Why" for each recommended and held-back exercise, by exercise id."""
    out = {}
    for r in report.recommendations:
        steps = _steps(report, kb, lambda rule, r=r: r.exercise in rule.then.recommend)
        findings = _findings_matched(kb, steps)
        out[r.exercise] = (
            f"for {join(findings)}" if findings else _because_phrase(report, kb, steps)
        )
    for b in report.blocked:
        facts = join([describe_atom(kb, f.split("@")[0]) for f in b.triggered_by])
        out[b.exercise] = f"because of {facts}" if facts else kb.rules[b.by].title
    return out


def _known_ids(kb: KnowledgeBase) -> list[str]:
    return sorted({*kb.exercises, *kb.findings, *Level.__members__, "disposition"})


def _item_node(report: Report, kb: KnowledgeBase, item_id: str) -> Node | None:
    reasons = {r.rule for r in report.disposition.reasons}
    if item_id == "disposition":
        item_id = report.disposition.level
    if item_id in Level.__members__ and any(r.level == item_id for r in report.disposition.reasons):
        steps = _steps(
            report,
            kb,
            lambda rule: rule.id in reasons and rule.then.disposition.level == item_id,
        )
        label = kb.meta.dispositions[item_id].label
        won = item_id == report.disposition.level
        lead = f'The advice is "{label}"' if won else f'"{label}" was also considered'
        return _node(report, kb, lead, steps)
    findings = [f for f in report.findings if f.id == item_id]
    if findings:
        scopes = {f.complaint for f in findings}
        because = {rule for f in findings for rule in f.because}
        steps = _steps(
            report, kb, lambda rule: rule.id in because and item_id in rule.then.findings, scopes
        )
        return _node(report, kb, f"I noted {lower_first(findings[0].label)}", steps)
    for r in report.recommendations:
        if r.exercise == item_id:
            steps = _steps(report, kb, lambda rule: item_id in rule.then.recommend)
            findings = _findings_matched(kb, steps)
            lead = f"I suggest {r.name}" + (f" for {join(findings)}" if findings else "")
            return _node(report, kb, lead, steps)
    for b in report.blocked:
        if b.exercise == item_id:
            by = {b.by, *b.also_by}
            put_forward = _steps(report, kb, lambda rule: item_id in rule.then.recommend)
            blocking = _steps(
                report, kb, lambda rule, by=by: rule.id in by and _blocks(kb, rule, item_id)
            )
            return _node(report, kb, f"I held back {b.name}", [*put_forward, *blocking])
    return None


def _findings_matched(kb: KnowledgeBase, steps: list[TraceStep]) -> list[str]:
    """Labels of the findings a set of firings matched, in order, once each."""
    atoms = [m.fact.split("@")[0] for s in steps for m in s.matched if m.kind == "finding"]
    return [describe_atom(kb, a) for a in dict.fromkeys(atoms)]


def _blocks(kb: KnowledgeBase, rule: RuleSpec, exercise_id: str) -> bool:
    block = rule.then.block
    if block is None:
        return False
    tags = set(kb.exercises[exercise_id].tags)
    return block.all_exercises or exercise_id in block.exercises or bool(tags & set(block.tags))


def _step_scope(step: TraceStep) -> str:
    scopes = {m.fact.split("@")[1] for m in step.matched} - {"general"}
    return min(scopes) if scopes else "general"


def _steps(report: Report, kb: KnowledgeBase, wanted, scopes=None) -> list[TraceStep]:
    return [
        s
        for s in report.trace
        if wanted(kb.rules[s.rule]) and (scopes is None or _step_scope(s) in scopes)
    ]


def _node(report: Report, kb: KnowledgeBase, lead: str, steps: list[TraceStep]) -> Node:
    children = tuple(_rule_node(report, kb, s) for s in steps)
    text = f"{lead} because {_because_phrase(report, kb, steps)}."
    return Node(kind="item", text=text, children=children)


def _because_phrase(report: Report, kb: KnowledgeBase, steps: list[TraceStep]) -> str:
    """The answers a set of firings rests on, as one phrase."""
    atoms = []
    for step in steps:
        for node in _walk(_rule_node(report, kb, step)):
            if node.kind == "fact" and node.children and node.children[0].kind == "answer":
                atoms.append(node.text)
    if atoms:
        return "you reported " + join(list(dict.fromkeys(atoms)))
    absent = [describe_atom(kb, a) for s in steps for a in kb.rules[s.rule].when.none]
    return "none of these applies: " + join(list(dict.fromkeys(absent)), "or")


def _gave_advice(rule: RuleSpec, atom: str) -> bool:
    """Whether `rule` gave the advice an engine atom stands for."""
    if atom == URGENT_ADVICE_GIVEN:
        return gives_urgent_advice(rule.then)
    return rule.then.disposition is not None


def _rule_node(report: Report, kb: KnowledgeBase, step: TraceStep) -> Node:
    rule = kb.rules[step.rule]
    children = []
    for matched in step.matched:
        atom = matched.fact.split("@")[0]
        if matched.kind == "signal":
            below = tuple(
                Node(kind="answer", text=a.plain, answer=a)
                for a in (answer_ref(kb, e) for e in matched.evidence)
            )
        elif matched.kind == "finding":
            first = matched.from_step
            below = (_rule_node(report, kb, report.trace[first - 1]),) if first else ()
        else:  # an engine atom: it rests on the rules that gave (urgent) advice before
            below = tuple(
                _rule_node(report, kb, s)
                for s in report.trace
                if s.step < step.step and _gave_advice(kb.rules[s.rule], atom)
            )
        children.append(
            Node(kind="fact", text=describe_atom(kb, atom), fact=matched.fact, children=below)
        )
    return Node(
        kind="rule",
        text=f'"{rule.title}" can {concludes(kb, rule)}',
        rule=rule.id,
        step=step.step,
        absent=rule.when.none,
        children=tuple(children),
    )


def _walk(node: Node) -> Iterator[Node]:
    yield node
    for child in node.children:
        yield from _walk(child)


def _explanation(kind, subject: str, summary: str, tree: tuple[Node, ...], kb) -> Explanation:
    nodes = [n for root in tree for n in _walk(root)]
    answers: list[AnswerRef] = list(dict.fromkeys(n.answer for n in nodes if n.answer))
    rules = sorted({n.rule for n in nodes if n.rule})
    return Explanation(
        kind=kind,
        subject=subject,
        summary=summary,
        lines=tuple(dict.fromkeys(n.text + "." for n in nodes if n.kind == "rule")),
        rules=tuple(rules),
        facts=tuple(sorted({n.fact for n in nodes if n.fact})),
        answers=tuple(answers),
        rule_refs=tuple(
            RuleRef(
                rule=r,
                title=kb.rules[r].title,
                stage=kb.rules[r].stage.value,
                concludes=concludes(kb, kb.rules[r]),
                role="blocked" if kb.rules[r].then.block else "concluded",
            )
            for r in rules
        ),
        tree=tree,
    )


# WHY NOT -----------------------------------------------------------------------------------


def why_not(report: Report, kb: KnowledgeBase, item_id: str) -> Explanation:
    """WHY NOT: the safety rule that held an item back, the conditions these answers missed,
    or that nothing in the knowledge base concludes it."""
    kind = _kind(kb, item_id)
    node = _item_node(report, kb, item_id)
    name = _name(kb, kind, item_id)
    blocked = next((b for b in report.blocked if b.exercise == item_id), None)
    if blocked is not None:
        return _held_back(report, kb, item_id, name, blocked.reason, node)
    if node is not None:
        lead = (
            f'{name} is in this report, but "{report.disposition.label}" is more urgent and wins'
            if kind == "disposition" and item_id != report.disposition.level
            else f"{name} is in this report"
        )
        return _explanation("why_not", item_id, f"{lead}: {lower_first(node.text)}", (node,), kb)
    missed = _not_concluded(report, kb, kind, item_id, name)
    if kind != "exercise" or not report.all_exercises_held_by:
        return missed
    red_flag = kb.rules[report.all_exercises_held_by[0]].then.block
    held = _held_back(report, kb, item_id, name, red_flag.reason, None)
    return held.model_copy(
        update={
            "lines": tuple(dict.fromkeys([*held.lines, missed.summary, *missed.lines])),
            "rules": tuple(sorted({*held.rules, *missed.rules})),
            "facts": tuple(sorted({*held.facts, *missed.facts})),
            "unmet": missed.unmet,
        }
    )


def _not_concluded(report: Report, kb: KnowledgeBase, kind: str, item_id: str, name: str):
    """The rules that could have concluded the item, and the conditions these answers miss."""
    rules = concluding_rules(kb, kind, item_id)
    if not rules:
        return Explanation(
            kind="why_not",
            subject=item_id,
            summary=f"Nothing in the knowledge base concludes {name}, so no answers could lead to it.",
        )
    present = present_atoms(report, kb)
    unmet_rules = tuple(unmet(kb, r, present, depth=1 if kind == "exercise" else 0) for r in rules)
    closest = min(
        unmet_rules, key=lambda u: len(u.missing) + len(u.missing_any) + len(u.present_none)
    )
    everything = [*unmet_rules, *(d for u in unmet_rules for d in u.deeper)]
    atoms = {a for u in everything for a in (*u.missing, *u.present_none)}
    atoms |= {a for u in everything for g in u.missing_any for a in g}
    lines = [
        line
        for u in unmet_rules
        for line in ([] if u is closest else [u.plain]) + [d.plain for d in u.deeper]
    ]
    if kind == "disposition" and Level[item_id] < Level[report.disposition.level]:
        lines.insert(0, f'Even if one had, "{report.disposition.label}" is more urgent and wins.')
    return Explanation(
        kind="why_not",
        subject=item_id,
        summary=f"{_not_given(kind, name)} because {lower_first(closest.plain)}",
        lines=tuple(dict.fromkeys(lines)),
        rules=tuple(sorted({u.rule for u in everything})),
        facts=tuple(sorted(atoms)),
        unmet=unmet_rules,
    )


def _held_back(report, kb, item_id: str, name: str, reason: str, node: Node | None) -> Explanation:
    """A block: the safety or red-flag rule, and the reported facts that set it off."""
    blocked = next((b for b in report.blocked if b.exercise == item_id), None)
    by = [blocked.by, *blocked.also_by] if blocked else list(report.all_exercises_held_by)
    steps = [s for s in report.trace if s.rule in by and _blocks(kb, kb.rules[s.rule], item_id)]
    tree = (node,) if node else (_node(report, kb, f"I held back {name}", steps),)
    first = next(s for s in steps if s.rule == by[0])
    facts = join([describe_atom(kb, m.fact.split("@")[0]) for m in first.matched])
    summary = f'I held back {name} because of {facts} ("{first.title}"): {lower_first(reason)}'
    if blocked and report.all_exercises_held_by:
        red_flag = kb.rules[report.all_exercises_held_by[0]]
        summary = (
            f"{sentence(summary)} All exercise advice is held back until you have been seen"
            f' ("{red_flag.title}")'
        )
        if red_flag.id not in by:
            extra = [s for s in report.trace if s.rule == red_flag.id]
            tree = (*tree, _node(report, kb, "All exercise advice is held back", extra))
    return _explanation("why_not", item_id, sentence(summary), tree, kb)


def _kind(kb: KnowledgeBase, item_id: str) -> str:
    if item_id in kb.exercises:
        return "exercise"
    if item_id in kb.findings:
        return "finding"
    if item_id in Level.__members__:
        return "disposition"
    known = [k for k in _known_ids(kb) if k != "disposition"]  # why not is for absent ones
    raise InvalidInput(
        f"nothing in the knowledge base is called {item_id!r}{suggest(item_id, known)}"
    )


def _name(kb: KnowledgeBase, kind: str, item_id: str) -> str:
    if kind == "exercise":
        return kb.exercises[item_id].name
    if kind == "finding":
        return kb.findings[item_id].label
    return f'"{kb.meta.dispositions[item_id].label}"'


def _not_given(kind: str, name: str) -> str:
    if kind == "exercise":
        return f"I did not suggest {name}"
    if kind == "finding":
        return f"I did not note {name[:1].lower() + name[1:]}"
    return f"The advice is not {name}"
