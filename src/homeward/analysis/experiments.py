"""Strategy experiments and what works: the partner's signals before and after the user's choices."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from homeward.analysis.episodes import Comparison, compare_after
from homeward.analysis.stats import Difference, bootstrap_difference
from homeward.analysis.tables import Experiment, Msg
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


def what_works(messages: Sequence[Msg], *, seed: int = 0) -> list[Comparison]:
    """For each warm behaviour of the user, how the partner answered it compared with neutral messages."""
    return [compare_after(messages, label, seed=seed) for label in BEHAVIOURS]
