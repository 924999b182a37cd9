"""The advice catalogue: each item reads an Analysis, and appears only when its rule fires.

Every item carries a stable ``id``, kind and concrete wording, the message ids behind it, and how
sure it is. None of them predicts whether the partner will come back. Wording speaks to the user
("you") and says "the partner", never blames, and never writes messages for the user.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import islice

from homeward.analysis import Analysis
from homeward.analysis.stats import Difference
from homeward.analysis.tables import since
from homeward.signals.taxonomy import WARM

Sureness = str  # 'low' | 'medium' | 'high'


@dataclass
class Advice:
    """One piece of guidance with the evidence that fired it."""

    id: str
    text: str
    evidence: list[str] = field(default_factory=list)
    sureness: Sureness = "low"
    why: str = ""


def _minutes(m: float | None) -> str:
    if m is None:
        return "no replies"
    if m < 90:
        return f"{m:.0f} minutes"
    if m < 36 * 60:
        return f"{m / 60:.1f} hours"
    return f"{m / 1440:.1f} days"


def _chance(p: float) -> str:
    """A p-value in words: "less than 1 time in 100", "about 3 times in 100"."""
    if p < 0.01:
        return "less than 1 time in 100"
    return f"about {round(p * 100)} times in 100"


def _sure(d: Difference | None, n: int) -> Sureness:
    if d is None or not d.clear:
        return "low"
    return "high" if n >= 15 and abs(d.cohens_d) >= 0.5 else "medium"


def after_pushing(a: Analysis) -> Advice | None:
    """Fires when the user has pushed; stronger wording when the partner clearly withdrew afterwards."""
    if not a.pressure_episodes:
        return None
    c = a.after_pressure
    ids = [i for ep in a.pressure_episodes for i in ep.evidence][-8:] + c.evidence[-6:]
    slower = c.reply_minutes is not None and c.reply_minutes.clear and c.reply_minutes.diff > 0
    colder = c.cold_rate is not None and c.cold_rate.clear and c.cold_rate.diff > 0
    n = len(a.pressure_episodes)
    if slower or colder:
        text = (f"You pushed for a decision {n} time{'s' if n > 1 else ''}. Afterwards the partner's replies "
                f"{'slowed from about ' + _minutes(c.median_minutes_baseline) + ' to ' + _minutes(c.median_minutes) if slower else 'cooled'}"
                ". Pushing seems to make the partner step back. Try letting questions about the future rest for now, "
                "and keep messages light and easy to answer.")
        return Advice("pace.dont_push", text, ids, _sure(c.reply_minutes if slower else c.cold_rate, c.n),
                      "pressure episodes followed by slower or colder replies than after your everyday messages")
    return Advice("pace.go_slowly", f"You pushed for a decision {n} time{'s' if n > 1 else ''}. So far the partner's "
                  "replies after those messages were not clearly different from usual, but pressure rarely helps "
                  "someone who has stepped away. Going slowly keeps the door open.", ids, "low",
                  "pressure episodes found; no clear change in the partner's replies yet")


def coming_home(a: Analysis) -> Advice | None:
    """Who raised coming home: let the partner lead."""
    h = a.homecoming
    if h.first_raised_by is None:
        return None
    if h.first_raised_by == "partner":
        return Advice("home.partner_raised", f"The partner was the first to raise coming home, on {h.date:%-d %B %Y}. "
                      "That matters. Let them keep setting the pace: listen, ask what it would look like for them, and "
                      "avoid setting dates.", h.evidence, "medium", "first homecoming message was the partner's")
    if h.partner_first is not None:
        ids = [h.partner_first_id] if h.partner_first_id else []
        return Advice("home.partner_raised", f"You raised coming home first; on {h.partner_first:%-d %B %Y} the partner "
                      "raised it themselves. That matters. Let them keep setting the pace: listen, ask what it would "
                      "look like for them, and avoid setting dates.", ids + [i for i in h.evidence if i not in ids],
                      "medium", "the partner raised coming home after the user had")
    if h.user_since >= 1 or h.partner_since == 0:
        return Advice("home.let_partner_raise", f"You have raised coming home {h.user_since + 1} time"
                      f"{'s' if h.user_since else ''} and the partner has not raised it themselves yet. It usually "
                      "lands better when the one who left brings it up. Let it rest and see whether they do.",
                      h.evidence, "medium", "homecoming raised by the user, not yet by the partner")
    return None


def trend(a: Analysis) -> Advice | None:
    """The partner's latest confirmed turning point."""
    changes = [c for c in a.trend_changes if c.who == "partner"]
    if not changes:
        need = a.weeks_needed["partner"]
        if need:
            return Advice("data.thin", f"There are only a few weeks of the partner's messages so far; about {need} more "
                          "weeks are needed before a change in their warmth can be told from ordinary ups and downs.",
                          [m.id for m in a.messages[-5:]], "high", "fewer than 8 weeks with partner messages")
        return None
    last = changes[-1]
    if last.direction == "warmer":
        ids = [m.id for m in islice((m for m in since(a.messages, last.week) if m.who == "partner" and m.labels & WARM), 8)]
        return Advice("build.keep_going", f"Since the week of {last.week:%-d %B}, the partner has been warmer "
                      f"(a change this large would arise by chance {_chance(last.p_value)}). "
                      "Whatever you have been doing since then seems to help: keep contact easy and enjoyable.",
                      ids, "medium" if last.p_value < 0.01 else "low", "confirmed warmer turning point")
    ids = [m.id for m in islice((m for m in since(a.messages, last.week) if m.who == "partner"), 8)]
    return Advice("pace.give_space", f"Since the week of {last.week:%-d %B}, the partner has been cooler. Give them "
                  "room: fewer messages, nothing that asks for a decision, and answer warmly when they reach out.",
                  ids, "medium" if last.p_value < 0.01 else "low", "confirmed cooler turning point")


