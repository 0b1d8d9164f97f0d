"""Comment extraction latency (in process) and `stridewise reply --batch` throughput (whole run).

Both belong to coach mode (`stridewise.triage.reading`, `stridewise.triage.coach.batch`).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import tempfile
import time
from pathlib import Path

from .generate import distinct_comments
from .timing import summary, timed


def measure(count: int, seed: int, command: list[str], latency_sample: int = 1000) -> dict:
    texts = distinct_comments(count, seed)
    return {
        "extraction": extraction(texts[:latency_sample]),
        "batch": batch(texts, command),
    }


def extraction(texts: list[str]) -> dict:
    """`read_comment` per comment in a warm process; the first call builds the pipeline."""
    from stridewise.triage.reading.reader import read_comment, triage_comment

    first, _, _ = timed(lambda: read_comment(texts[0]))
    reads = [timed(lambda t=t: read_comment(t))[:2] for t in texts]
    both = [timed(lambda t=t: triage_comment(t))[:2] for t in texts]
    return {
        "first_call_ms": first * 1000,
        "read": summary([wall for wall, _ in reads]),
        "read_cpu": summary([cpu for _, cpu in reads]),
        "read_and_triage": summary([wall for wall, _ in both]),
        "read_and_triage_cpu": summary([cpu for _, cpu in both]),
    }


def batch(texts: list[str], command: list[str]) -> dict:
    """One `reply --batch` run over a JSON Lines inbox: wall time, CPU time, drafts written."""
    with tempfile.TemporaryDirectory(prefix="stridewise-inbox-") as tmp:
        inbox, out = Path(tmp) / "inbox.jsonl", Path(tmp) / "drafts.jsonl"
        rows = ({"id": str(i), "author": "bench", "content": t} for i, t in enumerate(texts))
        inbox.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        argv = [*command, "reply", "--batch", str(inbox), "--out", str(out), "--format", "jsonl"]
        env = {**os.environ, "NO_COLOR": "1", "TERM": "dumb", "COLUMNS": "100"}
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(argv, env=env, capture_output=True, text=True)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if done.returncode != 0:
            return {"error": (done.stderr.strip().splitlines() or ["no output"])[-1]}
        drafts = sum(1 for line in out.read_text(encoding="utf-8").splitlines() if line.strip())
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {
        "comments": len(texts),
        "drafts": drafts,
        "wall_s": wall,
        "cpu_s": cpu,
        "cores_busy": cpu / wall,
        "comments_per_s": len(texts) / wall,
    }
