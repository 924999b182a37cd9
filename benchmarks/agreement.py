"""Inter-annotator agreement: the corpus labels against a second, independent labelling of a fixed sample.

    .venv/bin/python benchmarks/agreement.py [--check]

Reads data/agreement/sample.jsonl (drawn by tools/agreement_sample.py), the second annotator's
labels (data/agreement/second_annotator.jsonl) and the corpus's own labels for the same messages
(joined by id, a hash of text and context), and writes docs/agreement.md: per label Cohen's kappa
(with a bootstrap 95 % interval), positive agreement (the F1 of one annotator against the other)
and support, then the overall figures and every disagreement. The output depends only on those
files (fixed bootstrap seed, sorted output), so running it twice writes the same bytes; ``--check``
exits 1 if docs/agreement.md is not what this would write.
"""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tools"))
from agreement_sample import message_id, read_corpus  # noqa: E402

from homeward.signals.taxonomy import LABELS  # noqa: E402

SAMPLE = ROOT / "data" / "agreement" / "sample.jsonl"
SECOND = ROOT / "data" / "agreement" / "second_annotator.jsonl"
DOC = ROOT / "docs" / "agreement.md"
BOOTSTRAP = 2000
SEED = 0


@dataclass(frozen=True)
class Pair:
    """One label's 2×2 table: both, corpus only, second only, neither."""

    both: int
    first_only: int
    second_only: int
    neither: int

    @property
    def n(self) -> int:
        return self.both + self.first_only + self.second_only + self.neither

    @property
    def kappa(self) -> float | None:
        return kappa(self.both, self.first_only, self.second_only, self.neither)

    @property
    def positive_agreement(self) -> float | None:
        """2a / (2a + b + c): the F1 of either annotator scored against the other."""
        denom = 2 * self.both + self.first_only + self.second_only
        return 2 * self.both / denom if denom else None


def kappa(a: float, b: float, c: float, d: float) -> float | None:
    """Cohen's kappa of a 2×2 table (a both, b first only, c second only, d neither); None when chance agreement is 1."""
    n = a + b + c + d
    if not n:
        return None
    po = (a + d) / n
    pe = ((a + b) * (a + c) + (c + d) * (b + d)) / (n * n)
    return None if pe >= 1 else (po - pe) / (1 - pe)


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def load() -> tuple[list[dict], np.ndarray, np.ndarray, list[str]]:
    """The sample rows found in the corpus, the two label matrices (n × 16, bool) and the ids missing from the corpus."""
    sample = read_jsonl(SAMPLE)
    second = {r["id"]: set(r["labels"]) for r in read_jsonl(SECOND)}
    corpus = {r["id"]: set(r["labels"]) for rows in read_corpus().values() for r in rows}
    unknown = sorted(set(LABELS).union(*second.values()) - set(LABELS))
    if unknown:
        raise SystemExit(f"{SECOND}: labels outside the taxonomy: {', '.join(unknown)}")
    rows, gone = [], []
    for r in sample:
        if message_id(r["text"], r["context"]) != r["id"]:
            raise SystemExit(f"{SAMPLE}: id {r['id']} does not match its text")
        if r["id"] not in second:
            raise SystemExit(f"{SECOND}: no labels for sample id {r['id']}")
        (rows if r["id"] in corpus else gone).append(r if r["id"] in corpus else r["id"])
    first = np.array([[label in corpus[r["id"]] for label in LABELS] for r in rows], dtype=bool)
    sec = np.array([[label in second[r["id"]] for label in LABELS] for r in rows], dtype=bool)
    return rows, first, sec, gone


def table(first: np.ndarray, second: np.ndarray) -> Pair:
    return Pair(int((first & second).sum()), int((first & ~second).sum()), int((~first & second).sum()),
                int((~first & ~second).sum()))


def kappa_interval(first: np.ndarray, second: np.ndarray, rng: np.random.Generator) -> tuple[float, float] | None:
    """A percentile bootstrap 95 % interval for one label's kappa (resampling messages)."""
    n = len(first)
    idx = rng.integers(0, n, size=(BOOTSTRAP, n))
    f, s = first[idx], second[idx]
    a = (f & s).sum(1).astype(float)
    b = (f & ~s).sum(1).astype(float)
    c = (~f & s).sum(1).astype(float)
    d = n - a - b - c
    po = (a + d) / n
    pe = ((a + b) * (a + c) + (c + d) * (b + d)) / (n * n)
    ok = pe < 1
    if not ok.any():
        return None
    k = (po[ok] - pe[ok]) / (1 - pe[ok])
    return float(np.percentile(k, 2.5)), float(np.percentile(k, 97.5))


def fmt(x: float | None) -> str:
    return "–" if x is None else f"{x:.2f}"


