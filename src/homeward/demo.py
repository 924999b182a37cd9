"""``make demo``: import the bundled fictional couple (written by us), then write the report.

Alex (the user) and Jordan (the partner) are invented; their story and its truth are in
samples/STORY.md. Run ``python -m homeward.demo --db demo.db --out report.html``.
"""
from __future__ import annotations

import argparse
import json
import sys
from importlib import resources
from pathlib import Path
from zoneinfo import ZoneInfo

from homeward import pipeline
from homeward.errors import HomewardError
from homeward.report.html import render_report
from homeward.store.db import connect, transaction
from homeward.store.journal import add_entry

SAMPLE_TZ = ZoneInfo("Europe/London")
SOURCES = ("whatsapp_android.txt", "sms.xml", "calls.xml")


def run(db: Path, out: Path) -> Path:
    """Import every bundled sample into ``db`` and write the report to ``out``; returns the report path."""
    samples = resources.files("homeward") / "samples"
    conn = connect(db)
    try:
        for name in SOURCES:
            with resources.as_file(samples / name) as path:
                if not path.exists():
                    continue
                result = pipeline.import_file(conn, path, me="Alex", tz=SAMPLE_TZ)
                print(f"imported {name}: {result.added} messages, {result.calls_added} calls", file=sys.stderr)
        journal = samples / "journal.jsonl"
        if journal.is_file():
            with transaction(conn):
                for line in journal.read_text(encoding="utf-8").splitlines():
                    if line.strip():
                        e = json.loads(line)
                        add_entry(conn, kind=e["kind"], when=e["when"], by=e.get("by"), minutes=e.get("minutes"),
                                  text=e.get("text", ""))
        with transaction(conn):
            conn.execute("INSERT INTO experiments (name, start) VALUES ('no pushing', '2025-07-07')")
        a, g = pipeline.analyse(conn)
        out.write_text(render_report(a, g, conn, title="homeward report: the sample couple"), encoding="utf-8")
    finally:
        conn.close()
    return out.resolve()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("demo.db"))
    parser.add_argument("--out", type=Path, default=Path("report.html"))
    args = parser.parse_args()
    try:
        path = run(args.db, args.out)
    except HomewardError as exc:
        sys.exit(f"homeward: {exc}")
    print(f"The sample couple's report is ready: {path}")


if __name__ == "__main__":
    main()
