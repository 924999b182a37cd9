"""The ``homeward`` command: parse arguments, make one library call, print, set the exit code.

The only place that catches HomewardError: it prints ``homeward: <message>`` as one line on
stderr and exits 1. Usage mistakes print one line and exit 2. Anything else is a bug.
Commands live in one module per group; importing the module registers its commands on ``app``.
"""
from __future__ import annotations

import sys

import click

from homeward.cli import core  # noqa: F401  (registers the contract's commands)
from homeward.cli import summary  # noqa: F401
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
    except click.exceptions.Abort:
        sys.stderr.write("homeward: stopped\n")
        sys.exit(130)
    except click.exceptions.NoArgsIsHelpError:
        sys.exit(0)
    except click.exceptions.ClickException as exc:
        sys.stderr.write(f"homeward: {' '.join(exc.format_message().split())}\n")
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.stderr.write("homeward: interrupted; the database is as it was before this command\n")
        sys.exit(130)


if __name__ == "__main__":
    main()
