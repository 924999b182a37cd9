"""The steps a command runs, in one place for the CLI and the dashboard: import, label, analyse.

Each function takes an open connection and does its whole job inside one transaction.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

from homeward.analysis import Analysis, analyze
from homeward.guidance import Guidance, guide
from homeward.ingest import open_export
from homeward.signals import Classifier, load_classifier, thresholds_of
from homeward.store import labels as label_store
from homeward.store.db import transaction
from homeward.store.messages import ImportResult, import_records

LABEL_BATCH = 2000


def import_file(conn: sqlite3.Connection, path: Path, *, fmt: str = "auto", me: str | None = None,
                partner: str | None = None, tz: ZoneInfo, classifier: Classifier | None = None,
                columns: dict[str, str] | None = None,
                progress: Callable[[str, int, int | None], None] | None = None) -> ImportResult:
    """Import one export and label its new messages, all in one transaction: it lands whole or not at all."""
    with transaction(conn), open_export(path, fmt=fmt, tz=tz, columns=columns) as export:
        result = import_records(conn, export.records, fmt=export.format, path=str(path), me=me, partner=partner,
                                progress=(lambda n: progress("reading", n, None)) if progress else None)
        label_pending(conn, classifier or load_classifier(), progress=progress)
    return result


def label_pending(conn: sqlite3.Connection, model: Classifier, *, everything: bool = False,
                  progress: Callable[[str, int, int | None], None] | None = None) -> int:
    """Label every message the model has not labelled yet (or all, with ``everything``); returns how many."""
    thresholds = thresholds_of(model)
    todo = list(label_store.pending(conn, model.version, everything=everything))
    for i in range(0, len(todo), LABEL_BATCH):
        batch = todo[i:i + LABEL_BATCH]
        texts, contexts = [t for _, t, _ in batch], [c for _, _, c in batch]
        matrix = getattr(model, "proba_matrix", None)
        if matrix is not None:  # the linear model: skip building 16-key dicts for every message
            p = matrix(texts, contexts)
            cut = [thresholds.get(label, 0.5) for label in model.labels]
            scores = [{model.labels[j]: float(row[j]) for j in range(len(cut)) if row[j] >= cut[j]} for row in p]
        else:
            scores = model.predict_proba(texts, contexts)
        label_store.save(conn, model.version, [(mid, s) for (mid, _, _), s in zip(batch, scores)], thresholds)
        if progress:
            progress("labelling", min(i + LABEL_BATCH, len(todo)), len(todo))
    return len(todo)


def analyse(conn: sqlite3.Connection, *, gap_hours: float = 6.0) -> tuple[Analysis, Guidance]:
    """The analysis and its guidance (safety gate first)."""
    a = analyze(conn, gap_hours=gap_hours)
    return a, guide(a)
