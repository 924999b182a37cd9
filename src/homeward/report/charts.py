"""Vega-Lite chart specifications built from an Analysis (rendered by the vendored vega-embed)."""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from homeward.analysis import Analysis
from homeward.analysis.tables import WHO
from homeward.signals.taxonomy import LABELS

Spec = dict[str, Any]
COLORS = {"user": "#6b4fa1", "partner": "#d0701c"}  # AA contrast on white; told apart by shape and label too
WHO_SCALE = {"domain": ["you", "partner"], "range": [COLORS["user"], COLORS["partner"]]}
BASE: Spec = {"width": "container", "height": 220,
              "config": {"font": "system-ui, sans-serif", "axis": {"labelFontSize": 12, "titleFontSize": 12},
                         "legend": {"labelFontSize": 12, "orient": "top"}, "view": {"stroke": None}}}


def _name(who: str) -> str:
    return "you" if who == "user" else "partner"


def _spec(**parts: Any) -> Spec:
    return {**BASE, **parts}


def _overlays(a: Analysis) -> list[Spec]:
    """Shaded pressure episodes and pull-backs, rules at turning points and the homecoming marker."""
    bands = [{"start": e.start.isoformat(), "end": (e.end + timedelta(days=1)).isoformat(), "what": "you pushed"}
             for e in a.pressure_episodes]
    bands += [{"start": p.start.isoformat(), "end": (p.end + timedelta(days=1)).isoformat(),
               "what": "partner pulled back" if p.who == "partner" else "you pulled back"} for p in a.pullbacks]
    rules = [{"date": c.week.isoformat(), "what": f"{_name(c.who)} {c.direction} (p={c.p_value})"} for c in a.trend_changes]
    if a.homecoming.date:
        rules.append({"date": a.homecoming.date.isoformat(),
                      "what": f"coming home first raised by {_name(a.homecoming.first_raised_by or 'user')}"})
    layers: list[Spec] = []
    if bands:
        layers.append({"data": {"values": bands}, "mark": {"type": "rect", "opacity": 0.18},
                       "encoding": {"x": {"field": "start", "type": "temporal"}, "x2": {"field": "end"},
                                    "color": {"field": "what", "type": "nominal", "title": None,
                                              "scale": {"domain": ["you pushed", "partner pulled back", "you pulled back"],
                                                        "range": ["#c0392b", "#7f8c8d", "#95a5a6"]}},
                                    "tooltip": [{"field": "what"}, {"field": "start", "type": "temporal"}]}})
    if rules:
        layers.append({"data": {"values": rules}, "mark": {"type": "rule", "strokeDash": [4, 3], "color": "#222"},
                       "encoding": {"x": {"field": "date", "type": "temporal"}, "tooltip": [{"field": "what"}]}})
    return layers


def weekly_rows(a: Analysis) -> list[dict[str, Any]]:
    """One row per week and person with every weekly figure the charts use."""
    rows = []
    for w in a.weeks:
        total_starts = w.starts["user"] + w.starts["partner"]
        for who in WHO:
            rows.append({"week": w.week.isoformat(), "who": _name(who), "messages": w.messages[who],
                         "calls": w.calls[who], "starts": w.starts[who],
                         "share": round(w.starts[who] / total_starts, 3) if total_starts else None,
                         "reply": w.median_reply(who),
                         "warm": round(w.warm[who] / w.messages[who], 3) if w.messages[who] else None,
                         "cold": round(w.cold[who] / w.messages[who], 3) if w.messages[who] else None})
    return rows


def timeline(a: Analysis) -> Spec:
    """Messages per week per person, with episodes, turning points, homecoming, calls and visits."""
    rows = weekly_rows(a)
    contacts = [{"date": c.ts.date().isoformat(), "what": f"{c.kind} by {_name(c.who) if c.who else 'either'}"}
                for c in a.contacts]
    notes = [{"date": t.date().isoformat(), "what": f"note: {text[:80]}"} for t, text in a.notes]
    layers = _overlays(a) + [
        {"data": {"values": rows}, "mark": {"type": "bar", "opacity": 0.9},
         "encoding": {"x": {"field": "week", "type": "temporal", "title": None},
                      "y": {"field": "messages", "type": "quantitative", "title": "messages per week", "stack": True},
                      "color": {"field": "who", "type": "nominal", "scale": WHO_SCALE, "title": None},
                      "tooltip": [{"field": "week", "type": "temporal"}, {"field": "who"}, {"field": "messages"}]}}]
    if contacts or notes:
        layers.append({"data": {"values": contacts + notes}, "mark": {"type": "tick", "color": "#2c3e50", "thickness": 2},
                       "encoding": {"x": {"field": "date", "type": "temporal"}, "y": {"value": 212},
                                    "tooltip": [{"field": "date", "type": "temporal"}, {"field": "what"}]}})
    return _spec(height=260, layer=layers, resolve={"scale": {"color": "independent"}})


