"""Text -> sparse features, pure and shared by training and prediction.

Features (each a string key looked up in the model's vocabulary):
  ``w:tok``        word unigrams of the message (lower-cased, emoji kept as tokens)
  ``b:tok tok``    word bigrams
  ``c:gram``       character 2-5-grams inside each word padded with spaces (robust to typos)
  ``x:tok``        word unigrams of the previous message (the context): "ok" after a long warm message
  ``m:...``        shape: length buckets of message and context, question mark, all-emoji, and so on

Word n-gram lists are memoised per word, so a message costs about one dictionary lookup per word.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[^\sa-z0-9]", re.IGNORECASE)
EMOJI = re.compile("[\U0001F300-\U0001FAFF\u2600-\u27BF\u2764]")

# Function words that tell English from the languages our users most often also write in.
ENGLISH = frozenset("the and you i to a of is it that in my me for not your we be are was have this on with so but".split())
OTHER = frozenset(
    "que el la los las de del y en es por con para una un no lo se mi te tu pero muy "  # es
    "der die das und ich nicht ist du mit sie ein eine zu auf den dem mir dich "  # de
    "le les et je pas est tu avec une des mais pour moi toi vous nous "  # fr
    "il che di non sono per una ma mi ti con ho "  # it
    "não você eu com uma mas para muito meu tá "  # pt
    "het een en ik niet je met dat van zijn maar ook".split()  # nl
) - ENGLISH


def tokens(text: str) -> list[str]:
    """Lower-cased word and symbol tokens."""
    return TOKEN.findall(text.lower())


def looks_english(text: str) -> bool:
    """False when a message of 4+ words uses more function words of other languages than of English."""
    words = [t for t in tokens(text) if t.isalpha()]
    if len(words) < 4:
        return True
    en = sum(w in ENGLISH for w in words)
    other = sum(w in OTHER for w in words)
    return not (other >= 2 and other > en)


@lru_cache(maxsize=200_000)
def word_features(tok: str) -> tuple[str, ...]:
    """The unigram and character n-gram keys of one token."""
    feats = [f"w:{tok}"]
    if tok.isalnum() and len(tok) > 1:
        padded = f" {tok} "
        n = len(padded)
        for size in (2, 3, 4, 5):
            feats.extend(f"c:{padded[i:i + size]}" for i in range(n - size + 1))
    return tuple(feats)


def _bucket(n: int) -> str:
    return "0" if n == 0 else "1" if n == 1 else "2-3" if n <= 3 else "4-7" if n <= 7 else "8-15" if n <= 15 else "16+"


def features(text: str, context: str | None) -> list[str]:
    """Every feature key of one message with its optional previous message."""
    toks = tokens(text)
    out: list[str] = []
    for t in toks:
        out.extend(word_features(t))
    return out + message_features(toks, text, context)


def message_features(toks: list[str], text: str, context: str | None) -> list[str]:
    """The keys that depend on the whole message: bigrams, context words and shape."""
    out = [f"b:{a} {b}" for a, b in zip(toks, toks[1:])]
    ctx = tokens(context) if context else []
    out.extend(f"x:{t}" for t in set(ctx))
    words = sum(1 for t in toks if t.isalnum())
    out.append(f"m:len={_bucket(words)}")
    out.append(f"m:ctx={_bucket(len(ctx)) if context else 'none'}")
    if context and words <= 3 and len(ctx) >= 12:
        out.append("m:short_reply_to_long")
    if "?" in text:
        out.append("m:question")
    if toks and all(not t.isalnum() for t in toks):
        out.append("m:only_symbols")
    if EMOJI.search(text):
        out.append("m:emoji")
    if context and "?" in context:
        out.append("m:ctx_question")
    return out


def batch_features(texts: Sequence[str], contexts: Sequence[str | None]) -> Iterable[list[str]]:
    """``features`` for each (text, context) pair."""
    return (features(t, c) for t, c in zip(texts, contexts))
