"""Catalogue rules on a real analysis (the slow-thaw scenario) with single findings swapped in by hand."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

import pytest

from homeward.analysis import Analysis
from homeward.analysis.episodes import Homecoming
from homeward.analysis.ideas import Idea
from homeward.analysis.stats import Difference
from homeward.analysis.style import StyleTrend
from homeward.guidance import guide
from homeward.guidance.catalogue import advise, coming_home, from_their_history, style_in_tune


@pytest.fixture(scope="module")
def base(scenario_analysis: Callable[[str], Analysis]) -> Analysis:
    return scenario_analysis("slow_thaw")


def _rise(low: float, high: float) -> Difference:
    return Difference(0.7, 0.82, 0.12, low, high, 0.9, 20, 6)


def test_ideas_item_fires_only_with_ideas_and_cites_them(base):
    assert from_their_history(replace(base, ideas=[])) is None
    lake = Idea("the lake", 4, 4, 1.0, 0.2, 0.51, 1.0, ["a1", "a2"])
    item = from_their_history(replace(base, ideas=[lake]))
    assert item is not None and item.id == "build.shared_history"
    assert "the lake" in item.text and item.evidence == ["a1", "a2"] and item.sureness == "medium"
    assert "say no" in item.text, "offered as a low-pressure suggestion"


def test_style_item_needs_a_clear_rise(base):
    weeks = [date(2025, 6, 2)]
    assert style_in_tune(replace(base, style_trend=StyleTrend(_rise(-0.02, 0.2), weeks))) is None
    assert style_in_tune(replace(base, style_trend=StyleTrend(None, weeks))) is None
    item = style_in_tune(replace(base, style_trend=StyleTrend(_rise(0.05, 0.2), weeks)))
    assert item is not None and item.id == "build.in_tune" and item.evidence
    assert "not a promise" in item.text


def test_coming_home_when_the_partner_raised_it_after_the_user(base):
    h = Homecoming("user", date(2025, 2, 1), "u1", 2, 1, ["u1", "p1"], date(2025, 5, 1), "p1")
    item = coming_home(replace(base, homecoming=h))
    assert item is not None and item.id == "home.partner_raised" and item.evidence[0] == "p1"
    alone = Homecoming("user", date(2025, 2, 1), "u1", 2, 0, ["u1"])
    assert coming_home(replace(base, homecoming=alone)).id == "home.let_partner_raise"  # type: ignore[union-attr]


def test_every_item_has_an_id_evidence_and_sureness_and_the_honesty_note_closes(base):
    items = advise(base)
    assert items[-1].id == "about.uncertainty"
    for i in items:
        assert i.id and i.text and i.sureness in ("low", "medium", "high") and i.why
    assert guide(base).safety.concern is False


def test_room_to_reach_fires_when_the_user_starts_nearly_everything(base):
    from homeward.guidance.catalogue import room_to_reach

    weeks = [replace(w, starts=dict(w.starts), double_texts=dict(w.double_texts)) for w in base.weeks]
    for w in weeks[-4:]:
        w.starts = {"user": 4, "partner": 0}
        w.double_texts = {"user": 1, "partner": 0}
    item = room_to_reach(replace(base, weeks=weeks))
    assert item is not None and item.id == "pace.room_to_reach" and "16 of the 16" in item.text
    assert "4 second messages" in item.text and item.sureness == "medium"
    for w in weeks[-4:]:
        w.starts = {"user": 2, "partner": 2}
    assert room_to_reach(replace(base, weeks=weeks)) is None
