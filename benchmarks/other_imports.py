"""Import speed of the other big formats: SMS Backup & Restore XML and Telegram ``result.json``.

    python benchmarks/other_imports.py [--messages 1000000] [--no-write]

For each format and size a two-person export is generated into a temporary folder, then, each in a
fresh interpreter so its peak memory (ru_maxrss) is its own:

* ``parse``: the importer's ``parse`` consumed to the end;
* ``parse+store``: ``open_export`` -> ``store.messages.import_records`` into a fresh SQLite file, one
  transaction inside ``bulk_write`` (what ``homeward import`` does before labelling).

Each child runs under an address-space limit (``--memory-limit-gb``, 8 by default) so a format that
reads its file whole fails on its own instead of starving a shared machine; the table then says so.
Writes the ``import-other`` section of benchmarks/README.md.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from xml.sax.saxutils import quoteattr

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from _common import machine, write_section  # noqa: E402
from whatsapp_import import WORDS  # noqa: E402

START = datetime(2016, 1, 1, 8, 0, tzinfo=timezone.utc)


def generate_sms(path: Path, n: int, seed: int = 7) -> None:
    """An SMS Backup & Restore ``sms-*.xml`` of ``n`` texts with one contact, one element per line."""
    rng = random.Random(seed)
    ts = START
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n"
                 "<!--File Created By SMS Backup & Restore v10.18.002 on 01/01/2026 08:00:00-->\n"
                 f'<smses count="{n}" backup_set="bench" backup_date="1767254400000" type="full">\n')
        for _ in range(n):
            ts += timedelta(seconds=rng.randint(5, 600))
            text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 8)))
            if rng.random() < 0.1:
                text += "\n" + " ".join(rng.choice(WORDS) for _ in range(3))
            kind = 2 if rng.random() < 0.5 else 1
            millis = int(ts.timestamp() * 1000)
            body = quoteattr(text).replace("\n", "&#10;")
            fh.write(f'  <sms protocol="0" address="+447700900123" date="{millis}" type="{kind}" subject="null" '
                     f'body={body} toa="null" sc_toa="null" service_center="null" read="1" status="-1" locked="0" '
                     f'date_sent="{millis - 1000 if kind == 1 else 0}" sub_id="1" '
                     f'readable_date="{ts:%d %b %Y %H:%M:%S}" contact_name="Jordan" />\n')
        fh.write("</smses>\n")


def generate_telegram(path: Path, n: int, seed: int = 7) -> None:
    """A Telegram Desktop single-chat ``result.json`` of ``n`` messages (some formatted, some photos)."""
    rng = random.Random(seed)
    ts = START
    with open(path, "w", encoding="utf-8") as fh:
        fh.write('{\n "name": "Jordan",\n "type": "personal_chat",\n "id": 4815162342,\n "messages": [')
        for i in range(n):
            ts += timedelta(seconds=rng.randint(5, 600))
            text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 8)))
            mine = rng.random() < 0.5
            msg: dict[str, object] = {
                "id": i + 1, "type": "message", "date": ts.strftime("%Y-%m-%dT%H:%M:%S"),
                "date_unixtime": str(int(ts.timestamp())), "from": "Alex" if mine else "Jordan",
                "from_id": "user1234567" if mine else "user4815162342"}
            r = rng.random()
            if r < 0.03:
                msg.update(photo="(File not included. Change data exporting settings to download.)",
                           width=1280, height=960, text="", text_entities=[])
            elif r < 0.1:
                msg.update(text=["see ", {"type": "bold", "text": text}],
                           text_entities=[{"type": "plain", "text": "see "}, {"type": "bold", "text": text}])
            else:
                msg.update(text=text, text_entities=[{"type": "plain", "text": text}])
            fh.write(("\n  " if i == 0 else ",\n  ") + json.dumps(msg, ensure_ascii=False))
        fh.write("\n ]\n}\n")


FORMATS: dict[str, tuple[str, Callable[[Path, int], None], str | None]] = {
    # name: (file name, generator, --me)
    "sms": ("sms-20260101080000.xml", generate_sms, None),  # the export marks the user's own texts
    "telegram": ("result.json", generate_telegram, "Alex"),
}

STAGE = r"""
import json, resource, sys, time
from pathlib import Path
from zoneinfo import ZoneInfo
limit = int(float(sys.argv[5]) * 2**30)
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
stage, path, db, me = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4] or None
tz = ZoneInfo("UTC")
from homeward.ingest import detect_format, open_export
from homeward.store.db import bulk_write, connect, transaction
from homeward.store.messages import import_records
t, cpu = time.perf_counter(), time.process_time()  # module imports excluded, as in whatsapp_import.py
if stage == "parse":
    n = sum(1 for _ in detect_format(path).parse(path, tz=tz))
