"""Encryption at rest: with a passphrase no file of the database holds readable text; errors stay one line."""
from __future__ import annotations

from collections.abc import Callable

import json
import os
import subprocess
import sys
import traceback
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from homeward.errors import StoreError
from homeward.store import db as store

CliRun = Callable[..., tuple[int, str, str]]  # the `homeward` fixture (tests/conftest.py)

PASSPHRASE = "correct horse 'battery' staple"
USER_TEXT = "the blue heron came back to the pond"  # only ever in the user's messages
PARTNER_TEXT = "meet me at the Kestrel lighthouse"  # only ever in the partner's messages
WRONG = "cannot open: wrong passphrase or not a homeward database"


def write_chat(path: Path, n: int = 40) -> Path:
    """A two-person WhatsApp (Android) export whose texts include USER_TEXT and PARTNER_TEXT."""
    t = datetime(2024, 3, 14, 8, 0)
    lines = []
    for i in range(n):
        t += timedelta(minutes=7)
        if i % 2:
            lines.append(f"{t:%d/%m/%Y, %H:%M} - Jordan: {PARTNER_TEXT} number {i}")
        else:
            lines.append(f"{t:%d/%m/%Y, %H:%M} - Alex: {USER_TEXT} number {i}")
    lines.append(f"{t + timedelta(minutes=5):%d/%m/%Y, %H:%M} - Jordan: Missed voice call")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path




