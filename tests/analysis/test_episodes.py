"""Pushing episodes, homecoming, pull-backs, calls and humour in 'what works', and ideas, on small hand-made tables."""
from datetime import date, datetime, timedelta

import pytest

from homeward.analysis.episodes import (homecoming, is_homecoming, pressure_episodes, pressure_messages, pullbacks,
                                        responses)
from homeward.analysis.experiments import after_calls, is_humour, what_works
from homeward.analysis.ideas import ideas, phrases, wilson
from homeward.analysis.tables import Contact, Msg
from homeward.analysis.weeks import Week

T0 = datetime(2025, 3, 3, 9, 0)


def msg(i: int, hours: float, who: str, text: str = "ok", labels: tuple[str, ...] = ()) -> Msg:
    return Msg(f"m{i}", T0 + timedelta(hours=hours), who, text, frozenset(labels))  # type: ignore[arg-type]


# --- pushing -------------------------------------------------------------------------------------------------

def test_pushes_cluster_by_calendar_days_and_a_stray_message_is_not_an_episode():
    ms = [msg(0, 0, "user", "x", ("pressure",)), msg(1, 24 * 3 + 5, "user", "y", ("pressure",)),  # 3 days apart
          msg(2, 24 * 20, "user", "z", ("pressure",)),  # alone, weeks later
          msg(3, 24 * 40, "user", "a", ("pressure",)), msg(4, 24 * 40 + 1, "user", "b", ("pressure",)),
          msg(5, 24 * 40 + 2, "user", "c", ("pressure",))]  # three in one evening
    eps = pressure_episodes(ms)
    assert [(e.start, e.end, e.evidence) for e in eps] == [
        (date(2025, 3, 3), date(2025, 3, 6), ["m0", "m1"]),
        (date(2025, 4, 12), date(2025, 4, 12), ["m3", "m4", "m5"]),
    ]


def test_a_push_without_the_label_is_found_by_its_words_or_by_the_partners_answer():
    ms = [msg(0, 0, "user", "so when are you coming home?"),  # asking them to come home
          msg(1, 1, "partner", "i don't know"),
          msg(2, 5, "user", "i need an answer"),  # asking for a decision
          msg(3, 30, "user", "can we at least talk about it this week"),
          msg(4, 31, "partner", "please don't push me on this"),  # the partner names the pressure
          msg(5, 50, "user", "fancy chips on friday?"), msg(6, 51, "partner", "yes")]
    assert [m.id for m in pressure_messages(ms)] == ["m0", "m2", "m3"]


# --- homecoming ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "so when are you coming home?", "the kids keep asking when you're coming back", "i'm moving back in on the 1st",
    "i've been thinking about what it would look like if i came home", "do you think we could get back together",
    "if you're not back by Leo's birthday i'm done", "i looked at giving notice on the flat today",
    "You coming home?", "I want to come back", "could we start over?", "i'd like us to be a family again",
])
def test_raising_coming_home_is_read_from_its_words(text):
    assert is_homecoming(Msg("m", T0, "user", text, frozenset()))


@pytest.mark.parametrize("text", [
    "i'll have a look when i'm home", "i want you home by 9", "say hi back", "Anya came back in odd socks again",
    "we should take them back one day", "i'm coming home from work at 6", "get home safe x",
    "are you coming back from the shops soon?", "the kids come home at 6", "when Theo comes home tomorrow",
    "i'll come back later for the bag",
])
def test_ordinary_home_and_back_are_not_homecoming(text):
    assert not is_homecoming(Msg("m", T0, "user", text, frozenset(("homecoming",))))


def test_homecoming_first_and_the_partners_first():
    ms = [msg(0, 0, "partner", "say hi back", ("homecoming",)), msg(1, 1, "user", "when are you coming home?"),
          msg(2, 30, "user", "are you coming back or not"), msg(3, 90, "partner", "what if i came home")]
    h = homecoming(ms)
    assert (h.first_raised_by, h.date, h.first_id) == ("user", date(2025, 3, 3), "m1")
    assert (h.user_since, h.partner_since) == (1, 1)
    assert (h.partner_first, h.partner_first_id) == (date(2025, 3, 7), "m3") and "m3" in h.evidence
    assert homecoming([msg(0, 0, "user", "hi")]).first_raised_by is None


