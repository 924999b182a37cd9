"""The importers' registry, format sniffing, and one entry point: ``open_export``.

Every format is one module with three names (see ``whatsapp.py``)::

    FORMAT = "whatsapp"
    def sniff(head: str, name: str) -> bool         # first 64 KB as text (BOM removed), the file name
    def parse(path: Path, *, tz: ZoneInfo) -> Iterator[Message | Call]

A module that reads a whole folder (a Messenger thread of ``message_N.json`` files) sets
``FOLDER = True`` and receives the folder. ``IMPORTERS`` is the one registry; its order is the
sniffing priority. Adding a format means one module and one line here.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any
from zoneinfo import ZoneInfo

from homeward.errors import BadInput, UnknownFormat
from homeward.ingest import archive, couple, csv_rows, imessage, mail, messenger, signal_text, sms_backup, telegram, whatsapp
from homeward.ingest.records import Call, Message, Record

__all__ = ["IMPORTERS", "Call", "Message", "Record", "Export", "detect_format", "open_export", "format_names"]

# Sniffing priority: the binary and structured formats first, then the line-oriented text formats, whose
# sniffers are looser; signal-export's stamps overlap WhatsApp iOS's, so its stricter sniff goes first.
IMPORTERS: tuple[ModuleType, ...] = (imessage, sms_backup, telegram, messenger, mail, signal_text, csv_rows, whatsapp)

HEAD_BYTES = 64 * 1024


def format_names() -> list[str]:
    """The names ``--format`` accepts besides ``auto`` (a module's ``ALSO`` names the apps it reads too)."""
    return [name for m in IMPORTERS for name in (m.FORMAT, *getattr(m, "ALSO", ()))]


def read_head(path: Path) -> str:
    """The first 64 KB of ``path`` as text, BOM removed, undecodable bytes replaced."""
    try:
        with open(path, "rb") as fh:
            raw = fh.read(HEAD_BYTES)
    except IsADirectoryError:
        return ""
    except OSError as exc:
        raise BadInput(str(path), f"cannot read the file ({exc.strerror or exc})") from None
    return raw.decode("utf-8", errors="replace").lstrip("\ufeff")


def detect_format(path: Path) -> ModuleType:
    """The importer whose ``sniff`` recognises the file at ``path``.

    Raises:
        UnknownFormat: no importer recognises it; the message lists the formats we know.
    """
    head = read_head(path)
    for module in IMPORTERS:
        if module.sniff(head, path.name):
            return module
    if not head.strip():
        raise UnknownFormat(str(path), "the file is empty")
    raise UnknownFormat(str(path), f"not a chat export homeward can read (known formats: {', '.join(format_names())})")


def _by_name(name: str) -> ModuleType:
    for module in IMPORTERS:
        if name == module.FORMAT or name in getattr(module, "ALSO", ()):
            return module
    raise UnknownFormat(name, f"unknown --format (choose from auto, {', '.join(format_names())})")


@dataclass
class Export:
    """An opened export: which format was chosen, and its records in file order."""

    format: str
    path: Path
    records: Iterator[Record]


def _folder_candidates(folder: Path) -> list[Path]:
    files = [p for p in sorted(folder.rglob("*")) if p.is_file() and not p.name.startswith(".")]
    # Prefer the files an export is built around: WhatsApp's _chat.txt, Meta's message_1.json.
    files.sort(key=lambda p: (p.name not in ("_chat.txt", "message_1.json", "result.json"), len(p.parts), str(p)))
    return files


def _parse(module: ModuleType, target: Path, tz: ZoneInfo, options: dict[str, Any]) -> Iterator[Record]:
    """Call the importer's parse, passing only the options it takes (e.g. CSV column names)."""
    import inspect

    taken = {k: v for k, v in options.items() if v is not None and k in inspect.signature(module.parse).parameters}
    # Group chats and mails with third parties are left out of the couple's timeline (see couple.py).
    return couple.leave_out_groups(module.parse(target, tz=tz, **taken), target.name)


def _open_folder(folder: Path, fmt: str, tz: ZoneInfo, shown: str, options: dict[str, Any]) -> Export:
    for candidate in _folder_candidates(folder):
        head = read_head(candidate)
        for module in IMPORTERS if fmt == "auto" else (_by_name(fmt),):
            if module.sniff(head, candidate.name):
                target = folder if getattr(module, "FOLDER", False) else candidate
                return Export(module.FORMAT, candidate, _parse(module, target, tz, options))
    raise UnknownFormat(shown, "holds no chat export homeward can read "
                        f"(known formats: {', '.join(format_names())})")


@contextmanager
def open_export(path: Path, *, fmt: str = "auto", tz: ZoneInfo, **options: Any) -> Iterator[Export]:
    """Open any supported export (file, zip or folder) and yield its records lazily.

    ``options`` go to importers whose ``parse`` takes them (``columns`` for CSV).

    Raises:
        BadInput: unreadable path, corrupt zip, or a folder or zip with no supported chat.
        UnknownFormat: the file is not a format we know.
    """
    if not path.exists():
        raise BadInput(str(path), "no such file or folder")
    if not path.is_dir() and not path.is_file():  # /dev/zero or a pipe would be read forever
        raise BadInput(str(path), "not a file or folder (a device, pipe or socket?)")
    if path.is_dir():
        yield _open_folder(path, fmt, tz, str(path), options)
        return
    if archive.is_zip(path):
        with archive.unpacked(path) as folder:
            with archive.errors_name_zip(folder, path):  # errors name the user's zip, not our temporary folder
                export = _open_folder(folder, fmt, tz, str(path), options)
            yield Export(export.format, export.path, archive.records_naming_zip(export.records, folder, path))
        return
    module = detect_format(path) if fmt == "auto" else _by_name(fmt)
    yield Export(module.FORMAT, path, _parse(module, path, tz, options))
