"""Forgetting (everything, or only the partner) and consistent backups, plain and encrypted."""
from __future__ import annotations

from collections.abc import Callable

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from homeward.store import db as store
from homeward.store import forget as forgetting

CliRun = Callable[..., tuple[int, str, str]]  # the `homeward` fixture (tests/conftest.py)

PASSPHRASE = "a passphrase for the backup tests"
USER_TEXT = "the blue heron came back to the pond"
PARTNER_TEXT = "meet me at the Kestrel lighthouse"


def write_chat(path: Path, n: int = 40, start: datetime = datetime(2024, 3, 14, 8, 0)) -> Path:
    """A two-person WhatsApp (Android) export: the user writes USER_TEXT, the partner PARTNER_TEXT and calls once."""
    t = start
    lines = []
    for i in range(n):
        t += timedelta(minutes=7)
        who, text = ("Jordan", PARTNER_TEXT) if i % 2 else ("Alex", USER_TEXT)
        lines.append(f"{t:%d/%m/%Y, %H:%M} - {who}: {text} number {i}")
    lines.append(f"{t + timedelta(minutes=5):%d/%m/%Y, %H:%M} - Jordan: Missed voice call")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path




def all_bytes(db: Path) -> bytes:
    return b"".join(p.read_bytes() for p in db.parent.iterdir() if p.name.startswith(db.name))


def count(db: Path, sql: str, passphrase: str = "") -> int:
    conn = store.connect(db, create=False, passphrase=passphrase)
    try:
        return int(conn.execute(sql).fetchone()[0])
    finally:
        conn.close()


