"""The required-string prefilter (bulk.required, Corpus) must never drop a text the pattern matches."""
from __future__ import annotations

import random
import re

import pytest

from homeward.analysis import bulk, episodes, experiments
from homeward.analysis.bulk import Corpus, clauses, matching, memo
from homeward.guidance import safety

PHRASES = ["ok", "lol", "😂", "come home", "Coming HOME from work", "I need space", "PLEASE DON'T PUSH ME",
           "or else", "I'll kill you", "İ'll kill you", "ı'll kill you", "\u212aill you", "you'll be ſorry", "You'll be sorry",
           "send me your location", "why is ur location off", "stay over", "for us", "back together",
           "you are coming back", "we need to decide by friday", "why didn't you tell", "The Lake", "that pizza place",
           "Tenby", "our song", "ÉTÉ", "", "\n", "home", "kill", "you", "i’m scared of you", "x" * 50,
           # texts whose only non-ASCII characters are "plain" (bulk.plain) are searched lower-cased too
           "lol😂", "haha—JK", "“Come Home”", "please don’t push me…", "ⓐ I NEED SPACE", "stop asking ✨"]
PATTERNS = [episodes.HOMECOMING, episodes.PRESSURE, episodes.PUSHED, episodes.PROBLEM, episodes.DEFENSIVE,
            episodes.REPAIR, experiments.HUMOUR, safety.JOKING, *safety.COMPILED.values()]


def texts(seed: int, n: int = 300) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(rng.choice(PHRASES) for _ in range(rng.randint(0, 5))) for _ in range(n)]


def naive(pattern: re.Pattern[str], items: list[str]) -> list[int]:
    return [i for i, t in enumerate(items) if pattern.search(t)]


@pytest.mark.parametrize("seed", range(4))
def test_candidates_hold_every_match_and_matching_agrees(seed: int) -> None:
    items = texts(seed)
    corpus = Corpus(items)
    corpus.prefetch(PATTERNS)
    for pattern in PATTERNS:
        truth = naive(pattern, items)
        pre = corpus.candidates(pattern)
        if pre is not None:
            assert set(truth) <= set(pre), pattern.pattern[:60]
        assert corpus.matching(pattern) == truth, pattern.pattern[:60]
        assert matching(pattern, items) == truth, pattern.pattern[:60]


@pytest.mark.parametrize("seed", range(2))
def test_distinct_texts_and_texts_holding_a_nul_give_the_same_answers(seed: int) -> None:
    items = [f"{t} #{i}" for i, t in enumerate(texts(seed))]  # every text different: no deduplication
    items[5] = "come home\x00now"  # a NUL inside a text: offsets are counted text by text
    corpus = Corpus(items)
    assert corpus.code is None
    repeated = Corpus(texts(seed))
    assert repeated.code is not None and len(repeated.distinct) < len(repeated.texts)
    for pattern in PATTERNS:
        assert corpus.matching(pattern) == naive(pattern, items), pattern.pattern[:60]
    for base in (corpus, repeated):  # curly apostrophes made straight, the texts' grouping kept
        straight = [t.replace("\u2019", "'") for t in base.texts]
        fixed = base.replaced("\u2019", "'")
        for pattern in safety.COMPILED.values():
            assert fixed.matching(pattern) == naive(pattern, straight), pattern.pattern[:60]
    assert corpus.select(episodes.HOMECOMING, episodes._raises_home) == [
        i for i, t in enumerate(items) if episodes._raises_home(t)]


def test_the_safety_patterns_are_prefiltered_and_odd_case_folds_still_match() -> None:
    assert all(clauses(p) for p in safety.COMPILED.values())
    assert any(frozenset({"home"}) in c for c in clauses(episodes.HOMECOMING))
    # IGNORECASE matches İ and ı to "i", ſ to "s" and the Kelvin sign to "k": texts holding one are always searched
    items = ["İ'LL KILL YOU", "ı'll kill you", "nothing here", "you'll be ſorry", "I'LL KILL YOU", "i'll \u212aill you"]
    threat = safety.COMPILED["threat"]
    assert matching(threat, items) == naive(threat, items) == [0, 1, 3, 4, 5]


def one(*strings: str) -> frozenset[str]:
    return frozenset(strings)


def test_required_strings_of_simple_patterns() -> None:
    assert clauses(re.compile(r"\b(?:kill|hurt)\s+you\b", re.I)) == ((one("hurt"), one("you")), (one("kill"), one("you")))
    assert clauses(re.compile(r"a|b", re.I)) is None  # one character: too common to be worth a pass
    assert clauses(re.compile(r"ab|cd", re.I)) == ((one("ab"),), (one("cd"),))
    assert clauses(re.compile(r"ha(?:ha)+", re.I)) == ((one("haha"),),)  # the first repeat joins the run
    assert clauses(re.compile(r"hehe+", re.I)) == ((one("hehe"),),)
    assert clauses(re.compile(r"ab(?:cd)?e", re.I)) == ((one("ab"),),)  # an optional part does not
    assert clauses(re.compile(r"\w+")) is None
    assert clauses(re.compile(r"(?:please\s+)?stop\s+asking", re.I)) == ((one("asking"), one("stop")),)


def test_non_ascii_characters_stand_for_every_text_holding_one() -> None:
    assert set(clauses(experiments.HUMOUR)) == {(one(s),) for s in ("haha", "hehe", "jk", "joking", "lmao", "lol",
                                                                    "rofl", bulk.NON_ASCII)}
    assert clauses(re.compile("[\U0001F600-\U0001F64F]|\u2764")) == ((one(bulk.NON_ASCII),),)
    # a class holding the Kelvin sign matches "k" when case is ignored: no prefilter can rest on it
    assert clauses(re.compile("[\u212a\U0001F602]", re.I)) is None
    items = ["ok", "😂", "sure 😂", "haha", "JK", "ok jk", "a\u212a", "\u212aill", "joking", "no"]
    for pattern in (experiments.HUMOUR, re.compile("[\U0001F600-\U0001F64F]"), re.compile("[\u212a\U0001F602]", re.I)):
        assert Corpus(items).matching(pattern) == naive(pattern, items), pattern.pattern


def test_memo_is_per_list_object_and_forgotten_on_request() -> None:
    calls: list[int] = []
    a, b = [1, 2], [1, 2]
    assert memo(a, "k", lambda: calls.append(1) or "x") == "x"
    assert memo(a, "k", lambda: calls.append(1) or "y") == "x"  # same list: kept
    assert memo(b, "k", lambda: calls.append(1) or "z") == "z"  # equal but another list: computed
    bulk.forget()
    assert memo(a, "k", lambda: calls.append(1) or "w") == "w"
    assert len(calls) == 3
    bulk.forget()


@pytest.mark.parametrize("seed", range(3))
def test_homecoming_reads_ascii_text_lower_cased_the_same(seed: int) -> None:
    items = texts(seed) + ["The kids COME HOME at six", "Jordan is coming home", "when are YOU coming home",
                           "I want to come back", "moved back", "moved back\n", "Moved Back?"]
    for t in items:
        expected = any(not any(w.lower() in episodes.THIRD_PARTY or (w[0].isupper() and w.lower() not in episodes.NOT_NAMES)
                               for w in re.findall(r"[\w']+", t[max(0, h.start() - 40):h.start()])[-3:])
                       for h in episodes.HOMECOMING.finditer(t))
        assert episodes._raises_home(t) == expected, t
