"""The weekly table: rows in time order are counted a week's stretch at a time; rows in any order, or with
time zones, one by one. Both must give the same figures."""
import random
from datetime import date, datetime, timedelta, timezone

from homeward.analysis.conversations import conversation_starts, double_texts, replies
from homeward.analysis.tables import Contact, Msg, since
from homeward.analysis.weeks import Week, weekly
from homeward.signals.taxonomy import COLD, WARM

T0 = datetime(2025, 3, 2, 22, 0)  # a Sunday evening: the first week is one day long


def _history(seed: int, n: int = 600) -> tuple[list[Msg], list[Contact]]:
    rnd = random.Random(seed)
    sets = [frozenset(), frozenset({"affection"}), frozenset({"regret", "repair"}),
            frozenset({"contempt"}), frozenset({"logistics"}), frozenset({"affection", "curt"})]
    ms, minutes = [], 0.0
    for i in range(n):
        minutes += rnd.choice([0, 1, 20, 3 * 60, 20 * 60, 9 * 24 * 60 if rnd.random() < 0.05 else 2])
        text = " ".join(["word"] * rnd.randint(0, 6))
        ms.append(Msg(f"m{i}", T0 + timedelta(minutes=minutes), rnd.choice(["user", "partner"]), text,
                      rnd.choice(sets)))
    calls = sorted((Contact(f"c{i}", T0 + timedelta(hours=rnd.randint(0, int(minutes / 60) + 200)),
                            rnd.choice(["user", "partner", None]), rnd.choice(["call", "visit"])) for i in range(40)),
                   key=lambda c: c.ts)
    return ms, calls


def _figures(table: list[Week]) -> list[tuple[object, ...]]:
    return [(w.week, w.messages, w.words, w.calls, w.starts, w.double_texts, w.reply_minutes, w.long_silences,
             {who: list(c.items()) for who, c in w.labels.items()}, w.warm, w.cold) for w in table]


