"""The tables analysis works on: plain frozen rows, built once from the store by ``analyze``."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Literal

Who = Literal["user", "partner"]
WHO: tuple[Who, Who] = ("user", "partner")


@dataclass(frozen=True, slots=True)
class Msg:
    """One message: who sent it, when, its words and its effective labels."""

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
            object.__setattr__(self, "_words", n)
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
