"""Open the database (plain or encrypted), create and migrate the schema, run transactions, copy it safely.

The file is plain SQLite, or SQLCipher when a passphrase is set (``$HOMEWARD_PASSPHRASE``): every
table below opens in ``sqlite3``, Datasette or ``sqlcipher``. Roles are stored as text, ``user`` or
``partner``, so a query needs no join to read who said what.

An encrypted database is opened with ``sqlcipher3``, a separate build of SQLite that acts like
``sqlite3`` (``sqlite3.Row`` works) but raises its own classes: catch ``db_errors()``, not ``sqlite3.Error``.
The passphrase only ever goes to SQLCipher: no message, log line or exception here holds it.
"""
from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import Any, cast

from homeward.errors import StoreError
from homeward.store import forget  # its byte-level helpers (shred, flush) serve encrypt and backup too

SCHEMA_VERSION = 2
PASSPHRASE_ENV = "HOMEWARD_PASSPHRASE"
BUSY_TIMEOUT_S = 5.0
PAGE_SIZE = 16384  # bytes a page, for new unencrypted databases (see connect)
IMPORT_CACHE_KIB = 256 * 1024  # page cache while importing: holds the id index of millions of messages

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
CREATE TABLE IF NOT EXISTS outputs (      -- files homeward wrote outside the database, for 'forget' to offer
    path TEXT PRIMARY KEY,                -- absolute path
    kind TEXT NOT NULL,                   -- report, export-messages, export-summary, backup
    at   TEXT NOT NULL                    -- when it was last written (local time)
);
"""

# Each entry brings a database of the version before it up to its version; new files get SCHEMA whole.
MIGRATIONS = {
    2: "CREATE TABLE IF NOT EXISTS outputs (path TEXT PRIMARY KEY, kind TEXT NOT NULL, at TEXT NOT NULL);",
}


def default_path() -> Path:
    """``$HOMEWARD_DB``, else ``homeward.db`` in the user's data directory."""
    env = os.environ.get("HOMEWARD_DB")
    if env:
        return Path(env)
    from platformdirs import user_data_dir

    return Path(user_data_dir("homeward", appauthor=False)) / "homeward.db"


_SESSION: dict[str, str | None] = {"passphrase": None}


def use_passphrase(passphrase: str | None) -> None:
    """Make ``passphrase`` the one ``connect`` uses by default in this process; None goes back to $HOMEWARD_PASSPHRASE."""
    _SESSION["passphrase"] = passphrase


def current_passphrase() -> str:
    """The passphrase ``connect`` uses by default: the one given to ``use_passphrase``, else $HOMEWARD_PASSPHRASE, else ''."""
    given = _SESSION["passphrase"]
    return given if given is not None else os.environ.get(PASSPHRASE_ENV, "")


