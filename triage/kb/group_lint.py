"""Checks on the questionnaire's checklists (question groups), for `kb lint`.

A checklist is shown as one step, each item answered yes / no / not sure and unticked meaning no,
so only yes/no questions may join one, and its members must sit together in bank order (which
keeps emergency screens before urgent ones). It reads the knowledge base; it reports, never fixes.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..engine.kb_models import KnowledgeBase


def group_problems(kb: KnowledgeBase) -> Iterator[tuple[str, str, str, str]]:
    """(code, file, entry, message) for every checklist problem, in bank order."""
    order = list(kb.questions)
    for question in kb.questions.values():
        if question.group is not None and question.kind != "yes_no":
            yield (
                "KB701",
                "questions.yaml",
                question.id,
                f"is in group {question.group!r} but is a {question.kind} question; "
                "only yes/no questions can be checklist items",
            )
    for group in kb.question_groups.values():
        members = [i for i, q in enumerate(kb.questions.values()) if q.group == group.id]
        if not members:
            yield "KB702", "question_groups.yaml", group.id, "has no member questions"
            continue
        if not group.why.strip():
            yield "KB702", "question_groups.yaml", group.id, "has no why"
        gaps = [order[i] for i in range(members[0], members[-1] + 1) if i not in members]
        if gaps:
            yield (
                "KB701",
                "questions.yaml",
                group.id,
                f"members of group {group.id!r} are not next to each other in bank order: "
                f"{', '.join(gaps)} sits between them",
            )
