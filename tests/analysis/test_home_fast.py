"""The fast homecoming reading (episodes._raises_home, _said_home) must give exactly what the plain rule gives:
every HOMECOMING match in order, each kept unless one of the three words before it (within 40 characters) is a
third party or a capitalised name."""
from __future__ import annotations

import random
import re
import sys
from datetime import datetime, timedelta

import pytest

from homeward.analysis import bulk, episodes
from homeward.analysis.episodes import HOMECOMING, NOT_NAMES, THIRD_PARTY
from homeward.analysis.tables import Msg


def reference(text: str) -> bool:
    """The reading as first written: IGNORECASE over the text as sent, words by ``[\\w']+``."""
    for hit in HOMECOMING.finditer(text):
        before = re.findall(r"[\w']+", text[max(0, hit.start() - 40):hit.start()])[-3:]
        if not any(w.lower() in THIRD_PARTY or (w[0].isupper() and w.lower() not in NOT_NAMES) for w in before):
            return True
    return False


PIECES = ["coming home", "Coming HOME", "come home", "moved back", "moved back?", "Moved Back.", "you're coming back",
          "u coming back", "you coming back from", "are you coming back for the kids", "get back with", "back together",
          "stay over", "for us", "staying over tonight? for us", "we could start over", "another chance", "reconcile",
          "give us another go", "work on us", "i want to come back", "can i come back", "me coming back",
          "home for good", "be a family again", "the kids", "The kids", "kids", "kids'", "he", "she's", "they", "mum",
          "Dad", "Theo", "Maisie's", "I", "I'm", "You", "So", "When", "honestly", "ok", "lol", "x", "2", "it's",
          "the", "bathe", "ache", "cathe", "café", "Ésa", "naïve", "😂", "’", "you’re coming back", "“", "—",
          "…", "\u00a0", "\u2009", "\x1c", "İ", "ı", "ſ", "\u212a", "\u212aids", "Ⓐ", "ⓐ", "ǅ", "Σ", "ß", "ﬁ", "_",
          "__kids", "kids_", "'", "''", "?", ".", "!", ",", "\n", "\t", "  ", "remember the lake",
          "when are you coming home", "1st", "by Leo's birthday", "if you're not back by Leo's", "moving back in",
          "i'm coming home from work", "get home safe", "the kids come home at 6", "when Theo comes home", "x" * 37,
          "y" * 41]
JOINS = [" ", " ", " ", "", "\n", ", ", "’", "😂", "\u00a0", "'", ".", "-", "é", "_"]


