"""A progress bar for long imports and labelling: shown on a terminal, silent otherwise."""
from __future__ import annotations

import sys
from types import TracebackType

from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
from rich.progress import Progress as RichProgress


class Progress:
    """Context manager whose ``update(stage, done, total)`` drives one rich bar per stage."""

    def __init__(self) -> None:
        self._bar: RichProgress | None = None
        self._tasks: dict[str, int] = {}

    def __enter__(self) -> "Progress":
        if sys.stderr.isatty():
            self._bar = RichProgress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                     TimeElapsedColumn(), transient=True)
            self._bar.__enter__()
        return self

    def update(self, stage: str, done: int, total: int | None) -> None:
        """Report ``done`` of ``total`` items (total None: unknown) for ``stage``."""
        if self._bar is None:
            return
        if stage not in self._tasks:
            self._tasks[stage] = self._bar.add_task(stage, total=total)
        self._bar.update(self._tasks[stage], completed=done, total=total)

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None) -> None:
        if self._bar is not None:
            self._bar.__exit__(et, ev, tb)
