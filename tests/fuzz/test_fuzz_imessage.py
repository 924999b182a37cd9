"""Fuzz target for the iMessage importer: chat.db files damaged at the byte level and at the row level."""
from __future__ import annotations

import sqlite3
import sys
from functools import lru_cache
from pathlib import Path

import fuzzkit as fk
from hypothesis import given
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "ingest"))
from imessage_builder import build_chat_db  # noqa: E402

SQLITE_MAGIC = b"SQLite format 3\x00"
COLUMNS = {"message": ["text", "attributedBody", "date", "is_from_me", "handle_id", "service", "cache_has_attachments",
                       "associated_message_type", "item_type", "date_retracted", "date_edited", "balloon_bundle_id",
                       "is_audio_message"],
           "handle": ["id", "service"], "chat": ["chat_identifier", "style", "display_name"]}
cell_values = st.one_of(st.none(), st.sampled_from(fk.INTERESTING_INTS), st.integers(min_value=-(2**63), max_value=2**63 - 1),
                        st.floats(allow_nan=True), st.text(max_size=20), st.binary(max_size=64),
                        st.sampled_from([b"\x04\x0bstreamtyped\x81\xe8\x03\x84\x01@\x84\x84\x84\x12NSAttributedString",
                                         b"\x04\x0bstreamtyped", "\udcff".encode("utf-8", "surrogatepass")]))


@lru_cache(maxsize=1)
def fixture_db() -> bytes:
    """The builder's fictional chat.db, as bytes (built once per run)."""
    with fk.workdir() as where:
        return build_chat_db(where / "chat.db").read_bytes()


@st.composite
def damaged_rows(draw: st.DrawFn) -> list[tuple[str, str, int, object]]:
    """A few (table, column, rowid, value) edits: any SQLite type in any cell, as a damaged database may hold."""
    edits = []
    for _ in range(draw(st.integers(1, 5))):
        table = draw(st.sampled_from(sorted(COLUMNS)))
        edits.append((table, draw(st.sampled_from(COLUMNS[table])), draw(st.integers(1, 12)), draw(cell_values)))
    return edits


@st.composite
def damaged_bytes(draw: st.DrawFn) -> bytes:
    """The fixture database with a few bytes changed (header, b-tree pages, records) or cut short."""
    data = bytearray(fixture_db())
    for _ in range(draw(st.integers(1, 6))):
        if len(data) <= 16:
            break
        i = draw(st.one_of(st.integers(0, 99), st.integers(0, len(data) - 1))) % len(data)
        op = draw(st.sampled_from(["flip", "flip", "set", "truncate"]))
        if op == "flip":
            data[i] ^= 1 << draw(st.integers(0, 7))
        elif op == "set":
            data[i] = draw(st.sampled_from([0, 0xFF, 0x7F, 0x80, 0x0D]))
        else:
            del data[max(i, 16):]
    return bytes(data)


def test_imessage_never_crashes() -> None:
    with fk.workdir() as where:

        @fk.profile()
        @given(kind=st.sampled_from(["rows", "bytes", "random"]), edits=damaged_rows(), damaged=damaged_bytes(),
               noise=st.binary(max_size=4096), far=st.booleans())
        def prop(kind: str, edits: list[tuple[str, str, int, object]], damaged: bytes, noise: bytes, far: bool) -> None:
            path = where / "chat.db"
            if kind == "rows":
                fk.write(where, "chat.db", fixture_db())
                with sqlite3.connect(path) as conn:
                    for table, column, rowid, value in edits:
                        try:
                            conn.execute(f'UPDATE {table} SET "{column}" = ? WHERE ROWID = ?', (value, rowid))
                        except (sqlite3.Error, OverflowError):
                            pass  # a NOT NULL or UNIQUE column refuses the edit: the row stays valid
                conn.close()
            else:
                fk.write(where, "chat.db", damaged if kind == "bytes" else SQLITE_MAGIC + noise)
            fk.check_file("imessage", path, fmt="imessage", tz=fk.FAR if far else fk.UTC)

        fk.run_for_budget("imessage", prop)
