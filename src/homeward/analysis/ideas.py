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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from itertools import compress, repeat
from operator import attrgetter

import numpy as np

from homeward.analysis.bulk import run_starts
from homeward.analysis.episodes import answers, user_mask, warm_mask
from homeward.analysis.style import CATEGORIES, utf8_joined
from homeward.analysis.tables import Msg

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
EVIDENCE = 8  # message ids cited for an idea
TOKEN = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*")
SENTENCE_END = re.compile(r"[.!?\n]")


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


# --- the same candidates for many texts at once --------------------------------------------------------------
#
# ``phrases`` runs the tokeniser over every text, a Python loop over each word: 3 s for the 580,000 distinct
# texts of a million-message history. ``phrase_table`` finds the same phrases with regex passes over all texts
# joined by "\n" (a sentence end already, so nothing runs from one text into the next), and Python sees only
# each determiner, or capitalised word inside a sentence, that the passes find (C-level ``map``s, and each
# distinct span is judged once). It scans UTF-8 bytes (``style.utf8_joined``): ``bytes.lower`` changes ASCII
# letters only (``str.lower`` maps e.g. the Kelvin sign to "k"), and every byte of a non-ASCII character is
# >= 0x80, so it is neither a letter nor a sentence end, as for ``TOKEN``. Curly apostrophes are made straight
# first, which is what ``phrases`` does to each token (``TOKEN`` treats the two alike).
# tests/analysis/test_ideas.py checks that the answers are those of ``phrases``, text by text.
_CHUNK = 1 << 16  # texts joined at a time: bounded temporary memory
# Determiner tokens in the lower-cased bytes, one pattern per literal start ("th", "our": Python's engine jumps
# from one to the next, twice as fast as trying a class of first letters at every byte); a ' or - before one is
# checked in ``_starts_token``. Each captures, in a lookahead, the rest of the determiner (after "th") and the
# next MAX_WORDS tokens of the sentence: one bytes key per hit, a determiner among those words still found.
_AFTER = rb"(?:[^a-z.!?\n]*[a-z][-a-z']*){0,%d}" % MAX_WORDS
_DETERMINER_PATTERNS = (re.compile(rb"th(?<![a-z]th)(?=((?:e|at|ose)(?![-a-z'])" + _AFTER + rb"))"),
                        re.compile(rb"our(?<![a-z]our)(?=((?![-a-z'])" + _AFTER + rb"))"))
_REST = re.compile(rb"[a-z]*")
_SPAN_TOKEN = re.compile(rb"[a-z][-a-z']*")
# In the reversed bytes: a capital A-Z that starts a token of three or more characters not beginning "I'"
# (reversed: two token characters before it and no "'I"), whose run of token characters begins with at most
# some ' and - (``TOKEN`` skips those), and which has a letter before it in its sentence (``i > 0``). Read
# backwards, "is there a word earlier in this sentence" is a lookahead, which Python's ``re`` allows to be of
# any length (a lookbehind must be of fixed length).
_NAME_REVERSED = re.compile(rb"[A-Z](?<=[-A-Za-z'][-A-Za-z'][A-Z])(?<!'I)"
                            rb"(?=[-']*[^-A-Za-z'.!?\n][^A-Za-z.!?\n]*[A-Za-z])")
_TOKEN_BYTES = re.compile(rb"[A-Za-z][-A-Za-z']*")
_LETTERS = frozenset(b"abcdefghijklmnopqrstuvwxyz")
_TOKEN_CHAR = np.zeros(256, dtype=bool)  # by byte: can it be inside a token?
_TOKEN_CHAR[list(b"-'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")] = True
_LEADING = np.frombuffer(b"-'", dtype=np.uint8)  # what TOKEN skips before a token's first letter


