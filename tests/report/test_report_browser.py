"""The report in a real browser (headless Chromium): it opens with every network request refused, draws
every chart, logs no error, and shows message text as text however much HTML it holds."""
from __future__ import annotations

import re
import zoneinfo
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from homeward import demo, pipeline
from homeward.report.html import render_report
from homeward.store.db import connect, transaction
from homeward.store.journal import add_entry

FIXTURE = Path(__file__).parent.parent / "fixtures" / "report" / "script_injection.txt"
EVIL_NOTE = '</script><script>window.pwned = 1</script><img src=x onerror="window.pwned = 2"> note'


@pytest.fixture(scope="module")
def demo_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    return demo.run(folder / "demo.db", folder / "report.html")


class Watched:
    """A page whose outside requests are aborted and recorded, with its console errors and dialogs."""

    def __init__(self, page: Any) -> None:
        self.page, self.outside, self.errors, self.dialogs = page, [], [], []
        page.route("**/*", self._route)
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def _route(self, route: Any) -> None:
        if route.request.url.startswith(("file:", "data:")):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()


@pytest.fixture()
def watched(browser: Any) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    yield Watched(context.new_page())
    context.close()


def charts_drawn(page: Any) -> dict[str, int]:
    """Each chart container's name and how many SVG or canvas elements it holds."""
    page.wait_for_selector("body[data-charts=drawn]", timeout=20_000)
    return page.evaluate("""Object.fromEntries([...document.querySelectorAll('[data-chart]')].map(
        el => [el.dataset.chart, el.querySelectorAll('svg, canvas').length]))""")


def test_demo_report_opens_offline_and_draws_every_chart(demo_report: Path, watched: Watched) -> None:
    page = watched.page
    page.goto(demo_report.as_uri())
    drawn = charts_drawn(page)
    assert {"timeline", "events", "initiation", "replies", "warmth_partner", "warmth_you", "pressure",
            "experiments"} <= set(drawn)
    assert all(n >= 1 for n in drawn.values()), drawn
    assert page.locator(".chart", has_text="could not be drawn").count() == 0
    assert watched.outside == [] and watched.errors == [] and watched.dialogs == []
    headline = page.locator("h1").inner_text()
    assert re.match(r"The partner has (been (warmer|cooler) since the week of \d{1,2} [A-Z][a-z]+|started (more|fewer))",
                    headline), headline
    # Every chart has a text alternative: an aria-label and a sentence in words.
    labels = page.eval_on_selector_all("[data-chart]", "els => els.map(e => e.getAttribute('aria-label') || '')")
    assert all(len(label) > 20 for label in labels)
    assert page.locator("p.words").count() >= len(drawn) - 1


def test_guidance_opens_to_its_messages_by_keyboard(demo_report: Path, watched: Watched) -> None:
    page = watched.page
    page.goto(demo_report.as_uri())
    summary = page.locator("#guidance ~ .card details summary").first
    summary.focus()
    page.keyboard.press("Enter")
    details = page.locator("#guidance ~ .card details").first
    assert details.evaluate("d => d.open")
    assert details.locator(".msg").count() >= 1 and details.locator(".msg").first.is_visible()


def test_phone_width_has_no_sideways_scrolling(demo_report: Path, browser: Any) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740}, device_scale_factor=1)
    page = context.new_page()
    page.goto(demo_report.as_uri())
    charts_drawn(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375 + 1
    context.close()


def test_print_stylesheet_opens_evidence_and_hides_navigation(demo_report: Path, watched: Watched) -> None:
    page = watched.page
    page.goto(demo_report.as_uri())
    charts_drawn(page)
    page.emulate_media(media="print")
    assert page.locator("nav.toc").is_hidden()
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.eval_on_selector_all("details[data-print-open]", "ds => ds.every(d => d.open)")
    assert len(page.pdf(format="A4")) > 10_000  # Print to PDF works and has content


def test_message_html_renders_as_text(tmp_path: Path, watched: Watched) -> None:
    conn = connect(tmp_path / "x.db")
    pipeline.import_file(conn, FIXTURE, me="Alex", tz=zoneinfo.ZoneInfo("UTC"))
    with transaction(conn):
        add_entry(conn, kind="note", when="2025-03-03 10:00", by=None, minutes=None, text=EVIL_NOTE)
    a, g = pipeline.analyse(conn)
    out = tmp_path / "report.html"
    out.write_text(render_report(a, g, conn), encoding="utf-8")
    page = watched.page
    page.goto(out.as_uri())
    page.wait_for_selector("body[data-charts=drawn]", timeout=20_000)
    assert page.evaluate("window.pwned") is None
    assert watched.dialogs == [] and watched.errors == [] and watched.outside == []
    assert page.locator("main img, main script").count() == 0
    assert "<img src=x onerror=alert(2)> when are you coming home" in page.locator("#report").text_content()  # closed <details> included
