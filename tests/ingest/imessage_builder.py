"""Build a small macOS Messages ``chat.db`` at test time (no binary fixture is committed).

The tables are created with Messages' own column lists (captured from a macOS 15/26 ``chat.db``;
indexes and triggers left out). Older databases lack the newest columns; ``parse`` copes with both.
The conversation is fictional: Robin (the user) and Jordan, plus Sam and Casey in other chats.
"""
from __future__ import annotations

import sqlite3
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

SCHEMA = """
CREATE TABLE chat (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT UNIQUE NOT NULL, style INTEGER, state INTEGER,
  account_id TEXT, properties BLOB, chat_identifier TEXT, service_name TEXT, room_name TEXT, account_login TEXT,
  is_archived INTEGER DEFAULT 0, last_addressed_handle TEXT, display_name TEXT, group_id TEXT,
  is_filtered INTEGER DEFAULT 0, successful_query INTEGER, engram_id TEXT, server_change_token TEXT,
  ck_sync_state INTEGER DEFAULT 0, original_group_id TEXT, last_read_message_timestamp INTEGER DEFAULT 0,
  cloudkit_record_id TEXT, last_addressed_sim_id TEXT, is_blackholed INTEGER DEFAULT 0,
  syndication_date INTEGER DEFAULT 0, syndication_type INTEGER DEFAULT 0, is_recovered INTEGER DEFAULT 0,
  is_deleting_incoming_messages INTEGER DEFAULT 0, is_pending_review INTEGER DEFAULT 0);
CREATE TABLE handle (ROWID INTEGER PRIMARY KEY AUTOINCREMENT UNIQUE, id TEXT NOT NULL, country TEXT,
  service TEXT NOT NULL, uncanonicalized_id TEXT, person_centric_id TEXT, UNIQUE (id, service) );
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
  was_data_detected INTEGER DEFAULT 0, was_deduplicated INTEGER DEFAULT 0, is_audio_message INTEGER DEFAULT 0,
  is_played INTEGER DEFAULT 0, date_played INTEGER, item_type INTEGER DEFAULT 0, other_handle INTEGER DEFAULT 0,
  group_title TEXT, group_action_type INTEGER DEFAULT 0, share_status INTEGER DEFAULT 0,
  share_direction INTEGER DEFAULT 0, is_expirable INTEGER DEFAULT 0, expire_state INTEGER DEFAULT 0,
  message_action_type INTEGER DEFAULT 0, message_source INTEGER DEFAULT 0, associated_message_guid TEXT,
  associated_message_type INTEGER DEFAULT 0, balloon_bundle_id TEXT, payload_data BLOB,
  expressive_send_style_id TEXT, associated_message_range_location INTEGER DEFAULT 0,
  associated_message_range_length INTEGER DEFAULT 0, time_expressive_send_played INTEGER,
  message_summary_info BLOB, ck_sync_state INTEGER DEFAULT 0, ck_record_id TEXT, ck_record_change_tag TEXT,
  destination_caller_id TEXT, is_corrupt INTEGER DEFAULT 0, reply_to_guid TEXT, sort_id INTEGER,
  is_spam INTEGER DEFAULT 0, has_unseen_mention INTEGER DEFAULT 0, thread_originator_guid TEXT,
  thread_originator_part TEXT, syndication_ranges TEXT, synced_syndication_ranges TEXT,
  was_delivered_quietly INTEGER DEFAULT 0, did_notify_recipient INTEGER DEFAULT 0, date_retracted INTEGER,
  date_edited INTEGER, was_detonated INTEGER DEFAULT 0, part_count INTEGER, is_stewie INTEGER DEFAULT 0,
  is_sos INTEGER DEFAULT 0, is_critical INTEGER DEFAULT 0, bia_reference_id TEXT, is_kt_verified INTEGER DEFAULT 0,
  fallback_hash TEXT, associated_message_emoji TEXT, is_pending_satellite_send INTEGER DEFAULT 0,
  needs_relay INTEGER DEFAULT 0, schedule_type INTEGER DEFAULT 0, schedule_state INTEGER DEFAULT 0,
  sent_or_received_off_grid INTEGER DEFAULT 0, date_recovered INTEGER DEFAULT 0,
  is_time_sensitive INTEGER DEFAULT 0, ck_chat_id TEXT);
CREATE TABLE attachment (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT UNIQUE NOT NULL,
  created_date INTEGER DEFAULT 0, start_date INTEGER DEFAULT 0, filename TEXT, uti TEXT, mime_type TEXT,
  transfer_state INTEGER DEFAULT 0, is_outgoing INTEGER DEFAULT 0, user_info BLOB, transfer_name TEXT,
  total_bytes INTEGER DEFAULT 0, is_sticker INTEGER DEFAULT 0, sticker_user_info BLOB, attribution_info BLOB,
  hide_attachment INTEGER DEFAULT 0, ck_sync_state INTEGER DEFAULT 0, ck_server_change_token_blob BLOB,
  ck_record_id TEXT, original_guid TEXT UNIQUE NOT NULL, is_commsafety_sensitive INTEGER DEFAULT 0,
  emoji_image_content_identifier TEXT, emoji_image_short_description TEXT,
  preview_generation_state INTEGER DEFAULT 0);
CREATE TABLE chat_message_join (chat_id INTEGER REFERENCES chat (ROWID) ON DELETE CASCADE,
  message_id INTEGER REFERENCES message (ROWID) ON DELETE CASCADE, message_date INTEGER DEFAULT 0,
  PRIMARY KEY (chat_id, message_id));
CREATE TABLE chat_handle_join (chat_id INTEGER REFERENCES chat (ROWID) ON DELETE CASCADE,
  handle_id INTEGER REFERENCES handle (ROWID) ON DELETE CASCADE, UNIQUE(chat_id, handle_id));
CREATE TABLE message_attachment_join (message_id INTEGER REFERENCES message (ROWID) ON DELETE CASCADE,
  attachment_id INTEGER REFERENCES attachment (ROWID) ON DELETE CASCADE, UNIQUE(message_id, attachment_id));
"""

