"""The same problem written three ways gets the same triage (tests/reading/paraphrases.yaml)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from stridewise.triage.reading.reader import triage_comment

GROUPS = yaml.safe_load((Path(__file__).parent / "paraphrases.yaml").read_text(encoding="utf-8"))


def test_the_suite_has_at_least_twenty_problems_written_three_ways():
    assert len(GROUPS) >= 20
    assert all(len(group["comments"]) == 3 for group in GROUPS)
    assert len({group["id"] for group in GROUPS}) == len(GROUPS)


@pytest.mark.parametrize("group", GROUPS, ids=[g["id"] for g in GROUPS])
def test_paraphrases_get_the_same_disposition_and_recommendations(kb, group):
    outcomes = []
    for comment in group["comments"]:
        _, report = triage_comment(comment, kb)
        outcomes.append(
            (report.disposition.level, tuple(r.exercise for r in report.recommendations))
        )
    levels = [level for level, _ in outcomes]
    assert levels == [group["disposition"]] * 3, list(zip(group["comments"], levels, strict=True))
    assert len(set(outcomes)) == 1, list(zip(group["comments"], outcomes, strict=True))
