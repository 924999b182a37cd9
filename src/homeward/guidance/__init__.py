"""Guidance: the safety gate first, then the advice catalogue (only when the gate is clear)."""
from __future__ import annotations

from dataclasses import dataclass

from homeward.analysis import Analysis
from homeward.guidance.catalogue import Advice, advise
from homeward.guidance.safety import SafetyFinding, scan

__all__ = ["Advice", "Guidance", "SafetyFinding", "guide"]


@dataclass
class Guidance:
    """What the user is told: advice items and the safety finding behind them."""

    items: list[Advice]
    safety: SafetyFinding


def guide(a: Analysis) -> Guidance:
    """Run the safety gate; when it fires, give only ``safety.*`` items and no reconciliation advice."""
    safety = scan(a.messages)
    if not safety.concern:
        return Guidance(advise(a), safety)
    kinds = ", ".join(sorted(k for k in safety.kinds if k != "fear"))
    items = [
        Advice("safety.concern", "Some messages show " + (kinds or "fear") + ". Your safety comes first. homeward has "
               "switched off all advice about getting back together.", safety.evidence[:20], "high",
               "threat, monitoring, control or fear found in the messages"),
        Advice("safety.get_help", "Talking to a domestic-abuse service is confidential and free, and they help people "
               "who are unsure whether what is happening counts as abuse. See the list of places to get help.",
               safety.evidence[:5], "high", "shown whenever the safety gate fires"),
        Advice("safety.privacy", "If someone may check your phone or computer, keep this report and database somewhere "
               "they cannot open, or delete them with 'homeward forget'.", safety.evidence[:3], "high",
               "monitoring is a common part of control"),
    ]
    return Guidance(items, safety)
