"""Episodes and responses: pressure and what followed it, pull-backs, problem talk, coming home.

Everything here compares the partner's next messages after one kind of user message with the
partner's next messages after the user's neutral messages: the pursue-withdraw pattern, measured
without blame, with an effect size and a bootstrap interval.
"""
from __future__ import annotations

import math
import re
import statistics
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import islice

import numpy as np

from homeward.analysis.bulk import Corpus, corpus_of, leading_scan, memo, run_starts
from homeward.analysis.stats import Difference, bootstrap_difference
from homeward.analysis.tables import Msg, Who, monday, stamps
from homeward.analysis.weeks import Week
from homeward.signals.taxonomy import COLD, WARM

EPISODE_GAP = timedelta(days=3)  # pressure messages this close (in calendar days) belong to one push
EPISODE_MIN = 3  # messages in one day that make a push on their own; otherwise it must span two days or more
RESPONSE_WINDOW = timedelta(hours=48)  # the partner's "next message" must come within this

# Raising coming home: a return home, moving back in or getting back together, in so many words. The
# classifier's ``homecoming`` label also fires on "say hi back" or "i'll look when i'm home"; a first date
# is a single-point finding, so it rests on the phrasing itself (see ``homecoming``).
HOMECOMING = re.compile(r"""\b(?:
  (?:com(?:e|es|ing)|came|mov(?:e|es|ing)|moved)\s+(?:back\s+)?home\b(?!\s+(?:from|at\s+\d|late|early|tonight|now|safe))
 |(?:you|u)(?:'re|\s+are|\s+were)?\s+(?:not\s+)?(?:com(?:e|ing)\s+back\b(?!\s+(?:from|with|for\s+(?:the|your|ur)))
   |back\s+by\b|home\s+by\s+\w+'s)
 |(?:mov(?:e|es|ing)|moved)\s+back\s+in\b|(?:want|need)\s+you\s+back\b|come\s+back\s+to\s+(?:us|me)\b
 |back\s+together\b|get\s+back\s+with\b|(?:give|giving)\s+(?:us|it|this|things)\s+another\s+(?:go|try|chance)\b
 |giving\s+notice\s+on\b|(?:live|living)\s+together\s+again\b|home\s+for\s+good\b|(?:stay|staying)\s+over\b.*\bfor\s+us\b
 |(?:i|we)\s+(?:want|could|should|would\s+like|'d\s+like|wanted)\s+to\s+come\s+back\b(?!\s+(?:from|with|later|tomorrow))
 |(?:can|could|should)\s+i\s+come\s+back\b(?!\s+(?:from|with|later|tomorrow|for))|(?:me|i)\s+(?:coming|came)\s+back\b(?!\s+(?:from|with))
 |want\s+us\s+back\b|(?:give|giving)\s+us\s+(?:a|another|a\s+second)\s+(?:go|try|chance)\b|another\s+chance\b|start\s+over\b
 |reconcil(?:e|ing|iation)\b|work\s+on\s+(?:us|our\s+(?:marriage|relationship))\b|save\s+(?:our|the)\s+(?:marriage|relationship)\b
 |(?:be|being)\s+a\s+family\s+again\b|(?:mov(?:e|es|ing)|moved)\s+back\s*(?:[?.!]|$)
)""", re.IGNORECASE | re.VERBOSE)
_WORD = re.compile(r"[\w']+")
# "the kids come home at six": coming home said of someone else is not about the couple
THIRD_PARTY = frozenset("kids kid children child he she they them boys girls dog cat mum mom dad nan gran".split())
NOT_NAMES = frozenset("i i'm i'd i'll i've you you're we we're so when what why how will would could can do does did are is "
                      "if and but ok okay honestly please just really ever still maybe".split())


@dataclass
class Episode:
    """A stretch of time with its evidence messages."""

    start: date
    end: date
    who: Who
    evidence: list[str] = field(default_factory=list)


@dataclass
class Response:
    """How the partner answered one user message: delay, length, and whether warm or cold."""

    to_id: str
    reply_id: str
    minutes: float
    words: int
    warm: bool
    cold: bool


