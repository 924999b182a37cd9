"""Conversation starts and reply delays, the metadata that carries most of the signal.

A conversation starts with a message, call or visit after at least ``gap_hours`` of silence; whoever
made it started it (contract: "Analyse"). A reply is a message answering the other person's last
message inside the same conversation; a silence longer than the gap is not a reply time, it is
counted apart as a long silence so that one weekend of quiet cannot swamp a week's median.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from homeward.analysis.tables import Contact, Msg, Who


@dataclass(frozen=True, slots=True)
class Start:
    """A conversation start: when, by whom, and the message or contact that opened it."""

    ts: datetime
    who: Who
    ref: str  # message id, or call/journal id


@dataclass(frozen=True, slots=True)
class Reply:
    """A reply: who replied, to which message, after how many minutes."""

    ts: datetime
    who: Who
    message_id: str
    to_message_id: str
    minutes: float


def conversation_starts(messages: Sequence[Msg], contacts: Sequence[Contact], gap_hours: float) -> list[Start]:
    """Every conversation start, in time order.

    Calls and visits end a silence like messages do; one whose maker is unknown ends the silence
    without counting as anyone's start.
    """
    gap = timedelta(hours=gap_hours)
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
    out = []
    prev: Msg | None = None
    for m in messages:
        if prev is not None and m.who == prev.who:
            hours = (m.ts - prev.ts).total_seconds() / 3600
            if 1 <= hours < max(gap_hours, 1) * 4:
                out.append(m)
        prev = m
    return out
