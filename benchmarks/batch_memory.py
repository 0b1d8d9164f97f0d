"""Peak memory of `stridewise reply --batch`: reading a ~200 MB inbox, and drafting inboxes of
growing size, as the resident memory of the whole process tree (main process and workers).

Run from the repository root:
`python -m benchmarks.batch_memory read` (CSV, JSON Lines and WXR of about 200 MB, read only)
`python -m benchmarks.batch_memory batch 2000 10000` (the installed CLI, 1-KB comments).
`--python` picks another environment's interpreter (and its `stridewise` command), to compare
commits. Prints one Markdown table row per run. Memory is sampled from /proc every 50 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from xml.sax.saxutils import escape

from .generate import distinct_comments

COMMENT_CHARS = 1000
SAMPLE_SECONDS = 0.05
PAGE = os.sysconf("SC_PAGE_SIZE")
READ_ONLY = """
import sys
from stridewise.triage.coach import inbox
if hasattr(inbox, "open_inbox"):
    with inbox.open_inbox(sys.argv[1]) as opened:
        rows = sum(1 for _ in opened.rows)
else:  # before rows were read lazily
    comments, skipped = inbox.read_inbox(sys.argv[1])
    rows = len(comments) + len(skipped)
print(rows)
"""


def long_comments(seed: int = 2026) -> Iterator[str]:
    """Endless comments of about COMMENT_CHARS characters, each joined from generated ones."""
    rng, pool = random.Random(seed), distinct_comments(2000, seed)
    while True:
        text = ""
        while len(text) < COMMENT_CHARS:
            text += rng.choice(pool) + " "
        yield text.strip()


def write_inbox(path: Path, *, count: int | None = None, size: int | None = None) -> int:
    """An inbox of `count` comments, or of about `size` bytes; returns the number of comments."""
    kind, written, n = path.suffix, 0, 0
    head = '<?xml version="1.0" encoding="UTF-8"?>\n<rss xmlns:wp="wp"><channel><item>\n'
    with path.open("w", encoding="utf-8") as out:
        out.write({".csv": "id,author,content\n", ".xml": head}.get(kind, ""))
        for n, text in enumerate(long_comments(), start=1):
            if (count is not None and n > count) or (size is not None and written >= size):
                n -= 1
                break
            written += out.write(_row(kind, str(n), text))
        out.write("</item></channel></rss>\n" if kind == ".xml" else "")
    return n


def _row(kind: str, ident: str, text: str) -> str:
    if kind == ".csv":
        return f'{ident},bench,"{text.replace(chr(34), chr(34) * 2)}"\n'
    if kind == ".xml":
        return (
            f"<wp:comment><wp:comment_id>{ident}</wp:comment_id>"
            f"<wp:comment_content>{escape(text)}</wp:comment_content></wp:comment>\n"
        )
    return json.dumps({"id": ident, "author": "bench", "content": text}) + "\n"


def tree_rss(root: int) -> int:
    """Resident bytes of `root` and every process descended from it."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="utf-8") as stat:
                    parents[int(entry)] = int(stat.read().rpartition(")")[2].split()[1])
            except (OSError, ValueError):
                continue
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        children = [child for child, parent in parents.items() if parent == pid]
        tree.update(children)
        frontier.extend(children)
    total = 0
    for pid in tree:
        try:
            with open(f"/proc/{pid}/statm", encoding="utf-8") as statm:
                total += int(statm.read().split()[1]) * PAGE
        except (OSError, ValueError, IndexError):
            continue
    return total


def peak_run(argv: list[str]) -> tuple[float, int, subprocess.CompletedProcess]:
    """Run `argv`; its wall time, the peak RSS of its process tree and the finished process.

    Output goes to files, not pipes: a progress bar would fill a pipe and stall the run."""
    env = {**os.environ, "NO_COLOR": "1", "TERM": "dumb", "COLUMNS": "100"}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(argv, env=env, stdout=out, stderr=err)
        peak = 0
        while process.poll() is None:
            peak = max(peak, tree_rss(process.pid))
            time.sleep(SAMPLE_SECONDS)
        wall = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        done = subprocess.CompletedProcess(argv, process.returncode, out.read(), err.read())
    return wall, peak, done


def measure_read(python: str, folder: Path, size: int) -> None:
    print("| format | file | comments | wall | peak RSS |\n| --- | ---: | ---: | ---: | ---: |")
    for suffix in (".csv", ".jsonl", ".xml"):
        path = folder / f"inbox{suffix}"
        count = write_inbox(path, size=size)
        wall, peak, done = peak_run([python, "-c", READ_ONLY, str(path)])
        rows = done.stdout.decode().strip() if done.returncode == 0 else done.stderr.decode()[-200:]
        print(
            f"| {suffix[1:]} | {path.stat().st_size / 1e6:.0f} MB | {count:,} (read {rows}) "
            f"| {wall:.1f} s | {peak / 1e6:.0f} MB |"
        )
        path.unlink()


def measure_batch(python: str, folder: Path, counts: list[int]) -> None:
    command = str(Path(python).parent / "stridewise")
    print(
        "| comments | inbox | wall | peak RSS (tree) | drafts |\n| ---: | ---: | ---: | ---: | ---: |"
    )
    for count in counts:
        inbox, out = folder / "inbox.jsonl", folder / "drafts.jsonl"
        write_inbox(inbox, count=count)
        argv = [command, "reply", "--batch", str(inbox), "--out", str(out), "--format", "jsonl"]
        wall, peak, done = peak_run(argv)
        drafts = out.read_bytes().count(b"\n") if done.returncode == 0 else "failed"
        print(
            f"| {count:,} | {inbox.stat().st_size / 1e6:.1f} MB | {wall:.0f} s "
            f"| {peak / 1e6:.0f} MB | {drafts} |",
            flush=True,
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.batch_memory", description=__doc__)
    parser.add_argument("mode", choices=["read", "batch"])
    parser.add_argument("counts", nargs="*", type=int, default=[2000, 10_000])
    parser.add_argument("--python", default=sys.executable, help="interpreter of the install")
    parser.add_argument("--size", type=int, default=195_000_000, help="read: bytes per inbox")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="stridewise-memory-") as tmp:
        if args.mode == "read":
            measure_read(args.python, Path(tmp), args.size)
        else:
            measure_batch(args.python, Path(tmp), args.counts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
