"""The labels of ../shared/signals.md (taxonomy v1), and nothing else."""
from __future__ import annotations

APPROACH = ("affection", "missing", "nostalgia", "regret", "future", "homecoming", "repair", "interest")
DISTANCE = ("distance", "curt", "barrier")
CONFLICT = ("criticism", "contempt", "defensive")
PACING = ("pressure", "problem_talk")
LABELS: tuple[str, ...] = APPROACH + DISTANCE + CONFLICT + PACING
WARM = frozenset(APPROACH)
COLD = frozenset(DISTANCE + CONFLICT)

# Labels that need the previous message to be read right.
CONTEXT_LABELS = frozenset({"curt", "defensive", "repair"})
