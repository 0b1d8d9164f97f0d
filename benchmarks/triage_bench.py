"""In-process triage figures: engine build, warm latency per intake, baseline overhead, scaling.

Every intake is also run through the baseline; any disagreement is collected, never hidden.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from stridewise.triage import Intake, triage
from stridewise.triage.engine.experta_compat import hot_path_on
from stridewise.triage.engine.experta_engine import _ENGINES, engine_for, run
from stridewise.triage.engine.kb_models import KnowledgeBase
from stridewise.triage.engine.signals import derive_signals

from .baseline import compile_baseline, evaluate, outcome_of
from .scaling import scaled_knowledge_base
from .timing import summary, timed


def engine_build(kb: KnowledgeBase, repeats: int) -> dict[str, object]:
    """Compile the rules into an engine class and instantiate it, from an empty cache."""
    samples = []
    for _ in range(repeats):
        _ENGINES.pop((kb.sha256, hot_path_on()), None)
        samples.append(timed(lambda: engine_for(kb))[:2])
    return {**summary([wall for wall, _ in samples]), "cpu": summary([cpu for _, cpu in samples])}


def warm_triage(kb: KnowledgeBase, intakes: list[Intake]) -> dict[str, object]:
    """Latency of `triage()` per intake in a warm process, and of the engine vs the baseline.

    `answers` (disposition level and recommended exercises per intake) lets callers compare runs.
    """
    rules = compile_baseline(kb)
    for intake in intakes[:20]:
        triage(intake, kb)
    full, full_cpu, engine_runs, engine_cpu, baseline_runs = [], [], [], [], []
    answers = []
    disagreements: list[dict[str, object]] = []
    for index, intake in enumerate(intakes):
        elapsed, cpu, report = timed(lambda i=intake: triage(i, kb))
        full.append(elapsed)
        full_cpu.append(cpu)
        answers.append(
            (report.disposition.level, tuple(r.exercise for r in report.recommendations))
        )
        signals = derive_signals(intake)
        elapsed, cpu, result = timed(lambda s=signals: run(kb, s))
        engine_runs.append(elapsed)
        engine_cpu.append(cpu)
        elapsed, _, expected = timed(lambda s=signals: evaluate(rules, s))
        baseline_runs.append(elapsed)
        got = outcome_of(result)
        if got != expected or report.disposition.level != expected.level:
            disagreements.append(
                {
                    "intake": index,
                    "engine": {
                        k: sorted(v) for k, v in vars(got).items() if v != getattr(expected, k)
                    },
                    "baseline": {
                        k: sorted(v) for k, v in vars(expected).items() if v != getattr(got, k)
                    },
                }
            )
    engine, baseline = summary(engine_runs), summary(baseline_runs)
    return {
        "triage": summary(full),
        "triage_cpu": summary(full_cpu),
        "engine_run": engine,
        "engine_run_cpu": summary(engine_cpu),
        "baseline_run": baseline,
        "engine_over_baseline": engine["median_ms"] / baseline["median_ms"],
        "agreed": len(intakes) - len(disagreements),
        "disagreements": disagreements[:10],
        "answers": answers,
    }


def scaling(kb: KnowledgeBase, intakes: list[Intake], factors: list[int], repeats: int) -> list:
    """Build and warm-triage cost with the rules cloned `factor` times."""
    rows = []
    baseline_answers: list[tuple] = []
    with tempfile.TemporaryDirectory(prefix="stridewise-bench-") as tmp:
        for factor in factors:
            scaled = scaled_knowledge_base(factor, Path(tmp), kb)
            build = engine_build(scaled, repeats)
            warm = warm_triage(scaled, intakes)
            answers = warm.pop("answers")
            baseline_answers = baseline_answers or answers
            same = sum(a == b for a, b in zip(answers, baseline_answers, strict=True))
            if factor != 1:
                _ENGINES.pop((scaled.sha256, hot_path_on()), None)
            rows.append(
                {
                    "factor": factor,
                    "rules": len(scaled.rules),
                    "build": build,
                    **warm,
                    "same_answers_as_x1": same,
                }
            )
    return rows
