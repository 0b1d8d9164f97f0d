"""`stridewise ask` driven with scripted input: questions asked, saved answers, same report."""

from __future__ import annotations

import json
import re

import pytest
import yaml
from rich.console import Console
from test_questionnaire import ACHILLES, GROIN_HOPPING, PRESENTATIONS, drive
from typer.testing import CliRunner

from stridewise.cli.app import app
from stridewise.triage import load_intake

runner = CliRunner()
PROMPT = re.compile(r"^\[(\d+)\] ", re.MULTILINE)


def ask(lines: list[str], *args: str):
    return runner.invoke(
        app,
        ["ask", *args],
        input="".join(f"{line}\n" for line in lines),
        env={"COLUMNS": "80", "NO_COLOR": "1"},
    )


@pytest.mark.parametrize("name", PRESENTATIONS)
def test_scripted_session_saves_answers_that_triage_turns_into_the_same_report(kb, tmp_path, name):
    script, _, level = PRESENTATIONS[name]
    session, lines = drive(kb, script)
    saved = tmp_path / "answers.yaml"
    result = ask(lines, "--save", str(saved), "--json")
    assert result.exit_code == 0, result.output
    asked = PROMPT.findall(result.stderr)
    assert asked == [str(n) for n in range(1, len(lines) + 1)]
    assert len(asked) < 16
    report = json.loads(result.stdout)
    assert report["disposition"]["level"] == level
    assert load_intake(saved) == session.intake()
    again = runner.invoke(app, ["triage", "--answers", str(saved), "--json"])
    assert again.exit_code == 0
    assert json.loads(again.stdout) == report


def test_red_flag_answer_stops_the_questions_and_shows_what_to_do_now(kb, tmp_path):
    saved = tmp_path / "answers.yaml"
    _, lines = drive(kb, GROIN_HOPPING)
    result = ask(lines, "--save", str(saved))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert PROMPT.findall(out)[-1] == str(len(lines))
    assert "questions stop here" in out
    assert out.index("questions stop here") < out.index("What to do now")
    assert "Stop running now" in out
    assert "All exercise advice is held back" in out
    assert yaml.safe_load(saved.read_text())["complaints"][0]["hurts_when"] == ["hopping"]


def test_why_explains_the_question_and_asks_it_again():
    result = ask(["why", "achilles"])
    assert 'I ask "Which area hurts most?"' in result.stdout
    assert PROMPT.findall(result.stdout)[:2] == ["1", "2"]


def test_back_returns_to_the_previous_question(kb, tmp_path):
    _, lines = drive(kb, ACHILLES)
    saved = tmp_path / "answers.yaml"
    result = ask([lines[0], lines[1], "back", "left", *lines[2:]], "--save", str(saved))
    assert result.exit_code == 0, result.output
    assert PROMPT.findall(result.stdout)[:5] == ["1", "2", "3", "2", "3"]
    assert load_intake(saved).complaints[0].side.value == "left"


def test_invalid_answers_are_explained_and_asked_again(kb, tmp_path):
    session, lines = drive(kb, ACHILLES)
    firsts = [step[0][0] for step in session.steps]
    pain, duration = firsts.index("pain"), firsts.index("duration")
    fixed = [*lines[:duration], "soon", *lines[duration:pain], "11", *lines[pain:]]
    saved = tmp_path / "answers.yaml"
    result = ask(fixed, "--save", str(saved))
    assert result.exit_code == 0, result.output
    assert "Please type a number from 0 to 520." in result.stdout
    assert "11 is out of range; type a whole number from 0 to 10." in result.stdout
    assert load_intake(saved).complaints[0].pain == 2


def test_a_checklist_takes_numbers_with_a_question_mark_for_not_sure_and_reasks_bad_lines(
    tmp_path,
):
    saved = tmp_path / "answers.yaml"
    lines = ["buttock", "left", "gradual", "7", "3", "back", "none", "1?"]
    result = ask(lines, "--save", str(saved))
    out = result.stdout
    assert result.exit_code == 0, result.output
    assert "Any of these nerve signs?" in out
    assert "'7' is not an item here; type the numbers that apply (1 to 3)" in out
    assert PROMPT.findall(out) == ["1", "2", "3", "4", "5", "4", "5"]
    assert "questions stop here" in out
    intake = load_intake(saved)
    assert intake.health.saddle_numbness == "not_sure"
    assert intake.complaints[0].radiates_down_leg == "no"  # the step answered again


def test_input_that_ends_early_exits_2_without_a_traceback_or_a_file(tmp_path):
    saved = tmp_path / "answers.yaml"
    result = ask(["achilles", "right"], "--save", str(saved))
    assert result.exit_code == 2
    assert "ended before the questionnaire did" in result.stderr
    assert "Traceback" not in result.output
    assert not saved.exists()


def test_ctrl_c_exits_130_without_a_traceback(monkeypatch, tmp_path):
    def interrupt(self, *args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(Console, "input", interrupt)
    result = ask([], "--save", str(tmp_path / "answers.yaml"))
    assert result.exit_code == 130
    assert "Stopped; nothing was saved." in result.stderr
    assert "Traceback" not in result.output


def test_help_names_the_prompt_commands_and_exit_codes():
    result = runner.invoke(app, ["ask", "--help"], env={"COLUMNS": "100", "NO_COLOR": "1"})
    assert result.exit_code == 0
    for words in ("--save", "--json", "130", "piped"):
        assert words in result.stdout


def test_saving_to_a_folder_that_does_not_exist_exits_2_with_the_path(tmp_path):
    target = tmp_path / "missing" / "answers.yaml"
    result = ask(list(GROIN_HOPPING.values()), "--save", str(target))
    assert result.exit_code == 2
    assert f"{target}: cannot write the answers" in result.stderr
    assert "What to do now" in result.stdout  # the advice is shown before the save fails
    assert "Traceback" not in result.output


EVERYDAY = {
    "area": "inner hip",
    "side": "right",
    "onset": "gradually",
    "chest_pain": "nope",
    "fainting": "N",
    "age": "34",
    "hip_screen": "no",
    "duration": "2 months",
    "diagnosis": "no",
    "pain": "3/10",
    "when_hip": "hills and stairs",
    "strength_work": "not tried",
    "training_changes": "none",
    "worse_next_morning": "no",
    "season": "?",
}


def test_everyday_answers_are_accepted_and_no_at_the_danger_checklist_means_no(kb, tmp_path):
    session, lines = drive(kb, EVERYDAY)
    assert "none" in lines  # the danger checklist, where "nope" and "N" were both no
    saved = tmp_path / "answers.yaml"
    result = ask(lines, "--save", str(saved))
    assert result.exit_code == 0, result.output
    assert "is not one of the choices" not in result.stdout
    assert "Please" not in result.stdout and "is not an item here" not in result.stdout
    assert "questions stop here" not in result.stdout
    multi = [q for q in session.asked if kb.questions[q].kind == "multi_choice"]
    assert result.stdout.count("Type the numbers that apply, such as 1 3, or none.") == len(multi)
    complaint = load_intake(saved).complaints[0]
    assert complaint.region.value == "hip_front" and complaint.pain == 3
    assert complaint.duration_weeks == 8.69 and complaint.not_sure_when == ()


def test_hip_alone_is_asked_about_and_then_the_number_is_taken():
    result = ask(["hip", "11"])
    assert "'hip' could mean more than one: 11 front or inside of the hip; 12 outside" in (
        result.stdout.replace("\n", " ")
    )
    assert PROMPT.findall(result.stdout)[:2] == ["1", "2"]
