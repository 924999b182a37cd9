"""Resampling statistics: bootstrap intervals and permutation tests, seeded, numpy only."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from homeward.analysis.bulk import run_starts


@dataclass(frozen=True)
class Difference:
    """A difference of means between two groups, with its 95 % bootstrap interval and effect size."""

    a_mean: float
    b_mean: float
    diff: float  # b - a
    low: float
    high: float
    cohens_d: float
    n_a: int
    n_b: int

    @property
    def clear(self) -> bool:
        """True when the interval excludes zero."""
        return self.low > 0 or self.high < 0


EXACT_N = 2000  # up to this many values a group is resampled value by value (rounds x n draws)
DISTINCT_N = 256  # above EXACT_N, a group with at most this many distinct values is resampled by counts


def _bootstrap_means(x: np.ndarray, rounds: int, rng: np.random.Generator) -> np.ndarray:
    """``rounds`` bootstrap means of ``x``, at a cost that does not grow with len(x) times rounds.

    Small groups are resampled value by value. Resampling n values with replacement is the same as
    drawing how many times each distinct value is picked from a multinomial, so large groups with few
    distinct values (0/1 rates, word counts, whole-minute delays) get the exact bootstrap at
    rounds x distinct cost. Large groups with many distinct values use the bootstrap's normal limit:
    beyond EXACT_N values the percentile interval of a mean and the normal one agree to within the
    resampling noise, and value-by-value resampling of a million replies would take minutes and
    gigabytes (benchmarks/README.md, analyze-report).
    """
    n = len(x)
    if n <= EXACT_N:
        return x[rng.integers(0, n, size=(rounds, n))].mean(axis=1)
    values, counts = distinct(x)
    if len(values) <= DISTINCT_N:
        return (rng.multinomial(n, counts / n, size=rounds) @ values) / n
    return x.mean() + x.std() / np.sqrt(n) * rng.standard_normal(rounds)


def distinct(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(x, return_counts=True)``: the sorted distinct values and how often each occurs.

    By one sort and a comparison of neighbours: numpy 2.3's ``unique`` hashes first and then sorts, a quarter
    of a second for the half a million reply delays of a long history, ten times what the sort costs.
    """
    v = np.sort(x)
    if len(v) == 0 or (v.dtype.kind == "f" and np.isnan(v[-1])):  # NaNs: numpy's own rule, which merges them
        return np.unique(x, return_counts=True)
    starts = np.flatnonzero(run_starts(v))
    return v[starts], np.diff(np.append(starts, len(v)))


def bootstrap_difference(a: Sequence[float], b: Sequence[float], *, seed: int = 0, rounds: int = 2000) -> Difference | None:
    """Mean of ``b`` minus mean of ``a`` with a percentile bootstrap 95 % interval.

    Returns None when either group has fewer than 3 values: no interval is honest on less.
    """
    xa, xb = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if len(xa) < 3 or len(xb) < 3:
        return None
    rng = np.random.default_rng(seed)
    means_a = _bootstrap_means(xa, rounds, rng)
    diffs = _bootstrap_means(xb, rounds, rng) - means_a
    pooled = np.sqrt(((len(xa) - 1) * xa.var(ddof=1) + (len(xb) - 1) * xb.var(ddof=1)) / (len(xa) + len(xb) - 2))
    d = float((xb.mean() - xa.mean()) / pooled) if pooled > 0 else 0.0
    low, high = np.percentile(diffs, [2.5, 97.5])
    return Difference(float(xa.mean()), float(xb.mean()), float(xb.mean() - xa.mean()), float(low), float(high),
                      d, len(xa), len(xb))


def max_cusum(x: np.ndarray, min_size: int) -> tuple[np.ndarray, np.ndarray]:
    """For each row of ``x``: the split k (x[:k] | x[k:]) maximising the standardised mean difference, and that statistic.

    ``x`` is 2-D (one series per row) so that all permutations are searched in one vectorised pass.
    """
    n = x.shape[1]
    ks = np.arange(min_size, n - min_size + 1)
    csum = np.cumsum(x, axis=1)
    total = csum[:, -1:]
    left = csum[:, ks - 1] / ks
    right = (total - csum[:, ks - 1]) / (n - ks)
    stat = np.abs(right - left) * np.sqrt(ks * (n - ks) / n)
    best = stat.argmax(axis=1)
    return ks[best], stat[np.arange(len(x)), best]


def split_test(x: Sequence[float], *, min_size: int = 3, seed: int = 0, rounds: int = 1999) -> tuple[int, float]:
    """Is there one change in the mean of ``x``? Returns (best split, permutation p-value).

    The p-value accounts for having searched every split: each permutation is searched the same way.
    """
    arr = np.asarray(x, dtype=float)
    if len(arr) < 2 * min_size:
        return 0, 1.0
    k, observed = max_cusum(arr[None, :], min_size)
    rng = np.random.default_rng(seed)
    perms = rng.permuted(np.tile(arr, (rounds, 1)), axis=1)
    _, stats = max_cusum(perms, min_size)
    hits = int((stats >= observed[0] - 1e-12).sum())
    return int(k[0]), (hits + 1) / (rounds + 1)
