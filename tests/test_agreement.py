"""The double-labelling sample and the agreement figures (tools/agreement_sample.py, benchmarks/agreement.py)."""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import numpy as np
import pytest

from homeward.signals.taxonomy import LABELS

ROOT = Path(__file__).resolve().parent.parent


def load(path: Path):
    sys.path.insert(0, str(path.parent))
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[path.stem] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


sampler = load(ROOT / "tools" / "agreement_sample.py")
agreement = load(ROOT / "benchmarks" / "agreement.py")


def fake_corpus() -> dict[str, list[dict]]:
    return {name: [{"id": f"{name}{i}", "text": f"{name} {i}", "context": None, "labels": [name]} for i in range(n)]
            for name, n in (("approach", 300), ("friction", 200), ("neutral", 500))}


def test_draw_is_seeded_proportional_and_unlabelled() -> None:
    rows = sampler.draw(fake_corpus(), size=100, seed=3)
    assert rows == sampler.draw(fake_corpus(), size=100, seed=3)
    assert rows != sampler.draw(fake_corpus(), size=100, seed=4)
    assert len(rows) == len({r["id"] for r in rows}) == 100
    assert all(set(r) == {"id", "text", "context"} for r in rows)
    by_file = {name: sum(r["id"].startswith(name) for r in rows) for name in ("approach", "friction", "neutral")}
    assert by_file == {"approach": 30, "friction": 20, "neutral": 50}
    files = [r["id"].rstrip("0123456789") for r in rows]
    assert files != sorted(files)  # shuffled: the order does not give the file away


def test_ids_hide_the_file_and_follow_text_and_context() -> None:
    a = sampler.message_id("ok", "dinner friday?")
    assert a == sampler.message_id("ok", "dinner friday?") and a != sampler.message_id("ok", None)
    assert len(a) == 12 and all(ch in "0123456789abcdef" for ch in a)


@pytest.mark.parametrize(("table", "expected"), [
    ((20, 0, 0, 80), 1.0),  # perfect agreement
    ((0, 10, 10, 80), -1 / 9),  # never agree on a positive
    ((10, 10, 10, 70), 0.375),  # po 0.8, pe 0.68
])
def test_kappa_known_values(table: tuple[int, int, int, int], expected: float) -> None:
    assert agreement.kappa(*table) == pytest.approx(expected)


def test_kappa_undefined_when_chance_agreement_is_total() -> None:
    assert agreement.kappa(0, 0, 0, 50) is None
    assert agreement.Pair(0, 0, 0, 50).positive_agreement is None


def test_render_is_deterministic_and_lists_disagreements() -> None:
    rows = [{"id": str(i), "text": f"message {i}", "context": "ctx" if i == 1 else None} for i in range(4)]
    first = np.zeros((4, len(LABELS)), dtype=bool)
    second = first.copy()
    first[0, LABELS.index("curt")] = second[0, LABELS.index("curt")] = True
    first[1, LABELS.index("contempt")] = True
    second[1, LABELS.index("defensive")] = True
    doc = agreement.render(rows, first, second, [])
    assert doc == agreement.render(rows, first, second, [])
    assert "| message 1 ← *ctx* | contempt | defensive |" in doc
    assert "message 0" not in doc.split("## Every disagreement")[1]
    assert "| `curt` | 1 | 1 | 1 | 1.00 |" in doc
    assert "Same label set on 3 of 4 messages" in doc


def test_second_annotation_covers_the_sample_with_taxonomy_labels() -> None:
    sample = [json.loads(line) for line in (ROOT / "data/agreement/sample.jsonl").read_text(encoding="utf-8").splitlines()]
    second = [json.loads(line) for line in
              (ROOT / "data/agreement/second_annotator.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in sample] == [r["id"] for r in second]
    assert all(set(r) == {"id", "text", "context"} for r in sample)
    assert all(sampler.message_id(r["text"], r["context"]) == r["id"] for r in sample)
    assert all(set(r["labels"]) <= set(LABELS) and r["labels"] == sorted(r["labels"]) for r in second)
