"""experta's hot path (experta_compat.use_hot_path) changes speed only: the same firings, in the
same order, and the same log lines when a watcher is on. tests/engine/test_differential.py runs
it over thousands of intakes; these tests pin each mechanism on a few."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from stridewise.triage import load_intake
from stridewise.triage.engine import experta_compat as ec
from stridewise.triage.engine.experta_engine import engine_for
from stridewise.triage.engine.rules import conditions_for
from stridewise.triage.engine.signals import derive_signals

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks.generate import distinct_intakes  # noqa: E402


@contextmanager
def hot_path(on: bool) -> Iterator[None]:
    before = ec.hot_path_on()
    ec.use_hot_path(on)
    try:
        yield
    finally:
        ec.use_hot_path(before)


def _run(kb, intake, on: bool):
    with hot_path(on):
        result = engine_for(kb).evaluate(derive_signals(intake))
    return result.firings, result.conclusions, result.recommended


def test_the_hot_path_is_on_by_default_with_experta_1_9_4():
    assert ec.experta.__version__ == ec.EXPERTA_VERSION and ec.hot_path_on()


def test_the_hot_path_fires_what_experta_s_own_code_fires_in_the_same_order(kb, examples_dir):
    intakes = [load_intake(p) for p in sorted(examples_dir.glob("*.yaml"))]
    intakes += distinct_intakes(300, seed=16)
    for intake in intakes:
        assert _run(kb, intake, on=True) == _run(kb, intake, on=False), intake


def test_the_hot_path_indexes_the_alpha_network_and_experta_s_own_does_not(kb):
    for on in (True, False):
        with hot_path(on):
            nodes = engine_for(kb).matcher._every_node
        indexed = [n for n in nodes if "triage_index" in n.__dict__]
        assert bool(indexed) is on


def test_none_atoms_tested_in_one_scope_become_one_negation_on_the_hot_path(kb):
    rule = max(kb.rules.values(), key=lambda r: len(r.when.none))
    positives = len(rule.when.all) + len(rule.when.any)
    assert len(conditions_for(rule)) == positives + len(rule.when.none)
    assert len(conditions_for(rule, group_none=True)) <= positives + 2  # general and bound


def test_a_watcher_still_sees_every_check_activation_and_firing_on_the_hot_path(
    kb, examples_dir, caplog
):
    """The networks differ (grouped negations), so the lines are compared by kind."""
    intake = load_intake(examples_dir / "achilles_night_ache.yaml")
    lines = {}
    ec.experta.watchers.watch("MATCH", "MATCHER")
    try:
        for on in (False, True):
            caplog.clear()
            with caplog.at_level(logging.DEBUG, logger="experta.watchers"):
                _run(kb, intake, on)
            lines[on] = [r.getMessage() for r in caplog.records]
    finally:
        ec.experta.watchers.unwatch()
    for kind in ("what=", "type(", "activated with token", "activated left", "<BusNode> added"):
        assert any(kind in line for line in lines[True]), kind
    fired = {on: [_firing(line) for line in lines[on] if line.startswith("FIRE")] for on in lines}
    assert fired[True] and fired[True] == fired[False]


def _firing(line: str) -> tuple[str, list[str]]:
    """'FIRE 1 ACH-002: <f-1>, <f-7>' as the rule and its facts in order (a set is printed)."""
    head, _, facts = line.partition(": ")
    return head, sorted(facts.split(", "))


def test_with_another_experta_version_nothing_is_patched(monkeypatch):
    feature_check = ec._check.FeatureCheck.__call__
    with hot_path(False):
        original = ec._check.FeatureCheck.__call__
        monkeypatch.setattr(ec, "PATCHED", False)
        ec.use_hot_path(True)
        assert not ec.hot_path_on() and ec._check.FeatureCheck.__call__ is original
        monkeypatch.setattr(ec, "PATCHED", True)
    assert ec._check.FeatureCheck.__call__ is feature_check


def test_a_network_built_on_the_hot_path_refuses_to_run_off_it(kb, examples_dir):
    engine = engine_for(kb)
    signals = derive_signals(load_intake(examples_dir / "achilles_night_ache.yaml"))
    with hot_path(False), pytest.raises(RuntimeError, match="hot path"):
        engine.evaluate(signals)
