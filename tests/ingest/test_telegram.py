"""Telegram Desktop result.json: our fixtures, chat-miner's samples, and hostile input."""
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
from homeward.ingest import telegram
from homeward.ingest.records import Call, Message

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "telegram"
CHAT_MINER = Path(__file__).resolve().parents[2] / ".." / "shared" / "fixtures" / "exports" / "chat-miner"
TZ = ZoneInfo("Europe/Berlin")
SAM, ROBIN = "Sam Okafor", "Robin Vale"


def records(name: str, tz: ZoneInfo = TZ) -> list[Message | Call]:
    return list(telegram.parse(FIXTURES / name, tz=tz))


def msg(ts: str, sender: str, text: str, source: str, **extra: Any) -> Message:
    return Message(ts=datetime.fromisoformat(ts), sender=sender, text=text, source=source, **extra)


def call(ts: str, caller: str, status: Any, source: str, **extra: Any) -> Call:
    return Call(ts=datetime.fromisoformat(ts), caller=caller, status=status, source=source, **extra)


def test_text_as_string_or_entity_list_edited_and_forwarded() -> None:
    f = "single_chat_text_entities.json:#"
    assert records("single_chat_text_entities.json") == [
        msg("2024-03-01 09:15:02", SAM, "Morning! Did you sleep ok?", f + "101"),
        msg("2024-03-01 09:16:40", ROBIN, "Not really. Again the neighbours.", f + "102"),
        msg("2024-03-01 09:18:05", SAM, "@sam_ok look: https://example.org/flat", f + "103"),
        msg("2024-03-01 09:19:30", ROBIN, "🙂 this place", f + "104"),
        msg("2024-03-01 09:21:00", SAM, "Sorry, I meant Tuesday", f + "105"),  # edited: final text
        msg("2024-03-01 09:40:12", SAM, "Pickup moved to 5pm", f + "106"),  # forwarded: the forwarder's
        msg("2024-03-01 09:41:00", ROBIN, "Tuesday works.", f + "107"),
        msg("2024-03-01 22:03:59", ROBIN, "Line one\nLine two", f + "108"),
    ]


def test_unixtime_is_converted_to_the_zone_asked_for() -> None:
    first = records("single_chat_text_entities.json", tz=ZoneInfo("America/New_York"))[0]
    assert first.ts == datetime(2024, 3, 1, 3, 15, 2)


def test_media_are_messages_with_their_caption_and_service_lines_are_not() -> None:
    f = "single_chat_media_and_service.json:#"
    assert records("single_chat_media_and_service.json") == [
        msg("2024-03-02 08:05:00", SAM, "The kids at the lake", f + "202", media=True),
        msg("2024-03-02 08:06:00", ROBIN, "", f + "203", media=True),  # photo left out of the export
        msg("2024-03-02 08:07:00", SAM, "", f + "204", media=True),  # sticker
        msg("2024-03-02 08:08:00", ROBIN, "", f + "205", media=True),  # voice note
        msg("2024-03-02 08:09:00", SAM, "", f + "206", media=True),  # round video message
        msg("2024-03-02 08:10:00", ROBIN, "Signed form attached", f + "207", media=True),  # file
        msg("2024-03-02 08:12:00", SAM, "", f + "209", media=True),  # location
        msg("2024-03-02 08:14:00", SAM, "Got it, thanks", f + "212"),
    ]


def test_phone_calls_map_discard_reasons() -> None:
    f = "single_chat_phone_calls.json:#"
    assert records("single_chat_phone_calls.json") == [
        call("2024-03-03 19:00:00", SAM, "answered", f + "301", duration_s=754),
        call("2024-03-03 21:30:00", ROBIN, "missed", f + "302"),
        call("2024-03-04 07:45:00", SAM, "declined", f + "303"),  # busy
        call("2024-03-04 08:00:00", ROBIN, "missed", f + "304"),  # hung up before an answer
        call("2024-03-04 18:20:00", SAM, "answered", f + "305", duration_s=61),  # dropped mid-call
        call("2024-03-05 20:00:00", ROBIN, "answered", f + "306", duration_s=1800, video=True),
        msg("2024-03-05 20:31:00", SAM, "Thanks for the call", f + "307"),
    ]


