"""The default signal reader: TF-IDF over word, character and context features, one logistic
regression per label, Platt-calibrated probabilities and per-label thresholds chosen by
cross-validation on train + dev (see train.py).

Estimator discipline as in scikit-learn: ``__init__`` only stores parameters, ``fit`` learns
(``vocabulary_``, ``idf_``, ``coef_``, ``intercept_``, ``calibration_``, ``thresholds_``), and ``predict_proba``
needs numpy and scipy only, so the default install does not need scikit-learn or torch. The fitted
model is saved as one versioned ``.npz`` artefact shipped in the package (``signals/model/``).
"""
from __future__ import annotations

import json
import math
from array import array
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from itertools import chain, repeat
from operator import itemgetter
from pathlib import Path

import numpy as np
from scipy import sparse

from homeward.signals.features import (batch_features, bigram_key, canon, english_tokens, message_cues, raw_tokens,
                                       word_features)
from homeward.signals.taxonomy import LABELS

ARTEFACT = "linear-v3.npz"
_FORMS, _IDS = itemgetter(0), itemgetter(1)  # of a FeatureMemo token entry


class CalibratedLabels:
    """What every trained reader shares once it has raw per-label scores: Platt calibration, F1-best
    thresholds, and the ``predict_proba``/``predict`` views of ``proba_matrix``. Subclasses set
    ``labels``, ``calibration_`` (2 x labels: slope, intercept) and ``thresholds_``, and define
    ``proba_matrix``."""

    labels: tuple[str, ...]
    calibration_: np.ndarray
    thresholds_: dict[str, float]

    def proba_matrix(self, texts: Sequence[str], contexts: Sequence[str | None]) -> np.ndarray:
        raise NotImplementedError

    # -- learning (needs scikit-learn) --------------------------------------------------------------
    def calibrate(self, scores: np.ndarray, y: Sequence[Sequence[str]]) -> None:
        """Platt scaling per label from held-out raw scores (``decision_function`` rows of messages the
        model did not learn from): probability = sigmoid(a * score + b). Needs scikit-learn."""
        from sklearn.linear_model import LogisticRegression

        cal = np.array([[1.0] * len(self.labels), [0.0] * len(self.labels)], dtype=np.float32)
        for j, label in enumerate(self.labels):
            target = np.array([label in ys for ys in y], dtype=int)
            if 0 < target.sum() < len(target):
                lr = LogisticRegression(C=100.0, solver="lbfgs").fit(scores[:, [j]], target)
                cal[:, j] = (lr.coef_[0, 0], lr.intercept_[0])
        self.calibration_ = cal

    def probabilities(self, scores: np.ndarray) -> np.ndarray:
        """Calibrated probabilities from raw scores."""
        return 1.0 / (1.0 + np.exp(-(scores * self.calibration_[0] + self.calibration_[1])))

    def tune_thresholds(self, probs: np.ndarray, y: Sequence[Sequence[str]]) -> dict[str, float]:
        """Choose each label's threshold to maximise F1 on held-out probabilities (rows of messages the
        model did not learn from, columns in ``labels`` order); returns them."""
        for j, label in enumerate(self.labels):
            p = probs[:, j]
            t = np.array([label in ys for ys in y])
            best, best_f1 = 0.5, -1.0
            for th in np.arange(0.10, 0.91, 0.025):
                pred = p >= th
                tp = float((pred & t).sum())
                f1 = 2 * tp / (pred.sum() + t.sum()) if (pred.sum() + t.sum()) else 0.0
                if f1 > best_f1 + 1e-9:
                    best, best_f1 = float(th), f1
            self.thresholds_[label] = round(best, 3)
        return dict(self.thresholds_)

    # -- prediction ---------------------------------------------------------------------------------
    @property
    def thresholds(self) -> dict[str, float]:
        return dict(self.thresholds_)

    def predict_proba(self, texts: Sequence[str], contexts: Sequence[str | None]) -> list[dict[str, float]]:
        """Per message, a probability for every label; non-English messages get all zeros (left unlabelled)."""
        labels = self.labels
        return [dict(zip(labels, row)) for row in self.proba_matrix(texts, contexts).round(4).tolist()]

    def predict(self, texts: Sequence[str], contexts: Sequence[str | None]) -> list[list[str]]:
        """Per message, the sorted labels whose probability reaches the label's threshold."""
        return [sorted(k for k, v in s.items() if v >= self.thresholds_[k]) for s in self.predict_proba(texts, contexts)]


