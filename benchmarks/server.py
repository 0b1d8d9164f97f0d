"""A `stridewise serve` in its own process for the length of a measurement, on a free port."""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from urllib.error import URLError
from urllib.request import urlopen

START_TIMEOUT_S = 120


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running_server(command: Sequence[str]) -> Iterator[str]:
    """Start `stridewise serve`, wait until it answers (its reader warmed), yield its address."""
    port = _free_port()
    address = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [*command, "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            try:
                with urlopen(address + "/api/schema", timeout=5):
                    break
            except (URLError, ConnectionError):
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("stridewise serve did not start") from None
                time.sleep(0.2)
        yield address
    finally:
        server.terminate()
        server.wait(30)
