"""Fuzzing every reader through the CLI: any bytes as an answers file, coach profile, comment,
CSV, JSON Lines or WordPress export end in exit 0 or 2 with a message, never 1 or a traceback."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hostile_cli import run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

WXR_HEAD = (
    b'<?xml version="1.0"?><rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><item>'
    b"<wp:comment><wp:comment_content>"
)
# (file name, bytes put before the fuzzed ones, command given the file's path)
READERS = {
    "answers_yaml": (
        "a.yaml",
        b"complaints:\n  - region: knee\n    ",
        lambda p: ["triage", "-a", p],
    ),
    "answers_json": ("a.json", b'{"complaints": [', lambda p: ["triage", "-a", p]),
    "coach_profile": (
        "coach.yaml",
        b"name: ",
        lambda p: ["reply", "--coach", p, str(Path(p).parent / "c.txt")],
    ),
    "comment_text": ("c.txt", b"My knee ", lambda p: ["reply", p]),
    "csv": ("i.csv", b"id,author,text\n", lambda p: ["reply", "--batch", p, "--out", p + ".csv"]),
    "jsonl": ("i.jsonl", b'{"text": ', lambda p: ["reply", "--batch", p, "--out", p + ".md"]),
    "wxr": ("i.xml", WXR_HEAD, lambda p: ["reply", "--batch", p, "--out", p + ".jsonl"]),
}
FUZZ = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.text(
        alphabet=st.sampled_from('{}[]":,\n\r-#&<>!\\ u0dx yes 1:30 010 \ufeff'), max_size=80
    ).map(str.encode),
)


@pytest.mark.parametrize("reader", READERS.values(), ids=list(READERS))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=FUZZ, prefixed=st.booleans())
def test_any_bytes_in_any_reader_exit_0_or_2_without_a_traceback(reader, data, prefixed):
    name, prefix, command = reader
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "c.txt").write_text("My knee hurts on stairs.", encoding="utf-8")
        path = Path(folder) / name
        path.write_bytes((prefix if prefixed else b"") + data)
        result = run_cli(*command(str(path)))
    assert result.exit_code in (0, 2), (result.exit_code, result.output, result.stderr)
    if result.exit_code == 2:
        assert "\nError: " in "\n" + result.stderr, result.stderr
