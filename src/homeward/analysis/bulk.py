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
    """Does the parsed pattern hold an upper-case ASCII letter, or a non-ASCII character that ignoring case matches
    to an ASCII letter (``_FOLD_ODD``), as a literal or in a class? Either breaks the lower-cased twin of ``_plan``."""

    def odd(lo: int, hi: int) -> bool:
        return (lo <= 90 and hi >= 65) or any(lo <= o <= hi for o in _FOLD_CODES)

    for op, av in _items(sub):
        if op == _c.LITERAL and odd(av, av):  # type: ignore[arg-type]
            return True
        if op == _c.IN and any((o == _c.LITERAL and odd(a, a)) or (o == _c.RANGE and odd(*a))  # type: ignore[misc]
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


def first_letters(pattern: re.Pattern[str]) -> str | None:
    """The lower-case ASCII letters every match of ``pattern`` can begin with, when the pattern is ``\\b`` then
    something whose first character is always one of them; None when that cannot be read off the pattern."""
    try:
        items = _items(_p.parse(pattern.pattern, pattern.flags & ~re.IGNORECASE))
    except Exception:  # an internal parser that moved: the pattern is searched as written
        return None
    if not items or items[0] != (_c.AT, _c.AT_BOUNDARY):
        return None
    found = _firsts(items[1:])
    ok = found and all(c.isascii() and c.islower() for c in found)
    return "".join(sorted(found)) if ok else None  # type: ignore[arg-type]


def _firsts(items: Sequence[tuple[object, object]]) -> set[str] | None:
    """The first characters of the matches of a parsed sequence, judged by its first item alone (so only when that
    item cannot match empty); None when unknown."""
    if not items:
        return None
    op, av = items[0]
    if op == _c.LITERAL:
        return {chr(av)}  # type: ignore[arg-type]
    if op == _c.IN and all(o == _c.LITERAL for o, _ in av):  # type: ignore[union-attr]
        return {chr(a) for _, a in av}  # type: ignore[union-attr]  # "(?:x|y)" is parsed as the class [xy]
    if op == _c.SUBPATTERN and av[-1].getwidth()[0] > 0:  # type: ignore[index]
        return _firsts(list(av[-1].data))  # type: ignore[index]
    if op == _c.BRANCH and all(alt.getwidth()[0] > 0 for alt in av[1]):  # type: ignore[index]
        alts = [_firsts(list(alt.data)) for alt in av[1]]  # type: ignore[index]
        return None if any(a is None for a in alts) else set().union(*alts)  # type: ignore[arg-type]
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT) and av[0] >= 1:  # type: ignore[index,operator]
        return _firsts(list(av[2].data))  # type: ignore[index]
    return None


