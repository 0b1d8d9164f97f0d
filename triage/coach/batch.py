"""A whole inbox of reader comments to reply drafts, on every core, with a summary that puts
emergency and urgent comments first. Reading is `inbox.py`'s job, file formats `drafts.py`'s.
"""

from __future__ import annotations

import multiprocessing
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ConfigDict

from ..engine.files import refuse_overwriting_inputs, write_atomic
from ..engine.kb_models import KnowledgeBase, Level
from ..engine.pipeline import triage
from ..errors import InvalidInput, StridewiseError
from .budget import time_budget
from .drafts import (
    FORMAT_BY_SUFFIX,
    BatchResult,
    Draft,
    DraftFormat,
    PriorityItem,
    Summary,
    render_drafts,
)
from .inbox import InboxComment, Skipped, read_inbox
from .profile import DEFAULT_COACH, CoachProfile
from .reply import build_reply

if TYPE_CHECKING:
    from ..reading.reader import CommentReading

_FROZEN = ConfigDict(extra="forbid", frozen=True)
Progress = Callable[[int, int], None]
PRIORITY_LEVELS = ("emergency", "urgent")
SERIAL_STEP = 25  # comments read per pipeline pass in this process
SERIAL_BELOW = 200  # smaller inboxes are drafted in this process: starting workers costs more
COMMENT_SECONDS = 10.0  # a comment that takes longer to read is skipped, not waited for


def draft_comment(
    comment: InboxComment, coach: CoachProfile, kb: KnowledgeBase | None = None
) -> Draft | Skipped:
    """Triage and draft one comment; a comment the text reader rejects is skipped, not fatal."""
    from ..reading.reader import read_comment

    try:
        with time_budget(COMMENT_SECONDS, "reading this comment"):
            reading = read_comment(comment.text, kb)
    except StridewiseError as exc:
        return Skipped(line=comment.line, reason="; ".join(exc.problems))
    return _draft(comment, reading, coach, kb)


def _draft(
    comment: InboxComment, reading: CommentReading, coach: CoachProfile, kb: KnowledgeBase | None
) -> Draft:
    report = triage(reading.intake, kb, quotes=reading.quotes)
    reply = build_reply(report, reading, coach, kb, author=comment.author)
    return Draft(
        id=comment.id,
        author=comment.author,
        line=comment.line,
        post=comment.post,
        text=comment.text,
        level=report.disposition.level,
        timeframe=reply.do_now.timeframe,
        needs_triage=reply.needs_triage,
        findings=tuple(dict.fromkeys(f.id for f in report.findings)),
        reply=reply,
    )


_WORKER: dict[str, Any] = {}


def _start_worker(coach: CoachProfile) -> None:
    """Build the knowledge base, engine and text pipeline once per worker process."""
    from ..engine.pipeline import default_knowledge_base
    from ..reading.reader import triage_comment

    _WORKER["coach"] = coach
    _WORKER["kb"] = default_knowledge_base()
    triage_comment("My knee hurts when I run.", _WORKER["kb"])


def _draft_chunk(chunk: Sequence[InboxComment]) -> list[Draft | Skipped]:
    return draft_many(chunk, _WORKER["coach"], _WORKER["kb"])


def draft_many(
    comments: Sequence[InboxComment], coach: CoachProfile, kb: KnowledgeBase
) -> list[Draft | Skipped]:
    """Read a run of comments through one language pipeline pass, then triage each.

    If the stream fails on one comment, the run is redone one comment at a time so that only
    that comment is skipped.
    """
    from ..reading.reader import read_comments

    try:
        with time_budget(COMMENT_SECONDS * len(comments), "reading these comments"):
            readings = list(read_comments([c.text for c in comments], kb))
    except StridewiseError:
        return [draft_comment(c, coach, kb) for c in comments]
    return [_draft(c, reading, coach, kb) for c, reading in zip(comments, readings, strict=True)]


def draft_all(
    comments: Sequence[InboxComment],
    coach: CoachProfile = DEFAULT_COACH,
    *,
    workers: int = 2,
    chunk_size: int | None = None,
    serial_below: int = SERIAL_BELOW,
    progress: Progress | None = None,
) -> list[Draft | Skipped]:
    """Draft every comment, in inbox order, on `workers` processes when the inbox is large."""
    total = len(comments)
    report = progress or (lambda done, total: None)
    if workers <= 1 or total < serial_below:
        from ..engine.pipeline import default_knowledge_base

        kb, out = default_knowledge_base(), []
        for start in range(0, total, SERIAL_STEP):
            out += draft_many(comments[start : start + SERIAL_STEP], coach, kb)
            report(len(out), total)
        return out
    size = chunk_size or max(20, min(250, total // (workers * 8) or 1))
    chunks = [comments[i : i + size] for i in range(0, total, size)]
    results: dict[int, list[Draft | Skipped]] = {}
    # spawn, not fork: the caller may be running threads (a progress bar) that fork would copy.
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(workers, context, _start_worker, (coach,))
    try:
        with _sigterm_as_interrupt():
            futures = {pool.submit(_draft_chunk, chunk): i for i, chunk in enumerate(chunks)}
            done = 0
            for future in as_completed(futures):
                results[futures[future]] = future.result()
                done += len(results[futures[future]])
                report(done, total)
    except BaseException:
        # Ctrl-C reaches the workers through the terminal; SIGTERM does not: stop them here.
        for process in list((pool._processes or {}).values()):
            process.terminate()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return [item for i in range(len(chunks)) for item in results[i]]


@contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """While workers run, SIGTERM stops the batch the way Ctrl-C does."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def summarise(
    source: str, read: int, drafts: Sequence[Draft], skipped: Sequence[Skipped]
) -> Summary:
    """Counts by disposition (most urgent first) and the comments to answer today."""
    levels = sorted(Level, key=lambda lv: -lv)
    counts = {lv.name: sum(d.level == lv.name for d in drafts) for lv in levels}
    priority = [
        PriorityItem(id=d.id, author=d.author, line=d.line, level=d.level, timeframe=d.timeframe)
        for level in PRIORITY_LEVELS
        for d in drafts
        if d.level == level
    ]
    return Summary(
        source=source,
        read=read,
        drafted=len(drafts),
        counts=counts,
        priority=tuple(priority),
        skipped=tuple(sorted(skipped, key=lambda s: s.line)),
    )


def run_batch(
    source: Path | str,
    out: Path | str,
    fmt: DraftFormat | None = None,
    coach: CoachProfile = DEFAULT_COACH,
    *,
    workers: int = 2,
    progress: Progress | None = None,
    on_read: Callable[[int], None] | None = None,
    inputs: Sequence[Path] = (),
) -> BatchResult:
    """Read an inbox, draft every reply, write them to `out` and return the summary.

    `out` is written atomically and may not be the inbox or any of `inputs` (a coach profile).
    """
    out = Path(out)
    fmt = fmt or FORMAT_BY_SUFFIX.get(out.suffix.lower(), "md")
    refuse_overwriting_inputs(out, [Path(source), *inputs], InvalidInput)
    comments, skipped = read_inbox(source)
    if on_read:
        on_read(len(comments))
    results = draft_all(comments, coach, workers=workers, progress=progress)
    drafts = [r for r in results if isinstance(r, Draft)]
    skipped = [*skipped, *(r for r in results if isinstance(r, Skipped))]
    write_atomic(out, render_drafts(drafts, fmt), InvalidInput)
    summary = summarise(str(source), len(comments), drafts, skipped)
    return BatchResult(drafts=tuple(drafts), summary=summary.model_copy(update={"out": str(out)}))