def _runs(chosen: Iterable[Msg], who: Who, gap: timedelta) -> list[Episode]:
    """Episodes of the ``chosen`` messages (in time order): a new one starts after a gap of more than ``gap``."""
    out: list[Episode] = []
    last: date | None = None
    for m in chosen:
        day = m.ts.date()
        if last is None or day - last > gap:
            out.append(Episode(day, day, who))
        out[-1].end = day
        out[-1].evidence.append(m.id)
        last = day
    return out


# The partner naming the pressure they feel: the user message before it was a push, whatever its label.
PUSHED = re.compile(r"\b(?:(?:please\s+)?(?:don'?t|do\s+not|stop)\s+(?:push(?:ing)?|ask(?:ing)?|press(?:ur(?:e|ing))?)\s+me"
                    r"|please\s+don'?t\s+ask|stop\s+asking|(?:i\s+)?(?:need|want)\s+(?:some\s+)?space"
                    r"|deadlines?\s+again|not\s+deciding\s+(?:that|this|anything)\s+(?:by|now|today|tonight)|can'?t\s+answer\s+that|don'?t\s+use\s+the\s+kids"
                    r"|(?:talk|decide|tell\s+you)\s+when\s+i'?m\s+ready|i'?m\s+not\s+doing\s+this\s+(?:now|again)"
                    r"|(?:not|won'?t)\s+(?:be\s+)?(?:pushed|rushed|pressured|threatened)\s+into)\b", re.IGNORECASE)


# Asking for a decision, a date or an answer, in so many words: a backstop for the ``pressure`` label, which a
# model reads message by message and misses on short asks ("i need an answer").
PRESSURE = re.compile(r"\b(?:(?:i|we)\s+(?:need|want|deserve)\s+(?:an?\s+)?(?:answer|decision|date|to\s+know)"
                      r"|(?:decide|answer|tell\s+me)\s+by\b|by\s+the\s+end\s+of\s+the\s+(?:week|month)"
                      r"|(?:you'?ve|you\s+have)\s+got\s+until|give\s+me\s+(?:a|an)\s+(?:date|answer|decision)"
                      r"|how\s+long\s+(?:is\s+this|are\s+you|do\s+i\s+have)\s+(?:going\s+to|gonna|to)"
                      r"|(?:is|was)\s+there\s+any\s+chance|just\s+tell\s+me\s+(?:what|if|whether|yes|no)"
                      r"|what\s+am\s+i\s+supposed\s+to\s+(?:tell|say)\b"
                      r"|what\s+do\s+i\s+(?:tell|say\s+to)\s+(?:him|her|them|the\s+kids)\b"
                      r"|we\s+(?:need|have)\s+to\s+decide|decid(?:e|ing)\b.{0,40}\bby\s+(?:friday|monday|tuesday|wednesday"
                      r"|thursday|saturday|sunday|tomorrow|tonight|the\s+(?:weekend|\d))"
                      r"|i'?m\s+(?:not\s+waiting|done\s+waiting)|if\s+you\s+loved\s+(?:us|me)|this\s+is\s+on\s+you"
                      r"|either\s+you\s+want)", re.IGNORECASE)


# Humour has no label of its own; a laugh or a joke marker in the user's message is the nearest honest reading.
HUMOUR = re.compile(r"\b(?:ha(?:ha)+|lol|lmao|rofl|hehe+|jk|joking)\b|[\U0001F602\U0001F923\U0001F606\U0001F605\U0001F61C\U0001F61D]",
                    re.IGNORECASE)


def corpus(messages: Sequence[Msg]) -> Corpus:
    """The messages' texts as one ``bulk.Corpus`` (``bulk.corpus_of``), with the required strings of every detector
    here found in one pass: each detector then searches only the texts that could match."""
    c = corpus_of(messages)
    c.prefetch([HOMECOMING, PRESSURE, PUSHED, PROBLEM, HUMOUR])
    return c


def hits(messages: Sequence[Msg], pattern: re.Pattern[str]) -> np.ndarray:
    """True for the messages whose text ``pattern`` finds something in, computed once per message list."""

    def compute() -> np.ndarray:
        mask = np.zeros(len(messages), dtype=bool)
        mask[corpus(messages).matching(pattern)] = True
        return mask

    return memo(messages, f"hits:{pattern.pattern}", compute)


