"""The contract's ``analyze --json`` object, built from an Analysis and its Guidance."""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from homeward.analysis import Analysis
from homeward.analysis.stats import Difference
from homeward.analysis.tables import WHO
from homeward.guidance import Guidance
from homeward.signals.taxonomy import COLD, LABELS, WARM


def _diff(d: Difference | None) -> dict[str, float] | None:
    if d is None:
        return None
    return {"before": round(d.a_mean, 4), "after": round(d.b_mean, 4), "difference": round(d.diff, 4),
            "ci95": [round(d.low, 4), round(d.high, 4)], "cohens_d": round(d.cohens_d, 3), "n": d.n_b, "n_baseline": d.n_a}


def _change_evidence(a: Analysis, c: Any) -> list[str]:
    """The person's warm (or, for a cooling, cold) messages in the first two weeks of the new level."""
    kind = WARM if c.direction == "warmer" else COLD
    end = c.week + timedelta(days=14)
    return [m.id for m in a.messages if m.who == c.who and c.week <= m.ts.date() < end and m.labels & kind][:8]


def _reciprocity(a: Analysis, week: Any) -> dict[str, Any] | None:
    r = a.reciprocity.get(week)
    if r is None:
        return None
    return {"messages": r.messages, "starts": r.starts, "words": r.words, "partner_share": r.partner_share}


def contract_json(a: Analysis, g: Guidance) -> dict[str, Any]:
    """Every contract key, plus the deeper findings under their own keys."""
    period = a.period
    weeks = []
    for w in a.weeks:
        weeks.append({
            "week": w.week.isoformat(),
            "messages": dict(w.messages),
            "conversations_started": dict(w.starts),
            "median_reply_minutes": {who: w.median_reply(who) for who in WHO},
            "labels": {who: {k: w.labels[who][k] for k in LABELS if w.labels[who][k]} for who in WHO},
            "words": dict(w.words),
            "calls": dict(w.calls),
            "double_texts": dict(w.double_texts),
            "long_silences": dict(w.long_silences),
            "warmth": {who: (round(v, 4) if (v := w.warmth(who)) is not None else None) for who in WHO},
            "reciprocity": _reciprocity(a, w.week),
            "style_matching": a.style_matching.get(w.week),
            "reply_vs_usual": {who: a.reply_vs_usual.get(who, {}).get(w.week) for who in WHO},
        })
    ap = a.after_pressure
    return {
        "user": a.user,
        "partner": a.partner,
        "period": {"start": period[0].isoformat(), "end": period[1].isoformat()} if period else {"start": None, "end": None},
        "weeks": weeks,
        "initiation_share": {"first_4_weeks": a.initiation("first"), "last_4_weeks": a.initiation("last")},
        "trend_changes": [{"week": c.week.isoformat(), "who": c.who, "direction": c.direction, "p_value": c.p_value,
                           "before": c.before, "after": c.after, "evidence": _change_evidence(a, c)}
                          for c in a.trend_changes],
        "weeks_needed_for_trends": dict(a.weeks_needed),
        "pressure_episodes": [{"start": e.start.isoformat(), "end": e.end.isoformat(), "evidence": e.evidence}
                              for e in a.pressure_episodes],
        "after_pressure": {"n": ap.n, "n_baseline": ap.n_baseline, "median_reply_minutes": ap.median_minutes,
                           "median_reply_minutes_baseline": ap.median_minutes_baseline,
                           "log_reply_delay": _diff(ap.reply_minutes), "words": _diff(ap.words),
                           "cold_rate": _diff(ap.cold_rate), "warm_rate": _diff(ap.warm_rate), "evidence": ap.evidence},
        "pullbacks": [{"who": p.who, "start": p.start.isoformat(), "end": p.end.isoformat(), "evidence": p.evidence}
                      for p in a.pullbacks],
        "homecoming": {"first_raised_by": a.homecoming.first_raised_by,
                       "date": a.homecoming.date.isoformat() if a.homecoming.date else None,
                       "user_raised_since": a.homecoming.user_since, "partner_raised_since": a.homecoming.partner_since,
                       "partner_first_date": a.homecoming.partner_first.isoformat() if a.homecoming.partner_first else None,
                       "partner_first_message": a.homecoming.partner_first_id,
                       "evidence": a.homecoming.evidence},
        "problem_talk": [{"message": p.message_id, "week": p.week.isoformat(), "reply": p.reply_id, "outcome": p.outcome}
                         for p in a.problem_talk],
        "experiments": [{"name": r.experiment.name, "start": r.experiment.start.isoformat(),
                         "end": r.experiment.end.isoformat() if r.experiment.end else None,
                         "partner_warm_rate": _diff(r.warm_rate), "partner_cold_rate": _diff(r.cold_rate),
                         "evidence": r.evidence} for r in a.experiments],
        "what_works": [{"behaviour": c.kind, "n": c.n, "partner_warm_rate": _diff(c.warm_rate),
                        "partner_cold_rate": _diff(c.cold_rate), "log_reply_delay": _diff(c.reply_minutes),
                        "median_reply_minutes": c.median_minutes,
                        "median_reply_minutes_baseline": c.median_minutes_baseline,
                        "works": bool(c.warm_rate and c.warm_rate.clear and c.warm_rate.diff > 0),
                        "evidence": c.evidence} for c in a.what_works],
        "ideas": [{"idea": i.idea, "why": i.why, "evidence": i.evidence, "phrase": i.phrase, "mentions": i.mentions,
                   "warm": i.warm, "rate": i.rate, "baseline": i.baseline, "ci95": [i.low, i.high]}
                  for i in (a.ideas if not g.safety.concern else [])],  # no reconciliation ideas past the safety gate
        "style_matching": {"recent_weeks": [d.isoformat() for d in a.style_trend.weeks] if a.style_trend else [],
                           "recent_vs_earlier": _diff(a.style_trend.recent) if a.style_trend else None},
        "guidance": [{"id": i.id, "text": i.text, "evidence": i.evidence, "sureness": i.sureness, "why": i.why}
                     for i in g.items],
        "safety": {"concern": g.safety.concern, "evidence": g.safety.evidence, "resources": g.safety.resources,
                   "kinds": g.safety.kinds},
    }
