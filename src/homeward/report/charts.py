"""Vega-Lite chart specifications built from an Analysis (rendered by the vendored vega-embed).

Every chart shares one time axis (the whole separation, week by week) so that a pressure episode or
a turning point sits at the same place in each. Legends for the shaded bands are drawn in HTML under
the charts (one legend, readable when printed) rather than repeated inside each chart.
"""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from homeward.analysis import Analysis
from homeward.analysis.tables import WHO
from homeward.signals.taxonomy import LABELS

Spec = dict[str, Any]
COLORS = {"user": "#6b4fa1", "partner": "#c2600f"}  # 3:1 or better on white; told apart by shape and label too
WHO_SCALE = {"domain": ["you", "partner"], "range": [COLORS["user"], COLORS["partner"]]}
BAND_COLORS = {"you pushed": "#c0392b", "partner pulled back": "#7f8c8d", "you pulled back": "#a3b1b2"}
HOME_COLOR = "#1e7a46"
BASE: Spec = {"width": "container", "height": 220,
              "config": {"font": "system-ui, sans-serif", "axis": {"labelFontSize": 12, "titleFontSize": 12},
                         "legend": {"labelFontSize": 12, "orient": "top"}, "view": {"stroke": None}}}


def _name(who: str) -> str:
    return "you" if who == "user" else "partner"


def _spec(**parts: Any) -> Spec:
    return {**BASE, **parts}


def _datetime(d: date) -> int:
    """Milliseconds since 1970 at UTC midnight: how Vega parses the data's "YYYY-MM-DD" strings."""
    return int(datetime(d.year, d.month, d.day, tzinfo=UTC).timestamp() * 1000)


def _domain(a: Analysis) -> list[int] | None:
    """The shared x domain: Monday of the first week to the Sunday night of the last."""
    if not a.weeks:
        return None
    return [_datetime(a.weeks[0].week), _datetime(a.weeks[-1].week + timedelta(days=7))]


def _x(a: Analysis, field: str = "week") -> Spec:
    return {"field": field, "type": "temporal", "title": None, "axis": {"format": "%-d %b", "labelOverlap": True}}


def _layered(a: Analysis, layers: list[Spec], **parts: Any) -> Spec:
    """A layered chart on the shared time axis. The domain goes on the first layer only: Vega-Lite
    warns about conflicting domains when every layer of a shared scale repeats it."""
    if (d := _domain(a)) is not None and layers and "x" in layers[0].get("encoding", {}):
        layers[0]["encoding"]["x"] = {**layers[0]["encoding"]["x"], "scale": {"domainMin": d[0], "domainMax": d[1]}}
    return _spec(layer=layers, **parts)


def homecoming_marks(a: Analysis) -> list[dict[str, str]]:
    """The first time each person raised coming home (the user's first, then the partner's first)."""
    h = a.homecoming
    marks = []
    if h.date and h.first_raised_by:
        marks.append({"date": h.date.isoformat(), "what": f"coming home first raised, by {_name(h.first_raised_by)}"})
    first_partner: date | None = getattr(h, "partner_first", None)
    if first_partner and not (h.first_raised_by == "partner" and h.date == first_partner):
        marks.append({"date": first_partner.isoformat(), "what": "the partner first raised coming home"})
    return marks


def _overlays(a: Analysis) -> list[Spec]:
    """Shaded pressure episodes and pull-backs, dashed rules at turning points, green rules for coming home."""
    bands = [{"start": e.start.isoformat(), "end": (e.end + timedelta(days=1)).isoformat(), "what": "you pushed"}
             for e in a.pressure_episodes]
    bands += [{"start": p.start.isoformat(), "end": (p.end + timedelta(days=1)).isoformat(),
               "what": "partner pulled back" if p.who == "partner" else "you pulled back"} for p in a.pullbacks]
    turns = [{"date": c.week.isoformat(), "what": f"turning point: {_name(c.who)} {c.direction}"} for c in a.trend_changes]
    layers: list[Spec] = []
    if bands:
        layers.append({"data": {"values": bands}, "mark": {"type": "rect", "opacity": 0.2},
                       "encoding": {"x": _x(a, "start"), "x2": {"field": "end"},
                                    "color": {"field": "what", "type": "nominal", "legend": None,
                                              "scale": {"domain": list(BAND_COLORS), "range": list(BAND_COLORS.values())}},
                                    "tooltip": [{"field": "what", "title": "band"},
                                                {"field": "start", "type": "temporal", "title": "from"}]}})
    if turns:
        layers.append({"data": {"values": turns}, "mark": {"type": "rule", "strokeDash": [5, 3], "color": "#222",
                                                          "strokeWidth": 1.5},
                       "encoding": {"x": _x(a, "date"), "tooltip": [{"field": "what"}]}})
    if home := homecoming_marks(a):
        layers.append({"data": {"values": home}, "mark": {"type": "rule", "color": HOME_COLOR, "strokeWidth": 2.5},
                       "encoding": {"x": _x(a, "date"), "tooltip": [{"field": "what"}, {"field": "date", "type": "temporal"}]}})
    return layers


