"""analyze(db) -> Analysis: the only function in analysis/ that reads the store.

Everything else in this package is a pure function over the tables in ``tables.py``.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Callable
from functools import cached_property
from dataclasses import dataclass, field
from datetime import date, datetime

import numpy as np

from homeward.analysis import (bulk, changepoints, conversations, episodes, experiments, ideas, style,
                               weeks)
from homeward.analysis.tables import WHO, Contact, Experiment, Msg, Who, keep_stamps

__all__ = ["STEPS", "Analysis", "Tables", "analyze", "analyze_tables", "load", "load_corrections", "load_tables"]


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
    style_matching: dict[date, float | None] = field(default_factory=dict)  # weekly LSM, see style.py
    style_trend: style.StyleTrend | None = None
    reciprocity: dict[date, style.Reciprocity] = field(default_factory=dict)
    reply_vs_usual: dict[Who, dict[date, float | None]] = field(default_factory=dict)
    ideas: list[ideas.Idea] = field(default_factory=list)

    @cached_property
    def by_id(self) -> dict[str, Msg]:
        """Each message by its id, made on first use: the report and the dashboard look evidence up by id, the
        analysis itself never does (a million-entry dictionary is a quarter of a second)."""
        return {m.id: m for m in self.messages}

    @property
    def period(self) -> tuple[date, date] | None:
        """First and last day with a message, call or journal entry."""
        days = [m.ts.date() for m in self.messages] + [c.ts.date() for c in self.contacts] + [t.date() for t, _ in self.notes]
        return (min(days), max(days)) if days else None

    def initiation(self, which: str) -> dict[Who, float]:
        """Initiation share over the first or last four weeks."""
        chosen = self.weeks[:4] if which == "first" else self.weeks[-4:]
        return weeks.initiation_share(chosen)


def load_tables(conn: sqlite3.Connection, corrections: dict[str, dict[str, bool]] | None = None
                ) -> tuple[str, str, list[Msg], list[Contact], list[tuple[datetime, str]], list[Experiment]]:
    """Read the couple's names, messages (with effective labels), calls, visits, notes and experiments.

    ``corrections``: the user's own readings of labels when the caller has them already (``load``).
    """
    names = dict(conn.execute("SELECT role, name FROM people WHERE role IN ('user', 'partner') ORDER BY id DESC"))
    msgs, times = _messages(conn, load_corrections(conn) if corrections is None else corrections)
    keep_stamps(msgs, times)
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


def _messages(conn: sqlite3.Connection, corrections: dict[str, dict[str, bool]]) -> tuple[list[Msg], np.ndarray]:
    """The messages in time order, each with its effective labels, and their times as numpy ``datetime64[us]``.

    Built column by column (benchmarks/README.md, analyze-report): SQLite groups each message's labels and
    numbers them by the message's rowid, so a message finds its label set by array indexing instead of two
    dictionary look-ups by its 32-character id; the objects are made by ``map`` over the columns.
    """
    # One string per labelled message ("affection missing"), then one small code per distinct string.
    grouped = conn.execute("SELECT m.rowid, l.labels FROM (SELECT message_id, group_concat(label, ' ') AS labels "
                           "FROM labels GROUP BY message_id) AS l JOIN messages AS m ON m.id = l.message_id").fetchall()
    rows = conn.execute("SELECT rowid, id, ts, sender, text, media, deleted FROM messages WHERE sender IS NOT NULL "
                        "ORDER BY ts, rowid").fetchall()
    if not rows:
        return [], np.zeros(0, dtype="datetime64[us]")
    rowid, ids, stamps_text, who, text, media, deleted = zip(*rows)
    del rows
    order = np.fromiter(rowid, dtype=np.int64, count=len(rowid))
    spelled: list[str] = [""]  # code 0: no label
    if grouped:
        labelled, strings = zip(*grouped)
        spelled += dict.fromkeys(strings)
        code_of = {s: i for i, s in enumerate(spelled)}
        by_rowid = np.zeros(max(int(order.max()), max(labelled)) + 1, dtype=np.int32)
        by_rowid[np.fromiter(labelled, dtype=np.int64, count=len(labelled))] = np.fromiter(
            map(code_of.__getitem__, strings), dtype=np.int32, count=len(strings))
        codes = by_rowid[order].tolist()
    else:
        codes = [0] * len(ids)
    # One frozenset per distinct label set, shared by every message carrying it: a few dozen objects instead of
    # one per labelled message (150 MB at a million messages).
    canon: dict[frozenset[str], frozenset[str]] = {}
    sets = [canon.setdefault(f, f) for s in spelled for f in (frozenset(s.split()),)]
    labels = list(map(sets.__getitem__, codes))
    if corrections:  # the user's own readings override the stored labels, either way
        for i, mid in enumerate(ids):
            fixes = corrections.get(mid)
            if fixes is not None:
                have = set(labels[i])
                have.update(label for label, present in fixes.items() if present)
                have.difference_update(label for label, present in fixes.items() if not present)
                f = frozenset(have)
                labels[i] = canon.setdefault(f, f)
    when = list(map(datetime.fromisoformat, stamps_text))
    # the store writes YYYY-MM-DDTHH:MM:SS, which numpy parses in C; anything else (an offset numpy would shift)
    # goes by the datetimes
    plain = set(map(len, stamps_text)) == {19}
    times = np.array(stamps_text if plain else when, dtype="datetime64[us]")
    msgs = list(map(Msg, ids, when, who, text, labels, map(bool, media), map(bool, deleted)))
    return msgs, times


def load_corrections(conn: sqlite3.Connection) -> dict[str, dict[str, bool]]:
    """The user's own readings of labels (message id -> label -> present), which override words and models alike."""
    out: dict[str, dict[str, bool]] = {}
    for mid, label, present in conn.execute("SELECT message_id, label, present FROM corrections"):
        out.setdefault(mid, {})[label] = bool(present)
    return out