def leading_scan(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """``pattern`` (``\\b``, then a match that starts with one of its ``first_letters``) rewritten for lower-cased
    text with a space put in front: it starts with the non-word character before the match, then looks at the
    first letter. None when the pattern is not of that shape.

    Three savings, the same matches at the same places. Without IGNORECASE (the pattern holds no capital letter,
    so over lower-cased text the flag changes nothing) Python's engine is several times faster. A pattern that
    starts with ``\\b`` is tried at every position of the text and, at every word boundary (word ends too), branch
    by branch; one that starts with a character class is only tried where the class matches (a C loop skips the
    rest). And the look at the first letter turns every branch away at once from most words. Over lower-cased text
    whose word characters are all ASCII, ``[^0-9A-Z_a-z]`` is exactly ``\\W``, and a letter after ``\\W`` (or after
    the added space) is exactly a word start: a match at position p of " " + text is a match at p of the text.
    """
    letters = first_letters(pattern)
    if letters is None or not pattern.pattern.startswith(r"\b"):
        return None
    return re.compile(rf"[^0-9A-Z_a-z](?=[{letters}])(?:{pattern.pattern[2:]})", pattern.flags & ~re.IGNORECASE)


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
_CHUNK = 1 << 22  # characters per step of the vectorised search: bounded temporary memory (tens of MB)
MIN_FACTOR = 2  # a single character would pass nearly every text: no use as a prefilter
# Stands for "any non-ASCII character" among a pattern's required strings: a literal emoji, or a class of them
# (a laughing face in HUMOUR). The texts holding one are few in most chats and are searched whole.
NON_ASCII = "\x80"
# The non-ASCII characters IGNORECASE matches to an ASCII letter (İ and ı to "i", ſ to "s", the Kelvin sign
# to "k"; checked over every code point): the prefilter reads them as "?", so texts holding one skip it.
_FOLD_ODD = ("\u0130", "\u0131", "\u017f", "\u212a")
_FOLD_CODES = tuple(map(ord, _FOLD_ODD))


def _factors(sub: object, fold: bool) -> frozenset[str] | None:
    """Strings one of which every match of ``sub`` contains (lower-cased when ``fold``), or None if unknown: of
    the sets ``_parts`` finds, the one whose shortest string is longest."""
    cands = _parts(sub, fold)
    if not cands:
        return None
    # longest shortest string wins (spaces round a word add little: " the " is as common as "the"), then fewest
    return max(cands, key=lambda s: (min(_size(x) for x in s), -len(s)))


def _parts(sub: object, fold: bool) -> list[frozenset[str]]:
    """Sets of strings every match of the sequence ``sub`` holds one of each: each run of literal characters,
    one of each branch's own required strings (``_factors``), what a group or a repeat of at least once requires,
    and "any non-ASCII character" for a non-ASCII literal or class."""
    cands: list[frozenset[str]] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            cands.append(frozenset(["".join(run)]))
            run.clear()

    for op, av in _items(sub):
        if op == _c.LITERAL and av < 128:  # type: ignore[operator]
            ch = chr(av)  # type: ignore[arg-type]
            run.append(ch.lower() if fold else ch)
            continue
        if op in _REPEATS and av[0] >= 1 and (body := _literal(av[2], fold)):  # type: ignore[index,operator]
            run.append(body)  # "ha(?:ha)+" holds "haha": the first repeat follows the run directly
            if av[0] == av[1] == 1:  # type: ignore[index]
                continue
        flush()
        found: frozenset[str] | None = None
        if op == _c.LITERAL or (op == _c.IN and _all_non_ascii(av, fold)):
            found = frozenset([NON_ASCII])
        elif op == _c.SUBPATTERN:
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
    return cands


def _literal(sub: object, fold: bool) -> str | None:
    """The ASCII text ``sub`` matches when it is nothing but literal characters, else None."""
    chars = []
    for op, av in _items(sub):
        if op != _c.LITERAL or av >= 128:  # type: ignore[operator]
            return None
        chars.append(chr(av).lower() if fold else chr(av))  # type: ignore[arg-type]
    return "".join(chars)


def _size(lit: str) -> int:
    """How selective a required string is, by its length; any non-ASCII character counts as a short one."""
    return MIN_FACTOR if lit == NON_ASCII else len(lit.strip())


def _all_non_ascii(items: object, fold: bool) -> bool:
    """Does a character class match only non-ASCII characters (also when case is ignored)?"""
    odd = _FOLD_CODES if fold else ()
    for op, av in items:  # type: ignore[attr-defined]
        if op == _c.LITERAL:
            if av < 128 or av in odd:
                return False
        elif op == _c.RANGE:
            lo, hi = av
            if lo < 128 or any(lo <= o <= hi for o in odd):
                return False
        else:  # NEGATE, categories (\w, \s ...): ASCII characters too
            return False
    return True


CLAUSE_SETS = 2  # sets kept per clause (its most telling: longest strings first)
MAX_CLAUSES = 256  # alternatives spelt out at most (nested groups multiply them); beyond, one OR-set stands in
Clause = tuple[frozenset[str], ...]  # every set must be met: the text holds one string of each


def _clause(items: list[tuple[object, object]], fold: bool) -> list[frozenset[str]]:
    """What every match of a sequence needs (``_parts``), keeping only sets usable as a prefilter: ASCII strings
    of ``MIN_FACTOR`` characters or more, or "any non-ASCII character"."""
    return [f for f in _parts(items, fold) if min(map(_size, f)) >= MIN_FACTOR and "\x00" not in "".join(f)
            and "".join(f - {NON_ASCII}).isascii()]


def _dnf(sub: object, fold: bool) -> list[list[frozenset[str]]]:
    """``clauses`` of a parsed (sub)pattern: the first group or branch in its sequence is spelt out, one clause per
    alternative, each with what the rest of the sequence needs; an empty clause means "no constraint"."""
    items = _items(sub)
    for k, (op, av) in enumerate(items):
        if op == _c.BRANCH:
            inner = [_dnf(alt, fold) for alt in av[1]]  # type: ignore[index]
        elif op == _c.SUBPATTERN:
            inner = [_dnf(av[-1], fold)]  # type: ignore[index]
        else:
            continue
        base = _clause(items[:k] + [(_c.ANY, None)] + items[k + 1:], fold)  # ANY: the runs either side stay apart
        out = [base + c for alts in inner for c in alts]
        if len(out) <= MAX_CLAUSES:
            return out
        break
    return [_clause(items, fold)]


@lru_cache(maxsize=64)
def clauses(pattern: re.Pattern[str]) -> tuple[Clause, ...] | None:
    """The required strings of ``pattern`` as alternatives of conjunctions, or None when they give no prefilter.

    A text can match only if, for one of the clauses, it holds one string of every set in that clause:
    "(don't|stop) push(ing)? me|don't use the kids" (with spaces as \\s+) needs ("don" or "stop") and "push"
    and "me", or "don" and "use" and "the" and "kids". Far more selective than one string per alternative:
    "the kids" alone is in every tenth message of a family's chat.
    """
    try:
        found = _dnf(_p.parse(pattern.pattern, pattern.flags), bool(pattern.flags & re.IGNORECASE))
    except Exception:  # an internal parser that moved: no prefilter
        return None
    if not found or any(not c for c in found):
        return None
    # A clause's longest strings select nearly as well as all of them, and every string is one more search over
    # all the texts ("me", "do", "the" are everywhere): keep the CLAUSE_SETS most telling sets of each clause.
    def telling(clause: list[frozenset[str]]) -> Clause:
        ranked = sorted(clause, key=lambda f: (-min(map(_size, f)), len(f), sorted(f)))
        long = [f for f in ranked if min(map(_size, f)) > MIN_FACTOR]  # two-letter strings need a pass of their own
        return tuple((long or ranked)[:CLAUSE_SETS])

    kept = {telling(c) for c in found}
    return tuple(sorted(kept, key=lambda c: [sorted(f) for f in c]))


class Corpus:
    """Many texts, and which of them hold each required string of the patterns asked about (``candidates``).

    Several patterns run over the same texts (the four safety kinds, the episode detectors): ``prefetch``
    finds all their required strings in one pass, and each ``matching`` call then searches only the texts
    that could match. Every text is read once however often it was sent ("ok", "x", "love you", "night"
    recur thousands of times in a long history): the work is done over the distinct texts and spread
    back to every message holding one (``expand``).
    """

    def __init__(self, texts: Sequence[str]) -> None:
        self.texts = texts
        self.distinct: Sequence[str] = texts
        self.code: np.ndarray | None = None  # for each text, the index of its distinct text (None: all distinct)
        if _repeats_enough(texts):
            index: dict[str, int] = {}
            self.code = np.fromiter((index.setdefault(t, len(index)) for t in texts), dtype=np.int64, count=len(texts))
            self.distinct = list(index)
        self._odd: list[int] | None = None  # distinct texts holding an odd case fold (``_FOLD_ODD``)
        self._non_ascii: list[int] | None = None  # distinct texts holding a non-ASCII character
        self._where: dict[str, np.ndarray] = {}  # required string -> indices of the distinct texts holding it
        self._lowered: tuple[np.ndarray, np.ndarray] | None = None  # (``lowered``'s bytes + PAD NULs, offsets)

    def replaced(self, old: str, new: str) -> Corpus:
        """A corpus of the texts with ``old`` replaced by ``new``, sharing this one's grouping of equal texts (equal
        texts stay equal), so the texts are not grouped again.

        The safety scan reads the analysis's corpus with curly apostrophes made straight. One character for
        another keeps every offset, so what this corpus already worked out carries over: only the texts holding
        ``old`` change (few, and found among the non-ASCII texts when ``old`` is non-ASCII), the lowered bytes
        are copied with those texts' bytes rewritten, and a required string found before is kept unless it holds
        the byte ``old`` or ``new`` lowers to (only there can the answer change). When no text holds ``old``, this
        corpus is the answer. Longer replacements move offsets: those build the texts anew (``_replaced_anew``).
        """
        if len(old) != 1 or len(new) != 1 or SEP in (old, new):
            return self._replaced_anew(old, new)
        changed = self._holding(old)
        if not changed:
            return self
        distinct = list(self.distinct)
        for i in changed:
            distinct[i] = distinct[i].replace(old, new)
        other = self._sharing(distinct)
        moved = set(_lower_bytes(old) + _lower_bytes(new))
        other._where = {lit: ix for lit, ix in self._where.items() if moved.isdisjoint(lit.encode("ascii"))}
        if self._lowered is not None:
            other._lowered = _rewritten(self._lowered, distinct, changed)
        if self._non_ascii is not None and self._odd is not None:
            gone = set(changed)
            other._non_ascii = sorted({i for i in self._non_ascii if i not in gone}
                                      | {i for i in changed if not distinct[i].isascii()})
            other._odd = sorted({i for i in self._odd if i not in gone}
                                | {i for i in changed if any(c in distinct[i] for c in _FOLD_ODD)})
        return other

    def _replaced_anew(self, old: str, new: str) -> Corpus:
        """``replaced`` for any ``old`` and ``new``: every text with ``old`` rewritten, everything else found again;
        a slice of texts without ``old`` is taken as is."""
        distinct: list[str] = []
        step, texts = 1 << 16, self.distinct
        for i in range(0, len(texts), step):
            part = texts[i:i + step]
            distinct += [t.replace(old, new) for t in part] if old in SEP.join(part) else part
        return self._sharing(distinct)

    def _sharing(self, distinct: list[str]) -> Corpus:
        """A corpus of ``distinct`` standing for this one's texts in the same order (this one's ``code``), with
        nothing found yet."""
        other = Corpus.__new__(Corpus)
        other.texts, other.code, other.distinct = self.texts, self.code, distinct
        other._odd, other._non_ascii, other._where, other._lowered = None, None, {}, None
        return other

    def _holding(self, ch: str) -> list[int]:
        """Indices, in order, of the distinct texts holding the character ``ch``: looked for only among the
        non-ASCII texts when ``ch`` is non-ASCII, else only in slices of texts whose joined string holds it."""
        texts = self.distinct
        if not ch.isascii():
            return [i for i in self._non_ascii_texts() if ch in texts[i]]
        step = 1 << 16
        return [i for s in range(0, len(texts), step) if ch in SEP.join(texts[s:s + step])
                for i in range(s, min(s + step, len(texts))) if ch in texts[i]]

    def _non_ascii_texts(self) -> list[int]:
        """Indices of the distinct texts holding a non-ASCII character (and, aside in ``_odd``, those holding an odd
        case fold), worked out once per corpus."""
        if self._non_ascii is None:
            texts = self.distinct
            ascii_ = np.fromiter(map(str.isascii, texts), dtype=bool, count=len(texts))
            self._non_ascii = np.flatnonzero(~ascii_).tolist()
            # the odd case folds are rare: look for them text by text only when the non-ASCII texts hold one at all
            rest = SEP.join(map(texts.__getitem__, self._non_ascii))
            odd = any(c in rest for c in _FOLD_ODD)
            self._odd = [i for i in self._non_ascii if any(c in texts[i] for c in _FOLD_ODD)] if odd else []
        return self._non_ascii

    def expand(self, found: Sequence[int] | np.ndarray) -> list[int]:
        """Indices, in order, of every text equal to one of the distinct texts ``found``."""
        hit = np.zeros(len(self.distinct), dtype=bool)
        hit[np.asarray(found, dtype=np.int64)] = True
        return np.flatnonzero(hit if self.code is None else hit[self.code]).tolist()

    def lowered(self) -> tuple[np.ndarray, np.ndarray]:
        """(the texts joined with NUL as ASCII bytes, lower case, every other character made "?"; the offset of
        each text in it). One byte a character, so offsets are the texts' own; built a slice of texts at a time
        (a joined str would take four bytes a character as soon as one text holds an emoji). Kept while the
        corpus lives (about a byte a character): each new pattern's strings are found in it again."""
        padded, starts = self._padded()
        return padded[:len(padded) - PAD], starts

    def _padded(self) -> tuple[np.ndarray, np.ndarray]:
        """``lowered``'s bytes followed by ``PAD`` NULs (``_find`` reads eight bytes at any position), and offsets."""
        if self._lowered is None:
            self._lowered = self._lower()
        return self._lowered

    def _lower(self) -> tuple[np.ndarray, np.ndarray]:
        step, texts = 1 << 16, self.distinct
        parts = [_lower_bytes(SEP.join(texts[i:i + step])) for i in range(0, len(texts), step)]
        parts[-1:] = [parts[-1] + bytes(PAD)] if parts else [bytes(PAD)]  # the padding, without copying all again
        joined = np.frombuffer(SEP.encode().join(parts), dtype=np.uint8)
        seps = np.flatnonzero(joined[:len(joined) - PAD] == 0)
        if len(seps) == len(texts) - 1:  # no text holds a NUL itself: each starts after a separator
            starts = np.zeros(len(texts), dtype=np.int64)
            starts[1:] = seps + 1
            return joined, starts
        return joined, _offsets(texts)

    def prefetch(self, patterns: Sequence[re.Pattern[str]]) -> None:
        """Find the required strings of all ``patterns`` in one pass (see ``_find``) before asking each."""
        need = {lit for p in patterns if p.flags & re.IGNORECASE and (cs := clauses(p))
                for c in cs for f in c for lit in f}
        self._find(sorted(need - self._where.keys() - {NON_ASCII}))

    def _find(self, lits: Sequence[str]) -> None:
        """For each of ``lits`` (ASCII, lower case, 2+ characters), the indices of the lowered texts holding it.

        One vectorised pass for all of them, a chunk of positions at a time: every position's three-character code
        is looked up in a table of the strings' first three characters, and the positions found are grouped by
        which of those starts they hold (a radix sort: small integer keys, positions kept in order; two-character
        strings are compared directly). The rest of each string is then checked eight characters at a time, one
        64-bit comparison each, against the words read once per group, and the positions left are turned into
        texts (``_TextsAt``). Non-ASCII characters are "?" there (``lowered``); no required string holds one, nor
        a NUL (``clauses``), so the NUL padding after the last text never completes a string.
        """
        if not lits:
            return
        padded, starts = self._padded()
        n = len(padded) - PAD
        triples = sorted({lit[:3] for lit in lits if len(lit) > 2}, key=_code)
        codes = np.array([_code(t) for t in triples], dtype=np.uint32)  # ascending
        table = np.zeros(1 << 24, dtype=bool)  # three characters -> does a string start so (16 MiB)
        table[codes] = True
        which = np.zeros(1 << 24, dtype=np.uint8 if len(triples) <= 256 else np.uint16)  # -> index in triples
        which[codes] = np.arange(len(triples))  # small keys: the radix sort takes one pass a byte
        pair_lits = {lit: _code(lit) for lit in lits if len(lit) == 2}
        at_pair: dict[str, list[np.ndarray]] = {lit: [] for lit in pair_lits}
        at_triple: list[list[np.ndarray]] = [[] for _ in triples]  # positions of each triple, chunk after chunk
        for s in range(0, n, _CHUNK):  # chunk by chunk: temporary memory stays bounded
            m = min(_CHUNK, n - s)
            c = padded[s:s + m].astype(np.uint32)
            c <<= 8
            c |= padded[s + 1:s + m + 1]  # past the last text: padding NULs, in no string
            for lit, code in pair_lits.items():
                at_pair[lit].append(np.flatnonzero(c == code) + s)
            c <<= 8
            c |= padded[s + 2:s + m + 2]
            at = np.flatnonzero(table[c])  # booleans: the fastest gather and nonzero over every position
            ids = which[c[at]]
            order = np.argsort(ids, kind="stable")  # grouped by triple, positions still ascending in each group
            ends = np.cumsum(np.bincount(ids, minlength=len(triples))).tolist()
            at = at[order] + s
            for k, (g0, g1) in enumerate(zip([0, *ends[:-1]], ends)):
                if g1 > g0:
                    at_triple[k].append(at[g0:g1])
        text_of = _TextsAt(starts, n)
        for lit, parts in at_pair.items():
            self._where[lit] = text_of(np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64))
        words = np.ndarray(shape=(n + 1,), dtype="<u8", buffer=padded, strides=(1,))  # 8 bytes from each position
        by_triple: dict[str, list[str]] = {}
        for lit in lits:
            if len(lit) > 2:
                by_triple.setdefault(lit[:3], []).append(lit)
        for k, t in enumerate(triples):
            at = np.concatenate(at_triple[k]) if at_triple[k] else np.zeros(0, dtype=np.int64)
            head = words[at] if any(len(lit) > 3 for lit in by_triple[t]) else None  # shared by the strings
            for lit in by_triple[t]:
                p = at
                if head is not None and len(lit) > 3:
                    p = at[_starts_with(head, lit[:8])]
                    for j in range(8, len(lit), 8):  # a match of the first 8 lies inside the texts: p + 8 <= n
                        p = p[_starts_with(words[p + j], lit[j:j + 8])]
                self._where[lit] = text_of(p)

    def candidates(self, pattern: re.Pattern[str]) -> list[int] | None:
        """Indices, in order, of the texts meeting one of ``clauses(pattern)`` (a superset of the matches),
        or None when the pattern has none to use (or is case-sensitive: only IGNORECASE ones are prefiltered)."""
        pre = self._candidates(pattern)
        return None if pre is None else self.expand(pre)

    def _candidates(self, pattern: re.Pattern[str]) -> list[int] | None:
        """``candidates`` among the distinct texts: those meeting one of the pattern's ``clauses``."""
        found = clauses(pattern)
        if found is None or not pattern.flags & re.IGNORECASE:
            return None
        need = {lit for c in found for f in c for lit in f}
        self._find(sorted(lit for lit in need if lit not in self._where and lit != NON_ASCII))
        non_ascii = self._non_ascii_texts()
        n = len(self.distinct)
        holds: dict[frozenset[str], np.ndarray] = {}  # texts holding one string of a set, shared by the clauses

        def holding(f: frozenset[str]) -> np.ndarray:
            if f not in holds:
                mask = np.zeros(n, dtype=bool)
                for lit in f:
                    mask[non_ascii if lit == NON_ASCII else self._where[lit]] = True
                holds[f] = mask
            return holds[f]

        hit = np.zeros(n, dtype=bool)
        for clause in sorted(found, key=len):
            meets = holding(clause[0]).copy()
            for f in clause[1:]:
                meets &= holding(f)
            hit |= meets
        hit[self._odd] = True
        return np.flatnonzero(hit).tolist()

    def matching(self, pattern: re.Pattern[str]) -> list[int]:
        """Indices, in order, of the texts in which ``pattern.search`` finds a match.

        Texts holding none of the pattern's required strings (``candidates``) are passed over unsearched.
        """
        return self.expand(self._matching(pattern))

    def _matching(self, pattern: re.Pattern[str]) -> list[int]:
        """``matching`` among the distinct texts."""
        pre = self._candidates(pattern)
        if pre is None:
            return _matching(pattern, self.distinct)
        # Candidates mostly hold a match or a near miss: text by text is faster than one engine pass over them
        # joined, which returns to Python at every hit (measured on generated and on realistic chats alike).
        ok, twin = _plan(pattern)
        search, texts, out = pattern.search, self.distinct, []
        for i in pre:
            t = texts[i]
            if (twin.search(t.lower()) if twin is not None and t.isascii() else search(t)) is not None:
                out.append(i)
        return out

    def select(self, pattern: re.Pattern[str], test: Callable[[str], bool]) -> list[int]:
        """Indices, in order, of the texts among ``pattern``'s candidates (all texts when it has none) for which
        ``test(text)`` is true, asked once per distinct text: for a reading finer than a regex match that runs the
        pattern itself (searching the candidates first would read each matching text twice)."""
        pre = self._candidates(pattern)
        texts = self.distinct
        return self.expand([i for i in (range(len(texts)) if pre is None else pre) if test(texts[i])])


