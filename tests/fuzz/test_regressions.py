"""Every input the fuzz targets ever broke an importer with, kept in tests/fixtures/regressions/.

A file named ``<format>__<what>.<ext>`` is read with ``--format <format>`` (``auto__`` files only with
auto-detection) and with ``auto``; each must end in records or a one-line BadInput naming the file
(fuzzkit's property), never a traceback. Zips whose member errors must name the zip are ``auto__*.zip``.
"""
from __future__ import annotations

from pathlib import Path

import fuzzkit as fk
import pytest

REGRESSIONS = sorted((fk.FIXTURES / "regressions").glob("*__*"))


@pytest.mark.parametrize("path", REGRESSIONS, ids=[p.name for p in REGRESSIONS])
@pytest.mark.parametrize("fmt", ["named", "auto"])
def test_fuzz_finding_stays_fixed(path: Path, fmt: str) -> None:
    chosen = path.name.split("__")[0] if fmt == "named" else "auto"
    for tz in (fk.UTC, fk.FAR):
        fk.check_file("regressions", path, fmt=chosen, tz=tz)
