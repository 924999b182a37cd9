"""Fixtures shared across the test folders."""
from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from homeward.cli import main

# Hypothesis profiles for the fuzz targets (tests/fuzz): "quick" keeps them to seconds in `make test`;
# "fuzz" is one batch of `make fuzz`, which repeats batches for $FUZZ_SECONDS per importer.
from hypothesis import HealthCheck, settings as _hypothesis_settings  # noqa: E402

_hypothesis_settings.register_profile("quick", max_examples=40, deadline=None, print_blob=True,
                                      suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
_hypothesis_settings.register_profile("fuzz", max_examples=200, deadline=None, print_blob=True,
                                      suppress_health_check=list(HealthCheck))

CliRun = Callable[..., tuple[int, str, str]]
SCENARIOS = Path(__file__).resolve().parent / "scenarios"


@pytest.fixture(scope="session")
def scenario_analysis(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Any]:
    """``get(name)``: the written scenario tests/scenarios/<name> imported (its user from truth.json) into a
    fresh database and analysed, once per test run; an ``Analysis`` to build variations on."""
    from homeward import pipeline
    from homeward.store.db import connect

    done: dict[str, Any] = {}

    def get(name: str) -> Any:
        if name not in done:
            truth = json.loads((SCENARIOS / name / "truth.json").read_text(encoding="utf-8"))
            conn = connect(tmp_path_factory.mktemp(name) / "s.db")
            pipeline.import_file(conn, SCENARIOS / name / "chat.txt", me=truth["user"], tz=ZoneInfo("Europe/London"))
            done[name] = pipeline.analyse(conn)[0]
            conn.close()
        return done[name]

    return get


@pytest.fixture
def homeward(capfd: pytest.CaptureFixture[str]) -> CliRun:
    """Run the CLI in this process (where socket guards and monkeypatches apply), typing ``answers`` at its
    prompts; returns (exit code, stdout, stderr), captured at the file descriptors."""

    def run(*args: str, answers: str = "") -> tuple[int, str, str]:
        argv, stdin = sys.argv, sys.stdin
        sys.argv, sys.stdin = ["homeward", *args], io.StringIO(answers)
        try:
            main()
            code = 0
        except SystemExit as exc:
            code = int(exc.code or 0)
        finally:
            sys.argv, sys.stdin = argv, stdin
        out, err = capfd.readouterr()
        return code, out, err

    return run


# A headless Debian Chromium driven by Playwright, for the report's and the dashboard's browser tests.
# `make test` installs Debian's `chromium` package (Playwright's own browser download needs the internet);
# the flags keep Chromium from phoning home. Never skipped: a missing browser is a failure saying how to fix it.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One browser per test module (Playwright's sync API allows one running instance at a time)."""
    import os

    from playwright.sync_api import sync_playwright

    assert os.path.exists(CHROMIUM), "no /usr/bin/chromium: run `make test` (it installs Debian's chromium package)"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()