def _said_home(messages: Sequence[Msg]) -> frozenset[int]:
    """Indices of the messages that raise coming home in so many words (``is_homecoming`` without corrections),
    read once per message list: only the texts holding one of ``HOMECOMING``'s required strings are read."""

    def compute() -> frozenset[int]:
        return frozenset(corpus(messages).select(HOMECOMING, _raises_home))  # the corpus holds None as ""

    return memo(messages, "said_home", compute)


def home_mask(messages: Sequence[Msg], corrections: Corrections | None = None) -> np.ndarray:
    """``is_homecoming`` for every message, as a boolean array: the words found once per list, then the
    corrections."""
    flags = np.zeros(len(messages), dtype=bool)
    said = _said_home(messages)
    flags[np.fromiter(said, dtype=np.int64, count=len(said))] = True  # no need to sort the indices first
    if corrections:
        for i, m in enumerate(messages):
            fixed = corrections.get(m.id)
            if fixed is not None and fixed.get("homecoming") is not None:
                flags[i] = bool(fixed["homecoming"])
    return flags


def _frozen(corrections: Corrections | None) -> tuple[tuple[str, str, bool], ...]:
    return tuple(sorted((mid, k, bool(v)) for mid, d in (corrections or {}).items() for k, v in d.items()))


def pressure_messages(messages: Sequence[Msg], corrections: Corrections | None = None) -> list[Msg]:
    """The user's pushes: messages labelled ``pressure`` or asking for a decision in so many words (``PRESSURE``),
    the user asking the partner to come home (a request for a decision), and any user message the partner
    answered by naming the pressure ("please don't push me")."""
    return [messages[i] for i in pressure_indices(messages, corrections)]


def pressure_indices(messages: Sequence[Msg], corrections: Corrections | None = None) -> list[int]:
    """``pressure_messages`` as indices, computed once per message list and corrections."""
    return memo(messages, f"pressure:{_frozen(corrections)}", lambda: _pressure_indices(messages, corrections))


def _pressure_indices(messages: Sequence[Msg], corrections: Corrections | None) -> list[int]:
    user = user_mask(messages)
    chosen = user & (label_mask(messages, "pressure") | home_mask(messages, corrections) | hits(messages, PRESSURE))
    # the partner naming the pressure: the user's last message before it, if within the window, was a push
    said = np.flatnonzero(hits(messages, PUSHED) & ~user)
    mine = np.flatnonzero(user)
    before = np.searchsorted(mine, said) - 1
    for i, k in zip(said.tolist(), before.tolist()):
        if k >= 0 and messages[i].ts - messages[mine[k]].ts <= RESPONSE_WINDOW:
            chosen[mine[k]] = True
    fixed = corrections or {}
    return [i for i in np.flatnonzero(chosen).tolist() if fixed.get(messages[i].id, {}).get("pressure") is not False]


def pressure_episodes(messages: Sequence[Msg], gap: timedelta = EPISODE_GAP,
                      corrections: Corrections | None = None) -> list[Episode]:
    """The user's pushes clustered (gaps of at most ``gap`` days). One stray message is not an episode: a push
    spans two days or more, or holds ``EPISODE_MIN`` messages in one day."""
    pushes = (messages[i] for i in pressure_indices(messages, corrections))
    return [ep for ep in _runs(pushes, "user", gap) if ep.end > ep.start or len(ep.evidence) >= EPISODE_MIN]


def responses(messages: Sequence[Msg], responder: Who = "partner") -> dict[str, Response]:
    """For each message of the other person, the responder's first message after it within 48 hours.

    Made from ``answers`` once per message list (``bulk.memo``): one analysis asks for it several times.
    Treat it as read-only.
    """

    def compute() -> dict[str, Response]:
        a = answers(messages, responder)
        asked = np.flatnonzero(a.reply >= 0)
        out: dict[str, Response] = {}
        for q, r, minutes in zip(asked.tolist(), a.reply[asked].tolist(), a.minutes[asked].tolist()):
            m, mid = messages[r], messages[q].id
            out[mid] = Response(mid, m.id, minutes, m.words, bool(m.labels & WARM), bool(m.labels & COLD))
        return out

    return memo(messages, f"responses:{responder}", compute)