class LinearSignalModel(CalibratedLabels):
    """Multi-label linear model over sparse text features (see module docstring)."""

    # Plain Python and numpy with no threads of its own: a forked copy labels batches as well as this one does,
    # so a long import labels on every core (``pipeline.label_pending``).
    forks = True

    def __init__(self, *, min_df: int = 2, C: float = 4.0, class_weight: str | None = None,
                 version: str = "linear-v3") -> None:
        self.min_df = min_df
        self.C = C
        self.class_weight = class_weight
        self.version = version
        self.labels: tuple[str, ...] = LABELS

    # -- learning -------------------------------------------------------------------------------
    def fit(self, texts: Sequence[str], contexts: Sequence[str | None], y: Sequence[Sequence[str]]) -> "LinearSignalModel":
        """Learn the vocabulary, idf and one logistic regression per label (needs scikit-learn).

        Raises:
            ImportError: scikit-learn is missing; install ``homeward[train]``.
        """
        from sklearn.linear_model import LogisticRegression

        feats = list(batch_features(texts, contexts))
        df = Counter(k for f in feats for k in set(f))
        vocab = sorted(k for k, n in df.items() if n >= self.min_df)
        self.vocabulary_ = {k: i for i, k in enumerate(vocab)}
        n_docs = len(feats)
        self.idf_ = np.array([math.log((1 + n_docs) / (1 + df[k])) + 1 for k in vocab], dtype=np.float32)
        X = self._matrix(feats)
        coef = np.zeros((len(vocab), len(self.labels)), dtype=np.float32)
        intercept = np.zeros(len(self.labels), dtype=np.float32)
        for j, label in enumerate(self.labels):
            target = np.array([label in ys for ys in y], dtype=int)
            if target.sum() == 0 or target.sum() == len(target):
                intercept[j] = -10.0 if target.sum() == 0 else 10.0
                continue
            lr = LogisticRegression(C=self.C, max_iter=2000, solver="liblinear", class_weight=self.class_weight)
            lr.fit(X, target)
            coef[:, j] = lr.coef_[0]
            intercept[j] = lr.intercept_[0]
        self.coef_ = coef
        self.intercept_ = intercept
        self.calibration_ = np.array([[1.0] * len(self.labels), [0.0] * len(self.labels)], dtype=np.float32)
        self.thresholds_ = {label: 0.5 for label in self.labels}
        return self

    # -- prediction -----------------------------------------------------------------------------
    def _matrix(self, feats: Sequence[list[str]]) -> sparse.csr_matrix:
        """TF-IDF rows (sublinear tf, L2-normalised) for lists of feature keys."""
        vocab = self.vocabulary_
        indptr = [0]
        indices: list[int] = []
        for f in feats:
            indices.extend(i for k in f if (i := vocab.get(k)) is not None)
            indptr.append(len(indices))
        return self._weigh(indices, indptr)

    def _weigh(self, indices: list[int], indptr: list[int]) -> sparse.csr_matrix:
        X = sparse.csr_matrix((np.ones(len(indices), dtype=np.float32), np.array(indices, dtype=np.int32),
                               np.array(indptr, dtype=np.int64)), shape=(len(indptr) - 1, len(self.idf_)))
        X.sum_duplicates()
        X.data = (1.0 + np.log(X.data)) * self.idf_[X.indices]
        norms = np.sqrt(np.bincount(np.repeat(np.arange(X.shape[0]), np.diff(X.indptr)), X.data.astype(np.float64) ** 2,
                                    minlength=X.shape[0]))
        norms[norms == 0] = 1.0
        X.data /= np.repeat(norms, np.diff(X.indptr)).astype(np.float32)
        return X

    def _fast_matrix(self, texts: Sequence[str], contexts: Sequence[str | None],
                     english: list[bool] | None = None) -> sparse.csr_matrix:
        """Same rows as ``_matrix(batch_features(...))``, one per message; appends ``looks_english`` to
        ``english``. Prediction goes through ``_distinct_rows`` instead, which skips repeated messages."""
        X, row_of, is_english = self._distinct_rows(texts, contexts)
        if english is not None:
            english.extend(is_english[row_of].tolist())
        return X[row_of]

    def _distinct_rows(self, texts: Sequence[str], contexts: Sequence[str | None]
                       ) -> tuple[sparse.csr_matrix, np.ndarray, np.ndarray]:
        """TF-IDF rows of the distinct (text, context) pairs of a batch, the row of each message, and
        ``looks_english`` per distinct pair.

        Why: labelling speed is dominated by per-message Python work, and chats repeat themselves ("ok",
        "lol", "night x"), so each distinct message is featurised once per call. Token and bigram
        indices come from the model's ``FeatureMemo`` (``_word_ids``), so a message costs about one
        dictionary lookup per token and per bigram.
        """
        memo = self.__dict__.get("_word_ids")
        if memo is None or memo.vocabulary is not self.vocabulary_:  # none yet, or the model was refitted
            memo = self.__dict__["_word_ids"] = FeatureMemo(self.vocabulary_)
        lookup = memo.__getitem__
        vocab_get = self.vocabulary_.get
        distinct: dict[tuple[str, str | None], int] = {}  # (text, context) -> its row, in first-seen order
        row_of = [distinct.setdefault(pair, len(distinct)) for pair in zip(texts, contexts)]
        word_ids: list[bytes] = []  # per distinct message, its tokens' packed indices; -1: not in the vocabulary
        message_ids: list[int] = []  # of all distinct messages, flat; -1: not in the vocabulary
        message_ends: list[int] = []
        english: list[bool] = []
        for text, ctx in distinct:
            raw = raw_tokens(text)
            entries = list(map(lookup, raw))
            toks = list(chain.from_iterable(map(_FORMS, entries)))
            word_ids.append(b"".join(map(_IDS, entries)))
            message_ids += map(lookup, zip(toks, toks[1:]))
            ctx_toks = list(chain.from_iterable(map(_FORMS, map(lookup, raw_tokens(ctx))))) if ctx else []
            message_ids += map(vocab_get, message_cues(toks, text, ctx, ctx_toks), repeat(-1))  # n:, x:, m: keys
            message_ends.append(len(message_ids))
            english.append(english_tokens(raw))
        n = len(word_ids)
        words_per_row = np.fromiter(map(len, word_ids), dtype=np.int64, count=n) // np.dtype(np.intc).itemsize
        ids = np.concatenate([np.frombuffer(b"".join(word_ids), dtype=np.intc),  # array("i") is a C int
                              np.array(message_ids, dtype=np.intc)])
        row_numbers = np.arange(n, dtype=np.int32 if n < 2**31 else np.int64)
        rows = np.concatenate([np.repeat(row_numbers, words_per_row),
                               np.repeat(row_numbers, np.diff(np.array(message_ends, dtype=np.int64), prepend=0))])
        return self._weigh_ids(rows, ids, n), np.array(row_of, dtype=np.intp), np.array(english, dtype=bool)

    def _weigh_ids(self, rows: np.ndarray, ids: np.ndarray, n: int) -> sparse.csr_matrix:
        """``_weigh`` for ``n`` rows given as (row, feature index) pairs in any order (index -1: not in
        the vocabulary).

        Counts duplicates with one sort of (row, index) keys instead of scipy's per-row sorts; the result
        is canonical (sorted, no duplicates) and bit-identical to ``_weigh``, whose arithmetic it repeats.
        """
        width = len(self.idf_)
        key_type = np.int32 if n * width < 2**31 else np.int64
        keys = rows.astype(key_type, copy=False) * key_type(width) + ids
        keys = np.sort(keys[ids >= 0])
        edge = np.empty(len(keys) + 1, dtype=bool)  # where a run of equal keys starts, and the end
        edge[0] = edge[-1] = True
        np.not_equal(keys[1:], keys[:-1], out=edge[1:-1])
        starts = np.flatnonzero(edge)
        keys, counts = keys[starts[:-1]], np.diff(starts)
        rows = keys // key_type(width)
        cols = keys - rows * key_type(width)
        sublinear_tf = 1.0 + np.log(np.arange(1, counts.max(initial=1) + 1, dtype=np.float32))  # by count - 1
        data = sublinear_tf[counts - 1] * self.idf_[cols]
        norms = np.sqrt(np.bincount(rows, data.astype(np.float64) ** 2, minlength=n))
        norms[norms == 0] = 1.0
        indptr = np.searchsorted(rows, np.arange(n + 1))
        data /= np.repeat(norms.astype(np.float32), np.diff(indptr))
        X = sparse.csr_matrix((data, cols.astype(np.int32), indptr), shape=(n, width))
        X.has_sorted_indices = True
        return X

    def decision_function(self, texts: Sequence[str], contexts: Sequence[str | None],
                          english: list[bool] | None = None) -> np.ndarray:
        """Raw scores, shape (n, 16); appends ``looks_english`` per message to ``english``."""
        X, row_of, is_english = self._distinct_rows(texts, contexts)
        if english is not None:
            english.extend(is_english[row_of].tolist())
        return (np.asarray(X @ self.coef_) + self.intercept_)[row_of]

    def proba_matrix(self, texts: Sequence[str], contexts: Sequence[str | None]) -> np.ndarray:
        """Probabilities, shape (n, len(labels)); rows of non-English messages are zero (left unlabelled).

        Scored once per distinct message and spread to its repeats."""
        if not texts:
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        X, row_of, is_english = self._distinct_rows(texts, contexts)
        p = self.probabilities(np.asarray(X @ self.coef_) + self.intercept_)
        p[~is_english] = 0.0
        return p[row_of]

    # -- artefact -------------------------------------------------------------------------------
    def save(self, path: Path) -> None:
        """Write the fitted model as one compressed ``.npz``."""
        keys = sorted(self.vocabulary_, key=self.vocabulary_.__getitem__)
        meta = {"version": self.version, "labels": list(self.labels), "thresholds": self.thresholds_,
                "min_df": self.min_df, "C": self.C, "class_weight": self.class_weight}
        np.savez_compressed(path, coef=self.coef_.astype(np.float16), intercept=self.intercept_, idf=self.idf_,
                            calibration=self.calibration_,
                            vocab=np.array("\n".join(keys)), meta=np.array(json.dumps(meta)))

    @classmethod
    def load(cls, path: Path) -> "LinearSignalModel":
        """Read a model written by ``save``."""
        with np.load(path, allow_pickle=False) as z:
            meta = json.loads(str(z["meta"]))
            model = cls(min_df=meta["min_df"], C=meta["C"], class_weight=meta.get("class_weight"), version=meta["version"])
            model.labels = tuple(meta["labels"])
            model.thresholds_ = meta["thresholds"]
            model.coef_ = z["coef"].astype(np.float32)
            model.intercept_ = z["intercept"]
            model.idf_ = z["idf"]
            model.calibration_ = z["calibration"] if "calibration" in z.files else np.array(
                [[1.0] * len(model.labels), [0.0] * len(model.labels)], dtype=np.float32)
            model.vocabulary_ = {k: i for i, k in enumerate(str(z["vocab"]).split("\n"))}
        return model


