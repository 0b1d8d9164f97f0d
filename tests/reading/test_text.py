"""Comment reading: facts with their exact words, answers only for what the reader affirms."""

from __future__ import annotations

import subprocess
import sys

import pytest

from stridewise.triage.engine.intake import Region, Timing
from stridewise.triage.errors import InvalidInput
from stridewise.triage.reading.facts import read_number
from stridewise.triage.reading.reader import read_comment, read_comments, triage_comment

SAMPLES = [
    "My achillies wakes me at night and it eases once I get moving.",
    "Sore right knee on stairs for 3 weeks now, about 6/10 on runs.",
    "I have torn my hammy and laid off for a couple of months.",
    "No numbness, but my lower back aches when sitting.",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_every_fact_quotes_its_exact_words(kb, text):
    reading = read_comment(text, kb)
    assert reading.extracted
    for fact in reading.extracted:
        assert text[fact.start : fact.end] == fact.text
    for path, evidence in reading.quotes.items():
        for item in evidence:
            assert item.field == path
            assert text[item.start : item.end] == item.text


def test_extracted_facts_are_in_text_order(kb):
    reading = read_comment(SAMPLES[1], kb)
    starts = [f.start for f in reading.extracted]
    assert starts == sorted(starts)


def test_misspelt_achilles_is_read_as_achilles(kb):
    reading = read_comment("my achillies hurts", kb)
    assert [c.region for c in reading.intake.complaints] == [Region.achilles]


def test_informal_hammy_is_the_back_of_the_thigh(kb):
    reading = read_comment("pulled my hammy on the track", kb)
    assert reading.intake.complaints[0].region == Region.back_thigh


def test_side_duration_score_and_timing_land_on_the_complaint(kb):
    complaint = read_comment(SAMPLES[1], kb).intake.complaints[0]
    assert complaint.region == Region.knee
    assert complaint.side.value == "right"
    assert complaint.duration_weeks == 3
    assert complaint.pain == 6
    assert Timing.stairs in complaint.hurts_when


def test_weeks_laid_off_is_training_time_off_not_duration(kb):
    reading = read_comment(SAMPLES[2], kb)
    assert reading.intake.training.weeks_off == pytest.approx(8.7)
    assert reading.intake.complaints[0].duration_weeks is None


def test_a_tilde_before_a_number_reads_as_about(kb):
    complaint = read_comment("My left knee has ached on runs for ~3 months.", kb).intake.complaints[
        0
    ]
    assert complaint.duration_weeks == 13


@pytest.mark.parametrize(
    "text",
    [
        "I've been running for about 10 years and my right knee started aching last week.",
        "Same shoes for the past 18 months, and my right knee started aching last week.",
    ],
)
def test_years_of_running_or_of_one_pair_of_shoes_are_not_how_long_it_hurts(kb, text):
    weeks = read_comment(text, kb).intake.complaints[0].duration_weeks
    assert weeks is None or weeks < 4


def test_quotes_carry_the_answer_as_triage_prints_it(kb):
    reading = read_comment(SAMPLES[2], kb)
    (evidence,) = reading.quotes["training.weeks_off"]
    assert evidence.value == str(reading.intake.training.weeks_off)
    assert evidence.text == "laid off for a couple of months"


def test_triage_comment_quotes_the_reader_in_the_trace(kb):
    reading, report = triage_comment(SAMPLES[0], kb)
    quoted = {
        e.text
        for firing in report.trace
        for signal in firing.matched
        for e in signal.evidence
        if e.text is not None
    }
    assert "achillies" in quoted
    assert reading.intake.complaints[0].eases_with_movement == "yes"


def test_a_comment_with_no_injury_has_no_complaint(kb):
    reading = read_comment("Great video, thanks! Love the channel.", kb)
    assert reading.intake.complaints == ()
    assert not reading.is_injury_report
    assert "thanks" in reading.topics


def test_pain_without_a_named_region_is_still_an_injury_report(kb):
    reading = read_comment("It hurts when I hop, what should I do?", kb)
    assert reading.is_injury_report
    assert [c.region.value for c in reading.intake.complaints] == ["unknown"]
    assert any(f.fact == "complaints[0].hurts_when" for f in reading.extracted)


def test_reading_many_matches_reading_one_at_a_time(kb):
    assert list(read_comments(SAMPLES, kb)) == [read_comment(t, kb) for t in SAMPLES]


def test_the_same_comment_always_reads_the_same(kb):
    assert read_comment(SAMPLES[3], kb) == read_comment(SAMPLES[3], kb)


@pytest.mark.parametrize(
    ("words", "unit", "expected"),
    [
        (("for", "9", "weeks"), "weeks", "9"),
        (("a", "couple", "of", "months"), "weeks", "8.7"),
        (("for", "two", "years"), "weeks", "104"),
        (("9wks",), "weeks", "9"),
        (("for", "years"), "weeks", "104"),  # a plural unit alone is at least two
        (("for", "months"), "weeks", "8.7"),
        (("for", "many", "years"), "weeks", "156"),
        (("for", "a", "year"), "weeks", "52"),
        (("for", "the", "week"), "weeks", None),
        (("7/10",), "score", "7"),
        (("6.5", "out", "of", "10"), "score", "7"),
        (("for", "20", "years"), "weeks", None),
        (("12/10",), "score", None),
    ],
)
def test_numbers_are_read_in_their_units(words, unit, expected):
    assert read_number(words, unit) == expected


def test_importing_the_library_does_not_load_spacy():
    code = (
        "import sys, stridewise.triage, stridewise.triage.reading.reader, stridewise.cli.app\n"
        "print(sorted(m for m in ('spacy', 'medspacy') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "[]"


def test_a_lexicon_entry_with_an_unknown_answer_field_is_refused():
    from stridewise.triage.errors import KnowledgeBaseError
    from stridewise.triage.reading.lexicon import parse_lexicon

    bad = {"terms": [{"field": "complaints[].colour", "value": "red", "phrases": ["red"]}]}
    with pytest.raises(KnowledgeBaseError, match=r"complaints\[\]\.colour"):
        parse_lexicon(bad)


def test_two_concepts_with_one_id_are_refused():
    from stridewise.triage.errors import KnowledgeBaseError
    from stridewise.triage.reading.lexicon import parse_lexicon

    bad = {
        "terms": [],
        "concepts": [
            {"id": "press_tender", "phrases": ["tender"]},
            {"id": "press_tender", "phrases": ["sore to press"]},
        ],
    }
    with pytest.raises(KnowledgeBaseError, match=r"concepts\[1\]: 'press_tender' is already"):
        parse_lexicon(bad)


def test_a_frame_reopened_by_an_unknown_answer_field_is_refused():
    from stridewise.triage.errors import KnowledgeBaseError
    from stridewise.triage.reading.lexicon import parse_lexicon

    bad = {
        "terms": [],
        "concepts": [
            {"id": "checked", "phrases": ["all clear"]},
            {"id": "since", "phrases": ["since"]},
        ],
        "frames": [
            {
                "field": "health.cleared_nothing_since",
                "value": "yes",
                "all": ["checked", "since"],
                "reopened_by_later": ["health.warning_sign"],
                "examples": ["All clear since."],
            }
        ],
    }
    with pytest.raises(KnowledgeBaseError, match=r"reopened_by_later .*health\.warning_sign"):
        parse_lexicon(bad)


def test_a_context_trigger_sparing_an_unknown_target_is_refused():
    from stridewise.triage.errors import KnowledgeBaseError
    from stridewise.triage.reading.lexicon import parse_lexicon

    bad = {
        "terms": [{"field": "complaints[].swelling", "value": "yes", "phrases": ["swollen"]}],
        "context": [
            {
                "category": "NEGATED_EXISTENCE",
                "direction": "BACKWARD",
                "phrases": ["fine"],
                "not_for": ["complaints[].swollen"],
            }
        ],
    }
    with pytest.raises(KnowledgeBaseError, match=r"not_for 'complaints\[\]\.swollen'"):
        parse_lexicon(bad)


def test_a_context_trigger_for_an_unknown_target_only_is_refused():
    from stridewise.triage.errors import KnowledgeBaseError
    from stridewise.triage.reading.lexicon import parse_lexicon

    bad = {
        "terms": [{"field": "complaints[].locked", "value": "yes", "phrases": ["locks"]}],
        "context": [
            {
                "category": "NEGATED_EXISTENCE",
                "direction": "BIDIRECTIONAL",
                "phrases": ["clicks free"],
                "only_for": ["complaints[].lockd"],
            }
        ],
    }
    with pytest.raises(KnowledgeBaseError, match=r"only_for 'complaints\[\]\.lockd'"):
        parse_lexicon(bad)


def test_a_bare_yaml_yes_in_the_lexicon_is_refused_not_read_as_true():
    from stridewise.triage.errors import KnowledgeBaseError
    from stridewise.triage.reading.lexicon import parse_lexicon

    bare = {"terms": [{"field": "complaints[].swelling", "value": True, "phrases": ["swollen"]}]}
    with pytest.raises(KnowledgeBaseError, match="value"):
        parse_lexicon(bare)


def test_every_shipped_term_value_is_an_answer_the_intake_accepts(kb):
    from stridewise.triage.engine.answer_paths import intake_from_answers
    from stridewise.triage.reading.reader import comment_lexicon

    for term in comment_lexicon(kb).terms:
        answers = [(term.field, term.value)]
        if term.field.startswith("complaints[]") and term.field != "complaints[].region":
            answers.insert(0, ("complaints[].region", "knee"))
        intake_from_answers(answers)  # raises InvalidInput naming the field if not


def test_phrase_syntax_alternatives_optional_words_and_numbers(kb):
    reading = read_comment("My knee has hurt on the stairs for 2 wks.", kb)
    facts = {(f.fact, f.value) for f in reading.extracted}
    assert ("complaints[0].hurts_when", "stairs") in facts
    assert ("complaints[0].duration_weeks", "2") in facts


def test_a_comment_over_the_length_cap_is_invalid_input_not_a_long_wait():
    from stridewise.triage.reading.reader import MAX_COMMENT_CHARS

    with pytest.raises(InvalidInput, match=r"expected at most 20,000"):
        read_comment("my knee hurts. " * (MAX_COMMENT_CHARS // 10))
