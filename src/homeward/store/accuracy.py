"""How often the model agreed with the user's corrections, per label: the only accuracy measured on the user's own messages.

Each correction (one message, one label, present or not) is compared with the model's current
prediction for that message, read from ``labels`` (which holds predictions only; corrections live
apart in ``corrections`` and are never overwritten by re-classification):

- ``+label`` where the model had predicted it, or ``-label`` where it had not: the user confirmed it (agreed);
- ``+label`` where the model had not predicted it: the model missed it (a false negative);
- ``-label`` where the model had predicted it: a false positive.

A user corrects the messages the model got wrong far more often than the ones it got right, so
these figures understate the model's accuracy on all messages; they say where it errs for this user.
Corrections to messages no model has labelled yet are counted apart and left out of the figures.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class LabelAgreement:
    """The corrections of one label, split by what the model had predicted."""

    label: str
    confirmed_present: int = 0  # +label, and the model had it (true positive)
    confirmed_absent: int = 0  # -label, and the model did not have it (true negative)
    missed: int = 0  # +label, and the model did not have it (false negative)
    false_positive: int = 0  # -label, and the model had it

    @property
    def corrections(self) -> int:
        return self.confirmed_present + self.confirmed_absent + self.missed + self.false_positive

    @property
    def agreed(self) -> int:
        return self.confirmed_present + self.confirmed_absent

    @property
    def agreement(self) -> float | None:
        """Share of this label's corrections the model had already got right; None without corrections."""
        return self.agreed / self.corrections if self.corrections else None

    @property
    def precision(self) -> float | None:
        """Of the predictions the user ruled on, the share they kept; None when they ruled on none."""
        ruled = self.confirmed_present + self.false_positive
        return self.confirmed_present / ruled if ruled else None

    @property
    def recall(self) -> float | None:
        """Of the labels the user says apply, the share the model had found; None when they named none."""
        wanted = self.confirmed_present + self.missed
        return self.confirmed_present / wanted if wanted else None


@dataclass(frozen=True)
class Agreement:
    """Every label's agreement, the totals over all labels, and what was left out."""

    labels: tuple[LabelAgreement, ...]
    messages: int  # corrected messages a model has labelled
    unlabelled: int = 0  # corrections to messages no model has labelled yet (left out of the figures)
    models: tuple[str, ...] = field(default=())  # the model versions whose predictions were compared

    @property
    def total(self) -> LabelAgreement:
        """All labels pooled (micro-averaged)."""
        return LabelAgreement("all", *(sum(getattr(a, k) for a in self.labels)
                                       for k in ("confirmed_present", "confirmed_absent", "missed", "false_positive")))

    @property
    def corrections(self) -> int:
        return self.total.corrections


_QUERY = """
SELECT c.label, c.present,
       EXISTS (SELECT 1 FROM labels l WHERE l.message_id = c.message_id AND l.label = c.label) AS predicted,
       count(*)
  FROM corrections c JOIN messages m ON m.id = c.message_id
 WHERE m.model IS NOT NULL
 GROUP BY c.label, c.present, predicted
"""


def agreement(conn: sqlite3.Connection, labels: Sequence[str]) -> Agreement:
    """Compare every stored correction of one of ``labels`` with the model's current prediction (pure query)."""
    known = set(labels)
    counts: dict[str, dict[str, int]] = {label: {} for label in labels}
    for label, present, predicted, n in conn.execute(_QUERY):
        if label not in known:
            continue
        key = ("confirmed_present" if predicted else "missed") if present else ("false_positive" if predicted else "confirmed_absent")
        counts[label][key] = counts[label].get(key, 0) + n
    marks = ",".join("?" * len(labels)) or "NULL"
    messages = conn.execute(
        f"SELECT count(DISTINCT c.message_id) FROM corrections c JOIN messages m ON m.id = c.message_id "
        f"WHERE m.model IS NOT NULL AND c.label IN ({marks})", tuple(labels)).fetchone()[0]
    unlabelled = conn.execute(
        f"SELECT count(*) FROM corrections c JOIN messages m ON m.id = c.message_id "
        f"WHERE m.model IS NULL AND c.label IN ({marks})", tuple(labels)).fetchone()[0]
    models = tuple(r[0] for r in conn.execute(
        "SELECT DISTINCT m.model FROM corrections c JOIN messages m ON m.id = c.message_id "
        "WHERE m.model IS NOT NULL ORDER BY m.model"))
    return Agreement(tuple(LabelAgreement(label, **counts[label]) for label in labels), messages, unlabelled, models)
