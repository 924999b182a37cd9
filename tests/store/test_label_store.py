"""Labelling stores the same predictions however it gets there: streamed batches, deletes skipped, one final mark.

``label_pending`` reads pending messages a batch at a time, deletes old predictions only of messages
some model labelled before, and marks every labelled message with one ``UPDATE`` at the end. These
tests hold it to what the per-message ``save`` did: the same rows in ``labels``, the same ``model``
column, corrections untouched, nothing labelled twice.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from homeward import pipeline
from homeward.store import labels as label_store
from homeward.store.db import bulk_write, connect, transaction

LABELS = ("affection", "curt")


class Model:
    """A classifier the tests can read: affection for 'love', curt for 'ok' (or ``curt_word``)."""

    labels = LABELS

    def __init__(self, version: str, curt_word: str = "ok") -> None:
        self.version, self.curt_word = version, curt_word
        self.seen: list[str] = []

    def predict_proba(self, texts: Sequence[str], contexts: Sequence[str | None]) -> list[dict[str, float]]:
        self.seen += texts
        return [{"affection": 0.9 if "love" in t else 0.1, "curt": 0.8 if t.startswith(self.curt_word) else 0.2} for t in texts]


def write_chat(path: Path, n: int) -> Path:
    t, lines = datetime(2025, 5, 1, 9, 0), []
    for i in range(n):
        t += timedelta(minutes=3)
        text = f"{('love you', 'ok', 'fine')[i % 4]} {i // 4}" if i % 4 < 3 else "<Media omitted>"  # no text to label
        lines.append(f"{t:%d/%m/%Y, %H:%M} - {'Sam' if i % 2 else 'Robin'}: {text}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def conn(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[sqlite3.Connection]:
    monkeypatch.setattr(pipeline, "LABEL_BATCH", 7)  # several batches, the last one short
    c = connect(tmp_path / "h.db")
    pipeline.import_file(c, write_chat(tmp_path / "chat.txt", 40), me="Robin", tz=ZoneInfo("UTC"),
                         classifier=Model("m1"))
    yield c
    c.close()


def labels(conn: sqlite3.Connection) -> set[tuple[str, str, float]]:
    return set(conn.execute("SELECT message_id, label, score FROM labels"))


def models(conn: sqlite3.Connection) -> dict[str, str | None]:
    return dict(conn.execute("SELECT text, model FROM messages"))


def test_an_import_labels_every_message_with_text_once(conn: sqlite3.Connection) -> None:
    texted = conn.execute("SELECT count(*) FROM messages WHERE text <> ''").fetchone()[0]
    assert 0 < texted < conn.execute("SELECT count(*) FROM messages").fetchone()[0]  # media without caption
    assert set(models(conn).values()) == {"m1", None}
    assert all(model == "m1" for text, model in models(conn).items() if text)
    assert {label for _, label, _ in labels(conn)} == {"affection", "curt"}
    assert len(labels(conn)) == conn.execute(
        "SELECT count(*) FROM messages WHERE text LIKE 'love%' OR text LIKE 'ok%'").fetchone()[0]
    with transaction(conn):
        assert pipeline.label_pending(conn, Model("m1")) == 0


def test_a_new_model_replaces_predictions_and_keeps_corrections(conn: sqlite3.Connection) -> None:
    mid = conn.execute("SELECT id FROM messages WHERE text = 'fine 0'").fetchone()[0]
    label_store.correct(conn, mid, [("curt", True)])
    before = labels(conn)
    newer = Model("m2", curt_word="fine 0")
    with bulk_write(conn), transaction(conn):
        done = pipeline.label_pending(conn, newer)
    assert done == len(newer.seen) == conn.execute("SELECT count(*) FROM messages WHERE text <> ''").fetchone()[0]
    after = labels(conn)
    assert after == {row for row in before if row[1] == "affection"} | {(mid, "curt", 0.8)}
    assert conn.execute("SELECT label, present FROM corrections").fetchall() == [("curt", 1)]
    assert all(model == "m2" for text, model in models(conn).items() if text)


def test_everything_relabels_with_the_same_model(conn: sqlite3.Connection) -> None:
    before = labels(conn)
    with transaction(conn):
        assert pipeline.label_pending(conn, Model("m1"), everything=True) == label_store.count_pending(
            conn, "m1", everything=True) > 0
    assert labels(conn) == before


def test_pending_rows_say_which_messages_hold_predictions(conn: sqlite3.Connection, tmp_path: Path) -> None:
    assert list(label_store.pending_rows(conn, "m1")) == []
    rows = list(label_store.pending_rows(conn, "m2"))
    assert rows and all(labelled for *_, labelled in rows)
    assert [r[:3] for r in rows] == list(label_store.pending(conn, "m2")) and len(rows) == label_store.count_pending(
        conn, "m2")
    with transaction(conn):
        conn.execute("UPDATE messages SET model = NULL WHERE text LIKE 'fine%'")
        conn.execute("DELETE FROM labels WHERE message_id IN (SELECT id FROM messages WHERE text LIKE 'fine%')")
    flags = {text: labelled for _, text, _, labelled in label_store.pending_rows(conn, "m2")}
    assert flags["fine 0"] is False and flags["ok 0"] is True


def test_progress_counts_up_to_the_total(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "LABEL_BATCH", 7)
    c = connect(tmp_path / "p.db")
    seen: list[tuple[str, int, int | None]] = []
    pipeline.import_file(c, write_chat(tmp_path / "chat.txt", 20), me="Robin", tz=ZoneInfo("UTC"),
                         classifier=Model("m1"), progress=lambda *a: seen.append(a))
    labelling = [s for s in seen if s[0] == "labelling"]
    total = c.execute("SELECT count(*) FROM messages WHERE text <> ''").fetchone()[0]
    assert [n for _, n, _ in labelling] == [7, 14, total] and {t for *_, t in labelling} == {total}
    c.close()
