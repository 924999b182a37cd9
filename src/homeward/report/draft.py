"""The draft check: what a message the user is about to send reads as, and what history says about it.

It never writes or rewrites messages for the user; it helps them see what they are about to do.
"""
from __future__ import annotations

import re
from datetime import timedelta
from statistics import median
from typing import Any

from homeward.analysis import Analysis, episodes
from homeward.guidance.catalogue import _minutes
from homeward.guidance.safety import scan
from homeward.signals import load_classifier, thresholds_of


def check_draft(text: str, a: Analysis) -> dict[str, Any]:
    """``{"labels": [...], "notes": [{"text", "evidence"}]}`` for a draft, read against the latest partner message."""
    model = load_classifier()
    context = next((m.text for m in reversed(a.messages) if m.who == "partner" and m.text), None)
    scores = model.predict_proba([text], [context])[0]
    th = thresholds_of(model)
    labels = sorted(k for k, v in scores.items() if v >= th.get(k, 0.5))
    safety = scan(a.messages)
    if safety.concern:  # the gate is on: nothing here may read as advice about getting back together
        return {"labels": labels, "notes": [{
            "text": "Some messages in this history show threats, monitoring, control or fear, so homeward gives no "
                    "advice about messages to the partner. Your safety comes first; the report lists places to get "
                    "confidential help.", "evidence": safety.evidence[:5]}]}
    notes: list[dict[str, Any]] = []
    c = a.after_pressure
    if "pressure" in labels or episodes.PRESSURE.search(text):
        if c.n and c.median_minutes is not None and c.median_minutes_baseline is not None:
            pushes = [i for ep in a.pressure_episodes for i in ep.evidence][-3:]
            notes.append({"text": f"This reads as pressure. After your earlier pushes the partner's replies took about "
                                  f"{_minutes(c.median_minutes)}, against {_minutes(c.median_minutes_baseline)} after "
                                  "your everyday messages.", "evidence": pushes + c.evidence[-3:]})
        else:
            notes.append({"text": "This reads as pressure: it asks the partner for a decision. Pressure tends to make "
                                  "someone who has stepped away step further back.", "evidence": []})
    h = a.homecoming
    if ("homecoming" in labels or episodes.HOMECOMING.search(text)) and h.partner_first is None:
        notes.append({"text": "This raises coming home, which the partner has not raised themselves yet"
                              + (f"; you have raised it {h.user_since + 1} time(s) before." if h.first_raised_by else "."),
                      "evidence": h.evidence[-3:]})
    if "problem_talk" in labels or episodes.PROBLEM.search(text):
        recent = [p for p in a.problem_talk if p.outcome in ("repair", "defensive")][-2:]
        if recent and recent[-1].outcome == "defensive":
            notes.append({"text": "This opens a hard topic. The last time you did, the partner turned defensive.",
                          "evidence": [recent[-1].message_id] + ([recent[-1].reply_id] if recent[-1].reply_id else [])})
    if {"criticism", "contempt"} & set(labels):
        notes.append({"text": "This may read as " + " and ".join(sorted({"criticism", "contempt"} & set(labels)))
                              + " to the partner, whatever you mean by it.", "evidence": []})
    for w in a.what_works:
        if w.kind in labels and w.warm_rate is not None and w.warm_rate.clear and w.warm_rate.diff > 0:
            notes.append({"text": f"Messages like this ({w.kind}) have drawn warm replies {w.warm_rate.b_mean:.0%} of the "
                                  f"time, against {w.warm_rate.a_mean:.0%} after everyday messages.",
                          "evidence": w.evidence[:4]})
    low = text.lower()
    for idea in a.ideas:
        core = idea.phrase.split(" ", 1)[-1]  # "the lake" -> "lake": the draft may say "our lake" or "that lake"
        if re.search(rf"\b{re.escape(core)}\b", low):
            notes.append({"text": f"This mentions {idea.phrase}, which the partner has met warmly before "
                                  f"({idea.warm} of {idea.mentions} times).", "evidence": idea.evidence[:4]})
    notes += _unanswered(a)
    for n in notes:
        n["evidence"] = list(dict.fromkeys(n["evidence"]))
    return {"labels": labels, "notes": notes}


def _unanswered(a: Analysis) -> list[dict[str, Any]]:
    """A note when the user's own last message is still unanswered: sending now would be a double text."""
    last = next((m for m in reversed(a.messages) if m.text or m.media), None)
    if last is None or last.who != "user":
        return []
    own = [m.id for m in a.messages if m.who == "user" and m.ts >= last.ts - timedelta(hours=48)][-3:]
    doubles = [m for m in a.double_texts if m.who == "user"]
    text = ("Your last message has not been answered yet; this would be a second message before any reply. "
            "Giving the partner room to answer in their own time keeps contact low-pressure.")
    if len(doubles) >= 3:
        resp = episodes.responses(a.messages)
        after = [resp[m.id].minutes for m in doubles if m.id in resp]
        if len(after) >= 3:
            text += f" After your earlier double texts the partner's replies took about {_minutes(median(after))}."
    return [{"text": text, "evidence": own}]
