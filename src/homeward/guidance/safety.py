"""The safety gate: it runs before any advice, and when it fires no reconciliation advice is given.

Tuned for recall: one message that threatens, monitors or controls, or in which the user says they
are afraid, is enough. Phrasings of anger that are not threats ("you're killing me with this",
"I could kill you for forgetting the slip lol", "I'm done arguing") are excluded explicitly and
tested in the hard-but-safe scenario.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from homeward.analysis.bulk import corpus_of
from homeward.analysis.tables import Msg

_I = r"(?:i'?ll|i will|i'?m going to|im gonna|i'?m gonna|ima|i would)"
PATTERNS: dict[str, str] = {
    "threat": (
        rf"\b{_I} (?:kill|hurt|destroy|end|ruin|finish) (?:you|u|ya)\b(?! (?:for|if you forget))"
        r"|\byou(?:'ll| will)? (?:regret|be sorry for) (?:it|this|that|leaving)\b|\byou'?ll be sorry\b"
        r"|\b(?:watch|better watch) your back\b|\bi know where you (?:live|are|sleep|work)\b"
        rf"|\b{_I} (?:take|keep) the (?:kids|children|baby) (?:away|from you|and you'?ll never)"
        rf"|\b{_I} make (?:your life (?:hell|a living hell)|you pay)\b|\bor else\b|\bnobody will (?:ever )?find\b"
        r"|\bif you leave (?:me )?i(?:'ll| will) (?:kill|hurt) myself\b|\byou(?:'re| are) dead\b"
        rf"|\b{_I} (?:smash|burn|break) (?:your|ur)\b"
        r"|\bi(?:'ll| will) come (?:over|round) (?:there )?and (?:sort (?:you|u|him|her) out|deal with (?:you|u)|drag|make (?:you|u))\b"
    ),
    "monitoring": (
        r"\b(?:send|share|turn on) (?:me )?(?:your|ur) (?:live )?location\b|\bwhy is (?:your|ur) location off\b"
        r"|\bwho (?:were|was) (?:you|u) with\b|\bi (?:checked|went through|read|saw) (?:your|ur) (?:phone|messages|texts|emails?|dms)\b"
        r"|\bi(?:'ve| have) been (?:reading|checking|tracking|watching|following) (?:your|ur|you)\b"
        r"|\bi (?:tracked|followed) (?:you|u)\b|\bi know (?:you were|u were) at\b|\bi saw (?:your|ur) car (?:at|outside)\b"
        r"|\bi(?:'ve| have) got someone watching\b|\bprove where you (?:were|are)\b|\bsend me a (?:photo|pic) of where you are\b"
    ),
    "control": (
        r"\b(?:give|send|tell) me (?:your|ur) (?:password|passcode|pin|login)s?\b|\bwhat'?s (?:your|ur) (?:password|passcode)\b"
        r"|\byou (?:don'?t|do not) need to see (?:your|ur|them|her|him)\b|\byou(?:'re| are) not allowed to\b|\bi forbid\b"
        r"|\byou can'?t see (?:your|ur) (?:friends|family|sister|brother|mum|mom|mother|dad|father)\b"
        r"|\b(?:stop|quit) (?:seeing|talking to) (?:your|ur) (?:friends|family|sister|brother|mum|mom|mother)\b"
        r"|\bdelete (?:him|her|them) (?:from|off)\b|\byou need my permission\b|\bi(?:'ll| will) cut off (?:your|ur|the) (?:money|card|allowance)\b"
        r"|\byou(?:'re| are) not going anywhere without me\b|\bunblock me (?:now|or)\b"
    ),
    "fear": (
        r"\b(?:i'?m|i am|im) (?:so |really |getting )?(?:scared|afraid|frightened|terrified) of (?:you|u|what you|him|her|them)\b"
        r"|\byou (?:scare|frighten) me\b|\bi (?:don'?t|do not) feel safe\b|\bi fear for my\b"
        r"|\b(?:scared|afraid) (?:of )?what (?:you|u|he|she|they)(?:'ll| will| might| could) do\b|\bi'?m scared to (?:go home|be alone with)\b"
    ),
}
_YOU = r"(?:you|u)"
_KIN = r"(?:sister|brother|mum|mom|mother|dad|father|friends?|family|mates?|parents)"
# More of what coercive control sounds like in co-parenting messages: checking up on someone, keeping
# them from family and money, curfews, and the user's own words of fear. Each line names what it catches.
MORE: dict[str, tuple[str, ...]] = {
    "threat": (
        rf"\b{_YOU}(?:'ll| will) (?:regret|be sorry)\b",  # "you'll regret talking to me like that"
        r"\bdon'?t make me (?:come|do|hurt|get|lose)\b",
        rf"\b{_YOU}(?:'ll| will) never see (?:the|your|ur) (?:kids|children|son|daughter)\b",
        r"\bi(?:'ll| will) (?:send|post|show) (?:everyone|people|your \w+) .{0,30}\b(?:photos|pictures|pics|videos)\b",
    ),
    "monitoring": (
        r"\bwho (?:was|were|is|are) (?:the |that )?(?:car|man|woman|guy|bloke|person|people|van)\b.{0,40}"
        r"\b(?:outside|at (?:the|your|ur) (?:house|door|place|flat))",
        rf"\bwho (?:are|r) {_YOU} with\b", r"\bwho(?:'s| is) there\b", r"\bwho came (?:round|over|to the house)\b",
        rf"\bwho (?:have|has|'ve) {_YOU} been (?:talking|texting|messaging|seeing|speaking)\b",
        rf"\btell me where {_YOU} (?:were|are|went|was)\b", rf"\bwhere are {_YOU} right now\b",
        r"\bi (?:drove|walked|went) (?:past|by) (?:your|ur|the house|tonight|last night|earlier)",
        r"\b(?:your|ur) lights were on\b",
        r"\b(?:looking at|looked at|checked|watched|saw on|been watching) the (?:ring |video )?(?:doorbell|camera|cctv)\b",
        rf"\bi(?:'ve| have) (?:rung|called|phoned|texted|messaged) {_YOU} \d+ times\b",
        r"\bwhy (?:is|was) (?:your|ur) phone (?:off|going (?:straight )?to voicemail|switched off)\b",
        r"\banswer (?:your|ur|the) phone when i\b|\bpick up when i (?:ring|call)\b",
        r"\bsend me a (?:photo|pic|picture) of (?:where|who)\b",
        rf"\bi know (?:who|what) {_YOU} (?:were|have been|'ve been)\b",
        r"\b(?:tracker|airtag|tracking app)\b.{0,30}\b(?:your|ur) (?:car|phone|bag)\b",
    ),
    "control": (
        r"\b(?:what'?s|whats|give me|send me|tell me) (?:your|ur) (?:\w+ )?(?:password|passcode|pin|login)s?\b",
        r"\bi(?:'ve| have)? changed the (?:password|passcode|pin|locks)\b",
        rf"\bask me (?:when|if|before) {_YOU} need (?:money|cash|the card)\b",
        r"\b(?:not|won'?t) (?:be )?(?:sending|send|giving|give|paying|pay) (?:you )?(?:the |any )?(?:money|maintenance|cash)"
        r"\b.{0,20}\buntil\b",
        rf"\btell (?:your|ur) {_KIN} to stop (?:messaging|texting|calling|contacting|seeing|coming)\b",
        rf"\b{_YOU}(?:'re| are) not (?:taking|seeing|going to|visiting)\b.{{0,30}}\b(?:your|ur) {_KIN}\b",
        rf"\bi want {_YOU} (?:home|back) by\b", rf"\bwho said {_YOU} could\b",
        rf"\b{_YOU} (?:don'?t|do not) need (?:to see|friends)\b",
    ),
    "fear": (
        r"\b(?:scared|afraid|frightened|terrified) (?:to|of) (?:go(?:ing)? home|be(?:ing)? alone|see(?:ing)? (?:you|him|her|them)"
        r"|say(?:ing)? no|tell(?:ing)? you|what (?:you|he|she|they)(?:'ll| will| might))\b",
        r"\b(?:want|need) to feel safe\b|\bfeel safe in my (?:own )?(?:home|house)\b",
        r"\byou(?:'re| are) (?:scaring|frightening|terrifying) me\b|\byou (?:terrify|scare|frighten) me\b",
        r"\b(?:walking on|on) eggshells\b",
        r"\bplease (?:stop|don'?t) (?:turning up|coming round|following|watching)\b",
    ),
}
COMPILED = {kind: re.compile("|".join((p, *MORE.get(kind, ()))), re.IGNORECASE) for kind, p in PATTERNS.items()}
# Anger that is plainly not a threat: hyperbole marked as a joke, or about an errand.
JOKING = re.compile(r"\b(?:lol|lmao|haha+|jk|joking|kidding)\b|😂|🤣|😅", re.IGNORECASE)

RESOURCES = [
    "If you are in danger right now, call your local emergency number: 999 (UK), 911 (US and Canada), "
    "112 (EU), 000 (Australia), 111 (New Zealand).",
    "UK: National Domestic Abuse Helpline 0808 2000 247 (free, 24 hours); Men's Advice Line 0808 801 0327.",
    "US: National Domestic Violence Hotline 1-800-799-7233, or text START to 88788.",
    "Australia: 1800RESPECT, 1800 737 732.",
    "Ireland: Women's Aid 1800 341 900; Men's Aid 01 554 3811.",
    "New Zealand: Women's Refuge 0800 733 843.",
    "Canada: call 911 in an emergency; sheltersafe.ca lists shelters and crisis lines near you.",
    "Elsewhere: hotpeachpages.net lists domestic-abuse services country by country.",
]


@dataclass
class SafetyFinding:
    """Whether the messages show a safety concern, and the messages that show it, by kind."""

    concern: bool
    evidence: list[str] = field(default_factory=list)
    kinds: dict[str, list[str]] = field(default_factory=dict)
    resources: list[str] = field(default_factory=list)


def scan(messages: Sequence[Msg]) -> SafetyFinding:
    """Look for threats, monitoring, control, and the user's fear; any one of them raises a concern."""
    kinds: dict[str, list[str]] = {}
    evidence: list[str] = []
    # The patterns' required strings found in one vectorised pass, then each pattern searched in the texts holding
    # them (analysis.bulk), then the per-message rules on the hits only. The texts are the analysis's own, grouped
    # once (``corpus_of``), with curly apostrophes made straight: ``replaced`` keeps what the analysis already
    # worked out on them (lowered bytes, required strings found, non-ASCII texts) for every text without one.
    corpus = corpus_of(messages).replaced("\u2019", "'")
    corpus.prefetch(list(COMPILED.values()))
    hits = {kind: set(corpus.matching(pattern)) for kind, pattern in COMPILED.items()}
    for i in sorted(set().union(*hits.values())):
        m = messages[i]
        if not m.text:
            continue
        text = m.text.replace("\u2019", "'")  # as the corpus read it
        for kind in COMPILED:
            if kind == "fear" and m.who != "user":
                continue
            if i in hits[kind] and not (kind == "threat" and JOKING.search(text)):
                kinds.setdefault(kind, []).append(m.id)
                if not evidence or evidence[-1] != m.id:
                    evidence.append(m.id)
    concern = bool(evidence)
    return SafetyFinding(concern, evidence[:50], kinds, RESOURCES if concern else [])
