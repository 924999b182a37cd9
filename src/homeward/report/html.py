"""The offline report: one HTML file with its charts' JavaScript inlined once, nothing from the network.

Message text always goes through Jinja's autoescaping; chart data goes into ``<script
type="application/json">`` blocks with ``<`` escaped, so a message holding ``</script>`` stays text.
"""
from __future__ import annotations

import json
import sqlite3
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

import jinja2

from homeward import __version__
from homeward.analysis import Analysis
from homeward.guidance import Guidance
from homeward.report import charts

SCRIPTS = ("vega-5.33.1.min.js", "vega-lite-5.23.0.min.js", "vega-embed-6.29.0.min.js")


@lru_cache(maxsize=1)
def vendored_js() -> str:
    """The vendored chart libraries, concatenated, safe to inline in a <script> element."""
    static = resources.files("homeward.report") / "static"
    return "\n".join((static / name).read_text(encoding="utf-8") for name in SCRIPTS).replace("</script", "<\\/script")


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.PackageLoader("homeward.report", "templates"),
                             autoescape=jinja2.select_autoescape(default=True), trim_blocks=True, lstrip_blocks=True)
    env.filters["day"] = lambda d: f"{d:%-d %B %Y}" if isinstance(d, date) else ""
    env.filters["pct"] = lambda v: f"{v:.0%}" if isinstance(v, (int, float)) else "–"
    return env


def json_script(value: Any) -> str:
    """JSON safe inside a <script type="application/json"> element."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def headline(a: Analysis) -> str:
    """One sentence on where things stand, from the most telling finding available."""
    if not a.weeks:
        return "No messages yet."
    warmer = [c for c in a.trend_changes if c.who == "partner"]
    if warmer:
        c = warmer[-1]
        return (f"The partner has been {c.direction} since the week of {c.week:%-d %B}.")
    first, last = a.initiation("first"), a.initiation("last")
    if last["partner"] - first["partner"] >= 0.1:
        return (f"The partner has started more of your conversations lately: {last['partner']:.0%} in the last four "
                f"weeks, against {first['partner']:.0%} at the start.")
    if first["partner"] - last["partner"] >= 0.1:
        return (f"The partner has started fewer of your conversations lately: {last['partner']:.0%} in the last four "
                f"weeks, against {first['partner']:.0%} at the start.")
    return f"No clear change yet: the partner starts about {last['partner']:.0%} of your conversations."


def render_report(a: Analysis, g: Guidance, conn: sqlite3.Connection | None = None, *, title: str = "homeward report") -> str:
    """The whole report page as a string."""
    specs = {"timeline": charts.timeline(a), "initiation": charts.initiation(a), "replies": charts.reply_delays(a),
             "warmth": charts.warmth(a), "labels": charts.label_trends(a), "pressure": charts.after_pressure(a),
             "experiments": charts.experiments(a)}
    specs = {k: v for k, v in specs.items() if v is not None}
    template = _environment().get_template("report.html.j2")
    return template.render(a=a, g=g, title=title, version=__version__, headline=headline(a), specs=json_script(specs),
                           has=set(specs), js=vendored_js(), by_id=a.by_id, weekly=charts.weekly_rows(a))
