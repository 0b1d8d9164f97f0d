"""WHY: which rules need a question's answer, and what each of them could conclude.

Reads the question and the rules as data; it runs no rules and needs no report.
"""

from __future__ import annotations

from ..engine.answer_paths import atoms_for_answer, is_list_field, split_path
from ..engine.crosscheck import suggest
from ..engine.kb_models import KnowledgeBase, Level, Question
from ..errors import InvalidInput
from .models import Explanation, RuleRef, concludes, describe_atom, join, lower_first, sentence

# Values tried for a number or scale question, chosen to cross every threshold in signals.py.
_NUMBER_PROBES = ("0", "1", "3", "5", "8", "12", "30", "100")


def _answer_values(question: Question) -> tuple[str, ...]:
    """The answers a question can get that may produce atoms."""
    if question.value is not None:
        return (question.value,)
    if question.choices:
        return question.choices
    if question.kind == "yes_no" and not is_list_field(question.field):
        return ("yes", "no", "not_sure")
    return _NUMBER_PROBES


def _atoms_by_answer(question: Question) -> dict[str, frozenset[str]]:
    out = {}
    for value in _answer_values(question):
        try:
            atoms = atoms_for_answer(question.field, value)
        except InvalidInput:
            continue
        if atoms:
            out["yes" if question.value is not None else value] = atoms
    return out


def why_asked(kb: KnowledgeBase, question_id: str) -> Explanation:
    """WHY: the rules that need this question's answer, and what each could conclude."""
    question = kb.questions.get(question_id)
    if question is None:
        raise InvalidInput(
            f"no question {question_id!r} in the knowledge base{suggest(question_id, kb.questions)}"
        )
    split_path(question.field)
    refs: list[RuleRef] = []
    lines: list[str] = []
    for value, atoms in sorted(_atoms_by_answer(question).items()):
        found = []
        for rule in kb.rules.values():
            needed = tuple(sorted(atoms & set(rule.when.positive_atoms())))
            excluded = tuple(sorted(atoms & set(rule.when.none)))
            if needed or excluded:
                found.append((rule, needed, excluded))
        # What a yes can lead to first, most urgent first; then what it rules out.
        found.sort(key=lambda f: (not f[1], -_urgency(kb, f[0].id), f[0].id))
        for rule, needed, excluded in found:
            what = concludes(kb, rule)
            refs.append(
                RuleRef(
                    rule=rule.id,
                    title=rule.title,
                    stage=rule.stage.value,
                    concludes=what,
                    role="needs" if needed else "rules_out",
                    atoms=needed or excluded,
                )
            )
            if needed:
                facts = join([describe_atom(kb, a) for a in needed])
                lines.append(
                    f'Answering "{value}" tells me {facts}, which with the rest of your answers '
                    f'can {what} ("{rule.title}").'
                )
            else:
                lines.append(f'Answering "{value}" rules out "{rule.title}".')
    if not refs:
        lines.append("No rule in the knowledge base uses this answer yet.")
    if question.why:
        summary = f'I ask "{question.text}" because {lower_first(question.why)}'
    elif refs:
        first = min(refs, key=lambda r: (r.role != "needs", -_urgency(kb, r.rule), r.rule))
        summary = (
            f'I ask "{question.text}" because the answer can change what I conclude: '
            f'for example, "{first.title}" can {first.concludes}.'
        )
    else:
        summary = f'I ask "{question.text}", but no rule in the knowledge base uses its answer yet.'
    return Explanation(
        kind="why",
        subject=question.id,
        summary=sentence(summary),
        lines=tuple(lines),
        rules=tuple(sorted({r.rule for r in refs})),
        rule_refs=tuple(refs),
    )


def _urgency(kb: KnowledgeBase, rule_id: str) -> int:
    """How urgent the advice a rule can give is, so WHY leads with what matters most."""
    disposition = kb.rules[rule_id].then.disposition
    return Level[disposition.level] if disposition else 0