@dataclass
class Comparison:
    """The partner's answers after one kind of user message versus after the user's neutral messages."""

    kind: str
    n: int
    n_baseline: int
    reply_minutes: Difference | None
    words: Difference | None
    cold_rate: Difference | None
    warm_rate: Difference | None
    median_minutes: float | None
    median_minutes_baseline: float | None
    evidence: list[str]


@dataclass
class Answers:
    """``responses`` as columns over the message list: row i is the responder's answer to message i, if any.

    The comparisons of an analysis (what works, after pushes) pick hundreds of thousands of answers
    each; as index arrays into these columns that is one numpy step, where a list of ``Response``
    objects per comparison cost seconds at a million messages (benchmarks/README.md, analyze-report).
    """

    reply: np.ndarray  # index of the answering message, -1 for none
    minutes: np.ndarray
    log_minutes: np.ndarray  # math.log1p(minutes), the delay as compared
    words: np.ndarray  # of the answer, as float
    warm: np.ndarray  # 1.0 when the answer carries a warm label
    cold: np.ndarray


def answers(messages: Sequence[Msg], responder: Who = "partner") -> Answers:
    """``responses`` as ``Answers`` columns, computed once per message list (``bulk.memo``).

    Message q's answer is the responder's first message after it, if that comes within the window:
    one ``searchsorted`` over the responder's positions, and the delays from ``tables.stamps``.
    """

    def compute() -> Answers:
        n = len(messages)
        mine = user_mask(messages) if responder == "user" else ~user_mask(messages)
        theirs = np.flatnonzero(mine)
        asked = np.flatnonzero(~mine)
        nxt = np.searchsorted(theirs, asked)
        asked, by = asked[nxt < len(theirs)], theirs[nxt[nxt < len(theirs)]]
        times = stamps(messages)
        gap = (times[by] - times[asked]).astype(np.int64)  # microseconds
        keep = gap <= RESPONSE_WINDOW // timedelta(microseconds=1)
        asked, by, gap = asked[keep], by[keep], gap[keep]
        reply = np.full(n, -1, dtype=np.int64)
        reply[asked] = by
        # as timedelta.total_seconds() / 60: whole microseconds over 10**6 (exact below 2**53), then over 60
        minutes = np.zeros(n)
        minutes[asked] = gap.astype(float) / 1e6 / 60
        log_minutes = np.zeros(n)
        log_minutes[asked] = np.fromiter(map(math.log1p, minutes[asked].tolist()), dtype=float, count=len(asked))
        words = np.zeros(n)
        said = by[run_starts(by)]  # sorted: distinct in one pass
        counts = np.zeros(n)
        counts[said] = np.fromiter((messages[i].words for i in said.tolist()), dtype=float, count=len(said))
        words[asked] = counts[by]
        warm, cold = np.zeros(n), np.zeros(n)
        warm[asked] = warm_mask(messages)[by]
        cold[asked] = _sets_where(messages, "cold", lambda s: bool(s & COLD))[by]
        return Answers(reply, minutes, log_minutes, words, warm, cold)

    return memo(messages, f"answers:{responder}", compute)


def user_mask(messages: Sequence[Msg]) -> np.ndarray:
    """True for the user's messages, once per message list."""
    return memo(messages, "user_mask", lambda: np.fromiter((m.who == "user" for m in messages), dtype=bool,
                                                            count=len(messages)))


def warm_mask(messages: Sequence[Msg]) -> np.ndarray:
    """True for the messages carrying an approach label (``WARM``), once per message list."""
    return _sets_where(messages, "warm", lambda s: bool(s & WARM))


def label_mask(messages: Sequence[Msg], label: str | None = None) -> np.ndarray:
    """True for the messages carrying ``label`` (None: carrying any label), once per message list."""
    return _sets_where(messages, f"label:{label}", (lambda s: bool(s)) if label is None else (lambda s: label in s))


