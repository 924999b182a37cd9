"""The counsellor summary: names become Me and Partner, contact details are masked."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from homeward import demo, pipeline
from homeward.report.summary import Names, Redactor, names_from_store, summary_html, summary_markdown
from homeward.store.db import connect


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("demo")
    demo.run(d / "demo.db", d / "report.html")
    return d / "demo.db"


def _summary(db: Path, html: bool = False) -> str:
    conn = connect(db)
    try:
        a, g = pipeline.analyse(conn)
        names = names_from_store(conn)
    finally:
        conn.close()
    return (summary_html if html else summary_markdown)(a, g, names)


@pytest.mark.parametrize("html", [False, True])
def test_demo_summary_is_redacted(demo_db: Path, html: bool) -> None:
    text = _summary(demo_db, html)
    assert "Alex" not in text and "Jordan" not in text
    assert "+44" not in text and "07700" not in text and "7700 900" not in text
    assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.-]+", text)
    assert "Me" in text and "Partner" in text
    assert "Trajectory" in text and "Guidance" in text


def test_demo_summary_quotes_at_most_six(demo_db: Path) -> None:
    text = _summary(demo_db)
    assert 1 <= len(re.findall(r"^\*\*(Me|Partner)\*\*, ", text, flags=re.MULTILINE)) <= 6


def test_redactor_masks_contact_details_and_names() -> None:
    r = Redactor(Names(user=["Alex Smith"], partner=["Jordan", "Jo"], other=[]))
    text = ("alex, ring jordan on +44 7700 900123 or 07700 900456 or (555) 123-4567, mail jo@example.org, "
            "see https://example.com/x and www.foo.net, we're at 12 Acacia Avenue, SW1A 1AA, or 90210; "
            "ask Theo and Maisie. Monday is fine")
    out = r.quote(text)
    for gone in ("alex", "jordan", "7700", "4567", "jo@", "example", "foo.net", "Acacia", "SW1A", "90210", "Theo", "Maisie"):
        assert gone.lower() not in out.lower(), (gone, out)
    for mark in ("Me", "Partner", "[phone]", "[email]", "[link]", "[address]", "[name]"):
        assert mark in out, (mark, out)
    assert "Monday" in out


def test_cli_writes_html(demo_db: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from homeward.cli import app

    out = tmp_path / "s.html"
    result = CliRunner().invoke(app, ["--db", str(demo_db), "export", "summary", "--redact", "--out", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>") and "Jordan" not in page
