"""Privacy commands: encrypt, rekey, backup, forget; the root --ask-passphrase; writing the user's files.

``output_file`` is the one way a command writes a file of the user's data (report, export,
summary): owner-only (0600) and recorded in the ``outputs`` table, for ``forget`` to offer to
delete. ``--ask-passphrase`` concerns every command, so it is added here to the root callback of
``app`` (it would sit more plainly in app.py).
"""
from __future__ import annotations

import getpass
import inspect
import os
import typing
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer

from homeward.cli.app import DbOption, app, db_path, echo, open_db
from homeward.errors import HomewardError, StoreError
from homeward.store import db as store
from homeward.store import forget as forgetting

NEW_PASSPHRASE_ENV = "HOMEWARD_NEW_PASSPHRASE"


def _ask(prompt: str) -> str:
    # getpass reads from the terminal without echo; the passphrase is never shown nor stored.
    try:
        return getpass.getpass(prompt)
    except EOFError:
        raise HomewardError("no passphrase given (stdin closed); set HOMEWARD_PASSPHRASE instead") from None


def _ask_new(prompt: str) -> str:
    """A new passphrase, typed twice: a typo here would lock the user out of their own data."""
    first = _ask(prompt)
    if not first:
        raise HomewardError("the passphrase is empty; nothing changed")
    if _ask("Type it again: ") != first:
        raise HomewardError("the two passphrases differ; nothing changed")
    return first


def _confirm(question: str) -> bool:
    """Ask a yes/no question on the terminal; no answer (stdin closed) counts as no."""
    try:
        return bool(typer.confirm(question, default=False))
    except typer.Abort:
        return False


def _extend_root() -> None:
    """Give the root command ``--ask-passphrase``, keeping every option it already has."""
    info = app.registered_callback
    if info is None or info.callback is None:
        raise RuntimeError("homeward.cli.app.app has no root callback to extend")
    original: Callable[..., Any] = info.callback
    option = inspect.Parameter(
        "ask_passphrase", inspect.Parameter.KEYWORD_ONLY, default=False,
        annotation=Annotated[bool, typer.Option("--ask-passphrase", help=(
            "Prompt for the database passphrase instead of reading $HOMEWARD_PASSPHRASE."))])
    signature = inspect.signature(original, eval_str=True)

    def root(*args: Any, ask_passphrase: bool = False, **kwargs: Any) -> None:
        passphrase = _ask("Passphrase: ") if ask_passphrase else None
        if passphrase == "":
            raise HomewardError("the passphrase is empty; type the one the database was encrypted with")
        store.use_passphrase(passphrase)  # on every run, so no in-process run inherits another's passphrase
        original(*args, **kwargs)

    root.__doc__ = original.__doc__
    # Typer reads the parameters from the signature and their types from __annotations__.
    root.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=[*signature.parameters.values(), option])
    root.__annotations__ = {**typing.get_type_hints(original, include_extras=True),
                            "ask_passphrase": option.annotation}
    info.callback = root


@contextmanager
def output_file(db: Path | None, path: Path, kind: str) -> Iterator[TextIO]:
    """Open ``path`` to write a file of the user's data: owner-only (0600), recorded for ``forget`` first.

    Recorded before a byte is written, so a file cut short by a crash is still on forget's list.
    """
    record_output(db, path, kind)
    with forgetting.open_private(path) as fh:
        yield fh


def record_output(db: Path | None, path: Path, kind: str) -> None:
    """Remember in the database that homeward wrote (or is writing) ``path``, a ``kind`` of forgetting.OUTPUT_KINDS."""
    with open_db(db) as conn, store.transaction(conn):
        forgetting.record_output(conn, path, kind)


_extend_root()


@app.command()
def encrypt(db: DbOption = None) -> None:
    """Encrypt a plain database in place with $HOMEWARD_PASSPHRASE (or one you type); the plain file is overwritten."""
    path = db_path(db)
    passphrase = store.current_passphrase() or _ask_new("New passphrase for the database: ")
    store.encrypt_file(path, passphrase)
    echo(f"homeward: {path} is encrypted; open it with $HOMEWARD_PASSPHRASE or --ask-passphrase "
         "(the passphrase cannot be recovered)")


