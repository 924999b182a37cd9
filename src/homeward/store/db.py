"""Open the database, create the schema, and run an import as one transaction.

The file is plain SQLite (or SQLCipher when a passphrase is set): every table below opens in
``sqlite3`` or Datasette. Roles are stored as text, ``user`` or ``partner``, so a query needs no
join to read who said what.
"""
from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from homeward.errors import StoreError

SCHEMA_VERSION = 1

SCHEMA = """
CREATE TABLE IF NOT EXISTS people (
    id      INTEGER PRIMARY KEY,
    role    TEXT NOT NULL CHECK (role IN ('user', 'partner', 'other')),
    name    TEXT NOT NULL                 -- the name shown in reports
);
CREATE TABLE IF NOT EXISTS aliases (      -- every name, phone number (E.164) and e-mail seen for a person
    alias     TEXT PRIMARY KEY,           -- 'name:ana m.', 'phone:+447700900123', 'email:ana@example.org'
    person_id INTEGER NOT NULL REFERENCES people(id)
);
CREATE TABLE IF NOT EXISTS channels (
    name TEXT PRIMARY KEY                 -- whatsapp, sms, phone, telegram, signal, imessage, ...
);
CREATE TABLE IF NOT EXISTS imports (
    id       INTEGER PRIMARY KEY,
    at       TEXT NOT NULL,               -- when the import ran (local time)
    path     TEXT NOT NULL,
    format   TEXT NOT NULL,
    added    INTEGER NOT NULL,            -- messages and calls new to the database
    seen     INTEGER NOT NULL             -- messages and calls in the file
);
CREATE TABLE IF NOT EXISTS messages (
    id        TEXT PRIMARY KEY,           -- stable hash of channel, time, sender, text and repeat number
    ts        TEXT NOT NULL,              -- local wall-clock time, YYYY-MM-DDTHH:MM:SS
    sender    TEXT CHECK (sender IN ('user', 'partner')),
    person_id INTEGER REFERENCES people(id),
    name      TEXT NOT NULL,              -- the sender as the export names them
    channel   TEXT NOT NULL REFERENCES channels(name),
    text      TEXT NOT NULL,
    media     INTEGER NOT NULL DEFAULT 0, -- an attachment the export left out (text = its caption)
    deleted   INTEGER NOT NULL DEFAULT 0, -- deleted or unsent: text is ''
    source    TEXT NOT NULL,              -- where in the export: 'chat.txt:412'
    import_id INTEGER NOT NULL REFERENCES imports(id),
    model     TEXT                        -- the classifier version that labelled it (NULL: not yet)
);
CREATE INDEX IF NOT EXISTS messages_ts ON messages(ts);
CREATE TABLE IF NOT EXISTS calls (
    id         TEXT PRIMARY KEY,
    ts         TEXT NOT NULL,
    caller     TEXT CHECK (caller IN ('user', 'partner')),
    person_id  INTEGER REFERENCES people(id),
    name       TEXT NOT NULL,
    channel    TEXT NOT NULL REFERENCES channels(name),
    status     TEXT NOT NULL CHECK (status IN ('answered', 'missed', 'declined')),
    duration_s INTEGER,
    video      INTEGER NOT NULL DEFAULT 0,
    source     TEXT NOT NULL,
    import_id  INTEGER NOT NULL REFERENCES imports(id)
);
CREATE INDEX IF NOT EXISTS calls_ts ON calls(ts);
CREATE TABLE IF NOT EXISTS journal (      -- what no export holds: calls, visits, notes
    id      INTEGER PRIMARY KEY,
    ts      TEXT NOT NULL,
    kind    TEXT NOT NULL CHECK (kind IN ('call', 'visit', 'note')),
    by      TEXT CHECK (by IN ('user', 'partner')),
    minutes INTEGER,
    text    TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS labels (       -- the classifier's positive labels, with calibrated scores
    message_id TEXT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    label      TEXT NOT NULL,
    score      REAL NOT NULL,
    PRIMARY KEY (message_id, label)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS corrections (  -- the user's own reading; overrides the classifier everywhere
    message_id TEXT NOT NULL,
    label      TEXT NOT NULL,
    present    INTEGER NOT NULL,          -- 1: the label applies, 0: it does not
    at         TEXT NOT NULL,
    PRIMARY KEY (message_id, label)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS experiments (  -- strategy changes the user made, e.g. 'no pushing'
    id    INTEGER PRIMARY KEY,
    name  TEXT NOT NULL,
    start TEXT NOT NULL,                  -- YYYY-MM-DD
    end   TEXT                            -- YYYY-MM-DD, NULL while it runs
);
CREATE VIEW IF NOT EXISTS message_labels AS  -- the labels analysis reads: corrections override predictions
    SELECT message_id, label FROM labels
     WHERE NOT EXISTS (SELECT 1 FROM corrections c
                        WHERE c.message_id = labels.message_id AND c.label = labels.label AND c.present = 0)
    UNION
    SELECT message_id, label FROM corrections WHERE present = 1;
"""


def default_path() -> Path:
    """``$HOMEWARD_DB``, else ``homeward.db`` in the user's data directory."""
    env = os.environ.get("HOMEWARD_DB")
    if env:
        return Path(env)
    from platformdirs import user_data_dir

    return Path(user_data_dir("homeward", appauthor=False)) / "homeward.db"


def connect(path: Path, *, create: bool = True) -> sqlite3.Connection:
    """Open (and if needed create) the database at ``path`` with the schema in place.

    Raises:
        StoreError: the folder is missing or read-only, the file is not a homeward database, or it is locked.
    """
    if not create and not path.exists():
        raise StoreError(f"{path}: no database here yet (run 'homeward import' first)")
    if not path.parent.exists():
        raise StoreError(f"{path}: the folder {path.parent} does not exist")
    try:
        conn = sqlite3.connect(path, isolation_level=None, timeout=5.0)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA journal_mode = WAL")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version == 0:
            # One script, one transaction: a half-created schema is never left behind.
            conn.executescript(f"BEGIN IMMEDIATE;{SCHEMA}PRAGMA user_version = {SCHEMA_VERSION};COMMIT;")
        elif version > SCHEMA_VERSION:
            raise StoreError(f"{path}: made by a newer homeward (schema {version}); please upgrade")
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: cannot open the database ({exc})") from None
    return conn


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """Run the block as one transaction: all of it lands, or (on any exception) none of it.

    SQLite's rollback journal / WAL make this hold even if the process is killed mid-way: a
    transaction that never committed is invisible on the next open.
    """
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        raise StoreError(f"the database is busy or read-only ({exc}); close other homeward windows and retry") from None
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")
