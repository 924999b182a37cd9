"""The fast paths of ideas (``phrase_table``, the numpy counting in ``ideas``) against the plain reference.

``phrases`` stays the reference: ``phrase_table`` must find exactly its phrases, text by text, over the bundled
corpus and sample chats, hand-written corner cases and random texts; ``ideas`` must give exactly what the
per-message loop it replaced gave (kept below as ``reference_ideas``).
"""
from __future__ import annotations

import json
import random
from dataclasses import astuple
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from homeward.analysis import bulk
from homeward.analysis.episodes import responses
from homeward.analysis.ideas import (DETERMINERS, EVERYDAY, MAX_SHARE, MIN_MENTIONS, STOP, Idea, ideas, phrase_table,
                                     phrases, wilson)
from homeward.analysis.tables import Msg
from homeward.signals.taxonomy import WARM

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "src" / "homeward" / "samples"
CORPUS = ROOT / "data" / "corpus"

TRICKY = [
    "", "\n", ".", "the", "The", "THE LAKE", "tHe lake", "the lake", "remember the lake? the lake house!",
    "that place", "that pizza place", "That pizza place near Tenby", "those walks", "Those walks by the sea",
    "our song", "Our song.", "ours", "the kids", "the open day", "the lovely", "the really lovely walk",
    "the lake the kids the park", "the'lake", "'the lake'", "-the lake", "x-the lake", "the -lake", "the-lake",
    "I'm at Tenby", "I’m at Tenby", "i'm with Luca", "I'll ask Luca’s mum", "Luca’s", "we saw Luca's dog",
    "Tenby is nice", "went to Tenby", "went to Tenby.Luca came", "went to Tenby. Luca came", "e.g. Tenby",
    "Dr. Jones said", "Mr Smith", "ask Priya", "ask priya", "with Priya's mum", "OK", "ok OK Ok", "we saw IT",
    "we went -Tenby", "we went 'Tenby'", "we went x-Tenby", "we went --Tenby", "see 😂Tenby", "über Tenby",
    "über the lake", "the über lake", "see \u212aelvin", "see Ṫenby", "the\u00a0lake", "the\tlake", "the\x00lake",
    "see\x00Tenby", "the \ud800 lake", "see \ud800Tenby", "The The The", "that that that place", "our our song",
    "those Those those", "the I'm", "the Tenby trip", "the big lake", "the new house", "the lake x", "the x",
    "our first date", "that weekend away", "we loved the Lake District in May", "by the Thames", "AT THE PUB",
    "the pub’s garden", "the pub’s", "the ’pub", "the pub'", "love u x", "tenby!!! Tenby?? TENBY",
    "a" * 300 + " Tenby", "the " + "x " * 10, "Abc the def ghi jkl mno", "Sunday lunch at the Anchor",
]
PIECES = ["the", "The", "THE", "that", "That", "those", "Those", "our", "Our", "lake", "Lake", "pizza", "place",
          "Tenby", "Luca's", "Luca’s", "I", "I'm", "I’m", "kids", "school", "open", "day", "lovely", "really",
          "remember", "love", "Priya", "x", "ok", "OK", "Mr", "café", "😂", "-", "'", "’", ".", "!", "?", "\n", ",",
          " ", "  ", "Zoë", "DJ", "Al", "Ann", "anna", *sorted(DETERMINERS), "walks", "Sunday", "drop-off"]


