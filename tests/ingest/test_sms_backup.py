"""SMS Backup & Restore XML: messages, MMS, group MMS, calls, emoji quirks and hostile XML."""
from __future__ import annotations

import tracemalloc
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from homeward.errors import BadInput, HomewardError
from homeward.ingest import read_head, sms_backup
from homeward.ingest.records import Call, CallStatus, Message

FIXTURES = Path(__file__).parents[1] / "fixtures" / "sms"
TZ = sms_backup.ZoneInfo("Europe/London")
JORDAN = "+447700900123"


def records(name: str) -> list[Message | Call]:
    return list(sms_backup.parse(FIXTURES / name, tz=TZ))


def test_emoji_surrogate_pairs_are_joined_and_strays_replaced() -> None:
    src = "emoji_surrogate_pairs.xml"
    assert records(src) == [
        Message(datetime(2024, 3, 30, 9, 15), "Jordan Weber", "Morning 👋 did the kids sleep ok?",
                f"{src}:#1 (line 5)", from_me=False, address=JORDAN),
        Message(datetime(2024, 3, 30, 9, 17, 42), "Me", "Yes, both out like a light 😀\nThanks for asking",
                f"{src}:#2 (line 6)", from_me=True, address=JORDAN),
        # After the switch to summer time (31 March): the instant lands on BST wall-clock time.
        Message(datetime(2024, 3, 31, 8, 5, 10), "Jordan Weber", "🙏 & thank you ❤️ (new phone writes 😀 directly)",
                f"{src}:#3 (line 7)", from_me=False, address=JORDAN),
        Message(datetime(2024, 4, 2, 21, 40, 5), "Jordan Weber", "half an emoji \ufffd and a bell \ufffd survive",
                f"{src}:#4 (line 8)", from_me=False, address=JORDAN),
    ]


def test_mms_text_and_image_is_media_with_caption() -> None:
    src = "mms_text_and_image.xml"
    assert records(src) == [
        Message(datetime(2024, 4, 3, 7, 2), "Jordan Weber", "Sending you the photo from the school trip",
                f"{src}:#1 (line 5)", from_me=False, address=JORDAN),
        Message(datetime(2024, 4, 3, 7, 30, 15), "Jordan Weber", "Riley on the climbing wall 😂",
                f"{src}:#2 (line 6)", media=True, from_me=False, address=JORDAN),
        Message(datetime(2024, 4, 5, 18, 0), "Me", "", f"{src}:#3 (line 17)", media=True, from_me=True,
                address=JORDAN),
    ]


def test_group_mms_is_marked_and_not_taken_for_the_partner() -> None:
    src = "group_mms.xml"
    group = "group:+447700900123~+447700900789"
    assert records(src) == [
        # contact_name lists everyone in a group; the sender is the <addr type="137"> number.
        Message(datetime(2024, 4, 5, 18, 3, 20), "+447700900789", "Who is bringing the cake on Saturday?",
                f"{src}:#1 (line 5)", from_me=False, address="+447700900789", thread=group),
        Message(datetime(2024, 4, 6, 12, 0), "Me", "I will!", f"{src}:#2 (line 15)", from_me=True, address=None,
                thread=group),
        Message(datetime(2024, 4, 6, 12, 10), "Jordan Weber", "Thank you for offering", f"{src}:#3 (line 25)",
                from_me=False, address=JORDAN),
    ]


def test_drafts_outbox_failed_and_queued_are_skipped() -> None:
    src = "drafts_outbox_failed_queued.xml"
    assert records(src) == [
        Message(datetime(2024, 4, 6, 12, 0), "Jordan Weber", "Can we talk tonight?", f"{src}:#1 (line 5)",
                from_me=False, address=JORDAN),
        Message(datetime(2024, 4, 6, 12, 50), "Me", "Yes, after 8?", f"{src}:#7 (line 18)", from_me=True,
                address=JORDAN),
    ]


def test_number_formats() -> None:
    src = "number_formats.xml"
    assert records(src) == [
        Message(datetime(2024, 4, 6, 12, 0), "Jordan Weber", "international, spaced", f"{src}:#1 (line 5)",
                from_me=False, address=JORDAN),
        # No country code: the region cannot be known from the file, so the digits stay as written.
        Message(datetime(2024, 4, 6, 12, 10), "Me", "national, as typed into the dialler", f"{src}:#2 (line 6)",
                from_me=True, address="07700900123"),
        Message(datetime(2024, 4, 6, 12, 20), "+12025550143", "punctuated, from abroad", f"{src}:#3 (line 7)",
                from_me=False, address="+12025550143"),
        Message(datetime(2024, 4, 6, 12, 30), "ACME-BANK", "Your code is 204 611", f"{src}:#4 (line 8)",
                from_me=False, address="ACME-BANK"),
        Message(datetime(2024, 4, 6, 12, 40), "Priya Nair", "international prefix instead of plus",
                f"{src}:#5 (line 9)", from_me=False, address="00447700900456"),
        Message(datetime(2024, 4, 6, 12, 50), "unknown number", "no sender at all", f"{src}:#6 (line 10)",
                from_me=False, address=None),
    ]