class FeatureMemo(dict):  # type: ignore[type-arg]
    """Feature indices memoised across calls (bounded), filled on first use:

    - raw token -> (its canonical words, the packed C-int indices of their unigram and character n-gram
      keys, -1 for a key not in the vocabulary)
    - (word, word) -> the index of the bigram key, -1 when it is not in the vocabulary

    Why: words and word pairs repeat heavily in chats; building their key strings and hashing them once
    per occurrence was most of the labelling time. One memo, so emptying ``_word_ids`` empties all.
    """

    LIMIT = 500_000

    def __init__(self, vocabulary: dict[str, int]) -> None:
        super().__init__()
        self.vocabulary = vocabulary

    def __missing__(self, key: str | tuple[str, str]) -> tuple[tuple[str, ...], bytes] | int:
        vocab = self.vocabulary
        value: tuple[tuple[str, ...], bytes] | int
        if isinstance(key, tuple):
            value = vocab.get(bigram_key(*key), -1)
        else:
            forms = canon(key)
            ids = array("i", map(vocab.get, chain.from_iterable(map(word_features, forms)), repeat(-1)))
            value = (forms, ids.tobytes())
        if len(self) < self.LIMIT:
            self[key] = value
        return value


@lru_cache(maxsize=1)
def load_default() -> LinearSignalModel:
    """The model shipped in the package.

    Raises:
        FileNotFoundError: the artefact is missing (``make model`` builds it).
    """
    ref = resources.files("homeward.signals") / "model" / ARTEFACT
    with resources.as_file(ref) as path:
        if not path.exists():
            raise FileNotFoundError(path)
        return LinearSignalModel.load(path)
