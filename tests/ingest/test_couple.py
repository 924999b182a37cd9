"""Group conversations leave the couple's timeline: couple.leave_out_groups, the wrapper every import passes."""
from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from homeward.errors import BadInput
from homeward.ingest import couple, format_names, open_export
from homeward.ingest.records import Call, Message, Notice

TS = datetime(2024, 4, 1, 20, 0)
MAIL = Path(__file__).parents[1] / "fixtures" / "mail"


def test_groups_are_dropped_and_counted_in_one_notice() -> None:
    records = [Message(TS, "Jordan", "hi", "a:1"), Message(TS, "Lee", "all", "a:2", thread="group:kids"),
               Call(TS, "Lee", "missed", "a:3", thread="group:kids"), Message(TS, "Kim", "x", "a:4", thread="group:b"),
               Message(TS, "Me", "hey", "a:5", thread="Jordan")]
    got = list(couple.leave_out_groups(records, "a"))
    assert got[:2] == [records[0], records[4]]
    assert got[2] == Notice("2 messages and 1 call in 2 conversations with other people (group chats, mails with "
                            "others in To or Cc) left out of the couple's timeline", "a")
    assert len(got) == 3


def test_nothing_but_groups_is_a_one_line_error() -> None:
    with pytest.raises(BadInput, match=r"^a: only conversations with other people here \(1 messages and calls in 1 "):
        list(couple.leave_out_groups([Message(TS, "Lee", "all", "a:2", thread="group:kids")], "a"))


def test_no_groups_no_notice() -> None:
    records = [Message(TS, "Jordan", "hi", "a:1", thread="jordan@example.org,robin@example.net")]
    assert list(couple.leave_out_groups(records, "a")) == records


@given(st.lists(st.tuples(st.booleans(), st.text(max_size=5)), max_size=20))
def test_every_record_outside_a_group_is_kept_in_order(rows: list[tuple[bool, str]]) -> None:
    records = [Message(TS, "A", text, f"a:{i}", thread=("group:x" if grouped else None))
               for i, (grouped, text) in enumerate(rows)]
    kept = [r for r in records if r.thread is None]
    if kept or not records:
        got = list(couple.leave_out_groups(records, "a"))
        assert [r for r in got if isinstance(r, Message)] == kept
        assert len(got) == len(kept) + (len(kept) < len(records))
    else:
        with pytest.raises(BadInput):
            list(couple.leave_out_groups(records, "a"))


def test_instagram_and_mail_are_format_names() -> None:
    assert {"mail", "instagram", "messenger"} <= set(format_names())


def test_an_mbx_mailbox_inside_a_zip_is_read(tmp_path: Path) -> None:
    archive = tmp_path / "mail.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(MAIL / "plain_text.mbox", "Inbox.mbx")  # Eudora's and Outlook Express's mailbox suffix
    with open_export(archive, tz=couple_tz()) as export:
        assert export.format == "mail"
        assert [r.text[:8] for r in export.records if isinstance(r, Message)] == ["Hi Robin", "Thursday"]


def couple_tz():  # type: ignore[no-untyped-def]
    from zoneinfo import ZoneInfo

    return ZoneInfo("Europe/London")
