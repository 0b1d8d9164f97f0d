"""Reading time of comments at the 20,000-character cap: long runs of one symbol, emoji and
repeated words, which tokenizing and ConText once took 40-53 s over, and natural prose (many
different runner comments joined). Target: under 1 s of CPU time each.

Run: `python -m benchmarks.hostile_text`; prints one line per input (CPU and wall time) and
exits 1 when one is over target. It reads only the `dev` splits of the evaluation sets.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import yaml

from .generate import distinct_comments

TARGET_SECONDS = 1.0
CAP = 20_000
INPUTS = {
    "exclamation marks": "!",
    "closing brackets": ")",
    "emoji": "\U0001f600",
    "emoji with skin tone": "\U0001f44d\U0001f3fd",
    "family emoji (joiners)": "\U0001f468\u200d\U0001f469\u200d\U0001f467",
    "mixed symbols": "!?)(",
    "dot space": ". ",
    "one word": "knee ",
}
DEV_SPLITS = Path("tests/evaluation").glob("*/dev.yaml")


def prose_inputs(seed: int = 2026) -> dict[str, str]:
    """Natural prose at the cap: generated comments joined, and the dev splits' comments joined
    (when run from the repository root)."""
    joined = {"generated comments, joined": " ".join(distinct_comments(500, seed))}
    dev = [case["text"].strip() for path in sorted(DEV_SPLITS) for case in _cases(path)]
    if dev:
        joined["evaluation dev comments, joined"] = " ".join(dev)
    return {name: text[:CAP] for name, text in joined.items() if len(text) >= CAP}


def _cases(path: Path) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or []


def main() -> int:
    from stridewise.triage.reading.reader import MAX_COMMENT_CHARS, read_comment

    read_comment("My knee hurts when I run.")  # build the pipeline outside the timings
    texts = {
        name: (unit * (CAP // len(unit) + 1))[: min(CAP, MAX_COMMENT_CHARS)]
        for name, unit in INPUTS.items()
    }
    texts.update(prose_inputs())
    slow = 0
    for name, text in texts.items():
        cpu, wall = time.process_time(), time.perf_counter()
        read_comment(text)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        slow += cpu > TARGET_SECONDS
        print(f"{name:32} {len(text):>6} chars  {cpu:6.3f} s CPU  {wall:6.3f} s wall")
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
