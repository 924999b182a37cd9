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
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from homeward.errors import BadInput

# Member names we unpack; media (jpg, opus, mp4...) are skipped: the chat text names them.
READABLE_SUFFIXES = {".txt", ".md", ".json", ".xml", ".csv", ".mbox", ".eml", ".db", ".html", ""}
MAX_UNPACKED_BYTES = 4 * 1024**3  # a decade of chat text is well under 1 GB
MAX_RATIO = 200  # deflate rarely exceeds ~10:1 on chat text; more is a bomb


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
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise BadInput(str(path), f"not a readable zip file ({exc})") from None
        with zf:
            total = 0
            for info in zf.infolist():
                name = PurePosixPath(info.filename.replace("\\", "/"))
                if info.is_dir() or name.suffix.lower() not in READABLE_SUFFIXES:
                    continue
                if name.is_absolute() or ".." in name.parts:
                    raise BadInput(f"{path}:{info.filename}", "zip member escapes the archive folder; refusing it")
                if info.compress_size and info.file_size / max(info.compress_size, 1) > MAX_RATIO and info.file_size > 10**7:
                    raise BadInput(f"{path}:{info.filename}", "zip member expands suspiciously (a zip bomb?); refusing it")
                target = Path(where, *name.parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                try:
                    with zf.open(info) as src, open(target, "wb") as dst:
                        while chunk := src.read(1 << 20):
                            total += len(chunk)
                            if total > MAX_UNPACKED_BYTES:
                                raise BadInput(str(path), "zip unpacks to more than 4 GB; refusing it")
                            dst.write(chunk)
                except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError) as exc:
                    raise BadInput(f"{path}:{info.filename}", f"corrupt or truncated zip member ({exc})") from None
        yield Path(where)
    finally:
        shutil.rmtree(where, ignore_errors=True)


def is_zip(path: Path) -> bool:
    """True when the file starts with a zip signature (we sniff content, never the extension)."""
    try:
        with open(path, "rb") as fh:
            return fh.read(4) in (b"PK\x03\x04", b"PK\x05\x06")
    except OSError:
        return False
