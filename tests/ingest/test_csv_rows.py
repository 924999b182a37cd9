"""CSV with a header: our fixtures, column mapping, and hostile input."""
from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from homeward.errors import BadInput, HomewardError
from homeward.ingest import csv_rows
from homeward.ingest.records import Message

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "csv"
TZ = ZoneInfo("Europe/Berlin")
SAM, ROBIN = "Sam Okafor", "Robin Vale"


def records(name: str, **kwargs: Any) -> list[Message]:
    return list(csv_rows.parse(FIXTURES / name, tz=TZ, **kwargs))


def msg(ts: str, sender: str, text: str, source: str, **extra: Any) -> Message:
    return Message(ts=datetime.fromisoformat(ts), sender=sender, text=text, source=source, **extra)


def test_default_columns_with_quoting_and_an_empty_text() -> None:
    f = "default_columns.csv:"
    assert records("default_columns.csv") == [
        msg("2024-03-01 09:15:00", SAM, "Morning! Did you sleep ok?", f + "2"),
        msg("2024-03-01 09:16:40", ROBIN, "Not really, the neighbours again.", f + "3"),
        msg("2024-03-01 09:18:05", SAM, 'She said "maybe" for Sunday', f + "4"),
        msg("2024-03-01 09:19:30", ROBIN, "", f + "5"),
    ]


def test_synonyms_semicolons_bom_and_a_media_column() -> None:
    f = "synonyms_semicolon_bom.csv:"
    assert records("synonyms_semicolon_bom.csv") == [
        msg("2024-03-02 08:05:00", SAM, "The kids at the lake", f + "2", media=True),
        msg("2024-03-02 08:06:00", ROBIN, "Lovely, thanks", f + "3"),
        msg("2024-03-02 08:07:00", SAM, "", f + "4", media=True),
        msg("2024-03-02 08:08:00", ROBIN, "Café later?", f + "5"),
    ]


def test_offsets_are_instants_and_naive_times_are_local() -> None:
    f = "offsets_and_z.csv:"
    assert records("offsets_and_z.csv") == [
        msg("2024-07-14 20:30:00", SAM, "Are the kids asleep?", f + "2"),  # 18:30Z in summer time
        msg("2024-07-14 21:31:10", ROBIN, "Finally, yes.", f + "3"),
        msg("2024-07-14 20:40:00", SAM, "naive means local", f + "4"),
        msg("2024-01-10 14:00:00", ROBIN, "sent from New York", f + "5"),  # 08:00-05:00 in winter time
    ]


def test_multiline_quoted_text_points_at_its_first_line() -> None:
    f = "multiline_quoted_crlf.csv:"
    assert records("multiline_quoted_crlf.csv") == [
        msg("2024-03-03 19:00:00", SAM, "Shopping list:\nmilk\nbread", f + "2"),
        msg("2024-03-03 19:02:00", ROBIN, "Got it", f + "5"),
        msg("2024-03-03 19:05:00", SAM, "Thanks", f + "7"),  # after a blank line
    ]


def test_separate_date_and_time_columns_in_a_tab_separated_file() -> None:
    f = "date_time_split_tabs.csv:"
    assert records("date_time_split_tabs.csv") == [
        msg("2024-03-04 07:45:00", SAM, "Running late", f + "2"),
        msg("2024-03-04 07:46:30", ROBIN, "No problem", f + "3"),
    ]


def test_columns_maps_other_names_case_insensitively() -> None:
    f = "custom_columns.csv:"
    columns = {"timestamp": "sent at", "sender": "WHO", "text": "Words", "media": "Attachment"}
    assert records("custom_columns.csv", columns=columns) == [
        msg("2024-03-05 20:00:00", SAM, "Here is the letter", f + "2", media=True),
        msg("2024-03-05 20:01:00", ROBIN, "Thanks", f + "3"),
    ]


def test_a_bad_row_names_its_line_after_the_good_rows() -> None:
    rows = csv_rows.parse(FIXTURES / "bad_timestamp_row.csv", tz=TZ)
    assert [next(rows).source, next(rows).source] == ["bad_timestamp_row.csv:2", "bad_timestamp_row.csv:3"]
    with pytest.raises(BadInput) as caught:
        next(rows)
    assert str(caught.value) == ('bad_timestamp_row.csv:4: cannot read the time "31/02/2024 25:10" '
                                 "(expected ISO 8601 or YYYY-MM-DD HH:MM[:SS])")


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.csv") if p.name != "custom_columns.csv"))
def test_sniff_recognises_every_fixture_with_standard_names(name: str) -> None:
    assert csv_rows.sniff((FIXTURES / name).read_text(encoding="utf-8-sig"), name)