REPEAT_SAMPLE = 20_000  # texts looked at to decide whether reading each distinct text once pays
REPEAT_SHARE = 0.2  # at least this share of repeats in the sample: texts are deduplicated first


def _repeats_enough(texts: Sequence[str]) -> bool:
    """Do the texts repeat enough that reading each distinct one once is worth a pass over all of them?

    Deduplicating a million texts costs about a third of a second, a loss where almost every text is
    different; a sample spread over the whole history decides (it sees fewer repeats than the whole:
    a cautious estimate)."""
    step = max(1, len(texts) // REPEAT_SAMPLE)
    sample = texts[::step]
    return len(sample) > 0 and 1 - len(set(sample)) / len(sample) >= REPEAT_SHARE


def corpus_of(messages: Sequence[object]) -> Corpus:
    """The texts of ``messages`` (each ``.text``, None as "") as one ``Corpus``, once per message list: the episode
    detectors, what works and the safety gate all read the same texts."""
    return memo(messages, "corpus", lambda: Corpus([m.text or "" for m in messages]))  # type: ignore[attr-defined]


def _code(chars: str) -> int:
    """The characters' bytes read as one big-endian number: the key of the lookup table in ``Corpus._find``."""
    return int.from_bytes(chars.encode("ascii"), "big")


def _offsets(texts: Sequence[str]) -> np.ndarray:
    starts = np.zeros(len(texts), dtype=np.int64)
    if len(texts) > 1:
        np.cumsum(np.fromiter((len(t) + 1 for t in texts[:-1]), dtype=np.int64, count=len(texts) - 1), out=starts[1:])
    return starts


def run_starts(a: np.ndarray) -> np.ndarray:
    """True where a run of equal neighbours starts: over a sorted array, ``a[run_starts(a)]`` is its distinct
    values in one pass (numpy 2.3's ``unique`` hashes first, many times slower on millions)."""
    return np.concatenate(([True], a[1:] != a[:-1])) if len(a) else np.zeros(0, dtype=bool)


def le_code(data: bytes) -> int:
    """The first eight bytes as one little-endian number: what a 64-bit word read at their position holds."""
    return int.from_bytes(data[:8], "little")


PAD = 8  # NULs after the lowered bytes: ``_find`` reads eight bytes from any position


def _starts_with(words: np.ndarray, chars: str) -> np.ndarray:
    """For each 64-bit word (eight bytes from a position, ``Corpus._find``): do its bytes start with ``chars``
    (at most eight)?"""
    return (words & np.uint64((1 << 8 * len(chars)) - 1)) == np.uint64(le_code(chars.encode("ascii")))


BLOCK = 3  # ``_TextsAt`` notes the text at every 2**BLOCK-th position


class _TextsAt:
    """Which text each position of the joined texts lies in, for the millions of positions ``Corpus._find`` finds.

    A binary search over a million offsets misses the cache at nearly every step; instead the last text to
    start in or before each block of eight positions is noted once (a repeat over the offsets, milliseconds),
    and a position's text is that one or, where a shorter text starts inside the block after it, one of the
    few before it (a text takes at least one position, its separator)."""

    def __init__(self, starts: np.ndarray, n: int) -> None:
        self.starts = starts
        first = starts >> BLOCK
        self.last = np.repeat(np.arange(len(starts), dtype=np.int32), np.diff(first, append=(n >> BLOCK) + 1))

    def __call__(self, at: np.ndarray) -> np.ndarray:
        """Indices, ascending and once each, of the texts holding the ascending positions ``at``."""
        ix = self.last[at >> BLOCK].astype(np.int64)
        back = np.flatnonzero(self.starts[ix] > at)
        while len(back):  # at most 2**BLOCK - 1 rounds, on fewer positions each time
            ix[back] -= 1
            back = back[self.starts[ix[back]] > at[back]]
        return ix[run_starts(ix)]


def _lower_bytes(text: str) -> bytes:
    """The bytes ``Corpus.lowered`` writes for ``text``: one a character, lower case, "?" for any non-ASCII one."""
    return text.encode("ascii", "replace").lower()


def _rewritten(padded: tuple[np.ndarray, np.ndarray], texts: Sequence[str],
               changed: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
    """A copy of a corpus's padded lowered bytes (``Corpus._padded``) with the ``changed`` texts' bytes made those
    of ``texts`` (each as long as before: the offsets stay), the rest untouched."""
    a, starts = padded
    a = a.copy()
    part = [texts[i] for i in changed]
    lengths = np.fromiter(map(len, part), dtype=np.int64, count=len(part))
    joined = np.frombuffer(_lower_bytes(SEP.join(part)), dtype=np.uint8)
    # each text's bytes (and the NUL after it, a separator in ``a`` too) go to its own offset
    shift = np.repeat(starts[np.asarray(changed, dtype=np.int64)] - (np.cumsum(lengths + 1) - lengths - 1), lengths + 1)
    a[np.arange(len(joined)) + shift[:len(joined)]] = joined
    return a, starts


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
