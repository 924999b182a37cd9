"""Messenger and Instagram JSON threads: our fixtures, chat-miner's samples, hostile input."""
from __future__ import annotations

import csv
import json
import shutil
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from homeward.errors import BadInput, HomewardError
from homeward.ingest import messenger
from homeward.ingest.records import Call, Message

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
THREAD = FIXTURES / "messenger" / "thread_two_files"
INSTAGRAM_THREAD = ("your_instagram_activity/messages/inbox/noeokafor_17843012345678901/message_1.json")
CHAT_MINER = Path(__file__).resolve().parents[2] / ".." / "shared" / "fixtures" / "exports" / "chat-miner"
TZ = ZoneInfo("Europe/Berlin")
NOE, ROBIN = "Noé Okafor", "Robin Vale"


def records(path: Path, tz: ZoneInfo = TZ) -> list[Message | Call]:
    return list(messenger.parse(path, tz=tz))


def msg(ts: str, sender: str, text: str, source: str, **extra: Any) -> Message:
    return Message(ts=datetime.fromisoformat(ts), sender=sender, text=text, source=source, **extra)


def call(ts: str, caller: str, status: Any, source: str, **extra: Any) -> Call:
    return Call(ts=datetime.fromisoformat(ts), caller=caller, status=status, source=source, **extra)


M1, M2 = "message_1.json:#", "message_2.json:#"
THREAD_RECORDS = [
    # message_2.json holds the older messages, newest first.
    msg("2024-01-01 11:00:00", NOE, "Café at 10?", M2 + "2"),  # mojibake repaired; reactions dropped
    call("2024-01-01 12:00:00", NOE, "answered", M2 + "1", duration_s=754),
    msg("2024-01-01 13:00:00", ROBIN, "Happy new year 🎆", M2 + "0"),
    msg("2024-01-02 07:00:00", ROBIN, "Morning — did the kids get off ok?", M1 + "17"),
    msg("2024-01-02 07:30:00", ROBIN, "I reacted badly to your message yesterday, sorry", M1 + "16"),
    msg("2024-01-02 08:00:00", NOE, "", M1 + "15", media=True),  # "sent an attachment." with no file
    call("2024-01-02 08:55:00", ROBIN, "missed", M1 + "14"),  # "You called Noé Okafor." lasting 0 s
    call("2024-01-02 09:00:00", NOE, "missed", M1 + "13"),  # "You missed a call from Noé Okafor."
    # M1 + "12", "set your nickname to Robs.", is a notice, not a message.
    msg("2024-01-02 13:00:00", ROBIN, "Signed form", M1 + "11", media=True),  # files
    msg("2024-01-02 14:00:00", NOE, "", M1 + "10", media=True),  # gifs
    msg("2024-01-02 15:00:00", NOE, "", M1 + "9", media=True),  # videos
    msg("2024-01-02 16:00:00", ROBIN, "", M1 + "8", media=True),  # audio_files
    msg("2024-01-02 17:00:00", ROBIN, "", M1 + "7", media=True),  # sticker
    msg("2024-01-02 18:00:05", NOE, "", M1 + "6", media=True),  # same second: written order, reversed
    msg("2024-01-02 18:00:05", NOE, "The kids at the lake 🏞", M1 + "5", media=True),
    msg("2024-01-03 09:10:00", NOE, "", M1 + "4", deleted=True),  # is_unsent
    msg("2024-01-03 20:28:00", ROBIN, "https://example.org/school-calendar", M1 + "3"),
    msg("2024-01-03 20:29:00", ROBIN, "Look at this one\nhttps://example.org/flat-listing\n2-bed flat near the school",
        M1 + "2"),
    # M1 + "1" is a reaction line ("Noé reacted ❤ to your message").
    call("2024-01-03 21:00:00", NOE, "answered", M1 + "0", duration_s=1830, video=True),
]


def test_thread_folder_is_read_in_time_order_across_files() -> None:
    assert records(THREAD) == THREAD_RECORDS


def test_a_single_file_is_read_alone() -> None:
    assert records(THREAD / "message_2.json") == THREAD_RECORDS[:3]


def test_timestamps_follow_the_zone_asked_for() -> None:
    assert records(THREAD / "message_2.json", tz=ZoneInfo("UTC"))[0].ts == datetime(2024, 1, 1, 10, 0)


