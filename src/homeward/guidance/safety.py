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
COMPILED = {kind: re.compile(p, re.IGNORECASE) for kind, p in PATTERNS.items()}
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
    for m in messages:
        if not m.text:
            continue
        for kind, pattern in COMPILED.items():
            if kind == "fear" and m.who != "user":
                continue
            if pattern.search(m.text) and not (kind == "threat" and JOKING.search(m.text)):
                kinds.setdefault(kind, []).append(m.id)
                if not evidence or evidence[-1] != m.id:
                    evidence.append(m.id)
    concern = bool(evidence)
    return SafetyFinding(concern, evidence[:50], kinds, RESOURCES if concern else [])
