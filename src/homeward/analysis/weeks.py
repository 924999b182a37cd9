"""Week-by-week measures per person: Monday to Sunday, every week from the first event to the last."""
from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from homeward.analysis.conversations import Reply, Start
from homeward.analysis.tables import WHO, Contact, Msg, Who, monday
from homeward.signals.taxonomy import COLD, WARM


def _pair() -> dict[Who, int]:
    return {"user": 0, "partner": 0}


@dataclass
class Week:
    """One week's figures for each person (keys 'user' and 'partner')."""

    week: date
    messages: dict[Who, int] = field(default_factory=_pair)
    words: dict[Who, int] = field(default_factory=_pair)
    calls: dict[Who, int] = field(default_factory=_pair)
    starts: dict[Who, int] = field(default_factory=_pair)
    double_texts: dict[Who, int] = field(default_factory=_pair)
    reply_minutes: dict[Who, list[float]] = field(default_factory=lambda: {"user": [], "partner": []})
    long_silences: dict[Who, int] = field(default_factory=_pair)
    labels: dict[Who, Counter[str]] = field(default_factory=lambda: {"user": Counter(), "partner": Counter()})
    warm: dict[Who, int] = field(default_factory=_pair)  # messages with any approach label
    cold: dict[Who, int] = field(default_factory=_pair)  # messages with any distance or conflict label

    def median_reply(self, who: Who) -> float | None:
        """Median reply delay in minutes inside conversations, or None without replies."""
        values = self.reply_minutes[who]
        return round(statistics.median(values), 1) if values else None

    def warmth(self, who: Who) -> float | None:
        """(warm - cold messages) / messages, in [-1, 1]; None for a week without messages."""
        n = self.messages[who]
        return (self.warm[who] - self.cold[who]) / n if n else None


def mondays(first: date, last: date) -> list[date]:
    """Every Monday from the week of ``first`` to the week of ``last``, inclusive."""
    start, end = monday(first), monday(last)
    return [start + timedelta(days=7 * i) for i in range((end - start).days // 7 + 1)]


def weekly(messages: Sequence[Msg], contacts: Sequence[Contact], starts: Sequence[Start], replies: Sequence[Reply],
           silences: Sequence[Reply], doubles: Sequence[Msg], extra_days: Sequence[date] = ()) -> list[Week]:
    """The weekly table, empty weeks included, from the first to the last message, call or journal entry."""
    days = [m.ts.date() for m in messages] + [c.ts.date() for c in contacts] + list(extra_days)
    if not days:
        return []
    weeks = {w: Week(w) for w in mondays(min(days), max(days))}
    by_day: dict[date, Week] = {}  # a week per calendar day seen: one dict lookup instead of monday() per row

    def week_of(d: date) -> Week:
        wk = by_day.get(d)
        if wk is None:
            wk = by_day[d] = weeks[monday(d)]
        return wk

    # Labels are counted per (week, person, label set) first: a week holds a few distinct label sets many
    # times over, and one Counter update per distinct set is far cheaper than one per message.
    sets: Counter[tuple[int, Who, frozenset[str]]] = Counter()
    for m in messages:
        wk = week_of(m.ts.date())
        who = m.who
        wk.messages[who] += 1
        wk.words[who] += m.words
        if m.labels:
            sets[id(wk), who, m.labels] += 1
    by_id = {id(w): w for w in weeks.values()}
    for (key, who, labels), n in sets.items():
        wk = by_id[key]
        wk.labels[who].update(dict.fromkeys(labels, n))
        if labels & WARM:
            wk.warm[who] += n
        if labels & COLD:
            wk.cold[who] += n
    for c in contacts:
        if c.kind == "call" and c.who is not None:
            week_of(c.ts.date()).calls[c.who] += 1
    for s in starts:
        week_of(s.ts.date()).starts[s.who] += 1
    for r in replies:
        week_of(r.ts.date()).reply_minutes[r.who].append(r.minutes)
    for r in silences:
        week_of(r.ts.date()).long_silences[r.who] += 1
    for m in doubles:
        week_of(m.ts.date()).double_texts[m.who] += 1
    return [weeks[w] for w in sorted(weeks)]


def initiation_share(weeks: Sequence[Week]) -> dict[Who, float]:
    """Share of conversation starts made by each person over ``weeks`` (0.5 each when nobody started one)."""
    total = {who: sum(w.starts[who] for w in weeks) for who in WHO}
    n = total["user"] + total["partner"]
    if n == 0:
        return {"user": 0.5, "partner": 0.5}
    user = round(total["user"] / n, 4)
    return {"user": user, "partner": round(1 - user, 4)}
