"""The Typer application, its sub-groups and what every command shares: --db, opening the store, --tz."""
from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Optional
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import typer

from homeward.errors import HomewardError
from homeward.store.db import connect, default_path

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None, pretty_exceptions_enable=False,
                  help="Read the signals in your messages with the partner, honestly, on your own machine.")
export_app = typer.Typer(no_args_is_help=True, help="Export messages, or a redacted summary for a counsellor.")
journal_app = typer.Typer(no_args_is_help=True, help="Record calls, visits and notes that no export holds.")
experiment_app = typer.Typer(no_args_is_help=True, help="Mark a change in how you approach the partner, to test it.")
app.add_typer(export_app, name="export")
app.add_typer(journal_app, name="journal")
app.add_typer(experiment_app, name="experiment")

DbOption = Annotated[Optional[Path], typer.Option("--db", help="Database file (default: $HOMEWARD_DB, else your data folder).")]
STATE: dict[str, Path | None] = {"db": None}


@app.callback()
def _root(db: DbOption = None) -> None:
    STATE["db"] = db


def db_path(db: Path | None) -> Path:
    return db or STATE["db"] or default_path()


@contextmanager
def open_db(db: Path | None, *, create: bool = False) -> Iterator[sqlite3.Connection]:
    path = db_path(db)
    if create and not path.parent.exists() and path.parent == default_path().parent and db is None and STATE["db"] is None:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)  # first run: create the data folder, owner-only
    conn = connect(path, create=create)
    try:
        yield conn
    finally:
        conn.close()


def zone(name: str | None) -> ZoneInfo:
    """The --tz zone, else the system's (TZ, then /etc/localtime), else UTC."""
    candidates = [name] if name else [os.environ.get("TZ", "").lstrip(":") or None, system_zone()]
    for cand in candidates:
        if cand:
            try:
                return ZoneInfo(cand)
            except (ZoneInfoNotFoundError, ValueError):
                if name:
                    raise HomewardError(f'--tz "{name}": not a time zone name (use an IANA name like Europe/London)') from None
    return ZoneInfo("UTC")


def system_zone() -> str | None:
    try:
        target = os.path.realpath("/etc/localtime")
        return target.split("zoneinfo/", 1)[1] if "zoneinfo/" in target else None
    except OSError:
        return None


def echo(text: str) -> None:
    typer.echo(text, err=True)


