import re
from pathlib import Path

from homeward import pipeline
from homeward.report.html import render_report
from homeward.store.db import connect

FIXTURE = Path(__file__).parent.parent / "fixtures" / "report" / "script_injection.txt"


def test_message_html_is_escaped_and_nothing_loads_from_the_network(tmp_path):
    conn = connect(tmp_path / "r.db")
    pipeline.import_file(conn, FIXTURE, me="Alex", tz=__import__("zoneinfo").ZoneInfo("UTC"))
    a, g = pipeline.analyse(conn)
    page = render_report(a, g, conn)
    assert "<script>alert(1)</script>" not in page
    assert "<img src=x onerror=alert(2)>" not in page
    assert not re.search(r"""<(script|link|img|iframe)[^>]+(src|href)=["']?https?:""", page, re.IGNORECASE)
    assert "Content-Security-Policy" in page and page.count("vegaEmbed(") == 1
