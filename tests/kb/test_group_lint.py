"""`kb lint` on checklists: only yes/no items, members together in bank order, a why, members."""

from __future__ import annotations

import pytest
from kb_copies import copy_shipped, edit, edit_entry

from stridewise.triage.kb.lint import lint_folder


@pytest.fixture
def shipped_copy(tmp_path):
    return copy_shipped(tmp_path)


def problems(root, code: str) -> list[str]:
    return [p.line() for p in lint_folder(root).problems if p.code == code]


def test_the_shipped_checklists_lint_clean(shipped_copy):
    assert problems(shipped_copy, "KB701") == problems(shipped_copy, "KB702") == []


def test_a_number_question_in_a_checklist_is_refused(shipped_copy):
    edit_entry(shipped_copy / "questions.yaml", "age", lambda q: q.update(group="bone"))
    assert any(
        "age: KB701 is in group 'bone' but is a number question" in line
        for line in problems(shipped_copy, "KB701")
    )


def test_a_checklist_split_by_another_question_is_refused(shipped_copy):
    edit_entry(shipped_copy / "questions.yaml", "season", lambda q: q.pop("group", None))
    edit_entry(
        shipped_copy / "questions.yaml", "form_fades_late", lambda q: q.update(group="heart")
    )
    [line] = problems(shipped_copy, "KB701")
    assert "members of group 'heart' are not next to each other" in line


def test_a_checklist_without_members_or_why_is_refused(shipped_copy):
    groups = shipped_copy / "question_groups.yaml"
    edit(groups, lambda d: d.append({"id": "unused", "text": "Any of these?", "why": "Because."}))
    edit_entry(groups, "nerve", lambda g: g.update(why=" "))
    found = problems(shipped_copy, "KB702")
    assert any("unused: KB702 has no member questions" in line for line in found)
    assert any("nerve: KB702 has no why" in line for line in found)


def test_an_unknown_group_is_an_unknown_id(shipped_copy):
    edit_entry(shipped_copy / "questions.yaml", "locked", lambda q: q.update(group="jiont"))
    report = lint_folder(shipped_copy)
    assert not report.loaded
    problem = next(p for p in report.problems if p.entry == "locked")
    assert problem.code == "KB004" and problem.suggestion == "joint"
