"""The analysis against truth decided before it ran: five written separations (tests/scenarios/*/truth.json,
made by tests/scenarios/make_scenarios.py) and the demo couple (src/homeward/samples/STORY.md).

Tolerances, stated once:
- period, who raised coming home first and its date: exact; the partner's first time (where the truth has it): exact.
- safety.concern: exact; when it fires, every guidance id starts with ``safety.``.
- pushing episodes: every true episode overlaps a found one (1 day of slack); at most one found episode
  falls outside every true one (3 days of slack): the signal reader labels single messages and errs.
- partner pull-backs (scenarios without a safety concern): every true pull-back overlaps a found one and every
  found one overlaps a true one (7 days of slack).
- partner turning points: every confirmed one is within 7 days of a true turn in the same direction; each
  scenario with true turns has at least one found; over all scenarios at least 60 % of the *detectable* true
  turns (three weeks or more of the old and new level, the method's floor) are found.
- initiation share of the partner over the first and last four weeks: within 0.15 of the truth's "about".
"""
from __future__ import annotations

import json
import re
import sqlite3
from datetime import date, timedelta
from importlib import resources
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from homeward import pipeline
from homeward.analysis.changepoints import MIN_SEGMENT
from homeward.report.data import contract_json
from homeward.store.db import connect

HERE = Path(__file__).resolve().parent.parent / "scenarios"
SCENARIOS = ("slow_thaw", "pursue_withdraw", "drifting", "coercive_control", "hard_but_safe")
D = date.fromisoformat


def _story_truth() -> dict[str, Any]:
    text = (resources.files("homeward") / "samples" / "STORY.md").read_text(encoding="utf-8")
    block = re.search(r"## Truth, as data\s*```json\s*(\{.*?\})\s*```", text, re.S)
    assert block, "STORY.md carries its truth as a json block"
    return json.loads(block.group(1))


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[dict[str, Any], dict[str, Any], sqlite3.Connection]]:
    """Each scenario imported into its own database, analysed, as (truth, analyze --json object, connection)."""
    out = {}
    for name in SCENARIOS:
        truth = json.loads((HERE / name / "truth.json").read_text(encoding="utf-8"))
        conn = connect(tmp_path_factory.mktemp(name) / "s.db")
        pipeline.import_file(conn, HERE / name / "chat.txt", me=truth["user"], tz=ZoneInfo("Europe/London"))
        out[name] = (truth, contract_json(*pipeline.analyse(conn)), conn)
    from homeward.demo import run

    folder = tmp_path_factory.mktemp("demo")
    run(folder / "demo.db", folder / "report.html")
    conn = connect(folder / "demo.db", create=False)
    out["demo"] = (_story_truth(), contract_json(*pipeline.analyse(conn)), conn)
    return out


ALL = (*SCENARIOS, "demo")


def _overlaps(a_start: date, a_end: date, b_start: date, b_end: date, slack: int) -> bool:
    s = timedelta(days=slack)
    return a_start <= b_end + s and b_start <= a_end + s


@pytest.mark.parametrize("name", ALL)
def test_period_and_names(results, name):
    truth, got, _ = results[name]
    assert got["user"] == truth["user"] and got["partner"] == truth["partner"]
    assert got["period"] == {"start": truth["start"], "end": truth["end"]}


@pytest.mark.parametrize("name", ALL)
def test_who_raised_coming_home_first_and_when(results, name):
    truth, got, _ = results[name]
    assert got["homecoming"]["first_raised_by"] == truth["homecoming"]["first_raised_by"]
    assert got["homecoming"]["date"] == truth["homecoming"]["date"]
    if "partner_first_raised" in truth["homecoming"]:
        assert got["homecoming"]["partner_first_date"] == truth["homecoming"]["partner_first_raised"]
    assert got["homecoming"]["evidence"], "the finding cites its messages"


@pytest.mark.parametrize("name", ALL)
def test_the_safety_gate_fires_only_where_the_truth_says(results, name):
    truth, got, _ = results[name]
    assert got["safety"]["concern"] is truth["safety_concern"]
    ids = [g["id"] for g in got["guidance"]]
    if truth["safety_concern"]:
        assert got["safety"]["evidence"] and got["safety"]["resources"]
        assert ids and all(i.startswith("safety.") for i in ids)
        assert {"threat", "monitoring", "control", "fear"} <= set(got["safety"]["kinds"])
    else:
        assert not any(i.startswith("safety.") for i in ids) and not got["safety"]["evidence"]


@pytest.mark.parametrize("name", ALL)
def test_pushing_episodes(results, name):
    truth, got, _ = results[name]
    found = [(D(e["start"]), D(e["end"])) for e in got["pressure_episodes"]]
    true = [(D(e["start"]), D(e["end"])) for e in truth["pressure_episodes"]]
    for ts, te in true:
        assert any(_overlaps(ts, te, fs, fe, 1) for fs, fe in found), f"missed the push of {ts}"
    stray = [(fs, fe) for fs, fe in found if not any(_overlaps(ts, te, fs, fe, 3) for ts, te in true)]
    assert len(stray) <= 1, f"pushes found where there were none: {stray}"
    assert all(e["evidence"] for e in got["pressure_episodes"])


@pytest.mark.parametrize("name", [n for n in ALL if n != "coercive_control"])
def test_partner_pullbacks(results, name):
    truth, got, _ = results[name]
    found = [(D(p["start"]), D(p["end"])) for p in got["pullbacks"] if p["who"] == "partner"]
    true = [(D(p["start"]), D(p["end"])) for p in truth["pullbacks"] if p["who"] == "partner"]
    for ts, te in true:
        assert any(_overlaps(ts, te, fs, fe, 7) for fs, fe in found), f"missed the pull-back of {ts}"
    for fs, fe in found:
        assert any(_overlaps(ts, te, fs, fe, 7) for ts, te in true), f"pull-back {fs} is not in the truth"