def adversarial(seed: int, n: int) -> list[str]:
    """Texts built of the pieces above joined every which way: names and third parties just before a match,
    several matches where the first is a third party's, matches near the start, words cut at the 40th
    character, curly quotes, capitals, letters and spaces outside ASCII, the odd case folds."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        k = rng.randint(1, 9)
        parts = [rng.choice(PIECES) for _ in range(k)]
        text = ""
        for p in parts:
            text += rng.choice(JOINS) + p if text else p
        if rng.random() < 0.2:
            text = rng.choice(["The kids are ", "Jordan is ", "the kids ", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxt",
                               "he said ", "Tom, ", "bookkids "]) + text
        out.append(text)
    return out


FIXED = ["The kids COME HOME at six", "Jordan is coming home", "when are YOU coming home", "I want to come back",
         "moved back", "moved back\n", "Moved Back?", "moved back😂", "moved back\n\n", "moved back!\nok",
         "the kids are coming home, are you coming home?", "The kids are coming home and when are you coming home",
         "kids'coming home", "bookkids coming home", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxthe coming home",
         "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxkids coming home", "you’re coming home", "Theo’s coming home",
         "coming home", "Coming home", "So coming home?", "I'm coming home", "İ'm coming home", "ık coming home",
         "\u212aids coming home", "KIDS coming home", "Ⓐ coming home", "ǅ coming home", "café coming home",
         "naïve coming home", "coming\u00a0home", "coming\u2009home", "coming\x1chome", "coming\x1c home",
         "moved back\u00a0", "stay over 😂 for us", "staying over\nfor us", "u coming back from", "Σ coming home",
         "the kids a b u coming back home", "kids a b u coming back home", "moved back.come home",
         "moved back.Come home", "he moved back.come home", "", "\n", "😂", "home", "back",
         "Kids moved" + " " * 40 + "back.come home", "the kids moved" + " " * 40 + "back!you coming back",
         "Theo moving" + "\n" * 40 + "back?coming home"]  # the next match starts on the last one's "." "!" "?"


@pytest.mark.parametrize("seed", range(6))
def test_the_fast_reading_gives_exactly_the_plain_rule(seed: int) -> None:
    for text in adversarial(seed, 2500) + FIXED:
        assert episodes._raises_home(text) == reference(text), repr(text)


def test_said_home_and_home_mask_over_a_message_list_match_the_rule_message_by_message() -> None:
    texts = adversarial(99, 3000) + FIXED
    t0 = datetime(2025, 3, 3, 9)
    msgs = [Msg(f"m{i}", t0 + timedelta(minutes=i), "user" if i % 3 else "partner", t, frozenset())
            for i, t in enumerate(texts * 2)]  # every text twice: the corpus reads each distinct text once
    bulk.forget()
    try:
        expected = {i for i, m in enumerate(msgs) if reference(m.text)}
        assert episodes._said_home(msgs) == expected
        assert set(episodes.home_mask(msgs).nonzero()[0].tolist()) == expected
        assert [episodes.is_homecoming(m) for m in msgs[:500]] == [i in expected for i in range(500)]
    finally:
        bulk.forget()


def test_the_scan_finds_the_matches_finditer_finds_at_the_same_places() -> None:
    scan = episodes._HOME_SCAN
    assert scan is not None and bulk.first_letters(HOMECOMING) == "abcghilmnrsuwy"
    assert not re.search("[A-Z]", HOMECOMING.pattern)  # no capital: over lower-cased text IGNORECASE changes nothing
    for text in adversarial(7, 3000) + FIXED:
        if not (text.isascii() or episodes._plain(text)):
            continue
        spaced, at, found = " " + text.lower(), 0, []
        while (hit := scan.search(spaced, at)) is not None:
            found.append(hit.start())
            at = hit.end() - 1
        assert found == [h.start() for h in HOMECOMING.finditer(text)], repr(text)


@pytest.mark.parametrize(("pattern", "letters"), [
    (r"\b(?:ab|cd)", "ac"), (r"\b(?:a(?:b|c)|d+e)x", "ad"), (r"\ba?b", None), (r"ab", None), (r"\b(?:a|)", None),
    (r"\b[ab]c", "ab"), (r"\b(?:Ab)", None), (r"\b(?:\s*a)", None), (r"\b(?=a)a", None), (r"\b(?:ab)*c", None),
    (r"\b(?:(?:x|y)z|w)", "wxy"), (r"\b1a", None), (r"\b[^a]b", None), (r"\b[a-c]d", None),
])
def test_first_letters_are_read_only_where_certain(pattern: str, letters: str | None) -> None:
    assert bulk.first_letters(re.compile(pattern, re.I)) == letters


def test_plain_characters_act_as_punctuation_on_the_pattern() -> None:
    """Every plain character (sampled over all of Unicode) gives the same matches as the case-ignoring pattern
    where it stands next to, between and after the words of a match."""
    plain = [c for c in map(chr, range(0x80, sys.maxunicode + 1, 7)) if episodes._plain(c)]
    assert episodes._plain("😂 ’“”—…")
    assert episodes._plain("ⓐ’—") and not any(map(episodes._plain, "İıſ\u212aéÉⒶǅ\u00a0\u2009\u3000ß"))
    folds = [c for c in map(chr, range(0x80, sys.maxunicode + 1)) if re.match(r"[\x00-\x7f]", c, re.IGNORECASE)]
    assert sorted(folds) == sorted("İıſ\u212a") and not any(map(episodes._plain, folds))
    for c in random.Random(0).sample(plain, 1500) + ["’", "“", "😂", "—"]:
        for text in (f"moved back{c}", f"{c}coming home", f"coming{c}home", f"Kids{c}coming home",
                     f"you{c}re coming back", f"stay over{c} for us", f"x{c}u coming back"):
            assert episodes._raises_home(text) == reference(text), repr(text)


def test_an_all_lower_case_run_of_letters_is_left_alone_by_lower() -> None:
    """``_said_of_us`` takes letters whose string ``islower()`` as their own lower case (the third parties looked
    up as they are): no letter of such a string changes under ``str.lower``."""
    changed = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isalpha() and chr(c).lower() != chr(c)]
    assert changed and not any((c + "a").islower() for c in changed)
