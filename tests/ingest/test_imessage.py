"""macOS Messages chat.db: text and archived bodies, dates, attachments, tapbacks, groups, read-only opening."""
from __future__ import annotations

import hashlib
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from homeward.errors import BadInput, HomewardError
from homeward.ingest import imessage, read_head
from homeward.ingest.records import Message
from homeward.ingest.typedstream import TypedStreamError, attributed_text

from imessage_builder import GROUP_CHAT, LONG_TEXT, TZ, apple_nanoseconds, archived_body, build_chat_db

JORDAN = "+13125550142"


@pytest.fixture()
def chat_db(tmp_path: Path) -> Path:
    return build_chat_db(tmp_path / "chat.db")


def test_records(chat_db: Path) -> None:
    def msg(rowid: int, ts: datetime, sender: str, text: str, **fields: object) -> Message:
        defaults: dict[str, object] = {"from_me": sender == "Me", "address": JORDAN, "thread": JORDAN}
        return Message(ts, sender, text, f"chat.db:message/{rowid}", **{**defaults, **fields})  # type: ignore[arg-type]

    assert list(imessage.parse(chat_db, tz=TZ)) == [
        msg(1, datetime(2016, 5, 14, 18, 30), JORDAN, "Are you picking Noor up from practice?", channel="sms"),
        msg(2, datetime(2024, 3, 30, 9, 15), "Me", "Yes, I'll be there at 6"),
        msg(3, datetime(2024, 3, 30, 9, 16, 30), JORDAN, "Thank you 🙏 that helps a lot"),
        msg(4, datetime(2024, 3, 31, 20, 5), "Me", LONG_TEXT),
        msg(5, datetime(2024, 4, 1, 11, 0), JORDAN, "The view from the trail", media=True),
        msg(6, datetime(2024, 4, 1, 11, 2), "Me", "", media=True),
        # 7, 8: tapbacks; 9: a member added to the group.
        msg(10, datetime(2024, 4, 2, 8, 1), "+13125550199", "Who's bringing snacks on Saturday?",
            address="+13125550199", thread=f"group:{GROUP_CHAT}"),
        msg(11, datetime(2024, 4, 2, 8, 2), "Me", "I can", address=None, thread=f"group:{GROUP_CHAT}"),
        msg(12, datetime(2024, 4, 3, 22, 10), JORDAN, "", deleted=True),
        msg(13, datetime(2024, 4, 4, 17, 0), "Me", "See you at 7 instead"),
        msg(14, datetime(2024, 4, 5, 9, 0), "sam.rivera@example.com", "Happy birthday!",
            address="sam.rivera@example.com", thread="sam.rivera@example.com"),
        # 15: an empty row.
        msg(16, datetime(2024, 4, 6, 10, 0), JORDAN, "Caf\ufffd again?"),
    ]


def test_the_users_file_is_left_byte_identical(chat_db: Path) -> None:
    before = hashlib.sha256(chat_db.read_bytes()).hexdigest()
    neighbours = sorted(p.name for p in chat_db.parent.iterdir())
    records = list(imessage.parse(chat_db, tz=TZ))
    assert records
    assert hashlib.sha256(chat_db.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in chat_db.parent.iterdir()) == neighbours  # no -wal, -shm or -journal


def test_sniff(chat_db: Path, tmp_path: Path) -> None:
    head = read_head(chat_db)
    assert imessage.sniff(head, "chat.db")
    assert imessage.sniff(head, "messages-2024-backup.sqlite")  # by the schema inside
    other = tmp_path / "notes.db"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT)")
    db.close()
    assert not imessage.sniff(read_head(other), "notes.db")
    assert not imessage.sniff("[01/04/2024, 09:15:00] Jordan: chat.db", "chat.db")


def test_old_schema_without_tapback_or_edit_columns(tmp_path: Path) -> None:
    # The message table as iOS 6 / OS X 10.8 created it, before tapbacks, edits and item types.
    path = tmp_path / "sms.db"
    with sqlite3.connect(path) as db:
        db.executescript("""
            CREATE TABLE message (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT UNIQUE NOT NULL, text TEXT,
              replace INTEGER DEFAULT 0, service_center TEXT, handle_id INTEGER DEFAULT 0, subject TEXT, country TEXT,
              attributedBody BLOB, version INTEGER DEFAULT 0, type INTEGER DEFAULT 0, service TEXT, account TEXT,
              account_guid TEXT, error INTEGER DEFAULT 0, date INTEGER, date_read INTEGER, date_delivered INTEGER,
              is_delivered INTEGER DEFAULT 0, is_finished INTEGER DEFAULT 0, is_emote INTEGER DEFAULT 0,
              is_from_me INTEGER DEFAULT 0, is_empty INTEGER DEFAULT 0, is_delayed INTEGER DEFAULT 0,
              is_auto_reply INTEGER DEFAULT 0, is_prepared INTEGER DEFAULT 0, is_read INTEGER DEFAULT 0,
              is_system_message INTEGER DEFAULT 0, is_sent INTEGER DEFAULT 0, has_dd_results INTEGER DEFAULT 0,
              is_service_message INTEGER DEFAULT 0, is_forward INTEGER DEFAULT 0, was_downgraded INTEGER DEFAULT 0,
              is_archive INTEGER DEFAULT 0, cache_has_attachments INTEGER DEFAULT 0, cache_roomnames TEXT,
              was_data_detected INTEGER DEFAULT 0, was_deduplicated INTEGER DEFAULT 0);
            CREATE TABLE handle (ROWID INTEGER PRIMARY KEY AUTOINCREMENT UNIQUE, id TEXT NOT NULL, country TEXT,
              service TEXT NOT NULL, uncanonicalized_id TEXT, UNIQUE (id, service) );
            INSERT INTO handle VALUES (1, '+13125550142', 'us', 'SMS', NULL);
            INSERT INTO message (guid, text, handle_id, service, date, is_from_me)
              VALUES ('G1', 'Running late, sorry', 1, 'SMS', 385000000, 0);
        """)
    db.close()
    assert list(imessage.parse(path, tz=TZ)) == [
        Message(datetime(2013, 3, 15, 1, 26, 40), JORDAN, "Running late, sorry", "sms.db:message/1", from_me=False,
                address=JORDAN, channel="sms"),
    ]