else:
    conn = connect(db)
    with bulk_write(conn), transaction(conn), open_export(path, tz=tz) as ex:
        r = import_records(conn, ex.records, fmt=ex.format, path=str(path), me=me)
    n = r.seen + r.calls_seen
print(json.dumps({"n": n, "seconds": time.perf_counter() - t, "cpu": time.process_time() - cpu,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run_stage(stage: str, path: Path, db: Path, me: str | None, limit_gb: float) -> dict[str, float] | str:
    """One stage in a fresh interpreter: its figures, or why it failed (e.g. over the memory limit)."""
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    out = subprocess.run([sys.executable, "-c", STAGE, stage, str(path), str(db), me or "", str(limit_gb)],
                         capture_output=True, text=True)
    if out.returncode != 0:
        last = (out.stderr.strip().splitlines() or ["no output"])[-1]
        return f"failed: {last[:120]}"
    return dict(json.loads(out.stdout))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, nargs="+", default=[1_000_000])
    parser.add_argument("--formats", nargs="+", choices=sorted(FORMATS), default=sorted(FORMATS))
    parser.add_argument("--memory-limit-gb", type=float, default=8.0)
    parser.add_argument("--no-write", action="store_true", help="print only; leave benchmarks/README.md alone")
    args = parser.parse_args()
    table = ["| format | messages | file MB | stage | seconds | msg/s | CPU s | msg/s by CPU | peak MB |",
             "|---|---:|---:|---|---:|---:|---:|---:|---:|"]
    load = [os.getloadavg()[0]]
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in args.formats:
            name, make, me = FORMATS[fmt]
            path, db = Path(tmp, name), Path(tmp, "bench.db")
            for size in args.messages:
                make(path, size)
                mb = path.stat().st_size / 1e6
                for stage in ("parse", "parse+store"):
                    r = run_stage(stage, path, db, me, args.memory_limit_gb)
                    if isinstance(r, str):
                        print(f"{fmt:9s} {size:>9,d}  {stage:12s} {r}", flush=True)
                        table.append(f"| {fmt} | {size:,} | {mb:.0f} | {stage} | {r} | | | | |")
                        continue
                    load.append(os.getloadavg()[0])
                    n, s, cpu = int(r["n"]), float(r["seconds"]), float(r["cpu"])
                    print(f"{fmt:9s} {size:>9,d}  {stage:12s} {s:7.2f} s  {n / s:>9,.0f} msg/s  CPU {cpu:6.2f} s "
                          f"{n / cpu:>9,.0f} msg/s  peak {r['peak_mb']:6.0f} MB", flush=True)
                    table.append(f"| {fmt} | {n:,} | {mb:.0f} | {stage} | {s:.2f} | {n / s:,.0f} | {cpu:.2f} | "
                                 f"{n / cpu:,.0f} | {r['peak_mb']:.0f} |")
            path.unlink()
    if args.no_write:
        return
    write_section("import-other", "\n\n".join([
        f"## SMS Backup & Restore XML and Telegram JSON import ({time.strftime('%Y-%m-%d')})",
        f"Machine: {machine()}. Command: `python benchmarks/other_imports.py --messages "
        f"{' '.join(map(str, args.messages))}`. Generated two-person exports (texts like the WhatsApp "
        "benchmark's); each stage a fresh process under a "
        f"{args.memory_limit_gb:g} GB address-space limit; seconds are wall-clock, CPU s the process's own "
        f"(user + system). Load average (1 min) during the run: {min(load):.1f} to {max(load):.1f} on "
        f"{os.cpu_count()} cores. Both importers stream: the parse peak stays flat whatever the file's size "
        "(Telegram's JSON through ijson's C parser, one message built at a time); the parse+store peak is "
        "mostly SQLite's 256 MB import cache.",
        "\n".join(table),
    ]))


if __name__ == "__main__":
    main()
