"""Files homeward writes hold the user's and the partner's words: owner-only, and on forget's list.

Reports, exports, the counsellor summary and backups are written 0600 (even over an existing file
that others could read); the database folder homeward creates is 0700, the database 0600.
"""
from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

CliRun = Callable[..., tuple[int, str, str]]
CHAT = Path(__file__).resolve().parent.parent / "fixtures" / "whatsapp" / "zoo" / "android_en_gb_24h.txt"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def db(tmp_path: Path, homeward: CliRun) -> Path:
    path = tmp_path / "h.db"
    code, _, err = homeward("--db", str(path), "import", str(CHAT), "--me", "Alex")
    assert code == 0, err
    return path


OUTPUTS = {
    "report": (["report", "--out"], "report.html"),
    "export-messages": (["export", "messages", "--out"], "messages.jsonl"),
    "export-summary": (["export", "summary", "--redact", "--out"], "summary.md"),
    "export-summary-html": (["export", "summary", "--redact", "--out"], "summary.html"),
    "backup": (["backup", "--force"], "backup.db"),
}


@pytest.mark.parametrize("kind", sorted(OUTPUTS))
@pytest.mark.parametrize("existing", [False, True], ids=["new", "over-a-readable-file"])
def test_every_output_is_owner_only_and_recorded(db: Path, tmp_path: Path, homeward: CliRun, kind: str,
                                                 existing: bool) -> None:
    args, name = OUTPUTS[kind]
    out = tmp_path / "out" / name
    out.parent.mkdir()
    if existing:
        out.write_text("old")
        out.chmod(0o644)
    code, _, err = homeward("--db", str(db), *args, str(out))
    assert code == 0, err
    assert mode(out) == 0o600 and out.stat().st_size > 3
    recorded = sqlite3.connect(db).execute("SELECT path, kind FROM outputs").fetchall()
    assert (str(out.resolve()), kind.removesuffix("-html")) in recorded


def test_forget_finds_and_deletes_what_was_written(db: Path, tmp_path: Path, homeward: CliRun) -> None:
    written = [tmp_path / "r.html", tmp_path / "m.jsonl", tmp_path / "s.md"]
    for args, out in ((["report", "--out"], written[0]), (["export", "messages", "--out"], written[1]),
                      (["export", "summary", "--redact", "--out"], written[2])):
        assert homeward("--db", str(db), *args, str(out))[0] == 0
    code, _, err = homeward("--db", str(db), "forget", "--yes")
    assert code == 0, err
    assert not any(p.exists() for p in [db, *written])


def test_an_output_folder_that_does_not_exist_is_one_line(db: Path, tmp_path: Path, homeward: CliRun) -> None:
    out = tmp_path / "nowhere" / "report.html"
    code, out_text, err = homeward("--db", str(db), "report", "--out", str(out))
    assert (code, out_text) == (1, "")
    assert err == f"homeward: {out}: cannot write the file (No such file or directory)\n"


def test_the_data_folder_homeward_creates_is_owner_only(tmp_path: Path, homeward: CliRun,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """With no --db and no $HOMEWARD_DB, the first import creates the user's data folder, 0700, database 0600."""
    monkeypatch.delenv("HOMEWARD_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    old = os.umask(0o022)
    try:
        code, _, err = homeward("import", str(CHAT), "--me", "Alex")
    finally:
        os.umask(old)
    assert code == 0, err
    folder = tmp_path / "data" / "homeward"
    assert mode(folder) == 0o700
    assert mode(folder / "homeward.db") == 0o600