def test_a_database_of_another_app_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "chat.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE messages (id INTEGER PRIMARY KEY, body TEXT)")
    db.close()
    with pytest.raises(BadInput) as caught:
        list(imessage.parse(path, tz=TZ))
    assert str(caught.value) == ("chat.db: not a Messages database (no message table with text, date, is_from_me "
                                 "and handle_id, or no handle table)")


def test_a_damaged_archived_body_names_the_row(chat_db: Path) -> None:
    with sqlite3.connect(chat_db) as db:
        db.execute("UPDATE message SET attributedBody = ? WHERE ROWID = 3", (archived_body("Thank you")[:60],))
    db.close()
    with pytest.raises(BadInput) as caught:
        list(imessage.parse(chat_db, tz=TZ))
    assert str(caught.value) == ("chat.db:message/3: cannot read the archived message text (truncated at byte 52: "
                                 "18 more bytes expected)")


def test_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "chat.db"
    path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 50)
    with pytest.raises(BadInput) as caught:
        list(imessage.parse(path, tz=TZ))
    assert str(caught.value).startswith("chat.db: cannot read the database (")


def test_typedstream_length_forms() -> None:
    assert attributed_text(archived_body("Noter test")) == "Noter test"
    assert attributed_text(archived_body("é" * 100)) == "é" * 100  # 200 bytes: 0x81 + 2 bytes
    assert attributed_text(archived_body("z" * 40000)) == "z" * 40000  # 0x82 + 4 bytes
    assert attributed_text(archived_body("\ufffcCaption")) == "\ufffcCaption"


@pytest.mark.parametrize("blob, problem", [
    (b"", "truncated at byte 0: 2 more bytes expected"),
    (b"\x04\x0bnotastream!\x81\xe8\x03", "no typedstream header"),
    (b"\x04\x0bstreamtyped\x81\xe8\x03\x84\x01i\x01", "the archive does not start with an object"),
    (b"\x04\x0bstreamtyped\x81\xe8\x03\x84\x01@\x84\x84\x84\x07NSArray\x00\x85\x84\x01i\x00\x86",
     "archived object is not a string (classes: NSArray)"),
])
def test_typedstream_errors(blob: bytes, problem: str) -> None:
    with pytest.raises(TypedStreamError) as caught:
        attributed_text(blob)
    assert str(caught.value) == problem


def _pristine_db() -> bytes:
    import tempfile
    with tempfile.TemporaryDirectory() as folder:
        return build_chat_db(Path(folder) / "chat.db").read_bytes()


PRISTINE = _pristine_db()
ARCHIVED = archived_body("Thank you 🙏 that helps a lot")
ARCHIVED_AT = PRISTINE.index(ARCHIVED)


@st.composite
def damaged_databases(draw: st.DrawFn, start: int = 0, end: int = len(PRISTINE)) -> bytes:
    """The fixture database with a few bytes between ``start`` and ``end`` overwritten."""
    raw = bytearray(PRISTINE)
    for _ in range(draw(st.integers(1, 8))):
        raw[draw(st.integers(start, end - 1))] = draw(st.integers(0, 255))
    return bytes(raw)


any_database_bytes = st.one_of(
    st.binary(max_size=2000),
    st.builds(lambda tail: b"SQLite format 3\x00" + tail, st.binary(max_size=2000)),
    damaged_databases(),
    damaged_databases(ARCHIVED_AT, ARCHIVED_AT + len(ARCHIVED)),  # the typedstream decoder on hostile blobs
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(any_database_bytes)
def test_any_bytes_give_records_or_a_homeward_error(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "chat.db"
    path.write_bytes(raw)
    try:
        for record in imessage.parse(path, tz=TZ):
            assert isinstance(record, Message)
    except HomewardError as exc:
        assert "\n" not in str(exc)


def test_nanosecond_dates_keep_microseconds(tmp_path: Path) -> None:
    path = build_chat_db(tmp_path / "chat.db")
    with sqlite3.connect(path) as db:
        stamp = apple_nanoseconds("2024-03-30 09:15:00") + 123_456_789
        db.execute("UPDATE message SET date = ? WHERE ROWID = 2", (stamp,))
    db.close()
    second = list(imessage.parse(path, tz=TZ))[1]
    assert second.ts == datetime(2024, 3, 30, 9, 15, 0, 123456)


def test_cells_of_unexpected_types_are_read_not_crashed_on(chat_db: Path) -> None:
    # SQLite lets any cell hold any type; a damaged or hand-edited database may do so.
    with sqlite3.connect(chat_db) as db:
        db.execute("UPDATE message SET text = CAST('Yes, at 6' AS BLOB), associated_message_type = 'x', "
                   "item_type = NULL WHERE ROWID = 2")
        db.execute("UPDATE handle SET id = 4155550100 WHERE ROWID = 2")
    db.close()
    records = {r.source: r for r in imessage.parse(chat_db, tz=TZ)}
    assert records["chat.db:message/2"].text == "Yes, at 6"
    assert records["chat.db:message/14"].sender == "4155550100"
