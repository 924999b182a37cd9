"""The journal: calls, visits and notes the user records by hand."""
from __future__ import annotations

import sqlite3
from datetime import datetime

from homeward.errors import HomewardError

KINDS = ("call", "visit", "note")


def add_entry(conn: sqlite3.Connection, *, kind: str, when: str, by: str | None, minutes: int | None, text: str) -> int:
    """Validate and store one entry; returns its id.

    Raises:
        HomewardError: unknown kind or --by, a time that is not "YYYY-MM-DD HH:MM", negative minutes.
    """
    if kind not in KINDS:
        raise HomewardError(f'--kind "{kind}": choose call, visit or note')
    if by is not None and by not in ("user", "partner"):
        raise HomewardError(f'--by "{by}": choose user or partner')
    try:
        ts = datetime.strptime(when.strip(), "%Y-%m-%d %H:%M") if when else datetime.now().replace(second=0, microsecond=0)
    except ValueError:
        raise HomewardError(f'--when "{when}": expected local time as "YYYY-MM-DD HH:MM"') from None
    if minutes is not None and minutes < 0:
        raise HomewardError("--minutes must not be negative")
    cur = conn.execute("INSERT INTO journal (ts, kind, by, minutes, text) VALUES (?, ?, ?, ?, ?)",
                       (ts.isoformat(timespec="seconds"), kind, by, minutes, text))
    return int(cur.lastrowid or 0)
