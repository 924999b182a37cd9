"""The ``homeward`` command: parse arguments, make one library call, print, set the exit code.

The only place that catches HomewardError: it prints ``homeward: <message>`` as one line on
stderr and exits 1. Usage mistakes print one line and exit 2. Anything else is a bug.
Commands live in one module per group; importing the module registers its commands on ``app``.
"""
from __future__ import annotations

import sys

import click
import typer

try:  # typer >= 0.29 vendors its own click: catch both copies' exceptions
    from typer._click import exceptions as _typer_click

    CLICK_ERRORS: tuple[type[BaseException], ...] = (click.exceptions.ClickException, _typer_click.ClickException)
    ABORTS: tuple[type[BaseException], ...] = (click.exceptions.Abort, typer.Abort)
    NO_ARGS: tuple[type[BaseException], ...] = (click.exceptions.NoArgsIsHelpError, _typer_click.NoArgsIsHelpError)
except ImportError:  # older typer uses click itself
    CLICK_ERRORS, ABORTS, NO_ARGS = (click.exceptions.ClickException,), (click.exceptions.Abort,), (click.exceptions.NoArgsIsHelpError,)

from homeward.cli import core  # noqa: F401  (registers the contract's commands)
from homeward.cli import privacy  # noqa: F401
from homeward.cli import summary  # noqa: F401
from homeward.cli import serve  # noqa: F401
from homeward.cli import people  # noqa: F401  (homeward people: who is who, merge, split)
from homeward.cli import quality  # noqa: F401  (homeward accuracy)
from homeward.cli.app import app
from homeward.errors import HomewardError

__all__ = ["app", "main"]


def main() -> None:
    """Entry point: run the app, turning user mistakes into one line on stderr."""
    try:
        app(standalone_mode=False)
    except HomewardError as exc:
        sys.stderr.write(f"homeward: {exc}\n")
        sys.exit(1)
    except ABORTS:
        sys.stderr.write("homeward: stopped\n")
        sys.exit(130)
    except NO_ARGS:
        sys.exit(0)
    except CLICK_ERRORS as exc:  # type: ignore[misc]
        sys.stderr.write(f"homeward: {' '.join(exc.format_message().split())}\n")
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.stderr.write("homeward: interrupted; the database is as it was before this command\n")
        sys.exit(130)


if __name__ == "__main__":
    main()
