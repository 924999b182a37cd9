"""Balance (reciprocity), reply delay against one's own usual, and language style matching, on hand-made tables."""
import json
import random
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from homeward.analysis.style import (CATEGORIES, FUNCTION_WORDS, balance, category_rates, lsm, reciprocity,
                                     reply_vs_usual, style_trend, tokens, weekly_lsm, word_counts)
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


# --- the numpy word counts against tokens() and a Counter ----------------------------------------------------

STYLE_TRICKY = ["", "'the lake'", "rock'n'roll", "don't", "DON’T", "i'm", "I’M", "''a", "a''b", "x'", "'", "'''",
                "it's' ok", "\u212aelvin the", "İ am here", "İİ", "themselves", "THEMSELVES", "yourselves' ", "whatevers",
                "shouldn't've", "a'b'c'd'e", "everybody's", "it’s", "the\nthe", "😂the😂", "über the", "x" * 30,
                "ourselves!", "somethings", "everything.", "everythin", "something’s", "a\x00the", "the \ud800 it",
                "’’", "i’’m", "we’re’nt", "Ünd i", "ﬁ the", "ǅ it", "ΣΑΣ the", "you-re", "u r", "youre ur im ive ill"]


def reference_rates(texts: list[str]) -> tuple[dict[str, float], int]:
    """``category_rates`` as it was: ``tokens`` over the joined texts and a ``Counter``."""
    words = tokens("\n".join(texts))
    if not words:
        return {c: 0.0 for c in CATEGORIES}, 0
    counts = Counter(words)
    return {c: sum(counts[w] for w in vocab) / len(words) for c, vocab in CATEGORIES.items()}, len(words)


def repository_texts() -> list[str]:
    root = Path(__file__).resolve().parents[2]
    out = [json.loads(line)["text"] for path in sorted((root / "data" / "corpus").glob("*.jsonl"))
           for line in path.read_text(encoding="utf-8").splitlines()]
    for path in sorted((root / "src" / "homeward" / "samples").glob("*.txt")):
        out += path.read_text(encoding="utf-8").splitlines()
    return out


def random_style_texts(seed: int, n: int = 1500) -> list[str]:
    rng = random.Random(seed)
    pieces = [*FUNCTION_WORDS, "lake", "Tenby", "'", "’", "-", "😂", "\u212a", "İ", "x", "über", ".", "\n"]
    return ["".join(rng.choice(pieces) + rng.choice(["", " ", " ", "'", "’", ", "]) for _ in range(rng.randint(0, 15)))
            for _ in range(n)]


def check_counts(texts: list[str], groups: int, seed: int = 0) -> None:
    rng = random.Random(seed)
    group = np.array([rng.randrange(groups) for _ in texts], dtype=np.int64)
    n, counts = word_counts(texts, group, groups)
    for g in range(groups):
        mine = [t for t, k in zip(texts, group.tolist()) if k == g]
        words = tokens("\n".join(mine))
        c = Counter(words)
        assert n[g] == len(words)
        assert counts[g].tolist() == [c[w] for w in FUNCTION_WORDS]


def test_word_counts_are_those_of_tokens_and_a_counter() -> None:
    texts = repository_texts()
    assert len(texts) > 5000
    check_counts(texts, 7)
    check_counts(STYLE_TRICKY, 3)
    for t in STYLE_TRICKY:
        check_counts([t], 1)
    for seed in range(3):
        check_counts(random_style_texts(seed), 5, seed)


def test_word_counts_read_past_their_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    from homeward.analysis import style as module
    monkeypatch.setattr(module, "_CHUNK", 5)
    check_counts(random_style_texts(7, 300) + STYLE_TRICKY, 4)


def test_category_rates_are_unchanged() -> None:
    for texts in (STYLE_TRICKY, repository_texts()[:500], random_style_texts(4, 50), [], [""], ["😂"]):
        assert category_rates(texts) == reference_rates(texts)


def reference_weekly_lsm(messages: list[Msg], weeks: list[Week]) -> dict[date, float | None]:
    """``weekly_lsm`` as it was: each message's Monday from its datetime, and ``lsm`` of the week's texts."""
    from homeward.analysis.tables import monday
    texts: dict[date, dict[str, list[str]]] = {w.week: {"user": [], "partner": []} for w in weeks}
    for m in messages:
        wk = texts.get(monday(m.ts))
        if wk is not None and m.text:
            wk[m.who].append(m.text)
    out = {}
    for d, t in texts.items():
        (pa, na), (pb, nb) = reference_rates(t["user"]), reference_rates(t["partner"])
        if na < 20 or nb < 20:
            out[d] = None
            continue
        scores = [1 - abs(pa[c] - pb[c]) / (pa[c] + pb[c] + 0.0001) for c in CATEGORIES]
        out[d] = round(sum(scores) / len(scores), 4)
    return out


@pytest.mark.parametrize("seed", range(3))
def test_weekly_lsm_matches_the_per_message_loop(seed: int) -> None:
    rng = random.Random(seed)
    texts = random_style_texts(seed, 400) + repository_texts()[:400]
    t = datetime(2024, 12, 29, 23, 50)  # a Sunday night: messages fall either side of Monday midnight
    ms = []
    for i in range(800):
        t += timedelta(minutes=rng.choice([1, 10, 60, 600, 3000]))
        ms.append(Msg(f"m{i}", t, rng.choice(["user", "partner"]), rng.choice(texts), frozenset()))  # type: ignore[arg-type]
    first = date(2024, 12, 23)
    weeks = [Week(first + timedelta(days=7 * i)) for i in range(0, 60, 1 + seed)]
    weeks += weeks[:2]  # a week twice: read once
    got, want = weekly_lsm(ms, weeks), reference_weekly_lsm(ms, weeks)
    assert got == want and list(got) == list(want)
    assert any(v is not None for v in got.values()) and any(v is None for v in got.values())
    assert weekly_lsm(ms, []) == {} and weekly_lsm([], weeks[:3]) == {w.week: None for w in weeks[:3]}
