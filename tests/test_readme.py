"""Every CLI command is documented in the README."""
from pathlib import Path

import typer.main

from homeward.cli import app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _commands(group, prefix=""):  # type: ignore[no-untyped-def]
    for name, cmd in getattr(group, "commands", {}).items():
        if hasattr(cmd, "commands"):
            yield from _commands(cmd, f"{prefix}{name} ")
        else:
            yield f"{prefix}{name}"


def test_every_command_is_in_the_readme():
    missing = [c for c in _commands(typer.main.get_command(app)) if f"homeward {c}" not in README]
    assert missing == []


def test_the_two_setup_commands_are_in_the_readme():
    assert "make demo" in README and "make test" in README
