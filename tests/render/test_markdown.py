"""Markdown output: a report with its explanations, ready to paste into an email or a reply."""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from stridewise.cli.app import app
from stridewise.triage import Intake, load_intake, triage
from stridewise.triage.render.markdown import report_markdown

runner = CliRunner()


def _markdown(kb, path):
    report = triage(load_intake(path), kb)
    return report, report_markdown(report, kb)


def _headings(text: str) -> list[str]:
    tokens = MarkdownIt().parse(text)
    return [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]


def test_markdown_puts_the_disposition_first_then_findings_exercises_and_held_back(
    kb, examples_dir
):
    report, text = _markdown(kb, examples_dir / "torn_iliacus_return.yaml")
    headings = _headings(text)
    assert headings[0].startswith(report.disposition.label)
    assert headings[1:] == ["Possible findings", "Starting exercises", "Held back"]
    assert text.rstrip().endswith(f"*{report.notice}*")


@pytest.mark.parametrize(
    "name",
    [
        "achilles_night_ache.yaml",
        "glute_pain_driving.yaml",
        "inner_hip_hills.yaml",
        "torn_iliacus_return.yaml",
    ],
)
def test_every_exercise_and_every_held_back_one_has_its_dose_or_reason_and_a_why(
    kb, examples_dir, name
):
    report, text = _markdown(kb, examples_dir / name)
    lines = text.splitlines()
    for r in report.recommendations:
        at = next(i for i, line in enumerate(lines) if line.startswith(f"- **{r.name}**"))
        assert r.dosage.text in lines[at]
        assert lines[at + 3].startswith("  - *Why:* ")
    for b in report.blocked:
        at = next(i for i, line in enumerate(lines) if line.startswith(f"- **{b.name}**"))
        assert lines[at + 1].startswith("  - *Why:* ") and b.by in lines[at + 1]


def test_markdown_renders_to_html_with_the_why_lines_as_emphasis(kb, examples_dir):
    _, text = _markdown(kb, examples_dir / "inner_hip_hills.yaml")
    html = MarkdownIt().render(text)
    assert html.count("<em>Why:</em>") >= 1 + 4
    assert "<h2>Self-care" in html


def test_markdown_escapes_formatting_characters_in_knowledge_base_text(kb, examples_dir):
    _, text = _markdown(kb, examples_dir / "inner_hip_hills.yaml")
    html = MarkdownIt().render(text)
    assert "<h1>" not in html and "<table>" not in html
    assert "\\_" not in html


def test_markdown_for_a_red_flag_says_all_exercise_is_held_back(kb, examples_dir):
    data = load_intake(examples_dir / "inner_hip_hills.yaml").model_dump(mode="json")
    data["complaints"][0].update(region="groin", hurts_when=["hopping"])
    report = triage(Intake.model_validate(data), kb)
    text = report_markdown(report, kb)
    assert "## Urgent" in text
    assert "**All exercise advice is held back until you have been seen.**" in text
    assert "### Starting exercises" not in text


def test_triage_format_markdown_prints_the_markdown_report(kb, examples_dir):
    path = examples_dir / "achilles_night_ache.yaml"
    result = runner.invoke(app, ["triage", "-a", str(path), "--format", "markdown"])
    assert result.exit_code == 0, result.output
    assert result.stdout == report_markdown(triage(load_intake(path), kb), kb)


def test_triage_format_json_is_the_same_as_the_json_flag(examples_dir):
    path = str(examples_dir / "achilles_night_ache.yaml")
    by_format = runner.invoke(app, ["triage", "-a", path, "--format", "json"])
    by_flag = runner.invoke(app, ["triage", "-a", path, "--json"])
    assert by_format.exit_code == by_flag.exit_code == 0
    assert by_format.stdout == by_flag.stdout


def test_triage_rejects_an_unknown_format(examples_dir):
    path = str(examples_dir / "achilles_night_ache.yaml")
    result = runner.invoke(app, ["triage", "-a", path, "--format", "html"])
    assert result.exit_code == 2
