"""Text -> sparse features, pure and shared by training and prediction.

Features (each a string key looked up in the model's vocabulary):
  ``w:tok``        word unigrams of the message (canonical form, see ``canon``; emoji kept as tokens)
  ``b:tok tok``    word bigrams
  ``c:gram``       character 2-5-grams inside each word padded with spaces (robust to typos)
  ``n:tok``        words in the scope of a negation ("don't *need* space" is not "need space")
  ``x:tok``        word unigrams of the previous message (the context): "ok" after a long warm message
  ``m:...``        shape: length buckets of message and context, question mark, all-emoji, and so on

Texting spellings are folded before anything else (``don’t``/``dont``/``don't``, ``u``/``you``,
``sooo``/``soo``) because the messages we are judged on are written by other people, in other
spellings than our corpus: folding them makes the model's evidence portable. Word n-gram lists are
memoised per word, so a message costs about one dictionary lookup per word.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[^\sa-z0-9]", re.IGNORECASE)
EMOJI = re.compile("[\U0001F300-\U0001FAFF\u2600-\u27BF\u2764]")
APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})
REPEATS = re.compile(r"(.)\1{2,}")

# Texting spellings -> one canonical word (apostrophes are dropped before this lookup).
ABBREVIATIONS: dict[str, str] = {
    "u": "you", "ya": "you", "yu": "you", "ye": "you", "yall": "you", "ur": "your", "youre": "your", "yr": "your",
    "r": "are", "im": "i'm", "ive": "i've", "cant": "can't", "dont": "don't",
    "wont": "won't", "didnt": "didn't", "doesnt": "doesn't", "isnt": "isn't", "wasnt": "wasn't", "arent": "aren't",
    "havent": "haven't", "shouldnt": "shouldn't", "wouldnt": "wouldn't", "couldnt": "couldn't", "aint": "ain't",
    "thats": "that's", "whats": "what's", "its": "it's", "lets": "let's", "theres": "there's", "hes": "he's",
    "shes": "she's", "theyre": "they're", "weve": "we've", "wanna": "want to", "gonna": "going to",
    "gotta": "got to", "pls": "please", "plz": "please", "pleeze": "please", "thx": "thanks", "thnx": "thanks",
    "tx": "thanks", "ty": "thanks", "tho": "though", "cuz": "because", "coz": "because", "cos": "because",
    "bc": "because", "b4": "before", "tmrw": "tomorrow", "tmr": "tomorrow", "tmw": "tomorrow", "2moro": "tomorrow",
    "2morrow": "tomorrow", "tomoz": "tomorrow", "2day": "today", "2nite": "tonight", "tonite": "tonight",
    "luv": "love", "lov": "love", "wat": "what", "wot": "what", "wut": "what", "k": "ok", "kk": "ok",
    "okay": "ok", "okk": "ok", "okie": "ok", "oki": "ok", "rn": "right now", "sry": "sorry", "soz": "sorry",
    "srry": "sorry", "abt": "about", "bout": "about", "w": "with", "wiv": "with", "ppl": "people", "prob": "probably",
    "probs": "probably", "def": "definitely", "defo": "definitely", "msg": "message", "txt": "text",
    "n": "and", "nd": "and", "&": "and", "y": "why", "bday": "birthday", "xmas": "christmas", "hun": "hon",
    "babes": "babe", "bby": "baby", "luvs": "loves", "gud": "good", "nite": "night", "wknd": "weekend",
    "fam": "family", "mum": "mom", "mam": "mom", "mommy": "mom", "mummy": "mom",
}
NEGATORS = frozenset("not no never don't can't won't didn't doesn't isn't wasn't aren't haven't shouldn't "
                     "wouldn't couldn't ain't nothing nobody cannot".split())
PUNCT_STOP = frozenset(".,!?;:")
SECOND_PERSON = frozenset(("you", "your", "yours", "yourself"))
FIRST_PERSON = frozenset(("i", "i'm", "i've", "my", "me", "i'll", "i'd", "we", "we're"))
CAPS_WORD = re.compile(r"\b[A-Z]{2,}\b(?<!\bOK)(?<!\bI)")
QUOTES = re.compile("[\"\u201c\u201d]|(?:^|\\s)'\\w")

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


@lru_cache(maxsize=200_000)
def canon(raw: str) -> tuple[str, ...]:
    """The canonical word(s) of one lower-cased raw token: repeats folded, texting spellings expanded."""
    tok = REPEATS.sub(r"\1\1", raw)
    key = tok.replace("'", "")
    if key in ABBREVIATIONS:
        return tuple(ABBREVIATIONS[key].split())
    return (tok,)


def raw_tokens(text: str) -> list[str]:
    """Lower-cased word and symbol tokens, as written (apostrophes unified)."""
    low = text.lower()
    if not low.isascii():
        low = low.translate(APOSTROPHES)
    return TOKEN.findall(low)


def tokens(text: str) -> list[str]:
    """Lower-cased canonical word and symbol tokens."""
    return [c for t in raw_tokens(text) for c in canon(t)]


def looks_english(text: str) -> bool:
    """False when a message of 4+ words uses more function words of other languages than of English."""
    return english_tokens(raw_tokens(text))


def english_tokens(raw: list[str]) -> bool:
    """``looks_english`` on tokens already split by ``raw_tokens`` (saves splitting twice)."""
    words = [t for t in raw if t.isalpha()]
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
    """The keys that depend on the whole message: bigrams, negation scope, context words and shape."""
    out = [f"b:{a} {b}" for a, b in zip(toks, toks[1:])]
    scope = 0
    for t in toks if not NEGATORS.isdisjoint(toks) else ():
        if t in NEGATORS:
            scope = 3
        elif t in PUNCT_STOP:
            scope = 0
        elif scope:
            out.append(f"n:{t}")
            scope -= 1
    ctx = tokens(context) if context else []
    out += [f"x:{t}" for t in set(ctx)]
    words = len([t for t in toks if t.isalnum()])
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
    if not text.islower() and CAPS_WORD.search(text) and any(c.islower() for c in text):
        out.append("m:caps_word")  # shouting or sarcastic stress ("ONE school run")
    if ('"' in text or "'" in text or not text.isascii()) and QUOTES.search(text):
        out.append("m:quotes")  # echoing the other's words
    head = toks[:3]
    if head and head[0] in SECOND_PERSON:
        out.append("m:starts_you")  # "you never ...", "your ..."
    if ctx and not FIRST_PERSON.isdisjoint(head) and not SECOND_PERSON.isdisjoint(ctx):
        out.append("m:you_then_i")  # a reply about oneself to a message about "you": excuse or ownership
    return out


def batch_features(texts: Sequence[str], contexts: Sequence[str | None]) -> Iterable[list[str]]:
    """``features`` for each (text, context) pair."""
    return (features(t, c) for t, c in zip(texts, contexts))