def test_a_folder_of_several_threads_names_each_thread(tmp_path: Path) -> None:
    inbox = tmp_path / "messages" / "inbox"
    shutil.copytree(THREAD, inbox / "noeokafor_10158312345678901")
    shutil.copytree(FIXTURES / "instagram" / Path(INSTAGRAM_THREAD).parent, inbox / "other_1")
    got = records(tmp_path)
    assert {r.thread for r in got} == {NOE}
    assert got[0].source == "messages/inbox/noeokafor_10158312345678901/message_2.json:#2"


def test_end_to_end_encrypted_download_with_camel_case_fields() -> None:
    f = "NoeOkafor_3.json:#"
    assert records(FIXTURES / "messenger" / "e2ee_download") == [
        msg("2024-06-01 10:00:00", NOE, "Café tomorrow?", f + "0"),  # real UTF-8 is left alone
        msg("2024-06-01 10:02:00", ROBIN, "", f + "1", media=True),
        msg("2024-06-01 10:03:00", NOE, "https://example.org/menu", f + "2"),
        msg("2024-06-01 10:04:00", NOE, "", f + "3", deleted=True),
        msg("2024-06-01 10:05:00", ROBIN, "", f + "4", deleted=True),  # "placeholder"
    ]


def test_encrypted_download_below_the_folder_given_skips_other_json(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "messenger" / "e2ee_download", tmp_path / "messages")
    (tmp_path / "messages" / "export_info.json").write_text('{"exported_at": 1717228800}', encoding="utf-8")
    got = records(tmp_path)
    assert [r.source for r in got] == [f"messages/NoeOkafor_3.json:#{i}" for i in range(5)]


def test_instagram_by_its_download_layout() -> None:
    f = INSTAGRAM_THREAD + ":#"
    ig = dict(channel="instagram")
    assert records(FIXTURES / "instagram") == [
        msg("2024-05-04 20:00:00", NOE, "Hey 👋", f + "8", **ig),
        msg("2024-05-04 21:00:00", NOE, "", f + "7", deleted=True, **ig),  # vanish mode: only reactions left
        call("2024-05-04 22:00:00", ROBIN, "missed", f + "6", **ig),  # "Noé Okafor missed your audio call"
        msg("2024-05-05 19:50:00", NOE, "cute!!\nhttps://www.instagram.com/stories/robin.vale/3141592653589793238",
            f + "5", **ig),
        msg("2024-05-05 19:58:00", ROBIN, "https://www.instagram.com/p/C6xAmPl3/\nSunday brunch menu", f + "4", **ig),
        # f + "3" "Reacted 😂 to your message" and f + "2" "Liked a message" are reactions.
        call("2024-05-05 21:08:25", NOE, "answered", f + "1", video=True, **ig),
        call("2024-05-05 21:10:00", ROBIN, "answered", f + "0", duration_s=95, video=True, **ig),
    ]


def test_instagram_by_its_ig_me_group_link() -> None:
    f = "group_ig_me_link.json:#"
    group = {"channel": "instagram", "thread": "group:Year 3 parents"}  # three participants: a group
    assert records(FIXTURES / "instagram" / "group_ig_me_link.json") == [
        msg("2024-04-02 09:00:00", ROBIN, "Hi all 👋", f + "2", **group),
        # f + "1", "Noé Okafor joined the group.", carries "users": a notice.
        msg("2024-04-02 09:05:00", "Lee Park", "Bake sale on Friday, who can help?", f + "0", **group),
    ]


def test_a_group_thread_stays_out_of_the_couples_timeline(homeward, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "h.db")
    code, _, err = homeward("--db", db, "import", str(FIXTURES / "instagram" / "group_ig_me_link.json"),
                            "--format", "instagram", "--me", "Robin Vale", "--tz", "Europe/London")
    assert code == 1  # nothing of the couple's own is left in a group-only file
    assert err == ("homeward: group_ig_me_link.json: only conversations with other people here (2 messages and calls "
                   "in 1 group chat or mails with others in To or Cc); homeward keeps the couple's own conversation\n")


@pytest.mark.parametrize(("fields", "expected"), [
    ({"content": "A sent an attachment.", "share": {"original_content_owner": "some.shop"}},
     [msg("2024-01-01 11:00:00", "A", "", "message_1.json:#0", media=True)]),  # the shared post is gone
    ({"content": "You called me a liar."},
     [msg("2024-01-01 11:00:00", "A", "You called me a liar.", "message_1.json:#0")]),
    ({"content": "A joined the video chat.", "type": "Call", "call_duration": 0}, []),
    ({"content": "A started a video chat.", "call_duration": 0},
     [call("2024-01-01 11:00:00", "A", "missed", "message_1.json:#0", video=True)]),
    ({"content": "This poll is no longer available."}, []),
    ({"content": "A changed the chat theme to Lavender."}, []),
    ({"content": "Reacted \u00e2\u009d\u00a4 to your message "}, []),  # Meta mojibake for ❤
])
def test_one_message_quirks(tmp_path: Path, fields: dict[str, Any], expected: list[Message | Call]) -> None:
    document = {"messages": [{"sender_name": "A", "timestamp_ms": 1704103200000, **fields}]}
    assert records(_write(tmp_path, json.dumps(document))) == expected


