"""Hostile and broken input through the real CLI: one line on stderr naming the file, exit 1, database unchanged.

Every case imports into a database that already holds a chat, and compares the database's content
(``iterdump``) and bytes before and after. Inputs that are merely odd (bytes that are not UTF-8, a
50 MB line) import instead. Decisions, as the contract states them:

- Bytes that are not UTF-8 in a text export become U+FFFD and the import goes on.
- A date that does not exist (31/02) is an error naming the file and line (or record): we never guess.
- A file that grows while it is read imports as far as it had got, consistently; the next import adds the rest.

The zip, XML and JSON limits live in ``ingest/archive.py`` and the importers; the fuzz targets in
tests/fuzz throw random and mutated inputs at the same property.
"""
from __future__ import annotations

import hashlib
import json
import os
import random
import resource
import sqlite3
import struct
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from homeward.store import db as store

CliRun = Callable[..., tuple[int, str, str]]
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
CHAT = FIXTURES / "whatsapp" / "zoo" / "android_en_gb_24h.txt"  # Alex (the user) and Jordan
TELEGRAM = FIXTURES / "telegram" / "single_chat_text_entities.json"  # Robin Vale (the user) and Sam Okafor


def snapshot(db: Path) -> tuple[str, bytes]:
    """A hash of the database's content (every row of every table) and its bytes, WAL folded in first."""
    conn = sqlite3.connect(db)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        content = hashlib.sha256("\n".join(conn.iterdump()).encode()).hexdigest()
    finally:
        conn.close()
    return content, db.read_bytes()


@pytest.fixture
def db(tmp_path: Path, homeward: CliRun) -> Path:
    """A database that already holds one imported chat, so "unchanged" means something."""
    path = tmp_path / "db" / "h.db"
    path.parent.mkdir()
    code, _, err = homeward("--db", str(path), "import", str(CHAT), "--me", "Alex")
    assert code == 0, err
    return path


def refused(homeward: CliRun, db: Path, target: Path, *options: str, names: str | None = None) -> str:
    """Import ``target``; assert exit 1, one line on stderr naming the file, nothing on stdout, db unchanged."""
    before = snapshot(db)
    code, out, err = homeward("--db", str(db), "import", str(target), *options)
    assert (code, out) == (1, ""), err
    assert err.startswith("homeward: ") and err.endswith("\n") and err.count("\n") == 1, err
    assert (names or target.name) in err, err
    assert snapshot(db) == before
    return err


def messages(db: Path) -> list[tuple[str, str, str]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT ts, name, text FROM messages ORDER BY ts, source").fetchall()
    finally:
        conn.close()


# --- empty files and random bytes, for every format -----------------------------------------------

FORMATS = ["whatsapp", "signal", "csv", "mail", "telegram", "sms", "imessage", "messenger"]


@pytest.mark.parametrize("fmt", ["auto", *FORMATS])
def test_an_empty_file_is_refused(db: Path, tmp_path: Path, homeward: CliRun, fmt: str) -> None:
    empty = tmp_path / "export.txt"
    empty.write_bytes(b"")
    refused(homeward, db, empty, "--format", fmt)


@pytest.mark.parametrize("fmt", ["auto", *FORMATS])
def test_random_bytes_are_refused(db: Path, tmp_path: Path, homeward: CliRun, fmt: str) -> None:
    noise = tmp_path / "export.bin"
    noise.write_bytes(random.Random(8).randbytes(4096))
    err = refused(homeward, db, noise, "--format", fmt)
    assert "\x1b" not in err and "\x00" not in err  # bytes from the file are not echoed raw to the terminal


@pytest.mark.skipif(not Path("/dev/zero").exists() or not hasattr(os, "mkfifo"), reason="needs /dev/zero and FIFOs")
def test_a_device_or_pipe_is_refused_instead_of_read_forever(db: Path, tmp_path: Path, homeward: CliRun) -> None:
    pipe = tmp_path / "chat.txt"
    os.mkfifo(pipe)  # no writer: opening it to read would wait forever
    for target in (Path("/dev/zero"), pipe):
        assert "not a file or folder" in refused(homeward, db, target, "--format", "whatsapp")


def test_a_folder_with_a_symlink_loop_imports(tmp_path: Path, homeward: CliRun) -> None:
    folder = tmp_path / "export" / "chat"
    folder.mkdir(parents=True)
    (folder / "up").symlink_to("..")
    (folder / "WhatsApp Chat with Jordan.txt").write_bytes(CHAT.read_bytes())
    code, _, err = homeward("--db", str(tmp_path / "h.db"), "import", str(tmp_path / "export"), "--me", "Alex")
    assert code == 0, err


def test_terminal_escape_sequences_in_a_file_never_reach_the_terminal(db: Path, tmp_path: Path, homeward: CliRun) -> None:
    hostile = tmp_path / "chat.txt"
    hostile.write_bytes(b"\x1b]0;owned\x07\x1b[2J\x9b31m not a chat\n")
    err = refused(homeward, db, hostile, "--format", "whatsapp")
    assert not any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in err.rstrip("\n")), repr(err)


