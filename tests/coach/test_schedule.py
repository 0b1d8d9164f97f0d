"""Pieces of work handed to a pool a few at a time come back in the order they were handed."""

from __future__ import annotations

from concurrent.futures import Future

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stridewise.triage.coach.schedule import chunks, in_order


class ReversingPool:
    """A fake pool that finishes work only once `limit` pieces wait (or the input has run out),
    and then the newest first, so results always arrive out of order."""

    def __init__(self, total: int, limit: int) -> None:
        self.total, self.limit = total, limit
        self.waiting: list[tuple[Future, int]] = []
        self.submitted = 0
        self.finish_order: list[int] = []

    def submit(self, piece: int) -> Future:
        future: Future = Future()
        self.waiting.append((future, piece))
        self.submitted += 1
        if len(self.waiting) == self.limit or self.submitted == self.total:
            for waiting, value in reversed(self.waiting):
                self.finish_order.append(value)
                waiting.set_result(value * 10)
            self.waiting = []
        return future


@given(total=st.integers(0, 60), limit=st.integers(1, 8))
def test_results_come_back_in_input_order_when_work_finishes_out_of_order(total, limit):
    pool = ReversingPool(total, limit)
    assert list(in_order(range(total), pool.submit, limit)) == [i * 10 for i in range(total)]
    if total > 1 and limit > 1:
        assert pool.finish_order != sorted(pool.finish_order)


@given(total=st.integers(0, 60), limit=st.integers(1, 8))
def test_no_more_than_limit_pieces_are_taken_ahead_of_the_results_consumed(total, limit):
    pool = ReversingPool(total, limit)
    taken = 0

    def source():
        nonlocal taken
        for piece in range(total):
            taken += 1
            yield piece

    consumed = 0
    for _ in in_order(source(), pool.submit, limit):
        consumed += 1
        assert taken - consumed < limit
        assert pool.submitted - consumed < limit
    assert consumed == taken == total


def test_a_failed_piece_stops_the_results_with_its_error():
    def submit(piece: int) -> Future:
        future: Future = Future()
        if piece == 2:
            future.set_exception(ValueError("piece 2"))
        else:
            future.set_result(piece)
        return future

    results = in_order(range(5), submit, 3)
    assert [next(results), next(results)] == [0, 1]
    with pytest.raises(ValueError, match="piece 2"):
        next(results)


def test_a_limit_below_one_is_refused():
    with pytest.raises(ValueError, match="at least 1"):
        list(in_order([1], lambda piece: Future(), 0))


@given(items=st.lists(st.integers(), max_size=40), size=st.integers(1, 7))
def test_chunks_keep_every_item_in_order_in_runs_of_the_size(items, size):
    runs = list(chunks(items, size))
    assert [item for run in runs for item in run] == items
    assert all(len(run) == size for run in runs[:-1])
    assert all(0 < len(run) <= size for run in runs)
