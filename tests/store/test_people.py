"""Who is who: E.164 aliases and the region, old databases' last-9-digit aliases, `homeward people` merge/split."""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from homeward.errors import HomewardError
from homeward.store import people
from homeward.store.db import connect

CliRun = Callable[..., tuple[int, str, str]]  # the `homeward` fixture (tests/conftest.py)
SMS = Path(__file__).parents[1] / "fixtures" / "sms"


@pytest.fixture(autouse=True)
def no_region() -> Iterator[None]:
    people.use_region(None)
    yield
    people.use_region(None)


def test_international_numbers_become_e164_whatever_their_punctuation() -> None:
    for written in ("+44 7700 900123", "+44 (0)7700-900123", "+447700900123"):
        assert people.e164(written) == "+447700900123", written
    assert people.alias_keys("Jordan", {"+44 7700 900123"}) == {"name:jordan", "phone:+447700900123", "phone:700900123"}


def test_national_numbers_need_a_region() -> None:
    assert people.e164("07700 900123") is None
    assert people.alias_keys("07700 900123") == {"name:07700 900123", "phone:700900123"}  # the old key only
    people.use_region("gb")
    assert people.current_region() == "GB"
    assert people.e164("07700 900123") == "+447700900123"
    assert people.e164("(202) 555-0143") == "+442025550143"  # read as a UK number: the region decides
    people.use_region("US")
    assert people.e164("(202) 555-0143") == "+12025550143"
    assert people.e164("ACME-BANK") is None and people.e164("12345") is None


def test_an_unknown_region_is_a_one_line_error() -> None:
    with pytest.raises(HomewardError, match=r'--region "XX": not a country code'):
        people.use_region("xx")


def test_region_is_guessed_from_the_zone_then_the_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    assert people.guess_region("Europe/London") == "GB"
    assert people.guess_region("America/Sao_Paulo") == "BR"
    assert people.guess_region("UTC") is None
    monkeypatch.setenv("LANG", "de_AT.UTF-8")
    assert people.guess_region("UTC") == "AT"
    assert people.guess_region(None) == "AT"
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert people.guess_region("Etc/UTC") is None


def _old_database(path: Path) -> sqlite3.Connection:
    """A database as homeward wrote it before E.164: the partner's number stored as its last 9 digits."""
    conn = connect(path)
    with conn:
        conn.execute("INSERT INTO people (id, role, name) VALUES (1, 'user', 'Me'), (2, 'partner', 'Jordan')")
        conn.executemany("INSERT INTO aliases (alias, person_id) VALUES (?, ?)",
                         [("name:me", 1), ("name:jordan", 2), ("phone:700900123", 2)])
    return conn


def test_old_last_9_digit_aliases_still_match(tmp_path: Path) -> None:
    conn = _old_database(tmp_path / "old.db")
    try:
        people.use_region("GB")
        assert people._known_role(conn, "+44 7700 900123", set()) == "partner"
        assert people._known_role(conn, "07700 900123", set()) == "partner"
        assert people._known_role(conn, "Unknown contact", {"+447700900123"}) == "partner"
        assert people._known_role(conn, "+1 202 555 0143", set()) is None
    finally:
        conn.close()


def test_aliases_that_disagree_never_make_someone_the_user_by_number(tmp_path: Path) -> None:
    # Older imports stored the number of a sent SMS (the partner's) as the user's alias too.
    conn = _old_database(tmp_path / "old.db")
    try:
        with conn:
            conn.execute("UPDATE aliases SET person_id = 1 WHERE alias = 'phone:700900123'")
        assert people._known_role(conn, "Jordan", {"+447700900123"}) == "partner"  # its name decides
    finally:
        conn.close()


def _texts(homeward: CliRun, db: str) -> list[tuple[str, str, str]]:
    code, out, err = homeward("--db", db, "export", "messages")
    assert code == 0, err
    return [(m["sender"], m["name"], m["text"]) for m in map(json.loads, out.splitlines())]


def _people(homeward: CliRun, db: str) -> list[dict[str, object]]:
    code, out, err = homeward("--db", db, "people", "--json")
    assert code == 0, err
    return json.loads(out)  # type: ignore[no-any-return]


