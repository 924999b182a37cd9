"""The dashboard end to end in a real browser: `homeward serve` in a subprocess, headless Chromium on its
printed address. Refused without the token; charts drawn with no console error and nothing fetched
from anywhere but the server; search; a label correction clicked in the page changes what
`homeward analyze --json` returns and redraws the charts; journal entries and experiments."""
from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from homeward import demo
from homeward.store.db import connect

CliRun = Callable[..., tuple[int, str, str]]  # the `homeward` fixture (tests/conftest.py)
SERVE = "import sys; from homeward.cli import main; sys.argv[0] = 'homeward'; main()"
EARLY = "not yet. i need some time"  # the partner, guarded, on 6 May 2025
WEEK = "2025-05-05"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("dash")
    demo.run(folder / "demo.db", folder / "report.html")
    return folder / "demo.db"


@pytest.fixture(scope="module")
def url(db: Path) -> Iterator[str]:
    """The address `homeward serve` prints, token included; the server stops after the module."""
    proc = subprocess.Popen([sys.executable, "-c", SERVE, "--db", str(db), "serve"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline().strip() if proc.stdout else ""
        assert line.startswith("http://127.0.0.1:") and "/?token=" in line, (line, proc.poll())
        yield line
    finally:
        proc.terminate()
        proc.wait(timeout=10)


class Dash:
    """A page on the dashboard with its console errors and any request to somewhere other than the server."""

    def __init__(self, page: Any, base: str) -> None:
        self.page, self.errors, self.elsewhere = page, [], []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base)
                   else (self.elsewhere.append(r.request.url), r.abort()))


@pytest.fixture()
def dash(browser: Any, url: str) -> Iterator[Dash]:
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    d = Dash(context.new_page(), url.split("/?")[0])
    d.page.goto(url)
    d.page.wait_for_selector("body[data-charts=drawn]", timeout=30_000)
    d.page.wait_for_selector("#hw-messages li", timeout=20_000)
    yield d
    context.close()


def _analysis(homeward: CliRun, db: Path) -> dict[str, Any]:
    code, out, err = homeward("--db", str(db), "analyze", "--json")
    assert code == 0, err
    return json.loads(out)


def _search(page: Any, text: str) -> Any:
    page.fill("#hw-q", text)
    page.press("#hw-q", "Enter")
    page.wait_for_function("t => document.getElementById('hw-count').textContent.includes(t)", arg=text)
    return page.locator("#hw-messages li")


def test_refused_without_the_token(browser: Any, url: str) -> None:
    base = url.split("/?")[0]
    context = browser.new_context()
    page = context.new_page()
    assert page.goto(base + "/").status == 403
    assert page.goto(base + "/?token=wrong").status == 403
    assert page.request.get(base + "/api/analysis").status == 403
    assert page.request.get(base + "/api/messages", headers={"X-Homeward-Token": "wrong"}).status == 403
    token = url.split("token=")[1]
    assert page.request.post(base + "/api/journal?token=" + token, data={"text": "x"}).status == 403  # CSRF
    context.close()


def test_dashboard_draws_the_report_offline(dash: Dash) -> None:
    page = dash.page
    drawn = page.evaluate("[...document.querySelectorAll('[data-chart]')].map(e => e.querySelectorAll('svg, canvas').length)")
    assert len(drawn) >= 8 and all(n >= 1 for n in drawn)
    assert "token" not in page.url  # taken out of the address bar and history
    assert dash.errors == [] and dash.elsewhere == []
    assert page.locator("#hw-experiments li").count() >= 1


def test_search_shows_matching_messages_with_labels(dash: Dash) -> None:
    rows = _search(dash.page, "coming home")
    assert 0 < rows.count() <= 50
    texts = rows.locator(".hw-text").all_inner_texts()
    assert all("coming home" in t.lower() for t in texts)
    assert rows.locator("button.hw-remove", has_text="homecoming").count() >= 1


def _partner_week_row(page: Any, week: str) -> str:
    """The report's weekly-table row for the partner in ``week`` (it holds their warmth that week)."""
    return page.evaluate("""w => [...document.querySelectorAll('#report tr')].map(r => r.textContent)
        .find(t => t.startsWith(w + 'partner'))""", week)


def test_label_correction_in_the_page_changes_the_analysis(dash: Dash, db: Path, homeward: CliRun) -> None:
    page = dash.page

    def affection() -> int:
        week = next(w for w in _analysis(homeward, db)["weeks"] if w["week"] == WEEK)
        return week["labels"]["partner"].get("affection", 0)

    before, row_before = affection(), _partner_week_row(page, WEEK)
    row = _search(page, EARLY).filter(has_text=EARLY).first
    assert row.locator("button.hw-remove", has_text="affection").count() == 0
    row.locator("select.hw-pick").select_option("affection")
    row.locator("button.hw-add").click()
    page.wait_for_selector("body[data-refreshed='1'][data-charts=drawn]", timeout=30_000)
    assert affection() == before + 1
    assert _partner_week_row(page, WEEK) != row_before  # the partner's warmth that week, redrawn live
    # Clicking the label away again restores the analysis.
    page.locator(f"#hw-messages li:has-text('{EARLY}') button.hw-remove", has_text="affection").click()
    page.wait_for_selector("body[data-refreshed='2'][data-charts=drawn]", timeout=30_000)
    assert affection() == before and _partner_week_row(page, WEEK) == row_before
    assert dash.errors == []


def test_journal_entry_and_experiment_from_the_page(dash: Dash, db: Path, homeward: CliRun) -> None:
    page = dash.page
    page.select_option("#hw-jkind", "visit")
    page.fill("#hw-jwhen", "2025-11-29T15:00")
    page.select_option("#hw-jby", "partner")
    page.fill("#hw-jtext", "coffee in town")
    page.click("#hw-journal button[type=submit]")
    page.wait_for_selector("body[data-refreshed='1']", timeout=30_000)
    conn = connect(db)
    try:
        assert conn.execute("SELECT kind, by FROM journal WHERE text = 'coffee in town'").fetchall() == [("visit", "partner")]
    finally:
        conn.close()
    page.fill("#hw-ename", "lighter messages")
    page.fill("#hw-estart", "2025-09-01")
    page.click("#hw-experiment button[type=submit]")
    page.wait_for_selector("#hw-experiments li:has-text('lighter messages') button", timeout=30_000)
    page.wait_for_selector("body[data-refreshed='2']", timeout=30_000)
    page.click("#hw-experiments li:has-text('lighter messages') button")
    page.wait_for_selector("body[data-refreshed='3']", timeout=30_000)
    ended = [e for e in _analysis(homeward, db)["experiments"] if e["name"] == "lighter messages"]
    assert len(ended) == 1 and ended[0]["start"] == "2025-09-01" and ended[0]["end"] is not None
    assert "lighter messages" in page.locator("#experiments").evaluate("h => h.parentElement.textContent")
    assert dash.errors == [] and dash.elsewhere == []
