"""Turning points: weeks where a person's warmth changes direction, confirmed by a permutation test.

The weekly warmth of a person combines three standardised series: the rate of warm minus cold
messages, their share of conversation starts, and (negated) the log of their median reply delay.
PELT (L2 cost, BIC-like penalty on the noise variance estimated from week-to-week differences;
``pelt_l2``, the answers of ``ruptures.Pelt(model="l2", jump=1)``) proposes candidate weeks; each
candidate is kept only if a permutation test of a single mean shift, run on the stretch between its
neighbouring candidates and searching every split as the permutations do, gives p < ``alpha``; the
least convincing candidate is dropped and the rest tested again until every one left passes.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from homeward.analysis.stats import split_test
from homeward.analysis.tables import Who
from homeward.analysis.weeks import Week

MIN_WEEKS = 8  # below this a change in the mean cannot be told from weekly noise
MIN_SEGMENT = 3  # weeks on each side of a change
MIN_MESSAGES = 2  # a week with fewer of the person's messages gives no warmth reading


@dataclass(frozen=True)
class TrendChange:
    """A confirmed change in a person's warmth: the first week of the new level."""

    week: date
    who: Who
    direction: str  # 'warmer' | 'cooler'
    p_value: float
    before: float  # mean composite warmth (z units) before and after
    after: float


def warmth_series(weeks: Sequence[Week], who: Who) -> tuple[list[date], np.ndarray]:
    """The weeks with a reading and the composite warmth (mean of available z-scored parts) for each."""
    other: Who = "partner" if who == "user" else "user"
    rows = []
    for w in weeks:
        if w.messages[who] < MIN_MESSAGES:
            continue
        starts = w.starts[who] + w.starts[other]
        delay = w.median_reply(who)
        rows.append((w.week, w.warmth(who), w.starts[who] / starts if starts else math.nan,
                     -math.log1p(delay) if delay is not None else math.nan))
    if not rows:
        return [], np.zeros(0)
    parts = np.array([r[1:] for r in rows], dtype=float)
    z = np.full_like(parts, np.nan)
    for j in range(parts.shape[1]):
        col = parts[:, j]
        ok = ~np.isnan(col)
        if ok.sum() >= 2 and np.nanstd(col) > 0:
            z[ok, j] = (col[ok] - col[ok].mean()) / col[ok].std()
    composite = np.array([np.nanmean(r) if not np.all(np.isnan(r)) else 0.0 for r in z])
    return [r[0] for r in rows], composite


def pelt_l2(x: np.ndarray, pen: float, min_size: int) -> list[int]:
    """Breakpoints (segment ends, the last being ``len(x)``) minimising the L2 cost plus ``pen`` per segment.

    The answers of ``ruptures.Pelt(model="l2", min_size=min_size, jump=1).fit(x).predict(pen)``, float for
    float, ties included, without importing ruptures (which imports much of scipy: more than half a second
    on every analysis) and without its one numpy ``var`` call per candidate segment (tens of thousands
    over ten years of weeks). Each step prices every admissible start at once from cumulative sums; only
    the starts whose price lies within ``tol`` of a decision (the best start, or the pruning threshold) are
    priced again the way ruptures prices them, and the running totals are kept in ruptures' own float
    order, so every choice is ruptures' choice. ``tol`` is a million times the rounding error of the quick
    prices (about n * 1e-16 times the magnitudes summed); on non-finite input every price is exact.
    """
    n = len(x)
    signal = x.reshape(-1, 1)
    with np.errstate(invalid="ignore", over="ignore"):  # inf or NaN in x: priced exactly, as ruptures does
        c1 = np.concatenate(([0.0], np.cumsum(x)))
        c2 = np.concatenate(([0.0], np.cumsum(x * x)))
        scale = 1.0 + float(c2[-1]) + abs(pen)  # NaN or inf here makes every tolerance below NaN or inf: all exact

        def exact(t: int, end: int) -> float:  # ruptures' CostL2.error plus pen, in its float order
            return signal[t:end].var(axis=0).sum() * (end - t) + pen

        total: dict[int, float] = {0: 0}  # the best partition of x[:t]: its cost summed as ruptures sums it
        prev: dict[int, int] = {0: 0}  # and where its last segment starts
        best_total = np.zeros(n + 1)  # the same totals, indexable by an array of starts
        admissible: list[int] = []
        for end in [*range(min_size, n), n]:
            admissible.append(end - min_size)
            starts = [t for t in admissible if t in total]  # x[:t] for t < min_size cannot be cut: dropped for good
            ts = np.array(starts)
            s1 = c1[end] - c1[ts]
            approx = best_total[ts] + ((c2[end] - c2[ts]) - s1 * s1 / (end - ts) + pen)
            known: dict[int, float] = {}

            def price(i: int) -> float:
                if i not in known:
                    t = starts[i]
                    known[i] = total[t] + exact(t, end)
                return known[i]

            low = float(approx.min()) if len(approx) else math.inf
            tol = 1e-9 * (scale + abs(low))
            near = np.flatnonzero(~(approx > low + tol)).tolist()  # NaN counts as near: priced exactly
            i_best = near[0] if len(near) == 1 else min(near, key=price)
            total[end] = best = price(i_best)
            best_total[end] = best
            prev[end] = starts[i_best]
            cut = best + pen
            keep = []
            for i, a in enumerate(approx.tolist()):
                if a < cut - tol or (not a > cut + tol and price(i) <= cut):
                    keep.append(starts[i])
            admissible = keep
    ends = []
    end = n
    while end > 0:
        ends.append(end)
        end = prev[end]
    return ends[::-1]


