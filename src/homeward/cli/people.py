"""``homeward people``: who is who across every import, and the user's own corrections (merge, split).

One database holds one couple. Imports decide who is the user and who the partner (store/people.py);
this command shows the result (each person, their aliases, messages and calls per name and channel)
and lets the user correct it: ``merge`` makes a name, number or address the user's or the partner's,
``split`` takes one out of the couple's timeline. Both run in one transaction and undo each other.
"""
from __future__ import annotations

import json
from typing import Annotated

import typer

from homeward.cli.app import DbOption, app, echo, open_db
from homeward.errors import HomewardError
from homeward.store.db import transaction

people_app = typer.Typer(invoke_without_command=True, no_args_is_help=False,
                         help="Who is who: each person, their names and numbers; merge or split them.")
app.add_typer(people_app, name="people")

_ROLE_TITLE = {"user": "you", "partner": "partner", "other": "left out (split off; kept, not in the timeline)"}


def _counts(channels: dict[str, list[int]]) -> str:
    parts = []
    for channel, (messages, calls) in sorted(channels.items()):
        bits = ([f"{messages} message{'s' * (messages != 1)}"] if messages else []) + \
               ([f"{calls} call{'s' * (calls != 1)}"] if calls else [])
        parts.append(f"{channel}: {', '.join(bits)}")
    return "; ".join(parts)


@people_app.callback()
def people(ctx: typer.Context,
           json_out: Annotated[bool, typer.Option("--json", help="Print who is who as JSON.")] = False,
           db: DbOption = None) -> None:
    """Show each person (you, the partner, people split off), their aliases and counts per channel."""
    if ctx.invoked_subcommand is not None:
        ctx.obj = db
        return
    from homeward.store.people import who_is_who

    with open_db(db) as conn:
        views = who_is_who(conn)
    if json_out:
        typer.echo(json.dumps([{"role": v.role, "name": v.name, "aliases": v.aliases,
                                "names": {n: {c: {"messages": m, "calls": k} for c, (m, k) in ch.items()}
                                          for n, ch in v.names.items()}} for v in views],
                              ensure_ascii=False, indent=1))
        return
    if not views:
        typer.echo("nobody yet: run 'homeward import' first")
        return
    for v in views:
        typer.echo(f"{_ROLE_TITLE.get(v.role, v.role)}: {v.name}")
        if v.aliases:
            typer.echo(f"  aliases: {', '.join(v.aliases)}")
        for name, channels in sorted(v.names.items()):
            typer.echo(f"  {json.dumps(name, ensure_ascii=False)}: {_counts(channels)}")
    typer.echo("Correct it with 'homeward people merge NAME --into partner|user' or 'homeward people split NAME'.")


def _report(verb: str, what: str, change: object) -> None:
    from homeward.store.people import Change

    assert isinstance(change, Change)
    names = ", ".join(json.dumps(n, ensure_ascii=False) for n in change.names) or "no stored messages"
    echo(f"homeward: {verb} \"{what}\" ({names}): {change.messages} messages and {change.calls} calls, "
         f"{change.aliases} aliases changed")


@people_app.command("merge")
def merge_cmd(
    name: Annotated[str, typer.Argument(help="A name, phone number or e-mail address as 'homeward people' shows it.")],
    into: Annotated[str, typer.Option("--into", help="partner or user")] = "partner",
    db: DbOption = None,
) -> None:
    """Make NAME the partner (or you): its messages and calls join the timeline; later imports know it."""
    from homeward.store.people import merge

    if into not in ("user", "partner"):
        raise HomewardError(f'--into "{into}": choose partner or user')
    with open_db(db) as conn, transaction(conn):
        change = merge(conn, name, into)  # type: ignore[arg-type]
    _report(f"merged into the {'partner' if into == 'partner' else 'user'}:", name, change)


@people_app.command("split")
def split_cmd(
    name: Annotated[str, typer.Argument(help="A name, phone number or e-mail address as 'homeward people' shows it.")],
    db: DbOption = None,
) -> None:
    """Take NAME out of the couple's timeline; its messages stay stored ('merge' brings them back)."""
    from homeward.store.people import split

    with open_db(db) as conn, transaction(conn):
        change = split(conn, name)
    _report("split off", name, change)
    echo(f"homeward: kept in the database but left out of the timeline and of later imports; undo with "
         f"'homeward people merge {json.dumps(name, ensure_ascii=False)} --into partner'")