def _sets_where(messages: Sequence[Msg], key: str, test: Callable[[frozenset[str]], bool]) -> np.ndarray:
    """``test(m.labels)`` for every message, as a boolean array kept under ``key``.

    Label sets are shared objects (``load_tables``), a few dozen for a whole history: each distinct set is
    tested once, and the answer spread to its messages by one numpy index.
    """

    def compute() -> np.ndarray:
        sets, which = label_sets(messages)
        return np.array([test(s) for s in sets], dtype=bool)[which]

    return memo(messages, f"sets_where:{key}", compute)


def label_sets(messages: Sequence[Msg]) -> tuple[list[frozenset[str]], np.ndarray]:
    """(the distinct label-set objects, and for each message the index of its own among them)."""

    def compute() -> tuple[list[frozenset[str]], np.ndarray]:
        keys = np.fromiter(map(id, (m.labels for m in messages)), dtype=np.int64, count=len(messages))
        _, first, which = np.unique(keys, return_index=True, return_inverse=True)
        return [messages[i].labels for i in first.tolist()], which.reshape(-1)

    return memo(messages, "label_sets", compute)


def answered_by_user(messages: Sequence[Msg]) -> np.ndarray:
    """Indices of the user's messages the partner answered within ``RESPONSE_WINDOW``, in order."""
    return memo(messages, "answered", lambda: np.flatnonzero(user_mask(messages) & (answers(messages).reply >= 0)))


def compare_answers(kind: str, messages: Sequence[Msg], chosen: np.ndarray, baseline: np.ndarray, *,
                    seed: int = 0) -> Comparison:
    """The partner's answers to the user's ``chosen`` messages against their answers to ``baseline`` ones (message
    indices, in order): delay (log minutes), length, cold and warm rates, each as a difference of means with a
    bootstrap interval."""
    reply = answers(messages).reply[chosen[:10]]
    evidence = [messages[i].id for i in chosen[:10]] + [messages[j].id for j in reply]
    return compare_columns(kind, answer_columns(messages, chosen), answer_columns(messages, baseline), evidence,
                           seed=seed)


def answer_columns(messages: Sequence[Msg], rows: np.ndarray) -> dict[str, np.ndarray]:
    """The ``answers`` of the messages at ``rows``, field by field (as ``response_columns`` gives them)."""
    a = answers(messages)
    return {"minutes": a.minutes[rows], "log_minutes": a.log_minutes[rows], "words": a.words[rows],
            "warm": a.warm[rows], "cold": a.cold[rows]}


def compare_columns(kind: str, chosen: Mapping[str, np.ndarray], base: Mapping[str, np.ndarray], evidence: list[str],
                    *, seed: int = 0) -> Comparison:
    """The comparison of two groups of answers given as columns (``answer_columns``, ``response_columns``)."""
    def diff(f: str) -> Difference | None:
        return bootstrap_difference(base[f], chosen[f], seed=seed)

    def median(x: np.ndarray) -> float | None:
        return float(np.median(x)) if len(x) else None

    return Comparison(kind, len(chosen["minutes"]), len(base["minutes"]), diff("log_minutes"), diff("words"),
                      diff("cold"), diff("warm"), median(chosen["minutes"]), median(base["minutes"]), evidence)


def response_columns(rs: Sequence[Response]) -> dict[str, np.ndarray]:
    """``Response`` objects as the columns ``compare_columns`` reads."""
    return {"minutes": np.array([r.minutes for r in rs], dtype=float),
            "log_minutes": np.array([math.log1p(r.minutes) for r in rs], dtype=float),
            "words": np.array([float(r.words) for r in rs], dtype=float),
            "warm": np.array([float(r.warm) for r in rs], dtype=float),
            "cold": np.array([float(r.cold) for r in rs], dtype=float)}


def everyday_answered(messages: Sequence[Msg]) -> np.ndarray:
    """The user's everyday (unlabelled) messages the partner answered, as indices: the baseline of every
    comparison."""
    done = answered_by_user(messages)
    return done[~label_mask(messages)[done]]