def pullback_now(a: Analysis) -> Advice | None:
    """The partner is pulling back in the latest weeks."""
    partner = [p for p in a.pullbacks if p.who == "partner"]
    if not partner or not a.weeks or (a.weeks[-1].week - partner[-1].end).days > 7:
        return None
    p = partner[-1]
    return Advice("pace.pullback", f"The partner has been holding back since {p.start:%-d %B}. This happens in most "
                  "separations and is not a verdict. Don't chase: short, kind replies, and let them come to you.",
                  p.evidence, "medium", "recent weeks with more distance than the partner's own usual")


def problem_readiness(a: Analysis) -> Advice | None:
    """Whether the latest attempts at problem talk met repair or defensiveness."""
    answered = [p for p in a.problem_talk if p.outcome in ("repair", "defensive")]
    if not answered:
        return None
    recent = answered[-3:]
    ids = [p.message_id for p in recent] + [p.reply_id for p in recent if p.reply_id]
    if recent[-1].outcome == "defensive":
        return Advice("problems.wait", "The last time you raised an old problem, the partner turned defensive. Pause the "
                      "hard topics for now; build easy, good contact first and come back to it later, one topic at a time.",
                      ids, "medium" if len(recent) > 1 else "low", "latest problem talk met defensiveness")
    return Advice("problems.go_on", "When you raised a problem recently, the partner answered with repair. The "
                  "relationship may be able to carry some of the hard talk now: go on gently, one topic at a time, "
                  "and stop if they turn defensive.", ids, "medium" if len(recent) > 1 else "low",
                  "latest problem talk met repair")


def what_helps(a: Analysis) -> Advice | None:
    """The user's warm behaviour that the partner answered warmly more often than everyday messages."""
    best = None
    for c in a.what_works:
        d = c.warm_rate
        if d is not None and d.clear and d.diff > 0 and (best is None or d.diff > best.warm_rate.diff):  # type: ignore[union-attr]
            best = c
    if best is None or best.warm_rate is None:
        return None
    d = best.warm_rate
    words = {"nostalgia": "shared good memories", "future": "suggested something concrete to do together",
             "interest": "asked about the partner's life", "affection": "said something warm",
             "repair": "calmed a tension", "humour": "made the partner laugh or joked",
             "calls": "called or met up"}[best.kind]
    return Advice(f"build.{best.kind}", f"When you {words}, the partner answered warmly {d.b_mean:.0%} of the time, "
                  f"against {d.a_mean:.0%} after your everyday messages (95 % interval of the difference "
                  f"{d.low:+.0%} to {d.high:+.0%}, {d.n_b} times). Build on that, without overdoing it.",
                  best.evidence, _sure(d, best.n), f"partner warmth after your {best.kind} messages vs baseline")


