"""``make eval``: score the shipped models on the corpus's test split; print one table, write docs/accuracy.md.

The same corpus and artefact always print the same table. The test split is read only here.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from homeward.signals import load_classifier, thresholds_of
from homeward.signals.augment import texting_variant
from homeward.signals.corpus import Example, load
from homeward.signals.taxonomy import LABELS
from homeward.signals.train import ece

REPO = Path(__file__).resolve().parents[1]


def score(model_name: str, examples: list) -> dict:  # type: ignore[type-arg]
    """Per-label precision, recall, F1, support, ECE; macro-F1; neutral-clean rate; speed."""
    model = load_classifier(model_name)
    th = thresholds_of(model)
    texts, ctxs = [e.text for e in examples], [e.context for e in examples]
    start = time.perf_counter()
    probs = model.predict_proba(texts, ctxs)
    rate = len(texts) / (time.perf_counter() - start)
    rows = {}
    for label in LABELS:
        p = np.array([s[label] for s in probs])
        t = np.array([label in e.labels for e in examples])
        pred = p >= th.get(label, 0.5)
        tp, fp, fn = float((pred & t).sum()), float((pred & ~t).sum()), float((~pred & t).sum())
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        rows[label] = {"precision": prec, "recall": rec, "f1": f1, "support": int(t.sum()), "ece": ece(p, t.astype(float))}
    neutral = [i for i, e in enumerate(examples) if not e.labels]
    clean = sum(1 for i in neutral if not any(v >= th.get(k, 0.5) for k, v in probs[i].items()))
    all_p = np.array([[s[label] for label in LABELS] for s in probs]).ravel()
    all_t = np.array([[label in e.labels for label in LABELS] for e in examples], dtype=float).ravel()
    return {"model": getattr(model, "version", model_name), "labels": rows,
            "macro_f1": float(np.mean([r["f1"] for r in rows.values()])),
            "ece": ece(all_p, all_t), "neutral_clean": clean / len(neutral) if neutral else 0.0,
            "n": len(examples), "rate": rate}


def texting_style(examples: list[Example]) -> list[Example]:
    """The same examples rewritten as hurried texting (lower case, abbreviations, one typo): a rough
    stand-in for messages written by other people, who do not spell like our corpus."""
    return [Example(texting_variant(e.text), e.context, e.labels, e.part) for e in examples]


def table(results: list[dict]) -> str:  # type: ignore[type-arg]
    """The Markdown table printed and written to docs/accuracy.md (speed is left out: it varies)."""
    head = "| label | support | " + " | ".join(f"{r['model']} P | R | F1 | ECE" for r in results) + " |"
    sep = "|---|---:|" + "---:|---:|---:|---:|" * len(results)
    lines = [head, sep]
    for label in LABELS:
        cells = []
        for r in results:
            x = r["labels"][label]
            cells.append(f"{x['precision']:.2f} | {x['recall']:.2f} | {x['f1']:.2f} | {x['ece']:.3f}")
        lines.append(f"| {label} | {results[0]['labels'][label]['support']} | " + " | ".join(cells) + " |")
    lines.append("| **macro-F1** | | " + " | ".join(f"| | **{r['macro_f1']:.3f}** |" for r in results) + " |")
    lines.append("| neutral with no label | | " + " | ".join(f"| | {r['neutral_clean']:.1%} |" for r in results) + " |")
    lines.append("| ECE, all labels pooled | | " + " | ".join(f"| | | {r['ece']:.3f}" for r in results) + " |")
    if all("texting_macro_f1" in r for r in results):
        lines.append("| macro-F1, test rewritten in texting style | | "
                     + " | ".join(f"| | {r['texting_macro_f1']:.3f} |" for r in results) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REPO / "data" / "corpus")
    parser.add_argument("--split", default="test", choices=("dev", "test"))
    parser.add_argument("--write", type=Path, default=REPO / "docs" / "accuracy.md")
    args = parser.parse_args()
    data = load(args.corpus)
    examples = data[args.split]
    results = [score(name, examples) for name in ("default", "lexicon")]
    for r, name in zip(results, ("default", "lexicon")):
        r["texting_macro_f1"] = score(name, texting_style(examples))["macro_f1"]
    out = table(results)
    print(f"{args.split} split: {len(examples)} messages "
          f"(train {len(data['train'])}, dev {len(data['dev'])}, test {len(data['test'])})")
    print(out)
    print("speed: " + ", ".join(f"{r['model']} {r['rate']:,.0f} msg/s" for r in results) + " (varies; not written)")
    if args.split == "test" and args.write:
        intro = args.write.read_text(encoding="utf-8").split("<!-- table -->")[0] if args.write.exists() else ""
        args.write.write_text(f"{intro}<!-- table -->\n{out}\n", encoding="utf-8")


if __name__ == "__main__":
    main()
