"""Resampling statistics: bootstrap intervals and permutation tests, seeded, numpy only."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


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


def bootstrap_difference(a: Sequence[float], b: Sequence[float], *, seed: int = 0, rounds: int = 2000) -> Difference | None:
    """Mean of ``b`` minus mean of ``a`` with a percentile bootstrap 95 % interval.

    Returns None when either group has fewer than 3 values: no interval is honest on less.
    """
    xa, xb = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if len(xa) < 3 or len(xb) < 3:
        return None
    rng = np.random.default_rng(seed)
    ia = rng.integers(0, len(xa), size=(rounds, len(xa)))
    ib = rng.integers(0, len(xb), size=(rounds, len(xb)))
    diffs = xb[ib].mean(axis=1) - xa[ia].mean(axis=1)
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