def connect(path: Path, *, create: bool = True, passphrase: str | None = None) -> sqlite3.Connection:
    """Open (and if needed create, owner-only) the database at ``path`` with the current schema in place.

    ``passphrase`` None means ``current_passphrase()``; '' means plain. With a passphrase the file and
    its side files hold only ciphertext. Raises StoreError for anything a user can fix.
    """
    key = current_passphrase() if passphrase is None else passphrase
    _check_passphrase(key)
    if not create and not path.is_file():
        raise StoreError(f"{path}: no database here yet (run 'homeward import' first)")
    if not path.parent.is_dir():
        raise StoreError(f"{path}: the folder {path.parent} does not exist")
    # SQLite writes its -wal and -shm files beside the database even to read it; say so up front
    # instead of letting "unable to open database file" surface half-way through a command.
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise StoreError(f"{path}: the folder {path.parent} is read-only; homeward keeps its database and "
                         "journal there (choose another --db)")
    if key and _is_plain_sqlite(path):
        raise StoreError(f"{path}: this database is not encrypted; run 'homeward encrypt' to encrypt it "
                         f"with your passphrase, or unset {PASSPHRASE_ENV}")
    try:
        forget.create_private(path)
    except OSError as exc:
        raise StoreError(f"{path}: cannot create the database ({exc.strerror})") from None
    conn = _open_file(path, key)
    try:
        # One statement, one snapshot: a concurrent first run can't slip its schema in between the two reads.
        # It is also the first read of page 1, where a wrong key or a file that is no database shows.
        version, objects = conn.execute(
            "SELECT (SELECT user_version FROM pragma_user_version), (SELECT count(*) FROM sqlite_master)").fetchone()
        if version == 0 and objects:
            raise StoreError(f"{path}: cannot open: not a homeward database (it holds other tables)")
        if version > SCHEMA_VERSION:
            raise StoreError(f"{path}: made by a newer homeward (schema {version}); please upgrade")
        conn.execute("PRAGMA foreign_keys = ON")
        if not objects and not key:
            # A new file: 16 KiB pages (SQLite's default is 4 KiB). The id index takes its inserts in random
            # order; wider pages split less often, and a million-message import is 7-9 % faster (benchmarks/
            # README.md, import-whatsapp). SQLCipher's page size is a setting of every connection, not of the
            # file, so encrypted databases keep the default. Only possible before the first table and WAL.
            conn.execute(f"PRAGMA page_size = {PAGE_SIZE}")
        conn.execute("PRAGMA journal_mode = WAL")
        if version < SCHEMA_VERSION:
            steps = SCHEMA if version == 0 else "".join(MIGRATIONS[v] for v in range(version + 1, SCHEMA_VERSION + 1))
            # One script, one transaction: a half-created or half-migrated schema is never left behind.
            conn.executescript(f"BEGIN IMMEDIATE;{steps}PRAGMA user_version = {SCHEMA_VERSION};COMMIT;")
    except BaseException as exc:
        conn.close()
        if isinstance(exc, db_errors()):
            raise _open_error(path, exc, key) from None
        raise
    return conn


