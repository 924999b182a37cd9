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


class HomewardError(Exception):
    """Base class: a problem the user can act on. ``str()`` is a complete one-line message."""

    def __str__(self) -> str:
        # Messages may embed text from user files; keep the output to one line whatever they hold.
        return " ".join(super().__str__().split())


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
