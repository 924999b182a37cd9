"""The redacted summary for a couples counsellor: Markdown or HTML, names become "Me" and "Partner".

Everything but ``names_from_store`` is pure. The couple's names (and every alias) are replaced
everywhere; in quoted messages phone numbers, e-mail and postal addresses, URLs and other people's
capitalised first names are masked as ``[phone]``, ``[email]``, ``[address]``, ``[link]``, ``[name]``.
"""
from __future__ import annotations

import html
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field

from homeward.analysis import Analysis
from homeward.guidance import Guidance

MAX_QUOTES = 6
_NOT_NAMES = {"me", "you", "partner", "user", "i", "unknown", ""}

_URL = re.compile(r"(?i)\b(?:https?://|www\.)[^\s<>\"']+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|io|co\.uk|org\.uk|uk|me|app|ly)\b(?:/[^\s<>\"']*)?")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_STREET_WORDS = (r"street|st|road|rd|avenue|ave|lane|ln|drive|dr|close|way|court|ct|place|pl|crescent|cres|terrace|"
                 r"boulevard|blvd|gardens|grove|square|sq|mews|row|walk|parade|highway|hwy")
_ADDRESS = re.compile(rf"(?i)\b\d{{1,5}}[a-z]?,?\s+(?:[a-z][a-z'-]+\s+){{0,3}}(?:{_STREET_WORDS})\b\.?")
_UK_POSTCODE = re.compile(r"(?i)\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b")
_ZIP = re.compile(r"\b\d{5}(?:-\d{4})?\b")
_PHONE = re.compile(r"(?<![\w+])(?:\+|00)?\d(?:[\s().-]{0,2}\d){8,14}(?!\w)|\(\d{3}\)\s?\d{3}[\s.-]\d{4}")
_CAPITAL = re.compile(r"\b[A-Z][a-z]+(?:'s)?\b")
_SENTENCE_END = re.compile(r"[.!?]\s*$")
# Capitalised words that are not people's names (mid-sentence) and so stay.
_COMMON = set("""I I'm I'll I've I'd OK Ok Okay Mum Dad Mom Monday Tuesday Wednesday Thursday Friday Saturday Sunday
January February March April May June July August September October November December Christmas Easter
English God Lol Xmas Uber Netflix WhatsApp Whatsapp Facebook Instagram Google Me Partner""".split())


@dataclass
class Names:
    """Names to replace: the user's, the partner's, and anyone else's."""

    user: list[str] = field(default_factory=list)
    partner: list[str] = field(default_factory=list)
    other: list[str] = field(default_factory=list)


def names_from_store(conn: sqlite3.Connection) -> Names:
    """Every name and alias of the couple (people, aliases, messages.name), and of other people."""
    found: dict[str, set[str]] = {"user": set(), "partner": set(), "other": set()}
    for role, name in conn.execute("SELECT role, name FROM people"):
        found[role].add(name)
    for role, alias in conn.execute("SELECT p.role, a.alias FROM aliases a JOIN people p ON p.id = a.person_id"):
        kind, _, value = alias.partition(":")
        if kind == "name":
            found[role].add(value)
    for sender, name in conn.execute("SELECT DISTINCT sender, name FROM messages"):
        found[sender if sender in ("user", "partner") else "other"].add(name)
    return Names(sorted(found["user"]), sorted(found["partner"]), sorted(found["other"]))


def _variants(names: Iterable[str]) -> set[str]:
    out: set[str] = set()
    for n in names:
        n = n.strip()
        if not n or n.lower() in _NOT_NAMES or not re.search(r"[^\W\d_]", n):
            continue
        out.add(n)
        first = re.split(r"[\s.]+", n)[0]
        if len(first) >= 2 and first.lower() not in _NOT_NAMES:
            out.add(first)
    return out


def _name_pattern(names: Iterable[str]) -> re.Pattern[str] | None:
    variants = sorted(_variants(names), key=len, reverse=True)
    if not variants:
        return None
    return re.compile(r"(?i)(?<![\w@])(?:" + "|".join(re.escape(v) for v in variants) + r")(?![\w@])")


