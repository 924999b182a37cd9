"""WhatsApp "Export chat": the zoo of layouts, one file per quirk, and the .zip WhatsApp makes."""
from __future__ import annotations

import shutil
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from homeward.errors import BadInput, UnknownFormat
from homeward.ingest import detect_format, open_export, whatsapp
from homeward.ingest.records import Call, Message, Notice

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "whatsapp"
ZOO = sorted((FIXTURES / "zoo").glob("*.txt"))
TZ = ZoneInfo("Europe/London")

# The zoo's one conversation, as every layout must give it: (ts to the minute, sender, text, media, deleted).
ZOO_RECORDS = [
    ("2025-01-20 21:14", "Jordan", "Are the kids asleep?", False, False),
    ("2025-01-20 21:16", "Alex", "Yes, finally.\nMaisie wants to show you her drawing.\nCan you call tomorrow?",
     False, False),
    ("2025-01-20 21:20", "Jordan", "The garden in the snow", True, False),  # media with its caption
    ("2025-01-20 21:25", "Alex", "❤️", False, False),
    ("2025-01-20 21:31", "Jordan", "", False, True),  # "This message was deleted"
    ("2025-01-20 23:58", "Alex", "Note to self: pick-up is at 4 - not 5", False, False),
    ("2025-01-21 00:07", "Jordan", "Still up?", False, False),  # 12:07 AM
    ("2025-01-21 00:09", "Alex", "Can't sleep either", False, False),
    ("2025-01-21 12:05", "Jordan", "Lunch break. I can call at 6", False, False),  # 12:05 PM
    ("2025-01-21 12:30", "Alex", "", True, False),  # media without a caption
    ("2025-01-21 18:02", "Alex", "", False, True),  # "You deleted this message"
    ("2025-01-21 18:03", "Alex", "Sorry, wrong chat 🙈", False, False),
]


def normalised(records: list[Any]) -> list[Any]:
    """Messages as ZOO_RECORDS writes them; calls and notices as they are."""
    return [(r.ts.strftime("%Y-%m-%d %H:%M"), r.sender, r.text, r.media, r.deleted) if isinstance(r, Message) else r
            for r in records]


def parse(name: str) -> list[Any]:
    return list(whatsapp.parse(FIXTURES / name, tz=TZ))


def msg(ts: str, sender: str, text: str, source: str, **extra: Any) -> Message:
    return Message(datetime.fromisoformat(ts), sender, text, source, **extra)


def call(ts: str, caller: str, status: Any, source: str, **extra: Any) -> Call:
    return Call(datetime.fromisoformat(ts), caller, status, source, **extra)


def test_the_zoo_holds_every_layout() -> None:
    assert len(ZOO) >= 38, [p.name for p in ZOO]


@pytest.mark.parametrize("path", ZOO, ids=[p.stem for p in ZOO])
def test_every_layout_gives_the_same_records(path: Path) -> None:
    records = list(whatsapp.parse(path, tz=TZ))
    assert normalised(records) == ZOO_RECORDS  # no Notice either: a day above 12 decides the order
    assert detect_format(path) is whatsapp
    # The user's own deletion says who the user is, in every language.
    assert [r.from_me for r in records if r.deleted] == [None, True]


@pytest.mark.parametrize("path", [p for p in ZOO if p.name.startswith("ios_") and "2015" not in p.name],
                         ids=lambda p: p.stem)
def test_ios_encryption_notice_names_the_partner(path: Path) -> None:
    assert {r.thread for r in whatsapp.parse(path, tz=TZ)} == {"Jordan"}


def test_ambiguous_dates_with_a_us_clock_read_month_first_and_say_so() -> None:
    records = parse("ambiguous_dates_us_clock.txt")
    assert records[0] == Notice("ambiguous_dates_us_clock.txt: no date in the file shows whether the day or the month "
                                "comes first; read as month/day/year, the usual order for this layout",
                                "ambiguous_dates_us_clock.txt:1")
    assert [r.ts for r in records[1:]][::5] == [datetime(2025, 1, 5, 21, 14), datetime(2025, 1, 6, 0, 7),
                                               datetime(2025, 1, 6, 18, 3)]


def test_ambiguous_dates_with_a_24h_clock_read_day_first_and_say_so() -> None:
    records = parse("ambiguous_dates_24h.txt")
    assert records[0] == Notice("ambiguous_dates_24h.txt: no date in the file shows whether the day or the month "
                                "comes first; read as day/month/year, the usual order for this layout",
                                "ambiguous_dates_24h.txt:1")
    assert [r.ts for r in records[1:]][::5] == [datetime(2025, 1, 5, 21, 14), datetime(2025, 1, 6, 0, 7),
                                               datetime(2025, 1, 6, 18, 3)]


