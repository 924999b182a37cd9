from datetime import date, timedelta

import numpy as np
import pytest

from homeward.analysis.changepoints import trend_changes, weeks_needed
from homeward.analysis.stats import bootstrap_difference, distinct, split_test
from homeward.analysis.weeks import Week


def test_split_test_finds_a_real_shift_and_not_noise():
    rng = np.random.default_rng(1)
    shifted = np.r_[rng.normal(0, 1, 12), rng.normal(2.0, 1, 12)]
    k, p = split_test(shifted, seed=3)
    assert abs(k - 12) <= 1 and p < 0.01
    _, p_noise = split_test(rng.normal(0, 1, 24), seed=3)
    assert p_noise > 0.05


def test_bootstrap_interval_covers_the_difference_and_refuses_thin_data():
    d = bootstrap_difference([1, 2, 3, 2, 1, 2], [5, 6, 7, 6, 5, 6], seed=0)
    assert d is not None and d.clear and d.low <= 4.0 <= d.high and d.diff == 4.0
    assert bootstrap_difference([1, 2], [3, 4, 5]) is None


def _weeks(warm_rates: list[float], starts_partner: list[int]) -> list[Week]:
    out = []
    for i, (w, s) in enumerate(zip(warm_rates, starts_partner)):
        wk = Week(date(2025, 1, 6) + timedelta(days=7 * i))
        wk.messages = {"user": 20, "partner": 20}
        wk.warm["partner"] = round(w * 20)
        wk.starts = {"user": 6 - s, "partner": s}
        wk.reply_minutes["partner"] = [30.0 if w > 0.2 else 300.0] * 5
        out.append(wk)
    return out


def test_a_generated_warming_is_found_in_the_true_week():
    rng = np.random.default_rng(5)
    warm = [max(0, 0.05 + rng.normal(0, 0.03)) for _ in range(10)] + [0.35 + rng.normal(0, 0.05) for _ in range(10)]
    starts = [1] * 10 + [4] * 10
    weeks = _weeks(warm, starts)
    found = [c for c in trend_changes(weeks, "partner") if c.direction == "warmer"]
    assert found, "the warming should be detected"
    assert abs((found[0].week - weeks[10].week).days) <= 7 and found[0].p_value < 0.05


def test_no_change_is_claimed_on_thin_data():
    weeks = _weeks([0.1, 0.4, 0.1, 0.5, 0.1], [1, 4, 1, 4, 1])
    assert trend_changes(weeks, "partner") == []
    assert weeks_needed(weeks, "partner") == 3


@pytest.mark.parametrize("x", [
    np.random.default_rng(1).integers(0, 50, 10_000).astype(float), np.random.default_rng(2).standard_normal(5_000),
    np.log1p(np.random.default_rng(3).exponential(60, 3_000).round()), np.array([]), np.array([2.0, np.nan, 1.0, np.nan]),
    np.random.default_rng(4).integers(0, 3, 100)])
def test_distinct_is_numpys_unique_with_counts(x: np.ndarray) -> None:
    values, counts = distinct(x)
    want_values, want_counts = np.unique(x, return_counts=True)
    assert values.dtype == want_values.dtype and counts.dtype == want_counts.dtype
    assert np.array_equal(values, want_values, equal_nan=True) and np.array_equal(counts, want_counts)
