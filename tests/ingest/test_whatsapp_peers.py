"""The peers' WhatsApp samples (chat-miner, whatstk), read in place from ../shared, and their targets.

Where a peer's target disagrees with us, the test says why; docs/peer-fixtures.md has the details.
These tests skip when the shared folder is absent: its files are never copied into this repository.
"""
from __future__ import annotations

import csv
import json
from collections import Counter
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from homeward import pipeline
from homeward.ingest import detect_format, whatsapp
from homeward.ingest.records import Message, Notice
from homeward.store.db import connect

EXPORTS = Path(__file__).resolve().parents[2] / ".." / "shared" / "fixtures" / "exports"
pytestmark = pytest.mark.skipif(not EXPORTS.is_dir(), reason="../shared/fixtures/exports is absent")
WHATSAPP = sorted(p for p in EXPORTS.rglob("*.txt") if "whatsapp" in p.parts or "chats" in p.parts) \
    if EXPORTS.is_dir() else []
CHAT_MINER = EXPORTS / "chat-miner" / "test" / "whatsapp"
OLD_CHAT_MINER = EXPORTS / "chat-miner" / "_history" / "62d255f50fa1" / "test" / "whatsapp"
WHATSTK = EXPORTS / "whatstk"
TZ = ZoneInfo("UTC")

# Every sample: (messages, notices) we read from it. A notice says the day/month order was a guess.
EXPECTED_COUNTS = {
    "test_[mmddyy]_24hrs.txt": (7, 0), "test_ddmmyy_24hrs.txt": (7, 0), "test_mmddyy_24hrs.txt": (7, 0),
    "test_mmddyyyy_12hrs.txt": (7, 0), "test_yyyymmdd_24hrs.txt": (7, 0), "test_dateformat1.txt": (7, 0),
    "test_dateformat2.txt": (4, 0), "test_dateformat3.txt": (4, 0), "test_dateformat4.txt": (4, 1),
    "test_dateformat5.txt": (4, 0), "test_dateformat6.txt": (4, 0), "test_unicode.txt": (3, 1),
    "testlog.txt": (20, 0), "pokemon.txt": (18, 0), "lorem.txt": (500, 0), "lorem-2000.txt": (2000, 0),
    "lorem-merge-part1.txt": (300, 0), "lorem-merge-part2.txt": (300, 0), "example_1.txt": (18, 0),
    "example_2.txt": (18, 0), "example-12h.txt": (18, 0), "example-12h-2.txt": (18, 0),
}


def messages(path: Path) -> list[Message]:
    return [r for r in whatsapp.parse(path, tz=TZ) if isinstance(r, Message)]


def test_every_whatsapp_sample_is_found() -> None:
    assert sorted(p.name for p in WHATSAPP) == sorted(EXPECTED_COUNTS)


@pytest.mark.parametrize("path", WHATSAPP, ids=lambda p: str(p.relative_to(EXPORTS)))
def test_every_sample_is_sniffed_parsed_and_imported(path: Path, tmp_path: Path) -> None:
    assert detect_format(path) is whatsapp
    records = list(whatsapp.parse(path, tz=TZ))
    found = (sum(isinstance(r, Message) for r in records), sum(isinstance(r, Notice) for r in records))
    assert found == EXPECTED_COUNTS[path.name]
    me = Counter(r.sender for r in records if isinstance(r, Message)).most_common(1)[0][0]
    conn = connect(tmp_path / "h.db")
    try:
        result = pipeline.import_file(conn, path, me=me, tz=TZ)
        again = pipeline.import_file(conn, path, me=me, tz=TZ)
    finally:
        conn.close()
    assert (result.seen, result.added, again.added) == (found[0], found[0], 0)


def chat_miner_target() -> list[tuple[str, str, str]]:
    rows = json.loads((CHAT_MINER / "target.json").read_text(encoding="utf-8"))
    return [(r["timestamp"], r["author"], r["message"]) for r in rows]


