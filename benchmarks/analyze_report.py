"""Analyse and report at scale: time ``analyze`` and ``report`` on databases of 10k, 100k and 1M messages.

    python benchmarks/analyze_report.py [--sizes 10000,100000,1000000] [--profile] [--keep DIR] [--no-write]

For each size a WhatsApp export from ``whatsapp_import.generate`` is imported and labelled into a
temporary database (that import is set-up, not measured here; benchmarks/peers.py and
whatsapp_import.py time it). Then, each in a fresh interpreter so its peak memory is its own:

* ``analyze``: ``pipeline.analyse`` (analysis and guidance, what ``homeward analyze`` runs) and,
  apart, building and serialising the contract's ``analyze --json`` object from it;
* ``report``: ``pipeline.analyse`` then ``report.html.render_report`` and writing the file, what
  ``homeward report`` runs; the report's own time is the rendering and writing, given the analysis.

Targets (issue #9) at 1,000,000 messages: analyze under 10 s; report under 5 s and under 5 MB.
``--profile`` adds the top of a cProfile of ``analyze`` at the largest size to the notes.
"""
from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"  # git-ignored: the last run's raw figures
sys.path.insert(0, str(HERE))

from _common import machine, write_section  # noqa: E402
from whatsapp_import import generate  # noqa: E402

BUILD = r"""
import sys
from pathlib import Path
from zoneinfo import ZoneInfo
from homeward import pipeline
from homeward.store.db import connect
conn = connect(Path(sys.argv[2]))
print(pipeline.import_file(conn, Path(sys.argv[1]), me="Alex", tz=ZoneInfo("UTC")).seen)
"""

STAGE = r"""
import json, sys, time
from pathlib import Path
stage, db, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
from homeward import pipeline
from homeward.report.data import contract_json
from homeward.report.html import render_report
from homeward.store.db import connect
conn = connect(db)
result = {}
if stage == "profile":
    import cProfile, io, pstats
    prof = cProfile.Profile()
    prof.enable()
    pipeline.analyse(conn)
    prof.disable()
    text = io.StringIO()
    pstats.Stats(prof, stream=text).sort_stats("cumulative").print_stats(int(sys.argv[4]))
    print(json.dumps({"profile": text.getvalue()}))
    raise SystemExit
t, c = time.perf_counter(), time.process_time()
a, g = pipeline.analyse(conn)
result["analyse"], result["analyse_cpu"] = time.perf_counter() - t, time.process_time() - c
result["messages"] = len(a.messages)
if stage == "analyze":
    t = time.perf_counter()
    text = json.dumps(contract_json(a, g), ensure_ascii=False, indent=1)
    result["json"] = time.perf_counter() - t
    result["json_mb"] = len(text.encode()) / 1e6
else:
    t, c = time.perf_counter(), time.process_time()
    out.write_text(render_report(a, g, conn), encoding="utf-8")
    result["report"], result["report_cpu"] = time.perf_counter() - t, time.process_time() - c
    result["report_mb"] = out.stat().st_size / 1e6
print(json.dumps(result))
"""


