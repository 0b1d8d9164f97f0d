"""Drafts files: no formula or markup injection, written atomically (a full disk leaves the old
file whole), never over an input; SIGTERM leaves no worker behind."""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import signal
import subprocess
import sys
import time

import pytest
from hostile_cli import run_cli, write

import stridewise.triage.engine.files as files

FORMULAS = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"]


def inbox(tmp_path, authors):
    rows = "".join(
        json.dumps({"id": str(i), "author": a, "text": "My knee hurts on stairs."}) + "\n"
        for i, a in enumerate(authors, 1)
    )
    return write(tmp_path, "inbox.jsonl", rows)


def test_csv_drafts_neutralise_formulas_and_quote_every_field(tmp_path):
    out = tmp_path / "drafts.csv"
    result = run_cli("reply", "--batch", str(inbox(tmp_path, FORMULAS)), "--out", str(out))
    assert result.exit_code == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(rows) == len(FORMULAS) + 1
    for row in rows[1:]:
        assert all(not cell or cell[0] not in "=+-@\t\r" for cell in row), row
    # Read back with QUOTE_NONNUMERIC, an unquoted cell would come back as a float.
    quoted = csv.reader(io.StringIO(text, newline=""), quoting=csv.QUOTE_NONNUMERIC)
    assert all(isinstance(cell, str) for row in quoted for cell in row)
    assert "\r" not in text


def test_markdown_drafts_escape_html_and_keep_the_author_on_one_line(tmp_path):
    path = write(
        tmp_path,
        "inbox.jsonl",
        '{"author": "Ann\\n## Forged", "text": "My knee hurts &lt;script&gt;alert(1)&lt;/script&gt; *now*"}\n',
    )
    out = tmp_path / "drafts.md"
    assert run_cli("reply", "--batch", str(path), "--out", str(out)).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "<script>" not in text
    assert "\n## Forged" not in text
    heading = next(line for line in text.splitlines() if line.startswith("## "))
    assert "Forged" in heading
    assert "&lt;script&gt;" in text and "\\*now\\*" in text


def test_out_equal_to_the_inbox_is_refused_and_the_inbox_kept(tmp_path):
    path = inbox(tmp_path, ["Ann"])
    before = path.read_bytes()
    result = run_cli("reply", "--batch", str(path), "--out", str(path), "--format", "jsonl")
    assert result.exit_code == 2
    assert "--out is the same file as an input" in result.stderr
    assert path.read_bytes() == before


def test_out_equal_to_the_coach_profile_is_refused(tmp_path):
    coach = write(tmp_path, "coach.md", "name: Ann\n")
    coach_yaml = tmp_path / "coach.yaml"
    coach.rename(coach_yaml)
    result = run_cli(
        "reply",
        "--batch",
        str(inbox(tmp_path, ["A"])),
        "--coach",
        str(coach_yaml),
        "--out",
        str(coach_yaml),
    )
    assert result.exit_code == 2
    assert coach_yaml.read_text(encoding="utf-8") == "name: Ann\n"


def test_a_full_disk_leaves_the_previous_drafts_whole_and_no_temporary_file(tmp_path, monkeypatch):
    out = write(tmp_path, "drafts.md", "previous drafts\n")

    def disk_full(fd, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(files.os, "write", disk_full)
    result = run_cli("reply", "--batch", str(inbox(tmp_path, ["Ann"])), "--out", str(out))
    assert result.exit_code == 2
    assert "No space left on device" in result.stderr
    assert out.read_text(encoding="utf-8") == "previous drafts\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["drafts.md", "inbox.jsonl"]


def _alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.skipif(sys.platform != "linux", reason="process groups and /proc")
def test_sigterm_shuts_down_every_worker_process(tmp_path):
    texts = [f"My knee hurts on stairs, number {i}." for i in range(600)]
    path = write(tmp_path, "inbox.jsonl", "".join(f'{{"text": "{t}"}}\n' for t in texts))
    command = [
        sys.executable,
        "-m",
        "stridewise.cli.app",
        "reply",
        "--batch",
        str(path),
        "--out",
        str(tmp_path / "d.md"),
    ]
    process = subprocess.Popen(
        [sys.executable, "-c", "from stridewise.cli.app import main; main()", *command[3:]],
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and _children(process.pid) < 2:
        time.sleep(0.2)
    assert _children(process.pid) >= 2, "the worker pool never started"
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=30)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _alive(process.pid):
        time.sleep(0.2)
    survivors = _alive(process.pid)
    if survivors:
        os.killpg(process.pid, signal.SIGKILL)
    assert not survivors, "a worker process outlived the command"
    assert not (tmp_path / "d.md").exists()


def _children(pid: int) -> int:
    count = 0
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="utf-8") as stat:
                    fields = stat.read().rpartition(")")[2].split()
            except OSError:
                continue
            count += fields[1] == str(pid)
    return count
