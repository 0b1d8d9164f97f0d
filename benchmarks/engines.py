"""experta before and after its hot path, CLIPS and the baseline, side by side in one process.

For each rule scale (the KB cloned 1, 2, 4, 8 times), every intake is run by each variant in
turn, in an order shuffled (seeded) for each intake, so that load on a shared machine and warm
caches from the previous variant fall on all of them alike. Each variant's outcome must equal experta's; disagreements are collected.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from stridewise.triage import Intake, triage
from stridewise.triage.engine import experta_compat
from stridewise.triage.engine.clips_engine import engine_for as clips_engine_for
from stridewise.triage.engine.experta_engine import engine_for as experta_engine_for
from stridewise.triage.engine.kb_models import KnowledgeBase
from stridewise.triage.engine.signals import derive_signals

from .baseline import compile_baseline, evaluate, outcome_of
from .scaling import scaled_knowledge_base

VARIANTS = (
    "experta before: triage()",
    "experta after: triage()",
    "CLIPS: triage()",
    "bare CLIPS",
    "baseline",
)


def _hot_path(on: bool) -> None:
    experta_compat.use_hot_path(on)


def _variants(kb: KnowledgeBase) -> dict[str, Callable[[Intake], object]]:
    """Each variant as a call on one intake; the experta engines are built up front."""
    for on in (False, True):
        _hot_path(on)
        experta_engine_for(kb)
    clips = clips_engine_for(kb)
    baseline = compile_baseline(kb)

    def before(intake: Intake):
        _hot_path(False)
        try:
            return triage(intake, kb, engine="experta")
        finally:
            _hot_path(True)

    return {
        VARIANTS[0]: before,
        VARIANTS[1]: lambda intake: triage(intake, kb, engine="experta"),
        VARIANTS[2]: lambda intake: triage(intake, kb, engine="clips"),
        VARIANTS[3]: lambda intake: clips.fire(derive_signals(intake)),
        VARIANTS[4]: lambda intake: evaluate(baseline, derive_signals(intake)),
    }


def _agree(kb: KnowledgeBase, intake: Intake) -> bool:
    """experta (both paths), CLIPS and the baseline give the same firings and outcome."""
    signals = derive_signals(intake)
    runs = []
    for on in (False, True):
        _hot_path(on)
        runs.append(experta_engine_for(kb).evaluate(signals))
    _hot_path(True)
    runs.append(clips_engine_for(kb).evaluate(signals))
    same = all(
        (r.firings, r.conclusions, r.recommended)
        == (runs[0].firings, runs[0].conclusions, runs[0].recommended)
        for r in runs
    )
    return same and evaluate(compile_baseline(kb), signals) == outcome_of(runs[0])


def _stats(seconds: list[float]) -> dict[str, float]:
    ms = sorted(s * 1000 for s in seconds)
    return {"median_ms": statistics.median(ms), "p95_ms": ms[int(0.95 * (len(ms) - 1))]}


def _paired(a: list[float], b: list[float]) -> float:
    """Median of the per-intake ratios a / b."""
    return statistics.median(x / y for x, y in zip(a, b, strict=True) if y)


def measure_scale(kb: KnowledgeBase, intakes: list[Intake]) -> dict[str, object]:
    variants = _variants(kb)
    names = list(variants)
    for intake in intakes[:10]:
        for call in variants.values():
            call(intake)
    cpu: dict[str, list[float]] = {n: [] for n in names}
    wall: dict[str, list[float]] = {n: [] for n in names}
    order = random.Random(2026)
    for intake in intakes:
        for name in order.sample(names, len(names)):
            started, started_cpu = time.perf_counter(), time.process_time()
            variants[name](intake)
            cpu[name].append(time.process_time() - started_cpu)
            wall[name].append(time.perf_counter() - started)
    before, after, clips, bare = (cpu[n] for n in VARIANTS[:4])
    return {
        "rules": len(kb.rules),
        "intakes": len(intakes),
        "cpu": {n: _stats(cpu[n]) for n in names},
        "wall": {n: _stats(wall[n]) for n in names},
        "speedup_after": _paired(before, after),
        "after_over_clips": _paired(after, clips),
        "clips_over_bare": _paired(clips, bare),
        "agreed": sum(_agree(kb, intake) for intake in intakes),
    }


def measure(kb: KnowledgeBase, intakes: list[Intake], factors: list[int]) -> list[dict]:
    """One row per rule scale; growth is each variant's median over its median at x1."""
    rows = []
    with tempfile.TemporaryDirectory(prefix="stridewise-engines-") as tmp:
        for factor in factors:
            scaled = scaled_knowledge_base(factor, Path(tmp), kb)
            rows.append({"factor": factor, **measure_scale(scaled, intakes)})
    first = rows[0]["cpu"]
    for row in rows:
        row["growth"] = {n: row["cpu"][n]["median_ms"] / first[n]["median_ms"] for n in first}
    return rows
