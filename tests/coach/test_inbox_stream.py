"""An inbox is read lazily, row by row, with the same rows, line numbers and skip reasons as a
whole-file read; problems with the whole file are found before any row is given."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_batch import COMMENTS, CSV_WITH_BAD_ROW, WXR_HEAD, WXR_WITH_BAD_COMMENT, wxr_comment

import stridewise.triage.coach.inbox_formats as formats
from stridewise.triage.coach.inbox import open_inbox, read_inbox
from stridewise.triage.errors import InvalidInput

NESTED = (
    WXR_HEAD
    + "<wp:comment><wp:comment_id>1</wp:comment_id>\n"
    + "<wp:comment_content>Parent: my achilles hurts.</wp:comment_content>\n"
    + wxr_comment("2", "Kid", "Child: my shin hurts.")
    + "</wp:comment>\n"
    + wxr_comment("3", "Ann", "My calf hurts.")
    + "<wp:comment><oops>\n"
)


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


@pytest.mark.parametrize("text", [WXR_WITH_BAD_COMMENT, NESTED])
def test_a_wxr_fed_a_few_bytes_at_a_time_gives_the_rows_of_one_read(tmp_path, monkeypatch, text):
    path = write(tmp_path, "export.xml", text)
    whole = read_inbox(path)
    monkeypatch.setattr(formats, "XML_CHUNK_BYTES", 7)
    assert read_inbox(path) == whole
    assert len(read_inbox(COMMENTS / "inbox.xml")[0]) == 8
    lines = [row.line for rows in whole for row in rows]
    assert len(lines) == len(set(lines))


def test_nested_wxr_comments_come_out_in_line_order_with_the_break_last(tmp_path):
    rows = []
    with open_inbox(write(tmp_path, "export.xml", NESTED)) as inbox:
        rows = list(inbox.rows)
    assert [getattr(r, "id", None) for r in rows] == ["1", "2", "3", None]
    assert [r.line for r in rows] == sorted(r.line for r in rows)
    assert "breaks off" in rows[-1].reason


def test_rows_are_read_only_as_they_are_taken(tmp_path, monkeypatch):
    read: list[int] = []
    original = formats.comment_from_row
    monkeypatch.setattr(
        formats, "comment_from_row", lambda row, line, *a: read.append(line) or original(row, line)
    )
    with open_inbox(write(tmp_path, "i.csv", CSV_WITH_BAD_ROW)) as inbox:
        assert next(inbox.rows).line == 2
        assert read == [2]
        assert [r.line for r in inbox.rows] == [4, 5]


def test_a_bad_byte_anywhere_refuses_the_inbox_before_any_row_is_read(tmp_path):
    path = write(tmp_path, "i.jsonl", b'{"text": "my knee"}\n' * 3 + b'{"text": "\xff"}\n')
    with pytest.raises(InvalidInput, match=r"undecodable byte on line 4"), open_inbox(path):
        pass


def test_the_line_of_a_bad_byte_is_counted_after_a_byte_order_mark(tmp_path):
    path = write(tmp_path, "i.jsonl", b'\xef\xbb\xbf{"text": "a"}\n\xc3<')
    with pytest.raises(InvalidInput, match=r"undecodable byte on line 2"):
        read_inbox(path)


def test_an_unclosed_quote_after_a_multiline_record_reads_on_from_the_next_line(tmp_path):
    text = 'id,text\n1,"my knee\nhurts"\n2,"never closed\n3,my calf\n4,my shin\n'
    comments, skipped = read_inbox(write(tmp_path, "i.csv", text))
    assert [(c.id, c.line) for c in comments] == [("1", 2), ("3", 5), ("4", 6)]
    assert [(s.line, s.reason) for s in skipped] == [(4, "a quote opened here is never closed")]


def test_the_inbox_lines_are_counted_with_or_without_a_last_newline(tmp_path):
    for text, lines in (("id,text\n1,a\n", 2), ("id,text\n1,a", 2), ("", 0)):
        with open_inbox(write(tmp_path, "i.jsonl", text)) as inbox:
            assert inbox.lines == lines


def test_a_finished_wxr_comment_is_given_while_the_next_is_still_being_read():
    handler = formats._WxrHandler()
    parser = formats.make_parser()
    parser.setContentHandler(handler)
    handler.setDocumentLocator(formats.ExpatLocator(parser))
    parser.feed((WXR_HEAD + wxr_comment("11", "Ann", "My knee hurts.") + "<wp:comment>\n").encode())
    assert [row.id for row in handler.take()] == ["11"]
    parser.feed(wxr_comment("21", "Kid", "My shin hurts.").encode())
    assert handler.take() == []  # nested in a comment still open: it may not come first
    parser.feed(b"<wp:comment_content>Parent text.</wp:comment_content></wp:comment>")
    assert [row.id for row in handler.take()] == ["12", "21"]  # the outer one: its line


@pytest.mark.parametrize(
    ("name", "content", "kept", "long_line"),
    [
        (
            "giant.jsonl",
            '{"id": "1", "text": "My knee hurts."}\n'
            + '{"id": "2", "text": "'
            + "é" * (formats.MAX_LINE_BYTES // 2 + 1)
            + '"}\n'
            + '{"id": "3", "text": "My calf hurts."}\n',
            ["1", "3"],
            2,
        ),
        (
            "giant.csv",
            "id,text\n1,My knee hurts.\n2,"
            + "x" * (formats.MAX_LINE_BYTES + 1)
            + "\n"
            + '3,"My calf\nhurts."\n',
            ["1", "3"],
            3,
        ),
    ],
    ids=["jsonl", "csv"],
)
def test_a_line_too_long_for_any_comment_is_skipped_unread_and_reading_goes_on(
    tmp_path, name, content, kept, long_line
):
    comments, skipped = read_inbox(write(tmp_path, name, content))
    assert [c.id for c in comments] == kept
    assert [(s.line, s.reason) for s in skipped] == [(long_line, formats.TOO_LONG)]


def test_a_quote_left_open_is_cut_off_at_the_field_limit_not_the_end_of_the_file(tmp_path):
    filler = "more of the same\n" * (formats.MAX_FIELD_CHARS // 17 + 10)
    text = 'id,text\n1,"this quote is never closed\n' + filler + "2,my calf hurts\n"
    comments, skipped = read_inbox(write(tmp_path, "open.csv", text))
    assert comments[-1].text == "my calf hurts"
    assert skipped[0].line == 2 and "field larger than field limit" in skipped[0].reason
