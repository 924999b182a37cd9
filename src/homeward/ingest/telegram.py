"""Telegram Desktop JSON exports (``result.json``).

Telegram Desktop writes two shapes (``export/output/export_output_json.cpp``):

* "Export chat history" of one chat: ``{"name", "type", "id", "messages": [...]}``.
* "Export Telegram data" of the whole account: ``{"about", "personal_information",
  "chats": {"list": [chat, ...]}, "left_chats": {"list": [...]}, ...}``; every chat has
  the single-chat shape. ``personal_information.user_id`` names the account holder, so
  there ``from_me`` is known; every record carries its chat's name in ``thread``.

Messages have ``date_unixtime`` (epoch seconds, since Telegram Desktop 3.x in 2021) and
``date`` (the exporting machine's wall clock, the only field in older exports).

The file is streamed with ijson (its C backend, yajl): a chat of a million messages is 300 MB
of JSON and was 2.7 GB as Python objects; streamed, memory stays flat at tens of MB. Telegram
writes a chat's ``name``, ``type`` and ``id`` (and the account's ``personal_information``)
before the messages, and that is the order read: such keys placed after the messages are not seen.
"""
from __future__ import annotations

import codecs
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO
from zoneinfo import ZoneInfo

import ijson

from homeward.errors import BadInput
from homeward.ingest.records import Call, CallStatus, Message, Notice

FORMAT = "telegram"

_CHAT_TYPES = ("personal_chat", "bot_chat", "saved_messages", "replies", "private_group",
               "private_supergroup", "public_supergroup", "private_channel", "public_channel")
_GROUP_TYPES = {"private_group", "private_supergroup", "public_supergroup", "private_channel", "public_channel"}
_SNIFF = re.compile(
    r'"(?:date_unixtime|personal_information|left_chats|frequent_contacts)"\s*:'
    r'|"type"\s*:\s*"(?:' + "|".join(_CHAT_TYPES) + r')"'
    r'|"from_id"\s*:\s*(?:"user\d+"|\d+)')
# Telegram Desktop escapes control characters as "\x1F", which is not JSON; make it "\u001F".
_X_ESCAPE = re.compile(r"(?<!\\)((?:\\\\)*)\\x([0-9A-Fa-f]{2})")
_SURROGATE = re.compile("[\ud800-\udfff]")
# Keys Telegram writes for an attachment; the file itself is absent or a side file.
_MEDIA_KEYS = ("photo", "file", "media_type", "sticker_emoji", "contact_information",
               "location_information", "place_name", "poll", "game_title", "invoice_information")
_SCALARS = frozenset(("string", "number", "boolean", "null"))
_DELETED_ACCOUNT = "Deleted Account"  # Telegram writes "from": null for deleted accounts


def sniff(head: str, name: str) -> bool:
    """True when ``head`` is the start of a Telegram Desktop JSON export."""
    text = head.lstrip()
    return text.startswith("{") and _SNIFF.search(text) is not None


@dataclass(frozen=True)
class _Chat:
    shown: str  # the file name as errors and sources show it
    name: str
    prefix: str  # "" for a single-chat export, "<chat id>/" in a full-account export
    thread: str | None
    user_id: str | None
    tz: ZoneInfo


def parse(path: Path, *, tz: ZoneInfo, partner: str | None = None) -> Iterator[Message | Call | Notice]:
    """Yield the export's messages and calls in file order; raise BadInput on anything unreadable.

    A full-account export holds every chat of the account: with ``partner`` (``import --partner``),
    only the one-to-one chat of that name is read, so the user's messages to everyone else stay out.

    The file is streamed (a decade of one chat is hundreds of MB; held as Python objects it was
    ten times that), so a JSON error late in the file is raised after the records before it.
    """
    shown = path.name
    reader = _open(path, shown)
    try:
        yield from _records(reader, path, shown, tz, partner)
    except ijson.JSONError as exc:
        raise _not_json(path, reader, exc) from None
    except OSError as exc:
        raise BadInput(shown, f"cannot read the file ({exc.strerror or exc})") from None
    finally:
        reader.close()