def test_full_account_export_names_threads_and_knows_the_user() -> None:
    f = "full_account_two_chats.json:#"
    kids = dict(thread="group:Parents Year 3")  # groups are marked: left out of the couple's timeline
    assert records("full_account_two_chats.json") == [
        msg("2024-07-14 20:30:00", SAM, "Are the kids asleep?", f + "4815162342/11", from_me=False, thread=SAM),
        msg("2024-07-14 20:31:10", ROBIN, "Finally, yes.", f + "4815162342/12", from_me=True, thread=SAM),
        call("2024-07-14 20:40:00", ROBIN, "answered", f + "4815162342/13", duration_s=300, from_me=True, thread=SAM),
        msg("2024-07-10 10:01:00", "Lee Park", "Welcome, everyone", f + "777000111/2", from_me=False, **kids),
        msg("2024-07-10 10:05:00", ROBIN, "Thanks Lee", f + "777000111/3", from_me=True, **kids),
        msg("2023-11-02 18:00:00", "Kit Moreno", "Bye all!", f + "1600000001/50", from_me=False,
            thread="group:Old running club"),
    ]


def test_full_account_export_keeps_group_chats_out_of_the_timeline(homeward, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json

    db = str(tmp_path / "h.db")
    code, _, err = homeward("--db", db, "import", str(FIXTURES / "full_account_two_chats.json"), "--partner", SAM,
                            "--tz", "Europe/Berlin")
    assert code == 0, err
    assert "3 messages in 2 conversations with other people" in err
    _, out, _ = homeward("--db", db, "export", "messages")
    assert [(m["sender"], m["text"]) for m in map(json.loads, out.splitlines())] == [
        ("partner", "Are the kids asleep?"), ("user", "Finally, yes.")]


def test_legacy_export_without_unixtime_uses_the_local_date() -> None:
    f = "legacy_date_without_unixtime.json:#"
    assert records("legacy_date_without_unixtime.json", tz=ZoneInfo("Asia/Tokyo")) == [
        msg("2020-11-21 17:45:30", SAM, "Old export, no unixtime", f + "9001"),
        msg("2020-11-21 17:47:02", "Deleted Account", "From a deleted account", f + "9002"),
        call("2020-11-21 18:00:00", ROBIN, "answered", f + "9003", duration_s=42),
    ]


def test_telegram_x_escapes_for_control_characters_are_read() -> None:
    f = "control_char_escape.json:#"
    assert records("control_char_escape.json") == [
        msg("2024-03-06 10:00:00", SAM, "pasted from a form:\x0bName\x1fDate", f + "401"),
        msg("2024-03-06 10:01:00", ROBIN, "a real backslash: C:\\x64\\files", f + "402"),
    ]


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.json")))
def test_sniff_recognises_every_fixture(name: str) -> None:
    head = (FIXTURES / name).read_text(encoding="utf-8")[:65536]
    assert telegram.sniff(head, name)


@pytest.mark.parametrize("head", [
    '{\n  "participants": [{"name": "A"}],\n  "messages": [{"sender_name": "A", "timestamp_ms": 1}]',
    "[2024-01-01, 10:00] Sam: hi",
    "timestamp,sender,text\n",
    "",
])
def test_sniff_rejects_other_formats(head: str) -> None:
    assert not telegram.sniff(head, "result.json")


def _write(tmp_path: Path, content: str | bytes) -> Path:
    path = tmp_path / "result.json"
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


@pytest.mark.parametrize(("content", "error"), [
    # The parser streams without recursion: absurd nesting is just the wrong shape.
    ("[" * 10000 + "]" * 10000, "result.json: expected a JSON object at the top (a Telegram result.json)"),
    ('{"messages": ' + "[" * 10000 + "]" * 10000 + "}", "result.json:#[0]: expected a message object"),
    ('{"chats": {"list": [{"id": 7, "messages": [' + "[" * 10000 + "]" * 10000 + "]}]}}",
     "result.json:#7/[0]: expected a message object"),
    ('{"name": "x", "messages": [', "result.json:1: not valid JSON (premature EOF)"),
    ('{"name": "x",\n "messages": [\n  {"id": 1},\n  {"id": 2,, "type": "message"}\n ]\n}',
     "result.json:4: not valid JSON (invalid object key (must be a string))"),
    ('{"messages": []} {"messages": []}', "result.json:1: not valid JSON (trailing garbage)"),
    ("[1, 2]", "result.json: expected a JSON object at the top (a Telegram result.json)"),
    ('{"about": "x"}', 'result.json: no chats in this JSON (expected Telegram\'s "messages" or "chats")'),
    ('{"messages": {"id": 1}}', 'result.json: a chat has no "messages" list'),
    ('{"messages": [7]}', "result.json:#[0]: expected a message object"),
    ('{"messages": [{"id": 5, "type": "message", "text": "hi", "from": "A"}]}', "result.json:#5: message has no date"),
    ('{"messages": [{"id": 5, "type": "message", "date_unixtime": "soon", "text": ""}]}',
     'result.json:#5: cannot read the date "soon" (expected epoch seconds)'),
    ('{"messages": [{"id": 5, "type": "message", "date_unixtime": "99999999999999999", "text": ""}]}',
     'result.json:#5: cannot read the date "99999999999999999" (expected epoch seconds)'),
    ('{"messages": [{"id": 5, "type": "message", "date": "2024-13-01T00:00:00", "text": ""}]}',
     'result.json:#5: cannot read the date "2024-13-01T00:00:00" (expected YYYY-MM-DDTHH:MM:SS)'),
    ('{"messages": [{"id": 5, "type": "message", "date": "2024-01-01T00:00:00", "text": [3]}]}',
     "result.json:#5: message text holds a part that is not text"),
    ('{"messages": [{"id": 5, "type": "message", "date": "2024-01-01T00:00:00", "from": 9, "text": ""}]}',
     'result.json:#5: "from" is not a name'),
    ('{"chats": {"list": 3}}', 'result.json: "chats" is not a Telegram chat list'),
])
def test_bad_input_is_one_line_naming_the_place(tmp_path: Path, content: str, error: str) -> None:
    with pytest.raises(BadInput) as caught:
        list(telegram.parse(_write(tmp_path, content), tz=TZ))
    assert str(caught.value) == error


def _chat(texts: list[str], pad: int = 0) -> str:
    """A single-chat export whose messages have the raw JSON string bodies ``texts``, after ``pad`` bytes."""
    body = ",\n".join(f'{{"id": {i}, "type": "message", "date": "2024-01-01T10:00:00", "from": "A", "text": "{t}"}}'
                      for i, t in enumerate(texts, 1))
    return '{"name": "A", "pad": "' + "p" * pad + '", "messages": [\n' + body + "\n]}"


@pytest.mark.parametrize("shift", range(-14, 3))
def test_escapes_split_across_read_chunks_are_read_whole(tmp_path: Path, shift: int) -> None:
    """The file is read 64 KiB at a time; each escape the reader rewrites lands across that boundary."""
    cases = [("x\\x1Fy", "x\x1fy"), ("\\ud83d\\ude00!", "\U0001f600!"), ("cut \\ud83d", "cut \ufffd"),
             ("C:\\\\x41", "C:\\x41"), ("\\\\\\x41", "\\A"), ("caf\u00e9", "caf\u00e9")]
    for raw, want in cases:
        start = _chat([raw]).encode().index(b'"text": "') + len('"text": "')
        content = _chat([raw], pad=65536 + shift - start).encode()
        assert content[65536 + shift:].startswith(raw.encode())
        got = [r.text for r in telegram.parse(_write(tmp_path, content), tz=TZ) if isinstance(r, Message)]
        assert got == [want], (raw, shift)


def test_a_json_error_deep_in_a_big_file_names_its_line(tmp_path: Path) -> None:
    texts = [f"message {i}" for i in range(5000)]
    lines = _chat(texts).splitlines()
    lines[4001] = lines[4001].replace('"type"', "type", 1)  # a bare word, well past the first 64 KiB
    path = _write(tmp_path, "\n".join(lines))
    assert path.stat().st_size > 3 * 65536
    got = []
    with pytest.raises(BadInput) as caught:
        for record in telegram.parse(path, tz=TZ):
            got.append(record)
    assert str(caught.value).startswith("result.json:4002: not valid JSON (")
    assert len(got) > 1000  # streamed: the messages before the damage came out first


def test_full_account_reads_left_chats_and_checks_its_parts(tmp_path: Path) -> None:
    message = '{"id": 1, "type": "message", "date": "2024-01-01T10:00:00", "from": "A", "from_id": "user5", "text": "t"}'
    doc = ('{"personal_information": {"user_id": 5}, "chats": {"about": "x", "list": []}, '
           '"left_chats": {"list": [{"name": "Old", "type": "private_group", "id": 3, "messages": [' + message + ']}]}}')
    got = list(telegram.parse(_write(tmp_path, doc), tz=TZ))
    assert [(r.source, r.thread, r.from_me) for r in got] == [("result.json:#3/1", "group:Old", True)]
    for bad, error in [
        ('{"personal_information": [5], "chats": {"list": []}}', '"personal_information" is not an object'),
        ('{"chats": {"list": [3]}}', "expected a chat object in the chat list"),
        ('{"chats": {"list": [{"name": "x"}]}}', 'a chat has no "messages" list'),
        ('{"chats": {"list": [{"messages": 4}]}}', 'a chat has no "messages" list'),
        ('{"chats": {"about": 1}}', '"chats" is not a Telegram chat list'),
        ('{"chats": [], "left_chats": {"list": []}}', '"chats" is not a Telegram chat list'),
    ]:
        with pytest.raises(BadInput) as caught:
            list(telegram.parse(_write(tmp_path, bad), tz=TZ))
        assert str(caught.value) == f"result.json: {error}", bad


def test_invalid_utf8_becomes_replacement_characters(tmp_path: Path) -> None:
    raw = b'{"messages": [{"id": 1, "type": "message", "date": "2024-01-01T10:00:00", "from": "A", "text": "caf\xe9"}]}'
    assert [r.text for r in telegram.parse(_write(tmp_path, raw), tz=TZ) if isinstance(r, Message)] == ["caf\ufffd"]


def test_lone_surrogates_become_replacement_characters(tmp_path: Path) -> None:
    raw = '{"messages": [{"id": 1, "type": "message", "date": "2024-01-01T10:00:00", "from": "A", "text": "x\\ud83d"}]}'
    assert [r.text for r in telegram.parse(_write(tmp_path, raw), tz=TZ) if isinstance(r, Message)] == ["x\ufffd"]


# --- chat-miner's samples, read in place ---------------------------------------------------

def _chat_miner(relative: str) -> Path:
    path = CHAT_MINER / relative
    if not path.exists():
        pytest.skip("the peers' samples in ../shared are not here")
    return path


@pytest.mark.parametrize("name", ["test_single_export.json", "test_batch_export.json"])
def test_chat_miner_samples_match_their_target(name: str) -> None:
    sample = _chat_miner(f"test/telegram/{name}")
    target = json.loads(_chat_miner("test/telegram/target.json").read_text(encoding="utf-8"))
    got = [r for r in telegram.parse(sample, tz=ZoneInfo("UTC")) if isinstance(r, Message)]
    # chat-miner's target is in UTC, the zone its tests run in.
    assert [(r.ts.isoformat(), r.sender) for r in got] == [(t["timestamp"], t["author"]) for t in target]
    assert got[0].text == target[0]["message"]
    # The target says "Link: https://telegram.org/": chat-miner joins entity parts with a
    # space. Telegram writes the space between entities as its own plain-string part (which
    # this hand-trimmed sample dropped), so plain concatenation is what the reader saw.
    assert got[1].text == "Link:https://telegram.org/"
    assert target[1]["message"] == "Link: https://telegram.org/"
    expected_source = f"{name}:#[1]"  # the sample has no message ids: its position stands in
    assert got[1].source == expected_source
    assert got[1].thread == ("Chatname" if "batch" in name else None)


# --- anything at all is records or a HomewardError -------------------------------------------

_LEAF = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=12),
                  st.sampled_from(["message", "service", "phone_call", "missed", "user1", "2024-01-01T10:00:00"]))