def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the CLI as its own process, as a user would."""
    code = "import sys; from homeward.cli import main; sys.argv[0] = 'homeward'; main()"
    full_env = {k: v for k, v in os.environ.items() if k != store.PASSPHRASE_ENV} | (env or {})
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=full_env,
                          timeout=120)


def raw_bytes(db: Path) -> dict[str, bytes]:
    """Every file of the database (the file itself and whatever SQLite keeps beside it), by name."""
    return {p.name: p.read_bytes() for p in sorted(db.parent.iterdir()) if p.name.startswith(db.name)}


@pytest.fixture(autouse=True)
def _no_passphrase(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(store.PASSPHRASE_ENV, raising=False)
    monkeypatch.delenv("HOMEWARD_NEW_PASSPHRASE", raising=False)
    store.use_passphrase(None)


def test_no_file_of_an_encrypted_database_holds_message_text(tmp_path: Path, homeward: CliRun,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    chat = write_chat(tmp_path / "chat.txt")
    plain, encrypted = tmp_path / "plain" / "h.db", tmp_path / "enc" / "h.db"
    plain.parent.mkdir()
    encrypted.parent.mkdir()
    exports = {}
    for db, passphrase in ((plain, ""), (encrypted, PASSPHRASE)):
        monkeypatch.setenv(store.PASSPHRASE_ENV, passphrase)
        # A second connection kept open stops SQLite from folding the WAL back in and deleting it when
        # each command closes, so the WAL and shared-memory files are still there, full of pages, to inspect.
        holder = store.connect(db)
        try:
            for command in (["import", str(chat), "--me", "Alex"], ["analyze", "--json"],
                            ["report", "--out", str(db.parent / "r.html")], ["check", "are you free on sunday?", "--json"],
                            ["journal", "add", "a note", "--kind", "note"]):
                code, _, err = homeward("--db", str(db), *command)
                assert code == 0, err
            during = raw_bytes(db)
            assert {f"{db.name}-wal", f"{db.name}-shm"} <= set(during) and during[f"{db.name}-wal"]
            code, out, _ = homeward("--db", str(db), "export", "messages")
            assert code == 0
            exports[passphrase] = out
        finally:
            holder.close()
        after = raw_bytes(db)  # the last close folded the WAL into the file and removed it
        assert set(after) == {db.name}
        secrets = (USER_TEXT.encode(), PARTNER_TEXT.encode(), b"Jordan", b"Alex", b"a note")
        found = {f"{when}:{name}": [s for s in secrets if s in content]
                 for when, files in (("during", during), ("after", after)) for name, content in files.items()}
        if passphrase:
            assert found == {name: [] for name in found}, "plain text in an encrypted database's files"
            assert PASSPHRASE.encode() not in b"".join([*during.values(), *after.values()])
            assert (db.stat().st_mode & 0o777) == 0o600
        else:  # the control: the same search finds the text in a plain database's WAL, then in its file
            assert found[f"during:{db.name}-wal"] and found[f"after:{db.name}"]
    assert exports[PASSPHRASE] == exports[""] and USER_TEXT in exports[""]


@pytest.mark.parametrize("env", [{store.PASSPHRASE_ENV: "not the passphrase"}, {}], ids=["wrong", "missing"])
def test_wrong_or_missing_passphrase_is_one_line_and_exit_1(tmp_path: Path, env: dict[str, str]) -> None:
    db = tmp_path / "h.db"
    assert cli("--db", str(db), "import", str(write_chat(tmp_path / "chat.txt")), "--me", "Alex",
               env={store.PASSPHRASE_ENV: PASSPHRASE}).returncode == 0
    before = raw_bytes(db)
    done = cli("--db", str(db), "analyze", "--json", env=env)
    hint = "" if env else " (if it is encrypted, set HOMEWARD_PASSPHRASE or use --ask-passphrase)"
    assert (done.returncode, done.stdout, done.stderr) == (1, "", f"homeward: {db}: {WRONG}{hint}\n")
    assert raw_bytes(db) == before


def test_the_passphrase_is_in_no_error_or_traceback(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    store.connect(db, passphrase=PASSPHRASE).close()
    for attempt in (lambda: store.connect(db, passphrase=PASSPHRASE + "x"),
                    lambda: store.encrypt_file(db, PASSPHRASE),  # already encrypted
                    lambda: store.backup(db, db, passphrase=PASSPHRASE)):
        with pytest.raises(StoreError) as info:
            attempt()
        text = "".join(traceback.format_exception(info.value))
        assert "horse" not in text and "horse" not in str(info.value)


def test_ask_passphrase_prompts_without_echo_instead_of_the_environment(
        tmp_path: Path, homeward: CliRun, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "h.db"
    prompts: list[str] = []
    monkeypatch.setattr("getpass.getpass", lambda prompt="": prompts.append(prompt) or PASSPHRASE)
    code, _, err = homeward("--ask-passphrase", "--db", str(db), "import", str(write_chat(tmp_path / "c.txt")),
                            "--me", "Alex")
    assert code == 0, err
    assert prompts == ["Passphrase: "]
    assert USER_TEXT.encode() not in db.read_bytes()
    monkeypatch.setenv(store.PASSPHRASE_ENV, PASSPHRASE)
    assert homeward("--db", str(db), "analyze", "--json")[0] == 0  # the same key, from the environment
    monkeypatch.delenv(store.PASSPHRASE_ENV)
    code, _, err = homeward("--db", str(db), "analyze", "--json")  # the prompt did not outlive its run
    assert code == 1 and WRONG in err


def test_rekey_changes_the_passphrase(tmp_path: Path, homeward: CliRun,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "h.db"
    monkeypatch.setenv(store.PASSPHRASE_ENV, PASSPHRASE)
    assert homeward("--db", str(db), "import", str(write_chat(tmp_path / "c.txt")), "--me", "Alex")[0] == 0
    before = homeward("--db", str(db), "export", "messages")[1]
    monkeypatch.setenv("HOMEWARD_NEW_PASSPHRASE", "a whole new passphrase")
    code, _, err = homeward("--db", str(db), "rekey")
    assert (code, err) == (0, f"homeward: {db}: passphrase changed; the old one no longer opens it\n")
    code, _, err = homeward("--db", str(db), "export", "messages")
    assert (code, err) == (1, f"homeward: {db}: {WRONG}\n")
    monkeypatch.setenv(store.PASSPHRASE_ENV, "a whole new passphrase")
    assert homeward("--db", str(db), "export", "messages")[1:] == (before, "")
    assert not any(USER_TEXT.encode() in content for content in raw_bytes(db).values())


def test_rekey_asks_twice_and_a_mismatch_changes_nothing(tmp_path: Path, homeward: CliRun,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "h.db"
    store.connect(db, passphrase=PASSPHRASE).close()
    monkeypatch.setenv(store.PASSPHRASE_ENV, PASSPHRASE)
    typed = iter(["first try", "frist try"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(typed))
    code, _, err = homeward("--db", str(db), "rekey")
    assert (code, err) == (1, "homeward: the two passphrases differ; nothing changed\n")
    store.connect(db, passphrase=PASSPHRASE).close()  # the old passphrase still opens it


def test_rekey_of_a_plain_database_points_to_encrypt(tmp_path: Path, homeward: CliRun,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "h.db"
    store.connect(db).close()
    monkeypatch.setenv("HOMEWARD_NEW_PASSPHRASE", "new")
    code, _, err = homeward("--db", str(db), "rekey")
    assert (code, err) == (1, f"homeward: {db}: this database is not encrypted; run 'homeward encrypt' to encrypt it\n")


def test_encrypt_replaces_a_plain_database_and_overwrites_the_plain_bytes(
        tmp_path: Path, homeward: CliRun, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "h.db"
    assert homeward("--db", str(db), "import", str(write_chat(tmp_path / "c.txt")), "--me", "Alex")[0] == 0
    before = homeward("--db", str(db), "export", "messages")[1]
    monkeypatch.setenv(store.PASSPHRASE_ENV, PASSPHRASE)
    code, _, err = homeward("--db", str(db), "analyze", "--json")  # plain file, passphrase set
    assert (code, err) == (1, f"homeward: {db}: this database is not encrypted; run 'homeward encrypt' to "
                              "encrypt it with your passphrase, or unset HOMEWARD_PASSPHRASE\n")
    # A second name for the plain file's inode shows what happens to its bytes once it is replaced.
    os.link(db, tmp_path / "old-inode")
    code, _, err = homeward("--db", str(db), "encrypt")
    assert code == 0, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.txt", "h.db", "old-inode"]
    assert set((tmp_path / "old-inode").read_bytes()) == {0}  # overwritten with zeros before the unlink
    assert USER_TEXT.encode() not in db.read_bytes() and (db.stat().st_mode & 0o777) == 0o600
    assert homeward("--db", str(db), "export", "messages")[1:] == (before, "")
    monkeypatch.delenv(store.PASSPHRASE_ENV)
    code, _, err = homeward("--db", str(db), "analyze", "--json")
    assert code == 1 and WRONG in err
    conn = store.connect(db, passphrase=PASSPHRASE)
    try:  # the schema version came across too
        assert conn.execute("PRAGMA user_version").fetchone()[0] == store.SCHEMA_VERSION
    finally:
        conn.close()


def test_encrypt_refuses_while_another_program_has_the_database_open(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    store.connect(db).close()
    # The holder must be another process: SQLite's locks do not separate two connections of one process.
    holder = subprocess.Popen([sys.executable, "-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
                               "c.execute('SELECT count(*) FROM messages').fetchall(); print('open', flush=True); "
                               "sys.stdin.read()", str(db)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "open\n"
        before = db.read_bytes()
        with pytest.raises(StoreError, match="open in another program"):
            store.encrypt_file(db, PASSPHRASE)
        assert db.read_bytes() == before
    finally:
        holder.communicate("")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["h.db"]


def test_a_missing_encryption_module_says_how_to_install_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "sqlcipher3", None)  # makes "import sqlcipher3" fail
    monkeypatch.setattr(store, "_SQLCIPHER", [None])
    with pytest.raises(StoreError, match=r"pip install sqlcipher3"):
        store.connect(tmp_path / "h.db", passphrase=PASSPHRASE)


def test_an_encrypted_connection_reads_rows_by_name_like_the_stdlib(tmp_path: Path) -> None:
    conn = store.connect(tmp_path / "h.db", passphrase=PASSPHRASE)
    try:
        assert store.is_encrypted(conn)
        import sqlite3
        conn.row_factory = sqlite3.Row
        assert conn.execute("SELECT 1 AS one").fetchone()["one"] == 1
        conn.row_factory = None
        with pytest.raises(store.db_errors()):
            conn.execute("SELECT * FROM no_such_table")
    finally:
        conn.close()


def test_a_file_that_is_not_a_homeward_database_is_refused_untouched(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    import sqlite3
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE notes (text)")
    conn.close()
    before = other.read_bytes()
    with pytest.raises(StoreError, match="not a homeward database"):
        store.connect(other)
    text = tmp_path / "notes.txt"
    text.write_text("not a database at all, just some words " * 100)
    with pytest.raises(StoreError, match=WRONG):
        store.connect(text)
    assert other.read_bytes() == before


def test_json_lines_export_is_the_same_shape_encrypted(tmp_path: Path, homeward: CliRun,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(store.PASSPHRASE_ENV, PASSPHRASE)
    db = tmp_path / "h.db"
    homeward("--db", str(db), "import", str(write_chat(tmp_path / "c.txt", n=4)), "--me", "Alex")
    rows = [json.loads(line) for line in homeward("--db", str(db), "export", "messages")[1].splitlines()]
    assert [(r["sender"], r["text"]) for r in rows] == [
        ("user", f"{USER_TEXT} number 0"), ("partner", f"{PARTNER_TEXT} number 1"),
        ("user", f"{USER_TEXT} number 2"), ("partner", f"{PARTNER_TEXT} number 3")]


def test_new_plain_databases_get_wide_pages_and_older_ones_keep_theirs(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    plain = store.connect(tmp_path / "plain.db")
    assert plain.execute("PRAGMA page_size").fetchone()[0] == store.PAGE_SIZE
    plain.close()
    assert store.connect(tmp_path / "plain.db").execute("PRAGMA page_size").fetchone()[0] == store.PAGE_SIZE
    with monkeypatch.context() as m:  # as an earlier homeward made them: SQLite's default pages
        m.setattr(store, "PAGE_SIZE", 4096)
        store.connect(tmp_path / "old.db").close()
    assert store.connect(tmp_path / "old.db").execute("PRAGMA page_size").fetchone()[0] == 4096
    store.connect(tmp_path / "secret.db", passphrase=PASSPHRASE).close()  # SQLCipher: its own page setting
    again = store.connect(tmp_path / "secret.db", passphrase=PASSPHRASE)
    assert again.execute("SELECT count(*) FROM messages").fetchone()[0] == 0