def _by_hand(ms, calls, starts, inside, silences, doubles, extra):  # type: ignore[no-untyped-def]
    """The table worked out the plain way: every row looked up in a dict of weeks."""
    days = [m.ts.date() for m in ms] + [c.ts.date() for c in calls] + list(extra)
    first = min(days) - timedelta(days=min(days).weekday())
    last = max(days) - timedelta(days=max(days).weekday())
    mondays = [first + timedelta(days=7 * i) for i in range((last - first).days // 7 + 1)]
    table = {w: Week(w) for w in mondays}

    def week(ts: datetime) -> Week:
        return table[ts.date() - timedelta(days=ts.weekday())]

    for m in ms:
        wk = week(m.ts)
        wk.messages[m.who] += 1
        wk.words[m.who] += m.words
        wk.labels[m.who].update(m.labels)
        wk.warm[m.who] += bool(m.labels & WARM)
        wk.cold[m.who] += bool(m.labels & COLD)
    for c in calls:
        if c.kind == "call" and c.who is not None:
            week(c.ts).calls[c.who] += 1
    for s in starts:
        week(s.ts).starts[s.who] += 1
    for r in inside:
        week(r.ts).reply_minutes[r.who].append(r.minutes)
    for r in silences:
        week(r.ts).long_silences[r.who] += 1
    for m in doubles:
        week(m.ts).double_texts[m.who] += 1
    return [(w.week, w.messages, w.words, w.calls, w.starts, w.double_texts, w.reply_minutes, w.long_silences,
             {who: sorted(c.items()) for who, c in w.labels.items()}, w.warm, w.cold) for w in table.values()]


def _sorted_labels(rows: list[tuple[object, ...]]) -> list[tuple[object, ...]]:
    return [(*r[:8], {who: sorted(it) for who, it in r[8].items()}, *r[9:]) for r in rows]  # type: ignore[union-attr]


def test_the_weekly_table_matches_a_plain_count_and_holds_empty_weeks():
    ms, calls = _history(1)
    starts, (inside, silences), doubles = conversation_starts(ms, calls, 6), replies(ms, 6), double_texts(ms, 6)
    extra = [date(2026, 1, 1)]  # a journal day well after the last message: empty weeks up to it
    table = weekly(ms, calls, starts, inside, silences, doubles, extra)
    assert _sorted_labels(_figures(table)) == _by_hand(ms, calls, starts, inside, silences, doubles, extra)
    assert table[-1].week == date(2025, 12, 29) and table[-2].messages == {"user": 0, "partner": 0}
    assert all(b.week - a.week == timedelta(days=7) for a, b in zip(table, table[1:]))


def test_rows_out_of_order_give_the_same_table():
    for seed in range(3):
        ms, calls = _history(seed)
        starts, (inside, silences), doubles = conversation_starts(ms, calls, 6), replies(ms, 6), double_texts(ms, 6)
        table = _figures(weekly(ms, calls, starts, inside, silences, doubles, []))
        rnd = random.Random(seed)
        shuffled = [rnd.sample(rows, len(rows)) for rows in (ms, calls, starts, inside, silences, doubles)]
        again = weekly(*shuffled, [])  # type: ignore[arg-type]
        # reply delays keep the order they came in; the rest is the same figure for figure
        same = [r[:6] + r[7:] for r in _sorted_labels(table)]
        assert [r[:6] + r[7:] for r in _sorted_labels(_figures(again))] == same
        assert [{k: sorted(v) for k, v in r[6].items()} for r in _figures(again)] == \
               [{k: sorted(v) for k, v in r[6].items()} for r in table]


def test_label_counts_keep_the_order_labels_first_appear_in():
    ms = [Msg("a", T0, "user", "x", frozenset({"logistics"})), Msg("b", T0, "user", "x", frozenset()),
          Msg("c", T0, "user", "x", frozenset({"affection"})), Msg("d", T0, "user", "x", frozenset({"logistics"}))]
    table = weekly(ms, [], [], [], [], [], [])
    assert list(table[0].labels["user"].items()) == [("logistics", 2), ("affection", 1)]
    assert table[0].warm["user"] == 1 and table[0].messages == {"user": 4, "partner": 0}


def test_time_zone_aware_rows_are_counted_one_by_one():
    tz = timezone(timedelta(hours=-5))
    ms = [Msg("a", datetime(2025, 3, 2, 23, 30, tzinfo=tz), "user", "hi there", frozenset()),
          Msg("b", datetime(2025, 3, 3, 0, 30, tzinfo=tz), "partner", "hello", frozenset())]
    table = weekly(ms, [], [], [], [], [], [])
    assert [(w.week, w.messages, w.words) for w in table] == [
        (date(2025, 2, 24), {"user": 1, "partner": 0}, {"user": 2, "partner": 0}),
        (date(2025, 3, 3), {"user": 0, "partner": 1}, {"user": 0, "partner": 1})]
    assert weekly([], [], [], [], [], [], []) == []


def test_since_enters_a_sorted_list_at_the_day_and_filters_any_other() -> None:
    t0 = datetime(2025, 3, 3, 23, 30)
    ms = [Msg(f"m{i}", t0 + timedelta(hours=7 * i), "user", "x", frozenset()) for i in range(20)]
    for day in (date(2025, 3, 1), date(2025, 3, 4), date(2025, 3, 6), date(2025, 3, 9), date(2025, 4, 1)):
        want = [m.id for m in ms if m.ts.date() >= day]
        assert [m.id for m in since(ms, day)] == want
        shuffled = ms[::2] + ms[1::2]  # out of time order: every message is tested
        assert [m.id for m in since(shuffled, day)] == [m.id for m in shuffled if m.ts.date() >= day]
        aware = [Msg(m.id, m.ts.replace(tzinfo=timezone.utc), m.who, m.text, m.labels) for m in ms]
        assert [m.id for m in since(aware, day)] == want
    assert list(since([], date(2025, 3, 4))) == []


def test_a_weeks_median_reply_follows_the_replies_added() -> None:
    w = Week(date(2025, 3, 3))
    assert w.median_reply("user") is None
    w.reply_minutes["user"] += [10.0, 30.0, 20.0]
    assert w.median_reply("user") == 20.0 and w.median_reply("user") == 20.0  # the second answer is kept
    w.reply_minutes["user"].append(40.0)
    assert w.median_reply("user") == 25.0 and w.median_reply("partner") is None
    assert w == Week(date(2025, 3, 3), reply_minutes={"user": [10.0, 30.0, 20.0, 40.0], "partner": []})