def from_their_history(a: Analysis) -> Advice | None:
    """Shared things from the couple's own history that the partner met warmly: offered, never pressed."""
    if not a.ideas:
        return None
    names = [i.phrase for i in a.ideas[:3]]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    best = a.ideas[0]
    ids = [e for i in a.ideas[:3] for e in i.evidence[:4]]
    return Advice("build.shared_history", f"Some things from your own history drew the partner's warmest replies: "
                  f"{listed}. If it fits naturally, a light mention or a low-key idea around one of them is an easy, "
                  "enjoyable kind of contact. Make it easy to say no, and don't read a no as an answer about the two "
                  "of you.", ids, "medium" if best.mentions >= 4 else "low",
                  "shared places, activities or memories the partner met warmly more often than usual")


def style_in_tune(a: Analysis) -> Advice | None:
    """Language style matching rising: the two are writing more alike, which tends to go with easier contact."""
    t = a.style_trend
    if t is None or t.recent is None or not t.recent.clear or t.recent.diff <= 0:
        return None
    d = t.recent
    ids = [m.id for m in since(a.messages, t.weeks[0])][-6:] if t.weeks else []
    return Advice("build.in_tune", f"In the last {len(t.weeks)} weeks the two of you have been writing more alike "
                  f"(style matching {d.b_mean:.2f} against {d.a_mean:.2f} before, on a scale of 0 to 1). People "
                  "tend to echo each other's small words when a conversation feels easy. It is a sign of easier "
                  "contact, not a promise of anything; keep it relaxed.", ids,
                  "medium" if abs(d.cohens_d) >= 0.5 else "low",
                  "weekly function-word style matching higher in recent weeks, bootstrap interval above zero")


ROOM_SHARE = 0.75  # the user's share of recent conversation starts above which the rule fires
ROOM_STARTS = 8  # ... over at least this many starts


def room_to_reach(a: Analysis) -> Advice | None:
    """The user has been starting nearly every conversation lately: leave room for the partner to reach out."""
    recent = a.weeks[-4:]
    ours = sum(w.starts["user"] for w in recent)
    total = ours + sum(w.starts["partner"] for w in recent)
    if total < ROOM_STARTS or ours / total < ROOM_SHARE:
        return None
    since = recent[0].week
    calls = {c.id for c in a.contacts}  # a start is a message, a call or a visit: the evidence is messages
    ids = [s.ref for s in a.starts if s.who == "user" and s.ts.date() >= since and s.ref not in calls][-8:]
    doubles = sum(w.double_texts["user"] for w in recent)
    extra = f", and sent {doubles} second message{'s' if doubles != 1 else ''} before a reply" if doubles else ""
    return Advice("pace.room_to_reach", f"In the last four weeks you started {ours} of the {total} conversations{extra}. "
                  "That is not wrong, but it leaves the partner little room to reach out. Try waiting a little longer "
                  "before getting in touch, and answer warmly when they do.", ids,
                  "medium" if total >= 15 else "low", "user made at least 75 % of recent conversation starts")


def honesty(a: Analysis) -> Advice:
    """Always shown: what these figures can and cannot say."""
    return Advice("about.uncertainty", "Nobody can predict whether the partner will come back, and these figures don't "
                  "either: they show patterns in your messages, read by software that makes mistakes. Trust what you "
                  "know of the partner over any number here.", [m.id for m in a.messages[-3:]], "high",
                  "shown to everyone")


RULES: tuple[Callable[[Analysis], Advice | None], ...] = (
    pullback_now, after_pushing, room_to_reach, coming_home, trend, problem_readiness, what_helps, from_their_history,
    style_in_tune,
)


def advise(a: Analysis) -> list[Advice]:
    """Every catalogue item whose rule fires on this couple's data, then the honesty note."""
    return [item for rule in RULES if (item := rule(a)) is not None] + [honesty(a)]