def test_split_leaves_the_timeline_and_merge_brings_it_back(homeward: CliRun, tmp_path: Path) -> None:
    db = str(tmp_path / "h.db")
    code, _, err = homeward("--db", db, "import", str(SMS / "number_formats.xml"), "--tz", "Europe/London")
    assert code == 0, err
    assert "5 people besides you" in err  # the bank and a stranger are stored as the partner
    everything = _texts(homeward, db)
    assert ("partner", "ACME-BANK", "Your code is 204 611") in everything

    code, _, err = homeward("--db", db, "people", "split", "acme-bank")
    assert code == 0, err
    assert 'split off "acme-bank" ("ACME-BANK"): 1 messages and 0 calls' in err
    assert "merge" in err  # says how to undo
    assert _texts(homeward, db) == [t for t in everything if t[1] != "ACME-BANK"]
    assert [(p["role"], list(p["names"])) for p in _people(homeward, db) if p["role"] == "other"] == [
        ("other", ["ACME-BANK"])]
    # Kept in the database, out of the timeline: analyze counts one message fewer.
    weeks = json.loads(homeward("--db", db, "analyze", "--json")[1])["weeks"]
    assert sum(w["messages"]["partner"] for w in weeks) == sum(t[0] == "partner" for t in everything) - 1

    # A later import of the same sender leaves it out too.
    code, _, err = homeward("--db", db, "import", str(SMS / "number_formats.xml"), "--tz", "Europe/London")
    assert code == 0, err
    assert "split off with 'homeward people split'" in err
    assert "ACME-BANK" not in {t[1] for t in _texts(homeward, db)}

    code, _, err = homeward("--db", db, "people", "merge", "ACME-BANK", "--into", "partner")
    assert code == 0, err
    assert _texts(homeward, db) == everything
    assert {p["role"] for p in _people(homeward, db)} == {"user", "partner"}  # the split-off person is gone


def test_merge_into_the_user_moves_messages_to_the_user(homeward: CliRun, tmp_path: Path) -> None:
    db = str(tmp_path / "h.db")
    assert homeward("--db", db, "import", str(SMS / "number_formats.xml"), "--tz", "Europe/London")[0] == 0
    code, _, err = homeward("--db", db, "people", "merge", "+1 (202) 555-0143", "--into", "user")
    assert code == 0, err
    assert ("user", "+12025550143", "punctuated, from abroad") in _texts(homeward, db)
    user = _people(homeward, db)[0]
    assert user["role"] == "user" and "phone:+12025550143" in user["aliases"]  # type: ignore[operator]


@pytest.mark.parametrize("args", [["people", "split", "Nobody Atall"], ["people", "merge", "Nobody Atall"],
                                  ["people", "merge", "Jordan Weber", "--into", "friend"]])
def test_unknown_names_are_one_line_errors_and_change_nothing(homeward: CliRun, tmp_path: Path,
                                                              args: list[str]) -> None:
    db = tmp_path / "h.db"
    assert homeward("--db", str(db), "import", str(SMS / "number_formats.xml"), "--tz", "Europe/London")[0] == 0
    before = _texts(homeward, str(db)), _people(homeward, str(db))
    code, out, err = homeward("--db", str(db), *args)
    assert code == 1 and out == ""
    assert len(err.splitlines()) == 1 and err.startswith("homeward: ")
    assert ("nobody called" in err and '"Jordan Weber"' in err) or "--into" in err
    assert (_texts(homeward, str(db)), _people(homeward, str(db))) == before


def test_people_lists_names_aliases_and_counts(homeward: CliRun, tmp_path: Path) -> None:
    db = str(tmp_path / "h.db")
    for name in ("backup_phone_a.xml", "calls_phone_a.xml"):
        assert homeward("--db", db, "import", str(SMS / name), "--tz", "Europe/London")[0] == 0
    code, out, err = homeward("--db", db, "people")
    assert code == 0, err
    assert out.splitlines()[:6] == [
        "you: Me",
        "  aliases: name:me",
        '  "Me": sms: 1 message',
        "partner: Jordan",
        "  aliases: name:jordan, phone:+447700900123",  # the last-9-digit twin is not shown
        '  "Jordan": phone: 1 call; sms: 3 messages',
    ]
