"""``homeward accuracy``: the no-corrections message, the table and --json, after ``homeward label``."""
from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from homeward.signals.taxonomy import LABELS
from homeward.store import db as store

CliRun = Callable[..., tuple[int, str, str]]  # the `homeward` fixture (tests/conftest.py)


@pytest.fixture
def db(tmp_path: Path, homeward: CliRun, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A database holding a short imported chat, labelled by the default model."""
    monkeypatch.delenv(store.PASSPHRASE_ENV, raising=False)
    store.use_passphrase(None)
    t = datetime(2025, 5, 1, 9, 0)
    lines = []
    for i, text in enumerate(["i miss you so much, love you", "ok", "can you pick up the kids at 4", "sure"]):
        t += timedelta(minutes=3)
        lines.append(f"{t:%d/%m/%Y, %H:%M} - {'Sam' if i % 2 else 'Robin'}: {text}")
    chat = tmp_path / "chat.txt"
    chat.write_text("\n".join(lines) + "\n", encoding="utf-8")
    path = tmp_path / "h.db"
    code, _, err = homeward("--db", str(path), "import", str(chat), "--me", "Robin")
    assert code == 0, err
    return path


def message_ids(homeward: CliRun, db: Path) -> dict[str, str]:
    code, out, _ = homeward("--db", str(db), "export", "messages")
    assert code == 0
    return {m["text"]: m["id"] for m in map(json.loads, out.splitlines())}


def predicted(db: Path, mid: str) -> set[str]:
    conn = store.connect(db, create=False)
    try:
        return {r[0] for r in conn.execute("SELECT label FROM labels WHERE message_id = ?", (mid,))}
    finally:
        conn.close()


def test_without_corrections_it_says_how_to_make_one(homeward: CliRun, db: Path) -> None:
    code, out, err = homeward("--db", str(db), "accuracy")
    assert code == 0 and err == ""
    assert out.startswith("No corrections yet.") and "homeward label MESSAGE_ID" in out
    code, out, _ = homeward("--db", str(db), "accuracy", "--json")
    got = json.loads(out)
    assert code == 0 and got["corrections"] == 0 and list(got["labels"]) == list(LABELS)


def test_table_and_json_follow_the_corrections(homeward: CliRun, db: Path) -> None:
    ids = message_ids(homeward, db)
    warm, ok = ids["i miss you so much, love you"], ids["ok"]
    had_warm, had_ok = predicted(db, warm), predicted(db, ok)
    # Remove whatever the model gave "ok" besides curt, confirm/add curt, add barrier (never right here).
    changes = ["+curt", "+barrier"] + [f"-{label}" for label in sorted(had_ok - {"curt"})]
    assert homeward("--db", str(db), "label", ok, "--", *changes)[0] == 0
    assert homeward("--db", str(db), "label", warm, "--", "-missing")[0] == 0

    code, out, _ = homeward("--db", str(db), "accuracy", "--json")
    assert code == 0
    got = json.loads(out)
    assert got["corrections"] == len(changes) + 1 and got["messages"] == 2 and got["unlabelled"] == 0
    curt = got["labels"]["curt"]
    assert (curt["confirmed_present"], curt["missed"]) == ((1, 0) if "curt" in had_ok else (0, 1))
    assert got["labels"]["barrier"]["missed"] == 1
    missing = got["labels"]["missing"]
    assert (missing["false_positive"], missing["confirmed_absent"]) == ((1, 0) if "missing" in had_warm else (0, 1))
    assert got["all"]["corrections"] == got["corrections"]
    assert got["all"]["agreed"] + got["all"]["missed"] + got["all"]["false_positive"] == got["corrections"]

    code, text, _ = homeward("--db", str(db), "accuracy")
    assert code == 0
    rows = {line.split()[0]: line.split() for line in text.splitlines() if line and line.split()[0] in (*LABELS, "all")}
    assert set(rows) >= {"curt", "barrier", "missing", "all"} and "future" not in rows
    assert rows["barrier"][1:5] == ["1", "0", "1", "0"]  # corrected, agreed, missed, wrong
    assert rows["all"][1] == str(got["corrections"])


def test_a_missing_database_is_one_line(homeward: CliRun, tmp_path: Path) -> None:
    code, out, err = homeward("--db", str(tmp_path / "none.db"), "accuracy")
    assert code == 1 and out == "" and err.count("\n") == 1 and "homeward import" in err


def test_corrections_survive_a_second_import_of_the_same_export(homeward: CliRun, db: Path, tmp_path: Path) -> None:
    ok = message_ids(homeward, db)["ok"]
    assert homeward("--db", str(db), "label", ok, "+barrier")[0] == 0
    before = json.loads(homeward("--db", str(db), "accuracy", "--json")[1])
    code, _, err = homeward("--db", str(db), "import", str(tmp_path / "chat.txt"), "--me", "Robin")
    assert code == 0, err
    assert json.loads(homeward("--db", str(db), "accuracy", "--json")[1]) == before
    assert before["labels"]["barrier"]["missed"] == 1