@pytest.mark.parametrize("head", [
    "Sent At,Who,Words\n2024-01-01 10:00,A,hi\n",  # needs --columns
    "timestamp,text\n",  # no sender
    "01/01/2024, 10:00 - Sam: hi, how are you\n",  # WhatsApp
    "[2024-01-01, 10:00] Sam: date, from\n",  # signal-export
    '{"messages": []}',
    "",
])
def test_sniff_rejects_other_files(head: str) -> None:
    assert not csv_rows.sniff(head, "chat.csv")


def _write(tmp_path: Path, content: str | bytes) -> Path:
    path = tmp_path / "chat.csv"
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


@pytest.mark.parametrize(("content", "columns", "error"), [
    ("", None, "chat.csv: the file is empty (expected a CSV header line)"),
    ("when,who,what\n", None,
     'chat.csv:1: no timestamp column (looked for "timestamp", "datetime", "date_time", "date/time", "ts", '
     '"date", "time"; columns found: "when", "who", "what")'),
    ("timestamp,text\n", None,
     'chat.csv:1: no sender column (looked for "sender", "from", "author", "name"; '
     'columns found: "timestamp", "text")'),
    ("timestamp,sender,text\n", {"media": "Photo"},
     'chat.csv:1: no media column named "Photo" (columns found: "timestamp", "sender", "text")'),
    ("timestamp,sender,text\n", {"colour": "x"},
     "chat.csv: unknown column role 'colour' (choose from timestamp, sender, text, media)"),
    ("timestamp,sender,text\n2024-01-01 10:00,Sam\n", None,
     "chat.csv:2: the row has 2 fields and no text (field 3)"),
    ("timestamp,sender,text\n2024-01-01 10:00,  ,hi\n", None, "chat.csv:2: the row has no sender"),
    ('timestamp,sender,text\n2024-01-01 10:00,Sam,"' + "x" * 200_000 + '"\n', None,
     "chat.csv:2: not readable as CSV (field larger than field limit (131072))"),
])
def test_bad_input_is_one_line_naming_the_line(tmp_path: Path, content: str, columns: dict[str, str] | None,
                                               error: str) -> None:
    with pytest.raises(BadInput) as caught:
        list(csv_rows.parse(_write(tmp_path, content), tz=TZ, columns=columns))
    assert str(caught.value) == error


def test_invalid_utf8_becomes_replacement_characters(tmp_path: Path) -> None:
    path = _write(tmp_path, b"timestamp,sender,text\n2024-01-01 10:00,Sam,caf\xe9\n")
    assert list(csv_rows.parse(path, tz=TZ)) == [msg("2024-01-01 10:00", "Sam", "caf\ufffd", "chat.csv:2")]


# --- anything at all is records or a HomewardError -------------------------------------------

_CELL = st.one_of(st.text(max_size=20), st.sampled_from(
    ["2024-01-01 10:00", "2024-01-01T10:00:00Z", "0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00",
     "yes", "0", '"', '""', "a,b", "\r\n"]))
_HEADER = st.lists(st.sampled_from(["timestamp", "Date", "time", "sender", "From", "text", "Message", "media", "x"]),
                   min_size=1, max_size=5)


def _records_or_homeward_error(data: bytes, columns: dict[str, str] | None = None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "chat.csv"
        path.write_bytes(data)
        try:
            got = list(csv_rows.parse(path, tz=TZ, columns=columns))
        except HomewardError:
            return
        assert all(isinstance(r, Message) for r in got)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2048))
def test_any_bytes_give_records_or_a_homeward_error(data: bytes) -> None:
    _records_or_homeward_error(data)


@settings(max_examples=200, deadline=None)
@given(_HEADER, st.lists(st.lists(_CELL, max_size=6), max_size=6), st.sampled_from([",", ";", "\t"]))
def test_any_table_gives_records_or_a_homeward_error(header: list[str], rows: list[list[str]], delimiter: str) -> None:
    lines = [delimiter.join(header)] + [delimiter.join(row) for row in rows]
    _records_or_homeward_error("\n".join(lines).encode("utf-8", errors="surrogatepass"))