def compare_after(messages: Sequence[Msg], label: str, *, seed: int = 0) -> Comparison:
    """How the partner answered the user's ``label`` messages compared with the user's neutral ones."""
    done = answered_by_user(messages)
    return compare_answers(label, messages, done[label_mask(messages, label)[done]], everyday_answered(messages),
                           seed=seed)


def after_pushes(messages: Sequence[Msg], *, seed: int = 0, corrections: Corrections | None = None) -> Comparison:
    """How the partner answered the user's pushes (``pressure_messages``: the label or the words) compared with the
    user's everyday messages; pushes are left out of the everyday ones even when unlabelled."""
    pushed = np.zeros(len(messages), dtype=bool)
    pushed[pressure_indices(messages, corrections)] = True
    done = answered_by_user(messages)
    everyday = everyday_answered(messages)
    return compare_answers("pressure", messages, done[pushed[done]], everyday[~pushed[everyday]], seed=seed)


PULLBACK_BASE = 3  # weeks of the person's own usual needed before a week can be called a pull-back
PULLBACK_MARGIN = 0.6  # composite warmth (z units) below the usual that counts, at the least


def pullbacks(weeks: Sequence[Week], messages: Sequence[Msg], who: Who = "partner") -> list[Episode]:
    """Runs of weeks where ``who`` holds back clearly more than their own usual.

    A week's reading is the composite warmth of ``changepoints.warmth_series`` (warm minus cold rate, share of
    conversation starts, reply delay). The usual is the median of the person's earlier weeks that were not
    themselves pull-backs (so a long pull-back does not become the new normal), and a week counts when it is
    below that usual by more than twice the weeks' robust spread (at least ``PULLBACK_MARGIN``) and below the
    person's average over the whole period. A week in which the person sent nothing, after weeks with
    messages, counts too: silence is distance. Weeks apart by at most one week join into one pull-back,
    and a pull-back needs two weeks or more (or a silent week).
    """
    from homeward.analysis.changepoints import MIN_MESSAGES, warmth_series

    dates, x = warmth_series(weeks, who)
    reading = dict(zip(dates, (float(v) for v in x)))
    usual: list[float] = []
    flagged: list[date] = []
    seen = 0
    for w in weeks:
        n = w.messages[who]
        if n == 0 and seen >= PULLBACK_BASE:
            flagged.append(w.week)
            continue
        if n < MIN_MESSAGES or w.week not in reading:
            continue
        v = reading[w.week]
        seen += 1
        if len(usual) >= PULLBACK_BASE:
            med = statistics.median(usual)
            spread = 1.4826 * statistics.median(abs(u - med) for u in usual)
            if v < 0 and v < med - max(2 * spread, PULLBACK_MARGIN):
                flagged.append(w.week)
                continue
        usual.append(v)
    out: list[Episode] = []
    for wk in flagged:
        if out and (wk - out[-1].end).days <= 8:
            out[-1].end = wk + timedelta(days=6)
        else:
            out.append(Episode(wk, wk + timedelta(days=6), who))
    silent = {w.week for w in weeks if w.messages[who] == 0}
    # One cool week on its own is weekly noise (a busy week, a sick child); a pull-back lasts. A whole
    # week of silence after regular contact is the exception: it is distance even alone.
    out = [ep for ep in out if ep.end - ep.start > timedelta(days=7) or ep.start in silent]
    if out:
        cold = [m for m in messages if m.who == who and m.labels & COLD]
        days = [m.ts.date() for m in cold]
        ordered = all(a <= b for a, b in zip(days, days[1:]))
        for ep in out:
            if ordered:  # the usual case (messages in time order): look the episode's days up, not every message
                lo = bisect_left(days, ep.start)
                ep.evidence = [m.id for m in islice(cold, lo, min(bisect_right(days, ep.end, lo), lo + 12))]
            else:
                ep.evidence = [m.id for m, d in zip(cold, days) if ep.start <= d <= ep.end][:12]
    return out


@dataclass
class Homecoming:
    """Who first raised moving back or getting back together, and how often the user has since."""

    first_raised_by: Who | None
    date: date | None
    first_id: str | None
    user_since: int
    partner_since: int
    evidence: list[str]
    partner_first: date | None = None  # the first time the partner raised it, whoever went first
    partner_first_id: str | None = None


