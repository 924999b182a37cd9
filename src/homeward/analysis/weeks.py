"""Week-by-week measures per person: Monday to Sunday, every week from the first event to the last."""
from __future__ import annotations

import statistics
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import compress, repeat
from operator import attrgetter, eq, not_
from typing import TypeVar

from homeward.analysis.conversations import Reply, Start, in_time_order
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
    # each person's median reply, by the number of replies it was taken over: turning points, style and the report
    # all ask for it, and each answer sorts the week's replies (a few thousand sorts over a long history)
    _medians: dict[tuple[Who, int], float] = field(default_factory=dict, repr=False, compare=False)

    def median_reply(self, who: Who) -> float | None:
        """Median reply delay in minutes inside conversations, or None without replies."""
        values = self.reply_minutes[who]
        if not values:
            return None
        key = (who, len(values))  # replies are only ever added: a new count, a new median
        if key not in self._medians:
            self._medians[key] = round(statistics.median(values), 1)
        return self._medians[key]

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
    stamps, contact_stamps = in_time_order(messages), in_time_order(contacts)
    if stamps is not None and contact_stamps is not None:  # in time order: the first and last are the extremes
        days = [s.date() for s in (*stamps[:1], *stamps[-1:], *contact_stamps[:1], *contact_stamps[-1:])]
    else:
        days = [m.ts.date() for m in messages] + [c.ts.date() for c in contacts]
    days += extra_days
    if not days:
        return []
    table = [Week(w) for w in mondays(min(days), max(days))]
    for wk, part in _by_week(table, messages, stamps):
        _count_messages(wk, part)
    calls = [c for c in contacts if c.kind == "call" and c.who is not None]
    for rows, column in ((calls, "calls"), (starts, "starts"), (silences, "long_silences"), (doubles, "double_texts")):
        for wk, part in _by_week(table, rows, in_time_order(rows)):
            counts = getattr(wk, column)
            user = list(map(attrgetter("who"), part)).count("user")
            counts["user"] += user
            counts["partner"] += len(part) - user
    for wk, part in _by_week(table, replies, in_time_order(replies)):
        is_user = list(map(eq, map(attrgetter("who"), part), repeat("user")))
        minutes = list(map(attrgetter("minutes"), part))
        wk.reply_minutes["user"] += compress(minutes, is_user)
        wk.reply_minutes["partner"] += compress(minutes, map(not_, is_user))
    return table


# Messages, replies, starts and calls are all built in time order, so each week's rows are one stretch of
# the list: found by bisection on the timestamps and counted with C-level list operations rather than a
# dictionary lookup and a few dictionary updates per row, several times faster over a million messages.
# Rows out of order, or with time zones, are grouped row by row: the same figures, only slower.
_Row = TypeVar("_Row", Msg, Contact, Start, Reply)


def _by_week(table: list[Week], rows: Sequence[_Row], stamps: list[datetime] | None
             ) -> Iterable[tuple[Week, Sequence[_Row]]]:
    """Each week of ``table`` holding rows, with its rows in their order (KeyError for a row outside it).

    ``stamps``: the rows' timestamps from ``in_time_order`` (None: rows out of order, grouped one by one).
    """
    if stamps is not None and rows:
        bounds = [datetime.combine(w.week, time()) for w in table]
        bounds.append(bounds[-1] + timedelta(days=7))
        if bounds[0] <= stamps[0] and stamps[-1] < bounds[-1]:
            at = [bisect_left(stamps, b) for b in bounds]
            return [(wk, rows[lo:hi]) for wk, lo, hi in zip(table, at, at[1:]) if lo < hi]
    weeks = {w.week: w for w in table}
    by_day: dict[date, list[_Row]] = {}  # a week's list per calendar day seen: one monday() per day, not per row
    grouped: dict[date, list[_Row]] = {}
    for r in rows:
        d = r.ts.date()
        part = by_day.get(d)
        if part is None:
            part = by_day[d] = grouped.setdefault(monday(d), [])
        part.append(r)
    return [(weeks[w], part) for w, part in grouped.items()]


def _count_messages(wk: Week, part: Sequence[Msg]) -> None:
    """Messages, words, label counts, warm and cold messages of one week's messages, per person.

    Labels are counted per distinct label set first: a week holds a few distinct sets many times over
    (labels come from a short taxonomy), and adding up a few sets is far cheaper than one update per message.
    The label counts are gathered in a plain dict, in the order the labels first occur, and added to the
    week's Counter at once.
    """
    is_user = list(map(eq, map(attrgetter("who"), part), repeat("user")))
    words = list(map(attrgetter("words"), part))
    labels = list(map(attrgetter("labels"), part))
    n_user, words_user = sum(is_user), sum(compress(words, is_user))
    wk.messages["user"] += n_user
    wk.words["user"] += words_user
    wk.messages["partner"] += len(part) - n_user
    wk.words["partner"] += sum(words) - words_user
    for who, mine in (("user", is_user), ("partner", map(not_, is_user))):
        counts: dict[str, int] = {}
        get = counts.get
        warm = cold = 0
        for label_set, n in Counter(compress(labels, mine)).items():
            if label_set:
                for label in label_set:
                    counts[label] = get(label, 0) + n
                if label_set & WARM:
                    warm += n
                if label_set & COLD:
                    cold += n
        wk.labels[who].update(counts)
        wk.warm[who] += warm
        wk.cold[who] += cold


def initiation_share(weeks: Sequence[Week]) -> dict[Who, float]:
    """Share of conversation starts made by each person over ``weeks`` (0.5 each when nobody started one)."""
    total = {who: sum(w.starts[who] for w in weeks) for who in WHO}
    n = total["user"] + total["partner"]
    if n == 0:
        return {"user": 0.5, "partner": 0.5}
    user = round(total["user"] / n, 4)
    return {"user": user, "partner": round(1 - user, 4)}
