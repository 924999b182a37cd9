"""The tables analysis works on: plain rows, built once from the store by ``analyze``."""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import islice
from typing import Literal

import numpy as np

from homeward.analysis.bulk import memo

Who = Literal["user", "partner"]
WHO: tuple[Who, Who] = ("user", "partner")


@dataclass(slots=True, unsafe_hash=True)
class Msg:
    """One message: who sent it, when, its words and its effective labels. Read-only by convention.

    Not ``frozen``: a frozen dataclass sets each field through ``object.__setattr__``, three times the cost
    of building a million of them (benchmarks/README.md, analyze-report). Nothing in analysis assigns to one.
    """

    id: str
    ts: datetime
    who: Who
    text: str
    labels: frozenset[str]
    media: bool = False
    deleted: bool = False
    _words: int = field(default=-1, init=False, repr=False, compare=False)  # filled on first use of ``words``

    @property
    def words(self) -> int:
        """Word count, computed once: weeks, responses and style all ask for it, a million times each."""
        n = self._words
        if n < 0:  # not yet counted (a sentinel, not AttributeError: raising costs a microsecond a message)
            n = len(self.text.split())
            self._words = n
        return n


@dataclass(frozen=True, slots=True)
class Contact:
    """A call (from an export or the journal) or a visit: contact that is not a message."""

    id: str
    ts: datetime
    who: Who | None  # who made it; None when the journal does not say
    kind: Literal["call", "visit"]
    status: str = "answered"
    minutes: float | None = None


@dataclass(frozen=True, slots=True)
class Experiment:
    """A strategy change the user made, from ``start`` to ``end`` (None: still running)."""

    id: int
    name: str
    start: date
    end: date | None


def monday(d: date | datetime) -> date:
    """The Monday of the week holding ``d``."""
    day = d.date() if isinstance(d, datetime) else d
    return day - timedelta(days=day.weekday())


def since(messages: Sequence[Msg], day: date) -> Iterator[Msg]:
    """The messages sent on or after ``day``, in list order.

    A list in time order with naive times (as ``load_tables`` reads it) is entered at the first such message,
    found by bisection over ``stamps``: advice that quotes the latest few messages of a million need not test
    every one. Any other list is filtered message by message, with the same result.
    """
    if messages and messages[0].ts.tzinfo is None:
        times = stamps(messages)
        if bool(np.all(times[1:] >= times[:-1])):
            return islice(messages, int(np.searchsorted(times, np.datetime64(day, "us"))), None)
    return (m for m in messages if m.ts.date() >= day)


def stamps(messages: Sequence[Msg]) -> np.ndarray:
    """Each message's time as numpy ``datetime64[us]``, once per message list: delays and windows over a million
    messages become array arithmetic. ``load_tables`` hands these over from the store's own text (``keep_stamps``);
    for any other list they are made from the datetimes (about a second per million)."""
    return memo(messages, "stamps", lambda: np.array([m.ts for m in messages], dtype="datetime64[us]"))


def keep_stamps(messages: Sequence[Msg], values: np.ndarray) -> None:
    """Record ``stamps(messages)`` when they are already known (the store's ISO text, parsed by numpy in C)."""
    memo(messages, "stamps", lambda: values)
