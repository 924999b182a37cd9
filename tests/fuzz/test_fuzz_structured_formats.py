"""Fuzz targets for the JSON and XML importers: Telegram, Messenger/Instagram, SMS and call logs (SMS Backup & Restore)."""
from __future__ import annotations

import fuzzkit as fk
import pytest
from hypothesis import given
from hypothesis import strategies as st

TARGETS = {
    # name: (file name, --format, seed fixtures, structure-aware mutator)
    "telegram": ("result.json", "telegram", ("telegram/*.json",), fk.mutated_json),
    "sms": ("sms.xml", "sms", ("sms/*.xml", "samples/sms.xml"), fk.mutated_xml),
    "calls": ("calls.xml", "sms", ("sms/calls_every_type.xml", "samples/calls.xml"), fk.mutated_xml),
}


def _json_seeds(patterns: tuple[str, ...]) -> list[bytes]:
    """Seeds that parse as JSON (a fixture meant to be broken is still a byte-level seed, not a tree)."""
    import json

    good = []
    for data in fk.seeds(*patterns):
        try:
            json.loads(data)
            good.append(data)
        except ValueError:
            pass
    return good


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_importer_never_crashes(name: str) -> None:
    filename, fmt, patterns, structure = TARGETS[name]
    originals = fk.seeds(*patterns)
    trees = _json_seeds(patterns) if structure is fk.mutated_json else originals
    with fk.workdir() as where:

        @fk.profile()
        @given(data=st.one_of(st.binary(max_size=2048), fk.mutated(originals), structure(trees)), far=st.booleans())
        def prop(data: bytes, far: bool) -> None:
            fk.check_file(name, fk.write(where, filename, data), fmt=fmt, tz=fk.FAR if far else fk.UTC)

        fk.run_for_budget(name, prop)


def test_messenger_never_crashes() -> None:
    """Messenger reads a folder: the thread's message_1.json (and a message_2.json) hold the fuzzed bytes."""
    originals = fk.seeds("messenger/**/*.json", "instagram/**/*.json")
    trees = _json_seeds(("messenger/**/*.json", "instagram/**/*.json"))
    with fk.workdir() as where:
        thread = where / "inbox" / "jordan_123"
        thread.mkdir(parents=True)

        @fk.profile()
        @given(first=st.one_of(st.binary(max_size=2048), fk.mutated(originals), fk.mutated_json(trees)),
               second=st.none() | fk.mutated_json(trees), far=st.booleans())
        def prop(first: bytes, second: bytes | None, far: bool) -> None:
            fk.write(thread, "message_1.json", first)
            (thread / "message_2.json").unlink(missing_ok=True)
            if second is not None:
                fk.write(thread, "message_2.json", second)
            fk.check_file("messenger", where, fmt="messenger", shown=("message_1.json", "message_2.json"), tz=fk.FAR if far else fk.UTC)

        fk.run_for_budget("messenger", prop)
