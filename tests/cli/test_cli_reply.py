"""`stridewise reply`: stdin, files, --json contract, --coach, --batch, and clean errors."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from typer.testing import CliRunner

from stridewise.cli.app import app

COMMENTS = Path(__file__).resolve().parents[2] / "examples" / "comments"
runner = CliRunner()


def invoke(*args: str, input: str | bytes | None = None):
    return runner.invoke(
        app, list(args), input=input, env={"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"}
    )


def test_reply_reads_the_comment_from_stdin_and_prints_the_draft():
    text = (COMMENTS / "charlie_achilles.txt").read_text(encoding="utf-8")
    result = invoke("reply", "-", input=text)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Hi,\n\nThanks for your comment.")
    assert "What to do now (within the next 1-2 weeks)" in result.stdout
    assert result.stdout.rstrip().endswith("Best wishes,\nCoach")


def test_reply_json_is_the_triage_contract_plus_extracted_and_reply():
    schema = json.loads(invoke("schema").stdout)
    result = invoke("reply", str(COMMENTS / "charlie_achilles.txt"), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    extracted, reply = data.pop("extracted"), data.pop("reply")
    jsonschema.validate(data, schema)
    assert data["disposition"]["level"] == "routine"
    assert extracted and all(
        set(f) == {"fact", "value", "text", "start", "end", "context"} for f in extracted
    )
    comment = (COMMENTS / "charlie_achilles.txt").read_text(encoding="utf-8")
    for fact in extracted:
        assert comment[fact["start"] : fact["end"]] == fact["text"]
    assert reply["level"] == "routine" and reply["text"].startswith("Hi,")


def test_reply_signs_with_the_coach_profile():
    result = invoke(
        "reply",
        str(COMMENTS / "eva_strength_question.txt"),
        "--coach",
        str(COMMENTS / "coach.yaml"),
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.rstrip().splitlines()[-3:] == [
        "Happy running,",
        "James",
        "Free glute activation workouts: https://example.com/glute-activation",
    ]
    assert "15-20 minute" in result.stdout


def test_a_comment_file_in_the_wrong_encoding_exits_2_naming_the_file(tmp_path):
    path = tmp_path / "comment.txt"
    path.write_bytes("My kn\u00e9e hurts when I run downhill.".encode("utf-16"))
    result = invoke("reply", str(path))
    assert result.exit_code == 2
    assert f"{path}: expected UTF-8 text" in result.stderr
    assert "Traceback" not in result.output + result.stderr


def test_a_malformed_coach_profile_exits_2_naming_the_file_and_field(tmp_path):
    coach = tmp_path / "coach.yaml"
    coach.write_text("name: Kim\nsign_of: Cheers\n")
    result = invoke("reply", str(COMMENTS / "charlie_achilles.txt"), "--coach", str(coach))
    assert result.exit_code == 2
    assert f"{coach}: sign_of: is not a known field" in result.stderr


def test_reply_without_a_comment_or_batch_exits_2():
    result = invoke("reply")
    assert result.exit_code == 2
    assert "give a comment file" in result.stderr


def test_batch_writes_drafts_and_prints_urgent_comments_first(tmp_path):
    out = tmp_path / "drafts.md"
    result = invoke("reply", "--batch", str(COMMENTS / "inbox.xml"), "--out", str(out))
    assert result.exit_code == 0, result.output
    summary = result.stdout
    assert "Read 8 comments" in summary and "wrote 8 drafts" in summary
    assert summary.index("Answer these today") < summary.index("By disposition")
    assert "301" in summary.split("By disposition")[0]
    assert "urgent 1" in summary
    assert out.read_text(encoding="utf-8").count("### Draft reply") == 8


def test_batch_reports_a_malformed_row_by_line_and_keeps_the_rest(tmp_path):
    inbox = tmp_path / "inbox.csv"
    inbox.write_text("id,author,content\n1,Ann,My knee hurts on stairs.\n2\n3,Cat,Thanks!\n")
    out = tmp_path / "drafts.csv"
    result = invoke("reply", "--batch", str(inbox), "--out", str(out), "--format", "csv")
    assert result.exit_code == 0, result.output
    assert "Skipped line 3: expected 3 fields, got 1" in result.stdout
    assert "wrote 2 drafts" in result.stdout


def test_batch_without_out_exits_2():
    result = invoke("reply", "--batch", str(COMMENTS / "inbox.csv"))
    assert result.exit_code == 2
    assert "--batch needs --out" in result.stderr


def test_an_empty_comment_on_stdin_exits_2():
    result = invoke("reply", "-", input="  \n")
    assert result.exit_code == 2
    assert "<stdin>: the comment is empty" in result.stderr