@dataclass
class Tables:
    """What analysis reads from the store (``load``): the couple's names, messages, contacts, notes, experiments
    and the user's own corrections of labels."""

    user: str
    partner: str
    messages: list[Msg]
    contacts: list[Contact]
    notes: list[tuple[datetime, str]]
    experiments: list[Experiment]
    corrections: dict[str, dict[str, bool]]


def load(conn: sqlite3.Connection) -> Tables:
    """Everything analysis needs from the store, read once."""
    fixed = load_corrections(conn)
    return Tables(*load_tables(conn, fixed), fixed)


def analyze(conn: sqlite3.Connection, *, gap_hours: float = 6.0, seed: int = 0) -> Analysis:
    """Compute every measure and finding from the store. Deterministic for a given ``seed``."""
    return analyze_tables(load(conn), gap_hours=gap_hours, seed=seed)


STEPS = 7  # the stages ``analyze_tables`` reports to its ``step`` callback (a progress bar's steps)


def analyze_tables(t: Tables, *, gap_hours: float = 6.0, seed: int = 0, keep: bool = False,
                   step: Callable[[], None] | None = None) -> Analysis:
    """Every measure and finding over the tables.

    ``keep``: leave the per-message answers the findings shared (``bulk.memo``: texts, regex hits) for the
    caller's own use, who then calls ``bulk.forget()``; by default they are dropped here.
    ``step``: called after each of the ``STEPS`` stages (a million messages take seconds: a bar can move).
    """
    done = step or (lambda: None)
    msgs, contacts, fixed = t.messages, t.contacts, t.corrections
    try:
        starts = conversations.conversation_starts(msgs, contacts, gap_hours)
        inside, silences = conversations.replies(msgs, gap_hours)
        doubles = conversations.double_texts(msgs, gap_hours)
        table = weeks.weekly(msgs, contacts, starts, inside, silences, doubles, [d.date() for d, _ in t.notes])
        done()
        changes = sorted((c for who in WHO for c in changepoints.trend_changes(table, who, seed=seed)),
                         key=lambda c: (c.week, c.who != "partner"))
        lsm = style.weekly_lsm(msgs, table)
        done()
        pushes, after_pushes = (episodes.pressure_episodes(msgs, corrections=fixed),
                                episodes.after_pushes(msgs, seed=seed, corrections=fixed))
        done()
        pullbacks, home, problems = (episodes.pullbacks(table, msgs, "partner"), episodes.homecoming(msgs, fixed),
                                     episodes.problem_talk(msgs, fixed))
        done()
        tried = [experiments.evaluate(msgs, e, seed=seed) for e in t.experiments]
        reciprocity = {w.week: style.reciprocity(w) for w in table}
        usual = {who: style.reply_vs_usual(table, who) for who in WHO}
        done()
        works = experiments.what_works(msgs, contacts, seed=seed)
        done()
        found = ideas.ideas(msgs, names=[t.user, t.partner])
        done()
        return Analysis(
            user=t.user, partner=t.partner, gap_hours=gap_hours, messages=msgs, contacts=contacts, notes=t.notes,
            weeks=table, starts=starts, replies=inside, long_silences=silences, double_texts=doubles,
            trend_changes=changes, weeks_needed={who: changepoints.weeks_needed(table, who) for who in WHO},
            pressure_episodes=pushes, after_pressure=after_pushes, pullbacks=pullbacks, homecoming=home,
            problem_talk=problems, experiments=tried, style_matching=lsm, style_trend=style.style_trend(lsm),
            reciprocity=reciprocity, reply_vs_usual=usual, what_works=works, ideas=found,
        )
    finally:
        if not keep:
            bulk.forget()  # the per-message answers shared by the findings (texts, regex hits) are large