def weekly_rows(a: Analysis) -> list[dict[str, Any]]:
    """One row per week and person with every weekly figure the charts use."""
    rows = []
    for w in a.weeks:
        total_starts = w.starts["user"] + w.starts["partner"]
        for who in WHO:
            rows.append({"week": w.week.isoformat(), "week_end": (w.week + timedelta(days=6)).isoformat(),
                         "who": _name(who), "messages": w.messages[who],
                         "calls": w.calls[who], "starts": w.starts[who],
                         "share": round(w.starts[who] / total_starts, 3) if total_starts else None,
                         "reply": w.median_reply(who),
                         "warm": round(w.warm[who] / w.messages[who], 3) if w.messages[who] else None,
                         "cold": round(w.cold[who] / w.messages[who], 3) if w.messages[who] else None})
    return rows


def timeline(a: Analysis) -> Spec:
    """Messages per week per person (stacked), with episodes, turning points and coming home marked."""
    rows = weekly_rows(a)
    below: dict[str, int] = {}
    for r in rows:  # stacked by hand: Vega-Lite does not stack bars that span x to x2
        r["y0"] = below.get(r["week"], 0)
        r["y1"] = below[r["week"]] = r["y0"] + r["messages"]
    bars = {"data": {"values": rows}, "mark": {"type": "rect", "opacity": 0.9, "stroke": "#fff", "strokeWidth": 0.5},
            "encoding": {"x": _x(a), "x2": {"field": "week_end"},
                         "y": {"field": "y1", "type": "quantitative", "title": "messages per week"}, "y2": {"field": "y0"},
                         "color": {"field": "who", "type": "nominal", "scale": WHO_SCALE, "title": None},
                         "tooltip": [{"field": "week", "type": "temporal", "title": "week of"}, {"field": "who"},
                                     {"field": "messages"}]}}
    return _layered(a, [bars] + _overlays(a), height=240, resolve={"scale": {"color": "independent"}})  # bands over bars: visible


def events(a: Analysis) -> Spec | None:
    """Calls, visits, journal notes, first mentions of coming home and experiments on the same time axis."""
    rows = [{"date": c.ts.date().isoformat(), "row": "calls" if c.kind == "call" else "visits",
             "who": _name(c.who) if c.who else "not recorded",
             "what": f"{c.kind} ({c.status})" if c.kind == "call" else "visit"} for c in a.contacts]
    rows += [{"date": t.date().isoformat(), "row": "journal notes", "who": "you", "what": text[:90]} for t, text in a.notes]
    rows += [{"date": h["date"], "row": "coming home", "who": "partner" if "partner" in h["what"] else "you",
              "what": h["what"]} for h in homecoming_marks(a)]
    spans = [{"start": r.experiment.start.isoformat(),
              "end": (r.experiment.end or (a.weeks[-1].week + timedelta(days=7) if a.weeks else r.experiment.start)).isoformat(),
              "row": "experiments", "what": r.experiment.name} for r in a.experiments]
    if not rows and not spans:
        return None
    order = ["calls", "visits", "journal notes", "coming home", "experiments"]
    y = {"field": "row", "type": "nominal", "title": None, "sort": order, "scale": {"domain": order}}
    layers: list[Spec] = []
    if spans:
        layers.append({"data": {"values": spans}, "mark": {"type": "bar", "color": "#2e86c1", "opacity": 0.5, "height": 10},
                       "encoding": {"x": _x(a, "start"), "x2": {"field": "end"}, "y": y,
                                    "tooltip": [{"field": "what", "title": "experiment"},
                                                {"field": "start", "type": "temporal"}]}})
    if rows:
        layers.append({"data": {"values": rows}, "mark": {"type": "point", "filled": True, "size": 70, "opacity": 0.85},
                       "encoding": {"x": _x(a, "date"), "y": y,
                                    "color": {"field": "who", "type": "nominal", "title": "by",
                                              "scale": {"domain": ["you", "partner", "not recorded"],
                                                        "range": [COLORS["user"], COLORS["partner"], "#5d6d7e"]}},
                                    "shape": {"field": "who", "type": "nominal", "title": "by",
                                              "scale": {"domain": ["you", "partner", "not recorded"],
                                                        "range": ["square", "circle", "diamond"]}},
                                    "tooltip": [{"field": "date", "type": "temporal"}, {"field": "who", "title": "by"},
                                                {"field": "what"}]}})
    return _layered(a, layers, height=150)


