"""macOS Messages ``chat.db`` (also iOS ``sms.db`` from a backup): iMessage, and the SMS/RCS it relays.

The file is opened read-only *and* immutable (``?mode=ro&immutable=1``): SQLite then takes no locks
and writes nothing, not even ``-wal``/``-shm`` side files, so the user's database stays byte-identical.
The price: rows still sitting in an un-checkpointed ``chat.db-wal`` are not seen. Quitting Messages
(or copying the file while it is closed) checkpoints them into ``chat.db``.

Rows, as Messages writes them:

- ``date``: time since 2001-01-01 UTC; whole seconds until macOS 10.12, nanoseconds since 10.13.
  Values above 1e12 are nanoseconds (1e12 seconds would be the year 33690).
- ``text``; NULL since macOS 13 for many rows, whose body lives in ``attributedBody`` as an
  archived NSAttributedString (see ``typedstream.py``). U+FFFC marks where an attachment sat; it is
  removed and what remains is the caption. ``cache_has_attachments``, a ``message_attachment_join``
  row, an audio message or an app balloon (``balloon_bundle_id``: Apple Pay, handwriting...) make
  the message ``media``.
- ``associated_message_type`` >= 1000 are not messages: 1000 a sticker placed on a bubble,
  2000-2007 a tapback added, 3000-3007 one removed (2006/3006 emoji and 2007/3007 sticker tapbacks
  since iOS 18), higher values polls and votes. Skipped. ``item_type`` != 0 are group events
  (member added or removed, name or photo changed, location sharing, FaceTime): skipped.
- Unsent (macOS 13+): ``date_retracted`` is set (macOS 14+), or ``date_edited`` is set and nothing
  is left of the body. Such a row becomes a deleted message (text ``""``, not media). An edited
  message that still has text is an ordinary message with its current text.
- ``is_from_me``: sender "Me". Otherwise the sender is ``handle.id`` (phone in E.164 or e-mail;
  chat.db holds no contact names), also the ``address`` (e-mails lower-cased). A message of the
  user's carries the other party's address in a one-to-one chat, and None in a group.
- ``thread``: the chat's ``chat_identifier``; for a group chat (``style`` 43, or more than one
  handle in ``chat_handle_join``) it is ``"group:" + chat_identifier``, so the store can leave it out.
- ``channel``: None (= "imessage") for iMessage; "sms" or "rcs" for texts the iPhone relayed.

``source`` is ``"chat.db:message/<ROWID>"``, the row's own id.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from homeward.errors import BadInput
from homeward.ingest.records import Message
from homeward.ingest.typedstream import TypedStreamError, attributed_text

FORMAT = "imessage"

_SQLITE_MAGIC = "SQLite format 3\x00"
# chat.db on a Mac; sms.db in an iPhone backup, where it is stored under this hashed name.
_KNOWN_NAMES = {"chat.db", "sms.db", "3d0d7e5fb2ce288813306e4d4636395e047a3d28"}
_SCHEMA_MARKERS = ("chat_message_join", "is_from_me", "attributedBody")
_APPLE_EPOCH = datetime(2001, 1, 1, tzinfo=timezone.utc)
_NANOSECOND_DATES = 10**12
_GROUP_STYLE = 43  # chat.style: 43 group, 45 one-to-one
_FIRST_ASSOCIATED_NON_MESSAGE = 1000
_ATTACHMENT_MARK = "\ufffc"
_ME = "Me"
_CHANNELS = {"SMS": "sms", "RCS": "rcs"}

# Columns read from message; those an older schema lacks are read as NULL.
_MESSAGE_COLUMNS = ("text", "attributedBody", "date", "is_from_me", "handle_id", "service", "cache_has_attachments",
                    "associated_message_type", "item_type", "date_retracted", "date_edited", "balloon_bundle_id",
                    "is_audio_message")


def sniff(head: str, name: str) -> bool:
    """True for an SQLite file named like Messages' database or whose schema names its tables."""
    if not head.startswith(_SQLITE_MAGIC):
        return False
    # The CREATE TABLE statements live in sqlite_master, which starts on page 1 but spills onto later
    # pages as the schema grows: look for any of Messages' own column and table names.
    return name.lower() in _KNOWN_NAMES or any(marker in head for marker in _SCHEMA_MARKERS)


def _open(path: Path) -> sqlite3.Connection:
    try:
        uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
        connection = sqlite3.connect(uri, uri=True)
    except (sqlite3.Error, OSError, ValueError) as exc:
        raise BadInput(path.name, f"cannot open the database ({exc})") from None
    # Text that is not UTF-8 (a damaged row) becomes U+FFFD instead of stopping the import.
    connection.text_factory = lambda raw: raw.decode("utf-8", errors="replace")
    return connection


def _columns(connection: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in connection.execute(f"PRAGMA table_info({table})")}