def _determiner_phrase(key: bytes) -> str | None:
    """``phrases``'s rule for one determiner and the tokens after it, from a ``_DETERMINER_PATTERNS`` key: what
    follows "th" (b"e lake house", b"ose walks") or what follows "our" (b" song": no letter first)."""
    rest = _REST.match(key).group()  # type: ignore[union-attr]
    low = "th" + rest.decode() if rest else "our"
    span: list[str] = []
    for w in map(bytes.decode, _SPAN_TOKEN.findall(key, len(rest))):
        if w in STOP or w in DETERMINERS:
            break
        span.append(w)
    if not span or span[-1] in EVERYDAY or span[-1].endswith("ly") or (low == "that" and len(span) < 2):
        return None
    return " ".join(["the" if low == "those" else low, *span])


def _name(tok: bytes, skip: frozenset[str]) -> str | None:
    """``phrases``'s rule for one capitalised token inside a sentence (``_NAME_REVERSED``)."""
    low = tok.decode().lower()
    if low in DETERMINERS:  # "The", "Our": a determiner, which the determiner patterns read
        return None
    name = low.removesuffix("'s")
    return None if name in STOP or name in skip or name in EVERYDAY else name


def _starts_token(low: bytes, at: int) -> bool:
    """Does a token start at ``at``, where a ' or - comes just before? Only when no letter precedes those."""
    j = at - 1
    while j >= 0 and low[j] in b"-'":
        j -= 1
    return j < 0 or low[j] not in _LETTERS


