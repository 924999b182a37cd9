"""Working over a million messages: regex hits over many texts in one engine pass, and GC paused.

``matching``: which of many texts a regex finds something in, with one pass of the engine over all.

Searching every message with every pattern is a large share of ``analyze``'s time at a million
messages (benchmarks/README.md, analyze-report). ``matching`` joins the texts with NUL and lets the
engine scan the whole string, coming back to Python only where it finds something; for
case-insensitive patterns it scans the lower-cased ASCII texts with a case-sensitive twin, since
Python's engine is several times slower with IGNORECASE. It returns exactly what the per-text loop
would: a match that runs across a separator is checked with a per-text search, the scan resumes at
the next text after each hit, and patterns whose result could depend on what lies outside the text
(anchors, lookbehind, lookahead that could see the separator, NUL itself) take the per-text loop.
"""
from __future__ import annotations

import gc
import re
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import TypeVar

import numpy as np

try:  # Python 3.11+
    from re import _constants as _c, _parser as _p  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

SEP = "\x00"
T = TypeVar("T")
# Inside a lookahead, these can match the separator where the text's end would match nothing.
_SEES_SEP = {_c.ANY, _c.NOT_LITERAL}
_SAFE_AT = {_c.AT_BOUNDARY, _c.AT_NON_BOUNDARY}  # NUL is a non-word character, like the text's edges
_NOT_CATEGORIES = {_c.CATEGORY_NOT_WORD, _c.CATEGORY_NOT_SPACE, _c.CATEGORY_NOT_DIGIT, _c.CATEGORY_NOT_LINEBREAK}


def _items(sub: object) -> list[tuple[object, object]]:
    return list(getattr(sub, "data", sub))  # type: ignore[call-overload]


def _safe(sub: object, in_lookahead: bool = False) -> bool:
    """True when matching ``sub`` inside a NUL-joined string cannot differ from matching it per text."""
    for op, av in _items(sub):
        if op == _c.AT:
            if av not in _SAFE_AT:
                return False
        elif op in (_c.ASSERT, _c.ASSERT_NOT):
            direction, inner = av  # type: ignore[misc]
            if direction < 0 or not _safe(inner, True):
                return False
        elif in_lookahead and op in _SEES_SEP:
            return False
        elif in_lookahead and op == _c.IN:
            if any(o == _c.NEGATE or (o == _c.CATEGORY and a in _NOT_CATEGORIES) for o, a in av):  # type: ignore[union-attr]
                return False
        elif op == _c.LITERAL and av == 0:
            return False
        elif op == _c.BRANCH:
            if not all(_safe(b, in_lookahead) for b in av[1]):  # type: ignore[index]
                return False
        elif op == _c.SUBPATTERN:
            if not _safe(av[-1], in_lookahead):  # type: ignore[index]
                return False
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
            if not _safe(av[2], in_lookahead):  # type: ignore[index]
                return False
        elif op in (_c.GROUPREF, _c.GROUPREF_EXISTS):
            return False
    return True


def _has_upper(sub: object) -> bool:
    """Does the parsed pattern hold an upper-case ASCII letter as a literal or in a class?"""
    for op, av in _items(sub):
        if op == _c.LITERAL and 65 <= av <= 90:  # type: ignore[operator]
            return True
        if op == _c.IN and any((o == _c.LITERAL and 65 <= a <= 90) or (o == _c.RANGE and a[0] <= 90 and a[1] >= 65)  # type: ignore[index,operator]
                               for o, a in av):  # type: ignore[union-attr]
            return True
        if op == _c.BRANCH and any(_has_upper(b) for b in av[1]):  # type: ignore[index]
            return True
        if op in (_c.SUBPATTERN, _c.ASSERT, _c.ASSERT_NOT) and _has_upper(av[-1]):  # type: ignore[index]
            return True
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)) and _has_upper(av[2]):  # type: ignore[index]
            return True
    return False