@pytest.fixture(autouse=True)
def _no_passphrase(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(store.PASSPHRASE_ENV, raising=False)
    store.use_passphrase(None)


@pytest.fixture
def imported(tmp_path: Path, homeward: CliRun) -> Path:
    """A plain database holding one imported chat (20 user messages, 20 partner messages, 1 partner call)."""
    db = tmp_path / "data" / "h.db"
    db.parent.mkdir()
    code, _, err = homeward("--db", str(db), "import", str(write_chat(tmp_path / "chat.txt")), "--me", "Alex")
    assert code == 0, err
    return db


def test_forget_deletes_the_database_its_side_files_and_the_files_it_wrote(
        imported: Path, tmp_path: Path, homeward: CliRun) -> None:
    db = imported
    report, export, copy = tmp_path / "r.html", tmp_path / "m.jsonl", tmp_path / "copy.db"
    for args in (["report", "--out", str(report)], ["export", "messages", "--out", str(export)], ["backup", str(copy)]):
        assert homeward("--db", str(db), *args)[0] == 0
    conn = store.connect(db)
    try:
        assert [(o.path, o.kind) for o in sorted(forgetting.recorded_outputs(conn), key=lambda o: o.kind)] == [
            (copy, "backup"), (export, "export-messages"), (report, "report")]
    finally:
        conn.close()
    holder = store.connect(db)  # another window keeps the database open, with its -wal and -shm
    try:
        holder.execute("INSERT INTO journal (ts, kind, text) VALUES ('2024-04-01T00:00:00', 'note', 'in the WAL')")
        code, _, err = homeward("--db", str(db), "forget", "--yes")
    finally:
        holder.close()
    assert code == 0, err
    assert list(db.parent.iterdir()) == []
    assert not report.exists() and not export.exists() and not copy.exists()
    assert err.startswith(f"homeward: this deletes:\n  {db}\n  {db}-wal\n  {db}-shm\nhomeward: deleted 3 files\n")


def test_forget_asks_first_and_a_no_changes_nothing(imported: Path, tmp_path: Path,
                                                     homeward: CliRun) -> None:
    report = tmp_path / "r.html"
    assert homeward("--db", str(imported), "report", "--out", str(report))[0] == 0
    before = imported.read_bytes()
    for answers in ("n\n", ""):  # an explicit no, and no answer at all (stdin closed)
        code, out, err = homeward("--db", str(imported), "forget", answers=answers)
        assert (code, err.splitlines()[-1]) == (1, "homeward: nothing deleted")
        assert "Delete the database? This cannot be undone. [y/N]" in out
        assert imported.read_bytes() == before and report.exists()
    code, out, err = homeward("--db", str(imported), "forget", answers="y\nn\n")  # the database, not the report
    assert code == 0 and not imported.exists() and report.exists()
    assert f"  {report} (report, " in err and "Delete them too? [y/N]" in out


def test_forget_without_the_passphrase_still_deletes_an_encrypted_database(
        tmp_path: Path, homeward: CliRun, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "h.db"
    monkeypatch.setenv(store.PASSPHRASE_ENV, PASSPHRASE)
    assert homeward("--db", str(db), "import", str(write_chat(tmp_path / "c.txt")), "--me", "Alex")[0] == 0
    monkeypatch.delenv(store.PASSPHRASE_ENV)
    code, _, err = homeward("--db", str(db), "forget", "--yes")
    assert code == 0 and not db.exists()
    assert "homeward: note: cannot read which reports were written" in err


def test_forget_partner_removes_their_side_from_every_byte_and_keeps_the_user(
        imported: Path, homeward: CliRun) -> None:
    db = imported
    assert PARTNER_TEXT.encode() in all_bytes(db)
    partner_message = count(db, "SELECT rowid FROM messages WHERE sender = 'partner' LIMIT 1")
    conn = store.connect(db)
    try:  # a correction on a partner message, and a journal entry about the partner, to see which go
        mid = conn.execute("SELECT id FROM messages WHERE rowid = ?", (partner_message,)).fetchone()[0]
        conn.execute("INSERT INTO corrections VALUES (?, 'affection', 1, '2024-03-15T00:00:00')", (mid,))
        conn.execute("INSERT INTO journal (ts, kind, by, text) VALUES ('2024-03-16T10:00:00', 'call', 'partner', 'kids')")
    finally:
        conn.close()
    user_before = count(db, "SELECT count(*) FROM messages WHERE sender = 'user'")
    code, _, err = homeward("--db", str(db), "forget", "--partner", "--yes")
    assert code == 0, err
    assert err.startswith("homeward: removed the partner's 20 messages, 1 calls, ")
    assert count(db, "SELECT count(*) FROM messages WHERE sender = 'partner'") == 0
    assert count(db, "SELECT count(*) FROM calls") == 0
    assert count(db, "SELECT count(*) FROM corrections") == 0
    assert count(db, "SELECT count(*) FROM labels WHERE message_id NOT IN (SELECT id FROM messages)") == 0
    assert count(db, "SELECT count(*) FROM aliases WHERE alias LIKE '%jordan%'") == 0
    assert count(db, "SELECT count(*) FROM people WHERE role = 'partner'") == 0
    assert count(db, "SELECT count(*) FROM messages WHERE sender = 'user'") == user_before == 20
    assert count(db, "SELECT count(*) FROM journal") == 1
    conn = store.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    raw = all_bytes(db)
    assert PARTNER_TEXT.encode() not in raw and b"Kestrel" not in raw  # not even in free pages or the WAL
    assert USER_TEXT.encode() in raw


def test_forget_partner_asks_first(imported: Path, homeward: CliRun) -> None:
    code, out, err = homeward("--db", str(imported), "forget", "--partner", answers="n\n")
    assert (code, err) == (1, "homeward: nothing removed\n")
    assert "Remove the partner's 20 messages and 1 calls" in out
    assert count(imported, "SELECT count(*) FROM messages WHERE sender = 'partner'") == 20


@pytest.mark.parametrize("passphrase", ["", PASSPHRASE], ids=["plain", "encrypted"])
def test_backup_is_consistent_while_others_read_and_write(tmp_path: Path, passphrase: str) -> None:
    db, copy = tmp_path / "h.db", tmp_path / "copy.db"
    conn = store.connect(db, passphrase=passphrase)
    conn.execute("INSERT INTO journal (ts, kind, text) VALUES ('2024-01-01T00:00:00', 'note', ?)", (USER_TEXT,))
    reader = store.connect(db, passphrase=passphrase)  # the dashboard, in the middle of a read
    writer = store.connect(db, passphrase=passphrase)  # and someone half-way through a write
    try:
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM journal").fetchone()
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("INSERT INTO journal (ts, kind, text) VALUES ('2024-01-02T00:00:00', 'note', 'uncommitted')")
        store.backup(db, copy, passphrase=passphrase)
    finally:
        writer.execute("ROLLBACK")
        for c in (reader, writer, conn):
            c.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy.db", "h.db"]  # no -wal, no partial file
    backup = store.connect(copy, create=False, passphrase=passphrase)
    try:
        assert backup.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert backup.execute("SELECT text FROM journal").fetchall() == [(USER_TEXT,)]
    finally:
        backup.close()
    assert (USER_TEXT.encode() in copy.read_bytes()) is not bool(passphrase)
    if passphrase:
        with pytest.raises(store.StoreError, match="wrong passphrase"):
            store.connect(copy, create=False, passphrase="")


def test_backup_never_overwrites_unless_forced(imported: Path, tmp_path: Path,
                                               homeward: CliRun) -> None:
    copy = tmp_path / "copy.db"
    copy.write_text("something precious")
    code, _, err = homeward("--db", str(imported), "backup", str(copy))
    assert (code, err) == (1, f"homeward: {copy}: already exists; choose a new name, or pass --force to replace it\n")
    assert copy.read_text() == "something precious"
    code, out, _ = homeward("--db", str(imported), "backup", str(copy), "--force")
    assert (code, out) == (0, f"{copy.resolve()}\n")
    with sqlite3.connect(copy) as conn:
        assert conn.execute("SELECT count(*) FROM messages").fetchone()[0] == 40
    conn.close()
    code, _, err = homeward("--db", str(imported), "backup", str(imported))
    assert (code, err) == (1, f"homeward: {imported}: that is the database itself; choose another file\n")
