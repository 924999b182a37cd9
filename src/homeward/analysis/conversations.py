"""Conversation starts and reply delays, the metadata that carries most of the signal.

A conversation starts with a message, call or visit after at least ``gap_hours`` of silence; whoever
made it started it (contract: "Analyse"). A reply is a message answering the other person's last
message inside the same conversation; a silence longer than the gap is not a reply time, it is
counted apart as a long silence so that one weekend of quiet cannot swamp a week's median.
"""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import compress, islice, repeat
from operator import attrgetter, ge, le, sub
from typing import TypeVar

from homeward.analysis.tables import Contact, Msg, Who

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Start:
    """A conversation start: when, by whom, and the message or contact that opened it."""

    ts: datetime
    who: Who
    ref: str  # message id, or call/journal id


@dataclass(slots=True, unsafe_hash=True)
class Reply:
    """A reply: who replied, to which message, after how many minutes. Read-only by convention: not ``frozen``,
    whose field-by-field ``object.__setattr__`` triples the cost of the half a million a long history makes."""

    ts: datetime
    who: Who
    message_id: str
    to_message_id: str
    minutes: float


def in_time_order(rows: Sequence[Msg] | Sequence[Contact] | Sequence[Start] | Sequence[Reply]) -> list[datetime] | None:
    """The rows' timestamps when they are naive and in time order, else None.

    Analysis builds its rows sorted (the store is read ``ORDER BY ts``), and a sorted list lets a pass
    over a million rows work on whole stretches (a merge, a bisection per week) instead of row by row;
    callers keep a row-by-row path, with the same answers, for rows in any order or with time zones.
    """
    stamps = list(map(attrgetter("ts"), rows))
    if stamps and stamps[0].tzinfo is not None:
        return None
    try:  # comparing a naive stamp with an aware one raises: with the first one naive, all are
        return stamps if all(map(le, stamps, islice(stamps, 1, None))) else None
    except TypeError:
        return None


def conversation_starts(messages: Sequence[Msg], contacts: Sequence[Contact], gap_hours: float) -> list[Start]:
    """Every conversation start, in time order.

    Calls and visits end a silence like messages do; one whose maker is unknown ends the silence
    without counting as anyone's start.
    """
    gap = timedelta(hours=gap_hours)
    stamps, contact_stamps = in_time_order(messages), in_time_order(contacts)
    if stamps is None or contact_stamps is None:
        return _starts_any_order(messages, contacts, gap)
    # Events in time order, messages before contacts at the same moment (as a stable sort on (time, kind)
    # puts them): each contact goes in after the messages up to its time, so a merge, a stretch at a time.
    whos = list(map(attrgetter("who"), messages))
    refs = list(map(attrgetter("id"), messages))
    if contacts:
        at = [bisect_right(stamps, ts) for ts in contact_stamps]
        stamps, whos, refs = (_merge(a, b, at) for a, b in ((stamps, contact_stamps),
                                                           (whos, [c.who for c in contacts]),
                                                           (refs, [c.id for c in contacts])))
    # sorted, so the latest event before each one is the one just before it
    after_gap = [True, *map(ge, map(sub, islice(stamps, 1, None), stamps), repeat(gap))]
    return [Start(stamps[i], whos[i], refs[i]) for i in compress(range(len(stamps)), after_gap) if whos[i] is not None]


def _merge(rows: list[T], extra: list[T], at: list[int]) -> list[T]:
    """``rows`` with each ``extra[k]`` inserted before ``rows[at[k]]`` (``at`` non-decreasing; ``extra`` in order)."""
    out: list[T] = []
    lo = 0
    for x, hi in zip(extra, at):
        out += rows[lo:hi]
        out.append(x)
        lo = hi
    out += rows[lo:]
    return out


def _starts_any_order(messages: Sequence[Msg], contacts: Sequence[Contact], gap: timedelta) -> list[Start]:
    """``conversation_starts`` for rows in any order: every event sorted by (time, kind), then one walk."""
    events: list[tuple[datetime, int, Who | None, str]] = [(m.ts, 0, m.who, m.id) for m in messages]
    events += [(c.ts, 1, c.who, c.id) for c in contacts]
    events.sort(key=lambda e: (e[0], e[1]))
    starts: list[Start] = []
    last: datetime | None = None
    for ts, _, who, ref in events:
        if (last is None or ts - last >= gap) and who is not None:
            starts.append(Start(ts, who, ref))
        last = ts if last is None or ts > last else last
    return starts


def replies(messages: Sequence[Msg], gap_hours: float) -> tuple[list[Reply], list[Reply]]:
    """Replies inside conversations, and the long silences (answers after more than the gap), apart.

    Returns:
        (replies, long_silences): each a list of Reply in time order.
    """
    gap_min = gap_hours * 60
    inside: list[Reply] = []
    silences: list[Reply] = []
    prev: Msg | None = None
    for m in messages:
        if prev is not None and m.who != prev.who:
            minutes = (m.ts - prev.ts).total_seconds() / 60
            (inside if minutes < gap_min else silences).append(Reply(m.ts, m.who, m.id, prev.id, minutes))
        prev = m
    return inside, silences


def double_texts(messages: Sequence[Msg], gap_hours: float) -> list[Msg]:
    """Messages sent after one's own unanswered message, an hour or more later but inside the gap."""
    limit = max(gap_hours, 1) * 4
    # Most follow-ups come within minutes: a comparison of timedeltas, a little wider than the limits, passes
    # over them without working out the hours; the exact test below decides for the rest.
    low = timedelta(hours=1) - timedelta(seconds=1)
    high = timedelta(hours=limit) + timedelta(seconds=1) if limit < 1e6 else timedelta.max  # (NaN: no bound)
    out = []
    it = iter(messages)
    prev = next(it, None)
    if prev is None:
        return out
    prev_who, prev_ts = prev.who, prev.ts
    for m in it:
        who, ts = m.who, m.ts
        if who == prev_who:
            delta = ts - prev_ts
            if low <= delta < high and 1 <= delta.total_seconds() / 3600 < limit:
                out.append(m)
        prev_who, prev_ts = who, ts
    return out
