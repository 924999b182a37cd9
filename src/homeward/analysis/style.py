"""How the two write to each other, week by week: balance (reciprocity) and language style matching.

Reciprocity is how evenly the week's messages, conversation starts and words are shared: 1 when both
give the same, 0 when one person does all of it. Language style matching (Ireland & Pennebaker 2010)
compares how often each person uses function words (pronouns, articles, prepositions ...), the small
words people echo without noticing when they are in tune: per category 1 - |p1 - p2| / (p1 + p2 +
0.0001), averaged over the categories. Both are pure functions over the message and week tables.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from itertools import compress, repeat
from operator import attrgetter

import numpy as np

from homeward.analysis.bulk import le_code
from homeward.analysis.stats import Difference, bootstrap_difference
from homeward.analysis.tables import Msg, Who, stamps
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
FUNCTION_WORDS: tuple[str, ...] = tuple(sorted({w for words in CATEGORIES.values() for w in words}))


def tokens(text: str) -> list[str]:
    """Lower-case word tokens, with curly apostrophes made straight."""
    return TOKEN.findall(text.lower().replace("\u2019", "'"))


# --- counting function words over many texts at once ----------------------------------------------------------
#
# ``tokens`` and a ``Counter`` over a million messages make and count seven million little strings (over a second).
# ``word_counts`` finds the same tokens with numpy over the texts' UTF-8 bytes and counts only the function words,
# each token looked up by its bytes read as one integer. Why the answers are the same as ``tokens``':
# - ``bytes.lower`` lower-cases ASCII letters only, and of all characters only K (Kelvin) and İ give an ASCII letter
#   under ``str.lower``: texts holding one are lower-cased as str first. Every byte of a non-ASCII character is
#   >= 0x80, so it is never a letter or an apostrophe, as in ``TOKEN``. Curly apostrophes become straight.
# - A token lies inside a run of letters and apostrophes (everything else becomes a space). A run of letters with
#   at most one apostrophe, neither first nor last, is one token, the whole run; any other run (quotes, "a''b",
#   "rock'n'roll") is split by ``TOKEN`` itself. The texts are joined by "\n", which no token crosses.
_KEEP = bytes(c if c in b"abcdefghijklmnopqrstuvwxyz'" else 32 for c in range(256))  # the rest: spaces
_CASE_ODD = ("\u212a", "\u0130")  # of all characters, str.lower() makes an ASCII letter only of these
_CASE_ODD_BYTES = tuple(c.encode() for c in _CASE_ODD)
_CURLY_BYTES = "\u2019".encode()
_CURLY = re.compile(re.escape(_CURLY_BYTES))
_TOKEN_BYTES = re.compile(TOKEN.pattern.encode())
_CHUNK = 1 << 16  # texts at a time: bounded temporary memory
_LONGEST = max(map(len, FUNCTION_WORDS))
_LOW_BYTES = np.array([(1 << (8 * k)) - 1 for k in range(9)], dtype=np.uint64)  # the first k bytes of a word


def _slots(words: Sequence[str], bits: int) -> tuple[np.uint64, np.ndarray, np.ndarray]:
    """A table of 2**bits slots holding each word of eight bytes or fewer (its ``bulk.le_code``, and its index in
    ``words``) at slot (code * m mod 2**64) >> (64 - bits), with m chosen so that no two share a slot: a word's
    slot is then found by two numpy operations on a whole array of codes."""
    codes = np.array([le_code(w.encode()) for w in words if len(w) <= 8], dtype=np.uint64)
    index = np.array([i for i, w in enumerate(words) if len(w) <= 8], dtype=np.int64)
    m = 0x9E3779B97F4A7C15  # odd multipliers, tried in a fixed order: a few tries for ~200 words in 16,384 slots
    while len(np.unique((codes * np.uint64(m)) >> np.uint64(64 - bits))) < len(codes):
        m = (m + 0x632BE59BD9B4E019) % (1 << 64) | 1
    slot = (codes * np.uint64(m)) >> np.uint64(64 - bits)
    code_at, word_at = np.zeros(1 << bits, dtype=np.uint64), np.full(1 << bits, -1, dtype=np.int64)
    code_at[slot], word_at[slot] = codes, index  # an empty slot's code, 0, is no token's
    return np.uint64(m), code_at, word_at


_SLOT_BITS = 14
_MULTIPLIER, _SLOT_CODE, _SLOT_WORD = _slots(FUNCTION_WORDS, _SLOT_BITS)
_SHIFT = np.uint64(64 - _SLOT_BITS)
_LONG = [(len(w), le_code(w.encode()), le_code(w.encode()[8:]), i) for i, w in enumerate(FUNCTION_WORDS) if len(w) > 8]
_WORD = {w.encode(): i for i, w in enumerate(FUNCTION_WORDS)}


def utf8_joined(texts: Sequence[str]) -> tuple[bytes, np.ndarray]:
    """The texts joined by "\\n" as UTF-8, curly apostrophes made straight, and each text's byte offset in it.

    For scanning many texts at once with numpy or one regex pass (here and in ``ideas``): an ASCII letter or
    apostrophe is one byte, and every byte of any other character is >= 0x80, so it is never taken for one.
    """
    try:
        raw = list(map(str.encode, texts))
    except UnicodeEncodeError:  # a lone surrogate: three bytes >= 0x80 like any other character
        raw = list(map(str.encode, texts, repeat("utf-8"), repeat("surrogatepass")))
    starts = np.zeros(len(raw), dtype=np.int64)
    np.cumsum(np.fromiter(map(len, raw), dtype=np.int64, count=len(raw))[:-1] + 1, out=starts[1:])
    joined = b"\n".join(raw)
    if _CURLY_BYTES in joined:  # three bytes each, one once straight: the texts after one move up by two
        curly = np.fromiter(map(re.Match.start, _CURLY.finditer(joined)), dtype=np.int64)
        starts -= 2 * np.searchsorted(curly, starts)
        joined = joined.replace(_CURLY_BYTES, b"'")
    return joined, starts


def _lowered(texts: Sequence[str]) -> tuple[bytes, np.ndarray]:
    """``utf8_joined`` of the texts lower-cased as ``tokens`` does, as far as tokens go (see above)."""
    joined, starts = utf8_joined(texts)
    if any(odd in joined for odd in _CASE_ODD_BYTES):
        joined, starts = utf8_joined([t.lower() if any(c in t for c in _CASE_ODD) else t for t in texts])
    return joined.lower(), starts


def word_counts(texts: Sequence[str], group: np.ndarray, groups: int) -> tuple[np.ndarray, np.ndarray]:
    """(tokens in each group, and how often each of ``FUNCTION_WORDS`` is one, shape (groups, words)), where text i
    belongs to group ``group[i]``: the counts ``tokens`` and a ``Counter`` give, much faster (see above)."""
    n = np.zeros(groups, dtype=np.int64)
    counts = np.zeros(groups * len(FUNCTION_WORDS), dtype=np.int64)
    for first in range(0, len(texts), _CHUNK):
        joined, starts = _lowered(texts[first:first + _CHUNK])
        kept = b" " + joined.translate(_KEEP) + b" " * 8  # a space first; room to read eight bytes from any run
        chars = np.frombuffer(kept, dtype=np.uint8)
        in_run = chars != 32
        edges = np.flatnonzero(in_run[1:] != in_run[:-1]) + 1  # runs begin and end in turn (spaces all round)
        begin, end = edges[0::2], edges[1::2]
        runs = np.diff(np.searchsorted(begin, starts + 1), append=len(begin))  # runs in each text (it starts at +1)
        run_group = np.repeat(group[first:first + _CHUNK], runs)
        # the runs that are one token: no apostrophe, or one inside
        apostrophe = np.flatnonzero(chars == 39)
        run = np.searchsorted(begin, apostrophe, side="right") - 1
        inside = (apostrophe != begin[run]) & (apostrophe != end[run] - 1)
        apostrophes = np.bincount(run, minlength=len(begin))
        whole = (apostrophes == 0) | ((apostrophes == 1) & (np.bincount(run, weights=inside, minlength=len(begin)) > 0))
        size = end - begin
        read = np.ndarray((len(kept) - 7,), dtype="<u8", buffer=kept, strides=(1,))  # eight bytes from each offset
        low = read[begin] & _LOW_BYTES[np.minimum(size, 8)]
        slot = (low * _MULTIPLIER) >> _SHIFT
        word = np.where((_SLOT_CODE[slot] == low) & (size <= 8), _SLOT_WORD[slot], -1)
        longer = np.flatnonzero((size > 8) & (size <= _LONGEST))
        high = read[begin[longer] + 8] & _LOW_BYTES[np.minimum(size[longer] - 8, 8)]
        for length, code_low, code_high, i in _LONG:
            word[longer[(size[longer] == length) & (low[longer] == code_low) & (high == code_high)]] = i
        n += np.bincount(run_group, weights=whole, minlength=groups).astype(np.int64)
        named = np.flatnonzero(whole & (word >= 0))
        counts += np.bincount(run_group[named] * len(FUNCTION_WORDS) + word[named], minlength=len(counts))
        for r in np.flatnonzero(~whole).tolist():  # the other runs: as TOKEN splits them
            for tok in _TOKEN_BYTES.findall(kept, begin[r], end[r]):
                n[run_group[r]] += 1
                if (i := _WORD.get(tok)) is not None:
                    counts[run_group[r] * len(FUNCTION_WORDS) + i] += 1
    return n, counts.reshape(groups, len(FUNCTION_WORDS))


_IN_CATEGORY = {c: [FUNCTION_WORDS.index(w) for w in sorted(vocab)] for c, vocab in CATEGORIES.items()}


def _rates(counts: Sequence[int], n: int) -> dict[str, float]:
    """The share of the ``n`` words in each category, from the counts of ``FUNCTION_WORDS``."""
    return {c: sum(counts[i] for i in at) / n for c, at in _IN_CATEGORY.items()}


def category_rates(texts: Sequence[str]) -> tuple[dict[str, float], int]:
    """The share of words in each function-word category over ``texts``, and the number of words."""
    n, counts = word_counts(texts, np.zeros(len(texts), dtype=np.int64), 1)
    if n[0] == 0:
        return {c: 0.0 for c in CATEGORIES}, 0
    return _rates(counts[0].tolist(), int(n[0])), int(n[0])


def _matching(pa: dict[str, float], na: int, pb: dict[str, float], nb: int, min_words: int) -> float | None:
    """Style matching of two people's category rates (and word counts), as ``lsm`` defines it."""
    if na < min_words or nb < min_words:
        return None
    scores = [1 - abs(pa[c] - pb[c]) / (pa[c] + pb[c] + 0.0001) for c in CATEGORIES]
    return round(sum(scores) / len(scores), 4)