def _records(reader: _CleanJson, path: Path, shown: str, tz: ZoneInfo,
             partner: str | None = None) -> Iterator[Message | Call | Notice]:
    # One pass of prefixed events (C-parsed, walked here) over the top of the document. A single
    # chat's messages are then built by ijson's C item builder from a second reader (faster than
    # json.loads was); a full-account export is walked chat by chat, one message built at a time.
    events = ijson.parse(reader, use_float=True)
    first = next(events, None)
    if first is None or first[1] != "start_map":
        raise BadInput(shown, "expected a JSON object at the top (a Telegram result.json)")
    meta: dict[str, Any] = {}
    user_id: str | None = None
    for prefix, event, value in events:
        if prefix == "" and event == "map_key":
            if value == "messages":
                opened = next(events, None)
                if opened is None or opened[1] != "start_array":
                    raise BadInput(shown, 'a chat has no "messages" list')
                reader.close()  # the C item builder re-reads the file from the start
                ctx = _context(meta, shown, full_account=False, user_id=None, tz=tz)
                yield from _single_chat(path, shown, ctx)
                return
            if value in ("chats", "left_chats"):
                chosen = _Choice(partner)
                yield from _account(events, value, shown, user_id, tz, chosen)
                names = ", ".join(f'"{n}"' for n in chosen.names[:12]) or "none"
                if partner is not None and not chosen.found:
                    raise BadInput(shown, f'--partner "{partner}": no one-to-one chat of that name in this '
                                   f"account export; one-to-one chats found: {names}")
                if chosen.names:
                    yield Notice(f"{len(chosen.names)} other one-to-one chats in {shown} left out ({names}); "
                                 f'only the chat with "{partner}" was read', shown)
                return
        elif prefix in ("name", "type", "id") and event in _SCALARS:
            meta[prefix] = value
        elif prefix == "personal_information" and event not in ("map_key", "end_map"):
            if event != "start_map":
                raise BadInput(shown, '"personal_information" is not an object')
        elif prefix == "personal_information.user_id" and event in _SCALARS:
            user_id = _peer_number(value)
    raise BadInput(shown, 'no chats in this JSON (expected Telegram\'s "messages" or "chats")')


def _single_chat(path: Path, shown: str, ctx: _Chat) -> Iterator[Message | Call]:
    reader = _open(path, shown)
    try:
        for index, msg in enumerate(ijson.items(reader, "messages.item", use_float=True)):
            record = _record(msg, index, ctx)
            if record is not None:
                yield record
    except ijson.JSONError as exc:
        raise _not_json(path, reader, exc) from None
    finally:
        reader.close()


@dataclass
class _Choice:
    """Which chats of a full-account export to read: all, or only the partner's (by chat name)."""

    partner: str | None
    found: bool = False
    names: list[str] = field(default_factory=list)

    def wants(self, ctx: _Chat) -> bool:
        if self.partner is None:
            return True
        if ctx.thread is not None and ctx.thread.startswith("group:"):
            return True  # groups are left out, and counted, by couple.py like every format's
        hit = " ".join(ctx.name.split()).casefold() == " ".join(self.partner.split()).casefold()
        self.found = self.found or hit
        if not hit:
            self.names.append(ctx.name)
        return hit


def _account(events: Iterator[tuple[str, str, Any]], section: str, shown: str, user_id: str | None,
             tz: ZoneInfo, chosen: _Choice) -> Iterator[Message | Call]:
    """Walk "chats" and "left_chats" of a full-account export; ``events`` stands just after ``section``'s key."""
    while True:
        yield from _chat_list(events, section, shown, user_id, tz, chosen)
        for prefix, event, value in events:  # on to the next chat list, if any (to the end: it checks the JSON)
            if prefix == "" and event == "map_key" and value in ("chats", "left_chats"):
                section = value
                break
        else:
            return