@contextmanager
def large_cache(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """A page cache of ``IMPORT_CACHE_KIB`` for the block, the connection's own size again afterwards.

    Message ids are hashes, so each new id lands at a random place in the id index: with SQLite's
    default 2 MB cache, most inserts past a few hundred thousand messages wait on a page read. A
    256 MB cache (memory is taken only as pages are used) keeps the index in memory. Unlike most
    pragmas, ``cache_size`` takes effect inside a transaction too.
    """
    cache = conn.execute("PRAGMA cache_size").fetchone()[0]
    conn.execute(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
    try:
        yield conn
    finally:
        conn.execute(f"PRAGMA cache_size = {int(cache)}")


@contextmanager
def bulk_write(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """Settings for one large write (an import), put back afterwards; wrap it around ``transaction``.

    A large page cache (``large_cache``), and foreign keys not checked row by row: an import creates
    the import, channel and person each of its rows points to itself, and the checks cost a tenth of
    the insert time. SQLite ignores the ``foreign_keys`` pragma inside a transaction, hence this wraps
    ``transaction`` rather than sits in it.
    """
    keys = conn.execute("PRAGMA foreign_keys").fetchone()[0]
    conn.execute("PRAGMA foreign_keys = OFF")
    try:
        with large_cache(conn):
            yield conn
    finally:
        conn.execute(f"PRAGMA foreign_keys = {int(keys)}")


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """Run the block as one transaction: all of it lands, or (on any exception) none of it.

    SQLite's rollback journal / WAL make this hold even if the process is killed mid-way: a
    transaction that never committed is invisible on the next open.
    """
    try:
        conn.execute("BEGIN IMMEDIATE")
    except db_errors() as exc:
        raise StoreError(f"{_file_of(conn)}the database is busy or read-only ({exc}); close other homeward windows "
                         "and retry") from None
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")


def _file_of(conn: sqlite3.Connection) -> str:
    """``"<database file>: "`` for an error message, or '' for an in-memory database."""
    try:
        found = [row[2] for row in conn.execute("PRAGMA database_list") if row[1] == "main" and row[2]]
    except db_errors():
        return ""
    return f"{found[0]}: " if found else ""


def is_encrypted(conn: sqlite3.Connection) -> bool:
    """True when ``conn`` was opened with a passphrase (SQLCipher)."""
    return not isinstance(conn, sqlite3.Connection)  # sqlcipher3's class does not derive from the stdlib's


def db_errors() -> tuple[type[Exception], ...]:
    """The exception classes SQLite raises, for the stdlib module and (once loaded) sqlcipher3."""
    cipher = _SQLCIPHER[0]
    return (sqlite3.Error, cipher.Error) if cipher is not None else (sqlite3.Error,)


def rekey(conn: sqlite3.Connection, new_passphrase: str) -> None:
    """Re-encrypt every page with ``new_passphrase`` in one transaction; afterwards only it opens the database."""
    if not is_encrypted(conn):
        raise StoreError("this database is not encrypted; run 'homeward encrypt' to encrypt it")
    _check_passphrase(new_passphrase, required=True)
    try:
        conn.execute(_key_pragma("rekey", new_passphrase))
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # no frame under the old key stays behind
    except db_errors() as exc:
        raise StoreError(f"cannot change the passphrase ({exc}); close other homeward windows and retry") from None


def encrypt_file(path: Path, passphrase: str) -> None:
    """Replace the plain database at ``path`` by an encrypted copy atomically, then overwrite and drop the plain bytes."""
    _check_passphrase(passphrase, required=True)
    if not _is_plain_sqlite(path):
        raise StoreError(f"{path}: no plain homeward database here (already encrypted, or not imported yet?)")
    tmp = forget.fresh_private(path.with_name(f".{path.name}.encrypting"))
    try:
        plain = cast(sqlite3.Connection, _sqlcipher().connect(str(path), isolation_level=None, timeout=BUSY_TIMEOUT_S))
        try:
            version = plain.execute("PRAGMA user_version").fetchone()[0]
            if version == 0:
                raise StoreError(f"{path}: cannot open: not a homeward database")
            # ATTACH's KEY takes a bound parameter: the passphrase never becomes SQL text.
            plain.execute("ATTACH DATABASE ? AS encrypted KEY ?", (str(tmp), passphrase))
            plain.execute("BEGIN IMMEDIATE")  # no other write lands in the plain file during the copy
            plain.execute("SELECT sqlcipher_export('encrypted')")
            plain.execute(f"PRAGMA encrypted.user_version = {int(version)}")  # sqlcipher_export leaves it at 0
            plain.execute("COMMIT")
            plain.execute("DETACH DATABASE encrypted")
            plain.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            plain.close()
        # The last connection to close removes -wal and -shm; if they remain, another program has it open.
        if forget.side_files(path):
            raise StoreError(f"{path}: the database is open in another program (the dashboard?); close it and retry")
        _check_copy(tmp, passphrase)
        # Hold the plain file open across the swap: its bytes are overwritten after the name points to the
        # encrypted copy, so the path is never missing or half-written.
        fd = os.open(path, os.O_RDWR)
        try:
            os.replace(tmp, path)
            forget.flush(path.parent)
            forget.overwrite(fd)
        finally:
            os.close(fd)
    except BaseException as exc:
        forget.shred(tmp)  # nothing there once the swap happened
        if isinstance(exc, db_errors()):
            raise StoreError(f"{path}: cannot encrypt ({exc}); the plain database is unchanged") from None
        raise


def backup(path: Path, dest: Path, *, passphrase: str | None = None, overwrite: bool = False) -> None:
    """Copy the database to ``dest`` with SQLite's backup API: one committed state, whole or not at all, same key."""
    key = current_passphrase() if passphrase is None else passphrase
    if dest.resolve() == path.resolve():
        raise StoreError(f"{dest}: that is the database itself; choose another file")
    if dest.exists() and not overwrite:
        raise StoreError(f"{dest}: already exists; choose a new name, or pass --force to replace it")
    if not dest.parent.is_dir():
        raise StoreError(f"{dest}: the folder {dest.parent} does not exist")
    source = connect(path, create=False, passphrase=key)
    try:
        tmp = forget.fresh_private(dest.with_name(f".{dest.name}.partial"))
        try:
            copy = _open_file(tmp, key)
            try:
                source.backup(copy)  # both ends from the same module, as the backup API needs
                copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, no -wal beside it
            finally:
                copy.close()
            _check_copy(tmp, key)
            os.replace(tmp, dest)
            forget.flush(dest.parent)
        except BaseException as exc:
            forget.shred(tmp)
            if isinstance(exc, (*db_errors(), OSError)):
                raise StoreError(f"{dest}: cannot write the backup ({exc})") from None
            raise
    finally:
        source.close()


def _check_copy(path: Path, key: str) -> None:
    """Flush a fresh copy to disk after SQLite's own check of it; it must be sound before it replaces anything."""
    conn = _open_file(path, key)
    try:
        result = conn.execute("PRAGMA quick_check").fetchone()[0]
    finally:
        conn.close()
    if result != "ok":
        raise StoreError(f"{path}: the copy failed its check ({result}); nothing was replaced")
    forget.flush(path)


def _is_plain_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            return f.read(16) == b"SQLite format 3\x00"  # SQLCipher's first 16 bytes are a random salt
    except OSError:
        return False


def _check_passphrase(passphrase: str, *, required: bool = False) -> None:
    if required and not passphrase:
        raise StoreError("the passphrase is empty; choose one you can remember (it cannot be recovered)")
    if "\x00" in passphrase:
        raise StoreError("the passphrase holds a NUL character; choose another")


def _key_pragma(pragma: str, passphrase: str) -> str:
    # PRAGMA takes no bound parameters: quote as an SQL string literal ('' inside), which SQLCipher
    # reads as a passphrase and derives the key from with PBKDF2.
    return f"PRAGMA {pragma} = '" + passphrase.replace("'", "''") + "'"


_SQLCIPHER: list[ModuleType | None] = [None]  # loaded on first use: plain databases never pay for it


def _sqlcipher() -> ModuleType:
    if _SQLCIPHER[0] is None:
        try:
            from sqlcipher3 import dbapi2  # type: ignore[import-untyped]
        except ImportError:
            raise StoreError("a passphrase is set, but the encryption module is missing: "
                             "pip install sqlcipher3 (or unset HOMEWARD_PASSPHRASE)") from None
        _SQLCIPHER[0] = dbapi2
    return cast(ModuleType, _SQLCIPHER[0])


@lru_cache(maxsize=1)
def _cipher_connection_class() -> type:
    cipher = _sqlcipher()
    row_factory = cipher.Connection.row_factory

    class CipherConnection(cipher.Connection):  # type: ignore[misc,name-defined]
        """sqlcipher3's connection, taking ``sqlite3.Row`` as its row factory like the stdlib's."""

        @property
        def row_factory(self) -> Any:
            return row_factory.__get__(self)

        @row_factory.setter
        def row_factory(self, value: Any) -> None:
            row_factory.__set__(self, cipher.Row if value is sqlite3.Row else value)

    return CipherConnection


def _open_file(path: Path, key: str) -> sqlite3.Connection:
    """A connection to ``path``: the stdlib's when ``key`` is '', else SQLCipher's with the key applied."""
    if not key:
        return sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_S)
    conn = _sqlcipher().connect(str(path), isolation_level=None, timeout=BUSY_TIMEOUT_S,
                                factory=_cipher_connection_class())
    # SQLCipher logs failed page decryptions on stderr; a wrong passphrase must stay a one-line error.
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(_key_pragma("key", key))
    conn.execute("PRAGMA temp_store = MEMORY")  # sorts and temp tables never spill to a file
    return cast(sqlite3.Connection, conn)


def _open_error(path: Path, exc: BaseException, key: str) -> StoreError:
    code = getattr(exc, "sqlite_errorcode", None)
    if code == sqlite3.SQLITE_NOTADB:
        hint = "" if key else f" (if it is encrypted, set {PASSPHRASE_ENV} or use --ask-passphrase)"
        return StoreError(f"{path}: cannot open: wrong passphrase or not a homeward database{hint}")
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return StoreError(f"{path}: the database is locked by another program; close other homeward windows and retry")
    return StoreError(f"{path}: cannot open the database ({exc})")
