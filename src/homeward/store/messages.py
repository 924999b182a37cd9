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
from homeward.store.db import large_cache
from homeward.store.dedup import drop_cross_duplicates
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
_NOBODY = object()  # no sender yet


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
          progress: Callable[[int], None] | None, channels: set[str]) -> Iterator[tuple[object, ...]]:
    """Turn records into message rows, collecting calls, notices, channels and sender statistics on the way.

    This runs once per message of every import, so it keeps to local variables, unpacks each record
    once, formats a timestamp only when it differs from the one before, and hashes the id inline
    (``record_id``'s formula, which a test holds it to).
    """
    repeats: dict[tuple[str, str, str, str], int] = {}
    last_dt: object = None
    ts = ""
    name: object = _NOBODY
    st = SenderStats()
    seen = 0
    blake2b = hashlib.blake2b
    for rec in records:
        if isinstance(rec, Message):
            dt, sender, text, source, media, deleted, from_me, address, thread, channel = rec
            channel = channel or fmt
            call = None
        elif isinstance(rec, Call):
            call, dt, sender, from_me, address, thread = rec, rec.ts, rec.caller, rec.from_me, rec.address, rec.thread
            channel = rec.channel or ("phone" if fmt == "sms" else fmt)
        else:
            notices.append(rec.text)
            continue
        if dt is not last_dt:  # importers hand the messages of one minute the same datetime
            last_dt = dt
            stamp = dt.isoformat(timespec="seconds") if isinstance(dt, datetime) else str(dt)
            if stamp != ts:  # identical messages share a timestamp; older keys can't repeat any more
                repeats.clear()
                ts = stamp
        if sender != name:
            name = sender
            got = stats.get(sender)
            if got is None:
                got = stats[sender] = SenderStats()
            st = got
        st.count += 1
        if from_me is not None:
            st.from_me.add(from_me)
        if address:
            st.addresses.add(address)
        if thread:
            st.threads.add(thread)
        if call is not None:
            body = f"call:{call.status}:{call.duration_s}"
            key = (channel, ts, sender, body)
            n = repeats[key] = repeats.get(key, -1) + 1
            calls.append((record_id(channel, ts, sender, body, n), ts, sender, channel, call.status, call.duration_s,
                          int(call.video), call.source, import_id))
            result.calls_seen += 1
            continue
        key = (channel, ts, sender, text)
        n = repeats[key] = repeats.get(key, -1) + 1
        channels.add(channel)
        seen += 1
        if progress is not None and seen % BATCH == 0:
            result.seen = seen
            progress(seen)
        mid = blake2b(f"{channel}\x1f{ts}\x1f{sender}\x1f{text}\x1f{n}".encode("utf-8", "surrogatepass"),
                      digest_size=8).hexdigest()
        yield (mid, ts, sender, channel, text, int(media), int(deleted), source, import_id)
    result.seen = seen


def import_records(conn: sqlite3.Connection, records: Iterable[Record], *, fmt: str, path: str,
                   me: str | None = None, partner: str | None = None,
                   progress: Callable[[int], None] | None = None) -> ImportResult:
    """Store an export's records; the caller runs this inside ``transaction`` so a failure changes nothing.

    The rows stream into SQLite as the importer yields them, without their roles: who is the user and
    who the partner is only known once every sender has been seen. One ``UPDATE`` over this import's
    rows then sets the roles, and one ``DELETE`` drops the rows of anyone else. This import's rows
    are found by rowid: a new row's rowid is above every rowid present when the import began, and no
    other writer runs inside the transaction, so ``rowid > before`` reads just them, by a range of the
    table's own B-tree instead of a scan of every import.

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
    channels: set[str] = set()
    conn.executemany("INSERT OR IGNORE INTO channels (name) VALUES (?)", [(fmt,), ("phone",)])
    before = _last_rowids(conn)
    with large_cache(conn):
        conn.executemany(INSERT_MESSAGE, _rows(records, fmt, import_id, stats, calls, result.notices, result,
                                               progress, channels))
        if calls:
            conn.executemany(INSERT_CALL, calls)
        conn.executemany("INSERT OR IGNORE INTO channels (name) VALUES (?)", [(c,) for c in sorted(channels)])
        if not stats:
            raise BadInput(path, "no messages found in this export")
        resolution = resolve_roles(conn, stats, me=me, partner=partner, source=path)
        _apply_roles(conn, import_id, resolution, before, drop=any(n not in resolution.roles for n in stats))
    drop_cross_duplicates(conn, import_id, before)  # the same message from another backup (dedup.py)
    result.added, result.calls_added = conn.execute(
        "SELECT (SELECT count(*) FROM messages WHERE rowid > ? AND import_id = ?), "
        "(SELECT count(*) FROM calls WHERE rowid > ? AND import_id = ?)",
        (before["messages"], import_id, before["calls"], import_id)).fetchone()
    result.user = resolution.user_name
    result.partners = sorted(resolution.partner_names)
    result.left_out = resolution.left_out
    result.notices.extend(resolution.notices)
    conn.execute("UPDATE imports SET added = ?, seen = ? WHERE id = ?",
                 (result.added + result.calls_added, result.seen + result.calls_seen, import_id))
    return result


def _last_rowids(conn: sqlite3.Connection) -> dict[str, int]:
    """The largest rowid of ``messages`` and of ``calls`` (0 when empty): every row added later lies above it."""
    row = conn.execute("SELECT (SELECT coalesce(max(rowid), 0) FROM messages), "
                       "(SELECT coalesce(max(rowid), 0) FROM calls)").fetchone()
    return {"messages": int(row[0]), "calls": int(row[1])}


def _apply_roles(conn: sqlite3.Connection, import_id: int, res: Resolution, before: dict[str, int], *,
                 drop: bool = True) -> None:
    """Give this import's new rows their roles; drop rows of anyone who is neither user nor partner.

    One pass over the import's rows: ``CASE name WHEN ...`` maps each sender name to its role and
    person, and leaves everyone else NULL, whose rows the ``DELETE`` then removes (``drop`` False:
    every sender has a role, nothing to remove).
    """
    names = list(res.roles)
    if names:
        roles = " ".join("WHEN ? THEN ?" for _ in names)
        role_args = [x for n in names for x in (n, res.roles[n][0])]
        person_args = [x for n in names for x in (n, res.roles[n][1])]
    for table, column in (("messages", "sender"), ("calls", "caller")):
        if names:
            conn.execute(f"UPDATE {table} SET {column} = CASE name {roles} END, person_id = CASE name {roles} END "
                         "WHERE rowid > ? AND import_id = ?", [*role_args, *person_args, before[table], import_id])
        if drop:
            conn.execute(f"DELETE FROM {table} WHERE rowid > ? AND import_id = ? AND {column} IS NULL",
                         (before[table], import_id))


def iter_messages(conn: sqlite3.Connection) -> Iterator[sqlite3.Row]:
    """Every stored message in time order (ties keep their import order)."""
    conn.row_factory = sqlite3.Row
    try:
        yield from conn.execute(
            "SELECT id, ts, sender, name, channel, text, media, deleted, source FROM messages "
            "WHERE sender IS NOT NULL ORDER BY ts, rowid")
    finally:
        conn.row_factory = None
