"""A small, deterministic engine that renders a fictional couple's story as chat exports.

Stdlib only. Used by ``tools/make_samples.py`` (the bundled demo couple) and by
``tests/scenarios/make_scenarios.py`` (the analysis scenarios). Every message text comes from
hand-written pools (the ``LIBRARY`` in ``chatpools.py`` and the scenes of each story); this module only
schedules them: who starts, on which day, at what time, how fast the other replies.

The pool language, one topic (a short exchange) per block::

    === pickup_ask U logistics          id, who starts (U user, P partner, A either), kinds
    U: can you do pick up {day}? | any chance you could get them {day}?
    P: yep can do | yes fine            one step: alternatives split by " | "
    .cold: ok ##curt | fine ##curt      a variant of the step above for a mood (##labels = intent)
    U?: thanks | ta x                   optional step (?0.3 gives the probability)
    P.warm?: aww thank you ##affection  a step that exists only in that mood (and warmer)

Roles A/B are "whoever starts" / "the other one". ``//`` inside a text is a line break (a multi-line
message). A text may start with a media token: ``<img>``, ``<video>``, ``<audio>`` (media left out),
``<imgfile>caption`` (an attached photo with a caption), ``<deleted>``, ``<wacall:missed>`` or
``<wacall:MIN>`` (WhatsApp call lines, which only iOS exports show). Timing directives in brackets
after the role: ``U[+95]:`` about 95 minutes after the previous message, ``P[@21:40]:`` at that time on
the scene's day, ``P[@+1 08:05]:`` the next day at that time.

Labels after ``##`` are the author's intent, used only for the per-week statistics printed with each
story (they are never written into an export).
"""
from __future__ import annotations

import math
import random
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from xml.sax.saxutils import quoteattr
from zoneinfo import ZoneInfo

from chatpools import GENERIC_SLOTS

MOODS = ("cold", "cool", "neutral", "warm", "hot")
FALLBACK = {
    "hot": ("hot", "warm", "neutral"),
    "warm": ("warm", "neutral"),
    "neutral": ("neutral",),
    "cool": ("cool", "neutral"),
    "cold": ("cold", "cool", "neutral"),
}
GAP = timedelta(hours=6, minutes=10)  # random conversations stay this far apart (the 6 h rule + margin)
NIGHT_START, NIGHT_END = time(0, 50), time(6, 40)

_STEP = re.compile(r"^(U|P|A|B)(~)?(?:\.(\w+))?(\?(\d*\.?\d+)?)?(?:\[([^\]]*)\])?:\s?(.*)$")
_VARIANT = re.compile(r"^\.(\w+):\s?(.*)$")
_SLOT = re.compile(r"\{(\w+)\}")


# --------------------------------------------------------------------------- pool language
@dataclass
class Alt:
    text: str
    labels: tuple[str, ...]


@dataclass
class Step:
    role: str
    prob: float | None
    timing: str | None
    variants: dict[str, list[Alt]] = field(default_factory=dict)
    tied: bool = False  # "~": answers the opening line, so it takes the same position in its list


@dataclass
class Topic:
    id: str
    starter: str
    kinds: tuple[str, ...]
    steps: list[Step]
    when: datetime | None = None  # scenes only
    max_uses: int = 99
    hours: tuple[float, float] | None = None  # the time of day this topic opens at


def _alts(spec: str) -> list[Alt]:
    """Alternatives split by "|"; an empty one (as in "ok | ") means "sometimes say nothing"."""
    out = []
    if not spec.strip():
        return out
    for part in spec.split("|"):
        part = part.strip()
        labels: tuple[str, ...] = ()
        if "##" in part:
            part, _, lab = part.partition("##")
            labels = tuple(x.strip() for x in lab.split(",") if x.strip())
            part = part.rstrip()
        out.append(Alt(part.replace(" // ", "\n").replace("//", "\n"), labels if part else ()))
    return out


