"""A whole inbox of reader comments to reply drafts, on every core, with a summary that puts
emergency and urgent comments first. Reading is `inbox.py`'s job, file formats `drafts.py`'s.

Memory stays bounded whatever the inbox size: comments are drafted as they are read, a few
chunks at a time, and each draft is written out as soon as every draft before it is.
"""

from __future__ import annotations

import multiprocessing
import signal
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import closing, contextmanager
from itertools import chain, islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ConfigDict

from ..engine.files import atomic_writer, refuse_overwriting_inputs
from ..engine.kb_models import KnowledgeBase, Level
from ..engine.pipeline import triage
from ..errors import InvalidInput, StridewiseError
from .budget import time_budget
from .drafts import FORMAT_BY_SUFFIX, Draft, DraftFormat, DraftWriter, PriorityItem, Summary
from .inbox import InboxComment, Skipped, open_inbox
from .profile import DEFAULT_COACH, CoachProfile
from .reply import build_reply
from .schedule import chunks, in_order

if TYPE_CHECKING:
    from ..reading.reader import CommentReading

_FROZEN = ConfigDict(extra="forbid", frozen=True)
Progress = Callable[[int, int], None]
PRIORITY_LEVELS = ("emergency", "urgent")
SERIAL_STEP = 25  # comments read per pipeline pass in this process
SERIAL_BELOW = 200  # smaller inboxes are drafted in this process: starting workers costs more
CHUNK_SIZE = 100  # comments sent to a worker at once
IN_FLIGHT_PER_WORKER = 3  # chunks per worker submitted or waiting for an earlier one, at most
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


def draft_stream(
    comments: Iterable[InboxComment],
    coach: CoachProfile = DEFAULT_COACH,
    *,
    workers: int = 2,
    chunk_size: int = CHUNK_SIZE,
    serial_below: int = SERIAL_BELOW,
) -> Iterator[list[Draft | Skipped]]:
    """Every comment's draft (or skipped row), a run at a time, in inbox order, taking comments
    from `comments` only as fast as they are drafted. Close it when stopping early: that stops
    the workers."""
    source = iter(comments)
    first = list(islice(source, serial_below))
    if workers <= 1 or len(first) < serial_below:
        from ..engine.pipeline import default_knowledge_base

        kb = default_knowledge_base()
        for chunk in chunks(chain(first, source), SERIAL_STEP):
            yield draft_many(chunk, coach, kb)
        return
    # spawn, not fork: the caller may be running threads (a progress bar) that fork would copy.
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(workers, context, _start_worker, (coach,))
    try:
        with _sigterm_as_interrupt():
            yield from in_order(
                chunks(chain(first, source), chunk_size),
                lambda chunk: pool.submit(_draft_chunk, chunk),
                workers * IN_FLIGHT_PER_WORKER,
            )
    except BaseException:
        # Ctrl-C reaches the workers through the terminal; SIGTERM does not: stop them here.
        for process in list((pool._processes or {}).values()):
            process.terminate()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def draft_all(
    comments: Sequence[InboxComment], coach: CoachProfile = DEFAULT_COACH, **options: int
) -> list[Draft | Skipped]:
    """Every comment's draft in a list, in inbox order: for a small inbox held in memory.
    `options` are `draft_stream`'s (workers, chunk_size, serial_below)."""
    stream = draft_stream(comments, coach, **options)
    with closing(stream):
        return [result for run in stream for result in run]


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


class Tally:
    """What the summary needs of a batch, kept while the drafts themselves are written out."""

    def __init__(self) -> None:
        self.read = 0
        self.counts = dict.fromkeys((lv.name for lv in sorted(Level, key=lambda lv: -lv)), 0)
        self.priority: dict[str, list[PriorityItem]] = {level: [] for level in PRIORITY_LEVELS}
        self.skipped: list[Skipped] = []

    def comments(self, rows: Iterable[InboxComment | Skipped]) -> Iterator[InboxComment]:
        """The comments among `rows`; a row skipped by the reader is noted on the way."""
        for row in rows:
            if isinstance(row, Skipped):
                self.skipped.append(row)
            else:
                self.read += 1
                yield row

    def add(self, result: Draft | Skipped) -> None:
        if isinstance(result, Skipped):
            self.skipped.append(result)
            return
        self.counts[result.level] += 1
        if result.level in self.priority:
            fields = result.model_dump(include=set(PriorityItem.model_fields))
            self.priority[result.level].append(PriorityItem(**fields))

    def summary(self, source: str, out: str) -> Summary:
        """Counts by disposition (most urgent first) and the comments to answer today."""
        return Summary(
            source=source,
            read=self.read,
            drafted=sum(self.counts.values()),
            counts=self.counts,
            priority=tuple(chain.from_iterable(self.priority.values())),
            skipped=tuple(sorted(self.skipped, key=lambda s: s.line)),
            out=out,
        )


def run_batch(
    source: Path | str,
    out: Path | str,
    fmt: DraftFormat | None = None,
    coach: CoachProfile = DEFAULT_COACH,
    *,
    workers: int = 2,
    progress: Progress | None = None,
    on_open: Callable[[int], None] | None = None,
    inputs: Sequence[Path] = (),
) -> Summary:
    """Read an inbox, draft every reply, write them to `out` and return the summary.

    `out` is written atomically and may not be the inbox or any of `inputs` (a coach profile).
    `on_open` is told the inbox's number of lines once it is checked; `progress(line, lines)`
    the line reached each time a run of drafts is written.
    """
    out = Path(out)
    fmt = fmt or FORMAT_BY_SUFFIX.get(out.suffix.lower(), "md")
    refuse_overwriting_inputs(out, [Path(source), *inputs], InvalidInput)
    tally = Tally()
    report = progress or (lambda done, total: None)
    with open_inbox(source) as inbox, atomic_writer(out, InvalidInput) as write:
        if on_open:
            on_open(inbox.lines)
        writer = DraftWriter(write, fmt)
        stream = draft_stream(tally.comments(inbox.rows), coach, workers=workers)
        with closing(stream):
            for run in stream:
                writer.add([r for r in run if isinstance(r, Draft)])
                for result in run:
                    tally.add(result)
                report(max((r.line for r in run), default=0), inbox.lines)
        report(inbox.lines, inbox.lines)
    return tally.summary(str(source), str(out))