class _Numbered:
    """Numbers phrases as they are found: shared by the determiner and name hits, which keep apart memos of the
    phrase (or none, -1) each key gives, so that each distinct key (a span, a token) is judged once."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}

    def numbering(self, judge: Callable[[bytes], str | None]) -> Callable[[list[bytes]], np.ndarray]:
        """A function giving the phrase number of each of a list of keys (``judge`` tells a key's phrase), -1
        where the key names nothing."""
        known: dict[bytes, int] = {}

        def number(keys: list[bytes]) -> np.ndarray:
            for key in set(keys).difference(known):
                found = judge(key)
                known[key] = -1 if found is None else self.ids.setdefault(found, len(self.ids))
            return np.fromiter(map(known.__getitem__, keys), dtype=np.int64, count=len(keys))

        return number


def phrase_table(texts: Sequence[str], *, skip: frozenset[str] = frozenset()) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Every phrase ``phrases`` finds in each of ``texts``, as (phrases, text index, phrase index): one row per
    text and phrase in it, ordered by text. The same answers as ``phrases`` text by text, several times faster
    (see the notes above); the rows let ``ideas`` count mentions with numpy instead of a loop per message."""
    numbered = _Numbered()
    determiners, names = numbered.numbering(_determiner_phrase), numbered.numbering(partial(_name, skip=skip))
    rows: list[np.ndarray] = []
    for first in range(0, len(texts), _CHUNK):
        raw, starts = utf8_joined(texts[first:first + _CHUNK])
        low = raw.lower()
        cased, lowered = np.frombuffer(raw, dtype=np.uint8), np.frombuffer(low, dtype=np.uint8)
        at: list[np.ndarray] = []  # where each hit starts, and its phrase number
        numbers: list[np.ndarray] = []
        for pattern in _DETERMINER_PATTERNS:
            hits = list(pattern.finditer(low))
            where = np.fromiter(map(re.Match.start, hits), dtype=np.int64, count=len(hits))
            ok = np.ones(len(hits), dtype=bool)
            for i in np.flatnonzero((where > 0) & np.isin(lowered[where - 1], _LEADING)).tolist():
                ok[i] = _starts_token(low, int(where[i]))
            at.append(where[ok])
            numbers.append(determiners(list(map(re.Match.group, compress(hits, ok.tolist()), repeat(1)))))
        # Names: the reversed pattern runs only from a capital followed by two token characters (found with
        # numpy: "I", "OK" and the like are out), not over every byte.
        caps = np.flatnonzero((cased - 65) < 26)
        caps = caps[np.all(_TOKEN_CHAR[cased[np.minimum(caps[:, None] + (1, 2), len(raw) - 1)]], axis=1)]
        last = len(raw) - 1
        hits = list(filter(None, map(_NAME_REVERSED.match, repeat(raw[::-1]), (last - caps).tolist())))
        where = last - np.fromiter(map(re.Match.start, hits), dtype=np.int64, count=len(hits))
        at.append(where)
        numbers.append(names(list(map(re.Match.group, map(_TOKEN_BYTES.match, repeat(raw), where.tolist())))))
        pos, num = np.concatenate(at), np.concatenate(numbers)
        keep = num >= 0
        text = np.searchsorted(starts, pos[keep], side="right") - 1 + first
        rows.append((text << 32) | num[keep])
    pairs = np.sort(np.concatenate(rows)) if rows else np.zeros(0, dtype=np.int64)
    pairs = pairs[run_starts(pairs)]  # a phrase once per text
    return list(numbered.ids), pairs >> 32, pairs & 0xFFFFFFFF


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
    # Per message, as columns shared with the other findings (``episodes.answers``, ``warm_mask``; a Python loop
    # over a million messages costs more than the rest of this): ``answered``: the partner answered it (only the
    # user's messages are answered); ``fond``: it carries an approach label; ``warm``: the partner met it warmly
    # (the partner's own message is fond, or the partner's answer to the user's message carries an approach label).
    n_all = len(messages)
    partner = ~user_mask(messages)  # a message is the user's or the partner's
    answer = answers(messages)
    answered = answer.reply >= 0
    fond = warm_mask(messages)
    warm = np.where(answered, answer.warm > 0, fond & partner)
    asked = ~partner & answered
    if not asked.any():
        return []
    baseline = int(warm[asked].sum()) / int(asked.sum())
    # Only the partner's messages and the user's answered ones can count; each row: a message and a phrase in it.
    # (An empty text, a deleted message's, names nothing.)
    counts = partner | answered
    found, row_msg, row_phrase = phrase_table(list(compress(map(attrgetter("text"), messages), counts.tolist())),
                                              skip=skip)
    row_msg = np.flatnonzero(counts)[row_msg]

    def per_phrase(flag: np.ndarray | None) -> np.ndarray:
        """How many mentions of each phrase (in a message with ``flag``, when given)."""
        return np.bincount(row_phrase, weights=None if flag is None else flag[row_msg], minlength=len(found))

    mentions, warmly, liked = per_phrase(None), per_phrase(warm), per_phrase(fond) > 0
    limit_n = max(5, MAX_SHARE * n_all)  # on a short history a few mentions are not 'everyday'
    maybe = (mentions >= MIN_MENTIONS) & (mentions <= limit_n) & (warmly >= 2) & liked
    out: list[Idea] = []
    number: dict[str, int] = {}
    for p in np.flatnonzero(maybe).tolist():
        n, k = int(mentions[p]), int(warmly[p])
        low, high = wilson(k, n)
        if low <= baseline:  # the interval must clear the partner's usual warmth, not just the point rate
            continue
        out.append(Idea(found[p], n, k, round(k / n, 4), round(baseline, 4), low, high))
        number[found[p]] = p
    out.sort(key=lambda i: (-i.low, -i.warm, i.phrase))
    # A shorter phrase inside a longer one that also made it ("the lake" in "the lake house") adds nothing.
    kept: list[Idea] = []
    for i in out:
        if not any(i.phrase in j.phrase or j.phrase in i.phrase for j in kept):
            kept.append(i)
    for i in kept[:limit]:  # evidence: the first warm mentions, each with the partner's answer to the user's
        cited: list[str] = []
        for j in row_msg[(row_phrase == number[i.phrase]) & warm[row_msg]][:EVIDENCE].tolist():
            reply = int(answer.reply[j])
            cited += [x for x in (messages[j].id, messages[reply].id if reply >= 0 else None) if x]
        i.evidence = cited[:EVIDENCE]
    return kept[:limit]
