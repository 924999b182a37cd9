"""The contract's commands: import, export messages, classify, analyze, report, check, journal, label, experiment."""
from __future__ import annotations

import json
import sys
from contextlib import nullcontext
from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import typer

from homeward import pipeline
from homeward.cli.app import DbOption, app, echo as _echo, experiment_app, export_app, journal_app, open_db as _open, zone as _zone
from homeward.cli.privacy import output_file
from homeward.errors import BadInput, HomewardError
from homeward.progress import Progress
from homeward.store import labels as label_store
from homeward.store.db import transaction

@app.command("import")
def import_cmd(
    file: Annotated[Path, typer.Argument(help="An export: WhatsApp .txt or .zip, Telegram result.json, ...")],
    format: Annotated[str, typer.Option("--format", help="auto, or a format name")] = "auto",
    me: Annotated[Optional[str], typer.Option("--me", help="You, as the export names you (name, phone or e-mail).")] = None,
    partner: Annotated[Optional[str], typer.Option("--partner", help="The partner, as the export names them.")] = None,
    tz: Annotated[Optional[str], typer.Option("--tz", help="Time zone for exports that store instants (IANA name).")] = None,
    region: Annotated[Optional[str], typer.Option("--region", help="Country of phone numbers written without one (e.g. GB); default: guessed from --tz or the locale.")] = None,
    timestamp_column: Annotated[Optional[str], typer.Option("--timestamp-column", help="CSV: the column holding the time.")] = None,
    sender_column: Annotated[Optional[str], typer.Option("--sender-column", help="CSV: the column naming the sender.")] = None,
    text_column: Annotated[Optional[str], typer.Option("--text-column", help="CSV: the column holding the text.")] = None,
    model: Annotated[str, typer.Option("--model", help="The reader that labels the messages: default, lexicon, or embeddings (needs homeward[embeddings]); choosing another than last time relabels every message.")] = "default",
    db: DbOption = None,
) -> None:
    """Import an export into the database; re-importing adds only what is new."""
    zone = _zone(tz)
    from homeward.signals import load_classifier

    reader = load_classifier(model)  # before the database is touched: a missing extra changes nothing
    from homeward.store.people import guess_region, use_region

    use_region(region or guess_region(zone.key))  # national numbers become E.164 aliases (store/people.py)
    columns = {k: v for k, v in (("timestamp", timestamp_column), ("sender", sender_column), ("text", text_column)) if v}
    with _open(db, create=True) as conn, Progress() as progress:
        result = pipeline.import_file(conn, file, fmt=format, me=me, partner=partner, tz=zone, progress=progress.update,
                                      columns=columns or None, classifier=reader)
    for notice in result.notices:
        _echo(f"homeward: note: {notice}")
    partners = ", ".join(result.partners) or "nobody"
    _echo(f"homeward: {file}: read as {result.format}; {result.seen} messages and {result.calls_seen} calls, "
          f"{result.added} new messages and {result.calls_added} new calls stored (you: {result.user}; partner: {partners})")


@export_app.command("messages")
def export_messages(out: Annotated[Optional[Path], typer.Option("--out", help="Write here instead of stdout.")] = None,
                    db: DbOption = None) -> None:
    """Every stored message as JSON Lines, in time order."""
    from homeward.store.messages import iter_messages

    with _open(db) as conn, (output_file(db, out, "export-messages") if out else nullcontext(sys.stdout)) as stream:
        for r in iter_messages(conn):
            stream.write(json.dumps({"id": r["id"], "ts": r["ts"], "sender": r["sender"], "name": r["name"],
                                     "channel": r["channel"], "text": r["text"], "media": bool(r["media"])},
                                    ensure_ascii=False) + "\n")


