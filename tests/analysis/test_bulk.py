"""bulk.matching must give exactly the per-text loop's answer, on the patterns analysis uses and on edge cases."""
from __future__ import annotations

import random
import re

import pytest

from homeward.analysis import episodes
from homeward.analysis.bulk import joinable, matching
from homeward.guidance import safety

PHRASES = ["ok", "lol", "😂", "come home", "coming home from work", "I need space", "please don't push me",
           "or else", "I'll kill you", "I'll kill you for forgetting", "send me your location", "stay over", "for us",
           "back together", "you are coming back", "you are coming back from", "", "\n", "home", "kill", "you"]


def texts(seed: int, n: int = 400) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(rng.choice(PHRASES) for _ in range(rng.randint(0, 5))) for _ in range(n)]


def naive(pattern: re.Pattern[str], items: list[str]) -> list[int]:
    return [i for i, t in enumerate(items) if pattern.search(t)]


PATTERNS = [episodes.HOMECOMING, safety.JOKING, *safety.COMPILED.values()] + [
    getattr(episodes, name) for name in ("PUSHED", "PRESSURE") if hasattr(episodes, name)]


@pytest.mark.parametrize("seed", range(5))
def test_matches_the_per_text_loop_on_the_patterns_analysis_uses(seed: int) -> None:
    items = texts(seed)
    for pattern in PATTERNS:
        assert matching(pattern, items) == naive(pattern, items), pattern.pattern[:60]


@pytest.mark.parametrize("source", [r"^ok", r"ok$", r"(?<=lol )you", r"home(?!.)", r"home(?![^x])", r"kill\W", r"\x00",
                                    r"stay over.*for us", r"\bhome\b", r"you(?!\s+are)", r""])
def test_edge_patterns_agree_whichever_path_they_take(source: str) -> None:
    pattern = re.compile(source)
    for seed in range(3):
        items = texts(seed)
        assert matching(pattern, items) == naive(pattern, items)


def test_context_sensitive_patterns_take_the_per_text_loop() -> None:
    assert not joinable(re.compile(r"^ok"))
    assert not joinable(re.compile(r"(?<=a)b"))
    assert not joinable(re.compile(r"home(?!.)"))
    assert joinable(re.compile(r"\bhome\b(?!\s+from)"))
    assert matching(re.compile("x"), []) == []
