"""signal-export's chat.md text: our fixtures, chat-miner's sample, and hostile input."""
from __future__ import annotations

import json
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from homeward.errors import BadInput, HomewardError
from homeward.ingest import signal_text
from homeward.ingest.records import Call, Message

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "signal"
CHAT_MINER = Path(__file__).resolve().parents[2] / ".." / "shared" / "fixtures" / "exports" / "chat-miner"
TZ = ZoneInfo("Europe/Berlin")
SAM = "Sam Okafor"


def records(name: str) -> list[Message | Call]:
    return list(signal_text.parse(FIXTURES / name, tz=TZ))


def msg(ts: str, sender: str, text: str, source: str, **extra: Any) -> Message:
    if sender == "Me":
        extra.setdefault("from_me", True)
    return Message(ts=datetime.fromisoformat(ts), sender=sender, text=text, source=source, **extra)


def call(ts: str, caller: str, status: Any, source: str, **extra: Any) -> Call:
    if caller == "Me":
        extra.setdefault("from_me", True)
    return Call(ts=datetime.fromisoformat(ts), caller=caller, status=status, source=source, **extra)


def test_old_format_with_comma_and_minutes() -> None:
    f = "old_format_comma_minutes.md:"
    assert records("old_format_comma_minutes.md") == [
        msg("2019-05-29 15:04", "Me", "How was the appointment?", f + "1"),
        msg("2019-05-29 15:10", SAM, "Fine. Long wait.", f + "2"),
        msg("2019-05-29 15:11", SAM, "They want a follow-up\nin two weeks.", f + "3"),
        msg("2019-05-29 15:20", "Me", "", f + "5", media=True),
    ]


def test_quotes_and_reactions_are_not_part_of_the_text() -> None:
    f = "new_format_quote_reactions.md:"
    assert records("new_format_quote_reactions.md") == [
        msg("2024-02-10 19:02:11", SAM, "Are you free Sunday?", f + "1"),
        msg("2024-02-10 19:05:40", "Me", "Yes, after 2pm", f + "2"),
        msg("2024-02-10 19:06:02", SAM, "Great. I'll bring the kids' bikes\nand the helmets.", f + "8"),
        msg("2024-02-10 19:07:15", "Me", "> this line is mine, not a quote", f + "10"),
        msg("2024-02-10 19:08:00", SAM, "Perfect", f + "11"),
    ]


def test_attachments_stickers_and_missing_media_are_media() -> None:
    f = "attachments_stickers_not_exported.md:"
    assert records("attachments_stickers_not_exported.md") == [
        msg("2024-02-11 08:00:00", SAM, "Photo from the park", f + "1", media=True),
        msg("2024-02-11 08:01:30", "Me", "", f + "2", media=True),  # two attachments, no caption
        msg("2024-02-11 08:02:00", SAM, "", f + "3", media=True),  # sticker without its file
        msg("2024-02-11 08:02:30", "Me", "", f + "5", media=True),  # sticker with its file
        msg("2024-02-11 08:03:00", SAM, "voice note for you", f + "6", media=True),  # not exported
        msg("2024-02-11 08:04:00", "Me", "see [this link](https://example.org/x) please", f + "7"),
        msg("2024-02-11 08:05:00", SAM, "nice", f + "8", media=True),  # reactions, then the photo
    ]


def test_calls_and_deleted_messages() -> None:
    f = "calls_and_deleted.md:"
    assert records("calls_and_deleted.md") == [
        call("2024-02-12 21:00:00", SAM, "answered", f + "1", duration_s=725),
        call("2024-02-12 22:15:00", "Me", "missed", f + "2", video=True),
        call("2024-02-13 07:30:00", SAM, "missed", f + "3"),
        call("2024-02-13 07:45:00", "Me", "declined", f + "4"),
        msg("2024-02-13 08:00:00", SAM, "", f + "5", deleted=True),
        call("2024-02-13 08:01:00", SAM, "answered", f + "6"),  # legacy: no status written
        call("2024-02-13 08:02:00", "Me", "answered", f + "7", duration_s=45, video=True),
        msg("2024-02-13 08:03:00", SAM, "I missed your call, sorry", f + "8"),
    ]


def test_invalid_utf8_becomes_replacement_characters() -> None:
    f = "invalid_utf8_bytes.md:"
    assert records("invalid_utf8_bytes.md") == [
        msg("2024-02-14 09:00:00", SAM, "caf\ufffd ok?", f + "1"),
        msg("2024-02-14 09:01:00", "Me", "fine \ufffd\ufffd", f + "2"),
    ]


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.md")))
def test_sniff_recognises_every_fixture_even_renamed(name: str) -> None:
    head = (FIXTURES / name).read_bytes().decode("utf-8", errors="replace")
    assert signal_text.sniff(head, name)
    assert signal_text.sniff(head, "chat.txt")