# --- zips ---------------------------------------------------------------------------------------

def _zip(path: Path, members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", method) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def test_a_corrupt_zip_member_is_refused(db: Path, tmp_path: Path, homeward: CliRun) -> None:
    good = _zip(tmp_path / "good.zip", {"WhatsApp Chat with Jordan.txt": CHAT.read_bytes() * 20})
    data = bytearray(good.read_bytes())
    middle = data.index(b"WhatsApp Chat with Jordan.txt") + 200  # inside the compressed bytes
    data[middle:middle + 16] = bytes(16)
    corrupt = tmp_path / "corrupt.zip"
    corrupt.write_bytes(bytes(data))
    err = refused(homeward, db, corrupt)
    assert "WhatsApp Chat with Jordan.txt" in err  # the member, too


def test_a_zip_cut_in_the_middle_is_refused(db: Path, tmp_path: Path, homeward: CliRun) -> None:
    good = _zip(tmp_path / "good.zip", {"_chat.txt": CHAT.read_bytes()})
    cut = tmp_path / "cut.zip"
    cut.write_bytes(good.read_bytes()[: len(good.read_bytes()) // 2])
    assert "not a readable zip file" in refused(homeward, db, cut)


def test_a_password_protected_zip_is_refused(db: Path, tmp_path: Path, homeward: CliRun) -> None:
    data = bytearray(_zip(tmp_path / "plain.zip", {"_chat.txt": CHAT.read_bytes()}).read_bytes())
    for header, flags in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):  # set the "encrypted" bit, as zip -e does
        data[data.find(header) + flags] |= 1
    locked = tmp_path / "locked.zip"
    locked.write_bytes(bytes(data))
    assert "password-protected" in refused(homeward, db, locked)


def test_a_zip_without_a_chat_is_refused(db: Path, tmp_path: Path, homeward: CliRun) -> None:
    no_chat = _zip(tmp_path / "photos.zip", {"IMG-1.jpg": b"\xff\xd8\xff\xd9", "notes.txt": b"buy milk\n"})
    assert "holds no chat export" in refused(homeward, db, no_chat)


def test_a_zip_bomb_is_refused_before_anything_is_unpacked(db: Path, tmp_path: Path, homeward: CliRun) -> None:
    bomb = _zip(tmp_path / "bomb.zip", {"_chat.txt": bytes(64 * 1024**2)})  # 64 MB of zeros in ~64 KB
    started = time.monotonic()
    assert "zip bomb" in refused(homeward, db, bomb)
    assert time.monotonic() - started < 5


def test_a_bomb_spread_over_many_small_members_is_refused(db: Path, tmp_path: Path, homeward: CliRun) -> None:
    bomb = _zip(tmp_path / "many.zip", {f"part{i}.txt": b"a" * (4 * 1024**2) for i in range(8)})
    assert "zip bomb" in refused(homeward, db, bomb)


def test_a_zip_declaring_a_huge_size_is_refused(db: Path, tmp_path: Path, homeward: CliRun) -> None:
    """Members whose central directory declares 3.75 GB each: refused on the declaration, nothing unpacked."""
    data = bytearray(_zip(tmp_path / "small.zip", {"a.txt": b"hi", "b.txt": b"ho"}, zipfile.ZIP_STORED).read_bytes())
    at = 0
    while (at := data.find(b"PK\x01\x02", at)) != -1:  # each central directory entry: uncompressed size at +24
        data[at + 24:at + 28] = struct.pack("<I", 0xF0000000)
        at += 4
    huge = tmp_path / "huge.zip"
    huge.write_bytes(bytes(data))
    assert "more than 4 GB" in refused(homeward, db, huge)


@pytest.mark.parametrize("member", ["../escape.txt", "/etc/homeward.txt", "..\\..\\escape.txt", "a/../../escape.txt"])
def test_a_zip_member_escaping_the_folder_is_refused(db: Path, tmp_path: Path, homeward: CliRun, member: str) -> None:
    climbing = _zip(tmp_path / "climb.zip", {"_chat.txt": CHAT.read_bytes(), member: b"boo"})
    assert "escapes the archive folder" in refused(homeward, db, climbing)
    assert not (tmp_path / "escape.txt").exists()


def test_an_error_inside_a_zip_names_the_zip_not_a_temporary_folder(db: Path, tmp_path: Path, homeward: CliRun) -> None:
    broken = _zip(tmp_path / "export.zip", {"_chat.txt": b"20/01/2025, 21:14 - Jordan: hi\n31/02/2025, 21:17 - Alex: no\n"})
    err = refused(homeward, db, broken)
    assert err.startswith(f"homeward: {broken}:_chat.txt:2: ") and "homeward-zip-" not in err, err


# --- XML and JSON -------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["billion_laughs.xml", "external_entity.xml"])
def test_xml_entity_attacks_are_refused(db: Path, homeward: CliRun, name: str) -> None:
    started = time.monotonic()
    refused(homeward, db, FIXTURES / "sms" / name)
    assert time.monotonic() - started < 5


def test_a_quadratic_blowup_entity_is_refused(db: Path, tmp_path: Path, homeward: CliRun) -> None:
    """One large entity used many times (no nesting): the DTD itself is refused."""
    xml = tmp_path / "sms.xml"
    xml.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE smses [<!ENTITY a "{"x" * 50_000}">]>\n<smses count="1">'
                   f'<sms address="1" date="1" type="1" body="{"&a;" * 50_000}" /></smses>\n')
    refused(homeward, db, xml, "--format", "sms")


def _telegram(messages: object) -> bytes:
    return json.dumps({"name": "Sam Okafor", "type": "personal_chat", "id": 1, "messages": messages}).encode()


WRONG_SHAPES = {
    "top level is a list": b'[{"name": "Sam", "messages": []}]',
    "messages is an object": _telegram({"0": {"id": 1}}),
    "a message is a number": _telegram([7]),
    "text is a number": _telegram([{"id": 1, "type": "message", "date": "2024-03-01T09:15:02",
                                    "date_unixtime": "1709280902", "from": "Sam", "from_id": "user1", "text": 5}]),
    "date is a list": _telegram([{"id": 1, "type": "message", "date": [2024], "from": "Sam", "from_id": "user1",
                                  "text": "hi"}]),
}


@pytest.mark.parametrize("case", sorted(WRONG_SHAPES))
def test_json_of_the_wrong_shape_is_refused(db: Path, tmp_path: Path, homeward: CliRun, case: str) -> None:
    path = tmp_path / "result.json"
    path.write_bytes(WRONG_SHAPES[case])
    refused(homeward, db, path, "--format", "telegram", "--me", "Robin Vale")


@pytest.mark.parametrize("fmt", ["telegram", "messenger", "auto"])
def test_json_nested_10000_deep_is_refused(db: Path, tmp_path: Path, homeward: CliRun, fmt: str) -> None:
    folder = tmp_path / "inbox" / "sam_1"
    folder.mkdir(parents=True)
    path = folder / ("message_1.json" if fmt == "messenger" else "result.json")
    path.write_text('{"name": "Sam", "type": "personal_chat", "participants": [], "messages": '
                    + "[" * 10_000 + "]" * 10_000 + "}")
    refused(homeward, db, path, "--format", fmt)


def test_a_huge_value_quoted_in_an_error_is_shortened(db: Path, tmp_path: Path, homeward: CliRun) -> None:
    path = tmp_path / "result.json"
    path.write_bytes(_telegram([{"id": 1, "type": "message", "date": "2024-03-01T09:15:02", "date_unixtime": "9" * 5000,
                                 "from": "Sam", "from_id": "user1", "text": "hi"}]))
    err = refused(homeward, db, path, "--format", "telegram", names="result.json:#1")
    assert len(err) < 1100 and "epoch seconds" in err  # the start (where) and the end (what was expected) stay


# --- odd text -----------------------------------------------------------------------------------

def test_invalid_utf8_in_the_middle_of_a_chat_becomes_replacement_characters(db: Path, tmp_path: Path,
                                                                             homeward: CliRun) -> None:
    lines = CHAT.read_bytes().splitlines(keepends=True)
    broken = tmp_path / "broken.txt"
    broken.write_bytes(b"".join(lines[:5]) + b"20/01/2025, 21:18 - Jordan: caf\xe9 \xff\xfe ok\n" + b"".join(lines[5:]))
    code, _, err = homeward("--db", str(db), "import", str(broken), "--me", "Alex")
    assert code == 0, err
    assert ("2025-01-20T21:18:00", "Jordan", "caf\ufffd \ufffd\ufffd ok") in messages(db)


@pytest.mark.parametrize("fmt,name,content,where", [
    ("telegram", "result.json", _telegram([{"id": 1, "type": "message", "date": "2024-02-31T09:15:02", "from": "Sam",
                                            "from_id": "user1", "text": "hi"}]), "result.json:#1"),
    ("csv", "chat.csv", b"timestamp,sender,text\n2024-01-30 10:00,Alex,hi\n2024-02-31 10:00,Jordan,ho\n", "chat.csv:3"),
    ("whatsapp", "chat.txt", b"30/01/2025, 21:14 - Jordan: hi\n31/02/2025, 21:17 - Alex: no\n", "chat.txt:2"),
    ("whatsapp", "chat24.txt", b"30/01/2025, 21:14 - Jordan: hi\n30/01/2025, 24:30 - Alex: no\n", "chat24.txt:2"),
])
def test_a_date_that_does_not_exist_names_the_file_and_line(db: Path, tmp_path: Path, homeward: CliRun, fmt: str,
                                                            name: str, content: bytes, where: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    refused(homeward, db, path, "--format", fmt, "--me", "Alex", names=where)


def test_a_50_mb_line_imports_in_seconds_and_bounded_memory(tmp_path: Path) -> None:
    """A 50 MB message (one line) imports whole, in a separate process whose time and peak memory we measure."""
    big = tmp_path / "big.txt"
    with open(big, "wb") as f:
        f.write(b"20/01/2025, 21:14 - Jordan: Are the kids asleep?\n20/01/2025, 21:16 - Alex: ")
        f.write(b"la " * (50 * 1024**2 // 3))
        f.write(b"\n20/01/2025, 21:17 - Jordan: ok\n")
    db = tmp_path / "big.db"
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "homeward.cli", "--db", str(db), "import", str(big), "--me", "Alex"],
                          capture_output=True, text=True, timeout=120)
    took = time.monotonic() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    assert done.returncode == 0, done.stderr
    assert took < 60 and peak_mb < 1024, (took, peak_mb)  # seconds, not minutes; far from GBs (about 3-10 s, 330 MB)
    longest = sqlite3.connect(db).execute("SELECT max(length(text)) FROM messages").fetchone()[0]
    assert longest == len("la " * (50 * 1024**2 // 3))


def test_a_50_mb_line_that_is_no_chat_is_refused_quickly(db: Path, tmp_path: Path, homeward: CliRun) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * (50 * 1024**2))
    started = time.monotonic()
    refused(homeward, db, big)
    assert time.monotonic() - started < 10


# --- a file that grows while it is read -----------------------------------------------------------

def test_a_file_growing_during_the_import_imports_consistently(tmp_path: Path, homeward: CliRun) -> None:
    chat = tmp_path / "growing.txt"
    line = "{:02d}/01/2025, {:02d}:{:02d} - {}: message {}\n"
    written = [line.format(1 + i // 1440, i // 60 % 24, i % 60, "Jordan" if i % 2 else "Alex", i) for i in range(3000)]
    chat.write_text("".join(written[:1000]))
    stop = threading.Event()

    def grow() -> None:
        with open(chat, "a") as f:
            for text in written[1000:]:
                f.write(text[:10])  # half a line at a time: the reader may see a line cut short
                f.flush()
                f.write(text[10:])
                f.flush()
                time.sleep(0.0005)  # slower than the reader: it meets the file mid-growth
                if stop.is_set():
                    break

    db = tmp_path / "h.db"
    writer = threading.Thread(target=grow)
    writer.start()
    try:
        code, _, err = homeward("--db", str(db), "import", str(chat), "--me", "Alex")
    finally:
        stop.set()
        writer.join()
    assert code in (0, 1), err
    if code == 1:
        assert err.count("\n") == 1 and "growing.txt" in err, err
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    # Once it stops growing, the import completes: every line written is a message.
    with open(chat, "a") as f:
        f.write("".join(written[len(chat.read_text().splitlines()):]))
    code, _, err = homeward("--db", str(db), "import", str(chat), "--me", "Alex")
    assert code == 0, err
    stored = {text for _, _, text in messages(db)}
    assert {f"message {i}" for i in range(3000)} <= stored


# --- the database folder and lock ---------------------------------------------------------------

def test_a_database_locked_by_another_program_is_one_line_after_a_short_wait(
        db: Path, tmp_path: Path, homeward: CliRun, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another program holds an exclusive lock (not even reads pass): a one-line error naming the database."""
    monkeypatch.setattr(store, "BUSY_TIMEOUT_S", 0.3)
    before = snapshot(db)
    holder = sqlite3.connect(db, isolation_level=None)
    try:
        holder.execute("PRAGMA locking_mode = EXCLUSIVE")
        holder.execute("BEGIN EXCLUSIVE")
        holder.execute("INSERT INTO channels (name) VALUES ('pending')")
        started = time.monotonic()
        code, out, err = homeward("--db", str(db), "import", str(TELEGRAM), "--me", "Robin Vale")
        waited = time.monotonic() - started
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert (code, out) == (1, "") and err.count("\n") == 1 and str(db) in err and "locked" in err, err
    assert waited < 5
    assert snapshot(db) == before


def test_a_missing_database_folder_is_not_created(tmp_path: Path, homeward: CliRun) -> None:
    target = tmp_path / "nowhere" / "h.db"
    code, _, err = homeward("--db", str(target), "import", str(CHAT), "--me", "Alex")
    assert code == 1 and err == f"homeward: {target}: the folder {target.parent} does not exist\n"
    assert not target.parent.exists()