def parse_pool(text: str) -> list[Topic]:
    """Parse the pool language into topics (``=== id STARTER kinds``) and scenes
    (``=== scene YYYY-MM-DD HH:MM [name]``)."""
    topics: list[Topic] = []
    cur: Topic | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("==="):
            head = line[3:].split()
            if head[0] == "scene":
                when = datetime.strptime(f"{head[1]} {head[2]}", "%Y-%m-%d %H:%M")
                name = head[3] if len(head) > 3 else f"scene-{head[1]}-{head[2]}"
                cur = Topic(name, "scene", ("scene",), [], when)
            else:
                cur = Topic(head[0], head[1], tuple(head[2].split(",")), [])
                for opt in head[3:]:
                    key, _, val = opt.partition("=")
                    assert key in ("max", "at"), line
                    if key == "max":
                        cur.max_uses = int(val)
                    else:
                        a, b = val.split("-")
                        cur.hours = (float(a), float(b))
            topics.append(cur)
            continue
        assert cur is not None, f"pool line outside a topic: {raw!r}"
        m = _VARIANT.match(line)
        if m:
            mood, spec = m.groups()
            assert mood in MOODS, raw
            assert cur.steps, f"variant before any step: {raw!r}"
            cur.steps[-1].variants.setdefault(mood, []).extend(_alts(spec))
            continue
        m = _STEP.match(line)
        assert m, f"cannot read pool line: {raw!r}"
        role, tied, mood, opt, p, timing, spec = m.groups()
        mood = mood or "neutral"
        assert mood in MOODS, raw
        prob = (float(p) if p else 0.5) if opt else None
        cur.steps.append(Step(role, prob, timing, {mood: _alts(spec)}, bool(tied)))
        if tied:
            n0 = len(cur.steps[0].variants.get("neutral", []))
            assert len(cur.steps[-1].variants[mood]) == n0, f"{cur.id}: a ~ step needs {n0} lines: {raw!r}"
    return topics


# --------------------------------------------------------------------------- records
@dataclass
class Msg:
    ts: datetime
    who: str  # "U" or "P"
    text: str = ""
    kind: str = "text"  # text | media | file | deleted | wacall
    media: str | None = None  # image | video | audio | sticker
    call_min: int | None = None  # wacall: None = missed
    labels: tuple[str, ...] = ()
    channel: str = "wa"  # wa | sms
    conv: int = 0
    topic: str = ""


@dataclass
class PhoneCall:
    ts: datetime
    who: str  # the caller, "U" or "P"
    status: str  # answered | missed | rejected
    seconds: int


@dataclass
class Week:
    """What a stretch of the story looks like: ``first``/``last`` are 1-based week numbers, or dates
    (a date range overrides the week it falls in)."""

    first: int | date
    last: int | date
    cpw: float  # random conversations per week
    p_init: float  # chance a random conversation is started by the partner
    delay: dict  # median reply minutes {"U": m, "P": m}
    mood: dict  # {"U": mood, "P": mood}
    kinds: dict  # {"U": {kind: weight}, "P": {...}} for conversations each one starts
    tails: list = field(default_factory=list)  # [(kind, probability)] appended to a conversation
    more: float = 0.3  # chance the conversation goes on to another topic (again and again)
    channel: str = "wa"


