"""Texting variants used in training are deterministic and keep the message recognisable."""
from __future__ import annotations

from homeward.signals.augment import texting_variant


def test_variant_is_deterministic() -> None:
    text = "I'm sorry, I know you're tired. Please call me tomorrow."
    assert texting_variant(text) == texting_variant(text)


def test_variant_is_lower_case_and_close_in_length() -> None:
    text = "Thank you for being so patient with me, it means a lot."
    variant = texting_variant(text)
    assert variant == variant.lower()
    assert abs(len(variant) - len(text)) < len(text) // 3


def test_variants_differ_for_most_messages() -> None:
    texts = [f"You were right about the {w}, I'm sorry about yesterday." for w in ("car", "house", "kids", "money", "dog")]
    assert sum(texting_variant(t) != t for t in texts) == len(texts)
