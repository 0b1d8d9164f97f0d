"""Time budgets for work on a reader's input (reading a comment, rendering a coach's template).

A budget raises `TooSlow` in the main thread when it runs out; elsewhere (or without SIGALRM)
it does nothing. It never prints or exits.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from ..errors import InvalidInput


class TooSlow(InvalidInput):
    """Work on one input ran past its time budget."""


@contextmanager
def time_budget(seconds: float, what: str) -> Iterator[None]:
    """Raise TooSlow if the block runs longer than `seconds`; an outer budget is restored."""
    if (
        not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise TooSlow(f"{what} took longer than {seconds:g} s; skipped")

    started = time.monotonic()
    previous_handler = signal.signal(signal.SIGALRM, expire)
    outer_delay, _ = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous_handler)
        if outer_delay:
            remaining = outer_delay - (time.monotonic() - started)
            signal.setitimer(signal.ITIMER_REAL, max(remaining, 0.001))
