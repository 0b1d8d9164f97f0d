"""Concurrency and time: two batches writing one drafts file leave one whole file; a comment
that overruns its time budget is skipped with its line, not waited for."""

from __future__ import annotations

import subprocess
import sys

from hostile_cli import write

import stridewise.triage.coach.batch as batch
from stridewise.triage.coach.inbox import InboxComment
from stridewise.triage.coach.profile import DEFAULT_COACH

LINES = "".join(f'{{"id": "{i}", "text": "My knee hurts on stairs {i}."}}\n' for i in range(30))


def _batch(inbox, out):
    return subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from stridewise.cli.app import main; main()",
            "reply",
            "--batch",
            str(inbox),
            "--out",
            str(out),
            "--format",
            "jsonl",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def test_two_batches_writing_one_file_at_once_leave_one_whole_file(tmp_path):
    inbox = write(tmp_path, "inbox.jsonl", LINES)
    out = tmp_path / "drafts.jsonl"
    runs = [_batch(inbox, out) for _ in range(2)]
    assert [run.wait(timeout=300) for run in runs] == [0, 0]
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 30
    assert sorted(p.name for p in tmp_path.iterdir()) == ["drafts.jsonl", "inbox.jsonl"]


def test_a_comment_over_its_time_budget_is_skipped_with_its_line(monkeypatch):
    monkeypatch.setattr(batch, "COMMENT_SECONDS", 1e-6)
    comments = [InboxComment(id="1", text="My knee hurts. " * 200, line=7)]
    results = batch.draft_all(comments, DEFAULT_COACH, workers=1)
    assert len(results) == 1
    assert results[0].line == 7
    assert "took longer than" in results[0].reason
