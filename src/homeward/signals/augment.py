"""Texting-style variants of training messages, so the model meets typos and dropped punctuation.

Why: we wrote the corpus ourselves and we are judged on messages others wrote: lower case, no
apostrophes, abbreviations, slips of the thumb. One noisy copy of each training message (same
labels) teaches the character n-grams to survive that. Deterministic: the noise is seeded by a
hash of the message, so ``make model`` gives the same artefact every time. Never applied to the
messages we score.
"""
from __future__ import annotations

import hashlib
import random
import re

SWAPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (r"\byou\b", ("u", "u", "ya")), (r"\byour\b", ("ur", "ur", "yr")), (r"\byou're\b", ("ur", "youre")),
    (r"\bare\b", ("r",)), (r"\bbecause\b", ("cuz", "bc", "coz")), (r"\bplease\b", ("pls", "plz")),
    (r"\bthanks\b", ("thx", "ta", "ty")), (r"\btomorrow\b", ("tmrw", "tmr", "2moro")), (r"\bokay\b", ("ok", "k")),
    (r"\bi'm\b", ("im", "i'm")), (r"\bdon't\b", ("dont", "dnt")), (r"\bcan't\b", ("cant", "cnt")),
    (r"\bwant to\b", ("wanna",)), (r"\bgoing to\b", ("gonna",)), (r"\bwith\b", ("w", "wiv")),
    (r"\bto\b", ("to", "2")), (r"\bfor\b", ("for", "4")), (r"\bsorry\b", ("sry", "soz", "sorryyy")),
    (r"\bso\b", ("sooo", "so")), (r"\blove\b", ("luv", "love")), (r"\btonight\b", ("tonite", "2nite")),
    (r"\bwhat\b", ("wat", "wht")), (r"\bpeople\b", ("ppl",)), (r"\babout\b", ("abt", "bout")),
)


def _seed(text: str) -> int:
    return int(hashlib.sha256(("aug\x1f" + text).encode("utf-8")).hexdigest()[:12], 16)


def _typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 1)
    op = rng.randrange(3)
    if op == 0:  # swap two neighbouring letters
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if op == 1:  # drop a letter
        return word[:i] + word[i + 1:]
    return word[:i] + word[i] + word[i:]  # double a letter


def texting_variant(text: str) -> str:
    """A lower-case, loosely punctuated, abbreviated copy of ``text`` with at most one typo."""
    rng = random.Random(_seed(text))
    s = text.lower().replace("\u2019", "'")
    for pattern, options in SWAPS:
        if rng.random() < 0.5:
            s = re.sub(pattern, rng.choice(options), s)
    if rng.random() < 0.6:
        s = s.replace("'", "")
    if rng.random() < 0.5:
        s = s.replace(",", "")
    if rng.random() < 0.7:
        s = s.rstrip(".!")
    words = s.split(" ")
    long_words = [i for i, w in enumerate(words) if len(w) >= 4 and w.isalpha()]
    if long_words and rng.random() < 0.6:
        i = rng.choice(long_words)
        words[i] = _typo(words[i], rng)
    return " ".join(words)