def render(rows: list[dict], first: np.ndarray, second: np.ndarray, gone: list[str]) -> str:
    rng = np.random.default_rng(SEED)
    n = len(rows)
    lines = ["| label | corpus + | second + | both | kappa | 95 % interval | positive agreement (F1) |",
             "|---|---:|---:|---:|---:|---|---:|"]
    kappas, f1s = [], []
    for j, label in enumerate(LABELS):
        p = table(first[:, j], second[:, j])
        ci = kappa_interval(first[:, j], second[:, j], rng)
        kappas.append(p.kappa)
        f1s.append(p.positive_agreement)
        interval = "–" if ci is None else f"{ci[0]:.2f} – {ci[1]:.2f}"
        lines.append(f"| `{label}` | {p.both + p.first_only} | {p.both + p.second_only} | {p.both} | {fmt(p.kappa)} | "
                     f"{interval} | {fmt(p.positive_agreement)} |")
    pooled = table(first.ravel(), second.ravel())
    valid_k = [k for k in kappas if k is not None]
    valid_f = [f for f in f1s if f is not None]
    exact = int((first == second).all(1).sum())
    neutral_first, neutral_second = ~first.any(1), ~second.any(1)
    neutral = table(neutral_first, neutral_second)
    lines += [f"| **macro mean** | {int(first.sum())} | {int(second.sum())} | {pooled.both} | "
              f"**{fmt(sum(valid_k) / len(valid_k) if valid_k else None)}** | | "
              f"**{fmt(sum(valid_f) / len(valid_f) if valid_f else None)}** |",
              f"| pooled over labels (micro) | | | | {fmt(pooled.kappa)} | | {fmt(pooled.positive_agreement)} |"]

    lowest = sorted((k, label) for k, label in zip(kappas, LABELS) if k is not None)[:3]
    disagreements = []
    for i, r in enumerate(rows):
        a = [label for j, label in enumerate(LABELS) if first[i, j]]
        b = [label for j, label in enumerate(LABELS) if second[i, j]]
        if a != b:
            ctx = f" ← *{r['context']}*" if r["context"] else ""
            disagreements.append((r["text"], ctx, a, b))
    disagreements.sort(key=lambda x: (x[0].lower(), x[1]))
    dis_lines = [f"| {text}{ctx} | {', '.join(a) or 'neutral'} | {', '.join(b) or 'neutral'} |".replace("\n", " ")
                 for text, ctx, a, b in disagreements]

    return "\n".join([
        "# Annotation agreement",
        "",
        "How far two readings of the same messages agree, label by label. Regenerate with",
        "`.venv/bin/python benchmarks/agreement.py` (the output is the same on every run).",
        "",
        "## Method",
        "",
        f"- **Sample.** {n} messages drawn from `data/corpus/` by `tools/agreement_sample.py` (seed 20261123),",
        "  stratified over the three corpus files of the time (approach, friction, neutral; files added",
        "  later are not in it) in proportion to their sizes, shuffled, and written to",
        "  `data/agreement/sample.jsonl` with an opaque id, the text and the context only — no labels and no",
        "  file name." + (f" {len(gone)} sampled messages are no longer in the corpus and are left out." if gone else ""),
        "- **First annotator: the corpus labels**, written by the engineer who built the model. The corpus",
        "  is synthetic and, as far as we know, LLM-assisted: its messages read as written for the labels",
        "  they carry (plus neutral and hard-negative messages), not sampled from real chats.",
        "- **Second annotator.** An LLM-based engineering agent of the same organisation, working from",
        "  `docs/annotation.md` and `data/agreement/sample.jsonl` alone, labelled the 400 messages in one pass",
        "  (`data/agreement/second_annotator.jsonl`) without seeing the corpus labels of the sampled messages,",
        "  and changed no label after the figures below were computed. The guidelines it used are",
        "  `docs/annotation.md` without its final section (\"Decided after the agreement round\", which",
        "  settles the disagreements listed at the end of this page) and the three \"Does not\" lines of",
        "  `interest`, `future` and `barrier` that were brought in line with it.",
        "- **Not independent in the usual sense.** The same organisation wrote both labellings; the second",
        "  annotator wrote `docs/annotation.md` just before, from the corpus's *other* messages (the sampled",
        "  ones were filtered out of that reading), so the guidelines carry the corpus's conventions; both",
        "  annotators are language models, which share blind spots; and the corpus messages were written to",
        "  show their labels, so they are clearer than real messages. These figures are therefore an upper",
        "  bound on how well two people would agree on real traffic. No human has labelled the sample yet:",
        "  a human second pass with the same files is the next step.",
        "- **Measures.** Per label, Cohen's kappa (agreement beyond chance on present/absent over all",
        f"  {n} messages) with a percentile bootstrap 95 % interval ({BOOTSTRAP} resamples of messages,",
        "  seed 0), and positive agreement 2·both / (corpus + second), which is the F1 of either annotator",
        "  scored against the other and ignores the many messages where both say \"absent\". With 15–40",
        "  positives per label the intervals are wide: read differences between labels below about 0.15",
        "  as noise.",
        "",
        "## Per label",
        "",
        *lines,
        "",
        f"- Same label set on {exact} of {n} messages ({exact / n:.0%}).",
        f"- Neutral (no label): corpus {int(neutral_first.sum())}, second {int(neutral_second.sum())}, both "
        f"{neutral.both}; kappa on neutral vs not {fmt(neutral.kappa)}.",
        "- Lowest kappa: " + ", ".join(f"`{label}` ({k:.2f})" for k, label in lowest) + ".",
        "",
        "## Every disagreement",
        "",
        "Text (← *context*), the corpus labels, the second annotator's labels. These are the lines to",
        "discuss when refining `docs/annotation.md` or fixing the corpus.",
        "",
        "| message | corpus | second |",
        "|---|---|---|",
        *dis_lines,
        "",
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if docs/agreement.md is out of date")
    args = parser.parse_args()
    text = render(*load())
    if args.check:
        current = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
        if current != text:
            raise SystemExit(f"{DOC.relative_to(ROOT)} is out of date: run benchmarks/agreement.py")
        return
    DOC.write_text(text, encoding="utf-8")
    print(f"{DOC.relative_to(ROOT)} written")


if __name__ == "__main__":
    main()
