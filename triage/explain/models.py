"""The explanation models (HOW, WHY, WHY NOT) and the plain words for atoms, rules and answers.

Only reads the knowledge base; it never runs rules. Shared by triage/explain.py and renderers.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..engine.crosscheck import DISPOSITION_GIVEN, FINDING_CONCLUDED, URGENT_ADVICE_GIVEN
from ..engine.kb_models import KnowledgeBase, Question, RuleSpec
from ..engine.signals import SIGNALS, Evidence

_FROZEN = ConfigDict(extra="forbid", frozen=True)


class AnswerRef(BaseModel):
    """One answer (or the comment words) a conclusion rests on."""

    model_config = _FROZEN
    field: str = Field(description="Answer field path, such as complaints[0].hurts_when.")
    value: str = Field(description="The answer given, as text.")
    question: str | None = Field(None, description="Id of the question that asks for it.")
    question_text: str | None = Field(None, description="The question's wording.")
    quote: str | None = Field(None, description="The reader's own words, for a comment.")
    start: int | None = Field(None, description="Where the words start in the comment.")
    end: int | None = Field(None, description="Where the words end in the comment.")
    note: str | None = Field(None, description="How the answer was read, when not literally.")
    plain: str = Field(description="The answer in one plain sentence.")


class Node(BaseModel):
    """One line of a derivation tree: an item, a rule firing, a fact or an answer."""

    model_config = _FROZEN
    kind: Literal["item", "rule", "fact", "answer"]
    text: str = Field(description="Plain words for this line.")
    rule: str | None = Field(None, description="Rule id, for a rule firing.")
    step: int | None = Field(None, description="Trace step, for a rule firing.")
    fact: str | None = Field(None, description="Fact id (atom@scope), for a fact.")
    answer: AnswerRef | None = Field(None, description="The answer, for an answer line.")
    absent: tuple[str, ...] = Field(
        (), description="For a rule: the atoms it needed NOT to be reported, and were not."
    )
    children: tuple[Node, ...] = ()


class RuleRef(BaseModel):
    """A rule named in an explanation, with what it could conclude in plain words."""

    model_config = _FROZEN
    rule: str
    title: str
    stage: str
    concludes: str = Field(description="What the rule could conclude, in plain words.")
    role: str = Field(description="Why it is named: needs, rules_out, concluded, blocked...")
    atoms: tuple[str, ...] = Field((), description="Atoms of the rule this answer touches.")


class Unmet(BaseModel):
    """A rule that could have concluded the item, and which of its conditions failed."""

    model_config = _FROZEN
    rule: str
    title: str
    scope: str = Field(description="The complaint (c0, ...) or general it was checked against.")
    missing: tuple[str, ...] = Field(description="`all` atoms that were not reported.")
    missing_any: tuple[tuple[str, ...], ...] = Field(
        description="`any` groups of which nothing was reported."
    )
    present_none: tuple[str, ...] = Field(description="`none` atoms that were reported.")
    plain: str = Field(description="The failed conditions in one sentence.")
    deeper: tuple[Unmet, ...] = Field(
        (), description="For a missing finding: the rules that conclude it, and why they did not."
    )


class Explanation(BaseModel):
    """A plain-language summary first, then the structure a coach or clinician can check."""

    model_config = _FROZEN
    kind: Literal["how", "why", "why_not", "derivation"]
    subject: str = Field(description="The item, question or report explained.")
    summary: str = Field(description="One or two sentences a runner understands.")
    lines: tuple[str, ...] = Field((), description="Further plain-language sentences.")
    rules: tuple[str, ...] = Field((), description="Every rule id involved, sorted.")
    facts: tuple[str, ...] = Field((), description="Every fact id (atom@scope) involved, sorted.")
    answers: tuple[AnswerRef, ...] = Field((), description="Every answer reached.")
    rule_refs: tuple[RuleRef, ...] = Field((), description="The rules, with what they conclude.")
    tree: tuple[Node, ...] = Field((), description="The derivation, for HOW.")
    unmet: tuple[Unmet, ...] = Field((), description="For WHY NOT: failed conditions per rule.")


def lower_first(text: str) -> str:
    """Lower-case the first letter, to use a label mid-sentence, unless it starts "GP"-like."""
    text = text.strip()
    return text if text[1:2].isupper() else text[:1].lower() + text[1:]


def sentence(text: str) -> str:
    """Collapse whitespace and end with a full stop."""
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?")) else text + "."


def describe_atom(kb: KnowledgeBase, atom: str) -> str:
    """An atom in plain words: a finding's label, or the signal's description."""
    if atom in kb.findings:
        return lower_first(kb.findings[atom].label)
    if atom == DISPOSITION_GIVEN:
        return "advice already given by an earlier rule"
    if atom == URGENT_ADVICE_GIVEN:
        return "advice to stop running and be seen urgently, given by an earlier rule"
    if atom == FINDING_CONCLUDED:
        return "a pattern already recognised for this complaint"
    if atom.startswith("diagnosed_"):
        return "an earlier diagnosis of " + atom.removeprefix("diagnosed_").replace("_", " ")
    spec = SIGNALS.get(atom)
    return (spec.description if spec else atom).replace("_", " ")


def join(words: list[str] | tuple[str, ...], last: str = "and") -> str:
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {last} {words[-1]}"


def concludes(kb: KnowledgeBase, rule: RuleSpec) -> str:
    """What a rule can conclude, as a phrase: findings, advice level, exercises, blocks."""
    then = rule.then
    parts = []
    if then.findings:
        parts.append("point to " + join([lower_first(kb.findings[f].label) for f in then.findings]))
    if then.disposition:
        label = kb.meta.dispositions[then.disposition.level].label
        parts.append(f'set the advice to "{label}"')
    if then.recommend:
        parts.append("suggest " + join([kb.exercises[e].name for e in then.recommend]))
    if then.block:
        if then.block.all_exercises:
            parts.append("hold back all exercise advice")
        else:
            held = [f"{t} exercises" for t in then.block.tags]
            held += [kb.exercises[e].name for e in then.block.exercises]
            parts.append("hold back " + join(held))
    return join(parts) or "nothing"


_COMPLAINT_INDEX = re.compile(r"^complaints\[\d+\]")


def question_for(kb: KnowledgeBase, field: str, value: str) -> Question | None:
    """The question that asks for this answer: same field pattern, and same item for lists.

    A timing the runner was not sure about is stored under not_sure_when but asked as hurts_when.
    """
    pattern = _COMPLAINT_INDEX.sub("complaints[]", field).replace(".not_sure_when", ".hurts_when")
    # A question about this very item ("Does it wake you at night?") beats a checklist of items.
    for question in sorted(kb.questions.values(), key=lambda q: (q.value is None, q.id)):
        if question.field == pattern and question.value in (None, value):
            return question
    return None


def _shown(evidence: Evidence, question: Question | None) -> str:
    """The answer as the runner gave it: yes to a list item, "not sure", 8 rather than 8.0."""
    value = evidence.value
    if evidence.field.endswith(".not_sure_when"):
        return "not sure" if question and question.value else f"not sure: {value.replace('_', ' ')}"
    if question is not None and question.value is not None:
        return "yes"
    if re.fullmatch(r"\d+\.0", value):
        value = value[:-2]
    return value.replace("_", " ")


def answer_ref(kb: KnowledgeBase, evidence: Evidence) -> AnswerRef:
    question = question_for(kb, evidence.field, evidence.value)
    shown = _shown(evidence, question)
    if evidence.text is not None:
        plain = f'You wrote "{evidence.text}"'
    elif question is not None:
        plain = f'You answered "{shown}" to "{question.text}"'
    else:
        plain = f'You answered "{shown}" for {evidence.field}'
    if evidence.note:
        plain += f" ({evidence.note})"
    return AnswerRef(
        field=evidence.field,
        value=evidence.value,
        question=question.id if question else None,
        question_text=question.text if question else None,
        quote=evidence.text,
        start=evidence.start,
        end=evidence.end,
        note=evidence.note,
        plain=plain,
    )
