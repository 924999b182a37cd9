"""The offline report: one HTML file with its charts' JavaScript inlined once, nothing from the network.

Message text always goes through Jinja's autoescaping; chart data goes into ``<script
type="application/json">`` blocks with ``<`` escaped, so a message holding ``</script>`` stays text.
Each chart has a sentence in words under it (generated here from the same figures), so the report
reads without the pictures: for screen readers, on paper, and for anyone who does not read charts.
"""
from __future__ import annotations

import json
import sqlite3
import statistics
from collections import Counter
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

import jinja2

from homeward import __version__
from homeward.analysis import Analysis
from homeward.guidance import Guidance
from homeward.report import charts
from homeward.report.data import contract_json
from homeward.report.text import chance, interval

SCRIPTS = ("vega-5.33.1.min.js", "vega-lite-5.23.0.min.js", "vega-embed-6.29.0.min.js")
OUTCOMES = {"repair": "repair or warmth", "defensive": "defensiveness", "no reply": "no reply within two days",
            "other": "neither warmth nor defensiveness"}


@lru_cache(maxsize=1)
def vendored_js() -> str:
    """The vendored chart libraries, concatenated, safe to inline in a <script> element."""
    static = resources.files("homeward.report") / "static"
    return "\n".join((static / name).read_text(encoding="utf-8") for name in SCRIPTS).replace("</script", "<\\/script")


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.PackageLoader("homeward.report", "templates"),
                             autoescape=jinja2.select_autoescape(default=True), trim_blocks=True, lstrip_blocks=True)
    env.filters["day"] = lambda d: f"{d:%-d %B %Y}" if isinstance(d, date) else (
        f"{date.fromisoformat(d):%-d %B %Y}" if isinstance(d, str) and len(d) == 10 else "")
    env.filters["pct"] = lambda v: f"{v:.0%}" if isinstance(v, (int, float)) else "–"
    env.filters["count"] = lambda v: f"{v:,}"
    env.filters["chance"] = chance
    env.filters["interval"] = interval
    return env