@pytest.mark.parametrize("path", [
    THREAD / "message_1.json", THREAD / "message_2.json", FIXTURES / "messenger" / "e2ee_download" / "NoeOkafor_3.json",
    FIXTURES / "instagram" / INSTAGRAM_THREAD, FIXTURES / "instagram" / "group_ig_me_link.json",
])
def test_sniff_recognises_every_fixture(path: Path) -> None:
    assert messenger.sniff(path.read_text(encoding="utf-8")[:65536], path.name)


@pytest.mark.parametrize("head", [
    '{\n "name": "Sam", "type": "personal_chat", "id": 1, "messages": [{"id": 1, "date_unixtime": "1"}]',
    "[2024-01-01, 10:00] Sam: hi",
    "timestamp,sender,text\n",
    "",
])
def test_sniff_rejects_other_formats(head: str) -> None:
    assert not messenger.sniff(head, "message_1.json")


def _write(tmp_path: Path, content: str | bytes) -> Path:
    path = tmp_path / "message_1.json"
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


@pytest.mark.parametrize(("content", "error"), [
    ('{"messages": ' + "[" * 10000 + "]" * 10000 + "}",
     "message_1.json: JSON nested too deeply to be a Messenger export"),
    ('{"messages": [\n{"sender_name": }', "message_1.json:2: not valid JSON (Expecting value)"),
    ("[]", "message_1.json: expected a JSON object at the top (a Messenger or Instagram thread)"),
    ('{"participants": []}',
     'message_1.json: expected a "messages" list (a Messenger or Instagram message_N.json)'),
    ('{"messages": ["hi"]}', "message_1.json:#0: expected a message object"),
    ('{"messages": [{"sender_name": "A", "content": "hi"}]}', "message_1.json:#0: message has no timestamp_ms"),
    ('{"messages": [{"sender_name": "A", "timestamp_ms": "1704103200000"}]}',
     "message_1.json:#0: message has no timestamp_ms"),
    ('{"messages": [{"timestamp_ms": 1704103200000, "content": "hi"}]}',
     'message_1.json:#0: message has no "sender_name"'),
    ('{"messages": [{"sender_name": 5, "timestamp_ms": 1704103200000}]}',
     'message_1.json:#0: "sender_name" is not text'),
    ('{"messages": [{"sender_name": "A", "timestamp_ms": 99999999999999999999}]}',
     "message_1.json:#0: cannot read the time 99999999999999999999 (expected epoch milliseconds)"),
    ('{"messages": [{"sender_name": "A", "timestamp_ms": 1, "photos": {"uri": "x"}}]}',
     'message_1.json:#0: "photos" is not a list'),
    ('{"messages": [{"sender_name": "A", "timestamp_ms": 1, "type": "Call", "call_duration": "long"}]}',
     "message_1.json:#0: call_duration 'long' is not a number of seconds"),
    ('{"messages": [{"sender_name": "A", "timestamp_ms": 1, "share": "x"}]}',
     'message_1.json:#0: "share" is not an object'),
])
def test_bad_input_is_one_line_naming_the_record(tmp_path: Path, content: str, error: str) -> None:
    with pytest.raises(BadInput) as caught:
        list(messenger.parse(_write(tmp_path, content), tz=TZ))
    assert str(caught.value) == error


def test_a_folder_without_threads_is_bad_input(tmp_path: Path) -> None:
    with pytest.raises(BadInput) as caught:
        list(messenger.parse(tmp_path, tz=TZ))
    assert str(caught.value) == f"{tmp_path}: holds no Messenger or Instagram thread (no message_1.json)"


def test_invalid_utf8_and_lone_surrogates_become_replacement_characters(tmp_path: Path) -> None:
    raw = (b'{"messages": [{"sender_name": "A", "timestamp_ms": 1704103200000, "content": "caf\xe9"},'
           b'{"sender_name": "A", "timestamp_ms": 1704103100000, "content": "x\\ud83d"}]}')
    assert [r.text for r in records(_write(tmp_path, raw)) if isinstance(r, Message)] == ["x\ufffd", "caf\ufffd"]


