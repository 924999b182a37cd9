"""Idempotent import of records, and the queries analysis and export read.

A message's id is a stable hash of its channel, time, sender name, text and its repeat number
among identical messages in the same export (two "ok"s in the same minute are two messages).
Re-importing the same or a grown export therefore adds only what is new: ``INSERT OR IGNORE``.
"""
from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

from homeward.errors import BadInput
from homeward.ingest.records import Call, Message, Notice, Record
from homeward.store.people import Resolution, resolve_roles

INSERT_MESSAGE = (
    "INSERT OR IGNORE INTO messages (id, ts, name, channel, text, media, deleted, source, import_id) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
INSERT_CALL = (
    "INSERT OR IGNORE INTO calls (id, ts, name, channel, status, duration_s, video, source, import_id) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
BATCH = 5000


@dataclass
class SenderStats:
    """What one import saw of a sender: enough to decide who is the user and who the partner."""

    count: int = 0
    from_me: set[bool] = field(default_factory=set)
    addresses: set[str] = field(default_factory=set)
    threads: set[str] = field(default_factory=set)


@dataclass
class ImportResult:
    """What an import did, for the CLI to report."""

    format: str
    seen: int = 0
    added: int = 0
    calls_seen: int = 0
    calls_added: int = 0
    user: str = ""
    partners: list[str] = field(default_factory=list)
    left_out: int = 0
    notices: list[str] = field(default_factory=list)
    import_id: int = 0


def record_id(channel: str, ts: str, name: str, text: str, repeat: int) -> str:
    """The stable id of a message or call: 16 hex digits of a BLAKE2b hash."""
    key = f"{channel}\x1f{ts}\x1f{name}\x1f{text}\x1f{repeat}".encode("utf-8", "surrogatepass")
    return hashlib.blake2b(key, digest_size=8).hexdigest()


def _rows(records: Iterable[Record], fmt: str, import_id: int, stats: dict[str, SenderStats],
          calls: list[tuple[object, ...]], notices: list[str], result: ImportResult,
          progress: Callable[[int], None] | None) -> Iterator[tuple[object, ...]]:
    """Turn records into message rows, collecting calls, notices and sender statistics on the way."""
    repeats: dict[tuple[str, str, str, str], int] = {}
    last_ts = ""
    for rec in records:
        if isinstance(rec, Notice):
            notices.append(rec.text)
            continue
        ts = rec.ts.isoformat(timespec="seconds") if isinstance(rec.ts, datetime) else str(rec.ts)
        if ts != last_ts:
            repeats.clear()  # identical messages share a timestamp; older keys can't repeat any more
            last_ts = ts
        channel = rec.channel or (fmt if isinstance(rec, Message) else "phone" if fmt == "sms" else fmt)
        name = rec.sender if isinstance(rec, Message) else rec.caller
        st = stats.get(name)
        if st is None:
            st = stats[name] = SenderStats()
        st.count += 1
        if rec.from_me is not None:
            st.from_me.add(rec.from_me)
        if rec.address:
            st.addresses.add(rec.address)
        if rec.thread:
            st.threads.add(rec.thread)
        if isinstance(rec, Call):
            body = f"call:{rec.status}:{rec.duration_s}"
            key = (channel, ts, name, body)
            n = repeats[key] = repeats.get(key, -1) + 1
            calls.append((record_id(channel, ts, name, body, n), ts, name, channel, rec.status, rec.duration_s,
                          int(rec.video), rec.source, import_id))
            result.calls_seen += 1
            continue
        key = (channel, ts, name, rec.text)
        n = repeats[key] = repeats.get(key, -1) + 1
        result.seen += 1
        if progress is not None and result.seen % BATCH == 0:
            progress(result.seen)
        yield (record_id(channel, ts, name, rec.text, n), ts, name, channel, rec.text, int(rec.media),
               int(rec.deleted), rec.source, import_id)


def import_records(conn: sqlite3.Connection, records: Iterable[Record], *, fmt: str, path: str,
                   me: str | None = None, partner: str | None = None,
                   progress: Callable[[int], None] | None = None) -> ImportResult:
    """Store an export's records; the caller runs this inside ``transaction`` so a failure changes nothing.

    Raises:
        WhoIsWho: the user or partner cannot be identified (the message lists the names found).
        BadInput: raised by the importer while reading.
    """
    now = datetime.now().isoformat(timespec="seconds")
    cur = conn.execute("INSERT INTO imports (at, path, format, added, seen) VALUES (?, ?, ?, 0, 0)", (now, path, fmt))
    import_id = int(cur.lastrowid or 0)
    result = ImportResult(format=fmt, import_id=import_id)
    stats: dict[str, SenderStats] = {}
    calls: list[tuple[object, ...]] = []
    conn.executemany("INSERT OR IGNORE INTO channels (name) VALUES (?)", [(fmt,), ("phone",)])
    conn.executemany(INSERT_MESSAGE, _rows(records, fmt, import_id, stats, calls, result.notices, result, progress))
    if calls:
        conn.executemany(INSERT_CALL, calls)
    conn.execute("INSERT OR IGNORE INTO channels (name) SELECT DISTINCT channel FROM messages WHERE import_id = ?",
                 (import_id,))
    if not stats:
        raise BadInput(path, "no messages found in this export")
    resolution = resolve_roles(conn, stats, me=me, partner=partner, source=path)
    _apply_roles(conn, import_id, resolution)
    result.added = conn.execute("SELECT count(*) FROM messages WHERE import_id = ?", (import_id,)).fetchone()[0]
    result.calls_added = conn.execute("SELECT count(*) FROM calls WHERE import_id = ?", (import_id,)).fetchone()[0]
    result.user = resolution.user_name
    result.partners = sorted(resolution.partner_names)
    result.left_out = resolution.left_out
    result.notices.extend(resolution.notices)
    conn.execute("UPDATE imports SET added = ?, seen = ? WHERE id = ?",
                 (result.added + result.calls_added, result.seen + result.calls_seen, import_id))
    return result


def _apply_roles(conn: sqlite3.Connection, import_id: int, res: Resolution) -> None:
    """Give this import's new rows their roles; drop rows of anyone who is neither user nor partner."""
    for table, column in (("messages", "sender"), ("calls", "caller")):
        for name, (role, person_id) in res.roles.items():
            conn.execute(f"UPDATE {table} SET {column} = ?, person_id = ? WHERE import_id = ? AND name = ?",
                         (role, person_id, import_id, name))
        conn.execute(f"DELETE FROM {table} WHERE import_id = ? AND {column} IS NULL", (import_id,))


def iter_messages(conn: sqlite3.Connection) -> Iterator[sqlite3.Row]:
    """Every stored message in time order (ties keep their import order)."""
    conn.row_factory = sqlite3.Row
    try:
        yield from conn.execute(
            "SELECT id, ts, sender, name, channel, text, media, deleted, source FROM messages "
            "WHERE sender IS NOT NULL ORDER BY ts, rowid")
    finally:
        conn.row_factory = None