Corrections = Mapping[str, Mapping[str, bool]]  # message id -> label -> the user's own reading


def is_homecoming(m: Msg, corrections: Corrections | None = None) -> bool:
    """Does this message raise coming home or getting back together, in so many words? The user's own
    correction of the ``homecoming`` label, either way, overrides the words."""
    said = (corrections or {}).get(m.id, {}).get("homecoming")
    if said is not None:
        return said
    return _raises_home(m.text or "")


_HOME_SCAN = leading_scan(HOMECOMING)
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_WORD_OR_SPACE = re.compile(r"[\w\s]")
_PLAIN_SEEN: set[str] = set()  # the non-ASCII characters found plain so far (``_plain``)


def _plain(text: str) -> bool:
    """Are all of ``text``'s non-ASCII characters "plain": neither word characters nor spaces, and unchanged by
    ``str.lower`` (an emoji, a curly quote, a dash)? The four that IGNORECASE matches to ASCII letters (İ, ı, ſ,
    the Kelvin sign) are letters, so never plain.

    Such a character acts on HOMECOMING exactly as any punctuation does, with or without IGNORECASE, so the text
    can be read lower-cased without the flag like an ASCII one (positions unchanged). Emoji and the curly
    apostrophe phones type are common in real chats, and the pattern is 2.5 times slower with IGNORECASE.
    """
    found = set(_NON_ASCII.findall(text))
    if found <= _PLAIN_SEEN:
        return True
    if any(c.lower() != c or _WORD_OR_SPACE.match(c) for c in found - _PLAIN_SEEN):
        return False
    _PLAIN_SEEN.update(found)
    return True


def _said_of_us(text: str, start: int) -> bool:
    """The rule for a HOMECOMING match at ``start``: none of the three words (``_WORD``) before it, within 40
    characters, is a third party ("the kids come home") or a capitalised name ("when Theo comes home").

    The words are usually the last three whitespace-separated pieces of those 40 characters: when the pieces are
    all letters they are exactly the words ``_WORD`` finds there (a run of letters between spaces or the
    window's edges), at a third of the cost; any other piece ("kids,", "x2", "it's") takes ``_WORD.findall``.
    """
    lo = max(0, start - 40)
    words = text[lo:start].rsplit(None, 3)[-3:]
    letters = "".join(words)
    if not letters.isalpha():
        words = _WORD.findall(text, lo, start)[-3:]
    elif letters.islower():  # no capital: no name, only the third parties to look up
        return THIRD_PARTY.isdisjoint(words)
    return not any(w.lower() in THIRD_PARTY or (w[0].isupper() and w.lower() not in NOT_NAMES) for w in words)


def _raises_home(text: str) -> bool:
    """``is_homecoming``'s reading of the words: a HOMECOMING match not said of a third party.

    The matches are those of ``HOMECOMING.finditer(text)``, in order, until one passes ``_said_of_us``. Texts
    that are ASCII or ``_plain`` are searched lower-cased with ``_HOME_SCAN`` (several times faster, the same
    matches); other texts take the original pattern.
    """
    if _HOME_SCAN is None or not (text.isascii() or _plain(text)):
        return any(_said_of_us(text, hit.start()) for hit in HOMECOMING.finditer(text))
    spaced = " " + text.lower()  # spaced[p + 1] is text[p] lower-cased
    at = 0
    while (hit := _HOME_SCAN.search(spaced, at)) is not None:
        if _said_of_us(text, hit.start()):  # the match starts after the character matched first: at hit.start()
            return True
        at = hit.end() - 1  # finditer goes on where the match ended; its last character may start the next one
    return False


def homecoming(messages: Sequence[Msg], corrections: Corrections | None = None) -> Homecoming:
    """The first homecoming message, the partner's first, and the count of later ones by each person."""
    hits = [messages[i] for i in np.flatnonzero(home_mask(messages, corrections)).tolist()]
    if not hits:
        return Homecoming(None, None, None, 0, 0, [])
    first = hits[0]
    later = hits[1:]
    pf = next((m for m in hits if m.who == "partner"), None)
    evidence = [m.id for m in hits[:10]]
    if pf is not None and pf.id not in evidence:
        evidence.append(pf.id)
    return Homecoming(first.who, first.ts.date(), first.id, sum(m.who == "user" for m in later),
                      sum(m.who == "partner" for m in later), evidence,
                      pf.ts.date() if pf else None, pf.id if pf else None)


