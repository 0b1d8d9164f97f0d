"""Broken and hostile files: each gets one clear line naming the file and field, never a traceback.

Answers files exit 2; a broken knowledge base exits 3. YAML is read without object construction.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import stridewise.triage.engine.kb_loader as kb_loader
import stridewise.triage.engine.pipeline as pipeline
from stridewise.cli.app import app
from stridewise.triage import InvalidInput, KnowledgeBaseError, load_intake, load_knowledge_base

runner = CliRunner()


def triage_cli(path: Path):
    result = runner.invoke(
        app, ["triage", "--answers", str(path)], env={"COLUMNS": "200", "NO_COLOR": "1"}
    )
    assert "Traceback" not in result.output + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def _nested(depth: int) -> str:
    return json.dumps({"complaints": [{"region": "knee", "triggers": []}]}).replace(
        "[]", "[" * depth + "]" * depth
    )


BILLION_LAUGHS = "\n".join(
    [
        'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
        *(
            f"{x}: &{x} [{', '.join([f'*{p}'] * 9)}]"
            for p, x in zip("abcdefg", "bcdefgh", strict=True)
        ),
        f"complaints: [{', '.join(['*h'] * 9)}]",
    ]
)

# (file name, content, what the one-line message must say after "<file>: ")
BROKEN_ANSWERS = {
    "empty": ("a.yaml", "", "the file is empty"),
    "only_whitespace": ("a.yaml", "  \n\t\n", "the file is empty"),
    "not_yaml": ("a.yaml", "complaints: [knee\nhealth: {", "not valid YAML (line"),
    "not_json": ("a.json", "complaints: []", "not valid JSON (line 1, column 1"),
    "top_level_list": ("a.yaml", "- knee\n- calf\n", "expected a mapping"),
    "top_level_scalar": ("a.json", '"my knee hurts"', "expected a mapping"),
    "null_document": ("a.yaml", "null\n", "expected a mapping"),
    "complaints_not_a_list": (
        "a.yaml",
        "complaints: {region: knee}",
        "complaints: expected a valid tuple, got dict",
    ),
    "pain_as_text": (
        "a.yaml",
        "complaints: [{region: knee, pain: severe}]",
        "complaints[0].pain: expected a valid integer",
    ),
    "region_unknown": (
        "a.yaml",
        "complaints: [{region: elbow}]",
        "complaints[0].region: expected one of",
    ),
    "tri_state_as_number": (
        "a.yaml",
        "health: {fever: 3}",
        "health.fever: expected one of 'yes', 'no' or 'not_sure'",
    ),
    "unknown_top_level_field": ("a.yaml", "complain: []", "complain: is not a known field"),
    "unknown_complaint_field": (
        "a.yaml",
        "complaints: [{region: knee, colour: red}]",
        "complaints[0].colour: is not a known field",
    ),
    "non_string_key": ("a.yaml", "1: 2\n", "[1]: Keys should be strings"),
    "pain_above_10": (
        "a.yaml",
        "complaints: [{region: knee, pain: 11}]",
        "complaints[0].pain: expected a number less than or equal to 10",
    ),
    "negative_duration": (
        "a.json",
        '{"complaints": [{"region": "knee", "duration_weeks": -1}]}',
        "complaints[0].duration_weeks: expected a number greater than or equal to 0",
    ),
    "weekly_km_absurd": (
        "a.yaml",
        "training: {weekly_km: 100000}",
        "training.weekly_km: expected a number less than or equal to 400",
    ),
    "nan_percent": (
        "a.yaml",
        "training: {recent_increase_percent: .nan}",
        "training.recent_increase_percent:",
    ),
    "too_many_complaints": (
        "a.yaml",
        "complaints: [" + ", ".join(["{region: knee}"] * 11) + "]",
        "complaints: Tuple should have at most 10 items",
    ),
    "nested_too_deep_json": ("a.json", _nested(50), "nested more than 20 levels deep"),
    "nested_too_deep_yaml": ("a.yaml", "a: " + "[" * 50 + "]" * 50, "nested more than 20"),
    "nested_beyond_recursion": ("a.json", "[" * 100_000 + "]" * 100_000, "nested"),
    "billion_laughs": (
        "a.yaml",
        BILLION_LAUGHS,
        "more than 200,000 values once YAML aliases are expanded",
    ),
    "python_object_tag": (
        "a.yaml",
        "complaints: !!python/object/apply:os.system ['echo pwned']",
        "not valid YAML",
    ),
    "python_name_tag": ("a.yaml", "health: !!python/name:os.system\n", "not valid YAML"),
    "latin1_bytes": (
        "a.yaml",
        "complaints: [{region: knee}]  # caf\xe9".encode("latin-1"),
        "expected UTF-8 text",
    ),
    "utf16_bytes": ("a.yaml", "complaints: []".encode("utf-16"), "expected UTF-8 text"),
    "binary_garbage": ("a.yaml", bytes(range(256)) * 4, "expected UTF-8 text"),
}


@pytest.mark.parametrize("case", BROKEN_ANSWERS.values(), ids=list(BROKEN_ANSWERS))
def test_a_broken_answers_file_exits_2_with_one_clear_line_naming_file_and_field(tmp_path, case):
    name, content, expected = case
    path = write(tmp_path, name, content)
    result = triage_cli(path)
    assert result.exit_code == 2
    assert f"Error: {path}: {expected}" in result.stderr, result.stderr


@pytest.mark.parametrize("case", BROKEN_ANSWERS.values(), ids=list(BROKEN_ANSWERS))
def test_the_library_raises_invalid_input_for_every_broken_answers_file(tmp_path, case):
    name, content, expected = case
    path = write(tmp_path, name, content)
    with pytest.raises(InvalidInput) as raised:
        load_intake(path)
    assert any(line.startswith(f"{path}: {expected}") for line in raised.value.problems)


def test_a_yaml_object_tag_is_never_constructed(tmp_path):
    marker = tmp_path / "constructed"
    path = write(
        tmp_path, "a.yaml", f"complaints: !!python/object/apply:os.system ['touch {marker}']"
    )
    with pytest.raises(InvalidInput, match="could not determine a constructor"):
        load_intake(path)
    assert not marker.exists()


def test_a_10_mb_answers_file_is_refused_by_size_before_it_is_read(tmp_path, monkeypatch):
    path = write(tmp_path, "huge.yaml", "complaints: []\n" + "# padding\n" * 1_050_000)
    assert path.stat().st_size > 10_000_000

    def never_read(*args, **kwargs):
        raise AssertionError("a file over the size limit was read")

    monkeypatch.setattr(Path, "read_text", never_read)
    with pytest.raises(InvalidInput, match=r"bytes; expected at most 2,000,000 bytes"):
        load_intake(path)
    monkeypatch.undo()
    result = triage_cli(path)
    assert result.exit_code == 2
    assert f"{path}: the file is" in result.stderr


def test_a_folder_or_missing_file_as_answers_exits_2(tmp_path):
    for path in (tmp_path, tmp_path / "missing.yaml"):
        result = triage_cli(path)
        assert result.exit_code == 2
        assert f"{path}: cannot read the file" in result.stderr


def test_every_problem_in_one_file_is_reported_at_once(tmp_path):
    path = write(
        tmp_path, "a.yaml", "complaints: [{region: elbow, pain: 12}]\nhealth: {fever: maybe}\n"
    )
    result = triage_cli(path)
    assert result.exit_code == 2
    for field in ("complaints[0].region", "complaints[0].pain", "health.fever"):
        assert f"{path}: {field}:" in result.stderr


# A broken knowledge base ---------------------------------------------------------------------

BROKEN_KB = {
    "rule_file_not_yaml": ("rules/red_flags.yaml", "- id: RF-001\n  when: [unclosed\n"),
    "exercises_not_a_list": ("exercises.yaml", "single_leg_deadlift: {}\n"),
    "meta_empty": ("meta.yaml", ""),
    "findings_bad_bytes": ("findings.yaml", b"\xff\xfe not utf-8"),
}


def _broken_copy(tmp_path: Path, file: str, content: str | bytes) -> Path:
    root = tmp_path / "knowledge_base"
    shutil.copytree(kb_loader.default_root(), root)
    write(root, file, content)
    return root


@pytest.mark.parametrize("case", BROKEN_KB.values(), ids=list(BROKEN_KB))
def test_a_broken_knowledge_base_file_raises_an_error_naming_the_file(tmp_path, case):
    file, content = case
    root = _broken_copy(tmp_path, file, content)
    with pytest.raises(KnowledgeBaseError) as raised:
        load_knowledge_base(root)
    assert any(Path(file).name in line for line in raised.value.problems), raised.value.problems


@pytest.mark.parametrize("case", BROKEN_KB.values(), ids=list(BROKEN_KB))
def test_triage_with_a_broken_knowledge_base_exits_3_without_a_traceback(
    tmp_path, monkeypatch, examples_dir, case
):
    file, content = case
    root = _broken_copy(tmp_path, file, content)
    monkeypatch.setattr(kb_loader, "default_root", lambda: root)
    monkeypatch.setattr(pipeline, "_DEFAULT_KB", None)
    result = triage_cli(examples_dir / "inner_hip_hills.yaml")
    assert result.exit_code == 3
    assert "Knowledge base error:" in result.stderr and Path(file).name in result.stderr


def test_a_missing_knowledge_base_folder_exits_3(tmp_path, monkeypatch, examples_dir):
    monkeypatch.setattr(kb_loader, "default_root", lambda: tmp_path / "nowhere")
    monkeypatch.setattr(pipeline, "_DEFAULT_KB", None)
    result = triage_cli(examples_dir / "inner_hip_hills.yaml")
    assert result.exit_code == 3
    assert "knowledge base folder not found" in result.stderr


# Comment files (coach mode) ------------------------------------------------------------------


def _reply_command_exists() -> bool:
    return any(
        (c.name or getattr(c.callback, "__name__", "")) == "reply" for c in app.registered_commands
    )


@pytest.mark.skipif(not _reply_command_exists(), reason="`stridewise reply` is not built yet")
@pytest.mark.parametrize(
    "content",
    [
        "My achilles hurts at night, café".encode("latin-1"),
        "My knee hurts".encode("utf-16"),
        bytes(range(256)),
    ],
    ids=["latin1", "utf16", "binary"],
)
def test_a_comment_file_in_the_wrong_encoding_exits_2_naming_the_file(tmp_path, content):
    path = write(tmp_path, "comment.txt", content)
    result = runner.invoke(app, ["reply", str(path)], env={"COLUMNS": "200", "NO_COLOR": "1"})
    assert result.exit_code == 2
    assert str(path) in result.stderr
    assert "Traceback" not in result.output + result.stderr


@pytest.mark.skipif(not _reply_command_exists(), reason="`stridewise reply` is not built yet")
@pytest.mark.parametrize(
    ("content", "expected"),
    [("", "empty"), (" \n\t", "empty"), ("a" * 3_000_000, "bytes; expected at most")],
    ids=["empty", "whitespace", "3_mb"],
)
def test_an_empty_or_oversized_comment_file_exits_2_naming_the_file(tmp_path, content, expected):
    path = write(tmp_path, "comment.txt", content)
    result = runner.invoke(app, ["reply", str(path)], env={"COLUMNS": "200", "NO_COLOR": "1"})
    assert result.exit_code == 2
    assert f"{path}:" in result.stderr and expected in result.stderr
    assert "Traceback" not in result.output + result.stderr
