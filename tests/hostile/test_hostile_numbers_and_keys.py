"""Answers files and coach profiles: duplicate keys, YAML 1.1 number forms, booleans as numbers
and huge integers are refused with one line naming file, key and line (exit 2)."""

from __future__ import annotations

import pytest
from hostile_cli import run_cli, write

from stridewise.triage import InvalidInput, load_intake

REFUSED = {
    "yaml_duplicate_key": (
        "a.yaml",
        "health:\n  chest_pain: yes\nhealth:\n  chest_pain: no\n",
        "duplicate key 'health' (line 3)",
    ),
    "yaml_nested_duplicate_key": (
        "a.yaml",
        "health: {chest_pain: yes, chest_pain: no}\n",
        "duplicate key 'chest_pain' (line 1)",
    ),
    "json_duplicate_key": (
        "a.json",
        '{"health": {"chest_pain": "yes",\n "chest_pain": "no"}}',
        "duplicate key 'chest_pain' (line 2)",
    ),
    "pain_true": ("a.yaml", "complaints: [{region: knee, pain: true}]", "complaints[0].pain:"),
    "pain_yes": ("a.yaml", "complaints: [{region: knee, pain: yes}]", "complaints[0].pain:"),
    "json_pain_true": (
        "a.json",
        '{"complaints": [{"region": "knee", "pain": true}]}',
        "complaints[0].pain: expected a number, got a yes/no value",
    ),
    "weekly_km_false": (
        "a.yaml",
        "training: {weekly_km: false}",
        "training.weekly_km: expected a number, got a yes/no value",
    ),
    "sexagesimal": (
        "a.yaml",
        "complaints: [{region: knee, duration_weeks: 1:30}]",
        "line 1: '1:30' is not a plain number",
    ),
    "octal": ("a.yaml", "complaints: [{region: knee, pain: 010}]", "line 1: '010' is not a plain"),
    "hex": ("a.yaml", "complaints: [{region: knee, pain: 0x5}]", "line 1: '0x5' is not a plain"),
    "huge_yaml_integer": (
        "a.yaml",
        "complaints: [{region: knee, pain: " + "9" * 5000 + "}]",
        "line 1: a number of 5,000 digits",
    ),
    "huge_json_integer": (
        "a.json",
        '{"complaints": [{"region": "knee", "pain": ' + "9" * 5000 + "}]}",
        "a number of more than 4,300 digits",
    ),
}


@pytest.mark.parametrize("case", REFUSED.values(), ids=list(REFUSED))
def test_an_ambiguous_answers_file_is_refused_with_exit_2_naming_the_problem(tmp_path, case):
    name, content, expected = case
    path = write(tmp_path, name, content)
    result = run_cli("triage", "--answers", str(path))
    assert result.exit_code == 2, result.output
    assert f"Error: {path}: {expected}" in result.stderr, result.stderr
    with pytest.raises(InvalidInput):
        load_intake(path)


def test_a_duplicate_key_in_a_coach_profile_is_refused(tmp_path, examples_dir):
    profile = write(tmp_path, "coach.yaml", "name: Ann\nname: Bob\n")
    comment = examples_dir / "comments" / "charlie_achilles.txt"
    result = run_cli("reply", str(comment), "--coach", str(profile))
    assert result.exit_code == 2
    assert f"{profile}: duplicate key 'name' (line 2)" in result.stderr


def test_a_json_answers_file_with_a_byte_order_mark_is_read_like_yaml(tmp_path):
    body = '{"complaints": [{"region": "knee", "pain": 3}]}'
    as_json = write(tmp_path, "a.json", "\ufeff" + body)
    as_yaml = write(tmp_path, "a.yaml", "\ufeff" + body)
    assert load_intake(as_json) == load_intake(as_yaml)
    assert load_intake(as_json).complaints[0].pain == 3


def test_yaml_12_words_stay_words_and_true_false_still_answer_yes_no(tmp_path):
    path = write(
        tmp_path, "a.yaml", "health: {fever: yes, chest_pain: false}\ntraining: {season: off}"
    )
    intake = load_intake(path)
    assert (intake.health.fever, intake.health.chest_pain) == ("yes", "no")
    assert intake.training.season == "off"


def test_a_quoted_number_form_is_plain_text_not_a_refusal(tmp_path):
    path = write(
        tmp_path, "a.yaml", "complaints: [{region: knee, diagnosis_detail: '1:30', pain: 10}]"
    )
    intake = load_intake(path)
    assert intake.complaints[0].diagnosis_detail == "1:30"
    assert intake.complaints[0].pain == 10