@dataclass
class ProblemTalk:
    """One of the user's problem-talk messages and how the partner answered it."""

    message_id: str
    week: date
    reply_id: str | None
    outcome: str  # 'repair' | 'defensive' | 'no reply' | 'other'


# Raising an old problem, and the partner's answer to it, in so many words: a backstop for the labels.
PROBLEM = re.compile(r"\b(?:why\s+did(?:n'?t)?\s+you\s+(?:ever\s+)?(?:tell|say|leave)|when\s+you\s+left\s+you\s+said"
                     r"|(?:can|could)\s+we\s+(?:talk|talk\s+properly)\s+about\s+(?:last\s+year|what\s+happened|what\s+went\s+wrong"
                     r"|the\s+(?:money|drinking|arguments|way\s+(?:you|i|we)))|(?:can|could)\s+i\s+bring\s+up\s+something"
                     r"|what\s+went\s+wrong\s+(?:with|between)\s+us|i\s+think\s+i\s+stopped\s+(?:seeing|listening|asking))",
                     re.IGNORECASE)
DEFENSIVE = re.compile(r"\b(?:i\s+did\s+tell\s+you|you\s+never\s+(?:heard|listen(?:ed)?)|that'?s\s+not\s+fair"
                       r"|(?:see\s+)?this\s+is\s+why|i'?m\s+not\s+doing\s+this|here\s+we\s+go|what\s+about\s+you"
                       r"|it\s+wasn'?t\s+(?:just\s+)?me|don'?t\s+start)\b", re.IGNORECASE)
REPAIR = re.compile(r"\b(?:you'?re\s+right|i'?m\s+sorry|sorry\s+too|thank\s+you\s+for\s+(?:saying|telling)|i\s+shut\s+you\s+out"
                    r"|my\s+fault|i\s+should\s+have|i\s+was\s+wrong|that'?s\s+exactly\s+it|we\s+both)\b", re.IGNORECASE)
ANSWER_LOOKAHEAD = 3  # the partner's next messages read for the answer to a hard topic


def _answer(m: Msg) -> str | None:
    if m.labels & {"defensive", "criticism", "contempt"} or DEFENSIVE.search(m.text):
        return "defensive"
    if m.labels & {"repair", "regret"} or REPAIR.search(m.text):
        return "repair"
    return None


def problem_talk(messages: Sequence[Msg], corrections: Corrections | None = None) -> list[ProblemTalk]:
    """Each time the user raised an old problem (label ``problem_talk`` or ``PROBLEM``'s words), with the partner's
    answer read as repair or defensive from their next few messages within 48 hours (labels first, then words).

    Several user messages answered by the same partner message are one attempt: only the first is listed.
    """
    user = user_mask(messages)
    partner_at = np.flatnonzero(~user)
    raised = hits(messages, PROBLEM)
    out: list[ProblemTalk] = []
    seen_replies: set[str] = set()
    for i in np.flatnonzero(user & (label_mask(messages, "problem_talk") | raised)).tolist():
        m = messages[i]
        if (corrections or {}).get(m.id, {}).get("problem_talk") is False:
            continue
        j = int(np.searchsorted(partner_at, i, side="right"))  # the partner's first message after this one
        after = [messages[k] for k in partner_at[j:j + ANSWER_LOOKAHEAD].tolist()
                 if messages[k].ts - m.ts <= RESPONSE_WINDOW]
        if not after:
            out.append(ProblemTalk(m.id, monday(m.ts), None, "no reply"))
            continue
        outcome, reply = "other", after[0]
        for r in after:
            if (found := _answer(r)) is not None:
                outcome, reply = found, r
                break
        if after[0].id in seen_replies or reply.id in seen_replies:
            continue
        seen_replies.update((after[0].id, reply.id))
        out.append(ProblemTalk(m.id, monday(m.ts), reply.id, outcome))
    return out
