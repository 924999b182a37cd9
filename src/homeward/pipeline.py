"""The steps a command runs, in one place for the CLI and the dashboard: import, label, analyse.

Each function takes an open connection and does its whole job inside one transaction.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Callable
from itertools import islice
from pathlib import Path
from zoneinfo import ZoneInfo

from homeward.analysis import Analysis, analyze_tables, load
from homeward.analysis.bulk import forget, paused_gc
from homeward.guidance import Guidance, guide
from homeward.ingest import open_export
from homeward.signals import Classifier, load_classifier, thresholds_of
from homeward.store import labels as label_store
from homeward.store.db import bulk_write, transaction
from homeward.store.messages import ImportResult, import_records

LABEL_BATCH = 2000
LABEL_CHARS = 20_000  # longer texts are labelled by their first 20,000 characters


def import_file(conn: sqlite3.Connection, path: Path, *, fmt: str = "auto", me: str | None = None,
                partner: str | None = None, tz: ZoneInfo, classifier: Classifier | None = None,
                columns: dict[str, str] | None = None,
                progress: Callable[[str, int, int | None], None] | None = None) -> ImportResult:
    """Import one export and label its new messages, all in one transaction: it lands whole or not at all."""
    with bulk_write(conn), transaction(conn), open_export(path, fmt=fmt, tz=tz, columns=columns, partner=partner) as export:
        result = import_records(conn, export.records, fmt=export.format, path=str(path), me=me, partner=partner,
                                progress=(lambda n: progress("reading", n, None)) if progress else None)
        label_pending(conn, classifier or load_classifier(), progress=progress)
    return result


def label_pending(conn: sqlite3.Connection, model: Classifier, *, everything: bool = False,
                  progress: Callable[[str, int, int | None], None] | None = None) -> int:
    """Label every message the model has not labelled yet (or all, with ``everything``); returns how many.

    Streams: a batch of messages at a time is read, labelled and stored (memory stays flat at a million
    messages); messages no model labelled before skip the delete of old predictions, and all are
    marked as labelled by this model in one pass at the end (``labels.mark_labelled``).
    """
    thresholds = thresholds_of(model)
    total = label_store.count_pending(conn, model.version, everything=everything) if progress else None
    rows = label_store.pending_rows(conn, model.version, everything=everything)
    done = 0
    while batch := list(islice(rows, LABEL_BATCH)):
        # The model reads a message's opening only: a pasted 50 MB "message" must not take minutes to label.
        texts = [t[:LABEL_CHARS] for _, t, _, _ in batch]
        contexts = [c[:LABEL_CHARS] if isinstance(c, str) else c for _, _, c, _ in batch]
        matrix = getattr(model, "proba_matrix", None)
        if matrix is not None:  # the linear model: skip building 16-key dicts for every message
            p = matrix(texts, contexts)
            cut = [thresholds.get(label, 0.5) for label in model.labels]
            scores = [{model.labels[j]: float(row[j]) for j in range(len(cut)) if row[j] >= cut[j]} for row in p]
        else:
            scores = model.predict_proba(texts, contexts)
        label_store.store_predictions(conn, [(mid, s) for (mid, _, _, _), s in zip(batch, scores)], thresholds,
                                      replace=[mid for mid, _, _, labelled in batch if labelled])
        done += len(batch)
        if progress:
            progress("labelling", done, total)
    label_store.mark_labelled(conn, model.version, everything=everything)
    return done


def analyse(conn: sqlite3.Connection, *, gap_hours: float = 6.0) -> tuple[Analysis, Guidance]:
    """The analysis and its guidance (safety gate first); the cyclic GC is paused meanwhile (analysis.bulk).

    The safety scan reads the texts as the analysis grouped and searched them (``bulk.corpus_of``), so the
    shared per-message answers are dropped only once both are done.
    """
    with paused_gc():
        try:
            a = analyze_tables(load(conn), gap_hours=gap_hours, keep=True)
            return a, guide(a)
        finally:
            forget()
