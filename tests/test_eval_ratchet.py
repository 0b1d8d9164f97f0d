"""The ratchet's rules on made-up runs, the written-case format, the tag aliases, and that a
held-out split's misses are counted but never shown."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console
from typer.testing import CliRunner

from stridewise.cli.app import app
from stridewise.triage import InvalidInput
from stridewise.triage import evaluate as ev
from stridewise.triage.render.evaluate import render_evaluation, splice_figures

runner = CliRunner()
THANKS = "Thanks for the article, great read!"


def result(id: str, split: str, expected: str, got: str | None, **extra) -> ev.CaseResult:
    outcome = extra.pop("outcome", "agree" if expected == got else "under")
    return ev.CaseResult(
        id=id,
        file="f",
        split=split,
        kind="comment",
        expected=expected,
        got=got,
        outcome=outcome,
        **extra,
    )


def miss(id: str, split: str = "blind/dev", why: str = "chest words not read") -> ev.KnownMiss:
    return ev.KnownMiss(id=id, split=split, got="none", why=why)


def written(id: str, disposition: str, text: str = THANKS, **extra) -> dict:
    return {
        "id": id,
        "text": text,
        "disposition": disposition,
        "source": "nhs-chest-pain",
        "guidance": "The guidance line that sets it.",
        **extra,
    }


def evaluation_folder(tmp_path: Path, cases: list[dict], known: str = "[]\n") -> Path:
    (tmp_path / "blind").mkdir()
    (tmp_path / "blind" / "dev.yaml").write_text(yaml.safe_dump(cases))
    (tmp_path / "blind" / "test.yaml").write_text(yaml.safe_dump([written("t-1", "none")]))
    (tmp_path / "sources.yaml").write_text("- id: nhs-chest-pain\n")
    (tmp_path / "known_misses.yaml").write_text(known)
    return tmp_path


def invoke(*args: str):
    return runner.invoke(app, ["eval", *args], env={"COLUMNS": "120", "NO_COLOR": "1"})


def test_an_unlisted_serious_miss_fails_and_a_listed_one_passes():
    results = [result("a", "blind/dev", "emergency", "none")]
    assert [r.id for r in ev.compare(results, [], None).unlisted] == ["a"]
    assert not ev.compare(results, [miss("a")], None).failed


def test_unsafe_advice_is_a_serious_miss_even_at_the_right_level():
    results = [result("a", "blind/dev", "routine", "routine", unsafe=("plantar_fascia_stretch",))]
    assert ev.compare(results, [], None).failed


def test_an_error_fails_even_when_listed():
    results = [result("a", "blind/dev", "urgent", None, outcome="error", message="boom")]
    assert ev.compare(results, [miss("a")], None).unlisted == tuple(results)


def test_a_listed_case_that_now_passes_or_is_gone_fails_as_fixed():
    results = [result("a", "blind/dev", "emergency", "emergency")]
    ratchet = ev.compare(results, [miss("a"), miss("gone")], None)
    assert [k.id for k in ratchet.fixed] == ["a", "gone"]


def test_entries_for_splits_that_did_not_run_are_left_alone():
    results = [result("a", "blind/dev", "none", "none")]
    assert not ev.compare(results, [miss("b", split="real/dev")], None).failed
    kept = ev.updated_list(results, [miss("b", split="real/dev")])
    assert [k.id for k in kept] == ["b"]


def test_updating_keeps_reasons_drops_fixed_and_marks_new_ones_by_split():
    results = [
        result("kept", "blind/dev", "urgent", "routine"),
        result("fixed", "blind/dev", "urgent", "urgent"),
        result("new", "blind/dev", "emergency", "none"),
        result("held", "blind/test", "emergency", "routine"),
    ]
    known = [miss("kept", why="my reason"), miss("fixed")]
    updated = {k.id: k for k in ev.updated_list(results, known)}
    assert set(updated) == {"kept", "new", "held"}
    assert updated["kept"].why == "my reason" and updated["kept"].got == "routine"
    assert updated["new"].why == ev.UNREVIEWED
    assert updated["held"].why == "held out: not read" and updated["held"].got == "routine"


def test_an_entry_added_without_a_change_to_its_case_is_reported():
    before, after = [miss("a")], [miss("a"), miss("b"), miss("c")]
    assert ev.added_without_their_case(before, after, {"b": True, "c": False}) == ["c"]


def test_the_list_round_trips_through_its_file_text():
    entries = (
        miss("a"),
        ev.KnownMiss(id="b", split="x/dev", got="routine", unsafe=("e",), why="w w"),
    )
    text = ev.dump_list(entries)
    assert text.startswith("# Serious misses")
    assert ev.entries_from(yaml.safe_load(text), "list") == entries


def test_an_entry_listed_twice_is_invalid_input():
    with pytest.raises(InvalidInput, match="a: listed twice"):
        ev.entries_from([miss("a").model_dump(), miss("a").model_dump()], "list")


def test_stretch_and_impact_are_read_as_knowledge_base_tags():
    case = ev.Case(
        id="c",
        kind="comment",
        input="x",
        disposition="routine",
        rationale="A clinical line.",
        source="s",
        never=("stretch", "impact", "loaded"),
    )
    assert ev.forbidden(case) == {"mobility", "plyometric", "drill", "loaded"}


def test_an_evaluation_folder_loads_every_split_and_skips_its_metadata(tmp_path):
    root = evaluation_folder(tmp_path, [written("d-1", "none", traits=["short"])])
    cases = ev.load_cases([root])
    assert [(c.id, c.split, c.kind) for c in cases] == [
        ("d-1", "blind/dev", "comment"),
        ("t-1", "blind/test", "comment"),
    ]


def test_a_written_case_with_an_unknown_field_names_it(tmp_path):
    root = evaluation_folder(tmp_path, [written("d-1", "none", colour="red")])
    with pytest.raises(InvalidInput, match="d-1: colour"):
        ev.load_cases([root])


def test_cli_fails_on_a_new_miss_then_update_lists_it_and_later_drops_it(tmp_path):
    root = evaluation_folder(tmp_path, [written("d-1", "emergency")])
    assert invoke(str(root), "--json").exit_code == 1
    assert invoke(str(root), "--update-known-misses", "--json").exit_code == 0
    listed = yaml.safe_load((root / "known_misses.yaml").read_text())
    assert [(k["id"], k["got"], k["why"]) for k in listed] == [("d-1", "none", ev.UNREVIEWED)]
    (root / "blind" / "dev.yaml").write_text(yaml.safe_dump([written("d-1", "none")]))
    fixed = json.loads(invoke(str(root), "--json").stdout)["ratchet"]["fixed"]
    assert [k["id"] for k in fixed] == ["d-1"]
    assert invoke(str(root), "--update-known-misses", "--json").exit_code == 0
    assert yaml.safe_load((root / "known_misses.yaml").read_text()) == []


def test_markdown_figures_show_the_confusion_matrix_and_sensitivities(tmp_path):
    root = evaluation_folder(tmp_path, [written("d-1", "emergency")])
    done = invoke(str(root), "--format", "markdown")
    out = done.stdout
    assert done.exit_code == 1, done.output
    assert "| blind/dev | 1 | 0/1 (0%) | 0% | 0/1 (0%) | 0/1 (0%) |" in out
    assert "| emergency | 1 | 0 | 0 | 0 | 0 |" in out


def test_held_out_misses_are_counted_but_never_listed():
    results = (
        result("seen", "blind/dev", "urgent", "routine"),
        result("held", "blind/test", "urgent", "routine"),
    )
    evaluation = ev.Evaluation(
        summary=ev.summarise(results),
        groups=(),
        results=results,
        ratchet=ev.compare(results, [], None),
    )
    console = Console(width=120, no_color=True, record=True)
    render_evaluation(evaluation, console)
    out = console.export_text()
    assert "seen" in out and "held" not in out.replace("held-out", "")
    assert "1 misses in held-out test splits: not shown." in out


def test_splicing_needs_the_figure_markers():
    with pytest.raises(InvalidInput, match="markers"):
        splice_figures("# no markers here", "| table |")


LEVEL_NAMES = st.sampled_from(ev.LEVELS)


@st.composite
def case_results(draw) -> ev.CaseResult:
    expected = draw(LEVEL_NAMES)
    if draw(st.booleans()) and draw(st.booleans()):
        return result("x", "s/dev", expected, None, outcome="error", message="boom")
    got = draw(LEVEL_NAMES)
    diff = ev.LEVELS.index(got) - ev.LEVELS.index(expected)
    outcome = "agree" if diff == 0 else "under" if diff < 0 else "over"
    unsafe = ("e",) if draw(st.booleans()) and draw(st.booleans()) else ()
    return result("x", "s/dev", expected, got, outcome=outcome, unsafe=unsafe)


@given(st.lists(case_results(), max_size=30))
def test_the_confusion_matrix_accounts_for_every_case_that_did_not_error(results):
    s = ev.summarise(results)
    assert sum(sum(row.values()) for row in s.confusion.values()) == s.run - s.errors
    assert sum(s.confusion[level][level] for level in ev.LEVELS) == s.agree
    assert s.agree + s.over + s.under + s.errors == s.run
    for share in (s.sensitivity_emergency, s.sensitivity_urgent):
        assert share is None or 0 <= share <= 1


@given(st.lists(case_results(), max_size=30))
def test_after_an_update_the_run_passes_the_ratchet_unless_a_case_errored(results):
    results = [r.model_copy(update={"id": f"c{i}"}) for i, r in enumerate(results)]
    ratchet = ev.compare(results, ev.updated_list(results, []), None)
    assert not ratchet.fixed
    assert ratchet.failed == any(r.outcome == "error" and r.serious for r in results)
