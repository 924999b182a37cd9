"""Labelling speed on one core: the default model, the lexicon and VADER over the same texts.

    .venv/bin/python benchmarks/classify.py [--messages 100000] [--repeat 3] [--seed 7] [--no-write]

The texts are drawn with replacement from the corpus (data/corpus/*.jsonl, with their previous
message as context where the corpus has one) and shuffled with a fixed seed, so every run reads the
same 100,000 messages. BLAS/OpenMP pools are set to one thread and the process is pinned to one CPU
before numpy loads. Each model's figure is the best of ``--repeat`` timed runs over all the texts
(the machine is shared; the best run is the least disturbed), after a 1,000-message warm-up; the
default model's per-word and word-pair cache is emptied before each run, so every run builds it from nothing.

VADER (vaderSentiment, the bench extra: ``pip install -e '.[bench]'``) gives a sentiment score,
not these labels; it is here as the speed bar the issue sets ("not slower than VADER"). The result
is written to the "classify" section of benchmarks/README.md unless ``--no-write``.
"""
from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_var] = "1"  # before numpy is imported anywhere

import argparse  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable, Sequence  # noqa: E402
from pathlib import Path  # noqa: E402

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from _common import machine, write_section  # noqa: E402

CORPUS = HERE.parent / "data" / "corpus"
BATCH = 5000  # what `homeward classify` and import use per call