def sample_texts() -> list[str]:
    """Texts from the repository: the labelled corpus and every line of the bundled sample chats."""
    out: list[str] = []
    for path in sorted(CORPUS.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            out += [t for t in (row.get("text"), row.get("context")) if t]
    for path in sorted(SAMPLES.glob("*")):
        if path.suffix in {".txt", ".xml", ".jsonl", ".md"}:
            out += path.read_text(encoding="utf-8").splitlines()
    return out


def random_texts(seed: int, n: int = 2000) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        parts = [rng.choice(PIECES) for _ in range(rng.randint(0, 12))]
        out.append("".join(p + rng.choice(["", " ", " ", " ", ". ", "-", "'"]) for p in parts))
    return out


def check(texts: list[str], skip: frozenset[str] = frozenset()) -> None:
    found, text, phrase = phrase_table(texts, skip=skip)
    got: list[set[str]] = [set() for _ in texts]
    for t, p in zip(text.tolist(), phrase.tolist()):
        assert found[p] not in got[t], "a phrase twice for one text"
        got[t].add(found[p])
    assert list(text) == sorted(text)
    for t, g in zip(texts, got):
        assert g == phrases(t, skip=skip), t


def test_phrase_table_finds_what_phrases_finds_in_the_bundled_texts() -> None:
    texts = sample_texts()
    assert len(texts) > 5000
    check(texts)
    check(texts, skip=frozenset({"jordan", "sam", "alex"}))


def test_phrase_table_on_corner_cases() -> None:
    check(TRICKY)
    check(TRICKY, skip=frozenset({"priya", "luca"}))
    check(TRICKY[::-1])
    for t in TRICKY:  # alone too: the first and last text of a batch
        check([t])


@pytest.mark.parametrize("seed", range(3))
def test_phrase_table_on_random_texts(seed: int) -> None:
    check(random_texts(seed), skip=frozenset({"priya"}))


def test_phrase_table_reads_past_its_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    from homeward.analysis import ideas as module
    monkeypatch.setattr(module, "_CHUNK", 7)
    check(random_texts(9, 200) + TRICKY)


def test_phrase_table_of_nothing() -> None:
    found, text, phrase = phrase_table([])
    assert found == [] and len(text) == 0 and len(phrase) == 0
    found, text, phrase = phrase_table(["", "ok", "lol 😂"])
    assert found == [] and len(text) == 0


# --- ideas against the per-message loop it replaced ----------------------------------------------------------

def reference_ideas(messages: list[Msg], *, names: tuple[str, ...] = (), limit: int = 5) -> list[Idea]:
    """``ideas`` as it was before the numpy counting: a loop over the messages and ``phrases`` of each."""
    skip = frozenset(n.lower().split()[0] for n in names if n)
    resp = responses(messages)
    answered = [m for m in messages if m.who == "user" and m.id in resp]
    if not answered:
        return []
    baseline = sum(resp[m.id].warm for m in answered) / len(answered)
    seen: dict[str, list[tuple[Msg, bool, str | None]]] = {}
    for m in messages:
        if not m.text or not (m.who == "partner" or m.id in resp):
            continue
        for p in phrases(m.text, skip=skip):
            if m.who == "partner":
                seen.setdefault(p, []).append((m, bool(m.labels & WARM), None))
            else:
                seen.setdefault(p, []).append((m, resp[m.id].warm, resp[m.id].reply_id))
    limit_n = max(5, MAX_SHARE * len(messages))
    out: list[Idea] = []
    for p, hits in seen.items():
        n, k = len(hits), sum(w for _, w, _ in hits)
        fond = any(m.labels & WARM for m, _, _ in hits)
        if n < MIN_MENTIONS or n > limit_n or k < 2 or not fond:
            continue
        low, high = wilson(k, n)
        if low <= baseline:
            continue
        ids = [i for m, w, r in hits if w for i in (m.id, r) if i][:8]
        out.append(Idea(p, n, k, round(k / n, 4), round(baseline, 4), low, high, ids))
    out.sort(key=lambda i: (-i.low, -i.warm, i.phrase))
    kept: list[Idea] = []
    for i in out:
        if not any(i.phrase in j.phrase or j.phrase in i.phrase for j in kept):
            kept.append(i)
    return kept[:limit]


LOVED = ["the lake", "the lake house", "that pizza place", "Tenby", "our song", "the beach hut", "Luca's cafe",
         "those walks", "the Anchor", "our first flat", "the pier", "Zoë's wedding"]
SHARED = LOVED + ["the kids", "the bins", "the car park", "that form", "the dentist", "Dave", "the quiz", "the gym",
                  "the boiler", "the vet", "our bank", "the garage", "the shed", "Mrs Patel", "the train times"]
FILLER = ["ok", "lol", "can you do pickup", "thanks", "😂", "Sounds good.", "I'm out", "love you", "see you",
          "running late", "yes", "no worries"]
WARM_LABELS = [("nostalgia",), ("affection",), ("plans",), ("humour", "affection")]
OTHER_LABELS = [(), (), (), ("logistics",), ("curt",)]


def history(seed: int, n: int) -> list[Msg]:
    """A made-up history where the loved things draw warm messages and warm answers more often than the rest."""
    rng = random.Random(seed)
    t = datetime(2024, 1, 1, 8)
    out: list[Msg] = []
    loved_before = False
    for i in range(n):
        t += timedelta(minutes=rng.choice([1, 5, 30, 240, 60 * 30, 60 * 60]))
        words = [rng.choice(SHARED if rng.random() < 0.3 else FILLER) for _ in range(rng.randint(1, 3))]
        text = rng.choice([" ".join(words), "remember " + " and ".join(words), ""])
        loved = any(p in text for p in LOVED)
        who = rng.choice(["user", "partner"])
        warmth = 0.7 if loved or (who == "partner" and loved_before) else 0.15
        labels = rng.choice(WARM_LABELS) if rng.random() < warmth else rng.choice(OTHER_LABELS)
        out.append(Msg(f"m{i}", t, who, text, frozenset(labels)))  # type: ignore[arg-type]
        loved_before = loved and who == "user"
    return out


@pytest.mark.parametrize("seed,n", [(0, 120), (1, 300), (2, 1500), (3, 4000)])
def test_ideas_match_the_per_message_loop(seed: int, n: int) -> None:
    ms = history(seed, n)
    for limit in (5, 50):
        for names in ((), ("Luca Rossi", "Sam")):
            got, want = ideas(ms, names=names, limit=limit), reference_ideas(ms, names=names, limit=limit)
            assert [astuple(i) for i in got] == [astuple(i) for i in want]
            assert want or n < 300  # the longer histories do hold ideas: the comparison is not of two empty lists
    bulk.forget()


def test_ideas_with_nobody_answered_is_empty() -> None:
    t = datetime(2024, 1, 1)
    ms = [Msg(f"m{i}", t + timedelta(days=3 * i), "user", "the lake", frozenset({"nostalgia"})) for i in range(5)]
    assert ideas(ms) == [] == reference_ideas(ms)
    assert ideas([]) == []
    bulk.forget()


def test_phrase_lists_hold_no_everyday_or_stop_word_names() -> None:
    found, _, _ = phrase_table(random_texts(5, 500))
    names = [p for p in found if " " not in p]
    assert names and not set(names) & (STOP | EVERYDAY)