def _query(connection: sqlite3.Connection, path: Path) -> str:
    """The SELECT for this database's schema (columns and tables vary across macOS versions)."""
    message = _columns(connection, "message")
    missing = {"text", "date", "is_from_me", "handle_id"} - message
    if missing or "id" not in _columns(connection, "handle"):
        raise BadInput(path.name, "not a Messages database (no message table with text, date, is_from_me and "
                       "handle_id, or no handle table)")
    picked = ", ".join(f"m.{c}" if c in message else f"NULL AS {c}" for c in _MESSAGE_COLUMNS)
    chat = _columns(connection, "chat")
    has_chats = {"chat_identifier", "style"} <= chat and bool(_columns(connection, "chat_message_join"))
    if has_chats:
        members = ("(SELECT COUNT(*) FROM chat_handle_join j WHERE j.chat_id = c.ROWID)"
                   if _columns(connection, "chat_handle_join") else "0")
        chat_fields = f"c.chat_identifier, c.style, {members}"
        chat_join = ("LEFT JOIN chat c ON c.ROWID = "
                     "(SELECT MIN(cmj.chat_id) FROM chat_message_join cmj WHERE cmj.message_id = m.ROWID)")
    else:
        chat_fields, chat_join = "NULL, NULL, 0", ""
    attached = ("EXISTS (SELECT 1 FROM message_attachment_join a WHERE a.message_id = m.ROWID)"
                if _columns(connection, "message_attachment_join") else "0")
    return (f"SELECT m.ROWID, {picked}, h.id, {chat_fields}, {attached} FROM message m "
            f"LEFT JOIN handle h ON h.ROWID = m.handle_id {chat_join} ORDER BY m.ROWID")


def _wall_clock(value: Any, tz: ZoneInfo, where: str) -> datetime:
    try:
        stamp = int(value)
        delta = timedelta(microseconds=stamp // 1000) if abs(stamp) > _NANOSECOND_DATES else timedelta(seconds=stamp)
        return (_APPLE_EPOCH + delta).astimezone(tz).replace(tzinfo=None)
    except (TypeError, ValueError, OverflowError):
        raise BadInput(where, f"cannot read the date {value!r} (expected time since 2001 in seconds or "
                       "nanoseconds)") from None


def _text(value: Any) -> str | None:
    """A TEXT cell as str: SQLite lets any cell hold any type, and a damaged row may hold a blob or number."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)


def _flag(value: Any) -> int:
    """An INTEGER cell as int; anything unreadable counts as 0, the column default."""
    try:
        return int(value or 0)
    except (TypeError, ValueError, OverflowError):
        return 0


def _address(handle: str | None) -> str | None:
    if not handle:
        return None
    return handle.lower() if "@" in handle else handle


def _body(text: str | None, archived: bytes | None, where: str) -> str:
    if text or not archived:
        return text or ""
    try:
        return attributed_text(archived)
    except TypedStreamError as exc:
        raise BadInput(where, f"cannot read the archived message text ({exc})") from None


def _message(row: tuple[Any, ...], name: str, tz: ZoneInfo) -> Message | None:
    (rowid, text, archived, date, is_from_me, handle_id, service, has_attachments, associated, item_type,
     retracted, edited, balloon, audio, handle, chat_identifier, style, members, attached) = row
    if _flag(associated) >= _FIRST_ASSOCIATED_NON_MESSAGE or _flag(item_type) != 0:
        return None  # tapbacks, stickers on bubbles, group events: not messages
    where = f"{name}:message/{rowid}"
    ts = _wall_clock(date, tz, where)
    blob = archived.encode("utf-8", errors="replace") if isinstance(archived, str) else archived
    body = _body(_text(text), blob if isinstance(blob, bytes) else None, where)
    caption = body.replace(_ATTACHMENT_MARK, "").strip() if _ATTACHMENT_MARK in body else body
    media = any(_flag(v) for v in (has_attachments, attached, audio)) or _ATTACHMENT_MARK in body
    media = media or bool(balloon and not caption)
    deleted = bool(_flag(retracted)) or (bool(_flag(edited)) and not caption and not media)
    if deleted:
        caption, media = "", False
    elif not caption and not media:
        return None  # an empty row (delivery receipt, system notice): nothing was said
    handle, chat_identifier = _text(handle), _text(chat_identifier)
    group = _flag(style) == _GROUP_STYLE or _flag(members) > 1
    thread = (f"group:{chat_identifier}" if group else chat_identifier) if chat_identifier else None
    channel = _CHANNELS.get(_text(service) or "")
    if _flag(is_from_me):
        other = None if group else _address(handle if _flag(handle_id) else chat_identifier)
        return Message(ts, _ME, caption, where, media=media, deleted=deleted, from_me=True, address=other,
                       thread=thread, channel=channel)
    address = _address(handle)
    return Message(ts, address or "unknown", caption, where, media=media, deleted=deleted, from_me=False,
                   address=address, thread=thread, channel=channel)


def parse(path: Path, *, tz: ZoneInfo) -> Iterator[Message]:
    """Messages from a Messages ``chat.db``, in row order, without modifying the file.

    Raises:
        BadInput: not an SQLite database, not Messages' schema, or a row with an unreadable date or body.
    """
    connection = _open(path)
    try:
        rows = connection.execute(_query(connection, path))
        for row in rows:
            record = _message(row, path.name, tz)
            if record is not None:
                yield record
    except (sqlite3.Error, UnicodeDecodeError) as exc:
        # A damaged schema can hold names that are not UTF-8; sqlite3 decodes those without text_factory.
        raise BadInput(path.name, f"cannot read the database ({exc})") from None
    finally:
        connection.close()
