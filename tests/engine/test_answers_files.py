"""Bad answers files get a message naming the file and the field, never a traceback."""

from __future__ import annotations

import re

import pytest

from stridewise.triage import InvalidInput, load_intake


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "complaints:\n  - region: knee\n    pain: bad\n",
            "complaints[0].pain: expected a valid integer",
        ),
        (
            "complaints:\n  - region: knee\n    pain: 14\n",
            "complaints[0].pain: expected a number less than or equal to 10",
        ),
        ("complaints:\n  - region: elbow\n", "complaints[0].region: expected one of"),
        (
            "complaints:\n  - region: knee\n    painn: 3\n",
            "complaints[0].painn: is not a known field",
        ),
        (
            "health:\n  fever: maybe\n",
            "health.fever: expected one of 'yes', 'no' or 'not_sure', got 'maybe'",
        ),
        (
            "training:\n  season: summer\n",
            "training.season: expected one of 'in' or 'off', got 'summer'",
        ),
    ],
)
def test_field_errors_name_file_field_and_expectation(tmp_path, text, expected):
    path = _write(tmp_path, "answers.yaml", text)
    with pytest.raises(InvalidInput) as err:
        load_intake(path)
    message = str(err.value)
    assert message.startswith(f"{path}: ")
    assert expected in message


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("empty.yaml", "", "the file is empty"),
        ("broken.yaml", "complaints: [\n", "not valid YAML (line"),
        ("broken.json", '{"complaints": ', "not valid JSON (line 1"),
        ("list.yaml", "- a\n- b\n", "expected a mapping"),
        ("python.yaml", "!!python/object/apply:os.system ['true']\n", "not valid YAML"),
    ],
)
def test_unreadable_files_say_what_was_expected(tmp_path, name, text, expected):
    with pytest.raises(InvalidInput, match=re.escape(expected)):
        load_intake(_write(tmp_path, name, text))


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(InvalidInput, match="cannot read the file"):
        load_intake(tmp_path / "nope.yaml")


def test_every_problem_is_reported_not_only_the_first(tmp_path):
    path = _write(tmp_path, "a.yaml", "complaints:\n  - region: elbow\n    pain: 11\n")
    with pytest.raises(InvalidInput) as err:
        load_intake(path)
    assert len(err.value.problems) == 2


def test_bare_off_season_in_yaml_means_off_season(tmp_path):
    intake = load_intake(_write(tmp_path, "a.yaml", "training:\n  season: off\n"))
    assert intake.training.season == "off"
