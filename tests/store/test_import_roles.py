"""Roles written with the rows: given ``--me``, ``import_records`` guesses each sender's role and person
as the rows stream in, and sets them by ``UPDATE`` only when a guess turns out wrong.

Whatever the guess, the stored rows must be exactly those of the plain path (rows without roles, one
``UPDATE`` at the end): each case imports the same files twice, once as it runs and once with the guess
switched off, and compares every table.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from homeward.ingest import open_export
from homeward.store import messages
from homeward.store import people as people_store
from homeward.store.db import bulk_write, connect, transaction

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "whatsapp"
UTC = ZoneInfo("UTC")
TABLES = ("SELECT * FROM messages ORDER BY rowid", "SELECT * FROM calls ORDER BY rowid", "SELECT * FROM people ORDER BY id",
          "SELECT * FROM aliases ORDER BY alias", "SELECT id, path, format, added, seen FROM imports ORDER BY id")
Step = Callable[[sqlite3.Connection], object]


def chat(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(f"20/01/2025, 21:{10 + i:02d} - {line}\n" for i, line in enumerate(lines)), encoding="utf-8")
    return path


def importing(path: Path, *, bulk: bool = True, **who: str) -> Step:
    def step(conn: sqlite3.Connection) -> object:
        statements: list[str] = []
        conn.set_trace_callback(statements.append)
        try:
            if bulk:
                with bulk_write(conn), transaction(conn), open_export(path, tz=UTC) as export:
                    messages.import_records(conn, export.records, fmt=export.format, path=str(path), **who)
            else:
                with transaction(conn), open_export(path, tz=UTC) as export:
                    messages.import_records(conn, export.records, fmt=export.format, path=str(path), **who)
        finally:
            conn.set_trace_callback(None)
        return any(s.lstrip().startswith("UPDATE messages") for s in statements)
    return step


def splitting(what: str) -> Step:
    def step(conn: sqlite3.Connection) -> object:
        with transaction(conn):
            people_store.split(conn, what)
        return None
    return step


def run(tmp_path: Path, name: str, steps: list[Step]) -> tuple[list[list[tuple[object, ...]]], list[object]]:
    conn = connect(tmp_path / f"{name}.db")
    try:
        updated = [step(conn) for step in steps]
        return [conn.execute(q).fetchall() for q in TABLES], updated
    finally:
        conn.close()


def both_ways(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, steps: list[Step]) -> list[object]:
    """Run ``steps`` with the guess and without it; the tables must match. Returns which imports ran the UPDATE."""
    guessed, updated = run(tmp_path, "guessed", steps)
    with monkeypatch.context() as m:
        m.setattr(messages, "_role_guess", lambda *_: None)
        plain, plain_updated = run(tmp_path, "plain", steps)
    assert guessed == plain
    assert all(u in (True, None) for u in plain_updated)  # without a guess, every import sets roles by UPDATE
    assert {row[2] for row in guessed[0]} >= {"user", "partner"}  # messages.sender
    return updated


def test_with_me_the_rows_carry_their_roles_and_no_update_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    a = chat(tmp_path / "WhatsApp Chat with Jordan.txt", ["Alex: hi", "Jordan: hi", "Alex: ok", "Alex: ok"])
    b = chat(tmp_path / "b.txt", ["Jordan: later", "Alex: sure", "Jordan: 👍"])
    assert both_ways(tmp_path, monkeypatch, [importing(a, me="Alex"), importing(b, me="Alex")]) == [False, False]


def test_the_partner_created_before_the_user_still_gets_the_right_ids(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    # The first message is the partner's: the user's person is still created first, as resolve_roles does.
    a = chat(tmp_path / "a.txt", ["Jordan: first", "Alex: second"])
    assert both_ways(tmp_path, monkeypatch, [importing(a, me="alex")]) == [False]


def test_a_wrong_guess_falls_back_to_the_update(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = chat(tmp_path / "a.txt", ["Alex: hi", "Jordan: hi", "Sam: hello all"])
    later = chat(tmp_path / "b.txt", ["Alex: again", "Sam: me too", "Jordan: yes"])
    updated = both_ways(tmp_path, monkeypatch, [importing(first, me="Alex"), splitting("Sam"), importing(later, me="Alex")])
    assert updated == [False, None, True]  # Sam, split off, is no partner: the guess said so, the UPDATE fixes it


def test_partner_named_and_a_third_sender_left_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    a = chat(tmp_path / "a.txt", ["Alex: third", "Sam: not theirs", "Jordan: fourth", "Sam: again"])
    assert both_ways(tmp_path, monkeypatch, [importing(a, me="Alex", partner="Jordan")]) == [False]


def test_without_me_and_with_foreign_keys_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    a = chat(tmp_path / "WhatsApp Chat with Jordan.txt", ["Alex: hi", "Jordan: hi"])
    b = chat(tmp_path / "b.txt", ["Alex: more", "Jordan: more"])
    c = chat(tmp_path / "c.txt", ["Alex: again", "Jordan: again"])
    # No --me: nothing guessed. Foreign keys checked per row: only people who exist already are guessed.
    updated = both_ways(tmp_path, monkeypatch, [importing(a), importing(b, me="Alex", bulk=False),
                                                importing(c, me="Alex")])
    assert updated == [True, False, False]


def test_a_person_not_yet_created_is_not_guessed_while_foreign_keys_are_checked(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    a = chat(tmp_path / "a.txt", ["Alex: hi", "Jordan: hi"])
    assert both_ways(tmp_path, monkeypatch, [importing(a, me="Alex", bulk=False)]) == [True]


@pytest.mark.parametrize("name", ["calls_ios.txt", "android_system_lines.txt", "unsaved_contact_names.txt",
                                  "identical_messages.txt", "ios_document_title.txt"])
def test_fixtures_store_the_same_rows_either_way(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    both_ways(tmp_path, monkeypatch, [importing(FIXTURES / name, me="Alex"), importing(FIXTURES / name, me="Alex")])