_JSON = st.recursive(_LEAF, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                     st.dictionaries(st.text(max_size=6), inner, max_size=4)),
                     max_leaves=20)
_MESSAGE = st.fixed_dictionaries({}, optional={
    "id": _LEAF, "type": st.sampled_from(["message", "service", "unsupported"]) | _LEAF,
    "date": _LEAF, "date_unixtime": st.one_of(st.integers(), st.text(max_size=20), _LEAF),
    "from": _LEAF, "from_id": _LEAF, "actor": _LEAF, "actor_id": _LEAF,
    "action": st.just("phone_call") | _LEAF, "duration_seconds": _LEAF, "discard_reason": _LEAF,
    "text": _JSON, "photo": _LEAF, "media_type": _LEAF, "is_video": _LEAF})
_EXPORT = st.one_of(
    _JSON,
    st.fixed_dictionaries({"messages": st.lists(_MESSAGE, max_size=4)}, optional={"name": _LEAF}),
    st.fixed_dictionaries({"chats": st.fixed_dictionaries({"list": st.lists(
        st.fixed_dictionaries({"messages": st.lists(_MESSAGE, max_size=3)}, optional={"name": _LEAF, "id": _LEAF}),
        max_size=3)})}, optional={"personal_information": st.fixed_dictionaries({"user_id": _LEAF})}),
)


