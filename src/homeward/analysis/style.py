"""How the two write to each other, week by week: balance (reciprocity) and language style matching.

Reciprocity is how evenly the week's messages, conversation starts and words are shared: 1 when both
give the same, 0 when one person does all of it. Language style matching (Ireland & Pennebaker 2010)
compares how often each person uses function words (pronouns, articles, prepositions ...), the small
words people echo without noticing when they are in tune: per category 1 - |p1 - p2| / (p1 + p2 +
0.0001), averaged over the categories. Both are pure functions over the message and week tables.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from homeward.analysis.stats import Difference, bootstrap_difference
from homeward.analysis.tables import Msg, Who, monday
from homeward.analysis.weeks import Week

# Function-word categories after LIWC's nine used for LSM (own short English lists; no licensed dictionary).
CATEGORIES: dict[str, frozenset[str]] = {
    "personal_pronouns": frozenset(
        "i me my mine myself we us our ours ourselves you your yours yourself yourselves he him his himself she her "
        "hers herself they them their theirs themselves i'm i've i'll i'd we're we've we'll you're you've you'll "
        "you'd he's she's they're they've im ive ill youre u ur".split()),
    "impersonal_pronouns": frozenset(
        "it its itself it's this that these those something anything everything nothing someone anyone everyone "
        "somebody anybody everybody what which whatever that's".split()),
    "articles": frozenset("a an the".split()),
    "conjunctions": frozenset("and but or so because if while although though as whereas nor yet cos".split()),
    "prepositions": frozenset(
        "to of in on at for with from by about into over after before under between through during without "
        "around near up down off out across behind until till".split()),
    "auxiliary_verbs": frozenset(
        "am is are was were be been being have has had do does did will would shall should can could may might "
        "must don't didn't doesn't won't wouldn't can't couldn't shouldn't isn't aren't wasn't weren't haven't "
        "hasn't dont didnt cant wont isnt".split()),
    "adverbs": frozenset(
        "very really just so too also only even still then now here there always never often maybe quite "
        "actually probably again already soon".split()),
    "negations": frozenset("no not never nothing nobody none nowhere neither don't didn't can't won't isn't".split()),
    "quantifiers": frozenset("all some any many much more most few lot lots every each both several enough less".split()),
}
MIN_WORDS = 20  # a person's words in a week below which their style cannot be read
TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)?")


def tokens(text: str) -> list[str]:
    """Lower-case word tokens, with curly apostrophes made straight."""
    return TOKEN.findall(text.lower().replace("\u2019", "'"))


def category_rates(texts: Sequence[str]) -> tuple[dict[str, float], int]:
    """The share of words in each function-word category over ``texts``, and the number of words."""
    words = tokens("\n".join(texts))  # one pass; a token never spans the newline
    n = len(words)
    if n == 0:
        return {c: 0.0 for c in CATEGORIES}, 0
    counts = Counter(words)  # then each category is a sum over its short word list, not over every word
    return {c: sum(counts[w] for w in vocab) / n for c, vocab in CATEGORIES.items()}, n


def lsm(texts_a: Sequence[str], texts_b: Sequence[str], *, min_words: int = MIN_WORDS) -> float | None:
    """Language style matching between two people's texts, in [0, 1]; None when either wrote too little."""
    pa, na = category_rates(texts_a)
    pb, nb = category_rates(texts_b)
    if na < min_words or nb < min_words:
        return None
    scores = [1 - abs(pa[c] - pb[c]) / (pa[c] + pb[c] + 0.0001) for c in CATEGORIES]
    return round(sum(scores) / len(scores), 4)


def weekly_lsm(messages: Sequence[Msg], weeks: Sequence[Week]) -> dict[date, float | None]:
    """Language style matching for each week of ``weeks`` (None where either person wrote too little)."""
    texts: dict[date, dict[Who, list[str]]] = {w.week: {"user": [], "partner": []} for w in weeks}
    by_day: dict[date, dict[Who, list[str]] | None] = {}  # the week per calendar day: monday() once a day
    for m in messages:
        day = m.ts.date()
        try:
            wk = by_day[day]
        except KeyError:
            wk = by_day[day] = texts.get(monday(day))
        if wk is not None and m.text:
            wk[m.who].append(m.text)
    return {d: lsm(t["user"], t["partner"]) for d, t in texts.items()}


def balance(a: float, b: float) -> float | None:
    """1 - |a - b| / (a + b): 1 when even, 0 when one-sided; None when both are zero."""
    return round(1 - abs(a - b) / (a + b), 4) if a + b > 0 else None


@dataclass(frozen=True)
class Reciprocity:
    """One week's balance of messages, conversation starts and words, and the partner's share of each."""

    messages: float | None
    starts: float | None
    words: float | None
    partner_share: dict[str, float | None]


def reciprocity(w: Week) -> Reciprocity:
    """How evenly the week's messages, starts and words are shared between the two."""
    pairs = {"messages": w.messages, "starts": w.starts, "words": w.words}
    share = {k: (round(v["partner"] / (v["user"] + v["partner"]), 4) if v["user"] + v["partner"] else None)
             for k, v in pairs.items()}
    return Reciprocity(balance(w.messages["user"], w.messages["partner"]), balance(w.starts["user"], w.starts["partner"]),
                       balance(w.words["user"], w.words["partner"]), share)


def reply_vs_usual(weeks: Sequence[Week], who: Who) -> dict[date, float | None]:
    """Each week's median reply delay divided by the person's own median over all their replies (1: as usual,
    2: twice as slow). Long silences are not replies and stay out of both (see ``conversations.replies``)."""
    from statistics import median

    every = [v for w in weeks for v in w.reply_minutes[who]]
    if not every:
        return {w.week: None for w in weeks}
    usual = max(median(every), 0.5)
    return {w.week: (round(m / usual, 3) if (m := w.median_reply(who)) is not None else None) for w in weeks}


@dataclass(frozen=True)
class StyleTrend:
    """Style matching in the latest weeks against the weeks before, with a bootstrap interval."""

    recent: Difference | None
    weeks: list[date]  # the recent weeks compared


def style_trend(values: dict[date, float | None], recent: int = 6) -> StyleTrend:
    """Mean weekly style matching of the last ``recent`` weeks with a reading against all earlier ones."""
    read = [(d, v) for d, v in sorted(values.items()) if v is not None]
    if len(read) < recent + 3:
        return StyleTrend(None, [d for d, _ in read[-recent:]])
    early, late = read[:-recent], read[-recent:]
    return StyleTrend(bootstrap_difference([v for _, v in early], [v for _, v in late]), [d for d, _ in late])
