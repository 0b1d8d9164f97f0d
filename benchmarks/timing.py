"""Small timing helpers: summaries of samples, and whole-process cold starts."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path


def summary(seconds: Sequence[float]) -> dict[str, float]:
    """Median, 99th percentile, min and max, in milliseconds."""
    ms = sorted(s * 1000 for s in seconds)
    p99 = statistics.quantiles(ms, n=100)[98] if len(ms) >= 2 else ms[0]
    return {
        "n": len(ms),
        "median_ms": statistics.median(ms),
        "p99_ms": p99,
        "min_ms": ms[0],
        "max_ms": ms[-1],
    }


def timed(call: Callable[[], object]) -> tuple[float, float, object]:
    """Wall-clock and CPU seconds of one call, and its value.

    On a shared machine the wall clock includes time spent waiting for a core; the CPU time
    of this process is close to what the call takes on an idle one.
    """
    wall, cpu = time.perf_counter(), time.process_time()
    value = call()
    return time.perf_counter() - wall, time.process_time() - cpu, value


def stridewise_command() -> list[str]:
    """The console script of the interpreter running the benchmark (a venv's own first)."""
    beside = Path(sys.executable).with_name("stridewise")
    found = str(beside) if beside.exists() else shutil.which("stridewise")
    if found is None:
        raise SystemExit("stridewise is not installed: run `pip install -e .` first")
    return [found]


def cold_start(argv: Sequence[str], runs: int, pycache: Path | None = None) -> dict[str, object]:
    """Wall and CPU time of whole processes: one untimed warm-up, then `runs` timed ones.

    With `pycache`, compiled bytecode is written there and reused, as in an installed package;
    without it the environment decides (PYTHONDONTWRITEBYTECODE=1 recompiles our modules on
    every start). A command that fails is reported with its error instead of a time.
    """
    env = {**os.environ, "NO_COLOR": "1", "TERM": "dumb", "COLUMNS": "100"}
    if pycache is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(pycache)

    def once() -> tuple[float, float]:
        before = os.times()
        start = time.perf_counter()
        done = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        elapsed = time.perf_counter() - start
        after = os.times()
        if done.returncode != 0:
            raise RuntimeError(done.stderr.decode(errors="replace").strip().splitlines()[-1])
        cpu = (after.children_user - before.children_user) + (
            after.children_system - before.children_system
        )
        return elapsed, cpu

    try:
        once()
        samples = [once() for _ in range(runs)]
    except RuntimeError as exc:
        return {"error": str(exc)}
    return {**summary([w for w, _ in samples]), "cpu": summary([c for _, c in samples])}
