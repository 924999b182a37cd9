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
    for mid, text, ctx, _ in pending_rows(conn, model, everything=everything):
        yield mid, text, ctx


def pending_rows(conn: sqlite3.Connection, model: str, *,
                 everything: bool = False) -> Iterator[tuple[str, str, str | None, bool]]:
    """``pending``, with whether each message holds predictions already (some model labelled it before).

    A message no model labelled has no rows in ``labels`` (``save`` writes both at once), so its
    predictions need no ``DELETE`` first: on a first import that is every message.
    """
    prev_sender, prev_text, prev_ts = None, None, None
    rows = conn.execute("SELECT id, ts, sender, text, model FROM messages WHERE sender IS NOT NULL ORDER BY ts, rowid")
    for mid, ts, sender, text, done in rows:
        ctx = None
        if prev_sender is not None and prev_sender != sender and prev_text:
            gap = (datetime.fromisoformat(ts) - datetime.fromisoformat(prev_ts)).total_seconds() / 3600
            ctx = prev_text if gap <= CONTEXT_WINDOW_HOURS else None
        if (everything or done != model) and text:
            yield mid, text, ctx, done is not None
        if text:
            prev_sender, prev_text, prev_ts = sender, text, ts


def count_pending(conn: sqlite3.Connection, model: str, *, everything: bool = False) -> int:
    """How many messages ``pending`` yields."""
    return int(conn.execute(f"SELECT count(*) FROM messages WHERE {_PENDING}", (everything, model)).fetchone()[0])


# The messages ``pending`` yields, as SQL: a sender's, with text, not labelled by this model (or all).
_PENDING = "sender IS NOT NULL AND text <> '' AND (? OR model IS NOT ?)"


def save(conn: sqlite3.Connection, model: str, batch: Sequence[tuple[str, dict[str, float]]], threshold: dict[str, float]) -> None:
    """Replace the predicted labels of the messages in ``batch`` (corrections are kept apart, untouched)."""
    store_predictions(conn, batch, threshold, replace=[mid for mid, _ in batch])
    conn.executemany("UPDATE messages SET model = ? WHERE id = ?", [(model, mid) for mid, _ in batch])


def store_predictions(conn: sqlite3.Connection, batch: Sequence[tuple[str, dict[str, float]]],
                      threshold: dict[str, float], *, replace: Iterable[str]) -> None:
    """Write the labels of ``batch`` that reach their threshold, first deleting the old ones of ``replace``.

    ``save`` without marking the messages: ``label_pending`` marks them all at the end with one
    ``mark_labelled``, a single pass over the table instead of one index look-up and row rewrite per
    message (a third of the time labelling spent in SQLite).
    """
    conn.executemany("DELETE FROM labels WHERE message_id = ?", [(mid,) for mid in replace])
    cut = threshold.get
    conn.executemany("INSERT INTO labels (message_id, label, score) VALUES (?, ?, ?)",
                     [(mid, label, round(p, 4)) for mid, scores in batch for label, p in scores.items()
                      if p >= cut(label, 0.5)])


def mark_labelled(conn: sqlite3.Connection, model: str, *, everything: bool = False) -> int:
    """Record ``model`` as the labeller of every message ``pending`` yields; returns how many.

    Call it once the predictions of all of them are stored (see ``store_predictions``).
    """
    return conn.execute(f"UPDATE messages SET model = ? WHERE {_PENDING}", (model, everything, model)).rowcount


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
