"""Ideas from the couple's own history: places, activities and memories that drew the partner's warmest replies.

Candidates are cheap noun-phrase-ish spans, no model and no network: a determiner that points at
something shared ("the lake", "that pizza place", "our song") followed by up to three content words,
and capitalised names inside a sentence ("Tenby", "Luca's"). A phrase becomes an idea when it came up
at least twice and the partner met it warmly more often than they meet the user's messages in
general (the lower end of the 95 % Wilson interval above the usual rate): a message of the partner's that names it with an approach label, or an answer with an
approach label to the user's message that names it. It must also have come up at least once in a
message of either person's that carries an approach label (a memory, a plan, affection), so that
errands answered kindly ("the bins") are not offered as ideas.
Everyday words of co-parenting (the kids, school, the house) are left out, as is anything named in
more than ``MAX_SHARE`` of all messages. Ideas are offered as low-pressure things to suggest; they
say nothing about whether the partner will come back.
"""
from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from homeward.analysis.bulk import matching
from homeward.analysis.episodes import responses
from homeward.analysis.style import CATEGORIES
from homeward.analysis.tables import Msg
from homeward.signals.taxonomy import WARM

DETERMINERS = frozenset({"the", "that", "our", "those"})
FUNCTION = frozenset(w for words in CATEGORIES.values() for w in words)
STOP = FUNCTION | frozenset(
    "is are was were be been going get got go went come came see saw say said think know want like love miss "
    "make made take took give let tell told ask asked need needs put keep feel felt look looked remember "
    "yes no ok okay yeah thanks thank please sorry well good great fine lol haha x xx one two three first last "
    "other same next whole new old big little best time where when who why how".split())
EVERYDAY = frozenset(
    "kids kid children child school house home car money bills bill flat phone morning night evening day days week "
    "weekend weeks way thing things stuff end moment pickup drop-off dropoff uniform homework lunch dinner tea bed "
    "bath washing laundry shopping work job office meeting appointment form forms message messages text texts "
    "call calls bit lot point idea answer question decision plan plans problem problems kids' boys girls baby "
    "nursery teacher class club match game practice rota schedule arrangements keys post side top bottom front back "
    "monday tuesday wednesday thursday friday saturday sunday tomorrow tonight today yesterday "
    "four five six seven eight nine ten half".split())
MAX_WORDS = 3  # content words after the determiner
MIN_MENTIONS = 2
MAX_SHARE = 0.04  # named in more than this share of all messages: everyday, not an idea
TOKEN = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*")
SENTENCE_END = re.compile(r"[.!?\n]")
# A text without a capital A-Z (which every name starts with, and "The") and without "the", "tha(t)", "tho(se)"
# or "our" in lower case names nothing: ``phrases`` of it is empty.
MAY_NAME = re.compile(r"[A-Z]|th[aeo]|our")


def phrases(text: str, *, skip: frozenset[str] = frozenset()) -> set[str]:
    """The candidate shared things named in ``text`` (lower case), e.g. {"the lake", "that pizza place", "tenby"}."""
    found: set[str] = set()
    for sentence in SENTENCE_END.split(text):
        toks = [t.replace("\u2019", "'") for t in TOKEN.findall(sentence)]
        for i, tok in enumerate(toks):
            low = tok.lower()
            if low in DETERMINERS:
                span: list[str] = []
                for nxt in toks[i + 1:i + 1 + MAX_WORDS]:
                    w = nxt.lower()
                    if w in STOP or w in DETERMINERS:
                        break
                    span.append(w)
                # a span ending in an everyday word ("the open day", "the kids") names an errand, not a shared thing
                if span and (span[-1] in EVERYDAY or span[-1].endswith("ly")):
                    continue
                if span and (low != "that" or len(span) >= 2):
                    found.add(" ".join(["the" if low == "those" else low, *span]))
            elif i > 0 and tok[0].isupper() and tok != "I" and not tok.startswith("I'") and len(tok) > 2:
                name = low.removesuffix("'s")
                if name not in STOP and name not in skip and name not in EVERYDAY:
                    found.add(name)
    return found