@lru_cache(maxsize=64)
def _plan(pattern: re.Pattern[str]) -> tuple[bool, re.Pattern[str] | None]:
    """(joinable, case-sensitive twin for lower-cased ASCII text or None) for ``pattern``.

    Python's engine is several times slower with IGNORECASE. On ASCII text, a pattern without
    upper-case letters finds a match ignoring case exactly when it finds one, case-sensitive, in the
    lower-cased text; non-ASCII texts (where Unicode case rules differ from ``str.lower``) keep the
    original pattern.
    """
    try:
        tree = _p.parse(pattern.pattern, pattern.flags)
        ok = _safe(tree)
        twin = None
        if ok and pattern.flags & re.IGNORECASE and not _has_upper(tree):
            twin = re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)
        return ok, twin
    except Exception:  # an internal parser that moved: take the safe, slow path
        return False, None


def joinable(pattern: re.Pattern[str]) -> bool:
    """Can ``pattern`` be run over NUL-joined texts with the same per-text answers?"""
    return _plan(pattern)[0]


def _scan(pattern: re.Pattern[str], texts: Sequence[str], verify: re.Pattern[str], originals: Sequence[str]) -> list[int]:
    """Indices of ``texts`` matched by ``pattern`` over their NUL-joined string (see the module's notes)."""
    if not texts:
        return []
    starts = []
    pos = 0
    for t in texts:
        starts.append(pos)
        pos += len(t) + 1
    joined = SEP.join(texts)
    search = pattern.search
    out: list[int] = []
    at = 0
    while True:
        m = search(joined, at)
        if m is None:
            return out
        i = bisect_right(starts, m.start()) - 1
        if m.end() <= starts[i] + len(texts[i]) or verify.search(originals[i]):
            out.append(i)
        if i + 1 >= len(texts):
            return out
        at = starts[i + 1]


