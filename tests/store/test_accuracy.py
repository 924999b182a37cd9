"""Agreement between the model and the user's corrections, and corrections surviving re-import and re-labelling."""
from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from homeward import pipeline
from homeward.signals.taxonomy import LABELS
from homeward.store import db as store
from homeward.store import labels as label_store
from homeward.store.accuracy import LabelAgreement, agreement

TEXTS = ["love you", "ok", "can you take the kids saturday", "love the new haircut", "fine", "the bus is late"]


class RuleModel:
    """A stand-in classifier whose predictions the tests know: affection for 'love', curt for one-word replies."""

    labels = LABELS
    thresholds = {label: 0.5 for label in LABELS}

    def __init__(self, version: str = "rules-1", curt_words: tuple[str, ...] = ("ok", "fine")) -> None:
        self.version = version
        self.curt_words = curt_words

    def predict_proba(self, texts: Sequence[str], contexts: Sequence[str | None]) -> list[dict[str, float]]:
        out = []
        for t in texts:
            p = {label: 0.0 for label in LABELS}
            p["affection"] = 0.9 if "love" in t else 0.1
            p["curt"] = 0.9 if t.split(" number")[0] in self.curt_words else 0.1
            out.append(p)
        return out

    def predict(self, texts: Sequence[str], contexts: Sequence[str | None]) -> list[list[str]]:
        return [[k for k, v in p.items() if v >= 0.5] for p in self.predict_proba(texts, contexts)]


def write_chat(path: Path) -> Path:
    t = datetime(2025, 5, 1, 9, 0)
    lines = []
    for i, text in enumerate(TEXTS):
        t += timedelta(minutes=5)
        lines.append(f"{t:%d/%m/%Y, %H:%M} - {'Sam' if i % 2 else 'Robin'}: {text}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def conn(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> sqlite3.Connection:
    monkeypatch.delenv(store.PASSPHRASE_ENV, raising=False)
    store.use_passphrase(None)
    c = store.connect(tmp_path / "h.db")
    pipeline.import_file(c, write_chat(tmp_path / "chat.txt"), me="Robin", tz=ZoneInfo("UTC"), classifier=RuleModel())
    yield c
    c.close()


def ids(conn: sqlite3.Connection) -> dict[str, str]:
    return {text: mid for mid, text in conn.execute("SELECT id, text FROM messages")}


def correct(conn: sqlite3.Connection, text: str, *changes: tuple[str, bool]) -> None:
    with store.transaction(conn):
        label_store.correct(conn, ids(conn)[text], changes)


def by_label(conn: sqlite3.Connection) -> dict[str, LabelAgreement]:
    return {a.label: a for a in agreement(conn, LABELS).labels}


def test_no_corrections_gives_empty_figures(conn: sqlite3.Connection) -> None:
    result = agreement(conn, LABELS)
    assert result.corrections == 0 and result.messages == 0 and result.unlabelled == 0
    assert [a.label for a in result.labels] == list(LABELS)
    assert result.total.agreement is None and result.total.precision is None and result.total.recall is None


def test_each_kind_of_correction_is_counted_against_the_prediction(conn: sqlite3.Connection) -> None:
    correct(conn, "love you", ("affection", True), ("curt", False))  # both agree with the model
    correct(conn, "love the new haircut", ("affection", False))  # the model gave it: a false positive
    correct(conn, "ok", ("curt", False), ("missing", True))  # false positive; missed
    correct(conn, "can you take the kids saturday", ("curt", True))  # missed
    got = by_label(conn)
    assert got["affection"] == LabelAgreement("affection", confirmed_present=1, false_positive=1)
    assert got["curt"] == LabelAgreement("curt", confirmed_absent=1, missed=1, false_positive=1)
    assert got["missing"] == LabelAgreement("missing", missed=1)
    assert got["affection"].precision == 0.5 and got["affection"].recall == 1.0 and got["affection"].agreement == 0.5
    assert got["curt"].precision == 0.0 and got["curt"].recall == 0.0 and got["curt"].agreement == pytest.approx(1 / 3)
    assert got["future"].corrections == 0 and got["future"].precision is None
    result = agreement(conn, LABELS)
    assert result.corrections == 6 and result.messages == 4 and result.models == ("rules-1",)
    assert result.total == LabelAgreement("all", confirmed_present=1, confirmed_absent=1, missed=2, false_positive=2)


def test_a_later_correction_of_the_same_label_replaces_the_earlier(conn: sqlite3.Connection) -> None:
    correct(conn, "ok", ("curt", False))
    correct(conn, "ok", ("curt", True))
    assert by_label(conn)["curt"] == LabelAgreement("curt", confirmed_present=1)


def test_corrections_on_unlabelled_messages_are_left_out(conn: sqlite3.Connection) -> None:
    correct(conn, "fine", ("curt", False))
    conn.execute("UPDATE messages SET model = NULL WHERE text = 'fine'")
    result = agreement(conn, LABELS)
    assert result.corrections == 0 and result.unlabelled == 1


def test_labels_outside_the_list_are_ignored(conn: sqlite3.Connection) -> None:
    conn.execute("INSERT INTO corrections VALUES (?, 'jealousy', 1, '2025-05-02T10:00:00')", (ids(conn)["ok"],))
    assert agreement(conn, LABELS).corrections == 0


def test_corrections_survive_reimport_and_relabelling(conn: sqlite3.Connection, tmp_path: Path) -> None:
    correct(conn, "ok", ("curt", False), ("distance", True))
    correct(conn, "love you", ("affection", False))
    before = label_store.labels_by_message(conn)
    mid_ok, mid_love = ids(conn)["ok"], ids(conn)["love you"]
    assert "curt" not in before[mid_ok] and "distance" in before[mid_ok] and mid_love not in before

    # Re-importing the same export adds nothing and keeps the corrections and their effect.
    result = pipeline.import_file(conn, tmp_path / "chat.txt", me="Robin", tz=ZoneInfo("UTC"), classifier=RuleModel())
    assert result.added == 0
    assert label_store.labels_by_message(conn) == before

    # Re-labelling everything with a new model version keeps every correction on top of its predictions.
    newer = RuleModel("rules-2", curt_words=("ok", "fine", "love you"))
    with store.transaction(conn):
        assert pipeline.label_pending(conn, newer, everything=True) == len(TEXTS)
    assert conn.execute("SELECT count(*) FROM corrections").fetchone()[0] == 3
    after = label_store.labels_by_message(conn)
    assert "curt" not in after[mid_ok] and "distance" in after[mid_ok]
    assert after[mid_love] == {"curt"}  # the new model's prediction, with the user's -affection still applied
    got = agreement(conn, LABELS)
    assert got.models == ("rules-2",) and got.corrections == 3