def test_calls_of_every_type() -> None:
    src = "calls_every_type.xml"

    def call(ts: datetime, caller: str, status: CallStatus, n: int, duration: int, from_me: bool,
             address: str | None = JORDAN) -> Call:
        return Call(ts, caller, status, f"{src}:#{n} (line {n + 4})", duration_s=duration, from_me=from_me,
                    address=address, channel="phone")

    assert records(src) == [
        call(datetime(2024, 3, 30, 9, 15), "Jordan Weber", "answered", 1, 754, False),
        call(datetime(2024, 3, 30, 9, 17, 42), "Jordan Weber", "missed", 2, 0, False),  # incoming, 0 s
        call(datetime(2024, 3, 31, 8, 5, 10), "Me", "answered", 3, 61, True, "07700900123"),
        call(datetime(2024, 4, 2, 21, 40, 5), "Me", "missed", 4, 0, True),  # outgoing, nobody answered
        call(datetime(2024, 4, 2, 21, 41, 30), "Jordan Weber", "missed", 5, 0, False),
        call(datetime(2024, 4, 3, 7, 2), "Jordan Weber", "missed", 6, 0, False),  # voicemail
        call(datetime(2024, 4, 3, 7, 30, 15), "Jordan Weber", "declined", 7, 0, False),  # rejected
        call(datetime(2024, 4, 5, 18, 0), "unknown number", "declined", 8, 0, False, None),  # blocked, private
        call(datetime(2024, 4, 5, 18, 3, 20), "Jordan Weber", "answered", 9, 300, False),  # on another device
        # type 42: unknown to this reader, skipped
    ]


def test_invalid_utf8_bytes_become_replacement_characters() -> None:
    src = "invalid_utf8_bytes.xml"
    assert records(src) == [
        Message(datetime(2024, 3, 30, 9, 15), "Jordan Weber", "caf\ufffd at 10 \ufffd\ufffd ok?", f"{src}:#1 (line 3)",
                from_me=False, address=JORDAN),
        Message(datetime(2024, 3, 30, 9, 17, 42), "Me", "Sure", f"{src}:#2 (line 4)", from_me=True, address=JORDAN),
    ]


@pytest.mark.parametrize("name", ["billion_laughs.xml", "external_entity.xml"])
def test_entity_attacks_are_refused_in_one_line(name: str) -> None:
    with pytest.raises(BadInput) as caught:
        records(name)
    assert str(caught.value) == (f"{name}:2: refusing an XML DTD or entity declaration (SMS Backup & Restore never "
                                 "writes one; it can expand into an entity-expansion attack)")


def test_bad_date_names_the_record() -> None:
    parsed = sms_backup.parse(FIXTURES / "bad_date.xml", tz=TZ)
    assert next(parsed).text == "first"
    with pytest.raises(BadInput) as caught:
        next(parsed)
    assert str(caught.value) == 'bad_date.xml:#2 (line 4): <sms> date="yesterday" is not a number'


def test_truncated_file_names_the_line() -> None:
    with pytest.raises(BadInput) as caught:
        records("truncated.xml")
    assert str(caught.value) == "truncated.xml:4: not well-formed XML at column 3 (unclosed token)"


def test_other_xml_is_not_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_text('<?xml version="1.0"?>\n<rss version="2.0"><channel/></rss>\n')
    with pytest.raises(BadInput) as caught:
        list(sms_backup.parse(path, tz=TZ))
    assert str(caught.value) == ("feed.xml:2: not an SMS Backup & Restore file (root element <rss>, expected <smses> "
                                 "or <calls>)")


@pytest.mark.parametrize("shift", range(-14, 3))
def test_surrogate_pair_split_across_a_long_line_slice(tmp_path: Path, shift: int) -> None:
    # MMS images make lines of megabytes, read in 1 MiB slices; a pair may straddle the cut.
    prefix = '<sms address="+447700900123" date="1711790100000" type="1" body="'
    padding = "x" * ((1 << 20) - len(prefix) + shift)  # the pair starts `shift` bytes from the slice end
    path = tmp_path / "long.xml"
    path.write_text('<smses count="1">\n' + prefix + padding + '&#55357;&#56832;end" />\n</smses>\n')
    (message,) = list(sms_backup.parse(path, tz=TZ))
    assert isinstance(message, Message)
    assert message.text == padding + "😀end"


def test_large_backup_streams_in_constant_memory(tmp_path: Path) -> None:
    path = tmp_path / "sms-big.xml"
    row = ('  <sms protocol="0" address="+447700900123" date="{}" type="{}" body="message {} &#55357;&#56832;" '
           'readable_date="x" contact_name="Jordan Weber" />\n')
    with open(path, "w") as out:
        out.write('<?xml version="1.0" encoding="UTF-8" standalone="yes" ?>\n<smses count="20000">\n')
        out.writelines(row.format(1711790100000 + i * 1000, 1 + i % 2, i) for i in range(20000))
        out.write("</smses>\n")
    tracemalloc.start()
    try:
        count = sum(1 for _ in sms_backup.parse(path, tz=TZ))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count == 20000
    assert peak < 2_000_000  # the file is ~3 MB; a parser holding every record would need far more


