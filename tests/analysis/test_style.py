"""Balance (reciprocity), reply delay against one's own usual, and language style matching, on hand-made tables."""
from datetime import date, datetime, timedelta

import pytest

from homeward.analysis.style import (balance, category_rates, lsm, reciprocity, reply_vs_usual, style_trend,
                                     weekly_lsm)
from homeward.analysis.tables import Msg
from homeward.analysis.weeks import Week

W0 = date(2025, 3, 3)


def week(i: int = 0, **pairs) -> Week:
    w = Week(W0 + timedelta(days=7 * i))
    for name, (u, p) in pairs.items():
        setattr(w, name, {"user": u, "partner": p})
    return w


def test_balance_is_one_when_even_zero_when_one_sided_and_none_when_empty():
    assert balance(5, 5) == 1.0
    assert balance(6, 0) == 0.0
    assert balance(3, 1) == 0.5  # 1 - 2/4
    assert balance(0, 0) is None


def test_reciprocity_of_a_week():
    r = reciprocity(week(messages=(30, 10), starts=(4, 4), words=(100, 300)))
    assert r.messages == 0.5 and r.starts == 1.0 and r.words == 0.5
    assert r.partner_share == {"messages": 0.25, "starts": 0.5, "words": 0.75}
    empty = reciprocity(week())
    assert empty.messages is None and empty.partner_share["starts"] is None


def test_category_rates_count_function_words_only():
    rates, n = category_rates(["I love the lake and we went to it"])
    assert n == 9
    assert rates["articles"] == pytest.approx(1 / 9)
    assert rates["personal_pronouns"] == pytest.approx(2 / 9)  # i, we
    assert rates["conjunctions"] == pytest.approx(1 / 9)
    assert rates["prepositions"] == pytest.approx(1 / 9)


def test_lsm_by_hand():
    # one category used at all: personal pronouns, 1/2 of A's words and 1/4 of B's; min_words lowered for the toy
    a, b = ["i x"], ["we y z w"]
    pa, pb = 0.5, 0.25
    per = {c: 1 - abs(x - y) / (x + y + 0.0001) for c, (x, y) in {"personal_pronouns": (pa, pb)}.items()}
    zero_categories = 8  # the other eight categories: 1 - 0 / 0.0001 = 1
    expected = (per["personal_pronouns"] + zero_categories) / 9
    assert lsm(a, b, min_words=1) == pytest.approx(expected, abs=1e-4)


def test_lsm_is_high_for_the_same_style_lower_for_different_and_none_on_thin_data():
    same = ["i think we should go to the park and then maybe get some food"] * 3
    other = ["Monday. Football. Kit bag. Pickup six. Thanks."] * 6
    assert lsm(same, same) == pytest.approx(1.0, abs=1e-3)
    assert lsm(same, other) < 0.5
    assert lsm(["hi there"], same) is None


def test_weekly_lsm_reads_each_week_apart():
    t = datetime(2025, 3, 3, 9)
    talk = "i think we should go to the park and then maybe get some food with them"
    ms = [Msg(f"m{i}", t + timedelta(minutes=i), who, talk, frozenset())  # type: ignore[arg-type]
          for i, who in enumerate(["user", "partner", "user", "partner"])]
    ms.append(Msg("late", t + timedelta(days=8), "user", talk, frozenset()))
    values = weekly_lsm(ms, [week(0), week(1)])
    assert values[W0] == pytest.approx(1.0, abs=1e-3)
    assert values[W0 + timedelta(days=7)] is None  # the partner wrote nothing that week


def test_reply_delay_against_the_persons_own_usual():
    weeks = [week(0), week(1), week(2)]
    weeks[0].reply_minutes["partner"] = [10.0, 10.0, 10.0]
    weeks[1].reply_minutes["partner"] = [40.0]
    out = reply_vs_usual(weeks, "partner")
    assert out[weeks[0].week] == 1.0 and out[weeks[1].week] == 4.0 and out[weeks[2].week] is None
    assert all(v is None for v in reply_vs_usual(weeks, "user").values())


def test_style_trend_needs_enough_weeks_and_finds_a_rise():
    rising = {W0 + timedelta(days=7 * i): (0.6 if i < 10 else 0.85) + 0.01 * (i % 3) for i in range(16)}
    t = style_trend(rising)
    assert t.recent is not None and t.recent.clear and t.recent.diff > 0.2 and len(t.weeks) == 6
    thin = {W0 + timedelta(days=7 * i): 0.7 for i in range(5)}
    assert style_trend(thin).recent is None