def test_ios_system_notices_are_not_messages() -> None:
    f, j = "ios_system_notices.txt:", {"thread": "Jordan"}  # the encryption notice's sender is the partner
    assert parse("ios_system_notices.txt") == [
        msg("2025-01-20 21:14:03", "Jordan", "Are you there?", f + "2", **j),
        msg("2025-01-20 21:16:40", "Alex", "Yes. Why?", f + "4", **j),
        msg("2025-01-20 21:18:00", "Jordan", "New phone", f + "7", **j),
        # a shared location is marked like a notice but carries the sender's words
        msg("2025-01-20 21:20:00", "Alex", "Location: https://maps.google.com/?q=51.5021456,-0.127397", f + "9", **j),
        msg("2025-01-20 21:22:00", "Alex", "Got it", f + "11", **j),
    ]


def test_android_system_lines_are_not_messages_and_missed_calls_are_calls() -> None:
    f = "android_system_lines.txt:"
    assert parse("android_system_lines.txt") == [
        msg("2025-01-20 21:14", "Jordan", "Are you there?", f + "7"),
        msg("2025-01-20 21:16", "Alex", "Yes", f + "9"),
        call("2025-01-20 21:17", "Jordan", "missed", f + "10"),
        call("2025-01-20 21:18", "Alex", "missed", f + "11", video=True),
    ]


def test_ios_call_lines_in_english() -> None:
    f, j = "calls_ios.txt:", {"thread": "Jordan"}
    assert parse("calls_ios.txt") == [
        call("2025-01-20 21:14:03", "Jordan", "missed", f + "2", **j),
        call("2025-01-20 21:20:00", "Jordan", "missed", f + "3", video=True, **j),
        call("2025-01-20 21:30:00", "Alex", "answered", f + "4", duration_s=720, **j),
        call("2025-01-20 22:00:00", "Jordan", "answered", f + "5", duration_s=3600, video=True, **j),
        call("2025-01-21 08:00:00", "Alex", "missed", f + "6", **j),  # "No answer": the partner missed it
        msg("2025-01-21 08:05:00", "Jordan", "Voice call, 12 min", f + "7", **j),  # typed, not marked: words
        call("2025-01-21 08:06:00", "Alex", "answered", f + "8", duration_s=3900, video=True, **j),
        call("2025-01-21 09:00:00", "Jordan", "missed", f + "9", **j),  # silenced by Do Not Disturb
        call("2025-01-21 09:10:00", "Alex", "answered", f + "10", **j),  # answered on another device
        msg("2025-01-21 09:11:00", "Alex", "Sorry, was driving", f + "11", **j),
    ]


@pytest.mark.parametrize("name,typed", [("calls_ios_es.txt", "Llamada, 12 min"), ("calls_ios_de.txt", "Sprachanruf")])
def test_ios_call_lines_in_spanish_and_german(name: str, typed: str) -> None:
    f, j = name + ":", {"thread": "Jordan"}
    assert parse(name) == [
        call("2025-01-20 21:14:03", "Jordan", "missed", f + "2", **j),
        call("2025-01-20 21:20:00", "Jordan", "missed", f + "3", video=True, **j),
        call("2025-01-20 21:30:00", "Alex", "answered", f + "4", duration_s=720, **j),
        call("2025-01-20 22:00:00", "Jordan", "answered", f + "5", duration_s=2700, video=True, **j),
        msg("2025-01-21 08:00:00", "Alex", typed, f + "6", **j),
    ]


def test_edited_suffix_is_stripped_and_view_once_is_media() -> None:
    f = "edited_and_view_once.txt:"
    assert parse("edited_and_view_once.txt") == [
        msg("2025-01-20 21:14", "Jordan", "See you at 6", f + "2"),
        msg("2025-01-20 21:16", "Alex", "", f + "3", media=True),  # Android writes view-once media as "null"
        msg("2025-01-20 21:17", "Jordan", "Two lines\nand an edit", f + "4"),
        msg("2025-01-20 21:18", "Alex", "<b>bold</b> is not an edit", f + "6"),
        msg("2025-01-20 21:19", "Jordan", "", f + "7", media=True),
        msg("2025-01-20 21:20", "Alex", "null and void", f + "8"),
        msg("2025-01-20 21:21", "Jordan", "Diese Zeile bleibt", f + "9"),
        msg("2025-01-20 21:22", "Alex", "ok", f + "10"),
    ]


def test_deleted_placeholders_in_many_languages() -> None:
    records = parse("deleted_localized.txt")
    assert [(r.sender, r.text, r.media, r.deleted, r.from_me) for r in records] == [
        *[("Jordan", "", False, True, None), ("Alex", "", False, True, True)] * 8,
        ("Jordan", "", False, True, None),
        ("Alex", "This message was deleted, I think", False, False, None),
    ]