# Profiles taken before the speed fixes (kept here as the record the issue asks for; `--profile` prints the
# current one). Same machine, same generated data, cProfile of pipeline.analyse, cumulative seconds.
BEFORE = """\
Before, 100,000 messages, commit 8bde90d (analysis as it stood when issue #9 was picked up): analyse 10.7 s.
   ncalls  tottime  cumtime  function
       24    5.263    5.679  analysis/stats.py:29(bootstrap_difference)   <- rounds x n index matrix per group
        6    0.008    7.092  analysis/episodes.py:92(compare_after)
        7    0.522    1.264  analysis/episodes.py:60(responses)           <- recomputed by every caller
        1    0.084    0.966  guidance/safety.py:76(scan)
   338823    0.878    0.878  {method 'search' of 're.Pattern' objects}
   448390    0.538    0.692  analysis/tables.py:24(words)                 <- text.split() on every access
        1    0.138    0.621  analysis/__init__.py:55(load_tables)
        1    0.148    0.476  analysis/weeks.py:52(weekly)
At 1,000,000 messages that bootstrap would have allocated 2,000 x n int64 per group (gigabytes).

Then 1,000,000 messages, bootstrap fixed, the rest as before: analyse 98 s (profiled).
        7   11.652   23.907  analysis/episodes.py:105(responses)
  5254881   20.161   20.161  {method 'search' of 're.Pattern' objects}
       50   14.973   15.144  analysis/episodes.py:203(<listcomp>)          <- pull-back evidence: all messages per episode
        1    1.361   14.601  guidance/safety.py:76(scan)
        1    3.108   13.188  analysis/__init__.py:55(load_tables)
  4495898    8.475   10.896  analysis/tables.py:24(words)
        1    1.573    5.330  analysis/weeks.py:52(weekly)

Fixes, each exact (same output) unless said: bootstrap means drawn by counts of distinct values (exact in
distribution) or, above 2,000 values with more than 256 distinct ones, from the bootstrap's normal limit
(analysis/stats.py; groups of up to 2,000 values keep the very same draws); `Msg.words` computed once;
`weekly` looks weeks up by day; `responses` computed once per analysis; the safety scan runs each pattern
once over all texts, case-folded ASCII text with a case-sensitive twin (analysis/bulk.py); the cyclic GC
is paused during analysis (a quarter of the time at 100,000 messages); style matching counts words once
per week instead of once per category. That left 51.5 s CPU at 1,000,000 messages (profile in git history).

Second round (the regex passes and repeated per-message work), 2026-11-23. Before, as the first round left it
(same databases, this machine, CPU s of pipeline.analyse): 200,000 messages 10.8 s; 1,000,000 messages 50.5 s
and 1,277 MB peak. Each fix exact: `analyze --json` byte-identical at 200,000 messages and on demo.db.
- Required strings: for each regex, strings one of which every match must contain are read from the parsed
  pattern (analysis/bulk.py `required`); all patterns' strings are found in one vectorised pass (numpy, a
  table of three-character codes) over the texts, and each regex then runs only over the texts holding one.
  The safety scan's four kinds fell from about 0.5 s to under 0.1 s each at 200,000 messages.
- Computed once and shared (`bulk.memo`): `is_homecoming` ran for every message three times (two
  `pressure_messages` calls and `homecoming`), now once per distinct candidate text; the PRESSURE, PUSHED,
  PROBLEM and humour hits; the pressure messages; the baselines' value columns of the resampling tests.
- `ideas` tokenises only messages that can count (the partner's, the user's answered ones) that hold a
  capital or a determiner's letters, each distinct text once.
- Weekly table: labels counted per distinct (week, person, label set); pull-back evidence found by
  bisecting the days instead of scanning every cold message per episode; `Msg.words` without raising
  AttributeError on first use (a microsecond a message).
- `is_homecoming` reads ASCII text lower-cased with a case-sensitive twin of HOMECOMING (same matches).
- Memory: one frozenset per distinct label set, shared by the messages carrying it (a few dozen objects
  instead of one per labelled message); the prefilter's joined text built as one byte a character.
- The objects made while the collector was paused are frozen when it resumes (``gc.freeze``): the first
  collection after analysis walked all of them (2 s at 1,000,000 messages, paid by whatever ran next:
  the `analyze --json` step fell from 3.9 s to 0.4 s, the report's render from 2.6 s CPU to 1.0 s).
After the second round: 200,000 messages 5.5 s; 1,000,000 messages 28.6 s and 1,084 MB peak (table above).
"""

# Why analyze misses its target, read from the after-profile below (2026-11-23, after the second round).
GAP = """Where the gap is (analyze, 28.6 s CPU at 1,000,000 messages against 10 s: not met; it was 51.5 s). The
regular expressions are no longer the bulk: each regex runs only over the texts holding one of its required
strings, found for all patterns in one numpy pass, and every per-message answer is computed once per
analysis. What is left is about ten pure-Python passes over a million `Msg` objects, each 1 to 4 s of CPU;
from the profile below (cProfile inflates pure Python, so read it as shares): `ideas` tokenising the 420,000
distinct texts that can count 22 %, loading the rows into `Msg` objects 14 %, the pressure detector 14 %
(homecoming words, asks, the partner naming pressure; in the generated chats a third of the messages hold
"coming home" and must be read), `what_works` 16 % (humour hits over every text, seven resampled
comparisons), the weekly table and style matching 12 %, the trend tests 5 % (a second of it importing
ruptures and scipy, whatever the size). Reaching 10 s needs the
rows to stay columns: the message table as numpy arrays (week index, sender, label bits, word counts) so the
weekly counts, responses and comparisons are array operations instead of a Python loop each, and each
distinct text tokenised once for `ideas` and style matching together. The report is within its targets
(1.0 s CPU to render, 1.9 MB) because it embeds weekly figures and capped evidence lists, never every
message."""


