"""Labels: the classifier's predictions and the user's corrections, which override them everywhere."""
from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime

CONTEXT_WINDOW_HOURS = 12  # an answer to a message older than this is not read against it


def pending(conn: sqlite3.Connection, model: str, *, everything: bool = False) -> Iterator[tuple[str, str, str | None]]:
    """(id, text, context) for each message not yet labelled by ``model``, in time order.

    The context is the previous message when the other person sent it within 12 hours: the
    taxonomy reads ``curt``, ``defensive`` and ``repair`` against it.
    """
    prev_sender, prev_text, prev_ts = None, None, None
    rows = conn.execute("SELECT id, ts, sender, text, model FROM messages WHERE sender IS NOT NULL ORDER BY ts, rowid")
    for mid, ts, sender, text, done in rows:
        ctx = None
        if prev_sender is not None and prev_sender != sender and prev_text:
            gap = (datetime.fromisoformat(ts) - datetime.fromisoformat(prev_ts)).total_seconds() / 3600
            ctx = prev_text if gap <= CONTEXT_WINDOW_HOURS else None
        if (everything or done != model) and text:
            yield mid, text, ctx
        if text:
            prev_sender, prev_text, prev_ts = sender, text, ts


def save(conn: sqlite3.Connection, model: str, batch: Sequence[tuple[str, dict[str, float]]], threshold: dict[str, float]) -> None:
    """Replace the predicted labels of the messages in ``batch`` (corrections are kept apart, untouched)."""
    ids = [(mid,) for mid, _ in batch]
    conn.executemany("DELETE FROM labels WHERE message_id = ?", ids)
    conn.executemany("INSERT INTO labels (message_id, label, score) VALUES (?, ?, ?)",
                     [(mid, label, round(p, 4)) for mid, scores in batch for label, p in scores.items()
                      if p >= threshold.get(label, 0.5)])
    conn.executemany("UPDATE messages SET model = ? WHERE id = ?", [(model, mid) for mid, _ in batch])


def correct(conn: sqlite3.Connection, message_id: str, changes: Iterable[tuple[str, bool]]) -> None:
    """Store the user's corrections (label present or not) for one message."""
    now = datetime.now().isoformat(timespec="seconds")
    conn.executemany("INSERT OR REPLACE INTO corrections (message_id, label, present, at) VALUES (?, ?, ?, ?)",
                     [(message_id, label, int(present), now) for label, present in changes])


def labels_by_message(conn: sqlite3.Connection) -> dict[str, set[str]]:
    """Every message's effective labels (predictions with the user's corrections applied)."""
    out: dict[str, set[str]] = {}
    for mid, label in conn.execute("SELECT message_id, label FROM message_labels"):
        out.setdefault(mid, set()).add(label)
    return out
