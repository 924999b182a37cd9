"""Safe opening of .zip exports and folders: size caps, no path escapes, no zip bombs.

A WhatsApp "Export chat" zip holds the chat .txt beside media files; Telegram and Meta exports
arrive as zips or folders too. We unpack only the files an importer can read (text, JSON, XML,
mail, databases) into a private temporary folder, refusing members whose paths escape it and
stopping once the uncompressed size passes a cap, so a hostile zip cannot fill the disk.
"""
from __future__ import annotations

import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import TypeVar

from homeward.errors import BadInput

T = TypeVar("T")

# Member names we unpack; media (jpg, opus, mp4...) are skipped: the chat text names them.
READABLE_SUFFIXES = {".txt", ".md", ".json", ".xml", ".csv", ".mbox", ".mbx", ".eml", ".db", ".html", ""}
MAX_UNPACKED_BYTES = 4 * 1024**3  # a decade of chat text is well under 1 GB
MAX_RATIO = 200  # deflate rarely exceeds ~10:1 on chat text; more is a bomb
BOMB_FLOOR = 10 * 1024**2  # below this much unpacked text the ratio does not matter


@contextmanager
def unpacked(path: Path) -> Iterator[Path]:
    """Yield a temporary folder holding the readable members of the zip at ``path``.

    Raises:
        BadInput: the zip is corrupt or truncated, a member escapes the folder, or it unpacks too large.
    """
    where = tempfile.mkdtemp(prefix="homeward-zip-")
    try:
        try:
            zf = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
            # ValueError: a member name flagged UTF-8 that is not; NotImplementedError: a newer zip version
            raise BadInput(str(path), f"not a readable zip file ({exc})") from None
        with zf:
            members = [(PurePosixPath(info.filename.replace("\\", "/")), info) for info in zf.infolist()]
            members = [(name, info) for name, info in members
                       if not info.is_dir() and name.suffix.lower() in READABLE_SUFFIXES]
            _refuse_bombs(path, [info for _, info in members])
            total = 0
            for name, info in members:
                if name.is_absolute() or ".." in name.parts:
                    raise BadInput(f"{path}:{info.filename}", "zip member escapes the archive folder; refusing it")
                if info.flag_bits & 0x1:
                    raise BadInput(f"{path}:{info.filename}", "the zip is password-protected; unpack it yourself "
                                   "and import the folder")
                target = Path(where, *name.parts)
                try:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    with zf.open(info) as src, open(target, "wb") as dst:
                        while chunk := src.read(1 << 20):
                            total += len(chunk)
                            if total > MAX_UNPACKED_BYTES:
                                raise BadInput(str(path), "zip unpacks to more than its declared size; refusing it")
                            dst.write(chunk)
                except OSError as exc:  # a name too long, or a file where a folder is named: say why, not where
                    raise BadInput(f"{path}:{info.filename}", f"cannot unpack this zip member ({exc.strerror or exc})") from None
                except (zipfile.BadZipFile, EOFError, ValueError, NotImplementedError, RuntimeError, zlib.error) as exc:
                    raise BadInput(f"{path}:{info.filename}", f"corrupt or truncated zip member ({exc})") from None
        yield Path(where)
    finally:
        shutil.rmtree(where, ignore_errors=True)


def _refuse_bombs(path: Path, members: list[zipfile.ZipInfo]) -> None:
    """Refuse, before unpacking anything, a zip whose members declare too much or expand too far.

    The declared sizes bound what ``zipfile`` will produce (it stops at a member's declared size and
    then fails its CRC check), so checking them up front costs nothing and writes nothing.
    """
    declared = sum(info.file_size for info in members)
    if declared > MAX_UNPACKED_BYTES:
        raise BadInput(str(path), f"zip unpacks to more than {MAX_UNPACKED_BYTES // 1024**3} GB; refusing it")
    for info in members:
        if info.file_size > BOMB_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise BadInput(f"{path}:{info.filename}", "zip member expands suspiciously (a zip bomb?); refusing it")
    packed = sum(info.compress_size for info in members)
    if declared > BOMB_FLOOR and declared > MAX_RATIO * max(packed, 1):  # many members, each below the floor
        raise BadInput(str(path), "zip members expand suspiciously (a zip bomb?); refusing it")


def renamed(exc: BadInput, folder: Path, path: Path) -> BadInput:
    """``exc`` naming the zip the user gave (``chat.zip:_chat.txt:12``), not our temporary folder."""
    where, inside = exc.where, str(folder)
    if where.startswith(inside):
        where = where[len(inside):].lstrip("/\\")
    elif where.startswith(str(path)):
        return exc
    return type(exc)(f"{path}:{where}" if where else str(path), exc.problem)


@contextmanager
def errors_name_zip(folder: Path, path: Path) -> Iterator[None]:
    """Re-raise a BadInput from the block as naming the zip at ``path`` (see ``renamed``)."""
    try:
        yield
    except BadInput as exc:
        raise renamed(exc, folder, path) from None


def records_naming_zip(records: Iterator[T], folder: Path, path: Path) -> Iterator[T]:
    """``records`` unchanged, except that a BadInput while reading them names the zip at ``path``."""
    with errors_name_zip(folder, path):
        yield from records


def is_zip(path: Path) -> bool:
    """True when the file starts with a zip signature (we sniff content, never the extension)."""
    try:
        with open(path, "rb") as fh:
            return fh.read(4) in (b"PK\x03\x04", b"PK\x05\x06")
    except OSError:
        return False
