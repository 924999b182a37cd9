"""Chats kept as CSV: one message a row under a header, for any app homeward cannot read.

The header names a timestamp, a sender and a text column (case does not matter; common
synonyms are accepted) and optionally a ``media`` column. ``columns`` maps other names, e.g.
``{"timestamp": "Sent at"}``. Spreadsheets in comma-decimal locales save with ``;``, and
tab-separated files are common too, so the delimiter is chosen from the header line.

Timestamps are ISO 8601 or ``YYYY-MM-DD HH:MM[:SS]``: naive ones are local wall-clock time
as written; ones with an offset (``Z``, ``+02:00``) are instants, converted to ``tz``.
"""
from __future__ import annotations

import csv
from collections.abc import Iterator, Mapping
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from homeward.errors import BadInput
from homeward.ingest.records import Message

FORMAT = "csv"

ROLES = ("timestamp", "sender", "text", "media")
_SYNONYMS: dict[str, tuple[str, ...]] = {
    "timestamp": ("timestamp", "datetime", "date_time", "date/time", "ts", "date", "time"),
    "sender": ("sender", "from", "author", "name"),
    "text": ("text", "message", "body", "content"),
    "media": ("media",),
}
_DELIMITERS = (",", ";", "\t")
_NO = {"", "0", "false", "no", "n", "f"}


def sniff(head: str, name: str) -> bool:
    """True when the first line of ``head`` is a CSV header naming a time and a sender column."""
    first = head.split("\n", 1)[0].rstrip("\r")
    return _header_delimiter(first) is not None


def parse(path: Path, *, tz: ZoneInfo, columns: dict[str, str] | None = None) -> Iterator[Message]:
    """Yield one Message per row in file order; raise BadInput naming the line of a bad row."""
    shown = path.name
    try:
        fh = open(path, encoding="utf-8-sig", errors="replace", newline="")
    except OSError as exc:
        raise BadInput(shown, f"cannot read the file ({exc.strerror or exc})") from None
    with fh:
        try:
            first = fh.readline().rstrip("\r\n")
            fh.seek(0)
            reader = csv.reader(fh, delimiter=_header_delimiter(first, columns) or ",")
            header = next(reader, None)
            if header is None:
                raise BadInput(shown, "the file is empty (expected a CSV header line)")
            index = _column_index(header, columns or {}, shown)
            previous = reader.line_num
            for row in reader:
                line, previous = previous + 1, reader.line_num
                if not any(cell.strip() for cell in row):
                    continue  # blank lines, often at the end of a spreadsheet export
                yield _message(row, index, f"{shown}:{line}", tz)
        except csv.Error as exc:
            raise BadInput(f"{shown}:{reader.line_num}", f"not readable as CSV ({exc})") from None
        except OSError as exc:
            raise BadInput(shown, f"cannot read the file ({exc.strerror or exc})") from None


def _header_delimiter(line: str, columns: Mapping[str, str] | None = None) -> str | None:
    for delimiter in _DELIMITERS:
        try:
            names = next(csv.reader([line], delimiter=delimiter), [])
        except csv.Error:
            continue
        if len(names) < 2:
            continue
        lowered = [name.strip().lower() for name in names]
        found = {role: _find(lowered, role, columns or {}) for role in ("timestamp", "sender")}
        if all(position is not None for position in found.values()):
            return delimiter
    return None


def _find(lowered: list[str], role: str, columns: Mapping[str, str]) -> int | None:
    wanted = [columns[role].strip().lower()] if role in columns else list(_SYNONYMS[role])
    for name in wanted:
        if name in lowered:
            return lowered.index(name)
    return None


def _column_index(header: list[str], columns: Mapping[str, str], shown: str) -> dict[str, int]:
    unknown = sorted(set(columns) - set(ROLES))
    if unknown:
        raise BadInput(shown, f"unknown column role {unknown[0]!r} (choose from {', '.join(ROLES)})")
    lowered = [name.strip().lower() for name in header]
    index: dict[str, int] = {}
    for role in ROLES:
        position = _find(lowered, role, columns)
        if position is not None:
            index[role] = position
        elif role != "media" or role in columns:
            found = ", ".join(f'"{name}"' for name in header)
            if role in columns:
                raise BadInput(f"{shown}:1", f'no {role} column named "{columns[role]}" (columns found: {found})')
            wanted = ", ".join(f'"{name}"' for name in _SYNONYMS[role])
            raise BadInput(f"{shown}:1", f"no {role} column (looked for {wanted}; columns found: {found})")
    # A "date" column beside a separate "time" column: the two together are the timestamp.
    if "timestamp" not in columns and lowered[index["timestamp"]] == "date" and "time" in lowered:
        index["time"] = lowered.index("time")
    return index


def _message(row: list[str], index: dict[str, int], where: str, tz: ZoneInfo) -> Message:
    def cell(role: str) -> str:
        position = index[role]
        if position >= len(row):
            raise BadInput(where, f"the row has {len(row)} fields and no {role} (field {position + 1})")
        return row[position]

    stamp = cell("timestamp").strip()
    if "time" in index:
        stamp = f"{stamp} {cell('time').strip()}"
    sender = cell("sender").strip()
    if not sender:
        raise BadInput(where, "the row has no sender")
    media = "media" in index and index["media"] < len(row) and row[index["media"]].strip().lower() not in _NO
    # newline="" keeps a quoted field's own line breaks, "\r\n" when a spreadsheet wrote it.
    text = cell("text").replace("\r\n", "\n")
    return Message(ts=_timestamp(stamp, where, tz), sender=sender, text=text, source=where, media=media)


def _timestamp(value: str, where: str, tz: ZoneInfo) -> datetime:
    # Python 3.11's fromisoformat reads ISO 8601 and "YYYY-MM-DD HH:MM[:SS]" alike.
    try:
        stamp = datetime.fromisoformat(value)
        if stamp.tzinfo is not None:
            return stamp.astimezone(tz).replace(tzinfo=None)
    except (ValueError, OverflowError):
        raise BadInput(where, f'cannot read the time "{value}" (expected ISO 8601 '
                       'or YYYY-MM-DD HH:MM[:SS])') from None
    return stamp
