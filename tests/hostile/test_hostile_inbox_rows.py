"""Inboxes: WordPress exports keep every word around markup; CSV and JSON Lines rows are never
merged, dropped or misnumbered: every row in is a draft or a skipped row with its real line."""

from __future__ import annotations

import pytest
from hostile_cli import run_cli, write

from stridewise.triage import InvalidInput
from stridewise.triage.coach.comment_file import read_text
from stridewise.triage.coach.inbox import read_inbox

HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/">\n'
    "<channel><item><title>Hills</title>\n"
)
TAIL = "</item></channel></rss>\n"


def wxr(content: str, ident: str = "1") -> str:
    return (
        f"<wp:comment><wp:comment_id>{ident}</wp:comment_id>"
        "<wp:comment_author>Ann</wp:comment_author>\n"
        f"<wp:comment_content>{content}</wp:comment_content>\n"
        "<wp:comment_approved>1</wp:comment_approved></wp:comment>\n"
    )


def test_wxr_text_before_an_inline_tag_is_kept(tmp_path):
    path = write(
        tmp_path,
        "e.xml",
        HEAD + wxr("I have crushing chest pain on runs <b>and</b> my calf aches.") + TAIL,
    )
    comments, _ = read_inbox(path)
    assert comments[0].text == "I have crushing chest pain on runs and my calf aches."


def test_wxr_content_in_paragraphs_is_read_with_its_paragraph_break(tmp_path):
    path = write(tmp_path, "e.xml", HEAD + wxr("<p>My knee hurts.</p><p>It swells.</p>") + TAIL)
    comments, skipped = read_inbox(path)
    assert skipped == []
    assert comments[0].text == "My knee hurts.\n\nIt swells."


def test_a_nested_wxr_comment_keeps_its_parents_text(tmp_path):
    nested = (
        "<wp:comment><wp:comment_id>1</wp:comment_id>"
        "<wp:comment_content>Parent: my achilles hurts.</wp:comment_content>\n"
        + wxr("Child: my shin hurts.", ident="2")
        + "</wp:comment>\n"
    )
    comments, _ = read_inbox(write(tmp_path, "e.xml", HEAD + nested + TAIL))
    assert sorted(c.text for c in comments) == [
        "Child: my shin hurts.",
        "Parent: my achilles hurts.",
    ]


def test_html_inside_cdata_becomes_plain_text_with_paragraphs(tmp_path):
    content = "<![CDATA[<p>Chest pain <em>while</em> running &amp; dizzy.</p><p>Help?</p>]]>"
    comments, _ = read_inbox(write(tmp_path, "e.xml", HEAD + wxr(content) + TAIL))
    assert comments[0].text == "Chest pain while running & dizzy.\n\nHelp?"


def test_a_single_comment_pasted_with_inline_html_is_read_as_text(tmp_path):
    path = write(
        tmp_path, "c.txt", "<p>My knee <strong>hurts</strong> on stairs.</p><script>x()</script>"
    )
    assert read_text(path) == "My knee hurts on stairs."


def test_a_comment_of_only_zero_width_characters_is_refused_as_empty(tmp_path):
    path = write(tmp_path, "c.txt", "\u200b\u200c\u200d\ufeff\u2060")
    result = run_cli("reply", str(path))
    assert result.exit_code == 2
    assert "the comment is empty" in result.stderr


def counted(path):
    comments, skipped = read_inbox(path)
    return comments, skipped, {s.line: s.reason for s in skipped}


def test_an_unclosed_csv_quote_skips_its_row_and_reads_the_rest(tmp_path):
    text = 'id,text\n1,"my knee hurts\n2,my calf hurts\n3,my shin hurts\n'
    comments, _, reasons = counted(write(tmp_path, "i.csv", text))
    assert [c.id for c in comments] == ["2", "3"]
    assert [c.line for c in comments] == [3, 4]
    assert "never closed" in reasons[2]


def test_duplicate_csv_columns_differing_only_in_case_are_refused(tmp_path):
    with pytest.raises(InvalidInput, match="line 1: column 'text' appears more than once"):
        read_inbox(write(tmp_path, "i.csv", "id,text,Text\n1,a,b\n"))


def test_an_oversized_csv_field_is_reported_on_its_own_line(tmp_path):
    text = "id,text\n1,my knee hurts\n2," + "a" * 200_000 + "\n3,my shin hurts\n"
    comments, _, reasons = counted(write(tmp_path, "i.csv", text))
    assert [c.line for c in comments] == [2, 4]
    assert list(reasons) == [3] and "longer than" in reasons[3]


def test_jsonl_splits_rows_on_newlines_only(tmp_path):
    text = '{"text": "my knee\u2028hurts"}\n{"text": "my shin\u0085hurts"}\n{"text": "calf"}\n'
    comments, skipped, _ = counted(write(tmp_path, "i.jsonl", text))
    assert skipped == []
    assert [c.line for c in comments] == [1, 2, 3]


def test_jsonl_rows_nested_deep_or_with_lone_surrogates_are_skipped_not_fatal(tmp_path):
    deep = '{"text": "a", "x": ' + "[" * 100_000 + "]" * 100_000 + "}"
    text = "\n".join(
        [
            deep,
            '{"text": "my knee \\ud800 hurts"}',
            '{"text": "a", "Text": "b"}',
            '{"text": "a", "text": "b"}',
            '{"text": "my calf hurts"}',
        ]
    )
    comments, _, reasons = counted(write(tmp_path, "i.jsonl", text))
    assert [c.line for c in comments] == [5]
    assert sorted(reasons) == [1, 2, 3, 4]
    assert "duplicate key 'text'" in reasons[4]


def test_a_batch_counts_every_row_as_a_draft_or_a_skipped_row(tmp_path):
    rows = [
        '{"id": "1", "text": "My achilles hurts at night."}',
        '{"id": "2", "text": "deep", "x": ' + "[" * 5000 + "]" * 5000 + "}",
        '{"id": "3", "text": "lone \\udc00"}',
        "not json",
        '{"id": "5", "text": "' + "!" * 19_000 + '"}',
        '{"id": "6", "text": "\u200b"}',
    ]
    inbox = write(tmp_path, "i.jsonl", "\n".join(rows) + "\n")
    result = run_cli("reply", "--batch", str(inbox), "--out", str(tmp_path / "d.jsonl"))
    assert result.exit_code == 0, result.stderr
    drafted = (tmp_path / "d.jsonl").read_text(encoding="utf-8").count("\n")
    skipped = result.output.count("Skipped line")
    assert drafted + skipped == len(rows)