class Story:
    def __init__(self, *, seed: int, start: date, end: date, names: dict, slots: dict,
                 weeks: list[Week], library: str, scenes: str = "", quiet: list | None = None):
        self.rng = random.Random(seed)
        self.start, self.end = start, end
        self.monday = start - timedelta(days=start.weekday())
        self.names = names
        self.slots = {**GENERIC_SLOTS, **slots}
        self.slots.setdefault("day2", self.slots["day"])
        self.weeks = weeks
        self.topics = [t for t in parse_pool(library) if t.starter != "scene"]
        self.scenes = [t for t in parse_pool(scenes)]
        assert all(s.starter == "scene" for s in self.scenes)
        self.by_kind: dict[tuple[str, str], list[Topic]] = {}
        for t in self.topics:
            if t.max_uses == 99:  # by default a topic is used at most twice per line of its thinnest step
                opening = t.steps[0].variants.get("neutral", [])
                caps = []
                for st in t.steps:
                    lines = st.variants.get("neutral")
                    if not lines or (st.prob is not None and st.prob < 0.5):
                        continue
                    if st.tied and len(lines) == len(opening):
                        caps.append(sum(min(self._capacity(a.text), self._capacity(o.text))
                                        for a, o in zip(lines, opening)))
                    else:
                        caps.append(sum(self._capacity(a.text) for a in lines))
                t.max_uses = max(2, 2 * min(caps)) if caps else 4
            for k in t.kinds:
                self.by_kind.setdefault((k, t.starter), []).append(t)
        self.used: Counter = Counter()  # template text -> times used
        self.text_used: Counter = Counter()  # rendered message text -> times used
        self.topic_used: Counter = Counter()
        self.slot_used: Counter = Counter()
        self.quiet = quiet or []  # [(date, date)] days with no random conversations
        self.msgs: list[Msg] = []
        self.intervals: list[tuple[datetime, datetime]] = []
        self._conv = 0
        self._acc = self.rng.random()

    # ------------------------------------------------------------------ helpers
    def week_no(self, d: date) -> int:
        return (d - self.monday).days // 7 + 1

    def params(self, d: date) -> Week:
        for w in self.weeks:  # date ranges win over week numbers
            if isinstance(w.first, date) and w.first <= d <= w.last:
                return w
        n = self.week_no(d)
        for w in reversed(self.weeks):  # a later stretch overrides an earlier one
            if isinstance(w.first, int) and w.first <= n <= w.last:
                return w
        raise KeyError(f"no week parameters for week {n} ({d})")

    def _delay(self, who: str, prev: str, w: Week, rng: random.Random) -> float:
        if who == prev:
            return rng.uniform(0.08, 1.6) if rng.random() < 0.8 else rng.uniform(1.6, 6)
        med = w.delay[who]
        m = med * math.exp(rng.gauss(0, 0.85))
        return max(0.25, min(m, 320.0))

    def _fill(self, text: str, bind: dict, rng: random.Random, local: Counter) -> str:
        def rep(m: re.Match) -> str:
            key = m.group(1)
            if key not in bind:
                values = self.slots[key]
                def cost(v):
                    return self.slot_used[(key, v)] + local[(key, v)] + self.text_used[v] + local[("text", v)]
                best = min(cost(v) for v in values)
                pick = rng.choice([v for v in values if cost(v) == best])
                local[(key, pick)] += 1
                bind[key] = pick
            return bind[key]
        out = text
        for _ in range(3):  # slot values may hold slots themselves
            new = _SLOT.sub(rep, out)
            if new == out:
                break
            out = new
        return out

    def _capacity(self, text: str) -> int:
        cap = 1
        for key in set(_SLOT.findall(text)):
            cap *= max(1, len(self.slots.get(key, ())))
        return min(cap, 60)

    def _choose(self, alts: list[Alt], rng: random.Random, local: Counter, tied: list | None = None) -> Alt:
        """The least-used alternative; a line with slots counts as used 1/n times, n its fillings."""
        def uses(a: Alt) -> int:
            n = self.used[a.text] + local[a.text]
            if not _SLOT.search(a.text):  # the same words may also have come from another line or a slot
                n = max(n, self.text_used[a.text] + local[("text", a.text)])
            return n
        cost = [uses(a) / self._capacity(a.text) for a in alts]
        for lines in tied or ():  # an opening line is as used as the answers tied to it
            cost = [max(c, uses(b) / self._capacity(b.text)) for c, b in zip(cost, lines)]
        best = min(cost)
        pool = [a for a, c in zip(alts, cost) if c <= best + 1e-9]
        a = rng.choice(pool)
        local[a.text] += 1
        return a

    def _variants(self, step: Step, mood: str) -> list[Alt] | None:
        if mood == "hot" and "hot" in step.variants:  # "hot" adds to the warm (or plain) lines
            return step.variants["hot"] + step.variants.get("warm", step.variants.get("neutral", []))
        for m in FALLBACK[mood]:
            if m in step.variants:
                return step.variants[m]
        return None

    # ------------------------------------------------------------------ rendering
    def _render(self, topic: Topic, t0: datetime, roles: dict, w_of, rng: random.Random,
                local: Counter, prev: str | None = None, truncate_at_night: bool = True) -> list[Msg]:
        """Render one topic from time t0. ``roles`` maps U/P/A/B to "U"/"P"."""
        bind: dict = {}
        out: list[Msg] = []
        t = t0
        last = prev
        base_day = t0.date()
        opener, n_open = None, 0
        for i, step in enumerate(topic.steps):
            who = roles[step.role]
            w = w_of(t.date())
            mood = w.mood[who]
            alts = self._variants(step, mood)
            if not alts:  # no variant for this mood, or an empty one: the step is left out
                continue
            if mood != "neutral" and "neutral" in step.variants and alts is not step.variants["neutral"]:
                # a mood's own lines, until each has been used twice; then the plain ones join them
                if all(self.used[a.text] + local[a.text] >= 2 * self._capacity(a.text) for a in alts if a.text):
                    alts = alts + step.variants["neutral"]
            if step.prob is not None:
                p = step.prob
                if who == "P" and mood == "cold":
                    p *= 0.4
                elif who == "P" and mood == "cool":
                    p *= 0.75
                elif who == "P" and mood in ("warm", "hot"):
                    p = min(1.0, p * 1.3)
                if rng.random() >= p:
                    continue
            if step.tied and opener is not None and len(alts) == n_open:
                alt = alts[opener]
                local[alt.text] += 1
            elif i == 0 and step.variants.get("neutral") is alts and any(s.tied for s in topic.steps):
                alt = self._choose(alts, rng, local, tied=[s.variants["neutral"] for s in topic.steps
                                                            if s.tied and len(s.variants.get("neutral", [])) == len(alts)])
            else:
                alt = self._choose(alts, rng, local)
            if i == 0 and step.variants.get("neutral") is alts:
                opener, n_open = alts.index(alt), len(alts)
            if not alt.text:
                continue
            # time of this message
            if i == 0 and not out and step.timing is None:
                pass
            elif step.timing:
                tm = step.timing.strip()
                if tm.startswith("@+"):
                    days, hm = tm[2:].split()
                    hh, mm = map(int, hm.split(":"))
                    t = datetime.combine(base_day + timedelta(days=int(days)), time(hh, mm)) + timedelta(seconds=rng.randrange(60))
                elif tm.startswith("@"):
                    hh, mm = map(int, tm[1:].split(":"))
                    t = datetime.combine(base_day, time(hh, mm)) + timedelta(seconds=rng.randrange(60))
                elif tm.startswith("+"):
                    mins = float(tm[1:])
                    t = t + timedelta(minutes=mins * rng.uniform(0.85, 1.15) if mins else rng.uniform(0.05, 0.4))
                else:
                    raise ValueError(f"bad timing {tm!r} in {topic.id}")
            else:
                t = t + timedelta(minutes=self._delay(who, last, w, rng))
            t = t.replace(microsecond=0)
            if truncate_at_night and out and (NIGHT_START <= t.time() < NIGHT_END) and not step.timing:
                break
            saved = dict(bind)
            text = self._fill(alt.text, bind, rng, local)
            for _retry in range(6):  # a line with slots: try other fillings before repeating a message
                if self.text_used[text] + local[("text", text)] < 2 or not _SLOT.search(alt.text):
                    break
                bind = dict(saved)
                for key in set(_SLOT.findall(alt.text)) - set(saved):
                    if key in self.slots:
                        bind[key] = rng.choice(self.slots[key])
                text = self._fill(alt.text, bind, rng, local)
            local[("text", text)] += 1
            labels = alt.labels
            out.append(self._make(t, who, text, labels, w))
            out[-1].topic = topic.id
            last = who
        return out

    def _make(self, t: datetime, who: str, text: str, labels, w: Week) -> Msg:
        m = Msg(t, who, labels=tuple(labels), channel=w.channel)
        if text.startswith("<img>"):
            m.kind, m.media = "media", "image"
        elif text.startswith("<video>"):
            m.kind, m.media = "media", "video"
        elif text.startswith("<audio>"):
            m.kind, m.media = "media", "audio"
        elif text.startswith("<sticker>"):
            m.kind, m.media = "media", "sticker"
        elif text.startswith("<imgfile>"):
            m.kind, m.media, m.text = "file", "image", text[len("<imgfile>"):].strip()
        elif text.startswith("<deleted>"):
            m.kind = "deleted"
        elif text.startswith("<wacall:"):
            arg = text[len("<wacall:"):].rstrip(">")
            m.kind = "wacall"
            m.call_min = None if arg == "missed" else int(arg)
        else:
            m.text = text
        return m

    def _fits(self, start: datetime, end: datetime) -> bool:
        for s, e in self.intervals:
            if not (end + GAP <= s or start >= e + GAP):
                return False
        return True

    def _start_time(self, d: date, rng: random.Random) -> datetime:
        weekend = d.weekday() >= 5
        r = rng.random()
        if r < 0.22:
            h = rng.uniform(7.3 if not weekend else 8.5, 9.6)
        elif r < 0.45:
            h = rng.uniform(11.5, 14.5)
        elif r < 0.6:
            h = rng.uniform(15.0, 17.5)
        else:
            h = rng.uniform(17.5, 22.4)
        return datetime.combine(d, time(0)) + timedelta(minutes=int(h * 60), seconds=rng.randrange(60))

    def _pick_topic(self, kind: str, starter: str, rng: random.Random) -> tuple[Topic, str]:
        cands = [(t, "direct") for t in self.by_kind.get((kind, starter), [])]
        cands += [(t, "either") for t in self.by_kind.get((kind, "A"), [])]
        cands = [c for c in cands if self.topic_used[c[0].id] < c[0].max_uses] or cands[:0]
        if not cands:
            kind = "logistics"
            cands = [(t, "x") for t in self.by_kind.get((kind, starter), []) + self.by_kind.get((kind, "A"), [])]
        if not cands:
            raise KeyError(f"no topic of kind {kind!r} that {starter} can start")
        best = min(self.topic_used[t.id] for t, _ in cands)
        pool = [c for c in cands if self.topic_used[c[0].id] == best]
        return rng.choice(pool)

    def _roles(self, topic: Topic, starter: str) -> dict:
        other = "P" if starter == "U" else "U"
        return {"U": "U", "P": "P", "A": starter, "B": other}

    def build(self) -> list[Msg]:
        rng = self.rng
        # 1. scenes: fixed times, hand-written
        for sc in sorted(self.scenes, key=lambda s: s.when):
            local: Counter = Counter()
            when = sc.when + timedelta(seconds=rng.randrange(60))
            msgs = self._render(sc, when, {"U": "U", "P": "P"}, self.params, rng, local, truncate_at_night=False)
            self._commit(msgs, local, sc.id)
        # 2. random conversations, day by day
        d = self.start
        while d <= self.end:
            if any(a <= d <= b for a, b in self.quiet):
                d += timedelta(days=1)
                continue
            w = self.params(d)
            factor = (1.25 if d.weekday() in (4, 6) else 1.0) * (0.85 if d.weekday() == 5 else 1.0)
            exp = w.cpw / 7 * factor
            n = int(exp) + (1 if rng.random() < exp - int(exp) else 0)
            for _ in range(n):
                # who starts: error diffusion with a little noise keeps the share near p_init even over a
                # few weeks, and it is decided once, so that retries below do not bias it
                self._acc += w.p_init + rng.uniform(-0.12, 0.12)
                init = "P" if self._acc >= 1 else "U"
                if init == "P":
                    self._acc -= 1
                for _attempt in range(14):
                    t0 = self._start_time(d, rng)
                    if t0 < datetime.combine(self.start, time(9, 5)):
                        continue
                    kinds = w.kinds[init]
                    kind = rng.choices(list(kinds), weights=list(kinds.values()))[0]
                    topic, _how = self._pick_topic(kind, init, rng)
                    if topic.hours:
                        h = rng.uniform(*topic.hours)
                        t0 = datetime.combine(d, time(0)) + timedelta(minutes=int(h * 60), seconds=rng.randrange(60))
                    local: Counter = Counter()
                    msgs = self._render(topic, t0, self._roles(topic, init), self.params, rng, local)
                    tops = [topic.id]
                    while msgs and len(tops) < 4 and rng.random() < w.more:
                        nxt = "P" if rng.random() < w.p_init else "U"
                        nkinds = {k: v for k, v in w.kinds[nxt].items() if k != "pressure"} or w.kinds[nxt]
                        kind2 = rng.choices(list(nkinds), weights=list(nkinds.values()))[0]
                        topic2, _ = self._pick_topic(kind2, nxt, rng)
                        if topic2.id in tops:
                            break
                        gap = timedelta(minutes=self._delay(nxt, msgs[-1].who, w, rng))
                        more = self._render(topic2, msgs[-1].ts + gap, self._roles(topic2, nxt), self.params, rng,
                                            local, prev=msgs[-1].who)
                        if not more or NIGHT_START <= more[0].ts.time() < NIGHT_END:
                            break
                        msgs += more
                        tops.append(topic2.id)
                    for tail_kind, p in w.tails:
                        if msgs and rng.random() < p:
                            tstarter = tail_kind.rsplit("_", 1)[-1].upper()
                            tail, _ = self._pick_topic(tail_kind, tstarter, rng)
                            more = self._render(tail, msgs[-1].ts, self._roles(tail, tstarter), self.params, rng,
                                                local, prev=msgs[-1].who)
                            if more and more[0].ts == msgs[-1].ts:
                                more[0].ts += timedelta(seconds=rng.randrange(20, 90))
                            msgs += more
                            tops.append(tail.id)
                    if not msgs or msgs[-1].ts.date() > self.end or msgs[-1].ts.date() > d + timedelta(days=1):
                        continue
                    if not self._fits(msgs[0].ts, msgs[-1].ts):
                        continue
                    self._commit(msgs, local, *tops)
                    break
            d += timedelta(days=1)
        self.msgs.sort(key=lambda m: (m.ts, m.conv))
        return self.msgs

    def _commit(self, msgs: list[Msg], local: Counter, *topic_ids: str) -> None:
        if not msgs:
            return
        self._conv += 1
        for m in msgs:
            m.conv = self._conv
        for k, v in local.items():
            if isinstance(k, tuple) and k[0] == "text":
                self.text_used[k[1]] += v
            elif isinstance(k, tuple):
                self.slot_used[k] += v
            else:
                self.used[k] += v
        for tid in topic_ids:
            self.topic_used[tid] += 1
        self.intervals.append((msgs[0].ts, msgs[-1].ts))
        self.msgs.extend(msgs)


