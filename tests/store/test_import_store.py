"""Storing an import: stable ids, roles set for this import's rows only, others left out, settings restored.

``import_records`` streams rows into SQLite with the roles it guesses (given ``--me``) or without them,
and sets or corrects them afterwards over the rowid range the import added (test_import_roles.py holds
the two ways to the same rows); these tests pin what must not move while it gets faster: the id
formula (old databases re-import to nothing new), rows of earlier imports, and the database's own
settings once the import is over.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from homeward.ingest import open_export
from homeward.store.db import bulk_write, connect, transaction
from homeward.store.messages import ImportResult, import_records, record_id

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "whatsapp"
UTC = ZoneInfo("UTC")


@pytest.fixture
def conn(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    c = connect(tmp_path / "h.db")
    yield c
    c.close()


def store(conn: sqlite3.Connection, path: Path, **who: str) -> ImportResult:
    with bulk_write(conn), transaction(conn), open_export(path, tz=UTC) as export:
        return import_records(conn, export.records, fmt=export.format, path=str(path), **who)


def chat(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(f"20/01/2025, 21:{10 + i:02d} - {line}\n" for i, line in enumerate(lines)), encoding="utf-8")
    return path


def test_the_id_formula_is_the_one_older_databases_hold() -> None:
    # Values written by the first release: a re-import of an export it stored must add nothing.
    assert record_id("whatsapp", "2025-01-20T21:14:00", "Alex", "see you at 5 😊", 0) == "eec67fb93b8c110b"
    assert record_id("whatsapp", "2025-01-20T21:14:00", "Alex", "see you at 5 😊", 1) == "9d6c43c040e8a026"
    assert record_id("phone", "2025-01-20T21:14:00", "Jordan", "call:missed:None", 0) == "22f94e6901a64d1c"


def test_stored_ids_follow_the_formula_with_repeat_numbers(conn: sqlite3.Connection) -> None:
    result = store(conn, FIXTURES / "identical_messages.txt", me="Alex")
    rows = conn.execute("SELECT id, ts, name, channel, text FROM messages ORDER BY rowid").fetchall()
    assert result.added == len(rows) > 3
    repeats: dict[tuple[str, str, str, str], int] = {}
    for mid, ts, name, channel, text in rows:
        n = repeats[channel, ts, name, text] = repeats.get((channel, ts, name, text), -1) + 1
        assert mid == record_id(channel, ts, name, text, n)
    assert conn.execute("SELECT count(*) FROM messages WHERE text = 'ok' AND ts = '2025-01-20T21:14:00'").fetchone()[0] == 3


def test_reimport_adds_nothing_and_a_grown_export_adds_only_what_is_new(conn: sqlite3.Connection,
                                                                         tmp_path: Path) -> None:
    lines = ["Alex: hi", "Jordan: hi", "Alex: ok", "Alex: ok"]
    first = store(conn, chat(tmp_path / "WhatsApp Chat with Jordan.txt", lines), me="Alex")
    again = store(conn, tmp_path / "WhatsApp Chat with Jordan.txt", me="Alex")
    grown = store(conn, chat(tmp_path / "WhatsApp Chat with Jordan.txt", [*lines, "Jordan: see you"]), me="Alex")
    assert (first.seen, first.added, again.seen, again.added, grown.seen, grown.added) == (4, 4, 4, 0, 5, 1)
    assert conn.execute("SELECT added, seen FROM imports ORDER BY id").fetchall() == [(4, 4), (0, 4), (1, 5)]


def test_roles_reach_only_this_import_and_other_people_are_left_out(conn: sqlite3.Connection, tmp_path: Path) -> None:
    store(conn, chat(tmp_path / "a.txt", ["Alex: first", "Jordan: second"]), me="Alex")
    before = conn.execute("SELECT id, sender, person_id, import_id FROM messages ORDER BY rowid").fetchall()
    result = store(conn, chat(tmp_path / "b.txt", ["Alex: third", "Sam: not theirs", "Jordan: fourth", "Sam: again"]),
                   me="Alex", partner="Jordan")
    assert (result.seen, result.added, result.left_out, result.user, result.partners) == (4, 2, 2, "Alex", ["Jordan"])
    rows = conn.execute("SELECT sender, person_id, name, text, import_id FROM messages ORDER BY rowid").fetchall()
    assert conn.execute("SELECT id, sender, person_id, import_id FROM messages ORDER BY rowid LIMIT 2").fetchall() == before
    people = dict(conn.execute("SELECT role, id FROM people"))
    assert rows[2:] == [("user", people["user"], "Alex", "third", 2), ("partner", people["partner"], "Jordan", "fourth", 2)]
    assert conn.execute("SELECT count(*) FROM messages WHERE sender IS NULL OR name = 'Sam'").fetchone()[0] == 0


def test_calls_get_roles_too(conn: sqlite3.Connection) -> None:
    result = store(conn, FIXTURES / "android_system_lines.txt", me="Alex")
    calls = conn.execute("SELECT caller, person_id, status FROM calls").fetchall()
    assert result.calls_seen == result.calls_added == len(calls) > 0
    assert all(caller in ("user", "partner") and person_id for caller, person_id, _ in calls)


def test_bulk_write_puts_the_settings_back_even_after_a_failure(conn: sqlite3.Connection, tmp_path: Path) -> None:
    settings = "SELECT (SELECT cache_size FROM pragma_cache_size), (SELECT foreign_keys FROM pragma_foreign_keys)"
    assert conn.execute(settings).fetchone() == (-2000, 1)
    with pytest.raises(RuntimeError), bulk_write(conn), transaction(conn):
        assert conn.execute(settings).fetchone()[0] < -100_000
        conn.execute("INSERT INTO channels (name) VALUES ('x')")
        raise RuntimeError("the import fails")
    assert conn.execute(settings).fetchone() == (-2000, 1)
    assert conn.execute("SELECT count(*) FROM channels WHERE name = 'x'").fetchone()[0] == 0
    store(conn, chat(tmp_path / "a.txt", ["Alex: hi", "Jordan: hi"]), me="Alex")
    assert conn.execute(settings).fetchone() == (-2000, 1)
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
