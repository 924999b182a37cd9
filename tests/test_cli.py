"""The contract's import and export commands end to end, through ``homeward.cli.main``.

Most runs call ``main()`` in this process (a run costs milliseconds); one runs the real
``python -m homeward.cli`` to pin what a user sees. Every bad input must give exactly one line on
stderr, exit 1, and leave the database byte-for-byte as it was.
"""
from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from homeward.cli import main
from homeward.ingest import format_names

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "whatsapp"
ZOO_GB = FIXTURES / "zoo" / "android_en_gb_24h.txt"
KNOWN = f"(known formats: {', '.join(format_names())})"


@pytest.fixture(autouse=True)
def plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No passphrase and no default database from the shell that runs the tests."""
    monkeypatch.delenv("HOMEWARD_PASSPHRASE", raising=False)
    monkeypatch.delenv("HOMEWARD_DB", raising=False)


@dataclass
class Run:
    code: int
    out: str
    err: str


def run(*args: str | Path) -> Run:
    """``homeward ARGS`` in this process: exit code, stdout, stderr."""
    out, err, code = io.StringIO(), io.StringIO(), 0
    argv, sys.argv = sys.argv, ["homeward", *map(str, args)]
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            main()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    finally:
        sys.argv = argv
    return Run(code, out.getvalue(), err.getvalue())


def exported(db: Path) -> list[dict[str, object]]:
    result = run("--db", db, "export", "messages")
    assert (result.code, result.err) == (0, "")
    return [json.loads(line) for line in result.out.splitlines()]


def snapshot(db: Path) -> tuple[str, list[str]]:
    """What must not change after a failed command: the export, and every table's rows."""
    out = run("--db", db, "export", "messages").out
    conn = sqlite3.connect(db)
    try:
        return out, list(conn.iterdump())
    finally:
        conn.close()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A database holding one import, so that "unchanged" means something."""
    path = tmp_path / "homeward.db"
    assert run("--db", path, "import", ZOO_GB, "--me", "Alex").code == 0
    return path


def summary(path: Path, seen: int, added: int, *, calls: int = 0, user: str = "Alex", partner: str = "Jordan") -> str:
    return (f"homeward: {path}: read as whatsapp; {seen} messages and {calls} calls, {added} new messages and "
            f"0 new calls stored (you: {user}; partner: {partner})\n")


def test_import_then_export_gives_these_exact_lines(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    result = run("--db", db, "import", ZOO_GB, "--me", "Alex")
    assert (result.code, result.out, result.err) == (0, "", summary(ZOO_GB, 12, 12))
    lines = run("--db", db, "export", "messages").out.splitlines()
    w = '"channel": "whatsapp"'
    assert lines == [
        '{"id": "d4ca2f63f568c98e", "ts": "2025-01-20T21:14:00", "sender": "partner", "name": "Jordan", ' + w
        + ', "text": "Are the kids asleep?", "media": false}',
        '{"id": "fdf16a9376c193e2", "ts": "2025-01-20T21:16:00", "sender": "user", "name": "Alex", ' + w
        + ', "text": "Yes, finally.\\nMaisie wants to show you her drawing.\\nCan you call tomorrow?", "media": false}',
        '{"id": "efd4fd1c78ac3342", "ts": "2025-01-20T21:20:00", "sender": "partner", "name": "Jordan", ' + w
        + ', "text": "The garden in the snow", "media": true}',
        '{"id": "08728b9d1abccc8c", "ts": "2025-01-20T21:25:00", "sender": "user", "name": "Alex", ' + w
        + ', "text": "❤️", "media": false}',
        '{"id": "4ba8f13700222e36", "ts": "2025-01-20T21:31:00", "sender": "partner", "name": "Jordan", ' + w
        + ', "text": "", "media": false}',
        '{"id": "a602b91c4cd97fae", "ts": "2025-01-20T23:58:00", "sender": "user", "name": "Alex", ' + w
        + ', "text": "Note to self: pick-up is at 4 - not 5", "media": false}',
        '{"id": "041b1d037cc60385", "ts": "2025-01-21T00:07:00", "sender": "partner", "name": "Jordan", ' + w
        + ', "text": "Still up?", "media": false}',
        '{"id": "57b7d820ea802f35", "ts": "2025-01-21T00:09:00", "sender": "user", "name": "Alex", ' + w
        + ', "text": "Can\'t sleep either", "media": false}',
        '{"id": "b257766492ffe49e", "ts": "2025-01-21T12:05:00", "sender": "partner", "name": "Jordan", ' + w
        + ', "text": "Lunch break. I can call at 6", "media": false}',
        '{"id": "9f378b87d8ef03f4", "ts": "2025-01-21T12:30:00", "sender": "user", "name": "Alex", ' + w
        + ', "text": "", "media": true}',
        '{"id": "71be8d956ccdb0a7", "ts": "2025-01-21T18:02:00", "sender": "user", "name": "Alex", ' + w
        + ', "text": "", "media": false}',
        '{"id": "9bbf411d64352f0f", "ts": "2025-01-21T18:03:00", "sender": "user", "name": "Alex", ' + w
        + ', "text": "Sorry, wrong chat 🙈", "media": false}',
    ]


def test_reimporting_changes_nothing(db: Path) -> None:
    before = snapshot(db)
    result = run("--db", db, "import", ZOO_GB, "--me", "Alex")
    assert (result.code, result.err) == (0, summary(ZOO_GB, 12, 0))
    out, dump = snapshot(db)
    assert out == before[0]
    # Only the imports log grows: it records each run.
    assert [line for line in dump if "INSERT INTO \"imports\"" not in line] == \
        [line for line in before[1] if "INSERT INTO \"imports\"" not in line]


def test_the_same_chat_from_a_zip_adds_nothing_new(db: Path, tmp_path: Path) -> None:
    archive = tmp_path / "WhatsApp Chat with Jordan.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for file in (FIXTURES / "zip_android").iterdir():
            zf.write(file, file.name)
    before = exported(db)
    result = run("--db", db, "import", archive)  # --me inferred: the chat's file name names the partner
    assert (result.code, result.err) == (0, summary(archive, 12, 0))
    assert exported(db) == before


def test_a_grown_export_adds_only_the_new_messages(tmp_path: Path) -> None:
    db, early = tmp_path / "h.db", tmp_path / "early.txt"
    early.write_bytes(b"".join(ZOO_GB.read_bytes().splitlines(keepends=True)[:12]))  # the first 8 messages
    assert run("--db", db, "import", early, "--me", "Alex").err == summary(early, 8, 8)
    first = exported(db)
    assert run("--db", db, "import", ZOO_GB, "--me", "Alex").err == summary(ZOO_GB, 12, 4)
    everything = exported(db)
    assert everything[:8] == first
    assert [m["text"] for m in everything[8:]] == ["Lunch break. I can call at 6", "", "", "Sorry, wrong chat 🙈"]


def test_identical_messages_in_one_export_are_kept_apart(tmp_path: Path) -> None:
    db, chat = tmp_path / "h.db", FIXTURES / "identical_messages.txt"
    assert run("--db", db, "import", chat).err == summary(chat, 5, 5)
    rows = [(m["ts"], m["name"], m["text"]) for m in exported(db)]
    assert rows == [("2025-01-20T21:14:00", "Jordan", "ok"), ("2025-01-20T21:14:00", "Jordan", "ok"),
                    ("2025-01-20T21:14:00", "Alex", "ok"), ("2025-01-20T21:15:00", "Jordan", "ok"),
                    ("2025-01-20T21:15:00", "Alex", "")]
    assert len({m["id"] for m in exported(db)}) == 5
    assert run("--db", db, "import", chat).err == summary(chat, 5, 0)


@pytest.mark.parametrize("source,name", [
    ("ambiguous_dates_24h.txt", "WhatsApp Chat with Jordan.txt"),  # Android names the partner in the file name
    ("ios_system_notices.txt", "_chat.txt"),  # iOS attributes the encryption notice to the partner
    ("deleted_localized.txt", "chat.txt"),  # "You deleted this message" is the user's
])
def test_me_can_be_left_out_when_the_export_tells(tmp_path: Path, source: str, name: str) -> None:
    chat = tmp_path / name
    shutil.copy(FIXTURES / source, chat)
    result = run("--db", tmp_path / "h.db", "import", chat)
    assert result.code == 0
    assert result.err.splitlines()[-1].endswith("stored (you: Alex; partner: Jordan)")


def test_me_left_out_and_not_inferable_lists_the_names(tmp_path: Path) -> None:
    # A database that knows other people: the db fixture would know Alex as the user, which infers --me.
    db, other = tmp_path / "h.db", tmp_path / "other.txt"
    other.write_text("20/01/2025, 21:14 - Sam: hi\n20/01/2025, 21:15 - Robin: hello\n", encoding="utf-8")
    assert run("--db", db, "import", other, "--me", "Sam").code == 0
    chat = FIXTURES / "ambiguous_dates_24h.txt"
    assert_one_line_error(db, ["import", chat], f'homeward: cannot tell which sender is you in {chat}; pass --me NAME '
                          '(names found: "Jordan", "Alex")\n')


@pytest.mark.parametrize("option", ["--me", "--partner"])
def test_me_or_partner_naming_nobody_lists_the_names(db: Path, option: str) -> None:
    chat = FIXTURES / "ambiguous_dates_24h.txt"
    extra = ["--me", "Alex"] if option == "--partner" else []
    assert_one_line_error(db, ["import", chat, *extra, option, "Sam"],
                          f'homeward: {option} "Sam": nobody of that name in {chat}; names found: "Jordan", "Alex"\n')


@pytest.mark.parametrize("name", ["invalid_utf8.txt", "ios_bom_every_line.txt", "calls_ios.txt",
                                  "zoo/ios_vi_time_first.txt", "zoo/ios_ar_arabic_indic_digits.txt",
                                  "zoo/android_en_gb_crlf.txt"])
def test_quirky_files_import(tmp_path: Path, name: str) -> None:
    result = run("--db", tmp_path / "h.db", "import", FIXTURES / name, "--me", "Alex")
    assert result.code == 0, result.err
    assert result.err.splitlines()[-1].endswith("stored (you: Alex; partner: Jordan)")


def test_an_ambiguous_file_is_imported_and_the_import_says_how_it_read_the_dates(tmp_path: Path) -> None:
    chat = FIXTURES / "ambiguous_dates_us_clock.txt"
    result = run("--db", tmp_path / "h.db", "import", chat, "--me", "Alex")
    assert result.code == 0
    assert result.err.splitlines()[0] == (
        "homeward: note: ambiguous_dates_us_clock.txt: no date in the file shows whether the day or the month comes "
        "first; read as month/day/year, the usual order for this layout")
    assert exported(tmp_path / "h.db")[0]["ts"] == "2025-01-05T21:14:00"


def assert_one_line_error(db: Path, args: list[str | Path], line: str) -> None:
    before, raw = snapshot(db), db.read_bytes()
    result = run("--db", db, *args)
    assert (result.code, result.out, result.err) == (1, "", line)
    assert db.read_bytes() == raw  # the file itself, byte for byte (the failed transaction never committed)
    assert snapshot(db) == before


def bad_inputs(tmp: Path) -> dict[str, tuple[Path, str]]:
    """Each bad input and the one line it must give."""
    empty = tmp / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    unknown = tmp / "old_android.txt"  # month names and no year: a layout we cannot place in time
    unknown.write_text("Mar 5, 8:11 PM - Jordan: Whoa\nMar 5, 8:12 PM - Alex: hi\n", encoding="utf-8")
    whole = tmp / "whole.zip"
    with zipfile.ZipFile(whole, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(ZOO_GB, "WhatsApp Chat with Jordan.txt")
    truncated = tmp / "truncated.zip"
    truncated.write_bytes(whole.read_bytes()[:200])
    no_chat = tmp / "no_chat.zip"
    with zipfile.ZipFile(no_chat, "w") as zf:
        zf.write(FIXTURES / "zip_android" / "IMG-20250120-WA0003.jpg", "IMG-20250120-WA0003.jpg")
    climbing = tmp / "climbing.zip"
    with zipfile.ZipFile(climbing, "w") as zf:
        zf.write(ZOO_GB, "WhatsApp Chat with Jordan.txt")
        zf.writestr("../escape.txt", "boo")
    folder = tmp / "photos"
    folder.mkdir()
    (folder / "IMG-1.jpg").write_bytes(b"\xff\xd8\xff\xd9")
    missing = tmp / "missing.txt"
    return {
        "empty": (empty, f"homeward: {empty}: the file is empty\n"),
        "binary": (binary, f"homeward: {binary}: not a chat export homeward can read {KNOWN}\n"),
        "unknown layout": (unknown, f"homeward: {unknown}: not a chat export homeward can read {KNOWN}\n"),
        "truncated zip": (truncated, f"homeward: {truncated}: not a readable zip file (File is not a zip file)\n"),
        "zip without chat": (no_chat, f"homeward: {no_chat}: holds no chat export homeward can read {KNOWN}\n"),
        "zip member ../": (climbing, f"homeward: {climbing}:../escape.txt: zip member escapes the archive folder; "
                                     "refusing it\n"),
        "folder without chat": (folder, f"homeward: {folder}: holds no chat export homeward can read {KNOWN}\n"),
        "missing path": (missing, f"homeward: {missing}: no such file or folder\n"),
        "garbage first line": (FIXTURES / "garbage_first_line.txt",
                               'homeward: garbage_first_line.txt:1: cannot read "Chat history with Jordan, saved '
                               'from my old phone" (expected a WhatsApp message line)\n'),
        "date that does not exist": (FIXTURES / "nonexistent_date.txt",
                                     'homeward: nonexistent_date.txt:4: cannot read the date "31/02/2025, 21:17" '
                                     "(no such day or time)\n"),
    }


BAD = ["empty", "binary", "unknown layout", "truncated zip", "zip without chat", "zip member ../",
       "folder without chat", "missing path", "garbage first line", "date that does not exist"]


@pytest.mark.parametrize("case", BAD)
def test_bad_input_is_one_line_exit_1_and_the_database_is_unchanged(db: Path, tmp_path: Path, case: str) -> None:
    path, line = bad_inputs(tmp_path)[case]
    assert path.name in line  # the line names the file (and the line, where one applies)
    assert_one_line_error(db, ["import", path, "--me", "Alex"], line)


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="root reads any file")
def test_an_unreadable_file_is_one_line(db: Path, tmp_path: Path) -> None:
    chat = tmp_path / "locked.txt"
    shutil.copy(ZOO_GB, chat)
    chat.chmod(0)
    assert_one_line_error(db, ["import", chat], f"homeward: {chat}: cannot read the file (Permission denied)\n")


def test_a_missing_database_folder_is_one_line(tmp_path: Path) -> None:
    db = tmp_path / "nowhere" / "h.db"
    result = run("--db", db, "import", ZOO_GB, "--me", "Alex")
    assert (result.code, result.err) == (1, f"homeward: {db}: the folder {db.parent} does not exist\n")
    assert not db.parent.exists()


def test_a_database_folder_that_cannot_hold_files_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "a_file").write_text("not a folder")
    db = tmp_path / "a_file" / "h.db"
    result = run("--db", db, "import", ZOO_GB, "--me", "Alex")
    assert result.code == 1
    assert result.err.startswith(f"homeward: {db}: ") and result.err.count("\n") == 1


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="root writes anywhere")
def test_a_read_only_database_folder_is_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        result = run("--db", folder / "h.db", "import", ZOO_GB, "--me", "Alex")
    finally:
        folder.chmod(0o755)
    assert result.code == 1 and result.err.startswith("homeward: ") and result.err.count("\n") == 1


def test_the_real_command_prints_one_line_and_no_traceback(db: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    before = snapshot(db)
    proc = subprocess.run([sys.executable, "-m", "homeward.cli", "--db", str(db), "import", str(empty)],
                          capture_output=True, text=True, timeout=120)
    assert (proc.returncode, proc.stdout, proc.stderr) == (1, "", f"homeward: {empty}: the file is empty\n")
    assert snapshot(db) == before


def test_import_labels_with_the_chosen_reader(homeward, tmp_path):
    import sqlite3

    db = str(tmp_path / "m.db")
    chat = Path(__file__).resolve().parent / "scenarios" / "slow_thaw" / "chat.txt"
    code, _, err = homeward("--db", db, "import", str(chat), "--me", "Priya", "--model", "lexicon")
    assert code == 0, err
    models = {r[0] for r in sqlite3.connect(db).execute("SELECT DISTINCT model FROM messages WHERE text != ''")}
    assert models == {"lexicon-v0"}
    code, _, err = homeward("--db", db, "import", str(chat), "--me", "Priya")  # back to the default: all relabelled
    assert code == 0, err
    models = {r[0] for r in sqlite3.connect(db).execute("SELECT DISTINCT model FROM messages WHERE text != ''")}
    assert len(models) == 1 and models != {"lexicon-v0"}