_REPEATS = {_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", _c.MAX_REPEAT)}
_CHUNK = 1 << 20  # characters per step of the vectorised search: bounded temporary memory
MIN_FACTOR = 3  # shorter required strings would pass nearly every text: no use as a prefilter
# The non-ASCII characters IGNORECASE matches to an ASCII letter (İ and ı to "i", ſ to "s", the Kelvin sign
# to "k"; checked over every code point): the prefilter reads them as "?", so texts holding one skip it.
_FOLD_ODD = ("\u0130", "\u0131", "\u017f", "\u212a")


def _factors(sub: object, fold: bool) -> frozenset[str] | None:
    """Strings one of which every match of ``sub`` contains (lower-cased when ``fold``), or None if unknown.

    In a sequence every run of literals is required, and so is one of each branch's own required sets,
    and what a repeat of at least once requires; of these the set whose shortest string is longest wins.
    """
    cands: list[frozenset[str]] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            cands.append(frozenset(["".join(run)]))
            run.clear()

    for op, av in _items(sub):
        if op == _c.LITERAL:
            ch = chr(av)  # type: ignore[arg-type]
            run.append(ch.lower() if fold else ch)
            continue
        flush()
        found: frozenset[str] | None = None
        if op == _c.SUBPATTERN:
            found = _factors(av[-1], fold)  # type: ignore[index]
        elif op == _c.BRANCH:
            alts = [_factors(b, fold) for b in av[1]]  # type: ignore[index]
            if all(a is not None for a in alts):
                found = frozenset().union(*alts)  # type: ignore[arg-type]
        elif op in _REPEATS and av[0] >= 1:  # type: ignore[index,operator]
            found = _factors(av[2], fold)  # type: ignore[index]
        if found:
            cands.append(found)
    flush()
    if not cands:
        return None
    # longest shortest string wins (spaces round a word add little: " the " is as common as "the"), then fewest
    return max(cands, key=lambda s: (min(len(x.strip()) for x in s), -len(s)))


@lru_cache(maxsize=64)
def required(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Strings one of which is in every text ``pattern`` matches (lower case for IGNORECASE), or None.

    A plain substring search (``str.find``) is many times faster than the regex engine, which tries
    every alternative at every position: texts holding none of these strings cannot match and are
    never searched. Strings that contain another of the set are dropped (the shorter one finds them).
    """
    try:
        found = _factors(_p.parse(pattern.pattern, pattern.flags), bool(pattern.flags & re.IGNORECASE))
    except Exception:  # an internal parser that moved: no prefilter
        return None
    if not found or min(map(len, found)) < MIN_FACTOR or not "".join(found).isascii() or "\x00" in "".join(found):
        return None
    return tuple(sorted(s for s in found if not any(o != s and o in s for o in found)))


class Corpus:
    """Many texts, and which of them hold each required string of the patterns asked about (``candidates``).

    Several patterns run over the same texts (the four safety kinds, the episode detectors): ``prefetch``
    finds all their required strings in one pass, and each ``matching`` call then searches only the texts
    that could match.
    """

    def __init__(self, texts: Sequence[str]) -> None:
        self.texts = texts
        self._odd: list[int] | None = None
        self._where: dict[str, np.ndarray] = {}

    def lowered(self) -> tuple[np.ndarray, np.ndarray]:
        """(the texts joined with NUL as ASCII bytes, lower case, every other character made "?"; the offset of
        each text in it). One byte a character, so offsets are the texts' own; built a slice of texts at a time
        (a joined str would take four bytes a character as soon as one text holds an emoji). Not kept."""
        step = 1 << 16
        parts = [SEP.join(self.texts[i:i + step]).encode("ascii", "replace").lower()
                 for i in range(0, len(self.texts), step)]
        return np.frombuffer(SEP.encode().join(parts), dtype=np.uint8), _offsets(self.texts)

    def prefetch(self, patterns: Sequence[re.Pattern[str]]) -> None:
        """Find the required strings of all ``patterns`` in one pass (see ``_find``) before asking each."""
        need = {lit for p in patterns if p.flags & re.IGNORECASE and (r := required(p)) for lit in r}
        self._find(sorted(need - self._where.keys()))

    def _find(self, lits: Sequence[str]) -> None:
        """For each of ``lits`` (ASCII, lower case, 3+ characters), the indices of the lowered texts holding it.

        One vectorised pass for all of them: every position's three-character code is looked up in a
        table of the strings' first three characters, and only the positions found are checked further.
        Non-ASCII characters are "?" there (``lowered``); no required string holds one (``required``).
        """
        if not lits:
            return
        a, starts = self.lowered()
        n = len(a)
        code = {lit: (ord(lit[0]) << 16) | (ord(lit[1]) << 8) | ord(lit[2]) for lit in lits}
        table = np.zeros(1 << 24, dtype=bool)
        table[list(code.values())] = True
        found: dict[str, list[np.ndarray]] = {lit: [] for lit in lits}
        for s in range(0, max(n - 2, 0), _CHUNK):  # chunk by chunk: temporary memory stays a few MB
            seg = a[s:min(s + _CHUNK + 2, n)]
            c = (seg[:-2].astype(np.uint32) << 16) | (seg[1:-1].astype(np.uint32) << 8) | seg[2:]
            at = np.flatnonzero(table[c])
            codes = c[at]
            order = np.argsort(codes, kind="stable")
            at, codes = at[order] + s, codes[order]
            for lit, k in code.items():
                p = at[np.searchsorted(codes, k, "left"):np.searchsorted(codes, k, "right")]
                for j in range(3, len(lit)):
                    p = p[p + j < n]
                    p = p[a[p + j] == ord(lit[j])]
                if len(p):
                    found[lit].append(np.searchsorted(starts, p, side="right") - 1)
        for lit, parts in found.items():
            ix = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
            self._where[lit] = np.unique(ix)

    def candidates(self, pattern: re.Pattern[str]) -> list[int] | None:
        """Indices, in order, of the texts holding one of ``required(pattern)`` (a superset of the matches),
        or None when the pattern has none to use (or is case-sensitive: only IGNORECASE ones are prefiltered)."""
        need = required(pattern)
        if need is None or not pattern.flags & re.IGNORECASE:
            return None
        self._find([lit for lit in need if lit not in self._where])
        if self._odd is None:
            self._odd = [i for i, t in enumerate(self.texts) if not t.isascii() and any(c in t for c in _FOLD_ODD)]
        hit = np.zeros(len(self.texts), dtype=bool)
        for lit in need:
            hit[self._where[lit]] = True
        hit[self._odd] = True
        return np.flatnonzero(hit).tolist()

    def matching(self, pattern: re.Pattern[str]) -> list[int]:
        """Indices, in order, of the texts in which ``pattern.search`` finds a match.

        Texts holding none of the pattern's required strings (``candidates``) are passed over unsearched.
        """
        pre = self.candidates(pattern)
        if pre is None:
            return _matching(pattern, self.texts)
        return [pre[j] for j in _matching(pattern, [self.texts[i] for i in pre])]


def _offsets(texts: Sequence[str]) -> np.ndarray:
    starts = np.zeros(len(texts), dtype=np.int64)
    if len(texts) > 1:
        np.cumsum(np.fromiter((len(t) + 1 for t in texts[:-1]), dtype=np.int64, count=len(texts) - 1), out=starts[1:])
    return starts


def matching(pattern: re.Pattern[str], texts: Sequence[str]) -> list[int]:
    """Indices, in order, of the texts in which ``pattern.search`` finds a match (see ``Corpus.matching``)."""
    return Corpus(texts).matching(pattern)


MEMO_LISTS = 3  # message lists whose answers are kept (the analysis's own, and a few a caller passes)
_LAST: list[tuple[Sequence[object], int, dict[str, object]]] = []


def memo(seq: Sequence[object], key: str, compute: Callable[[], T]) -> T:
    """``compute()``, kept for the same, unchanged sequence object (the last one seen) under ``key``.

    One analysis asks the same per-message question (the texts, a regex column, the responses) from
    several findings; each answer is a full pass over a million messages. Treat results as read-only.
    """
    for at, (kept, n, store) in enumerate(_LAST):
        if kept is seq and n == len(seq):
            _LAST.insert(0, _LAST.pop(at))
            break
    else:
        store = {}
        _LAST.insert(0, (seq, len(seq), store))
        del _LAST[MEMO_LISTS:]
    if key not in store:
        store[key] = compute()
    return store[key]  # type: ignore[return-value]


def forget() -> None:
    """Drop every answer ``memo`` keeps (an analysis calls it when done: the texts' corpus is large)."""
    _LAST.clear()


def _matching(pattern: re.Pattern[str], texts: Sequence[str]) -> list[int]:
    ok, twin = _plan(pattern)
    if not ok:
        return [i for i, t in enumerate(texts) if pattern.search(t)]
    if twin is None:
        return _scan(pattern, texts, pattern, texts)
    ascii_ix: list[int] = []
    other_ix: list[int] = []
    for i, t in enumerate(texts):
        (ascii_ix if t.isascii() else other_ix).append(i)
    if not other_ix:
        return _scan(twin, [t.lower() for t in texts], pattern, texts)
    asc = [texts[i] for i in ascii_ix]
    rest = [texts[i] for i in other_ix]  # non-ASCII: the original pattern, still in one pass
    hits = [ascii_ix[j] for j in _scan(twin, [t.lower() for t in asc], pattern, asc)]
    hits += [other_ix[j] for j in _scan(pattern, rest, pattern, rest)]
    return sorted(hits)


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector for a bounded computation (restored afterwards).

    Analysis builds millions of small objects (messages, replies, responses) and keeps them all:
    every full collection walks them again for nothing, a quarter of analyze's time at 100,000
    messages (benchmarks/README.md, analyze-report). Reference counting still frees what dies.
    """
    was = gc.isenabled()
    gc.unfreeze()  # the last analysis's objects (see below) go back to the oldest generation, collected as usual
    gc.disable()
    try:
        yield
    finally:
        # Everything allocated meanwhile is still in the youngest generation: the first collection after
        # enabling would walk all of it (two seconds at a million messages) only to find it alive. Frozen,
        # the collector skips it; reference counting still frees it, and the next pause unfreezes it.
        gc.freeze()
        if was:
            gc.enable()