# --- pull-backs ----------------------------------------------------------------------------------------------

def _weeks(cold: list[int], delays: list[float], starts: list[int]) -> list[Week]:
    out = []
    for i, (c, d, s) in enumerate(zip(cold, delays, starts)):
        w = Week(date(2025, 1, 6) + timedelta(days=7 * i))
        w.messages = {"user": 20, "partner": 20}
        w.cold["partner"], w.warm["partner"] = c, 4 if c == 0 else 0
        w.starts = {"user": 6 - s, "partner": s}
        w.reply_minutes["partner"] = [d] * 5
        out.append(w)
    return out


def test_a_pullback_is_found_against_the_partners_own_usual_and_ends_when_they_come_back():
    usual = ([1, 0, 1, 0, 1], [20.0, 25, 30, 20, 25], [3, 3, 2, 3, 3])
    pulled = ([8, 9, 8], [300.0, 400, 350], [0, 0, 1])
    back = ([0, 1, 0, 1], [25.0, 20, 30, 25], [3, 3, 3, 2])
    weeks = _weeks(usual[0] + pulled[0] + back[0], usual[1] + pulled[1] + back[1], usual[2] + pulled[2] + back[2])
    found = pullbacks(weeks, [], "partner")
    assert [(p.start, p.end) for p in found] == [(weeks[5].week, weeks[7].week + timedelta(days=6))]


def test_a_guarded_start_is_the_partners_usual_not_a_pullback():
    weeks = _weeks([6, 7, 6, 7, 6, 5, 6, 1, 0, 0], [200.0] * 7 + [20.0] * 3, [1] * 7 + [3] * 3)
    assert pullbacks(weeks, [], "partner") == []


def test_a_silent_week_after_weeks_with_messages_is_distance():
    weeks = _weeks([1, 0, 1, 0, 1], [20.0, 25, 30, 20, 25], [3, 3, 2, 3, 3])
    weeks[4].messages["partner"] = 0
    assert [p.start for p in pullbacks(weeks, [], "partner")] == [weeks[4].week]


# --- what works: calls and humour ----------------------------------------------------------------------------

def test_humour_markers():
    assert is_humour(msg(0, 0, "user", "haha you would")) and is_humour(msg(0, 0, "user", "the dog 😂"))
    assert not is_humour(msg(0, 0, "user", "the hall was packed"))


def test_after_a_users_call_the_partners_next_message_within_two_days():
    ms = [msg(0, 1, "partner", "lovely to hear you", ("affection",)), msg(1, 100, "partner", "ok")]
    calls = [Contact("c1", T0, "user", "call"), Contact("c2", T0 + timedelta(hours=2), "partner", "call"),
             Contact("c3", T0 + timedelta(hours=3), "user", "call", "missed")]
    r = after_calls(ms, calls)
    assert [(x.to_id, x.reply_id, x.warm) for x in r] == [("c1", "m0", True)]


def test_what_works_compares_calls_and_humour_with_everyday_messages():
    ms, calls, i = [], [], 0
    for day in range(12):  # everyday messages get a plain answer
        ms += [msg(i, 24 * day, "user", "pickup at 5"), msg(i + 1, 24 * day + 1, "partner", "ok")]
        i += 2
    for day in range(12, 20):  # jokes and calls get warm answers
        ms += [msg(i, 24 * day, "user", "haha the dog ate it"), msg(i + 1, 24 * day + 1, "partner", "miss that", ("missing",))]
        calls.append(Contact(f"c{day}", T0 + timedelta(hours=24 * day + 5), "user", "call"))
        ms.append(msg(i + 2, 24 * day + 6, "partner", "lovely chat", ("affection",)))
        i += 3
    by = {c.kind: c for c in what_works(ms, calls)}
    assert by["humour"].n == 8 and by["humour"].warm_rate is not None and by["humour"].warm_rate.clear
    assert by["calls"].n == 8 and by["calls"].warm_rate.b_mean == 1.0 and by["calls"].warm_rate.a_mean == 0.0
    assert by["nostalgia"].n == 0 and by["nostalgia"].warm_rate is None
    assert by["calls"].evidence and all(e.startswith("m") for e in by["calls"].evidence), "message ids only"


