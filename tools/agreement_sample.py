"""Draw the fixed double-labelling sample from the corpus, without its labels, for a second annotator.

Stratified over the corpus files (approach, friction, neutral) in proportion to their sizes, with a
fixed seed, so the same sample comes out on every machine. The files' names and labels are left out
and the order is shuffled: the second annotator sees only an opaque id, the text and the context, and
cannot tell which file a message came from. ``benchmarks/agreement.py`` joins the answers back to the
corpus by id (a hash of text and context), so fixing a corpus label later changes the agreement figures.

    .venv/bin/python tools/agreement_sample.py [--size 400] [--seed 20261123] [--out PATH] [--force]

The sample in data/agreement/ was drawn when the corpus held three files (approach, friction,
neutral); files added since change what a redraw picks, so the tool will not overwrite it without --force.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus"
OUT = ROOT / "data" / "agreement" / "sample.jsonl"
SEED = 20261123
SIZE = 400


def message_id(text: str, context: str | None) -> str:
    """A stable opaque id from the message's text and context (no hint of the file it came from)."""
    return hashlib.sha256(f"{text}\x1f{context or ''}".encode("utf-8")).hexdigest()[:12]


def read_corpus(folder: Path = CORPUS) -> dict[str, list[dict]]:
    """Each corpus file's rows, by file stem, duplicates (same id) kept only the first time they occur."""
    seen: set[str] = set()
    out: dict[str, list[dict]] = {}
    for path in sorted(folder.glob("*.jsonl")):
        rows = out.setdefault(path.stem, [])
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            mid = message_id(row["text"], row.get("context"))
            if mid in seen:
                continue
            seen.add(mid)
            rows.append({"id": mid, "text": row["text"], "context": row.get("context"), "labels": row["labels"]})
    return out


def draw(corpus: dict[str, list[dict]], size: int = SIZE, seed: int = SEED) -> list[dict]:
    """``size`` rows, each file contributing in proportion to its size (largest remainder), shuffled; no labels."""
    total = sum(len(rows) for rows in corpus.values())
    quotas = {name: size * len(rows) / total for name, rows in corpus.items()}
    counts = {name: int(q) for name, q in quotas.items()}
    for name in sorted(quotas, key=lambda n: (counts[n] - quotas[n], n))[: size - sum(counts.values())]:
        counts[name] += 1
    rng = random.Random(seed)
    picked = [row for name in sorted(corpus) for row in rng.sample(corpus[name], counts[name])]
    rng.shuffle(picked)
    return [{"id": r["id"], "text": r["text"], "context": r["context"]} for r in picked]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=SIZE)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--force", action="store_true", help="replace an existing sample (its second labelling no longer matches)")
    args = parser.parse_args()
    if args.out.exists() and not args.force:
        # The sample is drawn once: the corpus grows, so a redraw picks other messages than the ones labelled twice.
        raise SystemExit(f"{args.out}: already drawn (and labelled a second time); pass --force to draw a new one")
    rows = draw(read_corpus(), args.size, args.seed)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(f"{args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}: {len(rows)} messages (seed {args.seed})")


if __name__ == "__main__":
    main()
