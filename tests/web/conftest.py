"""A live stridewise server on a free local port, and Debian's Chromium driven by Playwright.

Browsers cannot be downloaded here, so Playwright launches the system Chromium; where it is
missing the browser tests skip and say how to install it (CI installs it in .ci/run).
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("STRIDEWISE_CHROMIUM", "/usr/bin/chromium"))
# Set STRIDEWISE_SCREENSHOTS to a folder (docs/img) to save the screenshots the docs show.
SCREENSHOTS = os.environ.get("STRIDEWISE_SCREENSHOTS")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def live_server() -> Iterator[str]:
    import uvicorn

    from stridewise.triage.web import create_app

    port = _free_port()
    config = uvicorn.Config(
        create_app(), host="127.0.0.1", port=port, log_level="warning", access_log=False
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM))
        yield launched
        launched.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server, viewport={"width": 1000, "height": 900})
    opened = context.new_page()
    yield opened
    context.close()


def screenshot(page, name: str) -> None:
    """Save a full-page screenshot for the docs, only when STRIDEWISE_SCREENSHOTS is set."""
    if SCREENSHOTS:
        page.screenshot(path=str(Path(SCREENSHOTS) / name), full_page=True)
