"""Comment text: long runs of symbols, emoji or one word are shortened before tokenizing (so a
comment at the cap reads in time), without changing digits or the words a reader wrote."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from stridewise.triage.reading.sanitize import MAX_REPEATS, collapse_runs, one_line, visible


def test_runs_of_one_symbol_or_emoji_are_cut_to_three():
    assert collapse_runs("ouch" + "!" * 20_000) == "ouch!!!"
    assert collapse_runs("\U0001f44d\U0001f3fd" * 500) == "\U0001f44d\U0001f3fd" * 3
    assert collapse_runs(". " * 500 + "knee") == ". . . knee"


def test_numbers_are_never_shortened():
    assert collapse_runs("100000 steps, 1111 m, 0.0000") == "100000 steps, 1111 m, 0.0000"


@given(st.text(max_size=300))
def test_collapsing_never_adds_text_and_leaves_no_long_run_of_one_character(text):
    out = collapse_runs(text)
    assert len(out) <= len(text)
    assert re.search(rf"([^\d])\1{{{MAX_REPEATS + 1},}}", out) is None


@given(st.text(max_size=200))
def test_collapsing_keeps_every_digit_in_order(text):
    assert re.sub(r"\D", "", collapse_runs(text)) == re.sub(r"\D", "", text)


def test_an_author_becomes_one_line_without_markup_or_control_characters():
    assert one_line("Ann\n## Forged heading\r\x1b[31m<script>x</script>", 80) == (
        "Ann ## Forged heading [31m"
    )


@given(st.text(alphabet=st.characters(codec="utf-8")))
def test_visible_keeps_every_character_but_format_and_control_codes(text):
    kept = visible(text)
    expected = "".join(
        c for c in text if unicodedata.category(c) not in {"Cf", "Cc"} or c in "\n\t"
    ).strip()
    assert kept == expected


def test_visible_drops_a_zero_width_space_and_a_bell_but_keeps_lines():
    assert visible("knee\u200b hurts\x07\nstill") == "knee hurts\nstill"