TZ = ZoneInfo("Europe/Berlin")
APPLE_EPOCH = datetime(2001, 1, 1, tzinfo=timezone.utc)
GROUP_CHAT = "chat184467440737095516"


def _ts_int(value: int) -> bytes:
    """A non-negative typedstream integer: one byte below 0x80, else the 0x81 / 0x82 forms."""
    if value < 0x80:
        return bytes([value])
    if value < 0x8000:
        return b"\x81" + value.to_bytes(2, "little")
    return b"\x82" + value.to_bytes(4, "little")


def archived_body(text: str) -> bytes:
    """``text`` as Messages archives a plain body in ``attributedBody`` (NSArchiver typedstream).

    Byte for byte the layout of a real macOS 13+ row: an NSMutableAttributedString holding an
    NSMutableString, then one attribute run (index 1, the text's UTF-16 length) whose dictionary
    maps ``__kIMMessagePartAttributeName`` to NSNumber 0.
    """
    raw = text.encode("utf-8")
    utf16_length = len(text.encode("utf-16-le")) // 2
    return (
        b"\x04\x0bstreamtyped\x81\xe8\x03"
        b"\x84\x01@"
        b"\x84\x84\x84\x19NSMutableAttributedString\x00"
        b"\x84\x84\x12NSAttributedString\x00"
        b"\x84\x84\x08NSObject\x00\x85"
        b"\x92\x84\x84\x84\x0fNSMutableString\x01\x84\x84\x08NSString\x01\x95"
        b"\x84\x01+" + _ts_int(len(raw)) + raw + b"\x86"
        b"\x84\x02iI\x01" + _ts_int(utf16_length) +
        b"\x92\x84\x84\x84\x0cNSDictionary\x00\x95\x84\x01i\x01"
        b"\x92\x84\x98\x98\x1d__kIMMessagePartAttributeName\x86"
        b"\x92\x84\x84\x84\x08NSNumber\x00\x84\x84\x07NSValue\x00\x95\x84\x01*\x84\x9b\x9b\x00\x86"
        b"\x86\x86"
    )


