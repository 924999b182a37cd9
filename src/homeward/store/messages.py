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
from homeward.ingest.records import Call, Message, Record
from homeward.store.db import large_cache
from homeward.store.dedup import drop_cross_duplicates
from homeward.store.people import Resolution, alias_keys, resolve_roles

INSERT_MESSAGE = (  # see insert_message_sql
    "INSERT OR IGNORE INTO messages (id, ts, name, channel, text, media, deleted, source, person_id, sender, "
    "import_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, nullif(?9, 0), {sender}, {import_id})"
)
INSERT_CALL = (
    "INSERT OR IGNORE INTO calls (id, ts, name, channel, status, duration_s, video, source, import_id, caller, "
    "person_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
BATCH = 5000
_CLOCK = tuple(f"T{h:02d}:{m:02d}:" for h in range(24) for m in range(60))  # a timestamp's hour and minute
_SECONDS = tuple(f"{s:02d}" for s in range(60))
_NOBODY = object()  # no sender yet
Guess = tuple[str | None, int | None]  # a sender's role and person id as the rows are written; (None, None): unknown
NO_GUESS: Guess = (None, None)


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
          progress: Callable[[int], None] | None, channels: set[str],
          guess: Callable[[str], Guess] | None = None,
          guessed: dict[str, Guess] | None = None) -> Iterator[tuple[object, ...]]:
    """Turn records into message rows, collecting calls, notices, channels and sender statistics on the way.

    A row is ``insert_message_sql``'s parameters: the id, the timestamp, the sender's name, the channel,
    text, media, deleted, source, and the sender's person id as ``guess`` gives it at the sender's first
    message (0 without it), each sender's guess kept in ``guessed`` for ``import_records`` to check
    against the roles it decides at the end.

    This runs once per message of every import (a fifth of its time), so it keeps to local variables,
    unpacks each record once and does per-message only what changes per message: a timestamp is
    formatted when it differs from the one before, a sender's statistics and role looked up when the
    sender changes, and the repeat count's dictionary built only when a second message shares a
    timestamp. The id is ``record_id``'s formula (a test holds it to that), hashed by a copy of a
    ready BLAKE2b object, which saves the constructor's argument parsing.
    """
    repeats: dict[tuple[str, str, str], int] | None = None  # (channel, sender, text) -> repeat number at ``ts``
    alone = True  # no record yet at this timestamp
    first_channel = first_sender = first_text = ""  # the timestamp's first record, until a second one comes
    last_dt: object = None
    ts = prefix = day_text = ""
    day = month = year = 0
    prefix_channel: object = None
    name: object = _NOBODY
    st = SenderStats()
    run = 0  # messages and calls of ``name`` since it last changed, added to ``st.count`` then
    person = 0
    roles: dict[str, Guess] = {} if guessed is None else guessed
    last_thread: object = _NOBODY
    last_channel: object = None
    seen = 0
    new_hash = hashlib.blake2b(digest_size=8).copy
    for rec in records:
        if isinstance(rec, Message):
            dt, sender, text, source, media, deleted, from_me, address, thread, channel = rec
            channel = channel or fmt
            call = None
        elif isinstance(rec, Call):
            call, dt, sender, from_me, address, thread = rec, rec.ts, rec.caller, rec.from_me, rec.address, rec.thread
            channel = rec.channel or ("phone" if fmt == "sms" else fmt)
            text = f"call:{call.status}:{call.duration_s}"
        else:
            notices.append(rec.text)
            continue
        if dt is not last_dt:  # importers hand the messages of one minute the same datetime
            last_dt = dt
            if dt.__class__ is datetime and dt.tzinfo is None and not dt.microsecond:
                # isoformat's own text, from the day's (made once a day) and two tables: isoformat goes
                # through printf and costs as much as the rest of this loop's work on a message.
                if dt.day != day or dt.month != month or dt.year != year:
                    day, month, year = dt.day, dt.month, dt.year
                    day_text = dt.isoformat()[:10]
                stamp = day_text + _CLOCK[dt.hour * 60 + dt.minute] + _SECONDS[dt.second]
            else:
                stamp = dt.isoformat(timespec="seconds") if isinstance(dt, datetime) else str(dt)
            if stamp != ts:  # identical records share a timestamp; older keys can't repeat any more
                ts, repeats, alone, prefix_channel = stamp, None, True, None
        if sender != name:
            st.count += run
            run = 0
            name = sender
            got = stats.get(sender)
            if got is None:
                got = stats[sender] = SenderStats()
                roles[sender] = guess(sender) if guess is not None else NO_GUESS
            st, last_thread = got, _NOBODY
            person = roles[sender][1] or 0  # 0: no person (the statement's nullif)
        run += 1
        if from_me is not None:
            st.from_me.add(from_me)
        if address:
            st.addresses.add(address)
        if thread is not last_thread:
            last_thread = thread
            if thread:
                st.threads.add(thread)
        if alone:
            alone, tail = False, "\x1f0"  # the repeat number, 0, as the id's text ends
            first_channel, first_sender, first_text = channel, sender, text
        else:
            if repeats is None:
                repeats = {(first_channel, first_sender, first_text): 0}
            key = (channel, sender, text)
            n = repeats[key] = repeats.get(key, -1) + 1
            tail = f"\x1f{n}"
        if channel is not prefix_channel:
            prefix_channel, prefix = channel, f"{channel}\x1f{ts}\x1f"
        data = f"{prefix}{sender}\x1f{text}{tail}"
        try:
            raw = data.encode()
        except UnicodeEncodeError:  # a lone surrogate (some JSON exports hold them): the id keeps it as is
            raw = data.encode("utf-8", "surrogatepass")
        h = new_hash()
        h.update(raw)
        if call is not None:
            calls.append((h.hexdigest(), ts, sender, channel, call.status, call.duration_s, int(call.video),
                          call.source, import_id))
            result.calls_seen += 1
            continue
        if channel is not last_channel:
            last_channel = channel
            channels.add(channel)
        seen += 1
        if progress is not None and seen % BATCH == 0:
            result.seen = seen
            progress(seen)
        yield (h.hexdigest(), ts, sender, channel, text, 1 if media else 0, 1 if deleted else 0, source, person)
    st.count += run
    result.seen = seen


