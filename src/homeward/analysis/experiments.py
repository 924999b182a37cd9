"""Strategy experiments and what works: the partner's signals before and after the user's choices."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from homeward.analysis.episodes import (HUMOUR, RESPONSE_WINDOW, Comparison, Response, answer_columns, answered_by_user,
                                        compare_after, compare_answers, compare_columns, everyday_answered, hits,
                                        response_columns)
from homeward.analysis.stats import Difference, bootstrap_difference
from homeward.analysis.tables import Contact, Experiment, Msg
from homeward.signals.taxonomy import COLD, WARM

BEHAVIOURS = ("nostalgia", "future", "interest", "affection", "repair")
WINDOW = timedelta(weeks=6)


@dataclass
class ExperimentResult:
    """The partner's daily warmth in the weeks before an experiment against the weeks during it."""

    experiment: Experiment
    warm_rate: Difference | None
    cold_rate: Difference | None
    evidence: list[str]


def _daily(messages: Sequence[Msg], start, end) -> tuple[list[float], list[float], list[str]]:  # type: ignore[no-untyped-def]
    days: dict[object, list[Msg]] = {}
    for m in messages:
        if m.who == "partner" and start <= m.ts.date() < end:
            days.setdefault(m.ts.date(), []).append(m)
    warm = [sum(bool(m.labels & WARM) for m in ms) / len(ms) for ms in days.values()]
    cold = [sum(bool(m.labels & COLD) for m in ms) / len(ms) for ms in days.values()]
    ids = [m.id for ms in days.values() for m in ms if m.labels & WARM][:8]
    return warm, cold, ids


def evaluate(messages: Sequence[Msg], experiment: Experiment, *, seed: int = 0) -> ExperimentResult:
    """Compare the partner's per-day warm and cold rates in the 6 weeks before and during the experiment."""
    last = max((m.ts.date() for m in messages), default=experiment.start)
    end = min(experiment.end or last + timedelta(days=1), experiment.start + WINDOW)
    w0, c0, _ = _daily(messages, experiment.start - WINDOW, experiment.start)
    w1, c1, ids = _daily(messages, experiment.start, end)
    return ExperimentResult(experiment, bootstrap_difference(w0, w1, seed=seed), bootstrap_difference(c0, c1, seed=seed),
                            ids)


def is_humour(m: Msg) -> bool:
    """A laugh or joke marker in the message ("haha", "lol", a laughing emoji)."""
    return bool(m.text) and HUMOUR.search(m.text) is not None


def after_calls(messages: Sequence[Msg], contacts: Sequence[Contact]) -> list[Response]:
    """For each answered call or visit the user made, the partner's first message after it within 48 hours.

    The answer's id is the partner's message; ``to_id`` is the call or journal id, so evidence points at both.
    """
    partner = [m for m in messages if m.who == "partner"]
    out: list[Response] = []
    i = 0
    for c in sorted((c for c in contacts if c.who == "user" and c.status == "answered"), key=lambda c: c.ts):
        while i < len(partner) and partner[i].ts <= c.ts:
            i += 1
        if i < len(partner) and partner[i].ts - c.ts <= RESPONSE_WINDOW:
            m = partner[i]
            out.append(Response(c.id, m.id, (m.ts - c.ts).total_seconds() / 60, m.words, bool(m.labels & WARM),
                                bool(m.labels & COLD)))
    return out


def what_works(messages: Sequence[Msg], contacts: Sequence[Contact] = (), *, seed: int = 0) -> list[Comparison]:
    """For each warm behaviour of the user (labels, humour, calls and visits), how the partner answered it compared
    with the user's everyday messages.

    Every group is a set of indices into the answers' columns (``episodes.answers``), so each comparison is
    a few numpy steps rather than a pass over every message.
    """
    out = [compare_after(messages, label, seed=seed) for label in BEHAVIOURS]
    # everyday messages without a laugh in them, so that humour is not compared with itself; the laughs are
    # found in one pass over all texts (``episodes.hits``), as ``is_humour`` reads them one by one
    done, everyday, funny = answered_by_user(messages), everyday_answered(messages), hits(messages, HUMOUR)
    neutral = everyday[~funny[everyday]]
    out.append(compare_answers("humour", messages, done[funny[done]], neutral, seed=seed))
    calls = after_calls(messages, contacts)
    # evidence is message ids: the partner's answers (a call itself is no message)
    out.append(compare_columns("calls", response_columns(calls), answer_columns(messages, neutral),
                               [r.reply_id for r in calls][:10], seed=seed))
    return out