@pytest.mark.parametrize("name", ["test_[mmddyy]_24hrs.txt", "test_ddmmyy_24hrs.txt", "test_mmddyy_24hrs.txt",
                                  "test_mmddyyyy_12hrs.txt", "test_yyyymmdd_24hrs.txt"])
def test_chat_miner_target_with_its_documented_differences(name: str) -> None:
    ours = [(m.ts.isoformat(), m.sender, m.text) for m in messages(CHAT_MINER / name)]
    # 1. "John Doe:." is a line WhatsApp never writes (it always puts ": " after the name). It has a sender,
    #    so it is no system notice; we keep it as the message "." where chat-miner drops it.
    assert ("2019-01-20T11:23:00", "John Doe", ".") in ours
    ours.remove(("2019-01-20T11:23:00", "John Doe", "."))
    # 2. chat-miner joins the lines of a multi-line message with a space; we keep the line break.
    assert any("\n" in text for _, _, text in ours)
    joined = [(ts, who, text.replace("\n", " ")) for ts, who, text in ours]
    # 3. chat-miner lists newest first.
    assert sorted(joined, reverse=True) == chat_miner_target()


def test_chat_miner_old_csv_target_with_its_documented_differences() -> None:
    with open(OLD_CHAT_MINER / "test_dateformat1_target.csv", encoding="utf-8", newline="") as fh:
        target = [(r["timestamp"], r["author"], r["message"]) for r in csv.DictReader(fh) if r["author"] != "System"]
    ours = [(m.ts.strftime("%Y-%m-%d %H:%M:%S"), m.sender, m.text.replace("\n", " ")) for m in messages(
        OLD_CHAT_MINER / "test_dateformat1.txt")]
    # The old chat-miner called the "John Doe:." line "<Disappearing Message>"; nothing in the line says so.
    ours = [(ts, who, "<Disappearing Message>" if text == "." else text) for ts, who, text in ours]
    assert sorted(ours) == sorted(target)


def test_chat_miner_unicode_target_turns_no_break_spaces_into_spaces() -> None:
    with open(OLD_CHAT_MINER / "test_unicode_target.csv", encoding="utf-8", newline="") as fh:
        target = [(r["timestamp"], r["author"], r["message"]) for r in csv.DictReader(fh)]
    ours = [(m.ts.strftime("%Y-%m-%d %H:%M:%S"), m.sender, m.text)
            for m in messages(OLD_CHAT_MINER / "test_unicode.txt")]
    # The sample writes "abnormal\u00a0unicode"; the target has a plain space. We keep what was typed.
    assert ("2022-10-09 22:37:00", "John Doe", "Testing abnormal\u00a0unicode") in ours
    assert sorted((ts, who, text.replace("\u00a0", " ")) for ts, who, text in ours) == sorted(target)