def _per_person_line(a: Analysis, field: str, title: str, *, log: bool = False, fmt: str = "") -> Spec:
    rows = [r for r in weekly_rows(a) if r[field] is not None]
    y: Spec = {"field": field, "type": "quantitative", "title": title}
    if log:
        y["scale"] = {"type": "symlog"}
    if fmt:
        y["axis"] = {"format": fmt}
    layers = _overlays(a) + [{"data": {"values": rows}, "mark": {"type": "line", "point": True},
                              "encoding": {"x": {"field": "week", "type": "temporal", "title": None}, "y": y,
                                           "color": {"field": "who", "type": "nominal", "scale": WHO_SCALE, "title": None},
                                           "shape": {"field": "who", "type": "nominal", "title": None},
                                           "tooltip": [{"field": "week", "type": "temporal"}, {"field": "who"},
                                                       {"field": field, "format": fmt or ".1f"}]}}]
    return _spec(layer=layers, resolve={"scale": {"color": "independent"}})


def initiation(a: Analysis) -> Spec:
    """Each person's share of the week's conversation starts."""
    return _per_person_line(a, "share", "share of conversations started", fmt=".0%")


def reply_delays(a: Analysis) -> Spec:
    """Median reply delay inside conversations, per person and week (long silences left out)."""
    return _per_person_line(a, "reply", "median reply (minutes)", log=True)


def warmth(a: Analysis) -> Spec:
    """Share of each person's messages that are warm (approach) and cold (distance or conflict)."""
    rows = []
    for r in weekly_rows(a):
        if r["warm"] is not None:
            rows.append({"week": r["week"], "who": r["who"], "kind": "warm", "rate": r["warm"]})
            rows.append({"week": r["week"], "who": r["who"], "kind": "distant or conflict", "rate": r["cold"]})
    return _spec(data={"values": rows}, height=160, mark={"type": "line", "point": True},
                 encoding={"x": {"field": "week", "type": "temporal", "title": None},
                           "y": {"field": "rate", "type": "quantitative", "title": "share of messages", "axis": {"format": ".0%"}},
                           "color": {"field": "kind", "type": "nominal", "title": None,
                                     "scale": {"domain": ["warm", "distant or conflict"], "range": ["#1e8449", "#922b21"]}},
                           "row": {"field": "who", "type": "nominal", "title": None},
                           "tooltip": [{"field": "week", "type": "temporal"}, {"field": "who"}, {"field": "kind"},
                                       {"field": "rate", "format": ".0%"}]})


def after_pressure(a: Analysis) -> Spec | None:
    """The partner's reply delay after the user's pressure versus after everyday messages."""
    c = a.after_pressure
    if not c.n or c.median_minutes is None or c.median_minutes_baseline is None:
        return None
    rows = [{"after": "your everyday messages", "minutes": round(c.median_minutes_baseline, 1), "n": c.n_baseline},
            {"after": "your pushes", "minutes": round(c.median_minutes, 1), "n": c.n}]
    return _spec(data={"values": rows}, height=120, mark={"type": "bar"},
                 encoding={"y": {"field": "after", "type": "nominal", "title": None, "sort": None},
                           "x": {"field": "minutes", "type": "quantitative", "title": "partner's median reply (minutes)"},
                           "color": {"field": "after", "type": "nominal", "legend": None,
                                     "scale": {"range": ["#5d6d7e", "#c0392b"]}},
                           "tooltip": [{"field": "after"}, {"field": "minutes"}, {"field": "n", "title": "replies"}]})


def label_trends(a: Analysis) -> Spec:
    """The partner's labels per week, stacked: which signals rise and fall."""
    rows = [{"week": w.week.isoformat(), "label": k, "count": w.labels["partner"][k]}
            for w in a.weeks for k in LABELS if w.labels["partner"][k]]
    return _spec(data={"values": rows}, height=200, mark={"type": "area"},
                 encoding={"x": {"field": "week", "type": "temporal", "title": None},
                           "y": {"field": "count", "type": "quantitative", "stack": True, "title": "partner's labelled messages"},
                           "color": {"field": "label", "type": "nominal", "title": None, "scale": {"scheme": "tableau20"}},
                           "tooltip": [{"field": "week", "type": "temporal"}, {"field": "label"}, {"field": "count"}]})


def experiments(a: Analysis) -> Spec | None:
    """Each experiment's change in the partner's warm-message rate with its 95 % interval."""
    rows = [{"name": r.experiment.name, "diff": round(r.warm_rate.diff, 3), "low": round(r.warm_rate.low, 3),
             "high": round(r.warm_rate.high, 3)} for r in a.experiments if r.warm_rate is not None]
    if not rows:
        return None
    return _spec(data={"values": rows}, height=40 + 30 * len(rows), layer=[
        {"mark": {"type": "rule"}, "encoding": {"y": {"field": "name", "type": "nominal", "title": None},
                                                "x": {"field": "low", "type": "quantitative",
                                                      "title": "change in partner's warm-message share", "axis": {"format": "+.0%"}},
                                                "x2": {"field": "high"}}},
        {"mark": {"type": "point", "filled": True, "size": 80},
         "encoding": {"y": {"field": "name", "type": "nominal"}, "x": {"field": "diff", "type": "quantitative"}}},
        {"data": {"values": [{"x": 0}]}, "mark": {"type": "rule", "strokeDash": [3, 3]},
         "encoding": {"x": {"field": "x", "type": "quantitative"}}}])
