"""``make model-embeddings``: fit the ``--model embeddings`` second stage on train + dev, with its
setting, calibration and thresholds from cross-validation, and save ``embeddings-v1.npz``.

Needs ``homeward[embeddings]`` and ``homeward[train]`` (scikit-learn). Same discipline as train.py:
the folds are train.py's hashed folds, the first-stage scores are the default model's out-of-fold
scores (the same recipe as the shipped default, so the second stage learns how much to trust scores
made on unseen messages), and the test split is read only with ``--test``, once per version.
"""
from __future__ import annotations

import argparse
import json
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from homeward.signals import train as base_train
from homeward.signals.corpus import Example, load
from homeward.signals.embeddings import ARTEFACT, DIM, EmbeddingSignalModel, Encoder, default_fingerprint
from homeward.signals.taxonomy import LABELS

REPO = Path(__file__).resolve().parents[3]
C_GRID = (0.25, 1.0, 4.0, 16.0)


def cached_vectors(texts: Sequence[str], cache: Path | None, encoder: Encoder) -> dict[str, np.ndarray]:
    """MiniLM vectors of ``texts``; with ``cache`` (a folder of emb_texts.json + emb_vecs.npy) only the
    texts not yet there are encoded, and the cache is extended.

    Why a cache: MiniLM is the slow part (tens of messages a second per thread on a busy CPU) and
    the corpus grows by a few hundred lines at a time."""
    have: list[str] = []
    vecs = np.zeros((0, DIM), dtype=np.float32)
    if cache is not None and (cache / "emb_texts.json").exists():
        have = json.loads((cache / "emb_texts.json").read_text(encoding="utf-8"))
        vecs = np.load(cache / "emb_vecs.npy")
    known = set(have)
    new = sorted({t for t in texts if t not in known})
    if new:
        print(f"  encoding {len(new)} texts with MiniLM", flush=True)
        vecs = np.vstack([vecs, encoder.encode(new)])
        have = have + new
        if cache is not None:
            cache.mkdir(parents=True, exist_ok=True)
            np.save(cache / "emb_vecs.npy", vecs)
            (cache / "emb_texts.json").write_text(json.dumps(have), encoding="utf-8")
    index = {t: i for i, t in enumerate(have)}
    return {t: vecs[index[t]] for t in set(texts)}


def embed(examples: Sequence[Example], vectors: dict[str, np.ndarray]) -> np.ndarray:
    """[MiniLM(text), MiniLM(context) or zeros] rows, as ``embeddings.embedding_features`` builds them."""
    zero = np.zeros(DIM, dtype=np.float32)
    return np.array([np.concatenate([vectors[e.text], vectors[e.context] if e.context else zero]) for e in examples])


def tune(model: EmbeddingSignalModel, scores: np.ndarray, examples: Sequence[Example]) -> np.ndarray:
    """Platt scaling and F1-best thresholds per label from held-out raw scores (as the default model's
    training does), then train.py's neutral-clean constraint; returns the calibrated probabilities."""
    ys = [e.labels for e in examples]
    model.calibrate(scores, ys)
    probs = model.probabilities(scores)
    model.tune_thresholds(probs, ys)
    base_train.keep_neutral_clean(model, probs, examples)  # type: ignore[arg-type]
    return probs


def second_stage_oof(scores: np.ndarray, emb: np.ndarray, examples: Sequence[Example], C: float) -> np.ndarray:
    """Raw second-stage scores of every example from the stage fitted on the other folds."""
    folds = np.array([base_train.fold_of(e.text) for e in examples])
    out = np.zeros((len(examples), len(LABELS)), dtype=np.float32)
    for k in range(base_train.FOLDS):
        tr, te = np.flatnonzero(folds != k), np.flatnonzero(folds == k)
        m = EmbeddingSignalModel(C=C).fit(scores[tr], emb[tr], [examples[i].labels for i in tr], LABELS)
        out[te] = m.decision_from(m.stack(scores[te], emb[te]))
    return out


def report(probs: np.ndarray, examples: Sequence[Example], thresholds: dict[str, float]) -> tuple[float, float, dict[str, float]]:
    """Macro-F1, neutral-clean rate and per-label F1."""
    f1 = base_train.f1_per_label(probs, examples, thresholds)
    th = np.array([thresholds[label] for label in LABELS])
    neutral = np.array([not e.labels for e in examples])
    return float(np.mean(list(f1.values()))), float((probs[neutral] < th).all(axis=1).mean()), f1