def _per_person_line(a: Analysis, field: str, title: str, *, log: bool = False, fmt: str = "") -> Spec:
    rows = [r for r in weekly_rows(a) if r[field] is not None]
    y: Spec = {"field": field, "type": "quantitative", "title": title}
    if log:
        y["scale"] = {"type": "symlog"}
    if fmt:
        y["axis"] = {"format": fmt}
    who = {"field": "who", "type": "nominal", "title": None, "scale": WHO_SCALE}
    line = {"data": {"values": rows}, "mark": {"type": "line", "point": {"filled": True, "size": 40}},
            "encoding": {"x": _x(a), "y": y, "color": who,
                         "shape": {**who, "scale": {"domain": ["you", "partner"], "range": ["square", "circle"]}},
                         "tooltip": [{"field": "week", "type": "temporal", "title": "week of"}, {"field": "who"},
                                     {"field": field, "format": fmt or ".1f"}]}}
    return _layered(a, _overlays(a) + [line], resolve={"scale": {"color": "independent", "shape": "independent"}})


def initiation(a: Analysis) -> Spec:
    """Each person's share of the week's conversation starts."""
    return _per_person_line(a, "share", "share of conversations started", fmt=".0%")


def reply_delays(a: Analysis) -> Spec:
    """Median reply delay inside conversations, per person and week (long silences left out)."""
    return _per_person_line(a, "reply", "median reply (minutes)", log=True)


def warmth(a: Analysis, who: str) -> Spec:
    """Share of one person's messages that are warm (approach) and cold (distance or conflict), per week."""
    rows = []
    for r in weekly_rows(a):
        if r["who"] == _name(who) and r["warm"] is not None:
            rows.append({"week": r["week"], "kind": "warm", "rate": r["warm"]})
            rows.append({"week": r["week"], "kind": "distant or conflict", "rate": r["cold"]})
    kind = {"field": "kind", "type": "nominal", "title": None, "scale": {"domain": ["warm", "distant or conflict"],
                                                                        "range": ["#1e8449", "#922b21"]}}
    line = {"data": {"values": rows}, "mark": {"type": "line", "point": {"filled": True, "size": 35}},
            "encoding": {"x": _x(a), "color": kind,
                         "y": {"field": "rate", "type": "quantitative", "title": "share of messages",
                               "axis": {"format": ".0%"}},
                         "strokeDash": {**kind, "scale": {"domain": ["warm", "distant or conflict"], "range": [[1, 0], [6, 3]]}},
                         "tooltip": [{"field": "week", "type": "temporal", "title": "week of"}, {"field": "kind"},
                                     {"field": "rate", "format": ".0%"}]}}
    return _layered(a, _overlays(a) + [line], height=180,
                    resolve={"scale": {"color": "independent", "strokeDash": "independent"}})


def after_pressure(a: Analysis) -> Spec | None:
    """The partner's reply delay after the user's pressure versus after everyday messages."""
    c = a.after_pressure
    if not c.n or c.median_minutes is None or c.median_minutes_baseline is None:
        return None
    rows = [{"after": "after your everyday messages", "minutes": round(c.median_minutes_baseline, 1), "n": c.n_baseline},
            {"after": "after your pushes", "minutes": round(c.median_minutes, 1), "n": c.n}]
    return _spec(data={"values": rows}, height=110, mark={"type": "bar"},
                 encoding={"y": {"field": "after", "type": "nominal", "title": None, "sort": None,
                                 "axis": {"labelLimit": 200}},
                           "x": {"field": "minutes", "type": "quantitative", "title": "partner's median reply (minutes)"},
                           "color": {"field": "after", "type": "nominal", "legend": None,
                                     "scale": {"range": ["#5d6d7e", "#c0392b"]}},
                           "tooltip": [{"field": "after"}, {"field": "minutes"}, {"field": "n", "title": "replies"}]})


