"""analyze(db) -> Analysis: the only function in analysis/ that reads the store.

Everything else in this package is a pure function over the tables in ``tables.py``.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date, datetime

from homeward.analysis import bulk, changepoints, conversations, episodes, experiments, ideas, style, weeks
from homeward.analysis.tables import WHO, Contact, Experiment, Msg, Who

__all__ = ["Analysis", "analyze", "load_corrections", "load_tables"]


@dataclass
class Analysis:
    """Every figure and finding for one couple, each traceable to message ids."""

    user: str
    partner: str
    gap_hours: float
    messages: list[Msg]
    contacts: list[Contact]
    notes: list[tuple[datetime, str]]
    weeks: list[weeks.Week]
    starts: list[conversations.Start]
    replies: list[conversations.Reply]
    long_silences: list[conversations.Reply]
    double_texts: list[Msg]
    trend_changes: list[changepoints.TrendChange]
    weeks_needed: dict[Who, int]
    pressure_episodes: list[episodes.Episode]
    after_pressure: episodes.Comparison
    pullbacks: list[episodes.Episode]
    homecoming: episodes.Homecoming
    problem_talk: list[episodes.ProblemTalk]
    experiments: list[experiments.ExperimentResult]
    what_works: list[episodes.Comparison]
    by_id: dict[str, Msg] = field(default_factory=dict)
    style_matching: dict[date, float | None] = field(default_factory=dict)  # weekly LSM, see style.py
    style_trend: style.StyleTrend | None = None
    reciprocity: dict[date, style.Reciprocity] = field(default_factory=dict)
    reply_vs_usual: dict[Who, dict[date, float | None]] = field(default_factory=dict)
    ideas: list[ideas.Idea] = field(default_factory=list)

    @property
    def period(self) -> tuple[date, date] | None:
        """First and last day with a message, call or journal entry."""
        days = [m.ts.date() for m in self.messages] + [c.ts.date() for c in self.contacts] + [t.date() for t, _ in self.notes]
        return (min(days), max(days)) if days else None

    def initiation(self, which: str) -> dict[Who, float]:
        """Initiation share over the first or last four weeks."""
        chosen = self.weeks[:4] if which == "first" else self.weeks[-4:]
        return weeks.initiation_share(chosen)


def load_tables(conn: sqlite3.Connection) -> tuple[str, str, list[Msg], list[Contact], list[tuple[datetime, str]], list[Experiment]]:
    """Read the couple's names, messages (with effective labels), calls, visits, notes and experiments."""
    names = dict(conn.execute("SELECT role, name FROM people WHERE role IN ('user', 'partner') ORDER BY id DESC"))
    found: dict[str, set[str]] = {}
    for mid, label in conn.execute("SELECT message_id, label FROM message_labels"):
        found.setdefault(mid, set()).add(label)
    # One frozenset per distinct label set, shared by every message carrying it: a few dozen objects instead of
    # one per labelled message (150 MB at a million messages), and one dict lookup a row below.
    canon: dict[frozenset[str], frozenset[str]] = {}
    labels = {mid: canon.setdefault(f, f) for mid, s in found.items() for f in (frozenset(s),)}
    del found
    empty: frozenset[str] = frozenset()
    get = labels.get
    msgs = [Msg(mid, datetime.fromisoformat(ts), who, text, get(mid, empty), bool(media), bool(deleted))
            for mid, ts, who, text, media, deleted in conn.execute(
                "SELECT id, ts, sender, text, media, deleted FROM messages WHERE sender IS NOT NULL ORDER BY ts, rowid")]
    contacts = [Contact(cid, datetime.fromisoformat(ts), who, "call", status, (dur or 0) / 60 if dur else None)
                for cid, ts, who, status, dur in conn.execute(
                    "SELECT id, ts, caller, status, duration_s FROM calls WHERE caller IS NOT NULL ORDER BY ts")]
    notes: list[tuple[datetime, str]] = []
    for jid, ts, kind, by, minutes, text in conn.execute("SELECT id, ts, kind, by, minutes, text FROM journal ORDER BY ts"):
        when = datetime.fromisoformat(ts)
        if kind in ("call", "visit"):
            contacts.append(Contact(f"journal:{jid}", when, by, kind, "answered", minutes))
        notes.append((when, text))
    contacts.sort(key=lambda c: c.ts)
    exps = [Experiment(i, n, date.fromisoformat(s), date.fromisoformat(e) if e else None)
            for i, n, s, e in conn.execute("SELECT id, name, start, end FROM experiments ORDER BY start")]
    return names.get("user", "user"), names.get("partner", "partner"), msgs, contacts, notes, exps


