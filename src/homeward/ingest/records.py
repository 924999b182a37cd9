"""The normalised shape every importer yields: immutable, typed, stdlib only.

Importers never decide who the user is; they report what the export says. ``from_me`` carries the
export's own knowledge where it has any (SMS ``type``, iMessage ``is_from_me``), and is ``None``
where the export only names people (WhatsApp, Telegram), so that one rule, applied after parsing,
decides the user and the partner for every format alike.

``Message`` and ``Call`` are ``NamedTuple``s rather than frozen dataclasses: an import builds one per
message, and a frozen dataclass's ``__init__`` (one ``object.__setattr__`` per field) cost 1.5 µs of
the 10 µs a message may take at 100,000 messages/s; a named tuple is built in 0.4 µs and is just as
immutable, hashable and comparable. Compare records with records only (a tuple of equal values
compares equal too).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal, NamedTuple

CallStatus = Literal["answered", "missed", "declined"]


class Message(NamedTuple):
    """One message as the export shows it.

    ``ts`` is local wall-clock time, naive (importers of instant-based formats convert with ``tz``).
    ``text`` is the caption or ``""`` for media the export leaves out; a deleted or unsent message has
    ``text == ""`` and ``media is False``. ``source`` points back to the exact place, e.g. ``chat.txt:412``.
    """

    ts: datetime
    sender: str
    text: str
    source: str
    media: bool = False
    deleted: bool = False
    from_me: bool | None = None
    address: str | None = None
    thread: str | None = None
    channel: str | None = None  # None: the importer's FORMAT; set where one format serves two apps


class Call(NamedTuple):
    """A voice or video call found in an export: answered, missed or declined."""

    ts: datetime
    caller: str
    status: CallStatus
    source: str
    duration_s: int | None = None
    video: bool = False
    from_me: bool | None = None
    address: str | None = None
    thread: str | None = None
    channel: str | None = None


@dataclass(frozen=True, slots=True)
class Notice:
    """Something the import should tell the user, e.g. how an ambiguous date order was read."""

    text: str
    source: str


Record = Message | Call
