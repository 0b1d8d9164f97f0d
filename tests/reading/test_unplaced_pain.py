"""Issue 13.6: a pain the comment describes but never places is kept as a complaint of an
unknown region and asked about, not dropped as "no injury"."""

from __future__ import annotations

import pytest

from stridewise.triage.coach.reply import reply_to_comment
from stridewise.triage.reading.reader import read_comment, triage_comment


def _regions(text, kb):
    return [c.region.value for c in read_comment(text, kb).intake.complaints]


@pytest.mark.parametrize(
    "text",
    [
        "Sharp pain every time I land on that side during runs, help!",
        "My whole leg aches after runs lately, any advice?",
    ],
)
def test_a_pain_without_a_place_is_a_complaint_of_an_unknown_region(kb, text):
    assert _regions(text, kb) == ["unknown"]


def test_what_is_said_about_the_unplaced_pain_stays_with_it(kb):
    reading = read_comment("It really hurts when I hop, been like that for 2 weeks.", kb)
    complaint = reading.intake.complaints[0]
    assert complaint.region.value == "unknown"
    assert "hopping" in {t.value for t in complaint.hurts_when}


def test_the_whole_leg_beside_a_named_place_is_that_place(kb):
    assert _regions("My knee hurts on stairs and my whole leg feels heavy.", kb) == ["knee"]


@pytest.mark.parametrize(
    "text",
    [
        "Upped my mileage to 50k a week for the marathon, any tips on fuelling?",
        "Injury question for my club: which shoes are best for the steps on the hill course?",
    ],
)
def test_no_pain_affirmed_means_no_complaint(kb, text):
    assert _regions(text, kb) == []


def test_an_unplaced_pain_is_triaged_and_the_reply_asks_where(kb):
    text = "My whole leg aches after runs lately, any advice?"
    _, report, reply = reply_to_comment(text, kb=kb)
    assert report.disposition.level == "self_care"
    assert "where exactly it hurts" in reply.text


def test_unplaced_pain_on_hopping_is_referred_as_a_possible_stress_fracture(kb):
    _, report = triage_comment("It really hurts when I hop since my long run. Help?", kb)
    assert report.disposition.level == "urgent"
    assert "possible_bone_stress_injury" in {f.id for f in report.findings}


@pytest.mark.parametrize(
    ("text", "regions"),
    [
        # "hip" alone, then placed exactly: one outer-hip pain, with what was said of "hip".
        (
            "My right hip was agony after the run. The pain is on the very outside of my hip.",
            ["outer_hip"],
        ),
        (
            "Hip has ached for 3 weeks, 6/10, deep in the groin when I get out of the car.",
            ["groin"],
        ),
        # Sides that differ are two pains; so is a hip with two exact places to choose from.
        (
            "My left hip hurts after runs. It's on the outside of my right hip too.",
            ["hip_front", "outer_hip"],
        ),
        ("My hip flexor is tight and the outside of my hip is sore.", ["hip_front", "outer_hip"]),
    ],
)
def test_a_hip_named_roughly_then_exactly_is_one_pain(kb, text, regions):
    assert sorted(_regions(text, kb)) == sorted(regions)


def test_what_was_said_of_the_rough_hip_moves_to_the_exact_one(kb):
    text = "My right hip was agony, 8/10. The pain is on the outside of my hip."
    (complaint,) = read_comment(text, kb).intake.complaints
    assert (complaint.region.value, complaint.pain, complaint.side.value) == (
        "outer_hip",
        8,
        "right",
    )
