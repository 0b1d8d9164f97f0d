"""The benchmark modules work: inputs are valid and repeatable, and the baseline agrees with the
engine. Nothing here is timed; `python -m benchmarks` does the measuring."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from stridewise.triage import load_intake
from stridewise.triage.coach.inbox import read_inbox
from stridewise.triage.engine.experta_engine import run
from stridewise.triage.engine.signals import derive_signals

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks.baseline import compile_baseline, evaluate, outcome_of  # noqa: E402
from benchmarks.batch_memory import COMMENT_CHARS, tree_rss, write_inbox  # noqa: E402
from benchmarks.engines import measure as measure_engines  # noqa: E402
from benchmarks.generate import distinct_intakes  # noqa: E402
from benchmarks.report import engine_markdown, markdown  # noqa: E402
from benchmarks.scaling import scaled_knowledge_base  # noqa: E402
from benchmarks.triage_bench import engine_build, scaling, warm_triage  # noqa: E402


def _intakes(examples_dir: Path, count: int = 40):
    examples = [load_intake(p) for p in sorted(examples_dir.glob("*.yaml"))]
    return examples + distinct_intakes(count, seed=11)


def test_generated_intakes_are_distinct_and_the_same_for_the_same_seed():
    first = distinct_intakes(50, seed=3)
    assert first == distinct_intakes(50, seed=3)
    assert len({i.model_dump_json() for i in first}) == 50
    assert first != distinct_intakes(50, seed=4)


def test_baseline_reaches_the_engines_conclusions_on_examples_and_generated_intakes(
    kb, examples_dir
):
    rules = compile_baseline(kb)
    for intake in _intakes(examples_dir):
        signals = derive_signals(intake)
        assert evaluate(rules, signals) == outcome_of(run(kb, signals)), intake


def test_baseline_comparison_catches_a_missing_rule(kb, examples_dir):
    signals = next(s for s in map(derive_signals, _intakes(examples_dir)) if run(kb, s).firings)
    fired = run(kb, signals).firings[0].rule
    without = kb.model_copy(update={"rules": {k: v for k, v in kb.rules.items() if k != fired}})
    assert evaluate(compile_baseline(without), signals) != outcome_of(run(kb, signals))


def test_cloned_rules_double_the_rules_but_change_no_answer(kb, examples_dir, tmp_path):
    doubled = scaled_knowledge_base(2, tmp_path, kb)
    assert len(doubled.rules) == 2 * len(kb.rules)
    rules = compile_baseline(doubled)
    for intake in _intakes(examples_dir, count=10):
        signals = derive_signals(intake)
        once, twice = outcome_of(run(kb, signals)), outcome_of(run(doubled, signals))
        assert (twice.level, twice.recommended) == (once.level, once.recommended)
        assert len(twice.firings) >= len(once.firings)
        assert evaluate(rules, signals) == twice


def test_eight_copies_of_the_rules_still_load_under_the_file_size_cap(kb, tmp_path):
    # Written as one clones file, x8 passed the loader's 2 MB cap once the shipped rules grew.
    assert len(scaled_knowledge_base(8, tmp_path, kb).rules) == 8 * len(kb.rules)


def test_the_markdown_report_shows_each_measure_and_the_agreement(kb, examples_dir):
    intakes = _intakes(examples_dir, count=5)
    warm = warm_triage(kb, intakes)
    answers = warm.pop("answers")
    assert len(answers) == len(intakes)
    results = {
        "machine": {
            "date": "today",
            "commit": "abc",
            "nproc": 2,
            "cpu": "cpu",
            "python": "3.11",
            "platform": "linux",
            "load_average_1_5_15": [0, 0, 0],
        },
        "settings": {"seed": 1, "intakes": len(intakes), "cold_runs": 1, "kb": "shipped"},
        "cold": {
            "stridewise --help": {"as_run": {"error": "boom"}},
            "stridewise triage --answers examples/achilles_night_ache.yaml": {
                "bytecode_cached": {
                    "median_ms": 700.0,
                    "min_ms": 650.0,
                    "max_ms": 800.0,
                    "cpu": {"median_ms": 500.0},
                }
            },
        },
        "kb_load_ms": 1.0,
        "rules": len(kb.rules),
        "engine_build": engine_build(kb, 1),
        "warm": warm,
        "scaling": scaling(kb, intakes[:3], [1, 2], 1),
        "comments": {
            "extraction": {
                "first_call_ms": 900.0,
                "read": {"n": 10, "median_ms": 1.5, "p99_ms": 3.0},
                "read_cpu": {"median_ms": 1.4, "p99_ms": 2.9},
                "read_and_triage": {"median_ms": 4.0, "p99_ms": 6.0},
                "read_and_triage_cpu": {"median_ms": 3.9, "p99_ms": 5.9},
            },
            "batch": {"error": "no inbox"},
        },
    }
    text = markdown(results)
    assert f"agreed on {len(intakes)} of {len(intakes)} intakes" in text
    assert "failed: boom" in text
    assert "| 700 ms | 650 ms | 500 ms | < 600 ms | met on CPU time only |" in text
    assert f"| x2 ({2 * len(kb.rules)}) |" in text
    assert "`reply --batch` failed: no inbox" in text


def test_the_engine_comparison_agrees_and_reports_every_target(kb, examples_dir):
    pytest.importorskip("clips", reason='clipspy is not installed: pip install "stridewise[clips]"')
    intakes = _intakes(examples_dir, count=4)
    rows = measure_engines(kb, intakes, [1, 2])
    assert [r["agreed"] for r in rows] == [len(intakes), len(intakes)]
    assert rows[1]["rules"] == 2 * rows[0]["rules"]
    machine = {"date": "today", "commit": "abc", "load_average_1_5_15": [0, 0, 0]}
    text = engine_markdown({"engines": rows, "machine": machine})
    assert f"| x2 ({2 * len(kb.rules)}) |" in text
    for target in ("faster at x1", "within 2x of bare CLIPS", "growth x1 to x2 at most 4x"):
        assert target in text


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".xml"])
def test_the_memory_benchmark_inboxes_read_back_with_every_comment(tmp_path, suffix):
    path = tmp_path / f"inbox{suffix}"
    count = write_inbox(path, count=5)
    comments, skipped = read_inbox(path)
    assert count == len(comments) == 5 and skipped == []
    assert all(len(c.text) >= COMMENT_CHARS for c in comments)
    assert write_inbox(path, size=20_000) == len(read_inbox(path)[0])


def test_the_memory_benchmark_counts_a_process_and_its_children():
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(5)"])
    try:
        assert tree_rss(os.getpid()) > 0
        assert tree_rss(os.getpid()) > tree_rss(child.pid) > 0
    finally:
        child.kill()
        child.wait()
