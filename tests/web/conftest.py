"""Debian's Chromium driven by Playwright, against the live server of tests/conftest.py.

Browsers cannot be downloaded here, so Playwright launches the system Chromium; where it is
missing the browser tests skip and say how to install it (CI installs it in .ci/run).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("STRIDEWISE_CHROMIUM", "/usr/bin/chromium"))
# Set STRIDEWISE_SCREENSHOTS to a folder (docs/img) to save the screenshots the docs show.
SCREENSHOTS = os.environ.get("STRIDEWISE_SCREENSHOTS")


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
