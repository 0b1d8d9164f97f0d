"""The independently written evaluation sets: their shape, the fixed split, the ratchet on
serious misses (CI fails on a new one, and on a listed one that now passes), and ACCURACY.md
holding the figures of a fresh run. One run of every set is shared by the module (slow-ish).

Test-split cases are loaded and scored by code here, never printed: failure messages name
only ids, splits and levels.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml
from evaluation.history import NoHistory, added_without_their_case_in_git
from evaluation.make_split import split as make_split

from stridewise.triage import evaluate as ev
from stridewise.triage.reading.reader import triage_comment
from stridewise.triage.render.evaluate import figures_in, markdown_tables

REPO = Path(__file__).resolve().parent.parent
EVAL = REPO / "tests" / "evaluation"
CASES = REPO / "tests" / "cases"
KNOWN = EVAL / ev.known_misses.FILE_NAME
SETS = tuple(sorted(p.name for p in EVAL.iterdir() if (p / "dev.yaml").is_file()))
BY_SOURCE = {"blind3"}  # written as a few comments per presentation: split by guidance too


@pytest.fixture(scope="module")
def evaluation() -> ev.Evaluation:
    return ev.evaluate_paths([EVAL, CASES])


def _raw(set_name: str) -> list[dict]:
    return [
        c
        for s in ("dev", "test")
        for c in yaml.safe_load((EVAL / set_name / f"{s}.yaml").read_text())
    ]


def test_blind_set_has_the_size_and_mix_the_issue_asks_for():
    mix = Counter(c["disposition"] for c in _raw("blind"))
    minimum = {"emergency": 25, "urgent": 35, "routine": 40, "self_care": 70, "none": 30}
    assert sum(mix.values()) >= 200
    assert {level: mix[level] >= n for level, n in minimum.items()} == dict.fromkeys(minimum, True)


def test_real_world_set_has_at_least_80_messages_each_with_its_address():
    cases = _raw("real")
    assert len(cases) >= 80
    assert [c["id"] for c in cases if not c.get("url") or not c.get("site")] == []


@pytest.mark.parametrize("set_name", SETS)
def test_each_set_is_the_seeded_stratified_split_make_split_gives(set_name):
    raw = _raw(set_name)
    again = make_split(raw, by_source=set_name in BY_SOURCE)
    for split_name in ("dev", "test"):
        written = yaml.safe_load((EVAL / set_name / f"{split_name}.yaml").read_text())
        assert [c["id"] for c in written] == [c["id"] for c in again[split_name]]


@pytest.mark.parametrize(
    "path", sorted(EVAL.glob("*/*.yaml")), ids=lambda p: f"{p.parent.name}/{p.stem}"
)
def test_each_split_file_opens_with_the_dev_test_rule(path):
    with path.open(encoding="utf-8") as handle:
        header = handle.readline() + handle.readline()
    rule = "read its misses freely" if path.stem == "dev" else "NEVER read for tuning"
    assert header.startswith("#") and rule in header


def test_every_evaluation_case_cites_guidance_in_the_evaluation_sources():
    sources = {s["id"] for s in yaml.safe_load((EVAL / "sources.yaml").read_text())}
    unknown = [(c.id, c.source) for c in ev.load_cases([EVAL]) if c.source not in sources]
    assert unknown == []


def test_comments_are_triaged_exactly_as_stridewise_reply_triages_them(evaluation):
    dev = [c for c in ev.load_cases([EVAL / "blind" / "dev.yaml"])][:12]
    got = {r.id: r.got for r in evaluation.results}
    assert {c.id: triage_comment(str(c.input))[1].disposition.level for c in dev} == {
        c.id: got[c.id] for c in dev
    }


def test_no_case_errors(evaluation):
    assert [(r.id, r.split) for r in evaluation.results if r.outcome == "error"] == []


def test_every_serious_miss_is_a_listed_known_miss(evaluation):
    """A new under-triaged emergency or urgent case, or unsafe advice, fails CI until it is
    fixed or listed (with why) by a change to that case."""
    assert [(r.id, r.split, r.got, r.unsafe) for r in evaluation.ratchet.unlisted] == []


def test_no_listed_known_miss_now_passes(evaluation):
    """Fixed cases leave the list: `stridewise eval tests/evaluation --update-known-misses`."""
    assert [(k.id, k.split) for k in evaluation.ratchet.fixed] == []


def test_the_known_misses_list_covers_the_evaluation_sets(evaluation):
    assert evaluation.ratchet.file == str(KNOWN) and evaluation.ratchet.listed > 0


def test_every_known_miss_says_why_dev_ones_in_a_persons_words():
    for miss in ev.load_list(KNOWN):
        if ev.is_held_out(miss.split):
            assert miss.why.startswith("held out: not read"), miss.id
        else:
            assert miss.why != ev.UNREVIEWED, f"{miss.id}: write why it misses"


def test_accuracy_md_holds_the_figures_of_a_fresh_run(evaluation):
    """Regenerate with the command at the top of ACCURACY.md."""
    document = (REPO / "ACCURACY.md").read_text(encoding="utf-8")
    assert figures_in(document) == markdown_tables(evaluation).strip()


def test_a_known_miss_is_added_only_by_a_change_that_adds_or_edits_its_case():
    """Entries added since the previous commit that touched the list (or, with uncommitted
    changes, since HEAD) must come with a change to their case: the list only shrinks."""
    try:
        assert added_without_their_case_in_git(EVAL) == []
    except NoHistory as reason:
        pytest.skip(str(reason))