def load_corrections(conn: sqlite3.Connection) -> dict[str, dict[str, bool]]:
    """The user's own readings of labels (message id -> label -> present), which override words and models alike."""
    out: dict[str, dict[str, bool]] = {}
    for mid, label, present in conn.execute("SELECT message_id, label, present FROM corrections"):
        out.setdefault(mid, {})[label] = bool(present)
    return out


def analyze(conn: sqlite3.Connection, *, gap_hours: float = 6.0, seed: int = 0) -> Analysis:
    """Compute every measure and finding from the store. Deterministic for a given ``seed``."""
    user, partner, msgs, contacts, notes, exps = load_tables(conn)
    fixed = load_corrections(conn)
    starts = conversations.conversation_starts(msgs, contacts, gap_hours)
    inside, silences = conversations.replies(msgs, gap_hours)
    doubles = conversations.double_texts(msgs, gap_hours)
    table = weeks.weekly(msgs, contacts, starts, inside, silences, doubles, [t.date() for t, _ in notes])
    changes = sorted((c for who in WHO for c in changepoints.trend_changes(table, who, seed=seed)),
                     key=lambda c: (c.week, c.who != "partner"))
    lsm = style.weekly_lsm(msgs, table)
    try:
        return _findings(msgs, table, changes, lsm, user=user, partner=partner, gap_hours=gap_hours, contacts=contacts,
                         notes=notes, starts=starts, inside=inside, silences=silences, doubles=doubles, fixed=fixed,
                         exps=exps, seed=seed)
    finally:
        bulk.forget()  # the per-message answers shared by the findings (texts, regex hits) are large; done with
        episodes.forget()


def _findings(msgs: list[Msg], table: list[weeks.Week], changes: list[changepoints.TrendChange],
              lsm: dict[date, float | None], *, user: str, partner: str, gap_hours: float, contacts: list[Contact],
              notes: list[tuple[datetime, str]], starts: list[conversations.Start], inside: list[conversations.Reply],
              silences: list[conversations.Reply], doubles: list[Msg], fixed: dict[str, dict[str, bool]],
              exps: list[Experiment], seed: int) -> Analysis:
    """The findings over the tables: several read the same per-message answers, which ``bulk.memo`` keeps."""
    return Analysis(
        user=user, partner=partner, gap_hours=gap_hours, messages=msgs, contacts=contacts, notes=notes,
        weeks=table, starts=starts, replies=inside, long_silences=silences, double_texts=doubles,
        trend_changes=changes, weeks_needed={who: changepoints.weeks_needed(table, who) for who in WHO},
        pressure_episodes=episodes.pressure_episodes(msgs, corrections=fixed),
        after_pressure=episodes.after_pushes(msgs, seed=seed, corrections=fixed),
        pullbacks=episodes.pullbacks(table, msgs, "partner"),
        homecoming=episodes.homecoming(msgs, fixed), problem_talk=episodes.problem_talk(msgs, fixed),
        experiments=[experiments.evaluate(msgs, e, seed=seed) for e in exps],
        what_works=experiments.what_works(msgs, contacts, seed=seed), by_id={m.id: m for m in msgs},
        style_matching=lsm, style_trend=style.style_trend(lsm), reciprocity={w.week: style.reciprocity(w) for w in table},
        reply_vs_usual={who: style.reply_vs_usual(table, who) for who in WHO},
        ideas=ideas.ideas(msgs, names=[user, partner]),
    )