# --------------------------------------------------------------------------- writers
NOTICE_ANDROID = ("Messages and calls are end-to-end encrypted. No one outside of this chat, not even "
                  "WhatsApp, can read or listen to them. Tap to learn more.")
NOTICE_IOS = ("\u200eMessages and calls are end-to-end encrypted. No one outside of this chat, not even "
              "WhatsApp, can read or listen to them.")
LRM, NNBSP = "\u200e", "\u202f"


def android_stamp(t: datetime) -> str:
    return f"{t:%d/%m/%Y}, {t:%H:%M}"


def ios_stamp(t: datetime) -> str:
    h = t.hour % 12 or 12
    ampm = "AM" if t.hour < 12 else "PM"
    return f"{t.month}/{t.day}/{t:%y}, {h}:{t:%M:%S}{NNBSP}{ampm}"


def _attachment_names(msgs: list[Msg]) -> dict[int, str]:
    per_day: Counter = Counter()
    names = {}
    for i, m in enumerate(msgs):
        if m.kind == "file" and m.channel == "wa":
            n = per_day[m.ts.date()]
            per_day[m.ts.date()] += 1
            names[i] = f"IMG-{m.ts:%Y%m%d}-WA{n:04d}.jpg"
    return names


def android_lines(msgs: list[Msg], names: dict, notice_at: datetime) -> list[str]:
    lines = [f"{android_stamp(notice_at)} - {NOTICE_ANDROID}"]
    files = _attachment_names(msgs)
    for i, m in enumerate(msgs):
        if m.channel != "wa" or m.kind == "wacall":
            continue  # Android exports leave calls out
        head = f"{android_stamp(m.ts)} - {names[m.who]}: "
        if m.kind == "media":
            body = "<Media omitted>"
        elif m.kind == "file":
            body = f"{files[i]} (file attached)" + (f"\n{m.text}" if m.text else "")
        elif m.kind == "deleted":
            body = "This message was deleted"
        else:
            body = m.text
        lines.append(head + body)
    return lines


