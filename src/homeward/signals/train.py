"""``make model``: fit the default model on the train split, tune thresholds on dev, save the artefact.

Reproducible: the split is fixed by hashing (corpus.py) and liblinear is deterministic, so the
same corpus gives the same artefact. The test split is not read here.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from homeward.signals.classifier import ARTEFACT, LinearSignalModel
from homeward.signals.corpus import load

REPO = Path(__file__).resolve().parents[3]


def train(corpus: Path, out: Path, *, C: float = 4.0) -> LinearSignalModel:
    """Fit on train, tune on dev, save to ``out``; returns the model."""
    data = load(corpus)
    tr, dev = data["train"], data["dev"]
    model = LinearSignalModel(C=C).fit([e.text for e in tr], [e.context for e in tr], [e.labels for e in tr])
    model.tune_thresholds([e.text for e in dev], [e.context for e in dev], [e.labels for e in dev])
    out.parent.mkdir(parents=True, exist_ok=True)
    model.save(out)
    return model


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REPO / "data" / "corpus")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "model" / ARTEFACT)
    parser.add_argument("--C", type=float, default=4.0)
    args = parser.parse_args()
    model = train(args.corpus, args.out, C=args.C)
    print(f"saved {args.out} ({args.out.stat().st_size / 1e6:.1f} MB, {len(model.vocabulary_)} features)")


if __name__ == "__main__":
    main()