def texts_from_corpus(n: int, seed: int) -> tuple[list[str], list[str | None]]:
    """``n`` (text, context) pairs drawn with replacement from the corpus, in a seeded shuffle."""
    rows = []
    for path in sorted(CORPUS.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                rows.append((row["text"], row.get("context")))
    rng = random.Random(seed)
    picked = [rows[rng.randrange(len(rows))] for _ in range(n)]
    rng.shuffle(picked)
    return [t for t, _ in picked], [c for _, c in picked]


def batched(run: Callable[[Sequence[str], Sequence[str | None]], object]) -> Callable[[list[str], list[str | None]], None]:
    def go(texts: list[str], contexts: list[str | None]) -> None:
        for i in range(0, len(texts), BATCH):
            run(texts[i:i + BATCH], contexts[i:i + BATCH])
    return go


def default_runner() -> tuple[str, Callable[[list[str], list[str | None]], None], Callable[[], None]]:
    """The shipped model through ``proba_matrix`` plus the per-label thresholds, as import labels messages."""
    import numpy as np

    from homeward.signals import load_classifier, thresholds_of

    model = load_classifier("default")
    cut = np.array([thresholds_of(model).get(label, 0.5) for label in model.labels])
    matrix = getattr(model, "proba_matrix", None)
    if matrix is None:
        return f"default ({model.version}, predict_proba)", batched(model.predict_proba), lambda: None

    def run(texts: Sequence[str], contexts: Sequence[str | None]) -> None:
        _ = matrix(texts, contexts) >= cut

    def reset() -> None:
        model.__dict__.pop("_word_ids", None)

    return f"default ({model.version}, proba_matrix)", batched(run), reset


def lexicon_runner() -> tuple[str, Callable[[list[str], list[str | None]], None], Callable[[], None]]:
    from homeward.signals import load_classifier

    model = load_classifier("lexicon")
    return f"lexicon ({model.version})", batched(model.predict_proba), lambda: None


def embeddings_runner() -> tuple[str, Callable[[list[str], list[str | None]], None], Callable[[], None]] | None:
    """The optional embeddings model, when this checkout has one; None otherwise."""
    from homeward.errors import HomewardError
    from homeward.signals import MODELS, load_classifier

    if "embeddings" not in MODELS:
        return None
    try:
        model = load_classifier("embeddings")
    except (HomewardError, ImportError, FileNotFoundError):
        return None
    matrix = getattr(model, "proba_matrix", None)
    return f"embeddings ({model.version})", batched(matrix or model.predict_proba), lambda: None


def vader_runner() -> tuple[str, Callable[[list[str], list[str | None]], None], Callable[[], None]] | None:
    try:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer  # type: ignore[import-untyped]
    except ImportError:
        return None
    analyser = SentimentIntensityAnalyzer()

    def run(texts: list[str], contexts: list[str | None]) -> None:
        score = analyser.polarity_scores
        for t in texts:
            score(t)

    return "VADER (vaderSentiment, polarity_scores)", run, lambda: None


def best_rate(run: Callable[[list[str], list[str | None]], None], reset: Callable[[], None],
              texts: list[str], contexts: list[str | None], repeat: int) -> tuple[float, float]:
    """Messages per second of CPU time and of wall-clock time, each the best of ``repeat`` runs over all ``texts``.

    CPU time is the figure to judge by on a shared machine: the process is single-threaded and pinned
    to one core, so its CPU time is what one core spends, whatever else the machine is running.
    """
    reset()
    run(texts[:1000], contexts[:1000])
    cpu, wall = float("inf"), float("inf")
    for _ in range(repeat):
        reset()
        c, w = time.process_time(), time.perf_counter()
        run(texts, contexts)
        cpu, wall = min(cpu, time.process_time() - c), min(wall, time.perf_counter() - w)
    return len(texts) / cpu, len(texts) / wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-write", action="store_true", help="print only; leave benchmarks/README.md alone")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    texts, contexts = texts_from_corpus(args.messages, args.seed)

    rows: list[tuple[str, float, float]] = []
    missing: list[str] = []
    for make in (default_runner, lexicon_runner, embeddings_runner, vader_runner):
        runner = make()
        if runner is None:
            missing.append({embeddings_runner: "embeddings: not measured here (the optional extra `homeward[embeddings]` is not installed in this environment; about 70 msg/s per thread was measured by `python -m homeward.signals.train_embeddings --test`, see docs/accuracy.md)",
                            vader_runner: "VADER: vaderSentiment is not installed (pip install -e '.[bench]')"}[make])
            continue
        name, run, reset = runner
        rate, wall = best_rate(run, reset, texts, contexts, args.repeat)
        rows.append((name, rate, wall))
        print(f"{name}: {rate:,.0f} messages/s of CPU time ({wall:,.0f} by the wall clock)", flush=True)

    default = rows[0][1]
    if rows[0][0].startswith("default (lexicon"):
        missing.append("default: no trained artefact in this checkout, so `default` fell back to the lexicon "
                       "(run `make model`); this row is not the linear model's rate")
    vader = next((r for n, r, _ in rows if n.startswith("VADER")), None)
    verdict = [f"Target ≥ 20,000 msg/s: {'met' if default >= 20_000 else 'NOT met'} ({default:,.0f})."]
    if vader is not None:
        verdict.append(f"Not slower than VADER: {'met' if default >= vader else 'NOT met'} "
                       f"(default is {default / vader:.1f}× VADER's rate).")
    table = ["| model | messages/s, CPU time (one core) | messages/s, wall clock |", "|---|---:|---:|",
             *(f"| {n} | {r:,.0f} | {w:,.0f} |" for n, r, w in rows)]
    md = "\n".join([
        "## Labelling speed (classify)",
        "",
        f"`.venv/bin/python benchmarks/classify.py --messages {args.messages} --repeat {args.repeat} --seed {args.seed}`: "
        f"{args.messages:,} messages drawn from the corpus (with context where it has one), one CPU, BLAS/OpenMP "
        f"at one thread, batches of {BATCH:,}, best of {args.repeat} runs. The targets are judged on CPU time "
        "(the single-threaded process's time on its one core), which other load on a shared machine does not inflate; "
        "the wall-clock rate is shown beside it.",
        "",
        *table,
        "",
        *(f"- {line}" for line in verdict + missing),
        "- The texts repeat (the corpus has about 6,400), which helps the default model's per-word and word-pair cache; the cache "
        "is emptied before each run. VADER scores sentiment, not these labels: it is the speed bar only.",
        "",
        f"Machine: {machine()}.",
    ])
    print("\n".join(verdict + missing))
    if not args.no_write:
        write_section("classify", md)


if __name__ == "__main__":
    main()