class Redactor:
    """Replaces the couple's names, masks contact details and other people's names."""

    def __init__(self, names: Names) -> None:
        self._user = _name_pattern(names.user)
        self._partner = _name_pattern(names.partner)
        self._other = _name_pattern(names.other)

    def names(self, text: str) -> str:
        """Replace the couple's names with "Me" and "Partner", and known other people's with [name]."""
        if self._user:
            text = self._user.sub("Me", text)
        if self._partner:
            text = self._partner.sub("Partner", text)
        if self._other:
            text = self._other.sub("[name]", text)
        return text

    def quote(self, text: str) -> str:
        """A message fit to quote: names replaced, contact details and other first names masked."""
        text = _EMAIL.sub("[email]", text)
        text = _URL.sub("[link]", text)
        text = _ADDRESS.sub("[address]", text)
        text = _UK_POSTCODE.sub("[address]", text)
        text = _PHONE.sub("[phone]", text)
        text = _ZIP.sub("[address]", text)
        text = self.names(text)
        return _CAPITAL.sub(lambda m: self._first_name(m, text), text)

    @staticmethod
    def _first_name(m: re.Match[str], text: str) -> str:
        word = m.group(0)
        base = word.removesuffix("'s")
        if base in _COMMON:
            return word
        before = text[:m.start()]
        if not before.strip() or _SENTENCE_END.search(before) or before.rstrip().endswith(("\n", '"', ":")):
            return word  # a capital that starts a sentence says nothing about a name
        return "[name]" + ("'s" if word.endswith("'s") else "")


@dataclass
class Section:
    """One part of the summary: a heading, paragraphs, bullet points and quotes."""

    title: str
    paragraphs: list[str] = field(default_factory=list)
    bullets: list[str] = field(default_factory=list)
    quotes: list[tuple[str, str, str]] = field(default_factory=list)  # (day, who, text)


def _who(who: str | None) -> str:
    return {"user": "Me", "partner": "Partner"}.get(who or "", "nobody")


def _p(p: float) -> str:
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


def sections(a: Analysis, g: Guidance, names: Names) -> list[Section]:
    """The summary's sections, already redacted."""
    r = Redactor(names)
    period = a.period
    out: list[Section] = []
    if period is None:
        return [Section("Summary", ["No messages have been imported yet."])]
    head = Section("Period")
    head.paragraphs.append(f"{period[0]:%-d %B %Y} to {period[1]:%-d %B %Y}: {len(a.weeks)} weeks, "
                           f"{len(a.messages)} messages and {len(a.contacts)} calls or visits. \"Me\" is the person "
                           "who prepared this summary; \"Partner\" is the other person. Figures come from an automatic "
                           "reading of the messages and can be wrong; they describe patterns, not blame.")
    out.append(head)

    traj = Section("Trajectory")
    first, last = a.initiation("first"), a.initiation("last")
    traj.paragraphs.append(f"Partner started {first['partner']:.0%} of conversations in the first four weeks and "
                           f"{last['partner']:.0%} in the last four (Me: {first['user']:.0%}, then {last['user']:.0%}).")
    if a.trend_changes:
        for c in a.trend_changes:
            traj.bullets.append(f"Turning point: {_who(c.who)} became {c.direction} from the week of {c.week:%-d %B %Y} "
                                f"({_p(c.p_value)}).")
    else:
        traj.bullets.append("No statistically clear turning point in warmth was found.")
    ap = a.after_pressure
    if a.pressure_episodes:
        spans = "; ".join(f"{e.start:%-d %b}" + (f" to {e.end:%-d %b}" if e.end != e.start else "")
                          for e in a.pressure_episodes[:6])
        more = ", ..." if len(a.pressure_episodes) > 6 else ""
        text = f"Me sent pressing messages in {len(a.pressure_episodes)} episode(s) ({spans}{more})."
        if ap.median_minutes is not None and ap.median_minutes_baseline is not None:
            text += (f" After pressure, Partner's median reply took {ap.median_minutes:.0f} minutes, against "
                     f"{ap.median_minutes_baseline:.0f} otherwise")
            if ap.cold_rate is not None:
                text += f", and cold replies ran at {ap.cold_rate.b_mean:.0%} against {ap.cold_rate.a_mean:.0%}"
            text += "."
        traj.bullets.append(text)
    else:
        traj.bullets.append("No episodes of pressing messages were found.")
    for p in a.pullbacks:
        traj.bullets.append(f"Pull-back: {_who(p.who)} went quieter from {p.start:%-d %B} to {p.end:%-d %B %Y}.")
    hc = a.homecoming
    if hc.first_raised_by:
        traj.bullets.append(f"Coming home (or getting back together) was first raised by {_who(hc.first_raised_by)}"
                            + (f" on {hc.date:%-d %B %Y}" if hc.date else "")
                            + f"; since then Me raised it {hc.user_since} time(s) and Partner {hc.partner_since}.")
    else:
        traj.bullets.append("Neither person has raised coming home in the messages.")
    if a.problem_talk:
        counts: dict[str, int] = {}
        for pt in a.problem_talk:
            counts[pt.outcome] = counts.get(pt.outcome, 0) + 1
        parts = ", ".join(f"{n} {k}" for k, n in sorted(counts.items(), key=lambda kv: -kv[1]))
        traj.bullets.append(f"When Me raised a problem ({len(a.problem_talk)} times), Partner's answers were: {parts}.")
    out.append(traj)

    guide = Section("Guidance homeward gave")
    if g.safety.concern:
        guide.paragraphs.append("Safety: some messages show " + (", ".join(sorted(g.safety.kinds)) or "fear")
                                + ". homeward switched off all advice about reconciliation.")
    for item in g.items:
        guide.bullets.append(r.names(item.text) + f" ({item.sureness} confidence, {len(item.evidence)} messages)")
    out.append(guide)

    quotes = Section("Messages behind the guidance")
    seen: set[str] = set()
    for item in g.items:
        for mid in item.evidence:
            m = a.by_id.get(mid)
            if m is None or mid in seen or not m.text.strip():
                continue
            seen.add(mid)
            quotes.quotes.append((f"{m.ts:%-d %B %Y}", _who(m.who), r.quote(m.text)))
            break  # one message per guidance item first, for balance
    for item in g.items:
        for mid in item.evidence:
            if len(quotes.quotes) >= MAX_QUOTES:
                break
            m = a.by_id.get(mid)
            if m is None or mid in seen or not m.text.strip():
                continue
            seen.add(mid)
            quotes.quotes.append((f"{m.ts:%-d %B %Y}", _who(m.who), r.quote(m.text)))
    quotes.quotes = quotes.quotes[:MAX_QUOTES]
    if quotes.quotes:
        out.append(quotes)
    return out