@app.command()
def classify(
    infile: Annotated[Optional[Path], typer.Argument(metavar="IN", help="JSON Lines {id, text, context}; stdin if absent.")] = None,
    out: Annotated[Optional[Path], typer.Option("--out", help="Write here instead of stdout.")] = None,
    model: Annotated[str, typer.Option("--model", help="default, lexicon (the v0 baseline), or embeddings (needs homeward[embeddings]).")] = "default",
) -> None:
    """Label messages with the signals of the taxonomy (one JSON line per input line)."""
    from homeward.signals import language_note, load_classifier, thresholds_of

    clf = load_classifier(model)
    thresholds = thresholds_of(clf)
    source = open(infile, encoding="utf-8") if infile else sys.stdin
    name = str(infile or "<stdin>")
    rows = []
    for n, line in enumerate(source, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            rows.append((str(obj["id"]), str(obj.get("text") or ""), obj.get("context")))
        except (ValueError, KeyError, TypeError, AttributeError):
            raise BadInput(f"{name}:{n}", 'expected a JSON object with "id" and "text"') from None
    from homeward.progress import Progress

    sink = open(out, "w", encoding="utf-8") if out else sys.stdout
    try:
        with Progress() as progress:
            for start in range(0, len(rows), 5000):
                batch = rows[start:start + 5000]
                probs = clf.predict_proba([t for _, t, _ in batch], [c if isinstance(c, str) else None for _, _, c in batch])
                for (mid, text, _), p in zip(batch, probs):
                    labels = sorted(k for k, v in p.items() if v >= thresholds.get(k, 0.5))
                    row = {"id": mid, "labels": labels, "scores": {k: round(v, 4) for k, v in p.items()}}
                    if note := language_note(text, labels):
                        row["note"] = note  # only on lines the reader skipped as not English
                    sink.write(json.dumps(row) + "\n")
                progress.update("labelling", min(start + 5000, len(rows)), len(rows))
    finally:
        if out:
            sink.close()


@app.command()
def analyze(
    json_out: Annotated[bool, typer.Option("--json", help="Print the analysis as one JSON object.")] = False,
    gap_hours: Annotated[float, typer.Option("--gap-hours", help="Silence that ends a conversation.")] = 6.0,
    db: DbOption = None,
) -> None:
    """Week-by-week figures, turning points, episodes, guidance and the safety check."""
    from homeward.report.data import contract_json
    from homeward.report.text import summary_lines

    with _open(db) as conn, Progress() as progress:  # on a terminal, a bar on stderr while it works
        a, g = pipeline.analyse(conn, gap_hours=gap_hours, progress=progress.update)
    if json_out:
        typer.echo(json.dumps(contract_json(a, g), ensure_ascii=False, indent=1))
    else:
        typer.echo("\n".join(summary_lines(a, g)))


@app.command()
def report(out: Annotated[Path, typer.Option("--out", help="HTML file to write.")] = Path("report.html"),
           gap_hours: Annotated[float, typer.Option("--gap-hours")] = 6.0, db: DbOption = None) -> None:
    """Write one self-contained HTML report that opens offline."""
    from homeward.report.html import render_report

    with _open(db) as conn, Progress() as progress:  # a bar per step on a terminal; silent otherwise
        a, g = pipeline.analyse(conn, gap_hours=gap_hours, progress=progress.update)
        progress.update("drawing the report", 0, None)
        page = render_report(a, g, conn)
        progress.update("drawing the report", 1, 1)
    with output_file(db, out, "report") as fh:  # owner-only, and on forget's list
        fh.write(page)
    typer.echo(str(out.resolve()))


@app.command()
def check(text: Annotated[str, typer.Argument(help="The message you are thinking of sending.")],
          json_out: Annotated[bool, typer.Option("--json")] = False, db: DbOption = None) -> None:
    """Read a draft before you send it: its signals, and what your history shows about messages like it."""
    from homeward.report.draft import check_draft

    with _open(db) as conn:
        a, _ = pipeline.analyse(conn)
        result = check_draft(text, a)
    if json_out:
        typer.echo(json.dumps(result, ensure_ascii=False))
    else:
        typer.echo("Reads as: " + (", ".join(result["labels"]) or "neutral"))
        for note in result["notes"]:
            typer.echo("- " + note["text"])


@journal_app.command("add")
def journal_add(
    text: Annotated[str, typer.Argument(help="What happened.")] = "",
    kind: Annotated[str, typer.Option("--kind", help="call, visit or note")] = "note",
    when: Annotated[str, typer.Option("--when", help='Local time, "YYYY-MM-DD HH:MM"')] = "",
    by: Annotated[Optional[str], typer.Option("--by", help="user or partner: who made the call or visit")] = None,
    minutes: Annotated[Optional[int], typer.Option("--minutes", help="How long it lasted.")] = None,
    db: DbOption = None,
) -> None:
    """Add a call, visit or note to the journal."""
    from homeward.store.journal import add_entry

    with _open(db, create=True) as conn, transaction(conn):
        entry_id = add_entry(conn, kind=kind, when=when, by=by, minutes=minutes, text=text)
    _echo(f"homeward: journal entry {entry_id} added")


@app.command()
def label(message_id: Annotated[str, typer.Argument(help="The message id (see 'export messages').")],
          changes: Annotated[list[str], typer.Argument(help="+label to add, -label to remove, e.g. +affection -curt")],
          db: DbOption = None) -> None:
    """Correct the labels of one message; the correction overrides the model everywhere."""
    from homeward.signals.taxonomy import LABELS

    parsed = []
    for c in changes:
        if c[:1] not in "+-" or c[1:] not in LABELS:
            raise HomewardError(f'"{c}": write +label or -label with a label from: {", ".join(LABELS)}')
        parsed.append((c[1:], c[0] == "+"))
    with _open(db) as conn, transaction(conn):
        if not conn.execute("SELECT 1 FROM messages WHERE id = ?", (message_id,)).fetchone():
            raise HomewardError(f"no message with id {message_id}")
        label_store.correct(conn, message_id, parsed)
    _echo(f"homeward: {message_id}: {' '.join(changes)} saved")


@experiment_app.command("add")
def experiment_add(name: Annotated[str, typer.Argument(help='What you changed, e.g. "no pushing"')],
                   start: Annotated[str, typer.Option("--from", help="YYYY-MM-DD (default: today)")] = "",
                   db: DbOption = None) -> None:
    """Start a strategy experiment; analysis compares the partner's signals before and after."""
    try:
        day = date.fromisoformat(start) if start else date.today()
    except ValueError:
        raise HomewardError(f'--from "{start}": expected a date like 2025-06-30') from None
    with _open(db, create=True) as conn, transaction(conn):
        eid = conn.execute("INSERT INTO experiments (name, start) VALUES (?, ?)", (name, day.isoformat())).lastrowid
    _echo(f'homeward: experiment {eid} "{name}" from {day.isoformat()}')


@experiment_app.command("end")
def experiment_end(experiment_id: Annotated[int, typer.Argument()],
                   end: Annotated[str, typer.Option("--on", help="YYYY-MM-DD (default: today)")] = "",
                   db: DbOption = None) -> None:
    """End a running experiment."""
    day = date.fromisoformat(end) if end else date.today()
    with _open(db) as conn, transaction(conn):
        if not conn.execute("UPDATE experiments SET end = ? WHERE id = ?", (day.isoformat(), experiment_id)).rowcount:
            raise HomewardError(f"no experiment {experiment_id}")
    _echo(f"homeward: experiment {experiment_id} ended on {day.isoformat()}")


@experiment_app.command("list")
def experiment_list(db: DbOption = None) -> None:
    """List the experiments."""
    with _open(db) as conn:
        for eid, name, s, e in conn.execute("SELECT id, name, start, end FROM experiments ORDER BY start"):
            typer.echo(f"{eid}\t{s} → {e or 'running'}\t{name}")
