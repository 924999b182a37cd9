"""The steps a command runs, in one place for the CLI and the dashboard: import, label, analyse.

Each function takes an open connection and does its whole job inside one transaction.
"""
from __future__ import annotations

import multiprocessing
import os
import sqlite3
import sys
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from pathlib import Path
from zoneinfo import ZoneInfo

from homeward.analysis import STEPS, Analysis, analyze_tables, load
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
                  progress: Callable[[str, int, int | None], None] | None = None, workers: int | None = None) -> int:
    """Label every message the model has not labelled yet (or all, with ``everything``); returns how many.

    Streams: a batch of messages at a time is read, labelled and stored (memory stays flat at a million
    messages); messages no model labelled before skip the delete of old predictions, and all are
    marked as labelled by this model in one pass at the end (``labels.mark_labelled``).

    ``workers``: processes scoring the batches (None: one per core when the model allows it and there are at
    least ``LABEL_PARALLEL_MIN`` messages, see ``_workers``). The batches are labelled in forked worker
    processes and stored here, in order, by this one connection: the database sees the same writes either way.
    """
    thresholds = thresholds_of(model)
    may_fork = getattr(model, "forks", False)
    total = label_store.count_pending(conn, model.version, everything=everything) if progress or may_fork else None
    rows = label_store.pending_rows(conn, model.version, everything=everything)
    batches = iter(lambda: list(islice(rows, LABEL_BATCH)), [])
    n = _workers(model, total or 0) if workers is None else workers
    done = 0
    for batch, scores in (_scored_in_workers(model, thresholds, batches, n) if n > 1
                          else ((b, _scores(model, thresholds, b)) for b in batches)):
        label_store.store_predictions(conn, [(mid, s) for (mid, _, _, _), s in zip(batch, scores)], thresholds,
                                      replace=[mid for mid, _, _, labelled in batch if labelled])
        done += len(batch)
        if progress:
            progress("labelling", done, total)
    label_store.mark_labelled(conn, model.version, everything=everything)
    return done


Row = tuple[str, str, str | None, bool]  # message id, text, context, labelled before


def _scores(model: Classifier, thresholds: dict[str, float], batch: list[Row]) -> list[dict[str, float]]:
    """The labels (with scores) ``model`` reads in each message of ``batch`` at or above its thresholds."""
    # The model reads a message's opening only: a pasted 50 MB "message" must not take minutes to label.
    texts = [t[:LABEL_CHARS] for _, t, _, _ in batch]
    contexts = [c[:LABEL_CHARS] if isinstance(c, str) else c for _, _, c, _ in batch]
    matrix = getattr(model, "proba_matrix", None)
    if matrix is None:
        return model.predict_proba(texts, contexts)
    # the linear model: skip building 16-key dicts for every message
    p = matrix(texts, contexts)
    cut = [thresholds.get(label, 0.5) for label in model.labels]
    return [{model.labels[j]: float(row[j]) for j in range(len(cut)) if row[j] >= cut[j]} for row in p]


LABEL_PARALLEL_MIN = 40_000  # fewer pending messages are labelled here: starting workers would cost more than it saves
LABEL_AHEAD = 3  # batches queued per worker: enough to keep each busy while this process stores, memory bounded


def _workers(model: Classifier, pending: int) -> int:
    """How many worker processes to label ``pending`` messages with: one per core this process may use, when the
    model says it may run in a forked copy (``forks``: plain Python and numpy, no threads of its own) on Linux;
    else none (1). ``HOMEWARD_WORKERS`` overrides the count."""
    if not getattr(model, "forks", False) or not sys.platform.startswith("linux"):
        return 1  # fork is Linux's own way to start a process; elsewhere it is unsafe (macOS) or absent (Windows)
    if (asked := os.environ.get("HOMEWARD_WORKERS", "").strip()).isdigit():
        return max(1, int(asked))
    if pending < LABEL_PARALLEL_MIN:
        return 1
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


_MODEL: tuple[Classifier, dict[str, float]] | None = None  # a worker's copy of the model (``_adopt``)


def _adopt(model: Classifier, thresholds: dict[str, float]) -> None:
    """A worker's start: keep the model, and leave the standard streams it inherited alone.

    A forked copy holds the parent's stdout and stderr as they were at the fork, perhaps locked by a thread that
    does not exist here (the progress bar's, writing). A worker writes nothing (errors travel back with the
    results), so it swaps in streams of its own: not even the flush at its exit touches an inherited lock.
    """
    global _MODEL
    _MODEL = (model, thresholds)
    sys.stdout = sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - lives as long as the worker


def _score_in_worker(batch: list[Row]) -> list[dict[str, float]]:
    assert _MODEL is not None
    return _scores(_MODEL[0], _MODEL[1], batch)


def _scored_in_workers(model: Classifier, thresholds: dict[str, float], batches: Iterator[list[Row]],
                       workers: int) -> Iterator[tuple[list[Row], list[dict[str, float]]]]:
    """Each batch with its scores, in order, the scoring spread over ``workers`` forked processes.

    Forked, the workers start with the model already loaded (nothing is pickled but the batches and their
    scores); at most ``LABEL_AHEAD`` batches per worker are in flight, so memory stays flat however many
    messages are pending. A worker that fails raises here, inside the caller's transaction, which then rolls
    back: an import lands whole or not at all.
    """
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_adopt, initargs=(model, thresholds)) as pool:
        flight: deque[tuple[list[Row], Future[list[dict[str, float]]]]] = deque()
        for batch in batches:
            flight.append((batch, pool.submit(_score_in_worker, batch)))
            if len(flight) >= workers * LABEL_AHEAD:
                done, future = flight.popleft()
                yield done, future.result()
        while flight:
            done, future = flight.popleft()
            yield done, future.result()


def analyse(conn: sqlite3.Connection, *, gap_hours: float = 6.0,
            progress: Callable[[str, int, int | None], None] | None = None) -> tuple[Analysis, Guidance]:
    """The analysis and its guidance (safety gate first); the cyclic GC is paused meanwhile (analysis.bulk).

    The safety scan reads the texts as the analysis grouped and searched them (``bulk.corpus_of``), so the
    shared per-message answers are dropped only once both are done. ``progress``: told after reading the
    store, after each stage of the analysis and after the guidance (``STEPS`` + 2 steps in all).
    """
    total = STEPS + 2
    steps = iter(range(1, total + 1))

    def done() -> None:
        if progress:
            progress(ANALYSING, next(steps), total)

    if progress:
        progress(ANALYSING, 0, total)
    with paused_gc():
        try:
            tables = load(conn)
            done()
            a = analyze_tables(tables, gap_hours=gap_hours, keep=True, step=done)
            g = guide(a)
            done()
            return a, g
        finally:
            forget()


ANALYSING = "analysing the messages"  # the progress bar's label for ``analyse``