def json_script(value: Any) -> str:
    """JSON safe inside a <script type="application/json"> element."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def headline(a: Analysis, g: Guidance | None = None) -> str:
    """One sentence on where things stand, from the most telling finding available; safety comes first."""
    if g is not None and g.safety.concern:
        return "Some messages show threats, monitoring, control or fear: your safety comes before anything else here."
    if not a.weeks:
        return "No messages yet."
    first, last = a.initiation("first"), a.initiation("last")
    more = last["partner"] - first["partner"]
    starts = f"{last['partner']:.0%} lately, against {first['partner']:.0%} at the start"
    turns = [c for c in a.trend_changes if c.who == "partner"]
    if turns:
        c = turns[-1]
        out = f"The partner has been {c.direction} since the week of {c.week:%-d %B}"
        if c.direction == "warmer" and more >= 0.1:
            out += f" and starts more of your conversations: {starts}"
        elif c.direction != "warmer" and more <= -0.1:
            out += f" and starts fewer of your conversations: {starts}"
        return out + "."
    if more >= 0.1:
        return f"The partner has started more of your conversations: {starts}."
    if more <= -0.1:
        return f"The partner has started fewer of your conversations: {starts}."
    return f"No clear change yet: the partner starts about {last['partner']:.0%} of your conversations."


def _mean(values: list[float]) -> float | None:
    return statistics.fmean(values) if values else None


def _ends(a: Analysis, field: str, who: str) -> tuple[float | None, float | None]:
    """The mean weekly value of ``field`` for ``who`` over the first and the last four weeks."""
    rows = [r for r in charts.weekly_rows(a) if r["who"] == who and r[field] is not None]
    weeks = sorted({r["week"] for r in rows})
    first, last = set(weeks[:4]), set(weeks[-4:])
    return (_mean([r[field] for r in rows if r["week"] in first]), _mean([r[field] for r in rows if r["week"] in last]))


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _minutes(v: float | None) -> str:
    if v is None:
        return "unknown"
    return f"{v:.0f} minutes" if v < 90 else f"{v / 60:.1f} hours"


def chart_words(a: Analysis, data: dict[str, Any]) -> dict[str, str]:
    """For each chart, one or two plain sentences saying what it shows (its text alternative)."""
    if not a.weeks:
        return {}
    rows = charts.weekly_rows(a)
    totals = Counter({r["week"]: 0 for r in rows})
    for r in rows:
        totals[r["week"]] += r["messages"]
    busy, busiest = max(totals.items(), key=lambda kv: kv[1])
    calls = Counter(c.who for c in a.contacts if c.kind == "call")
    visits = sum(c.kind == "visit" for c in a.contacts)
    words = {
        "timeline": (f"You sent {sum(r['messages'] for r in rows if r['who'] == 'you')} messages and the partner "
                     f"{sum(r['messages'] for r in rows if r['who'] == 'partner')} over {len(a.weeks)} weeks; the busiest "
                     f"week was that of {date.fromisoformat(busy):%-d %B} ({busiest} messages). Shaded: "
                     f"{_n(len(a.pressure_episodes), 'time')} you pushed, {_n(len(a.pullbacks), 'pull-back')}; "
                     f"{_n(len(a.trend_changes), 'turning point')}."),
        "events": (f"{_n(calls['user'], 'call')} from you, {calls['partner']} from the partner"
                   f"{f' and {calls[None]} not recorded' if calls[None] else ''}; {_n(visits, 'visit')}; "
                   f"{_n(len(a.notes), 'journal note')}; {_n(len(a.experiments), 'experiment')}."),
    }
    first, last = a.initiation("first"), a.initiation("last")
    words["initiation"] = (f"The partner started {first['partner']:.0%} of your conversations in the first four weeks "
                           f"and {last['partner']:.0%} in the last four.")
    pf, pl = _ends(a, "reply", "partner")
    uf, ul = _ends(a, "reply", "you")
    words["replies"] = (f"The partner's typical reply took {_minutes(pf)} in the first four weeks and {_minutes(pl)} in "
                        f"the last four; yours {_minutes(uf)} and {_minutes(ul)}.")
    for who, name in (("partner", "The partner's"), ("you", "Your")):
        wf, wl = _ends(a, "warm", who)
        cf, cl = _ends(a, "cold", who)
        if None not in (wf, wl, cf, cl):
            words[f"warmth_{who}"] = (f"{name} messages: warm {wf:.0%} in the first four weeks and {wl:.0%} in the last "
                                      f"four; distant or conflictual {cf:.0%}, then {cl:.0%}.")
    top = Counter[str]()
    for w in a.weeks[-4:]:
        top.update(w.labels["partner"])
    if top:
        words["labels"] = ("In the last four weeks the partner's messages most often showed "
                           + ", ".join(f"{k.replace('_', ' ')} ({n})" for k, n in top.most_common(3)) + ".")
    c = a.after_pressure
    if c.median_minutes is not None and c.median_minutes_baseline is not None:
        words["pressure"] = (f"After your pushes the partner took {_minutes(c.median_minutes)} to reply (typical of "
                             f"{c.n} replies); after your everyday messages, {_minutes(c.median_minutes_baseline)}.")
    exp = [f"“{r.experiment.name}” (from {r.experiment.start:%-d %B}): the partner's share of warm messages changed by "
           f"{r.warm_rate.diff * 100:+.0f} points, {interval(r.warm_rate)}." for r in a.experiments if r.warm_rate]
    if exp:
        words["experiments"] = " ".join(exp)
    shares = [(w.get("reciprocity") or {}).get("partner_share") or {} for w in data.get("weeks", [])[-4:]]
    msg = [s["messages"] for s in shares if isinstance(s.get("messages"), (int, float))]
    if msg:
        words["balance"] = (f"In the last four weeks the partner wrote {statistics.fmean(msg):.0%} of the messages "
                            "(50 % would be even).")
    return words


def readiness(a: Analysis) -> str:
    """Whether talking about old problems has been going well lately, in words."""
    if not a.problem_talk:
        return "You have not raised an old problem in these messages, so there is nothing to go on yet."
    counts = Counter(p.outcome for p in a.problem_talk)
    latest = a.problem_talk[-1]
    parts = ", ".join(f"{OUTCOMES[k]} {n} time{'s' if n != 1 else ''}" for k, n in counts.most_common())
    verdict = {"repair": "The latest time went well: careful talk about the hard things may be possible now, "
                         "one topic at a time.",
               "defensive": "The latest time met defensiveness: it may be too early; keep things light for a while.",
               "no reply": "The latest time got no reply: it may be too early; keep things light for a while.",
               "other": "The latest time gave no clear sign either way."}[latest.outcome]
    return (f"You raised a hard topic {len(a.problem_talk)} time{'s' if len(a.problem_talk) != 1 else ''}; "
            f"the partner answered with {parts}. {verdict}")


def render_report(a: Analysis, g: Guidance, conn: sqlite3.Connection | None = None, *, title: str = "homeward report",
                  dashboard: bool = False) -> str:
    """The whole report page as a string (``dashboard``: with the live dashboard's panel and navigation)."""
    data = contract_json(a, g)
    specs = {"timeline": charts.timeline(a), "events": charts.events(a), "initiation": charts.initiation(a),
             "replies": charts.reply_delays(a), "warmth_partner": charts.warmth(a, "partner"),
             "warmth_you": charts.warmth(a, "user"), "labels": charts.label_trends(a),
             "pressure": charts.after_pressure(a), "experiments": charts.experiments(a),
             "balance": charts.balance(a, data.get("weeks", []))}
    specs = {k: v for k, v in specs.items() if v is not None}
    def evidence(ids: list[str]) -> list[Any]:
        found = {m.id: m for m in (a.by_id.get(i) for i in ids) if m is not None}
        return sorted(found.values(), key=lambda m: m.ts)

    template = _environment().get_template("report.html.j2")
    return template.render(a=a, g=g, data=data, title=title, version=__version__, headline=headline(a, g),
                           specs=json_script(specs), has=set(specs), js=vendored_js(), by_id=a.by_id,
                           weekly=data.get("weeks", []), words=chart_words(a, data), readiness=readiness(a),
                           outcomes=OUTCOMES, evidence=evidence, home=charts.homecoming_marks(a), dashboard=dashboard)
