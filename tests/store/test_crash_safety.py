"""An import killed at any moment leaves the database as it was; locked or unwritable databases are one-line errors.

The kills are real: ``homeward import`` runs as its own process on a large export and gets SIGKILL
before and inside its transaction. The test knows it is inside because the import then holds
SQLite's write lock, which a probe connection sees as "database is locked".
"""
from __future__ import annotations

import ctypes
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from homeward.store import db as store

N_BIG = 100_000  # about 8 s to import on one core: long enough to kill it well inside its transaction
CLI = "import sys; from homeward.cli import main; sys.argv[0] = 'homeward'; main()"


def write_chat(path: Path, n: int, start: datetime, tag: str) -> Path:
    """A two-person WhatsApp (Android) export of ``n`` distinct messages, one a minute or so apart."""
    words = ("kids", "school", "sorry", "dinner", "weekend", "call", "miss", "tired", "thanks", "later")
    t = start
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            t += timedelta(minutes=1 + i % 7)
            f.write(f"{t:%d/%m/%Y, %H:%M} - {'Jordan' if i % 3 == 0 else 'Alex'}: "
                    f"{tag}{i} about the {words[i % 10]} and {words[i * 7 % 10]}\n")
    return path


def env_with(passphrase: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != store.PASSPHRASE_ENV}
    return env | ({store.PASSPHRASE_ENV: passphrase} if passphrase else {})


def homeward(*args: str, passphrase: str = "", preexec_fn: Callable[[], None] | None = None,
             ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", CLI, *args], capture_output=True, text=True, timeout=120,
                          env=env_with(passphrase), preexec_fn=preexec_fn)


def state(db: Path, passphrase: str) -> tuple[int, int, int]:
    """(messages, imports, labelled messages), read through homeward's own open, after an integrity check."""
    conn = store.connect(db, create=False, passphrase=passphrase)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return conn.execute("SELECT (SELECT count(*) FROM messages), (SELECT count(*) FROM imports), "
                            "(SELECT count(*) FROM messages WHERE model IS NOT NULL)").fetchone()
    finally:
        conn.close()


def write_lock_held(db: Path, passphrase: str) -> bool:
    """True while another connection (the import's transaction) holds the database's write lock."""
    if passphrase:
        from sqlcipher3 import dbapi2 as cipher
        probe = cipher.connect(str(db), isolation_level=None, timeout=0)
        probe.execute("PRAGMA cipher_log_level = NONE")
        probe.execute("PRAGMA key = '" + passphrase + "'")
        locked_error: tuple[type[Exception], ...] = (cipher.OperationalError,)
    else:
        probe = sqlite3.connect(db, isolation_level=None, timeout=0)
        locked_error = (sqlite3.OperationalError,)
    try:
        probe.execute("BEGIN IMMEDIATE")
        probe.execute("ROLLBACK")
        return False
    except locked_error:
        return True
    finally:
        probe.close()