@pytest.mark.parametrize("head", [
    # WhatsApp iOS in an ISO-date locale: seconds, no Markdown line break.
    "[2024-02-10 19:02:11] Sam Okafor: Are you free Sunday?\n[2024-02-10 19:05:40] Robin: Yes\n",
    # whatstk's generated WhatsApp sample: ISO date, no comma, no seconds.
    "[2019-04-16 02:09] Mary: Et labore proident laboris do labore ex.\n",
    "[24/12/2019, 12:23:45] Jane Doe: Hello\n",
    "24/12/2019, 12:23 - Jane Doe: Hello\n",
    '{"messages": []}',
    "",
])
def test_sniff_leaves_whatsapp_and_others_alone(head: str) -> None:
    assert not signal_text.sniff(head, "_chat.txt")


@pytest.mark.parametrize(("content", "error"), [
    ("hello there\n[2024-01-01 10:00:00] A: hi  \n",
     'chat.md:1: expected a signal-export message line like "[2024-01-31 18:05:09] Name: text"'),
    ("\n\n[2024-01-01 10:00:00] A: hi  \n[2024-02-30 10:00:00] A: leap?  \n",
     'chat.md:4: cannot read the date "[2024-02-30 10:00:00]" (expected a signal-export message line)'),
])
def test_bad_input_is_one_line_naming_the_line(tmp_path: Path, content: str, error: str) -> None:
    path = tmp_path / "chat.md"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(BadInput) as caught:
        list(signal_text.parse(path, tz=TZ))
    assert str(caught.value) == error


def test_parse_is_lazy_and_a_body_runs_to_the_next_header(tmp_path: Path) -> None:
    path = tmp_path / "chat.md"
    path.write_text("[2024-01-01 10:00:00] A: first  \n[2024-01-01 10:01:00] B: second\nline  \n", encoding="utf-8")
    records_ = signal_text.parse(path, tz=TZ)
    assert next(records_) == msg("2024-01-01 10:00:00", "A", "first", "chat.md:1")
    assert next(records_) == msg("2024-01-01 10:01:00", "B", "second\nline", "chat.md:2")


def test_chat_miner_sample_matches_its_target() -> None:
    sample = CHAT_MINER / "test" / "signal" / "test_export.txt"
    if not sample.exists():
        pytest.skip("the peers' samples in ../shared are not here")
    target = json.loads((sample.parent / "target.json").read_text(encoding="utf-8"))
    assert signal_text.sniff(sample.read_text(encoding="utf-8"), sample.name)
    got = list(signal_text.parse(sample, tz=TZ))
    assert got == [
        msg("2019-12-24 12:23", "Jane Doe", "Hello John!", "test_export.txt:1"),
        msg("2020-01-17 21:49", "John Doe", "Hello\nJane!", "test_export.txt:2"),
    ]
    # chat-miner lists newest first and joins continuation lines with a space; we keep
    # the line break the sender typed, so texts are compared with whitespace folded.
    expected = sorted((t["timestamp"], t["author"], t["message"]) for t in target)
    assert [(r.ts.isoformat(), r.sender, " ".join(r.text.split())) for r in got if isinstance(r, Message)] == expected


# --- anything at all is records or a HomewardError -------------------------------------------

_LINE = st.one_of(
    st.text(max_size=40),
    st.builds(lambda d, s, b: f"[{d}] {s}: {b}",
              st.sampled_from(["2024-01-01 10:00:00", "2024-01-01, 10:00", "2024-13-45 99:99:99",
                               "9999-12-31 23:59:59"]),
              st.text(max_size=10), st.text(max_size=40)),
    st.sampled_from(["", "> quoted", "(- A: x -)", "(( x ))", "(media not exported)  ", "![a](./media/a.jpg)  ",
                     "Incoming voice call (accepted, 1m 2s)", "Missed video call", "(This message was deleted)"]),
)


def _records_or_homeward_error(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "chat.md"
        path.write_bytes(data)
        try:
            got = list(signal_text.parse(path, tz=TZ))
        except HomewardError:
            return
        assert all(isinstance(r, (Message, Call)) for r in got)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2048))
def test_any_bytes_give_records_or_a_homeward_error(data: bytes) -> None:
    _records_or_homeward_error(data)


@settings(max_examples=200, deadline=None)
@given(st.lists(_LINE, max_size=12))
def test_any_mix_of_lines_gives_records_or_a_homeward_error(lines: list[str]) -> None:
    _records_or_homeward_error("\n".join(lines).encode("utf-8", errors="surrogatepass"))
