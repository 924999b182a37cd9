"""classify v0: a transparent keyword lexicon, kept as the baseline the trained model must beat.

It is honest about being simple: it matches phrases, knows nothing of sarcasm or stance, and
scores are fixed confidences rather than calibrated probabilities. ``make eval`` reports it beside
the trained model so the gap is visible.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from homeward.signals.taxonomy import LABELS

PATTERNS: dict[str, str] = {
    "affection": r"\blove (you|u|ya)\b|\bluv (u|you)\b|\bbabe\b|\bsweetheart\b|\bhoney\b|\bdarling\b|❤|😘|🥰|\bxx+\b"
                 r"|\byou look(ed)? (great|beautiful|amazing)\b|\bproud of (you|u)\b",
    "missing": r"\bmiss(ing)? (you|u|ya|us|having you|our)\b|\bhouse (feels|is) (so )?empty\b|\bwish you were here\b",
    "nostalgia": r"\bremember (when|our|that|the time)\b|\bour song\b|\bback when we\b|\bthose days\b|\bgood old\b",
    "regret": r"\bi'?m (so )?sorry\b|\bi apologi[sz]e\b|\bi was wrong\b|\bmy fault\b|\bwas a mistake\b|\bi regret\b",
    "future": r"\b(dinner|lunch|coffee|drinks?|movie|walk) (on |this |next )?(fri|sat|sun|mon|tue|wed|thu|tonight|tomorrow|tmrw|weekend)"
              r"|\bwant to (meet|grab|get)\b|\bshall we\b|\blet'?s (go|meet|do|take|get|try)\b|\bcan we meet\b",
    "homecoming": r"\bcom(e|ing) (back )?home\b|\bmov(e|ing) back\b|\bget(ting)? back together\b|\bcome back to (me|us)\b",
    "repair": r"\byou'?re right\b|\blet'?s not fight\b|\bi hear you\b|\bfair (point|enough)\b|\bi understand\b|\bcan we talk (tomorrow|later)\b",
    "interest": r"\bhow (was|did|is|are) (your|the|you)\b|\bhow'?s (your|the|work|it going)\b|\bhow are you\b|\bhow r u\b",
    "distance": r"\bneed (some )?space\b|\bstop (calling|texting|messaging)\b|\bleave me alone\b|\bcan'?t talk\b"
                r"|\bnot ready\b|\bon my own\b|\bdon'?t (call|text) me\b|\bneed time\b",
    "curt": r"^\s*(ok|k|kk|sure|fine|whatever|noted|yep|yup|mhm|👍)\s*[.!]?\s*$",
    "barrier": r"\b(my (mum|mom|dad|father|mother|job|boss)) (needs|won'?t)\b|\bcan'?t leave (this|my) job\b|\bbecause of work\b",
    "criticism": r"\byou (always|never)\b|\byou'?re (so )?(selfish|lazy|useless|impossible)\b|\bwhat'?s wrong with you\b",
    "contempt": r"\breal mature\b|\boh poor you\b|🙄|\bpathetic\b|\bgrow up\b|\bwhatever you say\b|\bidiot\b|\bsorry you feel\b",
    "defensive": r"\bnot my fault\b|\bwell you (did|do|were)\b|\bwhat about you\b|\bi didn'?t do anything\b|\bdon'?t blame me\b",
    "pressure": r"\bwhen are you (coming|moving)\b|\bdecide by\b|\bif you loved me\b|\bi need an answer\b|\bhow long (are|will) you\b"
                r"|\byou have to decide\b|\blast chance\b",
    "problem_talk": r"\bwe need to talk about\b|\bi felt (neglected|alone|hurt|ignored)\b|\bwhy you left\b|\bwhat went wrong\b",
}
COMPILED = {label: re.compile(p, re.IGNORECASE) for label, p in PATTERNS.items()}
HIT_SCORE = 0.7  # a fixed confidence: a lexicon hit is right about this often on our dev split


class LexiconClassifier:
    """Phrase matching over the taxonomy; ``fit`` is a no-op kept for the estimator shape."""

    version = "lexicon-v0"
    labels = LABELS

    def fit(self, texts: Sequence[str], contexts: Sequence[str | None], y: Sequence[Sequence[str]]) -> "LexiconClassifier":
        """Nothing to learn; returns self."""
        return self

    def predict_proba(self, texts: Sequence[str], contexts: Sequence[str | None]) -> list[dict[str, float]]:
        """Per message, the score of every label (HIT_SCORE on a match, else 0.05)."""
        out = []
        for text, ctx in zip(texts, contexts):
            scores = {label: (HIT_SCORE if COMPILED[label].search(text) else 0.05) for label in LABELS}
            if scores["curt"] > 0.5 and not (ctx and len(ctx) > 60):
                scores["curt"] = 0.05  # "ok" is only curt after a long message
            out.append(scores)
        return out

    def predict(self, texts: Sequence[str], contexts: Sequence[str | None]) -> list[list[str]]:
        """Per message, the sorted labels whose score passes 0.5."""
        return [sorted(k for k, v in s.items() if v >= 0.5) for s in self.predict_proba(texts, contexts)]