def test_repair_char_refs() -> None:
    assert sms_backup.repair_char_refs("&#55357;&#56832;&#xD83D;&#xDE4F;&#10;&#56832;&#0;\x01") == \
        "&#128512;&#128591;&#10;&#65533;&#65533;\ufffd"


def test_sniff() -> None:
    for name in ("emoji_surrogate_pairs.xml", "calls_every_type.xml", "group_mms.xml"):
        assert sms_backup.sniff(read_head(FIXTURES / name), name)
    assert not sms_backup.sniff("[01/04/2024, 09:15:00] Jordan: <smses> in a chat", "_chat.txt")
    assert not sms_backup.sniff('{"messages": []}', "result.json")
    assert not sms_backup.sniff("From: Jordan <j@example.org>\nSubject: x\n", "mail.eml")


FIXTURE_BYTES = [p.read_bytes() for p in sorted(FIXTURES.glob("*.xml"))]


def _spliced(parts: tuple[bytes, int, int, bytes]) -> bytes:
    original, start, length, insert = parts
    return original[:start] + insert + original[start + length:]


any_backup_bytes = st.one_of(
    st.binary(max_size=400),
    st.builds(lambda body: b'<?xml version="1.0"?>\n<smses count="1">\n' + body, st.binary(max_size=300)),
    st.sampled_from(FIXTURE_BYTES).flatmap(lambda b: st.tuples(
        st.just(b), st.integers(0, len(b)), st.integers(0, 40), st.binary(max_size=24))).map(_spliced),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(any_backup_bytes)
def test_any_bytes_give_records_or_a_homeward_error(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "sms-fuzz.xml"
    path.write_bytes(raw)
    try:
        for record in sms_backup.parse(path, tz=TZ):
            assert isinstance(record, (Message, Call))
    except HomewardError as exc:
        assert "\n" not in str(exc)


# --- One couple, one timeline: through `homeward import` -------------------------------------------

def _export(homeward, db: str) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    import json

    code, out, err = homeward("--db", db, "export", "messages")
    assert code == 0, err
    return [json.loads(line) for line in out.splitlines()]


def test_group_mms_stays_out_of_the_couples_timeline(homeward, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "h.db")
    code, _, err = homeward("--db", db, "import", str(FIXTURES / "group_mms.xml"), "--tz", "Europe/London")
    assert code == 0, err
    assert "2 messages in 1 conversation with other people" in err
    assert [(m["sender"], m["name"], m["text"]) for m in _export(homeward, db)] == [
        ("partner", "Jordan Weber", "Thank you for offering")]


def test_two_backups_of_the_same_sms_do_not_double_them(homeward, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # Backup B was made after a phone reset: no contact names, numbers as typed ("07700 900123").
    db = str(tmp_path / "h.db")
    for name in ("backup_phone_a.xml", "calls_phone_a.xml"):
        assert homeward("--db", db, "import", str(FIXTURES / name), "--tz", "Europe/London")[0] == 0
    before = _export(homeward, db)
    assert len(before) == 4  # the two identical "ok"s are two messages
    code, _, err = homeward("--db", db, "import", str(FIXTURES / "backup_phone_b.xml"), "--tz", "Europe/London",
                            "--region", "GB")
    assert code == 0, err
    assert "1 new messages" in err  # only "See you at ten then"
    after = _export(homeward, db)
    assert after[:4] == before
    assert (after[4]["sender"], after[4]["text"]) == ("partner", "See you at ten then")
    code, _, err = homeward("--db", db, "import", str(FIXTURES / "calls_phone_b.xml"), "--tz", "Europe/London")
    assert code == 0, err
    assert "0 new calls" in err
    # Re-importing either backup again adds nothing.
    for name in ("backup_phone_a.xml", "backup_phone_b.xml"):
        code, _, err = homeward("--db", db, "import", str(FIXTURES / name), "--tz", "Europe/London")
        assert "0 new messages" in err, err
    assert len(_export(homeward, db)) == 5


def test_a_grown_backup_still_adds_a_new_identical_message(homeward, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # A third "ok" in the same second under the same name is new, even after the other backup was read.
    db = str(tmp_path / "h.db")
    grown = tmp_path / "grown.xml"
    text = (FIXTURES / "backup_phone_a.xml").read_text(encoding="utf-8")
    ok_line = [line for line in text.splitlines() if 'body="ok"' in line][0]
    grown.write_text(text.replace(ok_line, ok_line + "\n" + ok_line, 1), encoding="utf-8")  # three "ok"s
    assert homeward("--db", db, "import", str(FIXTURES / "backup_phone_a.xml"), "--tz", "Europe/London")[0] == 0
    assert homeward("--db", db, "import", str(FIXTURES / "backup_phone_b.xml"), "--tz", "Europe/London")[0] == 0
    code, _, err = homeward("--db", db, "import", str(grown), "--tz", "Europe/London")
    assert code == 0, err
    assert "1 new messages" in err
    assert sum(m["text"] == "ok" for m in _export(homeward, db)) == 3