def test_chat_miner_samples_without_targets() -> None:
    four = ["Lorem ipsum dolor sit amet.", "Lorem ipsum dolor sit amet.", "Lorem ipsum : dolor sit amet.",
            "Lorem ipsum dolor sit amet,\nconsectetur adipiscing elit. Duis libero."]
    # "[09/10/22 11:37:00 p.m.]": no day above 12, a dotted clock: read day-first (with a notice), as the
    # sample's author meant; "13:37:00 p.m." is already a 24 h time.
    assert [m.ts for m in messages(OLD_CHAT_MINER / "test_dateformat4.txt")] == [
        datetime(2022, 10, 9, 23, 37), datetime(2022, 10, 10, 12, 37), datetime(2022, 10, 11, 13, 37),
        datetime(2022, 10, 12, 14, 37)]
    # "[10.21.21, 15:21:45]": dotted but month-first; the 21 decides.
    assert [(m.ts, m.text) for m in messages(OLD_CHAT_MINER / "test_dateformat5.txt")] == [
        (datetime(2021, 10, 21 + i, 15, 21, 45 + i), text) for i, text in enumerate(four)]
    assert [(m.ts, m.text) for m in messages(OLD_CHAT_MINER / "test_dateformat6.txt")] == [
        (datetime(2021, 10, 21 + i, 15, 21, 45 + i), text) for i, text in enumerate(four)]
    # "9/24/2019 11:30 p.m." and "11/27/2019 9:30 p. m.": no comma, both meridiem spellings.
    assert [m.ts for m in messages(OLD_CHAT_MINER / "test_dateformat2.txt")] == [
        datetime(2019, 9, 24, 23, 30), datetime(2019, 11, 27, 21, 30), datetime(2019, 11, 17, 21, 34),
        datetime(2019, 12, 24, 11, 30)]
    # "2022/12/14, 13:34. - ": the trailing dot after the time.
    assert [m.ts for m in messages(OLD_CHAT_MINER / "test_dateformat3.txt")] == [
        datetime(2022, 12, 14, 13, 34), datetime(2022, 12, 24, 11, 33), datetime(2022, 12, 24, 11, 35),
        datetime(2022, 12, 21, 17, 2)]


def test_whatstk_layouts_agree_and_the_group_notice_is_dropped() -> None:
    old = WHATSTK / "_history" / "f0a0af1a2c1e" / "tests" / "chats"
    android_24h, ios, android_12h, dotted = (
        [(m.ts, m.sender, m.text) for m in messages(old / name)]
        for name in ("example_1.txt", "example_2.txt", "example-12h.txt", "example-12h-2.txt"))
    assert android_24h == ios
    assert android_24h[0] == (datetime(2016, 8, 6, 13, 23), "Ash Ketchum", "Hey guys!")
    # The two 12 h files are the same chat converted by hand, with mistakes: the 24 h file's 11:45 is
    # "11:45 PM", its 12:23 is "02:23 PM", and example-12h-2.txt makes 09:45 and 11:25 "p.m." too. We read
    # what each file says; these differences are the samples', not ours.
    def differences(other: list[tuple[datetime, str, str]]) -> list[tuple[str, str]]:
        return [(a[0].strftime("%d/%m %H:%M"), b[0].strftime("%H:%M")) for a, b in zip(android_24h, other) if a != b]
    assert differences(android_12h) == [("07/08 11:45", "23:45"), ("31/10 11:45", "23:45"), ("31/10 12:23", "14:23")]
    assert differences(dotted) == [("07/08 11:45", "23:45"), ("10/08 09:45", "21:45"), ("10/08 11:25", "23:25"),
                                   ("31/10 11:45", "23:45"), ("31/10 12:23", "14:23")]
    # pokemon.txt: "Pokemon Chat: Messages and calls are end-to-end encrypted..." is the group's notice.
    pokemon = messages(WHATSTK / "chats" / "whatsapp" / "pokemon.txt")
    assert "Pokemon Chat" not in {m.sender for m in pokemon}
    assert (pokemon[0].ts, pokemon[-1].ts) == (datetime(2016, 8, 6, 13, 23), datetime(2016, 10, 31, 12, 23))


def test_whatstk_lorem_layouts() -> None:
    lorem = messages(WHATSTK / "chats" / "whatsapp" / "lorem.txt")  # "[15-01-20 02:22:56]": day-first dashes
    assert (lorem[0].ts, lorem[0].sender) == (datetime(2020, 1, 15, 2, 22, 56), "Mary")
    assert lorem[2].sender == "+1 123 456 789"
    big = messages(WHATSTK / "chats" / "whatsapp" / "lorem-2000.txt")  # "[2019-04-16 02:09]": no comma, no seconds
    assert (big[0].ts, big[-1].ts.year) == (datetime(2019, 4, 16, 2, 9), 2020)
    assert [m.ts for m in big] == sorted(m.ts for m in big)