def _records_or_homeward_error(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "result.json"
        path.write_bytes(data)
        try:
            got = list(telegram.parse(path, tz=TZ))
        except HomewardError:
            return
        assert all(isinstance(r, (Message, Call)) for r in got)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2048))
def test_any_bytes_give_records_or_a_homeward_error(data: bytes) -> None:
    _records_or_homeward_error(data)


@settings(max_examples=200, deadline=None)
@given(_EXPORT)
def test_any_json_shape_gives_records_or_a_homeward_error(document: Any) -> None:
    _records_or_homeward_error(json.dumps(document).encode("utf-8"))


# --- streaming: memory does not grow with the file -------------------------------------------

def _big_export(path: Path, messages: int, *, full_account: bool) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        if full_account:
            fh.write('{"personal_information": {"user_id": 1}, "chats": {"list": [{"name": "Sam", "id": 2, "messages": [\n')
        else:
            fh.write('{"name": "Sam", "type": "personal_chat", "id": 2, "messages": [\n')
        for i in range(messages):
            fh.write(("" if i == 0 else ",\n") + json.dumps(
                {"id": i, "type": "message", "date": "2024-01-01T10:00:00", "date_unixtime": str(1704099600 + i),
                 "from": "Sam", "from_id": "user2", "text": ["word " * 30, {"type": "bold", "text": "x"}],
                 "text_entities": [{"type": "plain", "text": "word " * 30}, {"type": "bold", "text": "x"}]}))
        fh.write("\n]}]}}\n" if full_account else "\n]}\n")


