"""Reading time of hostile comments at the 20,000-character cap: long runs of one symbol, emoji
and repeated words, which tokenizing and ConText once took 40-53 s over. Target: under 1 s each.

Run: `python -m benchmarks.hostile_text`; prints one line per input and exits 1 over target.
"""

from __future__ import annotations

import sys
import time

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


def main() -> int:
    from stridewise.triage.reading.reader import MAX_COMMENT_CHARS, read_comment

    read_comment("My knee hurts when I run.")  # build the pipeline outside the timings
    slow = 0
    for name, unit in INPUTS.items():
        text = (unit * (CAP // len(unit) + 1))[: min(CAP, MAX_COMMENT_CHARS)]
        start = time.perf_counter()
        read_comment(text)
        seconds = time.perf_counter() - start
        slow += seconds > TARGET_SECONDS
        print(f"{name:24} {len(text):>6} chars  {seconds:6.3f} s")
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