def apple_seconds(local: str) -> int:
    """Whole seconds since 2001-01-01 UTC for a Berlin wall-clock time (chat.db before macOS 10.13)."""
    return int((datetime.fromisoformat(local).replace(tzinfo=TZ) - APPLE_EPOCH).total_seconds())


def apple_nanoseconds(local: str) -> int:
    """Nanoseconds since 2001-01-01 UTC for a Berlin wall-clock time (chat.db since macOS 10.13)."""
    return apple_seconds(local) * 1_000_000_000


LONG_TEXT = ("I've been thinking about the summer plans. If the kids spend the first two weeks with you, "
             "I can take them to my parents in August — does that work? 🌻")


def build_chat_db(path: Path) -> Path:
    """Write the fixture ``chat.db`` at ``path`` and return ``path``."""
    db = sqlite3.connect(path)
    try:
        db.executescript(SCHEMA)
        db.executemany("INSERT INTO handle (ROWID, id, country, service, uncanonicalized_id) VALUES (?, ?, ?, ?, ?)", [
            (1, "+13125550142", "us", "iMessage", None),
            (2, "Sam.Rivera@Example.com", "us", "iMessage", None),
            (3, "+13125550199", "us", "iMessage", None),
            (4, "+13125550142", "us", "SMS", "3125550142"),
        ])
        db.executemany("INSERT INTO chat (ROWID, guid, style, chat_identifier, service_name, display_name) "
                       "VALUES (?, ?, ?, ?, ?, ?)", [
                           (1, "iMessage;-;+13125550142", 45, "+13125550142", "iMessage", ""),
                           (2, "SMS;-;+13125550142", 45, "+13125550142", "SMS", ""),
                           (3, f"iMessage;+;{GROUP_CHAT}", 43, GROUP_CHAT, "iMessage", "School run"),
                           (4, "iMessage;-;sam.rivera@example.com", 45, "sam.rivera@example.com", "iMessage", ""),
                       ])
        db.executemany("INSERT INTO chat_handle_join VALUES (?, ?)", [(1, 1), (2, 4), (3, 1), (3, 3), (4, 2)])
        columns = ("ROWID", "guid", "text", "attributedBody", "handle_id", "service", "date", "is_from_me",
                   "cache_has_attachments", "associated_message_type", "associated_message_guid", "item_type",
                   "date_edited", "date_retracted")
        rows = [
            # An SMS relayed by the iPhone in 2016: seconds, not nanoseconds.
            (1, "GUID-01", "Are you picking Noor up from practice?", None, 4, "SMS",
             apple_seconds("2016-05-14 18:30:00"), 0, 0, 0, None, 0, None, None),
            (2, "GUID-02", "Yes, I'll be there at 6", None, 1, "iMessage",
             apple_nanoseconds("2024-03-30 09:15:00"), 1, 0, 0, None, 0, None, None),
            # macOS 13+: text NULL, body only in attributedBody.
            (3, "GUID-03", None, archived_body("Thank you 🙏 that helps a lot"), 1, "iMessage",
             apple_nanoseconds("2024-03-30 09:16:30"), 0, 0, 0, None, 0, None, None),
            # Over 127 bytes: the length takes the 0x81 two-byte form. handle_id 0, as for many sent rows.
            (4, "GUID-04", None, archived_body(LONG_TEXT), 0, "iMessage",
             apple_nanoseconds("2024-03-31 20:05:00"), 1, 0, 0, None, 0, None, None),
            (5, "GUID-05", "\ufffcThe view from the trail", None, 1, "iMessage",
             apple_nanoseconds("2024-04-01 11:00:00"), 0, 1, 0, None, 0, None, None),
            (6, "GUID-06", "\ufffc", None, 1, "iMessage",
             apple_nanoseconds("2024-04-01 11:02:00"), 1, 1, 0, None, 0, None, None),
            # Tapbacks: a heart added, then a thumbs-up removed.
            (7, "GUID-07", "Loved “The view from the trail”", None, 1, "iMessage",
             apple_nanoseconds("2024-04-01 11:03:00"), 1, 0, 2000, "p:0/GUID-05", 0, None, None),
            (8, "GUID-08", "Removed a like from “Yes, I'll be there at 6”", None, 1, "iMessage",
             apple_nanoseconds("2024-04-01 11:04:00"), 0, 0, 3001, "p:0/GUID-02", 0, None, None),
            # Group event: Casey added to the group chat.
            (9, "GUID-09", None, None, 1, "iMessage",
             apple_nanoseconds("2024-04-02 08:00:00"), 0, 0, 0, None, 1, None, None),
            (10, "GUID-10", "Who's bringing snacks on Saturday?", None, 3, "iMessage",
             apple_nanoseconds("2024-04-02 08:01:00"), 0, 0, 0, None, 0, None, None),
            (11, "GUID-11", "I can", None, 0, "iMessage",
             apple_nanoseconds("2024-04-02 08:02:00"), 1, 0, 0, None, 0, None, None),
            # Unsent by Jordan (macOS 14+): the row stays, its text is gone.
            (12, "GUID-12", None, None, 1, "iMessage",
             apple_nanoseconds("2024-04-03 22:10:00"), 0, 0, 0, None, 0,
             apple_nanoseconds("2024-04-03 22:11:00"), apple_nanoseconds("2024-04-03 22:11:00")),
            # Edited by Robin: still a message, with its current text.
            (13, "GUID-13", "See you at 7 instead", None, 1, "iMessage",
             apple_nanoseconds("2024-04-04 17:00:00"), 1, 0, 0, None, 0,
             apple_nanoseconds("2024-04-04 17:01:00"), None),
            (14, "GUID-14", "Happy birthday!", None, 2, "iMessage",
             apple_nanoseconds("2024-04-05 09:00:00"), 0, 0, 0, None, 0, None, None),
            # An empty row (no text, body or attachment): nothing was said.
            (15, "GUID-15", None, None, 1, "iMessage",
             apple_nanoseconds("2024-04-05 09:30:00"), 0, 0, 0, None, 0, None, None),
        ]
        marks = ", ".join("?" * len(columns))
        db.executemany(f"INSERT INTO message ({', '.join(columns)}) VALUES ({marks})", rows)
        # Bytes that are not UTF-8 in a TEXT column (a damaged row).
        db.execute("INSERT INTO message (ROWID, guid, text, handle_id, service, date, is_from_me) "
                   "VALUES (16, 'GUID-16', CAST(X'436166E920616761696E3F' AS TEXT), 1, 'iMessage', ?, 0)",
                   (apple_nanoseconds("2024-04-06 10:00:00"),))
        chats = {1: 2, 10: 3, 11: 3, 14: 4}
        db.executemany("INSERT INTO chat_message_join (chat_id, message_id, message_date) VALUES (?, ?, ?)",
                       [(chats.get(row[0], 1), row[0], row[6]) for row in rows] + [(1, 16, 0)])
        db.execute("INSERT INTO attachment (ROWID, guid, original_guid, filename, mime_type, transfer_name, "
                   "total_bytes) VALUES (1, 'AT-1', 'AT-1', '~/Library/Messages/Attachments/ab/11/AT-1/IMG_2041.HEIC', "
                   "'image/heic', 'IMG_2041.HEIC', 1834221)")
        db.execute("INSERT INTO attachment (ROWID, guid, original_guid, filename, mime_type, transfer_name, "
                   "total_bytes) VALUES (2, 'AT-2', 'AT-2', '~/Library/Messages/Attachments/cd/12/AT-2/IMG_2042.HEIC', "
                   "'image/heic', 'IMG_2042.HEIC', 2201190)")
        db.executemany("INSERT INTO message_attachment_join VALUES (?, ?)", [(5, 1), (6, 2)])
        db.commit()
    finally:
        db.close()
    return path
