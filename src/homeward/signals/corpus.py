"""The labelled corpus (data/corpus/*.jsonl in the repository) and its fixed train/dev/test split.

The split is decided by a hash of each message's normalised text, so it is the same on every
machine and never changes when messages are added: a message's split is a property of its words.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from homeward.signals.taxonomy import LABELS

SPLITS = ("train", "dev", "test")


@dataclass(frozen=True)
class Example:
    """One labelled message."""

    text: str
    context: str | None
    labels: tuple[str, ...]
    part: str


def split_of(text: str) -> str:
    """train (70 %), dev (15 %) or test (15 %), from a hash of the normalised text."""
    key = " ".join(text.lower().split()).encode("utf-8")
    bucket = int(hashlib.sha256(key).hexdigest()[:8], 16) % 100
    return "train" if bucket < 70 else "dev" if bucket < 85 else "test"


def load(folder: Path) -> dict[str, list[Example]]:
    """Every example under ``folder`` (``*.jsonl``, not recursive), grouped by split; duplicates dropped."""
    out: dict[str, list[Example]] = {s: [] for s in SPLITS}
    seen: set[str] = set()
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            key = " ".join(row["text"].lower().split()) + "\x1f" + (row.get("context") or "")
            if key in seen:
                continue
            seen.add(key)
            labels = tuple(sorted(set(row["labels"]) & set(LABELS)))
            out[split_of(row["text"])].append(Example(row["text"], row.get("context"), labels, row.get("part", path.stem)))
    return out