def test_responses_take_the_partners_first_message_within_48_hours():
    ms = [msg(0, 0, "user"), msg(1, 1, "user"), msg(2, 2, "partner", "x", ("curt",)), msg(3, 3, "user"),
          msg(4, 60, "partner")]
    r = responses(ms)
    assert set(r) == {"m0", "m1"} and r["m0"].reply_id == "m2" and r["m0"].cold and r["m1"].minutes == 60


# --- ideas ---------------------------------------------------------------------------------------------------

def test_phrases_pick_shared_things_and_skip_everyday_words():
    found = phrases("remember the lake? we should go to that pizza place near Tenby. the kids loved our song")
    assert {"the lake", "that pizza place", "tenby", "our song"} <= found
    assert not {"the kids", "that"} & found
    assert "priya" not in phrases("thanks Priya", skip=frozenset({"priya"}))


def test_wilson_interval():
    low, high = wilson(3, 3)
    assert 0.43 < low < 0.45 and high == 1.0
    assert wilson(0, 0) == (0.0, 1.0)


def test_ideas_come_from_what_the_partner_met_warmly_and_cite_it():
    ms, i = [], 0
    for day in range(20):  # everyday: plain answers
        ms += [msg(i, 24 * day, "user", "pickup at 5 tomorrow"), msg(i + 1, 24 * day + 1, "partner", "ok")]
        i += 2
    for day in (3, 9, 15):  # the lake: warm answers each time
        ms += [msg(i, 24 * day + 5, "user", "remember the lake that summer", ("nostalgia",)),
               msg(i + 1, 24 * day + 6, "partner", "best days", ("nostalgia",))]
        i += 2
    for day in (4, 10):  # the bins: named twice, answered plainly
        ms += [msg(i, 24 * day + 5, "user", "the bins go out tonight"), msg(i + 1, 24 * day + 6, "partner", "ok")]
        i += 2
    ms.sort(key=lambda m: m.ts)
    found = ideas(ms)
    assert [x.phrase for x in found] == ["the lake"]
    lake = found[0]
    assert lake.mentions == 3 and lake.warm == 3 and lake.low > lake.baseline
    assert lake.evidence and all(e.startswith("m") for e in lake.evidence)
    assert "the lake" in lake.idea and "%" in lake.why


# --- problem talk --------------------------------------------------------------------------------------------

def test_problem_talk_reads_the_partners_next_messages_for_defensiveness_or_repair():
    from homeward.analysis.episodes import problem_talk

    ms = [msg(0, 0, "user", "when you left you said you'd been unhappy for ages. why didn't you ever tell me?"),
          msg(1, 0.2, "partner", "i did tell you. you never heard it"),
          msg(2, 0.3, "user", "that's not fair"),
          msg(3, 24 * 30, "user", "can i bring up something hard? you can say no"),
          msg(4, 24 * 30 + 0.1, "partner", "go on"),
          msg(5, 24 * 30 + 0.2, "user", "i think i stopped seeing you that last year", ("problem_talk",)),
          msg(6, 24 * 30 + 0.3, "partner", "thank you"),
          msg(7, 24 * 30 + 0.4, "partner", "you're right. and i shut you out"),
          msg(8, 24 * 60, "user", "can we talk about what went wrong with us?")]
    got = [(p.message_id, p.reply_id, p.outcome) for p in problem_talk(ms)]
    assert got == [("m0", "m1", "defensive"), ("m3", "m7", "repair"), ("m8", None, "no reply")]


def test_the_users_corrections_override_the_words_both_ways():
    ms = [msg(0, 0, "user", "when are you coming home?"), msg(1, 5, "partner", "i miss the house", ("homecoming",)),
          msg(2, 30, "user", "i need an answer"), msg(3, 31, "user", "i need an answer by friday")]
    fixed = {"m0": {"homecoming": False}, "m1": {"homecoming": True}, "m2": {"pressure": False}}
    h = homecoming(ms, fixed)
    assert (h.first_raised_by, h.first_id) == ("partner", "m1")
    assert [m.id for m in pressure_messages(ms, fixed)] == ["m3"]