def _chat_list(events: Iterator[tuple[str, str, Any]], section: str, shown: str, user_id: str | None,
               tz: ZoneInfo, chosen: _Choice) -> Iterator[Message | Call]:
    not_a_list = BadInput(shown, f'"{section}" is not a Telegram chat list')
    opened = next(events, None)
    if opened is None or opened[1] != "start_map":
        raise not_a_list
    seen_list = False
    item = f"{section}.list.item"
    messages_key = item + ".messages"
    meta: dict[str, Any] = {}
    has_messages = False
    for prefix, event, value in events:
        if prefix == section:
            if event == "end_map":
                if not seen_list:
                    raise not_a_list
                return
            continue  # a key of the section
        if prefix == section + ".list":
            if event == "start_array":
                seen_list = True
            elif event != "end_array":
                raise not_a_list
        elif prefix == item:
            if event == "start_map":
                meta, has_messages = {}, False
            elif event == "end_map":
                if not has_messages:
                    raise BadInput(shown, 'a chat has no "messages" list')
            elif event != "map_key":
                raise BadInput(shown, "expected a chat object in the chat list")
        elif prefix == messages_key:
            if event != "start_array":
                raise BadInput(shown, 'a chat has no "messages" list')
            has_messages = True
            ctx = _context(meta, shown, full_account=True, user_id=user_id, tz=tz)
            if chosen.wants(ctx):
                yield from _chat_messages(events, ctx)
            else:  # walked to its end (the JSON is still checked), nothing kept
                for _ in _chat_messages(events, ctx):
                    pass
        elif event in _SCALARS and prefix in (item + ".name", item + ".type", item + ".id"):
            meta[prefix[len(item) + 1:]] = value
    raise not_a_list  # unreachable for valid JSON: the parser fails first


def _chat_messages(events: Iterator[tuple[str, str, Any]], ctx: _Chat) -> Iterator[Message | Call]:
    """The records of one chat's "messages" array, each message built alone (memory stays flat)."""
    index = 0
    for _, event, value in events:
        if event == "end_array":
            return
        if event == "start_map":
            msg: Any = _build(events, {})
        elif event == "start_array":
            msg = _build(events, [])
        else:
            msg = value
        record = _record(msg, index, ctx)
        index += 1
        if record is not None:
            yield record


def _build(events: Iterator[tuple[str, str, Any]], top: dict[str, Any] | list[Any]) -> Any:
    """The rest of the container ``top`` from ``events`` (without recursion: nesting may be absurd)."""
    stack: list[tuple[Any, Any]] = []
    current: Any = top
    key: Any = None
    for _, event, value in events:
        if event == "map_key":
            key = value
            continue
        if event == "end_map" or event == "end_array":
            if not stack:
                return top
            current, key = stack.pop()
            continue
        if event == "start_map" or event == "start_array":
            value = {} if event == "start_map" else []
            if type(current) is dict:
                current[key] = value
            else:
                current.append(value)
            stack.append((current, key))
            current = value
        elif type(current) is dict:
            current[key] = value
        else:
            current.append(value)
    return top  # the parser raises on a document that ends inside a container


def _context(meta: dict[str, Any], shown: str, *, full_account: bool, user_id: str | None,
             tz: ZoneInfo) -> _Chat:
    # Telegram writes a chat's name, type and id before its messages; only those are known here.
    name = meta.get("name")
    name = _clean(name) if isinstance(name, str) else ""
    chat_id = meta.get("id")
    prefix = ""
    if full_account:
        prefix = f"{chat_id}/" if isinstance(chat_id, (int, str)) and not isinstance(chat_id, bool) else ""
    thread = (name or None) if full_account else None
    kind = meta.get("type")
    if isinstance(kind, str) and kind in _GROUP_TYPES:  # said in front of others: left out of the couple's timeline (couple.py)
        thread = f"group:{name or chat_id}"
    return _Chat(shown, name, prefix, thread, user_id, tz)


# --- the bytes the parser sees ------------------------------------------------------------------

_CHUNK = 1 << 16
_ESCAPE_ROOM = 12  # the longest escape rewritten below: "\ud83d\ude00"
_LONE_SURROGATE = re.compile(
    r"(?<!\\)((?:\\\\)*)(\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|\\u[dD][89a-fA-F][0-9a-fA-F]{2})")


