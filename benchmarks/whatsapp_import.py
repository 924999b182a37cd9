"""Import speed: generate a WhatsApp Android export of N messages, time parse alone and parse + store.

    python benchmarks/whatsapp_import.py [--messages 1000000]

Reports messages/s and peak memory (ru_maxrss of a child process per stage), and appends a row to
benchmarks/README.md. Labelling is timed apart: the target (100,000 msg/s) is for parse + store.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORDS = ("ok", "the kids", "pick up", "at 5", "thanks", "how was work", "miss you", "dinner friday?", "love you",
         "can't talk now", "when are you coming home", "remember the lake", "lol", "😂", "sure", "school run tmrw")


def generate(path: Path, n: int, seed: int = 7) -> None:
    """Write an en-GB Android export of ``n`` messages (10 % multi-line, some media and deletions)."""
    rng = random.Random(seed)
    ts = datetime(2016, 1, 1, 8, 0)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("01/01/2016, 08:00 - Messages and calls are end-to-end encrypted. No one outside of this chat, "
                 "not even WhatsApp, can read or listen to them. Tap to learn more.\n")
        for i in range(n):
            ts += timedelta(seconds=rng.randint(5, 600))
            who = "Alex" if rng.random() < 0.5 else "Jordan"
            r = rng.random()
            text = ("<Media omitted>" if r < 0.03 else "This message was deleted" if r < 0.035 else
                    " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 8))))
            if rng.random() < 0.1:
                text += "\n" + " ".join(rng.choice(WORDS) for _ in range(3))
            fh.write(f"{ts:%d/%m/%Y, %H:%M} - {who}: {text}\n")


STAGE = r"""
import json, resource, sys, time
from pathlib import Path
from zoneinfo import ZoneInfo
stage, path, db = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
t = time.perf_counter()
if stage == "parse":
    from homeward.ingest import whatsapp
    n = sum(1 for _ in whatsapp.parse(path))
elif stage == "store":
    from homeward.ingest import open_export
    from homeward.store.db import connect, transaction
    from homeward.store.messages import import_records
    conn = connect(db)
    with transaction(conn), open_export(path, tz=ZoneInfo("UTC")) as ex:
        n = import_records(conn, ex.records, fmt=ex.format, path=str(path), me="Alex").seen
else:
    from homeward import pipeline
    from homeward.store.db import connect
    conn = connect(db)
    n = pipeline.import_file(conn, path, me="Alex", tz=ZoneInfo("UTC")).seen
dt = time.perf_counter() - t
print(json.dumps({"n": n, "seconds": dt, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run_stage(stage: str, chat: Path, db: Path) -> dict[str, float]:
    """Run one stage in a fresh interpreter so its peak memory is its own."""
    if db.exists():
        for suffix in ("", "-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)
    out = subprocess.run([sys.executable, "-c", STAGE, stage, str(chat), str(db)], capture_output=True, text=True,
                         check=True)
    return json.loads(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        chat = Path(tmp, "WhatsApp Chat with Jordan.txt")
        generate(chat, args.messages)
        size = chat.stat().st_size / 1e6
        rows = []
        for stage in ("parse", "store", "import+label"):
            r = run_stage(stage, chat, Path(tmp, "bench.db"))
            rows.append((stage, r["n"], r["seconds"], r["n"] / r["seconds"], r["peak_mb"]))
            print(f"{stage:13s} {r['n']:>9,d} messages  {r['seconds']:7.2f} s  {r['n'] / r['seconds']:>9,.0f} msg/s  "
                  f"peak {r['peak_mb']:6.0f} MB")
    if not args.no_write:
        machine = f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
        with open(HERE / "README.md", "a", encoding="utf-8") as fh:
            fh.write(f"\n### WhatsApp import, {args.messages:,} messages ({size:.0f} MB), {time.strftime('%Y-%m-%d')}, {machine}\n\n")
            fh.write("| stage | messages | seconds | msg/s | peak MB |\n|---|---:|---:|---:|---:|\n")
            for stage, n, s, rate, mb in rows:
                fh.write(f"| {stage} | {n:,} | {s:.2f} | {rate:,.0f} | {mb:.0f} |\n")


if __name__ == "__main__":
    main()
