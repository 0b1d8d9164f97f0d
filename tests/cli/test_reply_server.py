"""`reply --server`: the same reply as a local `reply`, from a running `stridewise serve`, with
the CLI's messages when the server is missing or refuses the comment, and no heavy import."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stridewise.cli.app import app
from stridewise.cli.remote import knowledge_base_mismatch
from stridewise.triage.engine.kb_digest import default_root, knowledge_base_digest

COMMENTS = Path(__file__).resolve().parents[2] / "examples" / "comments"
runner = CliRunner()
HEAVY = ("spacy", "medspacy", "jinja2", "experta", "rapidfuzz")


def invoke(*args: str, input: str | None = None):
    return runner.invoke(
        app, list(args), input=input, env={"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"}
    )


@pytest.mark.parametrize(
    "name", ["charlie_achilles.txt", "groin_pain_hopping.txt", "workshop_request.txt"]
)
def test_the_server_gives_the_document_a_local_reply_gives(live_server, name):
    comment = str(COMMENTS / name)
    here = invoke("reply", comment, "--json")
    there = invoke("reply", comment, "--json", "--server", live_server)
    assert here.exit_code == 0 and there.exit_code == 0, there.output
    assert json.loads(there.stdout) == json.loads(here.stdout)


def test_a_server_on_this_install_s_knowledge_base_adds_no_note(live_server):
    there = invoke("reply", str(COMMENTS / "charlie_achilles.txt"), "--server", live_server)
    assert there.exit_code == 0
    assert "Note:" not in there.stderr


@pytest.mark.parametrize(
    ("told", "expected"),
    [
        (
            {"version": "2020.1.1", "sha256": "0" * 64},
            "from knowledge base 2020.1.1 (000000000000)",
        ),
        (None, "without naming its knowledge base"),
    ],
)
def test_a_server_on_another_knowledge_base_is_named(told, expected):
    ours, _ = knowledge_base_digest(default_root())
    note = knowledge_base_mismatch("http://127.0.0.1:1", {"knowledge_base": told, "reply": {}})
    assert note is not None and expected in note
    assert ours[:12] in note and "Restart `stridewise serve`" in note
    same = {"knowledge_base": {"version": "x", "sha256": ours}, "reply": {}}
    assert knowledge_base_mismatch("http://127.0.0.1:1", same) is None


def test_the_server_gives_the_draft_a_local_reply_prints(live_server):
    text = (COMMENTS / "torn_iliacus.txt").read_text(encoding="utf-8")
    here = invoke("reply", "-", input=text)
    there = invoke("reply", "-", "--server", live_server + "/", input=text)
    assert there.exit_code == 0, there.output
    assert there.stdout == here.stdout
    assert there.stdout.startswith("Hi,")


def test_a_comment_the_server_refuses_gives_its_error_lines_and_exit_2(live_server):
    too_long = "My knee hurts when I run downhill. " * 700  # over 20,000 characters
    here = invoke("reply", "-", input=too_long)
    there = invoke("reply", "-", "--server", live_server, input=too_long)
    assert there.exit_code == here.exit_code == 2
    assert "expected at most 20,000" in there.stderr
    assert there.stderr == here.stderr


def test_no_server_at_the_address_is_a_clear_error(free_port):
    address = f"http://127.0.0.1:{free_port}"
    result = invoke("reply", str(COMMENTS / "charlie_achilles.txt"), "--server", address)
    assert result.exit_code == 2
    assert f"--server {address}: cannot reach it" in result.stderr
    assert "stridewise serve" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("address", ["127.0.0.1:8000", "ftp://127.0.0.1:8000", "http://"])
def test_an_address_that_is_not_http_is_refused_before_sending(address):
    result = invoke("reply", str(COMMENTS / "charlie_achilles.txt"), "--server", address)
    assert result.exit_code == 2
    assert "expected the address `stridewise serve` prints" in result.stderr


def test_a_server_that_is_not_stridewise_is_named(live_server):
    result = invoke("reply", str(COMMENTS / "charlie_achilles.txt"), "--server", live_server + "/x")
    assert result.exit_code == 2
    assert "answered HTTP 404, not a stridewise reply" in result.stderr


@pytest.mark.parametrize(
    ("option", "value"),
    [("--coach", str(COMMENTS / "coach.yaml")), ("--batch", str(COMMENTS / "inbox.csv"))],
)
def test_options_the_server_decides_are_refused_with_server(live_server, option, value):
    result = invoke(
        "reply", str(COMMENTS / "charlie_achilles.txt"), option, value, "--server", live_server
    )
    assert result.exit_code == 2
    assert f"drop {option}" in result.stderr
    assert "stridewise serve --coach FILE" in result.stderr


def test_a_reply_through_the_server_imports_no_heavy_library(live_server):
    mark = "LOADED-HEAVY:"
    probe = (
        "import sys, json\n"
        f"sys.argv = ['stridewise', 'reply', {str(COMMENTS / 'charlie_achilles.txt')!r}, "
        f"'--server', {live_server!r}]\n"
        "from stridewise.cli.app import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
        f"print({mark!r} + json.dumps([m for m in {HEAVY!r} if m in sys.modules]), "
        "file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False, timeout=60
    )
    assert done.stdout.startswith("Hi,"), done.stderr
    lines = [line for line in done.stderr.splitlines() if line.startswith(mark)]
    assert lines and json.loads(lines[-1].removeprefix(mark)) == [], done.stderr