class _CleanJson:
    """The file as UTF-8 JSON the C parser accepts, read in chunks.

    Undecodable bytes become U+FFFD (one bad byte should not lose a chat), a BOM is dropped,
    Telegram's "\\x1F" escapes become "\\u001F", and a lone surrogate escape becomes "\\ufffd" (the
    parser would write "?"). Escapes are never split between chunks. ``chunks`` counts the chunks
    handed out, so a parse error can be placed again (``_error_line``).
    """

    def __init__(self, fh: BinaryIO) -> None:
        self._fh = fh
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self._carry = ""
        self._started = False
        self._done = False
        self.chunks = 0

    def read(self, size: int = -1) -> bytes:
        if size == 0 or self._done:
            return b""
        while True:
            raw = self._fh.read(_CHUNK)
            text = self._carry + self._decoder.decode(raw, final=not raw)
            if not self._started:
                text = text.lstrip("\ufeff")
                self._started = bool(text)
            cut = _safe_cut(text) if raw else len(text)
            text, self._carry = text[:cut], text[cut:]
            if "\\x" in text:
                text = _X_ESCAPE.sub(r"\1\\u00\2", text)
            if "\\u" in text and _LONE_SURROGATE.search(text):
                text = _LONE_SURROGATE.sub(_replace_surrogate, text)
            if text:
                self.chunks += 1
                return text.encode("utf-8")
            if not raw:
                self._done = True
                return b""

    def close(self) -> None:
        self._fh.close()


def _safe_cut(text: str) -> int:
    """An offset near the end of ``text`` that no escape sequence straddles."""
    cut = len(text) - _ESCAPE_ROOM
    while cut > 0:
        slash = text.rfind("\\", max(0, cut - _ESCAPE_ROOM), cut)
        if slash < 0:
            return cut
        cut = slash
    return 0


def _replace_surrogate(match: re.Match[str]) -> str:
    return match.group(0) if len(match.group(2)) == 12 else match.group(1) + "\\ufffd"


def _open(path: Path, shown: str) -> _CleanJson:
    try:
        return _CleanJson(open(path, "rb"))  # noqa: SIM115 - closed by the caller
    except OSError as exc:
        raise BadInput(shown, f"cannot read the file ({exc.strerror or exc})") from None


class _Sink:
    """Where ``_error_line``'s second parse sends its events: nowhere (only the error matters)."""

    def send(self, value: object) -> None:
        pass


def _error_line(path: Path, failed_chunk: int) -> int:
    """The line of a JSON error the parser met in chunk ``failed_chunk`` (1-based; past the last: at the end).

    The C parser does not say where it stopped, so the document is parsed again up to that chunk,
    which is then fed byte by byte. Only a broken file pays for this second pass.
    """
    line = 1
    parser = ijson.basic_parse_coro(_Sink(), use_float=True)
    reader = _open(path, path.name)
    try:
        for number in itertools.count(1):
            chunk = reader.read()
            if not chunk:
                break
            if number < failed_chunk:
                parser.send(chunk)
                line += chunk.count(b"\n")
                continue
            for offset in range(len(chunk)):
                try:
                    parser.send(chunk[offset:offset + 1])
                except ijson.JSONError:
                    return line + chunk.count(b"\n", 0, offset)
            line += chunk.count(b"\n")
        parser.close()
    except (ijson.JSONError, OSError):
        pass
    finally:
        reader.close()
    return line


def _not_json(path: Path, reader: _CleanJson, exc: Exception) -> BadInput:
    return BadInput(f"{path.name}:{_error_line(path, reader.chunks)}", f"not valid JSON ({_yajl_problem(exc)})")


def _yajl_problem(exc: Exception) -> str:
    # yajl's message is several lines (the text around the error, then a caret); keep the first.
    # Some come as the repr of bytes, with "\\n" written out.
    text = str(exc)
    if text.startswith(("b'", 'b"')):
        text = text[2:].split("\\n", 1)[0]
    lines = text.strip().splitlines()
    first = re.sub(r"^(?:parse|lexical) error: ", "", lines[0]).strip() if lines else ""
    return first or "unreadable"


def _peer_number(value: Any) -> str | None:
    # from_id is "user123" since 2021 and a bare number in older exports.
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        digits = value[4:] if value.startswith("user") else value
        return digits if digits.isdigit() else None
    return None