def label_trends(a: Analysis) -> Spec:
    """The partner's labels per week, stacked: which signals rise and fall."""
    rows = [{"week": w.week.isoformat(), "label": k.replace("_", " "), "count": w.labels["partner"][k]}
            for w in a.weeks for k in LABELS if w.labels["partner"][k]]
    return _layered(a, [{"data": {"values": rows}, "mark": {"type": "area"},
                 "encoding": {"x": _x(a),
                           "y": {"field": "count", "type": "quantitative", "stack": True, "title": "partner's labelled messages"},
                           "color": {"field": "label", "type": "nominal", "title": None, "scale": {"scheme": "tableau20"},
                                     "legend": {"orient": "bottom", "columns": 3, "symbolLimit": 0}},
                           "tooltip": [{"field": "week", "type": "temporal", "title": "week of"}, {"field": "label"},
                                       {"field": "count"}]}}], height=200)


def experiments(a: Analysis) -> Spec | None:
    """Each experiment's change in the partner's warm-message rate with its 95 % interval."""
    rows = [{"name": r.experiment.name, "diff": round(r.warm_rate.diff, 3), "low": round(r.warm_rate.low, 3),
             "high": round(r.warm_rate.high, 3)} for r in a.experiments if r.warm_rate is not None]
    if not rows:
        return None
    y = {"field": "name", "type": "nominal", "title": None, "axis": {"labelLimit": 160}}
    return _spec(data={"values": rows}, height=40 + 30 * len(rows), layer=[
        {"mark": {"type": "rule", "strokeWidth": 2}, "encoding": {
            "y": y, "x": {"field": "low", "type": "quantitative", "title": "change in the partner's warm-message share",
                          "axis": {"format": "+.0%"}}, "x2": {"field": "high"}}},
        {"mark": {"type": "point", "filled": True, "size": 90, "color": "#2e86c1"},
         "encoding": {"y": y, "x": {"field": "diff", "type": "quantitative"},
                      "tooltip": [{"field": "name"}, {"field": "diff", "format": "+.0%", "title": "change"},
                                  {"field": "low", "format": "+.0%"}, {"field": "high", "format": "+.0%"}]}},
        {"data": {"values": [{"x": 0}]}, "mark": {"type": "rule", "strokeDash": [3, 3]},
         "encoding": {"x": {"field": "x", "type": "quantitative"}}}])


def balance(a: Analysis, weeks: list[dict[str, Any]]) -> Spec | None:
    """The partner's share of messages, words and conversation starts per week (50 % = even), when the
    analysis provides ``weeks[i].reciprocity``; style matching (0-1) is drawn alongside when present."""
    rows = []
    for w in weeks:
        rec = w.get("reciprocity") or {}
        for key, name in (("messages", "partner's share of messages"), ("words", "partner's share of words"),
                          ("starts", "partner's share of starts")):
            v = (rec.get("partner_share") or {}).get(key)
            if isinstance(v, (int, float)):
                rows.append({"week": w["week"], "what": name, "value": v})
        if isinstance(sm := w.get("style_matching"), (int, float)):
            rows.append({"week": w["week"], "what": "style matching (0 to 1)", "value": sm})
    if not rows:
        return None
    line = {"data": {"values": rows}, "mark": {"type": "line", "point": {"filled": True, "size": 30}},
            "encoding": {"x": _x(a), "y": {"field": "value", "type": "quantitative", "title": None,
                                           "scale": {"domain": [0, 1]}, "axis": {"format": ".0%"}},
                         "color": {"field": "what", "type": "nominal", "title": None,
                                   "scale": {"range": ["#c2600f", "#8e44ad", "#2e86c1", "#1e8449"]},
                                   "legend": {"orient": "bottom", "columns": 2, "labelLimit": 260}},
                         "strokeDash": {"field": "what", "type": "nominal", "title": None},
                         "tooltip": [{"field": "week", "type": "temporal", "title": "week of"}, {"field": "what"},
                                     {"field": "value", "format": ".0%"}]}}
    even = {"data": {"values": [{"y": 0.5}]}, "mark": {"type": "rule", "strokeDash": [2, 2], "color": "#777"},
            "encoding": {"y": {"field": "y", "type": "quantitative"}}}
    return _layered(a, [line, even], height=200)
