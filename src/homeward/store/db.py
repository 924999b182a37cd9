"""Open the database (plain or encrypted), create and migrate the schema, run transactions, copy it safely.

The file is plain SQLite, or SQLCipher when a passphrase is set (``$HOMEWARD_PASSPHRASE``): every
table below opens in ``sqlite3``, Datasette or ``sqlcipher``. Roles are stored as text, ``user`` or
``partner``, so a query needs no join to read who said what.

An encrypted database is opened with the ``sqlcipher3`` module, a separate build of SQLite. Its
connection behaves like ``sqlite3.Connection`` (``sqlite3.Row`` is mapped to its own Row), but its
exceptions are its own classes: code that catches SQLite errors catches ``db_errors()``.
The passphrase is only ever handed to SQLCipher: no message, log line or exception here holds it.
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

SCHEMA_VERSION = 2
PASSPHRASE_ENV = "HOMEWARD_PASSPHRASE"
BUSY_TIMEOUT_S = 5.0
SIDE_SUFFIXES = ("-wal", "-shm", "-journal")  # what SQLite keeps beside the file while it works

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


def use_passphrase(passphrase: str | None) -> None:
    """Make ``passphrase`` the one ``connect`` uses by default in this process; None goes back to $HOMEWARD_PASSPHRASE."""
    _SESSION["passphrase"] = passphrase


def current_passphrase() -> str:
    """The passphrase ``connect`` uses by default: the one given to ``use_passphrase``, else $HOMEWARD_PASSPHRASE, else ''."""
    given = _SESSION["passphrase"]
    return given if given is not None else os.environ.get(PASSPHRASE_ENV, "")


_SESSION: dict[str, str | None] = {"passphrase": None}


def connect(path: Path, *, create: bool = True, passphrase: str | None = None) -> sqlite3.Connection:
    """Open (and if needed create) the database at ``path`` with the current schema in place.

    ``passphrase`` None means ``current_passphrase()``; '' means a plain file. With a passphrase the
    database, its WAL and its other side files hold only ciphertext. A new file is readable by its
    owner only.

    Raises:
        StoreError: the folder is missing or read-only, the file is not a homeward database, the
            passphrase is wrong or missing, the database is plain but a passphrase is set, or it is locked.
    """
    key = current_passphrase() if passphrase is None else passphrase
    _check_passphrase(key)
    if not create and not path.exists():
        raise StoreError(f"{path}: no database here yet (run 'homeward import' first)")
    if not path.parent.is_dir():
        raise StoreError(f"{path}: the folder {path.parent} does not exist")
    if path.exists() and not path.is_file():
        raise StoreError(f"{path}: not a file")
    # SQLite writes its -wal and -shm files beside the database even to read it; say so up front
    # instead of letting "unable to open database file" surface half-way through a command.
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise StoreError(f"{path}: the folder {path.parent} is read-only; homeward keeps its database and "
                         "journal there (choose another --db)")
    if key and _is_plain_sqlite(path):
        raise StoreError(f"{path}: this database is not encrypted; run 'homeward encrypt' to encrypt it "
                         f"with your passphrase, or unset {PASSPHRASE_ENV}")
    if not path.exists():
        _create_private(path)
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
        conn.execute("PRAGMA journal_mode = WAL")
        if version < SCHEMA_VERSION:
            steps = SCHEMA if version == 0 else "".join(MIGRATIONS[v] for v in range(version + 1, SCHEMA_VERSION + 1))
            # One script, one transaction: a half-created or half-migrated schema is never left behind.
            conn.executescript(f"BEGIN IMMEDIATE;{steps}PRAGMA user_version = {SCHEMA_VERSION};COMMIT;")
    except StoreError:
        conn.close()
        raise
    except db_errors() as exc:
        conn.close()
        raise _open_error(path, exc, key) from None
    return conn


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """Run the block as one transaction: all of it lands, or (on any exception) none of it.

    SQLite's rollback journal / WAL make this hold even if the process is killed mid-way: a
    transaction that never committed is invisible on the next open.
    """
    try:
        conn.execute("BEGIN IMMEDIATE")
    except db_errors() as exc:
        raise StoreError(f"the database is busy or read-only ({exc}); close other homeward windows and retry") from None
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")


def is_encrypted(conn: sqlite3.Connection) -> bool:
    """True when ``conn`` was opened with a passphrase (SQLCipher)."""
    # sqlcipher3's Connection is its own class, not a subclass of sqlite3.Connection.
    return not isinstance(conn, sqlite3.Connection)


def db_errors() -> tuple[type[Exception], ...]:
    """The exception classes SQLite raises, for the stdlib module and (once loaded) sqlcipher3."""
    cipher = _SQLCIPHER[0]
    return (sqlite3.Error, cipher.Error) if cipher is not None else (sqlite3.Error,)


def rekey(conn: sqlite3.Connection, new_passphrase: str) -> None:
    """Re-encrypt every page with ``new_passphrase``; afterwards only it opens the database.

    Raises:
        StoreError: the database is not encrypted, the new passphrase is empty, or the database is busy.
    """
    if not is_encrypted(conn):
        raise StoreError("this database is not encrypted; run 'homeward encrypt' to encrypt it")
    _check_passphrase(new_passphrase, required=True)
    try:
        # SQLCipher rewrites every page inside one transaction, so a crash leaves the old key working.
        conn.execute(_key_pragma("rekey", new_passphrase))
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # no frame under the old key stays behind
    except db_errors() as exc:
        raise StoreError(f"cannot change the passphrase ({exc}); close other homeward windows and retry") from None


def encrypt_file(path: Path, passphrase: str) -> None:
    """Replace the plain database at ``path`` by an encrypted copy, atomically; the plain bytes are overwritten, then unlinked.

    Raises:
        StoreError: no database there, it is already encrypted, it is open elsewhere, or the copy fails.
    """
    _check_passphrase(passphrase, required=True)
    if not path.is_file():
        raise StoreError(f"{path}: no database here yet (run 'homeward import' first)")
    if not _is_plain_sqlite(path):
        raise StoreError(f"{path}: already encrypted, or not a homeward database")
    tmp = path.with_name(f".{path.name}.encrypting")
    for stale in (tmp, *side_files(tmp)):  # left by an encrypt that was killed
        shred(stale)
    _create_private(tmp)
    cipher = _sqlcipher()
    plain = cast(sqlite3.Connection, cipher.connect(str(path), isolation_level=None, timeout=BUSY_TIMEOUT_S))
    try:
        version = plain.execute("PRAGMA user_version").fetchone()[0]
        if version == 0:
            raise StoreError(f"{path}: cannot open: not a homeward database")
        # ATTACH's KEY takes a bound parameter: the passphrase never becomes SQL text.
        plain.execute("ATTACH DATABASE ? AS encrypted KEY ?", (str(tmp), passphrase))
        plain.execute("BEGIN IMMEDIATE")  # no write lands in the plain file between the copy and the swap
        plain.execute("SELECT sqlcipher_export('encrypted')")
        plain.execute(f"PRAGMA encrypted.user_version = {int(version)}")  # sqlcipher_export leaves it at 0
        plain.execute("COMMIT")
        plain.execute("DETACH DATABASE encrypted")
        plain.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except StoreError:
        shred(tmp)
        raise
    except db_errors() as exc:
        shred(tmp)
        raise StoreError(f"{path}: cannot encrypt ({exc})") from None
    finally:
        plain.close()
    # The last connection to close removes -wal and -shm; if they remain, another program still has it open.
    if side_files(path):
        shred(tmp)
        raise StoreError(f"{path}: the database is open in another program (the dashboard?); close it and retry")
    check = _open_file(tmp, passphrase)
    try:
        ok = check.execute("PRAGMA quick_check").fetchone()[0]
    finally:
        check.close()
    if ok != "ok":
        shred(tmp)
        raise StoreError(f"{path}: the encrypted copy failed its check ({ok}); the plain database is unchanged")
    _fsync(tmp)
    # Hold the plain file open across the swap: its bytes can then be overwritten after the name points
    # to the encrypted copy, so there is no moment when the path is missing or half-written.
    fd = os.open(path, os.O_RDWR)
    try:
        os.replace(tmp, path)
        _fsync_dir(path.parent)
        _overwrite(fd)
    finally:
        os.close(fd)


def backup(path: Path, dest: Path, *, passphrase: str | None = None, overwrite: bool = False) -> None:
    """Write a consistent copy of the database at ``path`` to ``dest`` (SQLite's backup API), under the same key.

    Other connections may read or write meanwhile: the copy is one committed state. ``dest`` appears
    whole or not at all.

    Raises:
        StoreError: ``dest`` exists (without ``overwrite``), is the database itself, or its folder is missing.
    """
    key = current_passphrase() if passphrase is None else passphrase
    if dest.resolve() == path.resolve():
        raise StoreError(f"{dest}: that is the database itself; choose another file")
    if dest.exists() and not overwrite:
        raise StoreError(f"{dest}: already exists; choose a new name, or pass --force to replace it")
    if not dest.parent.is_dir():
        raise StoreError(f"{dest}: the folder {dest.parent} does not exist")
    source = connect(path, create=False, passphrase=key)
    tmp = dest.with_name(f".{dest.name}.partial")
    try:
        for stale in (tmp, *side_files(tmp)):
            shred(stale)
        _create_private(tmp)
        copy = _open_file(tmp, key)
        try:
            source.backup(copy)  # type: ignore[arg-type]  # same module on both sides, as the backup API needs
            copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, no -wal beside it
        finally:
            copy.close()
        _fsync(tmp)
        os.replace(tmp, dest)
        _fsync_dir(dest.parent)
    except db_errors() as exc:
        shred(tmp)
        raise StoreError(f"{dest}: cannot write the backup ({exc})") from None
    except OSError as exc:
        shred(tmp)
        raise StoreError(f"{dest}: cannot write the backup ({exc.strerror})") from None
    finally:
        source.close()


def side_files(path: Path) -> list[Path]:
    """The files SQLite keeps beside ``path`` (WAL, shared memory, rollback journal) that exist now."""
    return [p for p in (path.with_name(path.name + s) for s in SIDE_SUFFIXES) if p.exists()]


def shred(path: Path) -> bool:
    """Overwrite a file's bytes with zeros, flush them to disk, then unlink it; False when there was no file."""
    try:
        fd = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        return False
    try:
        _overwrite(fd)
    finally:
        os.close(fd)
    path.unlink()
    return True


def _overwrite(fd: int) -> None:
    # On copy-on-write or flash storage the old blocks may survive this; it still removes the bytes
    # from everything that reads the file, and from plain disks.
    size = os.fstat(fd).st_size
    zeros = bytes(1 << 20)
    os.lseek(fd, 0, os.SEEK_SET)
    for start in range(0, size, len(zeros)):
        os.write(fd, zeros[: min(len(zeros), size - start)])
    os.fsync(fd)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    # A rename is durable only once its folder is flushed; some platforms cannot open a folder.
    try:
        _fsync(folder)
    except OSError:
        pass


def _create_private(path: Path) -> None:
    # An empty file is a valid empty database; creating it ourselves sets the mode SQLite then gives
    # to the -wal and -shm files too.
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass
    except OSError as exc:
        raise StoreError(f"{path}: cannot create the database ({exc.strerror})") from None


def _is_plain_sqlite(path: Path) -> bool:
    try:
        with open(path, "rb") as f:
            return f.read(16) == b"SQLite format 3\x00"
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


_SQLCIPHER: list[ModuleType | None] = [None]


def _sqlcipher() -> ModuleType:
    if _SQLCIPHER[0] is None:
        try:
            from sqlcipher3 import dbapi2
        except ImportError:
            raise StoreError("a passphrase is set, but the encryption module is missing: "
                             "pip install sqlcipher3 (or unset HOMEWARD_PASSPHRASE)") from None
        _SQLCIPHER[0] = dbapi2
    return _SQLCIPHER[0]


@lru_cache(maxsize=1)
def _cipher_connection_class() -> type:
    cipher = _sqlcipher()
    row_factory = cipher.Connection.row_factory

    class CipherConnection(cipher.Connection):  # type: ignore[misc,name-defined]
        """sqlcipher3's connection, accepting ``sqlite3.Row`` as its row factory like the stdlib one."""

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
    cipher = _sqlcipher()
    conn = cipher.connect(str(path), isolation_level=None, timeout=BUSY_TIMEOUT_S, factory=_cipher_connection_class())
    # SQLCipher logs failed page decryptions on stderr; a wrong passphrase must stay a one-line error.
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(_key_pragma("key", key))
    conn.execute("PRAGMA temp_store = MEMORY")  # sorts and temp tables never spill to a file
    return cast(sqlite3.Connection, conn)


def _open_error(path: Path, exc: Exception, key: str) -> StoreError:
    code = getattr(exc, "sqlite_errorcode", None)
    if code == sqlite3.SQLITE_NOTADB:
        hint = "" if key else f" (if it is encrypted, set {PASSPHRASE_ENV} or use --ask-passphrase)"
        return StoreError(f"{path}: cannot open: wrong passphrase or not a homeward database{hint}")
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return StoreError(f"{path}: the database is locked by another program; close other homeward windows and retry")
    return StoreError(f"{path}: cannot open the database ({exc})")