def test_bytes_that_are_not_utf8_become_replacement_characters() -> None:
    assert [r.text for r in parse("invalid_utf8.txt")] == [
        "Are you there?", "caf\ufffd at 5 (latin-1, not UTF-8)", "\ufffd\ufffd broken bytes", "cut emoji \ufffd",
        "Fine"]


def test_a_date_that_does_not_exist_names_the_file_and_line() -> None:
    with pytest.raises(BadInput) as err:
        parse("nonexistent_date.txt")
    assert str(err.value) == 'nonexistent_date.txt:4: cannot read the date "31/02/2025, 21:17" (no such day or time)'


def test_a_first_line_that_is_no_header_names_the_file_and_line() -> None:
    with pytest.raises(BadInput) as err:
        parse("garbage_first_line.txt")
    assert str(err.value) == ('garbage_first_line.txt:1: cannot read "Chat history with Jordan, saved from my old '
                              'phone" (expected a WhatsApp message line)')


def test_ios_document_titles_are_not_captions() -> None:
    records = parse("ios_document_title.txt")
    assert [(r.sender, r.text, r.media) for r in records] == [
        ("Jordan", "", True), ("Alex", "", True), ("Jordan", "", True), ("Alex", "", True), ("Jordan", "", True),
        ("Alex", "", True), ("Jordan", "", True), ("Jordan", "Read it? It's the omitted part", False)]


def test_unsaved_contacts_and_phone_numbers_lose_their_marks() -> None:
    assert [(r.sender, r.text) for r in parse("unsaved_contact_names.txt")] == [
        ("Jordan", "Hi, it's me, new number"), ("Alex", "Saved"), ("+44 7700 900123", "Old phone still works"),
        ("Alex", "~ ok")]


def test_a_bom_on_every_line_and_inside_the_bracket() -> None:
    f = "ios_bom_every_line.txt:"
    assert parse("ios_bom_every_line.txt") == [
        msg("2018-01-29 12:24:05", "Jordan", "Hallo!", f + "2"),
        msg("2018-01-29 12:25:00", "Alex", "Hallo, wie geht's?\nzweite Zeile", f + "3"),
        msg("2018-01-30 09:00:00", "Jordan", "Gut", f + "5"),
    ]


def test_english_day_periods_instead_of_am_pm() -> None:
    assert [r.ts.strftime("%d %H:%M") for r in parse("android_en_day_periods.txt")] == [
        "13 09:15", "13 12:30", "13 18:45", "13 23:20", "14 00:10", "14 01:05", "14 08:00"]


@pytest.mark.parametrize("fields,us_clock,expected", [
    ([(20, 1, 25)], False, ("DMY", False)),
    ([(1, 20, 25)], False, ("MDY", False)),
    ([(1, 5, 25), (1, 6, 25)], True, ("MDY", True)),  # a tie: the US clock decides
    ([(5, 1, 25), (6, 1, 25)], False, ("DMY", True)),
    ([(1, 12, 24), (1, 1, 25)], False, ("DMY", True)),  # only day-first runs forward in time
    ([(2025, 1, 20)], True, ("MDY", False)),  # year-first dates are no evidence either way
])
def test_the_date_order_comes_from_the_whole_file(fields: list[tuple[int, int, int]], us_clock: bool,
                                                  expected: tuple[str, bool]) -> None:
    assert whatsapp.decide_date_order(fields, us_clock=us_clock) == expected


def test_a_day_above_12_late_in_the_file_decides_for_all_lines(tmp_path: Path) -> None:
    lines = [f"01/0{m}/2025, 10:00 - Jordan: message {m}" for m in range(1, 10)] + ["25/09/2025, 10:00 - Alex: late"]
    path = tmp_path / "chat.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    records = list(whatsapp.parse(path, tz=TZ))
    assert [r.ts.month for r in records] == [1, 2, 3, 4, 5, 6, 7, 8, 9, 9]


@pytest.mark.parametrize("name,title", [
    ("WhatsApp Chat with Jordan.txt", "Jordan"), ("WhatsApp Chat mit Jordan (1).txt", "Jordan"),
    ("Chat de WhatsApp con Jordan.txt", "Jordan"), ("Conversa do WhatsApp com Jordan.txt", "Jordan"),
    ("WhatsApp Chat - Jordan.txt", "Jordan"), ("_chat.txt", None), ("chat.txt", None),
])
def test_the_partner_is_read_from_the_file_name(name: str, title: str | None) -> None:
    assert whatsapp._chat_title(Path(name)) == title