def train(corpus: Path, out: Path | None, *, cache: Path | None, base_oof: Path | None) -> EmbeddingSignalModel:
    """Cross-validate the second stage's C on train + dev, fit on all of it, save to ``out``."""
    from homeward.signals.classifier import load_default

    data = load(corpus)
    examples = data["train"] + data["dev"]
    encoder = Encoder()
    vectors = cached_vectors([e.text for e in examples] + [e.context for e in examples if e.context], cache, encoder)
    emb = embed(examples, vectors)
    if base_oof is not None and base_oof.exists() and np.load(base_oof).shape == (len(examples), len(LABELS)):
        scores = np.load(base_oof)
    else:
        print("  default model, out-of-fold scores (5 fits)", flush=True)
        scores = base_train.out_of_fold(examples, C=8.0, augment=True)
        if base_oof is not None:
            np.save(base_oof, scores)
    print(f"{base_train.FOLDS}-fold CV on train+dev ({len(examples)} messages)")
    baseline = _unfitted(0.0)
    macro, clean, _ = report(tune(baseline, scores, examples), examples, baseline.thresholds_)
    print(f"  default model's scores alone, same tuning: macro-F1 {macro:.3f}, neutral with no label {clean:.1%}")
    best: tuple[float, float, np.ndarray] | None = None
    for C in C_GRID:
        oof = second_stage_oof(scores, emb, examples, C)
        m = _unfitted(C)
        probs = tune(m, oof, examples)
        macro, clean, _ = report(probs, examples, m.thresholds_)
        print(f"  C={C}: macro-F1 {macro:.3f}, neutral with no label {clean:.1%}", flush=True)
        if best is None or macro > best[0]:
            best = (macro, C, oof)
    assert best is not None
    _, C, oof = best
    model = EmbeddingSignalModel(C=C).fit(scores, emb, [e.labels for e in examples], LABELS)
    probs = tune(model, oof, examples)
    macro, clean, f1 = report(probs, examples, model.thresholds_)
    print(f"chosen C={C}: CV macro-F1 {macro:.3f}, neutral with no label {clean:.1%}")
    print("  " + ", ".join(f"{label} {v:.2f}" for label, v in f1.items()))
    default = load_default()
    model.base_version_, model.base_fingerprint_ = default.version, default_fingerprint(default)
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        model.save(out)
        print(f"saved {out} ({out.stat().st_size / 1e3:.0f} kB)")
    return model


def _unfitted(C: float) -> EmbeddingSignalModel:
    """A model holding only what ``tune`` sets (to score one setting's out-of-fold results)."""
    m = EmbeddingSignalModel(C=C)
    m.labels = LABELS
    m.calibration_ = np.array([[1.0] * len(LABELS), [0.0] * len(LABELS)], dtype=np.float32)
    m.thresholds_ = {label: 0.5 for label in LABELS}
    return m


def evaluate(corpus: Path, path: Path) -> None:
    """Score the saved artefact and the default model on the test split (read once per version):
    per-label P/R/F1, macro-F1, neutral-clean rate, pooled ECE and speed on one thread."""
    import torch

    from homeward.signals.classifier import load_default

    torch.set_num_threads(1)
    examples = load(corpus)["test"]
    texts, ctxs = [e.text for e in examples], [e.context for e in examples]
    model = EmbeddingSignalModel.load(path)
    model.encoder = Encoder(threads=1)
    model.encoder.encode(["warm up"])
    rows = []
    for name, clf in (("default", load_default()), (model.version, model)):
        start = time.perf_counter()
        probs = clf.proba_matrix(texts, ctxs)
        rate = len(texts) / (time.perf_counter() - start)
        th = clf.thresholds
        truth = np.array([[label in e.labels for label in LABELS] for e in examples])
        print(f"\n{name} on the test split ({len(examples)} messages), {rate:,.1f} msg/s on one thread")
        print("| label | support | P | R | F1 | ECE |\n|---|---:|---:|---:|---:|---:|")
        f1s = []
        for j, label in enumerate(LABELS):
            pred, t = probs[:, j] >= th[label], truth[:, j]
            tp = float((pred & t).sum())
            p = tp / pred.sum() if pred.sum() else 0.0
            r = tp / t.sum() if t.sum() else 0.0
            f1s.append(2 * p * r / (p + r) if p + r else 0.0)
            print(f"| {label} | {int(t.sum())} | {p:.2f} | {r:.2f} | {f1s[-1]:.2f} | {base_train.ece(probs[:, j], t):.3f} |")
        neutral = ~truth.any(axis=1)
        clean = float((probs[neutral] < np.array([th[label] for label in LABELS])).all(axis=1).mean())
        rows.append((name, float(np.mean(f1s)), clean, base_train.ece(probs.ravel(), truth.ravel()), rate))
    print()
    for name, macro, clean, e, rate in rows:
        print(f"{name}: macro-F1 {macro:.3f}, neutral with no label {clean:.1%}, pooled ECE {e:.3f}, {rate:,.1f} msg/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REPO / "data" / "corpus")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "model" / ARTEFACT)
    parser.add_argument("--cache", type=Path, help="Folder caching MiniLM vectors (emb_texts.json, emb_vecs.npy).")
    parser.add_argument("--base-oof", type=Path, help="Cache of the default model's out-of-fold scores (.npy).")
    parser.add_argument("--test", action="store_true", help="Only score the saved artefact on the test split.")
    args = parser.parse_args()
    if args.test:
        evaluate(args.corpus, args.out)
    else:
        train(args.corpus, args.out, cache=args.cache, base_oof=args.base_oof)


if __name__ == "__main__":
    main()
