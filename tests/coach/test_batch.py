"""A whole inbox: CSV, JSON Lines and WordPress exports in; drafts and a summary out."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

import stridewise.triage.coach.batch as batch
from stridewise.triage.coach.batch import draft_all, run_batch
from stridewise.triage.coach.drafts import Draft, DraftWriter, render_drafts
from stridewise.triage.coach.inbox import read_inbox
from stridewise.triage.coach.profile import CoachProfile
from stridewise.triage.errors import InvalidInput

COMMENTS = Path(__file__).resolve().parents[2] / "examples" / "comments"
COACH = CoachProfile(name="James")

CSV_WITH_BAD_ROW = (
    "id,author,content\n"
    '1,Ann,"My achilles wakes me at night,\nand eases when I walk about."\n'
    "2,Ben\n"
    "3,Cat,How much strength training a week should I do?\n"
)

JSONL_WITH_BAD_ROWS = (
    '{"id": "1", "author": "Ann", "text": "My groin hurts when I hop on that leg."}\n'
    '{"id": "2", "author": "Ben", "text": "broken\n'
    '{"id": "3", "author": "Cat"}\n'
    "\n"
    '{"id": "4", "author": "Dan", "content": "Thanks, great video!"}\n'
)

WXR_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/">\n'
    "<channel><title>Blog</title>\n"
    "<item><title>Hill running</title>\n"
)


def wxr_comment(ident: str, author: str, content: str | None, kind: str = "comment") -> str:
    body = f"<wp:comment_content><![CDATA[{content}]]></wp:comment_content>\n" if content else ""
    return (
        f"<wp:comment>\n<wp:comment_id>{ident}</wp:comment_id>\n"
        f"<wp:comment_author><![CDATA[{author}]]></wp:comment_author>\n{body}"
        f"<wp:comment_approved>1</wp:comment_approved>\n"
        f"<wp:comment_type>{kind}</wp:comment_type>\n</wp:comment>\n"
    )


WXR_WITH_BAD_COMMENT = (
    WXR_HEAD
    + wxr_comment("11", "Ann", "My groin hurts when I hop on that leg.")
    + wxr_comment("12", "Ben", None)
    + wxr_comment("13", "Site", "Linked to you!", kind="pingback")
    + wxr_comment("14", "Cat", "Lovely video, thanks.")
    + "</item></channel></rss>\n"
)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_csv_malformed_row_is_skipped_with_its_line_number_and_the_rest_kept(tmp_path):
    comments, skipped = read_inbox(write(tmp_path, "inbox.csv", CSV_WITH_BAD_ROW))
    assert [c.id for c in comments] == ["1", "3"]
    # The first record spans lines 2-3, so the short row is on line 4.
    assert [(s.line, s.reason) for s in skipped] == [(4, "expected 3 fields, got 2")]
    assert [c.line for c in comments] == [2, 5]
    assert "\n" in comments[0].text


def test_jsonl_malformed_lines_are_skipped_with_their_line_numbers(tmp_path):
    comments, skipped = read_inbox(write(tmp_path, "inbox.jsonl", JSONL_WITH_BAD_ROWS))
    assert [(c.id, c.line) for c in comments] == [("1", 1), ("4", 5)]
    assert [s.line for s in skipped] == [2, 3]
    assert "not valid JSON" in skipped[0].reason and "no comment text" in skipped[1].reason


def test_wxr_comment_without_content_is_skipped_with_its_line_and_pingbacks_left_out(tmp_path):
    comments, skipped = read_inbox(write(tmp_path, "export.xml", WXR_WITH_BAD_COMMENT))
    assert [(c.id, c.author, c.post) for c in comments] == [
        ("11", "Ann", "Hill running"),
        ("14", "Cat", "Hill running"),
    ]
    lines = WXR_WITH_BAD_COMMENT.splitlines()
    starts = [i + 1 for i, line in enumerate(lines) if line == "<wp:comment>"]
    assert [s.line for s in skipped] == [starts[1], starts[2]]
    assert "no comment text" in skipped[0].reason and "pingback" in skipped[1].reason


def test_wxr_that_breaks_off_keeps_the_comments_before_the_break(tmp_path):
    broken = WXR_HEAD + wxr_comment("11", "Ann", "My knee hurts.") + "<wp:comment><oops>\n"
    comments, skipped = read_inbox(write(tmp_path, "export.xml", broken))
    assert [c.id for c in comments] == ["11"]
    assert len(skipped) == 1 and "breaks off" in skipped[0].reason


def test_wxr_with_entity_declarations_is_refused(tmp_path):
    bomb = (
        '<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>\n<rss><channel>&b;</channel></rss>\n'
    )
    with pytest.raises(InvalidInput, match="declares entities"):
        read_inbox(write(tmp_path, "export.xml", bomb))


def test_an_inbox_in_the_wrong_encoding_names_the_file_and_line(tmp_path):
    path = tmp_path / "inbox.csv"
    path.write_bytes("id,content\n1,Caf\u00e9 au lait and a sore knee\n".encode("latin-1"))
    with pytest.raises(InvalidInput, match=r"inbox\.csv: expected UTF-8 text.*line 2"):
        read_inbox(path)


def test_an_unknown_inbox_format_is_refused(tmp_path):
    with pytest.raises(InvalidInput, match=r"expected \.csv, \.jsonl"):
        read_inbox(write(tmp_path, "inbox.txt", "hello"))


def test_the_sample_inbox_reads_the_same_in_all_three_formats():
    read = {fmt: read_inbox(COMMENTS / f"inbox.{fmt}") for fmt in ("csv", "jsonl", "xml")}
    as_tuples = {
        fmt: [(c.id, c.author, c.text, c.post) for c in comments]
        for fmt, (comments, _) in read.items()
    }
    assert as_tuples["csv"] == as_tuples["jsonl"] == as_tuples["xml"]
    assert len(as_tuples["csv"]) == 8
    assert all(not skipped for _, skipped in read.values())


def written_records(out: Path) -> list[dict]:
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("fmt", ["md", "csv", "jsonl"])
def test_batch_writes_every_draft_and_lists_urgent_comments_first(tmp_path, fmt):
    out = tmp_path / f"drafts.{fmt}"
    summary = run_batch(COMMENTS / "inbox.jsonl", out, coach=COACH)
    assert summary.read == summary.drafted == 8 and summary.skipped == ()
    assert summary.out == str(out)
    assert list(summary.counts) == ["emergency", "urgent", "routine", "self_care", "none"]
    assert sum(summary.counts.values()) == 8
    assert [(p.id, p.level) for p in summary.priority] == [("301", "urgent")]
    comments, _ = read_inbox(COMMENTS / "inbox.jsonl")
    written = out.read_text(encoding="utf-8")
    if fmt == "md":
        assert written.count("### Draft reply") == 8
        assert "## Comment 301 from Jo: urgent (within 24-48 hours" in written
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(written)))
        assert [r["id"] for r in rows] == [c.id for c in comments]
        by_id = {r["id"]: r for r in rows}
        assert by_id["104"]["disposition"] == "routine" and by_id["101"]["disposition"] == "none"
    else:
        records = written_records(out)
        assert [r["id"] for r in records] == [c.id for c in comments]
        assert [r["line"] for r in records] == [c.line for c in comments]


@pytest.mark.parametrize("inbox", ["inbox.csv", "inbox.jsonl", "inbox.xml"])
@pytest.mark.parametrize("fmt", ["md", "csv", "jsonl"])
def test_a_streamed_drafts_file_is_byte_identical_to_the_whole_document(tmp_path, inbox, fmt):
    """Drafts written a run at a time give the bytes of `render_drafts` over all of them."""
    out = tmp_path / f"drafts.{fmt}"
    run_batch(COMMENTS / inbox, out, coach=COACH)
    comments, _ = read_inbox(COMMENTS / inbox)
    drafts = [d for d in draft_all(comments, COACH, workers=1) if isinstance(d, Draft)]
    assert out.read_bytes() == render_drafts(drafts, fmt).encode("utf-8")


@pytest.mark.parametrize("fmt", ["md", "csv", "jsonl"])
def test_the_draft_writer_gives_the_same_bytes_whatever_the_runs(fmt):
    comments, _ = read_inbox(COMMENTS / "inbox.csv")
    drafts = [d for d in draft_all(comments, COACH, workers=1) if isinstance(d, Draft)]
    whole = render_drafts(drafts, fmt)
    for cuts in ([], [1], [3, 4], [1, 2, 3, 4, 5, 6, 7]):
        pieces: list[str] = []
        writer = DraftWriter(pieces.append, fmt)
        for start, end in zip([0, *cuts], [*cuts, len(drafts)], strict=True):
            writer.add(drafts[start:end])
            writer.add([])
        assert "".join(pieces) == whole, cuts


def test_batch_on_a_csv_with_a_malformed_row_drafts_the_others(tmp_path):
    out = tmp_path / "d.jsonl"
    summary = run_batch(write(tmp_path, "inbox.csv", CSV_WITH_BAD_ROW), out)
    assert [r["id"] for r in written_records(out)] == ["1", "3"]
    assert [s.line for s in summary.skipped] == [4]
    assert summary.read == 2


def test_batch_on_a_wxr_export_with_a_bad_comment_drafts_the_others(tmp_path):
    out = tmp_path / "d.jsonl"
    summary = run_batch(write(tmp_path, "export.xml", WXR_WITH_BAD_COMMENT), out)
    assert [(r["id"], r["disposition"]) for r in written_records(out)] == [
        ("11", "urgent"),
        ("14", "none"),
    ]
    assert len(summary.skipped) == 2
    assert summary.priority[0].id == "11"


def test_two_worker_processes_give_the_same_drafts_in_the_same_order_as_one():
    comments, _ = read_inbox(COMMENTS / "inbox.csv")
    serial = draft_all(comments, COACH, workers=1)
    pooled = draft_all(comments, COACH, workers=2, chunk_size=3, serial_below=0)
    assert [d.id for d in pooled] == [c.id for c in comments]
    assert [d.reply.text for d in pooled] == [d.reply.text for d in serial]


def test_progress_is_reported_by_line_up_to_the_inbox_lines(tmp_path):
    seen: list[tuple[int, int]] = []
    lines: list[int] = []
    run_batch(
        COMMENTS / "inbox.csv",
        tmp_path / "d.md",
        coach=COACH,
        on_open=lines.append,
        progress=lambda done, total: seen.append((done, total)),
    )
    total = (COMMENTS / "inbox.csv").read_bytes().count(b"\n")
    assert lines == [total]
    assert seen and seen[-1] == (total, total)
    assert len(seen) > 1 and [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_an_error_after_some_drafts_are_written_leaves_the_old_file_whole(tmp_path, monkeypatch):
    rows = "".join(f'{{"id": "{i}", "text": "My knee hurts, day {i}."}}\n' for i in range(60))
    inbox, out = write(tmp_path, "inbox.jsonl", rows), write(tmp_path, "d.jsonl", "old drafts\n")
    runs: list[int] = []
    original = batch.draft_many

    def fail_on_the_second_run(comments, coach, kb):
        runs.append(len(comments))
        if len(runs) == 2:
            raise RuntimeError("worker lost")
        return original(comments, coach, kb)

    monkeypatch.setattr(batch, "draft_many", fail_on_the_second_run)
    with pytest.raises(RuntimeError, match="worker lost"):
        run_batch(inbox, out, workers=1)
    assert runs == [batch.SERIAL_STEP, batch.SERIAL_STEP]
    assert out.read_text(encoding="utf-8") == "old drafts\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.jsonl", "inbox.jsonl"]
