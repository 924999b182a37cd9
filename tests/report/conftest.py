"""A headless Debian Chromium driven by Playwright, for the report's browser tests.

``make test`` installs Debian's ``chromium`` package (Playwright's own browser download needs the
internet). The flags keep Chromium from phoning home, which this sandbox refuses anyway. These tests
are never skipped: a missing browser is a failure that says how to install it.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One browser per test module (Playwright's sync API allows one running instance at a time)."""
    from playwright.sync_api import sync_playwright

    assert CHROMIUM.exists(), "no /usr/bin/chromium: run `make test` (it installs Debian's chromium package)"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()
