"""The fast paths of ``bulk.Corpus`` give exactly what their plain definitions give.

``_find`` (three-character table, 64-bit comparisons), ``lowered`` (with its padding) and ``replaced`` (which
carries the lowered bytes, the found strings and the non-ASCII texts over instead of working them out again)
are checked against one-line definitions over the texts themselves, on many varied texts: emoji, curly
apostrophes, the odd case folds, NULs inside texts, empty texts, strings at the very end of the corpus, strings
longer than eight and sixteen characters, and more three-character starts than a byte can number.
"""
from __future__ import annotations

import random
import re
from datetime import datetime

import pytest

from homeward.analysis import bulk, episodes, experiments
from homeward.analysis.bulk import Corpus
from homeward.analysis.tables import Msg
from homeward.guidance import safety

PIECES = ["ok", "lol", "😂", "don\u2019t", "don't", "I\u2019ll kill you", "I'll kill you", "İ'll", "ı", "ſorry",
          "\u212aill", "when are you coming home", "COMING HOME", "the kids", "nobody will ever find",
          "i know where you live",
          "send me your location", "x", "", "\x00", "?", "??", "é", "ÉTÉ", "you're not going anywhere without me",
          "tell me where you were", "the lake", "jk", "JK", "haha", "walking on eggshells", "\n", "  "]
PATTERNS = [episodes.HOMECOMING, episodes.PRESSURE, episodes.PUSHED, episodes.PROBLEM, episodes.HUMOUR,
            experiments.HUMOUR, safety.JOKING, *safety.COMPILED.values()]


def texts(seed: int, n: int = 400) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(rng.choice(PIECES) for _ in range(rng.randint(0, 6))) for _ in range(n)]


def lowered_text(text: str) -> str:
    """What ``Corpus.lowered`` holds for one text: ASCII lower case, every other character "?"."""
    return text.encode("ascii", "replace").lower().decode("ascii")


def required(patterns: list[re.Pattern[str]]) -> list[str]:
    found = {lit for p in patterns if (cs := bulk.clauses(p)) for c in cs for f in c for lit in f}
    return sorted(found - {bulk.NON_ASCII})


def holding(items: list[str], lit: str) -> list[int]:
    return [i for i, t in enumerate(items) if lit in lowered_text(t)]


def assert_found_exactly(corpus: Corpus, lits: list[str]) -> None:
    corpus._find([lit for lit in lits if lit not in corpus._where])
    for lit in lits:
        assert corpus._where[lit].tolist() == holding(list(corpus.distinct), lit), lit


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("chunk", [bulk._CHUNK, 7, 64])  # small chunks: strings across every chunk boundary
def test_find_gives_every_text_holding_each_string(seed: int, chunk: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bulk, "_CHUNK", chunk)
    items = texts(seed)
    rng = random.Random(seed)
    # strings of every length the comparisons step through (3, 8, 9, 16, 17), cut from the texts themselves
    cut = {lowered_text(t)[k:k + size] for t in rng.sample(items, 60) for size in (2, 3, 4, 8, 9, 16, 17, 25)
           for k in (0, 1)}
    lits = sorted(lit for lit in cut if len(lit) >= 2 and "\x00" not in lit and "?" not in lit) + required(PATTERNS)
    items.append(items[-1] + " walking on eggshells")  # a string ending the corpus: the padding follows it
    corpus = Corpus(items)
    assert_found_exactly(corpus, sorted(set(lits)))
    a, starts = corpus.lowered()
    assert a.tobytes() == "\x00".join(lowered_text(t) for t in corpus.distinct).encode("ascii")
    assert starts.tolist() == [sum(len(t) + 1 for t in corpus.distinct[:i]) for i in range(len(corpus.distinct))]


def test_find_with_more_three_character_starts_than_a_byte_numbers() -> None:
    rng = random.Random(5)
    letters = "abcdefghijklmnopqrstuvwxyz"
    items = ["".join(rng.choice(letters + " ") for _ in range(rng.randint(0, 40))) for _ in range(3000)]
    lits = sorted({"".join(rng.choice(letters) for _ in range(rng.choice((3, 4, 10)))) for _ in range(700)})
    assert len({lit[:3] for lit in lits}) > 256
    assert_found_exactly(Corpus(items), lits)


def test_find_over_no_text_and_empty_texts() -> None:
    for items in ([], [""], ["", "", "ab"], ["ab"]):
        corpus = Corpus(items)
        corpus._find(["ab", "abc", "abcdefghij"])
        assert {k: v.tolist() for k, v in corpus._where.items()} == {
            lit: holding(list(corpus.distinct), lit) for lit in ("ab", "abc", "abcdefghij")}


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("ready", [True, False])
def test_replaced_carries_over_exactly_what_a_fresh_corpus_finds(seed: int, ready: bool) -> None:
    items = texts(seed) * 2  # repeats: the texts are grouped, and the grouping is shared
    for old, new in (("\u2019", "'"), ("'", "\u2019"), ("o", "0"), ("\u212a", "k"), ("k", "\u212a"),
                     ("\u2019", "'s"), ("\U0001F602", "x"), ("\u00e9", "e")):
        base = Corpus(items)
        if ready:  # as in the pipeline: the analysis has already found its strings and the non-ASCII texts
            base.prefetch(PATTERNS[:5])
            base.candidates(episodes.HOMECOMING)
        fixed = base.replaced(old, new)
        straight = [t.replace(old, new) for t in items]
        assert list(fixed.distinct) == [t.replace(old, new) for t in base.distinct]
        assert fixed.code is base.code
        fresh = Corpus.__new__(Corpus)
        fresh.texts, fresh.code, fresh.distinct = straight, base.code, list(fixed.distinct)
        fresh._odd = fresh._non_ascii = fresh._lowered = None
        fresh._where = {}
        assert fixed._non_ascii_texts() == fresh._non_ascii_texts() and fixed._odd == fresh._odd, (old, new)
        assert fixed.lowered()[0].tobytes() == fresh.lowered()[0].tobytes(), (old, new)
        assert_found_exactly(fixed, required(PATTERNS))
        for pattern in PATTERNS:
            assert fixed.matching(pattern) == [i for i, t in enumerate(straight) if pattern.search(t)], (old, new)
        assert base.lowered()[0].tobytes() == "\x00".join(map(lowered_text, base.distinct)).encode("ascii")  # untouched


def test_replacing_a_character_no_text_holds_gives_the_corpus_itself() -> None:
    corpus = Corpus(["ok", "I'll be home", "😂"])
    assert corpus.replaced("\u2019", "'") is corpus
    assert corpus.replaced("\u2019", "'").matching(safety.COMPILED["threat"]) == []


def test_the_safety_scan_reads_curly_apostrophes_as_straight_ones() -> None:
    plain = ["see you at six", "I\u2019ll kill you", "I'll kill you lol", "you\u2019re not allowed to see your sister",
             "i\u2019m scared of you", "ok"]
    when = datetime(2024, 5, 1, 9, 0)
    messages = [Msg(f"m{i}", when, "user", text, frozenset()) for i, text in enumerate(plain)]
    episodes.corpus(messages)  # the analysis's corpus first, as in the pipeline
    found = safety.scan(messages)
    bulk.forget()
    assert found.kinds == {"threat": ["m1"], "control": ["m3"], "fear": ["m4"]}
