"""Episodes and responses: pressure and what followed it, pull-backs, problem talk, coming home.

Everything here compares the partner's next messages after one kind of user message with the
partner's next messages after the user's neutral messages: the pursue-withdraw pattern, measured
without blame, with an effect size and a bootstrap interval.
"""
from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from homeward.analysis.stats import Difference, bootstrap_difference
from homeward.analysis.tables import Msg, Who, monday
from homeward.analysis.weeks import Week
from homeward.signals.taxonomy import COLD, WARM

EPISODE_GAP = timedelta(days=3)  # pressure messages this close belong to one push
RESPONSE_WINDOW = timedelta(hours=48)  # the partner's "next message" must come within this


@dataclass
class Episode:
    """A stretch of time with its evidence messages."""

    start: date
    end: date
    who: Who
    evidence: list[str] = field(default_factory=list)


@dataclass
class Response:
    """How the partner answered one user message: delay, length, and whether warm or cold."""

    to_id: str
    reply_id: str
    minutes: float
    words: int
    warm: bool
    cold: bool


def cluster(messages: Sequence[Msg], who: Who, label: str, gap: timedelta = EPISODE_GAP) -> list[Episode]:
    """Group ``who``'s messages carrying ``label`` into episodes whose gaps are at most ``gap``."""
    out: list[Episode] = []
    last: datetime | None = None
    for m in messages:
        if m.who != who or label not in m.labels:
            continue
        if last is None or m.ts - last > gap:
            out.append(Episode(m.ts.date(), m.ts.date(), who))
        out[-1].end = m.ts.date()
        out[-1].evidence.append(m.id)
        last = m.ts
    return out


def responses(messages: Sequence[Msg], responder: Who = "partner") -> dict[str, Response]:
    """For each message of the other person, the responder's first message after it within 48 hours."""
    out: dict[str, Response] = {}
    waiting: list[Msg] = []
    for m in messages:
        if m.who != responder:
            waiting.append(m)
            continue
        for q in waiting:
            if m.ts - q.ts <= RESPONSE_WINDOW:
                out[q.id] = Response(q.id, m.id, (m.ts - q.ts).total_seconds() / 60, m.words,
                                     bool(m.labels & WARM), bool(m.labels & COLD))
        waiting = []
    return out


@dataclass
class Comparison:
    """The partner's answers after one kind of user message versus after the user's neutral messages."""

    kind: str
    n: int
    n_baseline: int
    reply_minutes: Difference | None
    words: Difference | None
    cold_rate: Difference | None
    warm_rate: Difference | None
    median_minutes: float | None
    median_minutes_baseline: float | None
    evidence: list[str]


def compare_after(messages: Sequence[Msg], label: str, *, seed: int = 0) -> Comparison:
    """How the partner answered the user's ``label`` messages compared with the user's neutral ones."""
    resp = responses(messages)
    chosen = [resp[m.id] for m in messages if m.who == "user" and label in m.labels and m.id in resp]
    neutral = [resp[m.id] for m in messages if m.who == "user" and not m.labels and m.id in resp]

    def diff(f: str, conv: type = float) -> Difference | None:
        return bootstrap_difference([conv(getattr(r, f)) for r in neutral], [conv(getattr(r, f)) for r in chosen],
                                    seed=seed)

    import math

    log_delay = bootstrap_difference([math.log1p(r.minutes) for r in neutral], [math.log1p(r.minutes) for r in chosen],
                                     seed=seed)
    return Comparison(
        label, len(chosen), len(neutral), log_delay, diff("words"), diff("cold"), diff("warm"),
        statistics.median(r.minutes for r in chosen) if chosen else None,
        statistics.median(r.minutes for r in neutral) if neutral else None,
        [r.to_id for r in chosen][:10] + [r.reply_id for r in chosen][:10],
    )


def pullbacks(weeks: Sequence[Week], messages: Sequence[Msg], who: Who = "partner") -> list[Episode]:
    """Runs of weeks where ``who`` holds back clearly more than their own baseline.

    A week counts when its share of distant or conflictual messages is above the person's median
    week by more than 1.5 interquartile ranges of their weekly shares and at least 0.15, or when
    they sent nothing in a week after weeks with messages.
    """
    rates = [(w.cold[who] / w.messages[who]) for w in weeks if w.messages[who] >= 2]
    if len(rates) < 4:
        return []
    q = statistics.quantiles(rates, n=4)
    limit = max(q[1] + 1.5 * (q[2] - q[0]), q[1] + 0.15)
    flagged = [w.week for w in weeks if w.messages[who] >= 2 and w.cold[who] / w.messages[who] > limit]
    out: list[Episode] = []
    for wk in flagged:
        if out and wk - out[-1].end <= timedelta(days=8):
            out[-1].end = wk + timedelta(days=6)
        else:
            out.append(Episode(wk, wk + timedelta(days=6), who))
    for ep in out:
        ep.evidence = [m.id for m in messages if m.who == who and m.labels & COLD
                       and ep.start <= m.ts.date() <= ep.end][:12]
    return out


@dataclass
class Homecoming:
    """Who first raised moving back or getting back together, and how often the user has since."""

    first_raised_by: Who | None
    date: date | None
    first_id: str | None
    user_since: int
    partner_since: int
    evidence: list[str]


def homecoming(messages: Sequence[Msg]) -> Homecoming:
    """The first homecoming message and the count of later ones by each person."""
    hits = [m for m in messages if "homecoming" in m.labels]
    if not hits:
        return Homecoming(None, None, None, 0, 0, [])
    first = hits[0]
    later = hits[1:]
    return Homecoming(first.who, first.ts.date(), first.id, sum(m.who == "user" for m in later),
                      sum(m.who == "partner" for m in later), [m.id for m in hits[:10]])


@dataclass
class ProblemTalk:
    """One of the user's problem-talk messages and how the partner answered it."""

    message_id: str
    week: date
    reply_id: str | None
    outcome: str  # 'repair' | 'defensive' | 'no reply' | 'other'


def problem_talk(messages: Sequence[Msg]) -> list[ProblemTalk]:
    """Each user problem-talk message with the partner's answer read as repair, defensive or neither."""
    resp = responses(messages)
    by_id = {m.id: m for m in messages}
    out = []
    for m in messages:
        if m.who != "user" or "problem_talk" not in m.labels:
            continue
        r = resp.get(m.id)
        if r is None:
            out.append(ProblemTalk(m.id, monday(m.ts), None, "no reply"))
            continue
        labels = by_id[r.reply_id].labels
        outcome = ("defensive" if labels & {"defensive", "criticism", "contempt"} else
                   "repair" if labels & {"repair", "regret", "affection"} else "other")
        out.append(ProblemTalk(m.id, monday(m.ts), r.reply_id, outcome))
    return out
