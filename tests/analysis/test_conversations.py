from datetime import datetime, timedelta

from homeward.analysis.conversations import conversation_starts, double_texts, replies
from homeward.analysis.tables import Contact, Msg

T0 = datetime(2025, 3, 3, 9, 0)


def msg(i: int, minutes: float, who: str, labels: tuple[str, ...] = ()) -> Msg:
    return Msg(f"m{i}", T0 + timedelta(minutes=minutes), who, "x", frozenset(labels))  # type: ignore[arg-type]


def test_a_message_after_the_gap_starts_a_conversation_for_its_sender():
    ms = [msg(0, 0, "user"), msg(1, 10, "partner"), msg(2, 10 + 7 * 60, "partner"), msg(3, 10 + 7 * 60 + 5, "user")]
    starts = conversation_starts(ms, [], gap_hours=6)
    assert [(s.who, s.ref) for s in starts] == [("user", "m0"), ("partner", "m2")]


def test_calls_end_silences_and_count_for_the_caller_only_after_the_gap():
    ms = [msg(0, 0, "user"), msg(1, 9 * 60, "user")]
    calls = [Contact("c1", T0 + timedelta(hours=8), "partner", "call"),
             Contact("c2", T0 + timedelta(hours=8, minutes=30), None, "visit")]
    starts = conversation_starts(ms, calls, gap_hours=6)
    # the partner's call after 8 h of silence starts a conversation; the user's message an hour later does not
    assert [(s.who, s.ref) for s in starts] == [("user", "m0"), ("partner", "c1")]


def test_replies_inside_conversations_and_long_silences_apart():
    ms = [msg(0, 0, "user"), msg(1, 30, "partner"), msg(2, 31, "partner"), msg(3, 31 + 10 * 60, "user")]
    inside, silences = replies(ms, gap_hours=6)
    assert [(r.who, r.minutes) for r in inside] == [("partner", 30.0)]
    assert [(r.who, r.minutes) for r in silences] == [("user", 600.0)]


def test_double_texts_are_own_unanswered_follow_ups_an_hour_or_more_later():
    ms = [msg(0, 0, "user"), msg(1, 5, "user"), msg(2, 125, "user"), msg(3, 130, "partner")]
    assert [m.id for m in double_texts(ms, gap_hours=6)] == ["m2"]


def _mixed_history(seed: int) -> tuple[list[Msg], list[Contact]]:
    """A made-up history with bursts, long silences, equal timestamps and calls among the messages."""
    import random

    rnd = random.Random(seed)
    ms, calls, minutes = [], [], 0.0
    for i in range(400):
        minutes += rnd.choice([0, 0, 1, 30, 59.99, 60, 61, 7 * 60, 24 * 60, 24 * 60 + 0.5, 3 * 24 * 60])
        ms.append(msg(i, minutes, rnd.choice(["user", "partner"])))
        if rnd.random() < 0.1:  # a call or visit at the very minute of a message, or a little later
            at = T0 + timedelta(minutes=minutes + rnd.choice([0, 0, 5, 8 * 60]))
            calls.append(Contact(f"c{i}", at, rnd.choice(["user", "partner", None]), rnd.choice(["call", "visit"])))
    calls.sort(key=lambda c: c.ts)
    return ms, calls


def test_starts_from_sorted_rows_match_the_any_order_walk():
    import random

    from homeward.analysis.conversations import _starts_any_order

    for seed in range(5):
        ms, calls = _mixed_history(seed)
        for gap in (1.0, 6.0, 30.0):
            fast = conversation_starts(ms, calls, gap)
            assert fast == _starts_any_order(ms, calls, timedelta(hours=gap))
            # the same events handed over out of order take the sorting walk, with the answer for them sorted
            shuffled = random.Random(seed).sample(ms, len(ms))
            by_time = sorted(shuffled, key=lambda m: m.ts)
            assert conversation_starts(shuffled, calls[::-1], gap) == conversation_starts(by_time, calls, gap)


def test_a_message_and_a_call_at_the_same_minute_the_message_comes_first():
    ms = [msg(0, 0, "partner"), msg(1, 8 * 60, "user")]
    calls = [Contact("c1", T0 + timedelta(hours=8), "partner", "call")]
    assert [s.ref for s in conversation_starts(ms, calls, gap_hours=6)] == ["m0", "m1"]


def test_double_texts_at_the_edges_of_the_window():
    # exactly an hour counts; exactly four gaps (24 h for a 6 h gap) does not; just under it does
    for after, counted in ((60, True), (59.99, False), (24 * 60, False), (24 * 60 - 0.01, True)):
        ms = [msg(0, 0, "user"), msg(1, after, "user")]
        assert [m.id for m in double_texts(ms, gap_hours=6)] == (["m1"] if counted else [])
    assert double_texts([msg(0, 0, "user"), msg(1, 10 ** 6, "user")], gap_hours=float("inf")) != []
    assert double_texts([], gap_hours=6) == []