def lsm(texts_a: Sequence[str], texts_b: Sequence[str], *, min_words: int = MIN_WORDS) -> float | None:
    """Language style matching between two people's texts, in [0, 1]; None when either wrote too little."""
    return _matching(*category_rates(texts_a), *category_rates(texts_b), min_words)


_EPOCH = date(1970, 1, 1)  # day 0 of numpy's datetime64, a Thursday


def weekly_lsm(messages: Sequence[Msg], weeks: Sequence[Week]) -> dict[date, float | None]:
    """Language style matching for each week of ``weeks`` (None where either person wrote too little).

    Each message's week comes from ``tables.stamps`` (the store's naive local times, so the calendar day is the
    datetime's own) and the words of all weeks are counted at once (``word_counts``): group 2k holds the user's
    texts of week k, 2k + 1 the partner's. A Python loop over a million messages to sort them into weeks cost a
    third of a second by itself.
    """
    keys = list(dict.fromkeys(w.week for w in weeks))
    if not keys:
        return {}
    day = stamps(messages).astype("datetime64[D]").astype(np.int64)  # days since ``_EPOCH``
    week_of = day - (day + 3) % 7  # the Monday on or before
    mondays = np.array([(d - _EPOCH).days for d in keys], dtype=np.int64)
    order = np.argsort(mondays)
    at = np.minimum(np.searchsorted(mondays[order], week_of), len(keys) - 1)
    keep = mondays[order][at] == week_of
    partner = np.fromiter(map("partner".__eq__, map(attrgetter("who"), messages)), dtype=bool, count=len(messages))
    texts = list(compress(map(attrgetter("text"), messages), keep.tolist()))  # an empty one has no words
    n, counts = word_counts(texts, (order[at] * 2 + partner)[keep], 2 * len(keys))
    n_list, counts_list = n.tolist(), counts.tolist()

    def rates(g: int) -> tuple[dict[str, float], int]:
        return (_rates(counts_list[g], n_list[g]), n_list[g]) if n_list[g] else ({c: 0.0 for c in CATEGORIES}, 0)

    return {d: _matching(*rates(2 * k), *rates(2 * k + 1), MIN_WORDS) for k, d in enumerate(keys)}


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