def ios_lines(msgs: list[Msg], names: dict, notice_at: datetime, notice_by: str) -> list[str]:
    lines = [f"[{ios_stamp(notice_at)}] {names[notice_by]}: {NOTICE_IOS}"]
    for m in msgs:
        if m.channel != "wa":
            continue
        head = f"[{ios_stamp(m.ts)}] {names[m.who]}: "
        if m.kind == "media":
            lines.append(f"{LRM}{head}{LRM}{m.media} omitted")
        elif m.kind == "file":
            lines.append(f"{LRM}{head}{LRM}image omitted" + (f"\n{m.text}" if m.text else ""))
        elif m.kind == "deleted":
            lines.append(f"{LRM}{head}{LRM}This message was deleted.")
        elif m.kind == "wacall":
            if m.call_min is None:
                lines.append(f"{head}{LRM}Missed voice call")
            else:
                lines.append(f"{head}{LRM}Voice call, {LRM}{m.call_min} min")
        else:
            lines.append(head + m.text)
    return lines


def write_text(path: Path, lines: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8", newline="\n")


LONDON = ZoneInfo("Europe/London")


def epoch_ms(t: datetime, tz: ZoneInfo = LONDON) -> int:
    return int(t.replace(tzinfo=tz).timestamp() * 1000)


def readable(t: datetime) -> str:
    return f"{t.day} {t:%b %Y %H:%M:%S}"


def sms_xml(msgs: list[Msg], *, address: str, contact: str, backup_at: datetime, backup_set: str) -> str:
    rows = []
    for m in msgs:
        if m.channel != "sms":
            continue
        typ = "2" if m.who == "U" else "1"
        sent = "0" if typ == "2" else str(epoch_ms(m.ts) - 1000 * (3 + (epoch_ms(m.ts) // 1000) % 40))
        body = quoteattr(m.text, {"\n": "&#10;"})
        rows.append(
            f'  <sms protocol="0" address="{address}" date="{epoch_ms(m.ts)}" type="{typ}" subject="null" '
            f'body={body} toa="null" sc_toa="null" service_center="null" read="1" status="-1" locked="0" '
            f'date_sent="{sent}" sub_id="1" readable_date="{readable(m.ts)}" contact_name="{contact}" />')
    head = ("<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n"
            f'<smses count="{len(rows)}" backup_set="{backup_set}" backup_date="{epoch_ms(backup_at)}" type="full">')
    return head + "\n" + "\n".join(rows) + "\n</smses>\n"


def calls_xml(calls: list[PhoneCall], *, number: str, contact: str, backup_at: datetime, backup_set: str) -> str:
    rows = []
    for c in sorted(calls, key=lambda c: c.ts):
        if c.who == "U":
            typ = "2"  # outgoing (an unanswered outgoing call is type 2 with duration 0)
        else:
            typ = {"answered": "1", "missed": "3", "rejected": "5"}[c.status]
        rows.append(
            f'  <call number="{number}" duration="{c.seconds}" date="{epoch_ms(c.ts)}" type="{typ}" '
            f'presentation="1" subscription_id="1" post_dial_digits="" subscription_component_name='
            f'"com.android.phone/com.android.services.telephony.TelephonyConnectionService" '
            f'readable_date="{readable(c.ts)}" contact_name="{contact}" />')
    head = ("<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n"
            f'<calls count="{len(rows)}" backup_set="{backup_set}" backup_date="{epoch_ms(backup_at)}" type="full">')
    return head + "\n" + "\n".join(rows) + "\n</calls>\n"


# --------------------------------------------------------------------------- statistics
def monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def weekly_stats(msgs: list[Msg], first: date, last: date, gap_hours: float = 6.0) -> list[dict]:
    """Per-week counts from the rendered messages (the calls are left out): messages, conversation
    starts (after >= gap_hours of silence), median reply minutes and the intended labels."""
    weeks: dict[date, dict] = {}
    d = monday(first)
    while d <= last:
        weeks[d] = {"week": d.isoformat(), "messages": Counter(), "starts": Counter(), "replies": {"U": [], "P": []},
                    "labels": {"U": Counter(), "P": Counter()}}
        d += timedelta(days=7)
    prev: Msg | None = None
    gap = timedelta(hours=gap_hours)
    for m in msgs:
        if m.kind == "wacall":
            continue
        wk = weeks[monday(m.ts.date())]
        wk["messages"][m.who] += 1
        for lab in m.labels:
            wk["labels"][m.who][lab] += 1
        if prev is None or m.ts - prev.ts >= gap:
            wk["starts"][m.who] += 1
        elif prev.who != m.who:
            wk["replies"][m.who].append((m.ts - prev.ts).total_seconds() / 60)
        prev = m
    out = []
    for wk in weeks.values():
        med = {}
        for who in "UP":
            r = sorted(wk["replies"][who])
            med[who] = None if not r else (r[len(r) // 2] if len(r) % 2 else (r[len(r) // 2 - 1] + r[len(r) // 2]) / 2)
        wk["median_reply"] = med
        out.append(wk)
    return out


def share(weeks: list[dict], who: str = "P") -> float:
    s = sum(w["starts"][who] for w in weeks)
    t = sum(w["starts"]["U"] + w["starts"]["P"] for w in weeks)
    return round(s / t, 2) if t else 0.0


WARM = ("affection", "missing", "nostalgia", "future", "homecoming", "repair", "interest", "regret")
COOL = ("distance", "curt", "barrier")


def stats_table(weeks: list[dict]) -> str:
    rows = ["| week | msgs U/P | starts U/P | P reply median (min) | P warm / distant / conflict | U pressure |",
            "|---|---|---|---|---|---|"]
    for w in weeks:
        pl, ul = w["labels"]["P"], w["labels"]["U"]
        warm = sum(pl[k] for k in WARM)
        cool = sum(pl[k] for k in COOL)
        conf = sum(pl[k] for k in ("criticism", "contempt", "defensive"))
        med = w["median_reply"]["P"]
        rows.append(f"| {w['week']} | {w['messages']['U']}/{w['messages']['P']} | {w['starts']['U']}/{w['starts']['P']} "
                    f"| {'-' if med is None else round(med)} | {warm} / {cool} / {conf} | {ul['pressure']} |")
    return "\n".join(rows)