def kill_import(db: Path, chat: Path, passphrase: str, *, after_start: float | None = None,
                after_lock: float | None = None) -> str:
    """Start an import and SIGKILL it; returns where it was: 'before', 'inside' the transaction, or 'finished'."""
    proc = subprocess.Popen([sys.executable, "-c", CLI, "--db", str(db), "import", str(chat), "--me", "Alex"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env_with(passphrase))
    try:
        if after_start is not None:
            time.sleep(after_start)
        else:
            deadline = time.monotonic() + 60
            while not write_lock_held(db, passphrase):
                assert proc.poll() is None, "the import ended before it took the write lock"
                assert time.monotonic() < deadline, "the import never took the write lock"
                time.sleep(0.01)
            time.sleep(after_lock or 0.0)
        where = "inside" if write_lock_held(db, passphrase) else "before"
        if proc.poll() is not None:
            return "finished"
        proc.send_signal(signal.SIGKILL)
        return where
    finally:
        proc.kill()
        proc.wait()


@pytest.mark.parametrize(("passphrase", "n_big", "kills"), [
    ("", N_BIG, [{"after_start": 0.2}, {"after_start": 0.5}, {"after_start": 1.0},
                 {"after_lock": 0.0}, {"after_lock": 1.0}, {"after_lock": 2.5}]),
    ("crash-proof passphrase", 30_000, [{"after_lock": 0.5}]),
], ids=["plain", "encrypted"])
def test_a_killed_import_leaves_the_database_as_it_was_and_the_next_completes(
        tmp_path: Path, passphrase: str, n_big: int, kills: list[dict[str, float]]) -> None:
    db = tmp_path / "h.db"
    first = write_chat(tmp_path / "first.txt", 50, datetime(2022, 5, 16, 8, 0), "early")
    big = write_chat(tmp_path / "big.txt", n_big, datetime(2023, 1, 2, 8, 0), "m")
    done = homeward("--db", str(db), "import", str(first), "--me", "Alex", passphrase=passphrase)
    assert done.returncode == 0, done.stderr
    before = state(db, passphrase)
    assert before[:2] == (50, 1)
    landed = {"before": 0, "inside": 0, "finished": 0}
    for moment in kills:
        where = kill_import(db, big, passphrase, **moment)
        now = state(db, passphrase)
        if now[:2] == (50 + n_big, 2):
            # the kill came after the COMMIT (the lock seen held, or already released, while the process was
            # still finishing): all of the import landed, which is the other outcome atomicity allows
            where = "finished"
        landed[where] += 1
        if where == "finished":
            assert now[:2] == (50 + n_big, 2)
            break
        assert now == before, f"killed {where} the transaction ({moment}): part of the import is visible"
    assert landed["inside"] >= min(2, len(kills)), f"too few kills landed inside the transaction: {landed}"
    done = homeward("--db", str(db), "import", str(big), "--me", "Alex", passphrase=passphrase)
    assert done.returncode == 0, done.stderr
    assert f"{n_big} new messages" in done.stderr or landed["finished"]
    complete = state(db, passphrase)
    assert complete[0] == 50 + n_big and complete[2] == complete[0]  # every message stored and labelled
    again = homeward("--db", str(db), "import", str(big), "--me", "Alex", passphrase=passphrase)
    assert again.returncode == 0 and " 0 new messages and 0 new calls stored" in again.stderr
    assert state(db, passphrase)[0] == complete[0]


@pytest.fixture
def small_db(tmp_path: Path) -> tuple[Path, Path]:
    """A database holding one small import, and a second export to import into it."""
    db = tmp_path / "data" / "h.db"
    db.parent.mkdir()
    done = homeward("--db", str(db), "import", str(write_chat(tmp_path / "a.txt", 30, datetime(2024, 3, 14), "a")),
                    "--me", "Alex")
    assert done.returncode == 0, done.stderr
    return db, write_chat(tmp_path / "b.txt", 30, datetime(2024, 6, 14), "b")


def test_a_locked_database_is_a_one_line_error_and_stays_unchanged(small_db: tuple[Path, Path]) -> None:
    db, chat = small_db
    holder = sqlite3.connect(db, isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        done = homeward("--db", str(db), "import", str(chat), "--me", "Alex")  # waits out the 5 s busy timeout
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (f"homeward: {db.resolve()}: the database is busy or read-only (database is locked); "
                           "close other homeward windows and retry\n")
    assert state(db, "")[:2] == (30, 1)


def _without_root_override() -> None:
    """Drop the capabilities that let root write anywhere, so folder permissions bind (in the child only)."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP: gone for the programs it runs
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def test_a_read_only_folder_is_a_one_line_error(small_db: tuple[Path, Path]) -> None:
    db, chat = small_db
    drop = _without_root_override if os.geteuid() == 0 else None
    if drop is not None:
        probe = subprocess.run(["true"], preexec_fn=drop, capture_output=True)
        if probe.returncode != 0:
            pytest.skip("running as root without the right to drop capabilities")
    before = db.read_bytes()
    db.parent.chmod(0o555)
    try:
        for target in (db, db.parent / "new.db"):
            done = homeward("--db", str(target), "import", str(chat), "--me", "Alex", preexec_fn=drop)
            assert (done.returncode, done.stdout) == (1, "")
            assert done.stderr == (f"homeward: {target}: the folder {db.parent} is read-only; homeward keeps its "
                                   "database and journal there (choose another --db)\n")
    finally:
        db.parent.chmod(0o755)
    assert db.read_bytes() == before and sorted(p.name for p in db.parent.iterdir()) == ["h.db"]


def test_a_missing_folder_is_a_one_line_error(tmp_path: Path) -> None:
    target = tmp_path / "nowhere" / "h.db"
    done = homeward("--db", str(target), "import", str(write_chat(tmp_path / "a.txt", 5, datetime(2024, 3, 14), "a")),
                    "--me", "Alex")
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == f"homeward: {target}: the folder {target.parent} does not exist\n"
    assert not target.parent.exists()
