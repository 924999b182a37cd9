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
# The same on lower-cased ASCII text, where IGNORECASE cannot change a match and only costs time.
ASCII_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[^\sa-z0-9]")
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
CAPS_PAIR = re.compile("[A-Z]{2}")  # a cheap test that CAPS_WORD may match
# A double quote, or an opening single quote: ' at the start or after a space, before a word character.
# Written to start with the quote characters (not with the space) so that the search skips ahead fast.
QUOTES = re.compile("[\"\u201c\u201d]|'(?<!\\S')\\w")

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
    if low.isascii():
        return ASCII_TOKEN.findall(low)
    return TOKEN.findall(low.translate(APOSTROPHES))


def tokens(text: str) -> list[str]:
    """Lower-cased canonical word and symbol tokens."""
    return [c for t in raw_tokens(text) for c in canon(t)]


def looks_english(text: str) -> bool:
    """False when a message of 4+ words uses more function words of other languages than of English."""
    return english_tokens(raw_tokens(text))


def english_tokens(raw: list[str]) -> bool:
    """``looks_english`` on tokens already split by ``raw_tokens`` (saves splitting twice)."""
    if len(raw) < 4 or OTHER.isdisjoint(raw):
        return True  # fewer than 4 words (words are some of the tokens), or no other-language word at all
    words = [t for t in raw if t.isalpha()]
    if len(words) < 4:
        return True
    other = sum(map(OTHER.__contains__, words))
    return other < 2 or other <= sum(map(ENGLISH.__contains__, words))


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


# Built once, by count up to 16 (``_bucket(min(n, 16))``): constant keys hash once, which matters at
# tens of thousands of messages a second.
LEN_KEYS = tuple(f"m:len={_bucket(n)}" for n in range(17))
CTX_KEYS = tuple(f"m:ctx={_bucket(n)}" for n in range(17))


def features(text: str, context: str | None) -> list[str]:
    """Every feature key of one message with its optional previous message."""
    toks = tokens(text)
    out: list[str] = []
    for t in toks:
        out.extend(word_features(t))
    return out + message_features(toks, text, context)


def message_features(toks: list[str], text: str, context: str | None) -> list[str]:
    """The keys that depend on the whole message: bigrams, negation scope, context words and shape."""
    return bigram_key_list(toks) + message_cues(toks, text, context)


def bigram_key(a: str, b: str) -> str:
    """The key of one word bigram."""
    return f"b:{a} {b}"


def bigram_key_list(toks: list[str]) -> list[str]:
    """The word bigram keys of a message, in order."""
    return [bigram_key(a, b) for a, b in zip(toks, toks[1:])]


def message_cues(toks: list[str], text: str, context: str | None, ctx: list[str] | None = None) -> list[str]:
    """``message_features`` less the bigrams: negation scope, context words and shape. Apart so that
    prediction can look bigrams up by word pair (see ``classifier.FeatureMemo``); ``ctx`` is
    ``tokens(context)`` when the caller has it already."""
    out: list[str] = []
    scope = 0
    for t in toks if not NEGATORS.isdisjoint(toks) else ():
        if t in NEGATORS:
            scope = 3
        elif t in PUNCT_STOP:
            scope = 0
        elif scope:
            out.append(f"n:{t}")
            scope -= 1
    if ctx is None:
        ctx = tokens(context) if context else []
    if ctx:
        out += [f"x:{t}" for t in set(ctx)]
    words = sum(map(str.isalnum, toks))
    out.append(LEN_KEYS[min(words, 16)])
    out.append(CTX_KEYS[min(len(ctx), 16)] if context else "m:ctx=none")
    if context and words <= 3 and len(ctx) >= 12:
        out.append("m:short_reply_to_long")
    if "?" in text:
        out.append("m:question")
    if toks and not words:
        out.append("m:only_symbols")
    if not text.isascii() and EMOJI.search(text):  # every emoji is outside ASCII
        out.append("m:emoji")
    if context and "?" in context:
        out.append("m:ctx_question")
    if not text.islower() and CAPS_PAIR.search(text) and CAPS_WORD.search(text) and any(c.islower() for c in text):
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
