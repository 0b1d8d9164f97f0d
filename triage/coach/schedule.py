"""Work handed to a pool a few pieces at a time, results given back in the order it was handed.

A new piece is taken from the input only when fewer than `limit` are in flight (submitted and
not yet given back, including finished pieces waiting for an earlier one), so a long input is
never read far ahead of what the caller has consumed. It knows nothing of comments or drafts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, wait
from itertools import islice
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def in_order(pieces: Iterable[T], submit: Callable[[T], Future[R]], limit: int) -> Iterator[R]:
    """`submit(piece).result()` for every piece, in input order, with at most `limit` in flight;
    a piece that failed raises its error when its turn comes."""
    if limit < 1:
        raise ValueError(f"limit: expected at least 1, got {limit}")
    source = iter(pieces)
    running: dict[Future[R], int] = {}
    finished: dict[int, Future[R]] = {}
    taken = given = 0
    while True:
        for piece in islice(source, limit - len(running) - len(finished)):
            running[submit(piece)] = taken
            taken += 1
        if given in finished:
            yield finished.pop(given).result()
            given += 1
            continue
        if not running:
            return
        done, _ = wait(running, return_when=FIRST_COMPLETED)
        for future in done:
            finished[running.pop(future)] = future


def chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of `size` items (the last may be shorter), read as they are needed."""
    source = iter(items)
    while chunk := list(islice(source, size)):
        yield chunk
