"""Forgetting: delete the database and the files homeward wrote, or only the partner's side of it.

Deleting rows is not enough to forget them: SQLite leaves old page images in free pages and in
the WAL. ``forget_partner`` therefore zeroes freed space (``secure_delete``), rebuilds the file and
empties the WAL, so the partner's words are gone from every byte of the database files.

The byte-level helpers here (``shred``, ``overwrite``, ``flush``, ``side_files``) also serve
``db.encrypt_file`` and ``db.backup``; so db imports this module, and this module imports db
only inside the functions that need a transaction.
"""
from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TextIO

from homeward.errors import StoreError

OUTPUT_KINDS = ("report", "export-messages", "export-summary", "backup")
SIDE_SUFFIXES = ("-wal", "-shm", "-journal")  # what SQLite keeps beside the database while it works


@dataclass(frozen=True)
class Output:
    """A file homeward wrote outside the database."""

    path: Path
    kind: str
    at: str


@dataclass(frozen=True)
class PartnerForgotten:
    """What ``forget_partner`` removed; ``erased_on_disk`` is False when another connection kept old pages alive."""

    messages: int
    calls: int
    labels: int
    corrections: int
    aliases: int
    people: int
    erased_on_disk: bool


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
        overwrite(fd)
    finally:
        os.close(fd)
    path.unlink()
    return True


def overwrite(fd: int) -> None:
    """Replace every byte of the open file ``fd`` with zeros and flush them to disk."""
    # On copy-on-write or flash storage old blocks may survive this; it still takes the bytes away from
    # everything that reads the file, and off plain disks.
    size, zeros = os.fstat(fd).st_size, bytes(1 << 20)
    os.lseek(fd, 0, os.SEEK_SET)
    for start in range(0, size, len(zeros)):
        os.write(fd, zeros[: min(len(zeros), size - start)])
    os.fsync(fd)


def flush(path: Path) -> None:
    """Flush a file's bytes, or a folder's entries (so a rename in it is durable), to disk."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # some platforms cannot open a folder; there the rename is as durable as it gets
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def create_private(path: Path) -> None:
    """Create ``path`` empty (a valid empty database) and readable by its owner only, unless it exists."""
    # SQLite gives its -wal and -shm files the mode of the database file, so they are private too.
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass


def fresh_private(path: Path) -> Path:
    """``path`` as a new, empty, owner-only file; leftovers of a killed run under that name are shredded first."""
    for stale in (path, *side_files(path)):
        shred(stale)
    create_private(path)
    return path


def open_private(path: Path) -> TextIO:
    """Open ``path`` to write text (replacing what it held), readable and writable by its owner only (0600).

    Reports and exports hold the user's and the partner's words; other accounts on the machine must
    not read them. An existing file keeps its mode under ``O_CREAT``, hence the ``fchmod``.

    Raises:
        StoreError: the file cannot be created or written (missing folder, no permission).
    """
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    except OSError as exc:
        raise StoreError(f"{path}: cannot write the file ({exc.strerror or exc})") from None
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, 0o600)
        return os.fdopen(fd, "w", encoding="utf-8")
    except BaseException:
        os.close(fd)
        raise


def record_output(conn: sqlite3.Connection, path: Path, kind: str) -> None:
    """Remember that homeward wrote ``path`` (absolute), so ``forget`` can offer to delete it."""
    if kind not in OUTPUT_KINDS:
        raise ValueError(f"unknown output kind {kind!r}")
    conn.execute("INSERT OR REPLACE INTO outputs (path, kind, at) VALUES (?, ?, ?)",
                 (str(path.resolve()), kind, datetime.now().isoformat(timespec="seconds")))


def recorded_outputs(conn: sqlite3.Connection) -> list[Output]:
    """Every recorded output that still exists on disk, oldest first."""
    rows = conn.execute("SELECT path, kind, at FROM outputs ORDER BY at, path").fetchall()
    return [Output(Path(p), k, a) for p, k, a in rows if Path(p).is_file()]


def database_files(path: Path) -> list[Path]:
    """The database file and its side files (WAL, shared memory, journal), those that exist."""
    return [p for p in (path, *side_files(path)) if p.exists()]


def forget_database(path: Path) -> list[Path]:
    """Overwrite, then unlink, the database and its side files; returns the files removed.

    Raises:
        StoreError: a file cannot be overwritten or removed (the ones before it are gone).
    """
    # Side files first: stopped half-way, this leaves a database that still opens, never a stray
    # WAL that a new database at the same path could pick up.
    return _shred_all([*side_files(path), path])


def remove_outputs(paths: Iterable[Path]) -> list[Path]:
    """Overwrite, then unlink, each of ``paths`` that is a file; returns the files removed."""
    return _shred_all([p for p in paths if p.is_file()])


def _shred_all(paths: list[Path]) -> list[Path]:
    removed = []
    for p in paths:
        try:
            if shred(p):
                removed.append(p)
        except OSError as exc:
            raise StoreError(f"{p}: cannot delete it ({exc.strerror}); {len(removed)} files were deleted before it") from None
    return removed


def partner_counts(conn: sqlite3.Connection) -> tuple[int, int]:
    """How many messages and calls of the partner are stored."""
    messages = conn.execute("SELECT count(*) FROM messages WHERE sender = 'partner'").fetchone()[0]
    calls = conn.execute("SELECT count(*) FROM calls WHERE caller = 'partner'").fetchone()[0]
    return int(messages), int(calls)


def forget_partner(conn: sqlite3.Connection) -> PartnerForgotten:
    """Delete the partner's messages, calls, labels, corrections, aliases and person, and erase them from the files.

    The user's messages, the journal, experiments and import history stay.
    """
    from homeward.store.db import transaction  # here, not at the top: db imports this module's shred

    conn.execute("PRAGMA secure_delete = ON")  # freed cells and pages are zeroed, not just unlinked
    partner_messages = "SELECT id FROM messages WHERE sender = 'partner'"
    partner_people = "SELECT id FROM people WHERE role = 'partner'"
    with transaction(conn):
        labels = conn.execute(f"DELETE FROM labels WHERE message_id IN ({partner_messages})").rowcount
        corrections = conn.execute(f"DELETE FROM corrections WHERE message_id IN ({partner_messages})").rowcount
        messages = conn.execute("DELETE FROM messages WHERE sender = 'partner'").rowcount
        calls = conn.execute("DELETE FROM calls WHERE caller = 'partner'").rowcount
        aliases = conn.execute(f"DELETE FROM aliases WHERE person_id IN ({partner_people})").rowcount
        # A person row still referenced (foreign keys are on) would make the delete fail; none should be.
        people = conn.execute(
            f"DELETE FROM people WHERE id IN ({partner_people}) "
            "AND id NOT IN (SELECT person_id FROM messages WHERE person_id IS NOT NULL) "
            "AND id NOT IN (SELECT person_id FROM calls WHERE person_id IS NOT NULL)").rowcount
    erased = _erase_free_space(conn)
    return PartnerForgotten(messages, calls, labels, corrections, aliases, people, erased)


def _erase_free_space(conn: sqlite3.Connection) -> bool:
    """Push the zeroed pages into the main file, rebuild it, and empty the WAL; False if a reader blocked that."""
    from homeward.store.db import db_errors

    try:
        # Checkpoint before VACUUM too: VACUUM may shorten the file, and a checkpoint never writes the
        # pages past the new end, so their zeroed copies would otherwise never reach the main file.
        first = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        conn.execute("VACUUM")
        second = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    except db_errors():
        return False
    return bool(first[0] == 0 and second[0] == 0)