def _record(msg: Any, index: int, ctx: _Chat) -> Message | Call | None:
    if not isinstance(msg, dict):
        raise BadInput(f"{ctx.shown}:#{ctx.prefix}[{index}]", "expected a message object")
    msg_id = msg.get("id")
    if isinstance(msg_id, bool) or not isinstance(msg_id, (int, str)):
        msg_id = f"[{index}]"  # hand-trimmed exports drop ids; point at the position instead
    where = f"{ctx.shown}:#{ctx.prefix}{msg_id}"
    kind = msg.get("type")
    if kind == "service":
        # Joins, pins, title changes, screenshots... are not messages; only calls matter.
        return _call(msg, where, ctx) if msg.get("action") == "phone_call" else None
    if kind != "message":
        return None  # "unsupported": media Telegram Desktop itself could not export
    media = any(msg.get(key) is not None for key in _MEDIA_KEYS)
    # Edited messages keep their final text; forwarded ones count as the forwarder's.
    return Message(
        ts=_timestamp(msg, where, ctx.tz),
        sender=_person(msg, "from", ctx),
        text=_text(msg.get("text"), where),
        source=where,
        media=media,
        from_me=_from_me(msg.get("from_id"), ctx),
        thread=ctx.thread,
    )


def _call(msg: dict[str, Any], where: str, ctx: _Chat) -> Call:
    duration = msg.get("duration_seconds")
    if duration is not None and (isinstance(duration, bool) or not isinstance(duration, int)):
        raise BadInput(where, f"call duration {duration!r} is not a number of seconds")
    reason = msg.get("discard_reason")
    status: CallStatus
    if reason == "missed":
        status = "missed"
    elif reason == "busy":
        status = "declined"
    elif duration:
        status = "answered"
    else:
        # "hangup" or "disconnect" with no duration: the caller gave up before an answer.
        status = "missed"
    return Call(
        ts=_timestamp(msg, where, ctx.tz),
        caller=_person(msg, "actor", ctx),
        status=status,
        source=where,
        duration_s=duration if status == "answered" else None,
        video=msg.get("is_video") is True,
        from_me=_from_me(msg.get("actor_id"), ctx),
        thread=ctx.thread,
    )


def _timestamp(msg: dict[str, Any], where: str, tz: ZoneInfo) -> datetime:
    unix = msg.get("date_unixtime")
    if unix is not None:
        try:
            if isinstance(unix, bool):
                raise TypeError(unix)
            return datetime.fromtimestamp(int(unix), tz).replace(tzinfo=None)
        except (TypeError, ValueError, OverflowError, OSError):
            raise BadInput(where, f'cannot read the date "{unix}" (expected epoch seconds)') from None
    local = msg.get("date")
    if not isinstance(local, str):
        raise BadInput(where, "message has no date")
    try:
        stamp = datetime.fromisoformat(local)
        if stamp.tzinfo is not None:
            return stamp.astimezone(tz).replace(tzinfo=None)
    except (ValueError, OverflowError):
        raise BadInput(where, f'cannot read the date "{local}" (expected YYYY-MM-DDTHH:MM:SS)') from None
    return stamp


def _person(msg: dict[str, Any], key: str, ctx: _Chat) -> str:
    if key not in msg:
        return ctx.name or _DELETED_ACCOUNT  # channel posts in old exports carry no author
    value = msg[key]
    if value is None:
        return _DELETED_ACCOUNT
    if not isinstance(value, str):
        raise BadInput(f"{ctx.shown}:#{ctx.prefix}{msg.get('id', '?')}", f'"{key}" is not a name')
    return _clean(value)


def _from_me(peer: Any, ctx: _Chat) -> bool | None:
    if ctx.user_id is None:
        return None
    return _peer_number(peer) == ctx.user_id


def _text(value: Any, where: str) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return _clean(value)
    if not isinstance(value, list):
        raise BadInput(where, "message text is neither a string nor a list")
    # Formatted text is a list of plain strings and entity objects (bold, link, mention,
    # custom_emoji, text_link...); each entity's "text" is what the reader sees.
    parts: list[str] = []
    for part in value:
        if isinstance(part, str):
            parts.append(part)
        elif isinstance(part, dict) and isinstance(part.get("text"), str):
            parts.append(part["text"])
        else:
            raise BadInput(where, "message text holds a part that is not text")
    return _clean("".join(parts))


def _clean(text: str) -> str:
    # JSON may carry lone surrogates ("\ud83d" cut in half); SQLite cannot store them.
    if _SURROGATE.search(text):
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return text
