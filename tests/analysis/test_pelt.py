"""``changepoints.pelt_l2``: ruptures' PELT answers (L2 cost, jump 1) without importing ruptures."""
import math
import subprocess
import sys

import numpy as np
import pytest

from homeward.analysis.changepoints import pelt_l2


def _series(rng: np.random.Generator, kind: int, n: int) -> np.ndarray:
    if kind == 0:
        return rng.normal(0, 1, n)
    if kind == 1:  # steps
        return np.repeat(rng.normal(0, 2, n // 8 + 1), 8)[:n] + rng.normal(0, 0.3, n)
    if kind == 2:  # few distinct values: many exactly tied costs
        return rng.integers(0, 3, n).astype(float)
    if kind == 3:  # large values
        return np.round(rng.normal(0, 1, n), 1) * 1e3
    return np.tile([1.0, -1.0, 0.5], n)[:n] * 1e-6  # tiny values


def test_the_same_breakpoints_as_ruptures_ties_included():
    rpt = pytest.importorskip("ruptures")
    rng = np.random.default_rng(7)
    for trial in range(80):  # (ruptures is slow: a few long series, many short ones)
        n = int(rng.integers(3, 30)) if trial % 20 else int(rng.integers(80, 100))
        x = _series(rng, trial % 5, n)
        for pen in (1e-9, 0.1, 1.0, math.log(n), 50.0):
            for min_size in (1, 2, 3, 5):
                if min_size > n:
                    continue
                expected = rpt.Pelt(model="l2", min_size=min_size, jump=1).fit(x.reshape(-1, 1)).predict(pen=pen)
                assert pelt_l2(x, pen, min_size) == expected, (trial, n, pen, min_size)


def test_a_clear_step_is_found_and_a_flat_series_is_one_segment():
    x = np.r_[np.zeros(10), np.full(10, 5.0)] + np.tile([0.1, -0.1], 10)
    assert pelt_l2(x, 1.0, 3) == [10, 20]
    assert pelt_l2(np.ones(12), 1.0, 3) == [12]


def test_non_finite_values_do_not_break_the_search():
    x = np.r_[np.zeros(5), np.inf, np.zeros(5)]
    assert pelt_l2(x, 1.0, 2)[-1] == 11


def test_trend_changes_do_not_import_ruptures_or_scipy():
    code = ("import sys, numpy as np; from datetime import date, timedelta; "
            "from homeward.analysis.changepoints import trend_changes; from homeward.analysis.weeks import Week\n"
            "weeks = []\n"
            "for i in range(30):\n"
            "    w = Week(date(2025, 1, 6) + timedelta(days=7 * i)); w.messages = {'user': 9, 'partner': 9}\n"
            "    w.warm['partner'] = 1 if i < 15 else 8; w.starts = {'user': 3, 'partner': 3}; weeks.append(w)\n"
            "assert trend_changes(weeks, 'partner')\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('ruptures', 'scipy')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
