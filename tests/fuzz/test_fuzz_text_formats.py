"""Fuzz targets for the line-oriented importers: WhatsApp, signal-export, CSV, mail (see fuzzkit for the property)."""
from __future__ import annotations

import fuzzkit as fk
import pytest
from hypothesis import given
from hypothesis import strategies as st

TARGETS = {
    # name: (file name, --format, seed fixtures, generator of structured inputs)
    "whatsapp": ("_chat.txt", "whatsapp", ("whatsapp/*.txt", "whatsapp/zoo/*.txt", "whatsapp/zip_*/*.txt",
                                           "samples/whatsapp_*.txt"), fk.whatsapp_lines()),
    "signal": ("chat.md", "signal", ("signal/*.md",), fk.signal_lines()),
    "csv": ("messages.csv", "csv", ("csv/*.csv",), fk.csv_rows()),
    "mail": ("mail.mbox", "mail", ("mail/*",), fk.mail_messages()),
}


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_importer_never_crashes(name: str) -> None:
    filename, fmt, patterns, structured = TARGETS[name]
    originals = fk.seeds(*patterns)
    with fk.workdir() as where:

        @fk.profile()
        @given(data=st.one_of(st.binary(max_size=2048), fk.mutated(originals), structured), far=st.booleans())
        def prop(data: bytes, far: bool) -> None:
            fk.check_file(name, fk.write(where, filename, data), fmt=fmt, tz=fk.FAR if far else fk.UTC)

        fk.run_for_budget(name, prop)