# --- chat-miner's samples, read in place ---------------------------------------------------

def _chat_miner(relative: str) -> Path:
    path = CHAT_MINER / relative
    if not path.exists():
        pytest.skip("the peers' samples in ../shared are not here")
    return path


def test_chat_miner_instagram_sample_matches_its_target() -> None:
    sample = _chat_miner("test/instagram/test_export.json")
    target = json.loads(_chat_miner("test/instagram/target.json").read_text(encoding="utf-8"))
    got = records(sample, tz=ZoneInfo("UTC"))  # the target is in UTC, the zone chat-miner's CI runs in
    assert [(r.ts.isoformat(), r.sender, r.text) for r in got if isinstance(r, Message)] == sorted(
        (t["timestamp"], t["author"], t["message"]) for t in target)
    # This trimmed sample has nothing only Instagram writes (no layout, no ig.me link, no
    # likes); the same bytes could be a Messenger thread, so the channel stays unset.
    assert {r.channel for r in got} == {None}


def test_chat_miner_instagram_testlog_matches_its_target_but_for_notices() -> None:
    sample = _chat_miner("_history/6dd0987d1d45/test/instagram/testlog.json")
    with _chat_miner("_history/6dd0987d1d45/test/instagram/testlog_target.csv").open(encoding="utf-8") as fh:
        target = list(csv.DictReader(fh))
    got = records(sample)  # that target was written in Central European time
    assert {r.channel for r in got} == {"instagram"}  # the group's ig.me invite link
    # chat-miner writes stand-ins for what has no text; ours are flags plus the share's link.
    stand_in = {"disappearingmessage": "", "sentaudio": "", "sentvideo": "", "sentphoto": "",
                "sentshare": "https://www.instagram.com/p/CmUv48DLvxd/?feed_type=reshare_chaining"}
    expected = sorted((row["timestamp"][:19], row["author"], stand_in.get(row["message"], row["message"]))
                      for row in target
                      # The target keeps "Jane Doe joined the group.", a notice (it carries
                      # "users"), which the contract says is not a message.
                      if row["message"] != "Jane Doe joined the group.")
    assert sorted((r.ts.isoformat(sep=" ")[:19], r.sender, r.text) for r in got if isinstance(r, Message)) == expected
    flags = {r.source: (r.media, r.deleted) for r in got if isinstance(r, Message)}
    assert flags["testlog.json:#0"] == (False, True)  # disappearing message
    assert [flags[f"testlog.json:#{i}"] for i in (3, 4, 6)] == [(True, False)] * 3  # audio, video, photo
    assert flags["testlog.json:#5"] == (False, False)  # a share is text: its link


# --- anything at all is records or a HomewardError -------------------------------------------

_LEAF = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=12),
                  st.sampled_from(["Call", "Generic", "Share", "placeholder", "You missed a call from A.",
                                   "A sent an attachment.", "Reacted ❤ to your message", "The video chat ended."]))
_JSON = st.recursive(_LEAF, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                     st.dictionaries(st.text(max_size=6), inner, max_size=4)),
                     max_leaves=20)
_MESSAGE = st.fixed_dictionaries({}, optional={
    "sender_name": _LEAF, "senderName": _LEAF, "timestamp_ms": st.integers() | _LEAF, "timestamp": _LEAF,
    "content": _LEAF, "text": _LEAF, "type": _LEAF, "is_unsent": _LEAF, "isUnsent": _LEAF,
    "call_duration": _LEAF, "photos": _JSON, "sticker": _JSON, "share": _JSON, "users": _JSON, "media": _JSON})
_THREAD = st.one_of(_JSON, st.fixed_dictionaries(
    {"messages": st.lists(_MESSAGE, max_size=5)},
    optional={"title": _LEAF, "threadName": _LEAF, "joinable_mode": _JSON, "participants": _JSON}))


def _records_or_homeward_error(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "message_1.json"
        path.write_bytes(data)
        for target in (path, path.parent):
            try:
                got = list(messenger.parse(target, tz=TZ))
            except HomewardError:
                continue
            assert all(isinstance(r, (Message, Call)) for r in got)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2048))
def test_any_bytes_give_records_or_a_homeward_error(data: bytes) -> None:
    _records_or_homeward_error(data)


@settings(max_examples=200, deadline=None)
@given(_THREAD)
def test_any_json_shape_gives_records_or_a_homeward_error(document: Any) -> None:
    _records_or_homeward_error(json.dumps(document).encode("utf-8"))