def weeks_needed(weeks: Sequence[Week], who: Who) -> int:
    """How many more weeks with messages are needed before a trend change can be tested (0: enough)."""
    have = sum(1 for w in weeks if w.messages[who] >= MIN_MESSAGES)
    return max(0, MIN_WEEKS - have)


def trend_changes(weeks: Sequence[Week], who: Who, *, alpha: float = 0.05, seed: int = 0) -> list[TrendChange]:
    """Confirmed changes in ``who``'s warmth, in time order; empty on thin data (see ``weeks_needed``)."""
    dates, x = warmth_series(weeks, who)
    if len(x) < MIN_WEEKS:
        return []
    # Noise variance from week-to-week differences (robust: MAD), not from the series' variance, which
    # the very changes we look for inflate; the permutation test below guards against false candidates.
    dx = np.diff(x)
    sigma2 = max(float(np.median(np.abs(dx - np.median(dx))) / 0.6745) ** 2 / 2, 1e-3)
    candidates = [b for b in pelt_l2(x, 2.0 * sigma2 * math.log(len(x)), MIN_SEGMENT) if b < len(x)]
    # Backward elimination: test every candidate on the stretch between its neighbours, drop the least
    # convincing one, and test again. PELT over-segments noisy weekly data, and a real change squeezed
    # between two spurious neighbours has too few weeks around it to pass; removing the spurious ones
    # first gives it the whole stretch it belongs to.
    # A test depends only on its stretch and its seed: the candidates before a dropped one keep both, so each
    # round re-runs only the tests that changed (half the permutation tests of a long history).
    done: dict[tuple[int, int, int], tuple[int, float]] = {}
    tests: dict[int, tuple[int, float]] = {}
    while candidates:
        bounds = [0, *candidates, len(x)]
        tests = {}
        for i, cp in enumerate(candidates, start=1):
            lo, hi = bounds[i - 1], bounds[i + 1]
            if (lo, hi, i) not in done:
                k, p = split_test(x[lo:hi], min_size=MIN_SEGMENT, seed=seed + i)
                done[lo, hi, i] = (lo + k if k else 0, p if k else 1.0)
            tests[cp] = done[lo, hi, i]
        worst = max(candidates, key=lambda c: tests[c][1])
        if tests[worst][1] < alpha:
            break
        candidates = [c for c in candidates if c != worst]
    bounds = [0, *candidates, len(x)]
    found: list[TrendChange] = []
    for i, cp in enumerate(candidates, start=1):
        at, p = tests[cp]
        lo, hi = bounds[i - 1], bounds[i + 1]
        before, after = float(x[lo:at].mean()), float(x[at:hi].mean())
        found.append(TrendChange(dates[at], who, "warmer" if after > before else "cooler", round(p, 4),
                                 round(before, 3), round(after, 3)))
    return found
