"""The signal reader: ``load_classifier()`` gives the shipped model, with the same shape for every model.

A classifier has ``version``, ``labels``, ``thresholds`` (per-label decision thresholds),
``predict_proba(texts, contexts) -> list[dict[label, probability]]`` and ``predict``.
"""
from __future__ import annotations

from typing import Protocol, Sequence

from homeward.signals.taxonomy import LABELS

__all__ = ["Classifier", "load_classifier", "language_note", "LABELS", "MODELS"]

NOT_ENGLISH = "not English: left unlabelled"

MODELS = ("default", "lexicon", "embeddings")


class Classifier(Protocol):
    version: str
    labels: tuple[str, ...]

    def predict_proba(self, texts: Sequence[str], contexts: Sequence[str | None]) -> list[dict[str, float]]: ...

    def predict(self, texts: Sequence[str], contexts: Sequence[str | None]) -> list[list[str]]: ...


def load_classifier(name: str = "default") -> Classifier:
    """The named model: ``default`` is the trained linear model shipped in the package (the lexicon if absent);
    ``embeddings`` needs the optional extra ``homeward[embeddings]`` (a one-line HomewardError without it)."""
    from homeward.errors import HomewardError

    if name == "lexicon":
        from homeward.signals.lexicon import LexiconClassifier

        return LexiconClassifier()
    if name == "default":
        try:
            from homeward.signals.classifier import load_default

            return load_default()
        except (FileNotFoundError, ImportError):
            from homeward.signals.lexicon import LexiconClassifier

            return LexiconClassifier()
    if name == "embeddings":  # optional extra homeward[embeddings]; torch is imported only on this path
        from homeward.signals.embeddings import load_embeddings

        return load_embeddings()
    raise HomewardError(f"--model {name}: unknown model (choose from {', '.join(MODELS)})")


def thresholds_of(model: Classifier) -> dict[str, float]:
    """Per-label decision thresholds (0.5 where the model has none)."""
    return dict(getattr(model, "thresholds", {}) or {label: 0.5 for label in LABELS})


def language_note(text: str, labels: Sequence[str]) -> str | None:
    """A note for a message the reader left unlabelled because it does not look English, else None.

    Why: the model was trained on English only; a label on another language would be a guess, so
    the message stays unlabelled and the output says why (rather than passing as neutral).
    """
    from homeward.signals.features import looks_english

    return NOT_ENGLISH if not labels and not looks_english(text) else None
