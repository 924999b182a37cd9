"""Errors a user can cause or fix.

    HomewardError          anything the user can act on; str() is the whole one-line message
    ├── BadInput           an export we cannot read (names the file and, where it applies, the line)
    │   └── UnknownFormat  no importer recognises the file
    ├── WhoIsWho           --me / --partner do not match anyone in the export
    └── StoreError         the database cannot be opened, is locked, or has the wrong passphrase

The CLI catches HomewardError in one place and prints ``homeward: <message>``.
Any other exception is a bug in homeward and is allowed to surface loudly.
"""
from __future__ import annotations

import unicodedata


MAX_MESSAGE = 1000  # characters of an error message shown; the middle of a longer one is left out


class HomewardError(Exception):
    """Base class: a problem the user can act on. ``str()`` is a complete one-line message."""

    def __str__(self) -> str:
        # Messages may embed text from user files; keep the output to one line whatever they hold, and
        # free of control characters, which a hostile file could use to drive the user's terminal.
        # A value quoted from a hostile file can be megabytes long: keep the start (the file, the line)
        # and the end (what was expected) of a message longer than MAX_MESSAGE characters.
        text = "".join("\ufffd" if unicodedata.category(ch) == "Cc" else ch for ch in " ".join(super().__str__().split()))
        return text if len(text) <= MAX_MESSAGE else f"{text[:MAX_MESSAGE * 2 // 3]} … {text[-MAX_MESSAGE // 4:]}"


class BadInput(HomewardError):
    """An input file that cannot be read as the export it claims to be."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"{where}: {problem}")
        self.where = where
        self.problem = problem


class UnknownFormat(BadInput):
    """No importer recognises the file."""


class WhoIsWho(HomewardError):
    """The user or the partner could not be identified among the senders."""


class StoreError(HomewardError):
    """The database cannot be opened or written."""
