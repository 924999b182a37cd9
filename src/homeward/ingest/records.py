"""The normalised shape every importer yields: frozen, typed, stdlib only.

Importers never decide who the user is; they report what the export says. ``from_me`` carries the
export's own knowledge where it has any (SMS ``type``, iMessage ``is_from_me``), and is ``None``
where the export only names people (WhatsApp, Telegram), so that one rule, applied after parsing,
decides the user and the partner for every format alike.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

CallStatus = Literal["answered", "missed", "declined"]


@dataclass(frozen=True, slots=True)
class Message:
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


@dataclass(frozen=True, slots=True)
class Call:
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
