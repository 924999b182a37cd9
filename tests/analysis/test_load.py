"""``load_tables`` reads the messages column by column (labels found by rowid, not by id): it must give what a
plain row-by-row reading of the store and the ``message_labels`` view gives, corrections included."""
from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from homeward import pipeline
from homeward.analysis import Analysis, analyze, load_tables
from homeward.analysis.tables import Msg, stamps
from homeward.store import labels as label_store
from homeward.store.db import connect


class Model:
    """Affection for 'love', curt for 'ok', both for 'love ok': several distinct label sets, and none."""

    labels = ("affection", "curt")
    version = "test-1"

    def predict_proba(self, texts: Sequence[str], contexts: Sequence[str | None]) -> list[dict[str, float]]:
        return [{"affection": 0.9 if "love" in t else 0.1, "curt": 0.9 if "ok" in t else 0.1} for t in texts]


class Silent(Model):
    """Reads no label in anything."""

    def predict_proba(self, texts: Sequence[str], contexts: Sequence[str | None]) -> list[dict[str, float]]:
        return [{"affection": 0.0, "curt": 0.0} for _ in texts]


def write_chat(path: Path, n: int) -> Path:
    t, lines = datetime(2025, 5, 1, 9, 0), []
    words = ("love you", "ok", "love ok", "see you friday", "<Media omitted>", "This message was deleted")
    for i in range(n):
        t += timedelta(minutes=7 * (i % 5) + 1)
        lines.append(f"{t:%d/%m/%Y, %H:%M} - {'Sam' if i % 3 else 'Robin'}: {words[i % len(words)]}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def conn(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    c = connect(tmp_path / "h.db")
    pipeline.import_file(c, write_chat(tmp_path / "chat.txt", 60), me="Robin", tz=ZoneInfo("UTC"), classifier=Model())
    yield c
    c.close()


def reference(conn: sqlite3.Connection) -> list[Msg]:
    """The messages as the store's own view spells them: one query per message, no grouping, no arrays."""
    out = []
    for mid, ts, who, text, media, deleted in conn.execute(
            "SELECT id, ts, sender, text, media, deleted FROM messages WHERE sender IS NOT NULL ORDER BY ts, rowid"):
        labels = frozenset(r[0] for r in conn.execute("SELECT label FROM message_labels WHERE message_id = ?", (mid,)))
        out.append(Msg(mid, datetime.fromisoformat(ts), who, text, labels, bool(media), bool(deleted)))
    return out


def test_messages_labels_and_times_are_those_of_the_store(conn: sqlite3.Connection) -> None:
    msgs = load_tables(conn)[2]
    assert msgs == reference(conn)
    assert len({m.labels for m in msgs}) >= 4  # none, affection, curt, both
    assert any(m.media for m in msgs) and any(m.deleted for m in msgs)
    # equal label sets are one shared object
    assert len({id(m.labels) for m in msgs}) == len({m.labels for m in msgs})
    assert stamps(msgs).tolist() == [m.ts for m in msgs]


def test_corrections_add_and_remove_labels_either_way(conn: sqlite3.Connection) -> None:
    msgs = load_tables(conn)[2]
    loved = next(m for m in msgs if m.labels == {"affection"})
    plain = next(m for m in msgs if not m.labels)
    label_store.correct(conn, loved.id, [("affection", False), ("regret", True)])
    label_store.correct(conn, plain.id, [("curt", True)])
    conn.commit()
    after = {m.id: m.labels for m in load_tables(conn)[2]}
    assert after[loved.id] == {"regret"} and after[plain.id] == {"curt"}
    assert [after[m.id] for m in reference(conn)] == [m.labels for m in reference(conn)]
    # the caller's own corrections are taken as given (``analysis.load`` reads them once)
    given = {m.id: m.labels for m in load_tables(conn, {plain.id: {"affection": True}})[2]}
    assert given[plain.id] == {"affection"} and given[loved.id] == {"affection"}


def test_an_empty_store_and_one_without_labels(tmp_path: Path) -> None:
    empty = connect(tmp_path / "empty.db")
    msgs = load_tables(empty)[2]
    assert msgs == [] and stamps(msgs).dtype == np.dtype("datetime64[us]")
    c = connect(tmp_path / "nolabels.db")
    pipeline.import_file(c, write_chat(tmp_path / "chat.txt", 12), me="Robin", tz=ZoneInfo("UTC"), classifier=Silent())
    assert [m.labels for m in load_tables(c)[2]] == [frozenset()] * 12


def test_by_id_is_made_on_first_use(conn: sqlite3.Connection) -> None:
    a = analyze(conn)
    assert "by_id" not in vars(a)
    assert a.by_id == {m.id: m for m in a.messages} and "by_id" in vars(a)
    assert isinstance(a, Analysis)


def test_analyse_reports_each_stage_and_the_progress_changes_nothing(conn: sqlite3.Connection) -> None:
    from homeward.analysis import STEPS

    seen: list[tuple[str, int, int | None]] = []
    a, g = pipeline.analyse(conn, progress=lambda stage, n, total: seen.append((stage, n, total)))
    assert [n for _, n, _ in seen] == list(range(STEPS + 3)) and {t for _, _, t in seen} == {STEPS + 2}
    b, h = pipeline.analyse(conn)
    assert (a.weeks, a.trend_changes, a.ideas, g.items) == (b.weeks, b.trend_changes, b.ideas, h.items)