def zip_folder(folder: Path, target: Path, *, extra: dict[str, bytes] | None = None) -> Path:
    """Zip ``folder`` as WhatsApp's "Export chat" does: the chat text and the media side by side."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for file in sorted(folder.iterdir()):
            zf.write(file, file.name)
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return target


@pytest.mark.parametrize("folder,txt", [("zip_android", "android_en_gb_24h.txt"),
                                        ("zip_ios", "ios_en_us_12h_attached.txt")])
def test_the_zip_whatsapp_makes_gives_the_records_of_its_txt(tmp_path: Path, folder: str, txt: str) -> None:
    archive = zip_folder(FIXTURES / folder, tmp_path / "WhatsApp Chat - Jordan.zip")
    with open_export(archive, tz=TZ) as export:
        records = list(export.records)
    assert export.format == "whatsapp"
    assert normalised(records) == ZOO_RECORDS == normalised(parse(f"zoo/{txt}"))
    assert {r.thread for r in records} == {"Jordan"}  # Android: the file name; iOS: the encryption notice


def test_a_truncated_zip_is_one_line_of_bad_input(tmp_path: Path) -> None:
    whole = zip_folder(FIXTURES / "zip_android", tmp_path / "whole.zip").read_bytes()
    cut = tmp_path / "cut.zip"
    cut.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(BadInput) as err, open_export(cut, tz=TZ) as export:
        list(export.records)
    assert str(err.value) == f"{cut}: not a readable zip file (File is not a zip file)"


def test_a_zip_without_a_chat_is_bad_input(tmp_path: Path) -> None:
    folder = tmp_path / "media_only"
    folder.mkdir()
    shutil.copy(FIXTURES / "zip_android" / "IMG-20250120-WA0003.jpg", folder)
    archive = zip_folder(folder, tmp_path / "photos.zip")
    with pytest.raises(UnknownFormat) as err, open_export(archive, tz=TZ):
        pass
    assert str(err.value).startswith(f"{archive}: holds no chat export homeward can read (known formats: ")


def test_a_zip_member_that_climbs_out_is_refused(tmp_path: Path) -> None:
    archive = zip_folder(FIXTURES / "zip_android", tmp_path / "evil.zip", extra={"../escape.txt": b"boo"})
    with pytest.raises(BadInput) as err, open_export(archive, tz=TZ):
        pass
    assert str(err.value) == f"{archive}:../escape.txt: zip member escapes the archive folder; refusing it"
    assert not (tmp_path / "escape.txt").exists()


def test_an_empty_message_is_a_message(tmp_path: Path) -> None:
    path = tmp_path / "chat.txt"
    path.write_text("20/01/2025, 21:14 - Jordan: \n20/01/2025, 21:15 - Alex: ?\n", encoding="utf-8")
    assert [(r.sender, r.text) for r in whatsapp.parse(path, tz=TZ)] == [("Jordan", ""), ("Alex", "?")]


def test_a_note_to_self_has_a_sender_that_is_only_a_mark(tmp_path: Path) -> None:
    # Android's "Message yourself" chat writes the user as a lone U+200E: keep the lines, with no name.
    path = tmp_path / "chat.txt"
    path.write_text("25/01/22, 9:32 am - \u200e: Good luck\n25/01/22, 3:42 pm - \u200e: <Media omitted>\n",
                    encoding="utf-8")
    assert [(r.sender, r.text, r.media) for r in whatsapp.parse(path, tz=TZ)] == [("", "Good luck", False),
                                                                                 ("", "", True)]


def test_quotes_in_a_name_are_a_name_and_an_open_quote_is_a_group_notice(tmp_path: Path) -> None:
    path = tmp_path / "chat.txt"
    path.write_text('20/01/2025, 21:10 - Alex changed the subject to "Kids: school"\n'
                    '20/01/2025, 21:11 - Jordan changed the subject to „Kinder: Schule“\n'
                    '20/01/2025, 21:12 - Jordan „JJ“ Lee: hallo\n'
                    '20/01/2025, 21:13 - Thandi "Ndazo\'s Sister" T: hi\n', encoding="utf-8")
    assert [(r.sender, r.text) for r in whatsapp.parse(path, tz=TZ)] == [
        ("Jordan „JJ“ Lee", "hallo"), ('Thandi "Ndazo\'s Sister" T', "hi")]


def test_lines_after_a_system_notice_belong_to_it(tmp_path: Path) -> None:
    path = tmp_path / "chat.txt"
    path.write_text("20/01/2025, 21:11 - Jordan: hi\nsecond line\n20/01/2025, 21:12 - Alex changed the group "
                    "description\nthe description, on its own line\n20/01/2025, 21:13 - Alex: ok\n", encoding="utf-8")
    assert [(r.sender, r.text) for r in whatsapp.parse(path, tz=TZ)] == [("Jordan", "hi\nsecond line"), ("Alex", "ok")]