@pytest.mark.parametrize("full_account", [False, True])
def test_parsing_holds_one_message_at_a_time(tmp_path: Path, full_account: bool) -> None:
    """An 8 MB export parses holding about 1 MB of Python objects at most, not the whole document."""
    import tracemalloc

    path = tmp_path / "result.json"
    _big_export(path, 20_000, full_account=full_account)
    assert path.stat().st_size > 8_000_000
    tracemalloc.start()
    try:
        count = sum(1 for _ in telegram.parse(path, tz=TZ))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 20_000
    assert peak < 4_000_000, peak  # about 1 MB (read buffers); json.load: 60 MB


def _account_with_two_personal_chats(path: Path) -> None:
    def chat(name: str, cid: int, lines: list[tuple[str, str]]) -> dict[str, Any]:
        return {"name": name, "type": "personal_chat", "id": cid, "messages": [
            {"id": i, "type": "message", "date": f"2024-05-0{i}T20:00:00", "date_unixtime": str(1714586400 + 86400 * i),
             "from": who, "from_id": f"user{1 if who == ROBIN else cid}", "text": text}
            for i, (who, text) in enumerate(lines, start=1)]}
    doc = {"personal_information": {"user_id": 1, "first_name": "Robin", "last_name": "Vale"},
           "chats": {"about": "", "list": [
               chat("Kit Moreau", 7, [(ROBIN, "Drinks on Friday?"), ("Kit Moreau", "yes!")]),
               chat(SAM, 9, [(SAM, "Are the kids asleep?"), (ROBIN, "Finally, yes.")])]}}
    path.write_text(json.dumps(doc), encoding="utf-8")


def test_full_account_with_partner_reads_only_the_partners_chat(homeward, tmp_path) -> None:  # type: ignore[no-untyped-def]
    export, db = tmp_path / "result.json", str(tmp_path / "h.db")
    _account_with_two_personal_chats(export)
    code, _, err = homeward("--db", db, "import", str(export), "--partner", SAM, "--tz", "UTC")
    assert code == 0, err
    assert '1 other one-to-one chats in result.json left out ("Kit Moreau")' in err
    _, out, _ = homeward("--db", db, "export", "messages")
    assert [(m["sender"], m["text"]) for m in map(json.loads, out.splitlines())] == [
        ("partner", "Are the kids asleep?"), ("user", "Finally, yes.")]


def test_full_account_with_an_unknown_partner_lists_the_chats(homeward, tmp_path) -> None:  # type: ignore[no-untyped-def]
    export, db = tmp_path / "result.json", str(tmp_path / "h.db")
    _account_with_two_personal_chats(export)
    code, _, err = homeward("--db", db, "import", str(export), "--partner", "Nobody", "--tz", "UTC")
    assert code == 1
    assert err.strip().count("\n") == 0
    assert '--partner "Nobody": no one-to-one chat of that name' in err and '"Kit Moreau"' in err and f'"{SAM}"' in err
