"""The report's sections: the keys other analyses add are drawn when present and skipped when absent,
and the uncertainty wording says what the numbers mean."""
from __future__ import annotations

import json
import zoneinfo
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from homeward import demo, pipeline
from homeward.analysis.changepoints import TrendChange
from homeward.analysis.stats import Difference
from homeward.report import html, text
from homeward.store.db import connect

NEW_WEEK_KEYS = ("words", "double_texts", "reciprocity", "style_matching")


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Any]:
    folder = tmp_path_factory.mktemp("sections")
    demo.run(folder / "demo.db", folder / "report.html")
    conn = connect(folder / "demo.db")
    try:
        return pipeline.analyse(conn)
    finally:
        conn.close()


def test_new_keys_are_drawn_when_present(analysed: tuple[Any, Any]) -> None:
    page = html.render_report(*analysed)
    data = html.contract_json(*analysed)
    assert all(k in data["weeks"][0] for k in NEW_WEEK_KEYS) and data["ideas"]
    assert 'data-chart="balance"' in page and ">words</th>" in page and ">double texts</th>" in page
    assert 'id="ideas"' in page and data["ideas"][0]["phrase"] in page


def test_report_without_the_new_keys_still_renders(analysed: tuple[Any, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    real = html.contract_json

    def older(a: Any, g: Any) -> dict[str, Any]:
        data = {k: v for k, v in real(a, g).items() if k not in ("ideas", "style_matching")}
        data["weeks"] = [{k: v for k, v in w.items() if k not in NEW_WEEK_KEYS} for w in data["weeks"]]
        return data

    monkeypatch.setattr(html, "contract_json", older)
    page = html.render_report(*analysed)
    specs = json.loads(page.split('<script type="application/json" id="specs">')[1].split("</script>")[0])
    assert "balance" not in specs and 'data-chart="balance"' not in page and "timeline" in specs
    assert ">words</th>" not in page and 'id="ideas"' not in page
    assert 'data-chart="timeline"' in page and "What may help now" in page


def test_uncertainty_in_plain_words() -> None:
    assert text.chance(0.0004) == "less than 1 time in 1,000"
    assert text.chance(0.03) == "about 3 times in 100"
    unclear = Difference(a_mean=0.2, b_mean=0.25, diff=0.05, low=-0.03, high=0.13, cohens_d=0.2, n_a=40, n_b=40)
    clear = Difference(a_mean=0.2, b_mean=0.4, diff=0.2, low=0.08, high=0.31, cohens_d=0.8, n_a=40, n_b=40)
    assert text.interval(unclear) == "between -3 and +13 points, which includes no change at all: this could be chance"
    assert text.interval(clear) == "between +8 and +31 points: a real change"


def test_every_chart_has_words(analysed: tuple[Any, Any]) -> None:
    a, g = analysed
    words = html.chart_words(a, html.contract_json(a, g))
    page = html.render_report(a, g)
    for key in ("timeline", "events", "initiation", "replies", "warmth_partner", "warmth_you", "pressure"):
        assert f'data-chart="{key}"' in page and len(words[key]) > 30, key
        assert words[key].replace("'", "&#39;") in page


def test_headline_follows_the_partners_latest_turning_point(analysed: tuple[Any, Any]) -> None:
    """The headline reads the findings it is given (the demo's own findings are tested in tests/analysis)."""
    a, g = analysed
    first, last = a.initiation("first"), a.initiation("last")
    assert last["partner"] - first["partner"] >= 0.1  # the demo partner starts more conversations by the end
    warmer = TrendChange(week=date(2025, 7, 21), who="partner", direction="warmer", p_value=0.001, before=-0.8, after=0.6)
    cooler = replace(warmer, week=date(2025, 6, 9), direction="cooler")
    mine = replace(warmer, who="user", week=date(2025, 8, 4), direction="cooler")
    assert html.headline(replace(a, trend_changes=[cooler, warmer, mine]), g) == (
        f"The partner has been warmer since the week of 21 July and starts more of your conversations: "
        f"{last['partner']:.0%} lately, against {first['partner']:.0%} at the start.")
    assert html.headline(replace(a, trend_changes=[warmer, replace(cooler, week=date(2025, 9, 1))]), g) == (
        "The partner has been cooler since the week of 1 September.")
    assert html.headline(replace(a, trend_changes=[]), g).startswith("The partner has started more of your conversations")
    assert html.headline(replace(a, weeks=[], trend_changes=[]), g) == "No messages yet."


def test_safety_concern_leads_the_headline(tmp_path: Path) -> None:
    """In the coercive-control scenario the first sentence is about safety, not about who starts conversations."""
    scenario = Path(__file__).parent.parent / "scenarios" / "coercive_control"
    conn = connect(tmp_path / "c.db")
    try:
        pipeline.import_file(conn, scenario / "chat.txt", me="Owen", tz=zoneinfo.ZoneInfo("Europe/London"))
        a, g = pipeline.analyse(conn)
    finally:
        conn.close()
    assert g.safety.concern
    page = html.render_report(a, g)
    assert html.headline(a, g).startswith("Some messages show threats") and "Your safety comes first" in page