def import_records(conn: sqlite3.Connection, records: Iterable[Record], *, fmt: str, path: str,
                   me: str | None = None, partner: str | None = None,
                   progress: Callable[[int], None] | None = None) -> ImportResult:
    """Store an export's records; the caller runs this inside ``transaction`` so a failure changes nothing.

    The rows stream into SQLite as the importer yields them. Who is the user and who the partner is
    only decided once every sender has been seen (``resolve_roles``); when the user is named (``--me``),
    each row is written with the role and person that decision will most likely give its sender
    (``_role_guess``), and the guesses are checked against it afterwards. Only when one differs (or
    nothing was guessed) does one ``UPDATE`` over this import's rows set the roles; one ``DELETE`` drops
    the rows of anyone who is neither user nor partner. Calls, held until then, are written with their
    roles. This import's rows are found by rowid: a new row's rowid is above every rowid present when
    the import began, and no other writer runs inside the transaction, so ``rowid > before`` reads just
    them, by a range of the table's own B-tree instead of a scan of every import.

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
    guess = _role_guess(conn, me, partner)
    guessed: dict[str, Guess] = {}
    with large_cache(conn):
        conn.executemany(insert_message_sql(import_id, guess.ids if guess is not None else {}),
                         _rows(records, fmt, import_id, stats, calls, result.notices, result, progress, channels,
                               guess, guessed))
        conn.executemany("INSERT OR IGNORE INTO channels (name) VALUES (?)", [(c,) for c in sorted(channels)])
        if not stats:
            raise BadInput(path, "no messages found in this export")
        resolution = resolve_roles(conn, stats, me=me, partner=partner, source=path)
        if calls:
            roles = resolution.roles
            conn.executemany(INSERT_CALL, [(*row, *roles.get(str(row[2]), NO_GUESS)) for row in calls])
        written = guess is not None and all(guessed[n] == resolution.roles.get(n, NO_GUESS) for n in stats)
        _apply_roles(conn, import_id, resolution, before, drop=any(n not in resolution.roles for n in stats),
                     written=written)
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


@dataclass
class RoleGuess:
    """A sender's role and person id as ``resolve_roles`` will most likely decide them, given ``--me``.

    With ``--me`` the usual answer is plain: the sender ``me`` names is the user, everyone else the
    partner (``--partner``: the sender it names; anyone else, nothing). ``ids`` are the person ids of
    the database's user and partner, or, where none exists yet, the ids ``resolve_roles`` will give
    them: it creates the user, then the partner, each the next rowid of ``people``. Anything the rule
    does not see (a sender split off earlier, addresses met later) makes a guess differ from the
    decision, and ``import_records`` then sets the roles by ``UPDATE`` as it does without ``me``.
    """

    ids: dict[str, int]  # role -> person id
    me_keys: set[str]
    partner_keys: set[str] | None

    def __call__(self, name: str) -> Guess:
        keys = alias_keys(name)
        role = "user" if keys & self.me_keys else (
            "partner" if self.partner_keys is None or keys & self.partner_keys else None)
        pid = self.ids.get(role) if role is not None else None
        return (role, pid) if pid is not None else NO_GUESS


def _role_guess(conn: sqlite3.Connection, me: str | None, partner: str | None) -> RoleGuess | None:
    """The guess for this import (see ``RoleGuess``); None without ``me``.

    With foreign keys checked row by row (outside ``bulk_write``), a person who does not exist yet is
    not guessed: a row may not point to it before ``resolve_roles`` creates it.
    """
    if me is None:
        return None
    checked = bool(conn.execute("PRAGMA foreign_keys").fetchone()[0])
    top = int(conn.execute("SELECT coalesce(max(id), 0) FROM people").fetchone()[0])
    ids: dict[str, int] = {}
    for role in ("user", "partner"):
        row = conn.execute("SELECT id FROM people WHERE role = ? ORDER BY id LIMIT 1", (role,)).fetchone()
        if row is not None:
            ids[role] = int(row[0])
        elif not checked:
            top = ids[role] = top + 1
    return RoleGuess(ids, alias_keys(me), alias_keys(partner) if partner is not None else None)


def insert_message_sql(import_id: int, ids: dict[str, int]) -> str:
    """``INSERT_MESSAGE`` for one import: its id written in, and the sender's role read from the person id.

    SQLite copies every bound text, and binding costs about as much per value as the insert's own work
    on it (a None more: Python's sqlite3 looks for an adapter for it); so what is the same for every
    row (the import) or follows from another value (the role, from the person id ``ids`` maps it to)
    is part of the statement, as numbers and fixed words, and a row without a person binds 0 (no rowid).
    """
    whens = " ".join(f"WHEN {int(pid)} THEN '{role}'" for role, pid in ids.items() if role in ("user", "partner"))
    return INSERT_MESSAGE.format(sender=f"CASE ?9 {whens} END" if whens else "NULL", import_id=int(import_id))


def _last_rowids(conn: sqlite3.Connection) -> dict[str, int]:
    """The largest rowid of ``messages`` and of ``calls`` (0 when empty): every row added later lies above it."""
    row = conn.execute("SELECT (SELECT coalesce(max(rowid), 0) FROM messages), "
                       "(SELECT coalesce(max(rowid), 0) FROM calls)").fetchone()
    return {"messages": int(row[0]), "calls": int(row[1])}


def _apply_roles(conn: sqlite3.Connection, import_id: int, res: Resolution, before: dict[str, int], *,
                 drop: bool = True, written: bool = False) -> None:
    """Give this import's new messages their roles (``written``: they were written with them); drop the
    messages and calls of anyone who is neither user nor partner.

    One pass over the import's messages: ``CASE name WHEN ...`` maps each sender name to its role and
    person, and leaves everyone else NULL, whose rows the ``DELETE`` then removes (``drop`` False:
    every sender has a role, nothing to remove). Calls are always written with their roles
    (``import_records`` holds them until the roles are decided), so they need only the ``DELETE``.
    """
    names = list(res.roles)
    if names and not written:
        roles = " ".join("WHEN ? THEN ?" for _ in names)
        role_args = [x for n in names for x in (n, res.roles[n][0])]
        person_args = [x for n in names for x in (n, res.roles[n][1])]
        conn.execute(f"UPDATE messages SET sender = CASE name {roles} END, person_id = CASE name {roles} END "
                     "WHERE rowid > ? AND import_id = ?", [*role_args, *person_args, before["messages"], import_id])
    if drop:
        for table, column in (("messages", "sender"), ("calls", "caller")):
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