def summary_markdown(a: Analysis, g: Guidance, names: Names) -> str:
    """The redacted summary as Markdown."""
    lines = ["# Summary for a counsellor", ""]
    for s in sections(a, g, names):
        lines += [f"## {s.title}", ""]
        for p in s.paragraphs:
            lines += [p, ""]
        if s.bullets:
            lines += [f"- {b}" for b in s.bullets] + [""]
        for day, who, text in s.quotes:
            body = "\n".join("> " + ln for ln in text.splitlines() or [""])
            lines += [f"**{who}**, {day}:", "", body, ""]
    lines.append("_Prepared with homeward; names and contact details are removed._")
    return "\n".join(lines) + "\n"


def summary_html(a: Analysis, g: Guidance, names: Names) -> str:
    """The redacted summary as one small self-contained HTML page."""
    e = html.escape
    body: list[str] = ["<h1>Summary for a counsellor</h1>"]
    for s in sections(a, g, names):
        body.append(f"<h2>{e(s.title)}</h2>")
        body += [f"<p>{e(p)}</p>" for p in s.paragraphs]
        if s.bullets:
            body.append("<ul>" + "".join(f"<li>{e(b)}</li>" for b in s.bullets) + "</ul>")
        for day, who, text in s.quotes:
            body.append(f"<figure><blockquote>{e(text)}</blockquote><figcaption>{e(who)}, {e(day)}</figcaption></figure>")
    body.append("<p><em>Prepared with homeward; names and contact details are removed.</em></p>")
    return ("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Summary for a counsellor</title>"
            "<style>body{font:16px/1.5 system-ui,sans-serif;max-width:46em;margin:2em auto;padding:0 1em}"
            "blockquote{margin:0;padding:.4em 1em;border-left:3px solid #999;white-space:pre-wrap}"
            "figcaption{color:#555;font-size:.9em;margin:0 0 1em 1em}</style></head><body>\n"
            + "\n".join(body) + "\n</body></html>\n")