@app.command()
def rekey(db: DbOption = None) -> None:
    """Change the passphrase of an encrypted database (the new one from $HOMEWARD_NEW_PASSPHRASE or a prompt)."""
    new = os.environ.get(NEW_PASSPHRASE_ENV) or None
    with open_db(db) as conn:
        if not store.is_encrypted(conn):
            raise StoreError(f"{db_path(db)}: this database is not encrypted; run 'homeward encrypt' to encrypt it")
        store.rekey(conn, new if new is not None else _ask_new("New passphrase: "))
    echo(f"homeward: {db_path(db)}: passphrase changed; the old one no longer opens it")


@app.command()
def backup(file: Annotated[Path, typer.Argument(help="Where to write the copy (a new file).")],
           force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
           db: DbOption = None) -> None:
    """Copy the database consistently, even while it is in use; an encrypted one stays encrypted under the same key."""
    path = db_path(db)
    store.backup(path, file, overwrite=force)  # written owner-only (0600), like every output
    record_output(db, file, "backup")
    typer.echo(str(file.resolve()))


@app.command()
def forget(partner: Annotated[bool, typer.Option("--partner", help="Remove only the partner's messages, calls, "
                                                 "labels and aliases; keep the rest.")] = False,
           yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
           keep_outputs: Annotated[bool, typer.Option("--keep-outputs", help="Keep the reports, exports and "
                                                      "backups homeward wrote.")] = False,
           db: DbOption = None) -> None:
    """Delete the database and its side files (overwritten first), and offer to delete the reports it wrote."""
    if partner:
        _forget_partner(db, yes)
    else:
        _forget_everything(db, yes, keep_outputs)


def _forget_partner(db: Path | None, yes: bool) -> None:
    with open_db(db) as conn:
        messages, calls = forgetting.partner_counts(conn)
        if not yes and not _confirm(f"Remove the partner's {messages} messages and {calls} calls, with their "
                                    "labels and aliases? This cannot be undone."):
            raise HomewardError("nothing removed")
        done = forgetting.forget_partner(conn)
    echo(f"homeward: removed the partner's {done.messages} messages, {done.calls} calls, {done.labels} labels, "
         f"{done.corrections} corrections and {done.aliases} aliases")
    if not done.erased_on_disk:
        echo("homeward: note: another program has the database open, so old copies of those pages may stay in "
             "its files until it closes; run 'homeward forget --partner --yes' again then")


def _forget_everything(db: Path | None, yes: bool, keep_outputs: bool) -> None:
    path = db_path(db)
    outputs: list[forgetting.Output] = []
    if path.is_file():
        try:
            with open_db(db) as conn:
                outputs = forgetting.recorded_outputs(conn)
        except HomewardError as exc:
            # Forgetting must work without the passphrase; only the list of written files is lost.
            echo(f"homeward: note: cannot read which reports were written ({exc})")
    files = forgetting.database_files(path)
    if not files:
        echo(f"homeward: nothing stored at {path}")
    else:
        echo("homeward: this deletes:\n" + "\n".join(f"  {p}" for p in files))
        if not yes and not _confirm("Delete the database? This cannot be undone."):
            raise HomewardError("nothing deleted")
        removed = forgetting.forget_database(path)
        echo(f"homeward: deleted {len(removed)} file{'s' if len(removed) != 1 else ''}")
    if outputs and not keep_outputs:
        echo("homeward: homeward also wrote these files:\n" + "\n".join(f"  {o.path} ({o.kind}, {o.at})" for o in outputs))
        if yes or _confirm("Delete them too?"):
            gone = forgetting.remove_outputs(o.path for o in outputs)
            echo(f"homeward: deleted {len(gone)} written file{'s' if len(gone) != 1 else ''}")