@dataclass
class Idea:
    """A shared thing that drew warmth: how often it came up, how the partner met it, and the messages."""

    phrase: str
    mentions: int
    warm: int  # mentions the partner met warmly
    rate: float
    baseline: float  # the partner's usual rate of warm answers to the user's messages
    low: float  # 95 % Wilson interval of ``rate``
    high: float
    evidence: list[str] = field(default_factory=list)

    @property
    def idea(self) -> str:
        return (f"Something to do with {self.phrase}: it came up {self.mentions} times and the partner met it warmly "
                f"{self.warm} of those times. A light mention, or a low-key suggestion with an easy way to say no.")

    @property
    def why(self) -> str:
        return (f"partner warm {self.rate:.0%} of the time when {self.phrase} came up (95 % interval "
                f"{self.low:.0%} to {self.high:.0%}), against {self.baseline:.0%} after the user's messages in general")


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """95 % Wilson score interval for k successes in n."""
    if n == 0:
        return 0.0, 1.0
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return round(max(0.0, centre - half), 4), round(min(1.0, centre + half), 4)


def ideas(messages: Sequence[Msg], *, names: Sequence[str] = (), limit: int = 5) -> list[Idea]:
    """The shared places, activities and memories the partner met most warmly, best first (at most ``limit``)."""
    skip = frozenset(n.lower().split()[0] for n in names if n)
    resp = responses(messages)
    answered = [m for m in messages if m.who == "user" and m.id in resp]
    if not answered:
        return []

    def warm_answer(m: Msg) -> bool:
        return resp[m.id].warm

    baseline = sum(warm_answer(m) for m in answered) / len(answered)
    seen: dict[str, list[tuple[Msg, bool, str | None]]] = {}
    # Only the partner's messages and the user's answered ones can count, and only those holding a capital
    # letter or a determiner's letters (``MAY_NAME``) can name anything; a text repeated ("the lake x") is
    # read once.
    counted = [m for m in messages if m.text and (m.who == "partner" or m.id in resp)]
    read: dict[str, tuple[str, ...]] = {}  # tuples: a third of a set's memory, for hundreds of thousands of texts
    for j in matching(MAY_NAME, [m.text for m in counted]):
        m = counted[j]
        found = read.get(m.text)
        if found is None:
            found = read[m.text] = tuple(phrases(m.text, skip=skip))
        for p in found:
            if m.who == "partner":
                seen.setdefault(p, []).append((m, bool(m.labels & WARM), None))
            elif m.id in resp:
                seen.setdefault(p, []).append((m, warm_answer(m), resp[m.id].reply_id))
    limit_n = max(5, MAX_SHARE * len(messages))  # on a short history a few mentions are not 'everyday'
    out: list[Idea] = []
    for p, hits in seen.items():
        n, k = len(hits), sum(w for _, w, _ in hits)
        fond = any(m.labels & WARM for m, _, _ in hits)
        if n < MIN_MENTIONS or n > limit_n or k < 2 or not fond:
            continue
        low, high = wilson(k, n)
        if low <= baseline:  # the interval must clear the partner's usual warmth, not just the point rate
            continue
        ids = [i for m, w, r in hits if w for i in (m.id, r) if i][:8]
        out.append(Idea(p, n, k, round(k / n, 4), round(baseline, 4), low, high, ids))
    out.sort(key=lambda i: (-i.low, -i.warm, i.phrase))
    # A shorter phrase inside a longer one that also made it ("the lake" in "the lake house") adds nothing.
    kept: list[Idea] = []
    for i in out:
        if not any(i.phrase in j.phrase or j.phrase in i.phrase for j in kept):
            kept.append(i)
    return kept[:limit]
