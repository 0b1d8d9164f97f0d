"""Choosing the rule engine: experta by default, CLIPS by argument, variable or --engine."""

from __future__ import annotations

import os
import sys

import pytest
from typer.testing import CliRunner

from stridewise.cli.app import app
from stridewise.triage import InvalidInput, load_intake, triage
from stridewise.triage.engine import pipeline


def test_experta_is_the_default_engine(monkeypatch):
    monkeypatch.delenv(pipeline.ENGINE_VARIABLE, raising=False)
    assert pipeline.chosen_engine() == "experta"


def test_an_unknown_engine_is_invalid_input(monkeypatch):
    monkeypatch.setenv(pipeline.ENGINE_VARIABLE, "drools")
    with pytest.raises(InvalidInput, match="expected one of experta, clips"):
        pipeline.chosen_engine()


def test_asking_for_clips_without_clipspy_says_how_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "clips", None)
    monkeypatch.delenv(pipeline.ENGINE_VARIABLE, raising=False)
    with pytest.raises(InvalidInput, match=r"stridewise\[clips\]"):
        pipeline.use_engine("clips")
    assert pipeline.ENGINE_VARIABLE not in os.environ


def test_both_engines_give_the_same_report_by_argument_and_by_variable(
    kb, examples_dir, monkeypatch
):
    pytest.importorskip("clips", reason='clipspy is not installed: pip install "stridewise[clips]"')
    for path in sorted(examples_dir.glob("*.yaml")):
        intake = load_intake(path)
        expected = triage(intake, kb, engine="experta").model_dump_json()
        assert triage(intake, kb, engine="clips").model_dump_json() == expected
        monkeypatch.setenv(pipeline.ENGINE_VARIABLE, "clips")
        assert triage(intake, kb).model_dump_json() == expected
        monkeypatch.delenv(pipeline.ENGINE_VARIABLE)


def test_the_engine_option_picks_clips_and_rejects_an_unknown_engine(examples_dir, monkeypatch):
    pytest.importorskip("clips", reason='clipspy is not installed: pip install "stridewise[clips]"')
    monkeypatch.delenv(pipeline.ENGINE_VARIABLE, raising=False)
    answers = str(examples_dir / "achilles_night_ache.yaml")
    runner = CliRunner()
    default = runner.invoke(app, ["triage", "--answers", answers, "--json"])
    chosen = runner.invoke(app, ["triage", "--answers", answers, "--json", "--engine", "clips"])
    assert chosen.exit_code == 0 and chosen.stdout == default.stdout
    assert pipeline.chosen_engine() == "clips"
    monkeypatch.delenv(pipeline.ENGINE_VARIABLE)
    wrong = runner.invoke(app, ["demo", "--engine", "drools"])
    assert wrong.exit_code == 2