def _detectable(turns: list[dict[str, str]], start: date, end: date) -> list[date]:
    """True turns with at least MIN_SEGMENT weeks of the old and of the new level around them."""
    weeks = [start] + [D(t["week"]) for t in turns] + [end + timedelta(days=7)]
    return [weeks[i] for i in range(1, len(weeks) - 1)
            if (weeks[i] - weeks[i - 1]).days >= 7 * MIN_SEGMENT and (weeks[i + 1] - weeks[i]).days >= 7 * MIN_SEGMENT]


@pytest.mark.parametrize("name", [n for n in ALL if n != "coercive_control"])
def test_every_partner_turning_point_found_is_true(results, name):
    truth, got, _ = results[name]
    true = [(D(t["week"]), t["direction"]) for t in truth["partner_turns"]]
    found = [(D(c["week"]), c["direction"]) for c in got["trend_changes"] if c["who"] == "partner"]
    for week, direction in found:
        assert any(abs((week - tw).days) <= 7 and direction == td for tw, td in true), f"{week} {direction} is not true"
    if true:
        assert found, "at least one true turning point is found"
    assert all(0 < c["p_value"] < 0.05 for c in got["trend_changes"])


def test_most_detectable_turning_points_are_found(results):
    hits = total = 0
    for name in ALL:
        truth, got, _ = results[name]
        if truth["safety_concern"]:
            continue
        start, end = D(truth["start"]), D(truth["end"])
        start -= timedelta(days=start.weekday())
        found = [D(c["week"]) for c in got["trend_changes"] if c["who"] == "partner"]
        for week in _detectable(truth["partner_turns"], start, end):
            total += 1
            hits += any(abs((week - f).days) <= 7 for f in found)
    assert total >= 10 and hits / total >= 0.6, f"{hits} of {total} detectable turns found"


def test_the_demo_partners_warming_is_found_in_its_week(results):
    _, got, _ = results["demo"]
    partner = [c for c in got["trend_changes"] if c["who"] == "partner"]
    assert any(c["week"] == "2025-07-21" and c["direction"] == "warmer" for c in partner)
    same_week = [c for c in got["trend_changes"] if c["week"] == "2025-07-21"]
    assert same_week[0]["who"] == "partner", "on a tie the partner's change is listed first"


@pytest.mark.parametrize("name", ALL)
def test_initiation_share(results, name):
    truth, got, _ = results[name]
    if "initiation" not in truth:
        pytest.skip("the demo's truth gives initiation as a table in STORY.md, not as data")
    share = got["initiation_share"]
    assert abs(share["first_4_weeks"]["partner"] - truth["initiation"]["first_4_weeks_partner_share_about"]) <= 0.15
    assert abs(share["last_4_weeks"]["partner"] - truth["initiation"]["last_4_weeks_partner_share_about"]) <= 0.15


@pytest.mark.parametrize("name", ALL)
def test_new_findings_are_in_the_json_and_cite_real_messages(results, name):
    _, got, conn = results[name]
    known = {r[0] for r in conn.execute("SELECT id FROM messages")}
    for w in got["weeks"]:
        assert set(w["words"]) == {"user", "partner"} and set(w["double_texts"]) == {"user", "partner"}
        assert {"messages", "starts", "words", "partner_share"} <= set(w["reciprocity"])
        assert w["style_matching"] is None or 0 <= w["style_matching"] <= 1
    assert any(w["style_matching"] is not None for w in got["weeks"])
    kinds = {w["behaviour"] for w in got["what_works"]}
    assert {"calls", "humour", "nostalgia"} <= kinds
    for idea in got["ideas"]:
        assert idea["idea"] and idea["why"] and idea["evidence"] and set(idea["evidence"]) <= known
    for g in got["guidance"]:
        assert set(g["evidence"]) <= known, g["id"]
        if not g["id"].startswith("about."):  # the honesty note says nobody can predict it
            assert not re.search(r"\bwill (?:come back|return|come home)\b", g["text"]), "no item predicts the outcome"


@pytest.mark.parametrize("name", ["pursue_withdraw", "demo"])
def test_after_pushing_the_partners_replies_slow_down(results, name):
    """Both truths: after each push the partner pulled back, replies going from minutes to hours."""
    _, got, _ = results[name]
    ap = got["after_pressure"]
    assert ap["log_reply_delay"]["ci95"][0] > 0, ap
    assert ap["median_reply_minutes"] > 3 * ap["median_reply_minutes_baseline"]
    assert "pace.dont_push" in [g["id"] for g in got["guidance"]]


def test_the_demo_couples_problem_talk_first_too_early_then_repair(results):
    truth, got, _ = results["demo"]
    found = {(p["week"], p["outcome"]) for p in got["problem_talk"]}
    for t in truth["problem_talk"]:
        day = D(t["date"])
        assert ((day - timedelta(days=day.weekday())).isoformat(), t["outcome"].split()[0]) in found, t


def test_the_demo_couple_gets_ideas_from_their_own_history(results):
    _, got, _ = results["demo"]
    assert any(i["phrase"] == "our song" for i in got["ideas"]), "Jordan's warming opens with 'our song'"
    assert "build.shared_history" in [g["id"] for g in got["guidance"]]
