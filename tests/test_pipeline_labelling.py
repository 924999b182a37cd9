"""Labelling on every core: forked workers score the batches, this process stores them, in order.

The database must see exactly what one process writes: the same labels, scores and model marks; and a worker
that fails must leave the import unlanded, like any other failure inside its transaction.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from homeward import pipeline
from homeward.store.db import connect

UTC = ZoneInfo("UTC")


class Forkable:
    """A model that may run in forked workers (``forks``), reading affection in 'love' and curt in 'ok'."""

    labels = ("affection", "curt")
    version = "fork-1"
    forks = True

    def predict_proba(self, texts: Sequence[str], contexts: Sequence[str | None]) -> list[dict[str, float]]:
        return [{"affection": 0.5 + 0.4 * ("love" in t) + len(t) / 1e4, "curt": 0.9 if t.startswith("ok") else 0.1}
                for t in texts]


class Failing(Forkable):
    """Fails on one message, wherever it runs."""

    def predict_proba(self, texts: Sequence[str], contexts: Sequence[str | None]) -> list[dict[str, float]]:
        if any("boom" in t for t in texts):
            raise RuntimeError("the model broke")
        return super().predict_proba(texts, contexts)


def write_chat(path: Path, n: int, *, boom_at: int | None = None) -> Path:
    t, lines = datetime(2025, 5, 1, 9, 0), []
    for i in range(n):
        t += timedelta(minutes=4)
        text = "boom" if i == boom_at else f"{('love you', 'ok then', 'see you friday')[i % 3]} {i}"
        lines.append(f"{t:%d/%m/%Y, %H:%M} - {'Sam' if i % 2 else 'Robin'}: {text}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def dump(conn: sqlite3.Connection) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    return (conn.execute("SELECT message_id, label, score FROM labels ORDER BY 1, 2").fetchall(),
            conn.execute("SELECT id, model FROM messages ORDER BY id").fetchall())


@pytest.fixture(autouse=True)
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "LABEL_BATCH", 9)  # many batches, more than the workers hold in flight
    monkeypatch.delenv("HOMEWARD_WORKERS", raising=False)


def test_workers_write_what_one_process_writes(tmp_path: Path) -> None:
    chat = write_chat(tmp_path / "chat.txt", 301)
    dumps = []
    for workers in (1, 2, 3):
        conn = connect(tmp_path / f"w{workers}.db")
        with conn:
            pipeline.import_file(conn, chat, me="Robin", tz=UTC, classifier=Forkable())
        progress: list[int] = []
        done = pipeline.label_pending(conn, Forkable(), everything=True, workers=workers,
                                      progress=lambda step, n, total: progress.append(n))
        assert done == 301 and progress[-1] == 301 and progress == sorted(progress)
        dumps.append(dump(conn))
    assert dumps[0] == dumps[1] == dumps[2]
    assert len(dumps[0][0]) > 301  # affection on every message, curt on a third


def test_a_failing_worker_lands_nothing(tmp_path: Path) -> None:
    conn = connect(tmp_path / "h.db")
    with pytest.raises(RuntimeError, match="the model broke"), pytest.MonkeyPatch.context() as mp:
        mp.setenv("HOMEWARD_WORKERS", "2")
        pipeline.import_file(conn, write_chat(tmp_path / "chat.txt", 120, boom_at=100), me="Robin", tz=UTC,
                             classifier=Failing())
    assert conn.execute("SELECT count(*) FROM messages").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM labels").fetchone()[0] == 0


def test_workers_only_for_forkable_models_and_long_imports(monkeypatch: pytest.MonkeyPatch) -> None:
    class Plain(Forkable):
        forks = False

    assert pipeline._workers(Plain(), 10**6) == 1  # e.g. the embeddings reader, which runs its own threads
    assert pipeline._workers(Forkable(), pipeline.LABEL_PARALLEL_MIN - 1) == 1  # starting workers would not pay
    assert pipeline._workers(Forkable(), pipeline.LABEL_PARALLEL_MIN) >= 1
    monkeypatch.setenv("HOMEWARD_WORKERS", "3")
    assert pipeline._workers(Forkable(), 5) == 3 and pipeline._workers(Plain(), 10**6) == 1
    monkeypatch.setenv("HOMEWARD_WORKERS", "0")
    assert pipeline._workers(Forkable(), 5) == 1
    monkeypatch.setenv("HOMEWARD_WORKERS", "2")
    monkeypatch.setattr(pipeline.sys, "platform", "darwin")  # fork is not safe there: one process
    assert pipeline._workers(Forkable(), 10**6) == 1


def test_a_worker_writes_nothing_to_the_streams_it_inherited(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    class Chatty(Forkable):
        def predict_proba(self, texts: Sequence[str], contexts: Sequence[str | None]) -> list[dict[str, float]]:
            print("from a worker")  # a model that prints: its words go nowhere, the parent's streams are untouched
            return super().predict_proba(texts, contexts)

    conn = connect(tmp_path / "h.db")
    with conn:
        pipeline.import_file(conn, write_chat(tmp_path / "chat.txt", 40), me="Robin", tz=UTC, classifier=Forkable())
    assert pipeline.label_pending(conn, Chatty(), everything=True, workers=2) == 40
    assert "from a worker" not in capfd.readouterr().out


def test_the_default_model_may_fork() -> None:
    from homeward.signals import load_classifier

    assert getattr(load_classifier(), "forks", False) is True