def child(code: str, *args: str) -> tuple[dict, float, float]:
    """Run ``code`` in a fresh interpreter; its JSON result, wall seconds and peak resident MB (os.wait4)."""
    start = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen([sys.executable, "-c", code, *args], stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        if proc.returncode != 0:
            raise SystemExit(f"benchmark child failed: {err.read()[-2000:]}")
        return json.loads(out.read().strip().splitlines()[-1]), wall, usage.ru_maxrss / 1024


def build(tmp: Path, size: int) -> tuple[Path, float]:
    """Generate, import and label ``size`` messages; the database and the set-up seconds."""
    chat, db = tmp / f"WhatsApp Chat with Jordan {size}.txt", tmp / f"bench-{size}.db"
    start = time.perf_counter()
    generate(chat, size)
    child(BUILD, str(chat), str(db))
    chat.unlink()
    return db, time.perf_counter() - start


def markdown(rows: list[dict], profile: str | None, load: tuple[float, float]) -> str:
    """The two README sections' text: the 1M targets and the scaling table."""
    lines = [
        "## Analyze and report at scale",
        "",
        f"Machine: {machine()}; load average {load[0]:.1f} before, {load[1]:.1f} after (the machine is shared: "
        "figures are upper bounds). Run: `python benchmarks/analyze_report.py` "
        f"({time.strftime('%Y-%m-%d')}). Databases: generated WhatsApp exports imported and labelled by homeward.",
        "",
        "*analyze s*: `pipeline.analyse` (analysis + guidance) in a fresh interpreter, wall clock, and *cpu s* its "
        "CPU time (user + system: on a shared, loaded machine the steadier figure; the targets are judged on it); "
        "*json s*: building and serialising the `analyze --json` object from it; *report s*: rendering the HTML "
        "and writing it, given the analysis; *report wall s*: the whole `report` child (start, imports, "
        "analysis, report); peak MB per child.",
        "",
        "| messages | weeks | analyze s | analyze cpu s | json s | analyze peak MB | report s | report cpu s | report MB "
        "| report wall s | report peak MB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(f"| {r['size']:,} | {r['weeks']:,} | {r['analyse']:.2f} | {r['analyse_cpu']:.2f} | {r['json']:.2f} | "
                     f"{r['analyze_peak']:.0f} | {r['report']:.2f} | {r['report_cpu']:.2f} | {r['report_mb']:.2f} | "
                     f"{r['report_wall']:.2f} | {r['report_peak']:.0f} |")
    big = next((r for r in rows if r["size"] == 1_000_000), None)
    if big:
        lines += ["", "Targets at 1,000,000 messages (issue #9):", "",
                  f"- analyze under 10 s: {big['analyse_cpu']:.1f} s CPU, {big['analyse']:.1f} s wall "
                  f"({'met' if big['analyse_cpu'] < 10 else 'not met'}).",
                  f"- report under 5 s: {big['report_cpu']:.1f} s CPU, {big['report']:.1f} s wall to render and write "
                  f"({'met' if big['report_cpu'] < 5 else 'not met'}); the whole `homeward report` child "
                  f"(analysis included) took {big['report_wall']:.1f} s wall.",
                  f"- report under 5 MB: {big['report_mb']:.2f} MB ({'met' if big['report_mb'] < 5 else 'not met'})."]
    lines += ["", GAP, "", "Profiles before the fixes:", "", "```", BEFORE.strip(), "```"]
    if profile:
        lines += ["", f"After: cProfile of `pipeline.analyse` at {rows[-1]['size']:,} messages (cumulative, top lines; "
                  "the profiler itself slows pure-Python code about 1.5-2x):", "", "```", profile.strip(), "```"]
    return "\n".join(lines)


def scaling(rows: list[dict], load: tuple[float, float]) -> str:
    """The scaling table: time and memory against size, per message."""
    lines = ["## Scaling: time and memory against size", "",
             f"Machine: {machine()}; load average {load[0]:.1f} / {load[1]:.1f}. From "
             "`python benchmarks/analyze_report.py` (analyze, report) and `python benchmarks/peers.py` (import). "
             "CPU seconds (user + system), which other load on the shared machine inflates far less than wall time.", ""]
    peers = OUT / "peers.json"
    if peers.exists():
        res = json.loads(peers.read_text())["results"]
        lines += ["Import (parse + store, no labelling; parse alone beside it):", "",
                  "| messages | import cpu s | µs/message | import peak MB | parse cpu s | parse peak MB |",
                  "|---:|---:|---:|---:|---:|---:|"]
        for size, tools in sorted(res.items(), key=lambda kv: int(kv[0])):
            h, p = tools.get("homeward", {}), tools.get("homeward-parse", {})
            if "cpu" in h:
                lines.append(f"| {int(size):,} | {h['cpu']:.2f} | {h['cpu'] / int(size) * 1e6:.1f} | {h['peak_mb']:.0f} | "
                             f"{p.get('cpu', float('nan')):.2f} | {p.get('peak_mb', float('nan')):.0f} |")
        lines += ["", "Analyze and report:", ""]
    lines += ["| messages | analyze cpu s | µs/message | analyze peak MB | KB/message | report cpu s | report MB |",
              "|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        lines.append(f"| {r['size']:,} | {r['analyse_cpu']:.2f} | {r['analyse_cpu'] / r['size'] * 1e6:.1f} | "
                     f"{r['analyze_peak']:.0f} | {r['analyze_peak'] * 1024 / r['size']:.2f} | {r['report_cpu']:.2f} | "
                     f"{r['report_mb']:.2f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000", help="comma-separated message counts")
    parser.add_argument("--profile", action="store_true", help="add a cProfile of analyze at the largest size")
    parser.add_argument("--profile-lines", type=int, default=25)
    parser.add_argument("--db", type=Path, help="time this existing database instead of generating (one size)")
    parser.add_argument("--keep", type=Path, help="keep the generated databases in this folder and reuse those "
                        "already there (bench-<size>.db): set-up takes minutes at 1,000,000 messages")
    parser.add_argument("--no-write", action="store_true", help="print only; leave benchmarks/README.md alone")
    parser.add_argument("--rewrite", action="store_true",
                        help="re-render the README sections from benchmarks/out/*.json, measuring nothing")
    args = parser.parse_args()
    if args.rewrite:
        saved = json.loads((OUT / "analyze_report.json").read_text())
        write_section("analyze-report", markdown(saved["rows"], saved["profile"], tuple(saved["load"])))
        write_section("scaling", scaling(saved["rows"], tuple(saved["load"])))
        return
    load0 = os.getloadavg()[0]
    rows: list[dict] = []
    profile = None
    with tempfile.TemporaryDirectory(prefix="homeward-analyze-") as tmp:
        sizes = [0] if args.db else [int(s) for s in args.sizes.split(",")]
        for size in sizes:
            kept = args.keep / f"bench-{size}.db" if args.keep else None
            if args.db:
                db, setup = args.db, 0.0
            elif kept is not None and kept.exists():
                db, setup = kept, 0.0
            else:
                if args.keep:
                    args.keep.mkdir(parents=True, exist_ok=True)
                db, setup = build(args.keep or Path(tmp), size)
            out = Path(tmp, "report.html")
            an, _, an_peak = child(STAGE, "analyze", str(db), str(out))
            rep, rep_wall, rep_peak = child(STAGE, "report", str(db), str(out))
            with sqlite3.connect(db) as conn:
                weeks = conn.execute("SELECT (julianday(max(ts)) - julianday(min(ts))) / 7 + 1 FROM messages").fetchone()[0]
            row = {"size": size or an["messages"], "weeks": int(weeks), "analyse": an["analyse"], "json": an["json"],
                   "analyse_cpu": an["analyse_cpu"], "report_cpu": rep["report_cpu"],
                   "analyze_peak": an_peak, "report": rep["report"], "report_mb": rep["report_mb"],
                   "report_wall": rep_wall, "report_peak": rep_peak, "setup": setup}
            rows.append(row)
            print(f"{row['size']:>9,d} messages (set-up {setup:6.1f} s): analyze {row['analyse']:6.2f} s "
                  f"(cpu {row['analyse_cpu']:6.2f} s), json {row['json']:5.2f} s, "
                  f"peak {an_peak:6.0f} MB | report {row['report']:5.2f} s, {row['report_mb']:.2f} MB, "
                  f"wall {rep_wall:6.2f} s, peak {rep_peak:6.0f} MB", flush=True)
            if args.profile and size == sizes[-1]:
                profile = child(STAGE, "profile", str(db), str(out), str(args.profile_lines))[0]["profile"]
    load = (load0, os.getloadavg()[0])
    OUT.mkdir(exist_ok=True)
    (OUT / "analyze_report.json").write_text(json.dumps({"rows": rows, "profile": profile, "load": load}, indent=1))
    md, sc = markdown(rows, profile, load), scaling(rows, load)
    print("\n" + md + "\n\n" + sc)
    if not args.no_write:
        write_section("analyze-report", md)
        write_section("scaling", sc)


if __name__ == "__main__":
    main()
