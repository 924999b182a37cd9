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
