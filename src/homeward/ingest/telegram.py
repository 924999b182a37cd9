"""Telegram Desktop JSON exports (``result.json``).

Telegram Desktop writes two shapes (``export/output/export_output_json.cpp``):

* "Export chat history" of one chat: ``{"name", "type", "id", "messages": [...]}``.
* "Export Telegram data" of the whole account: ``{"about", "personal_information",
  "chats": {"list": [chat, ...]}, "left_chats": {"list": [...]}, ...}``; every chat has
  the single-chat shape. ``personal_information.user_id`` names the account holder, so
  there ``from_me`` is known; every record carries its chat's name in ``thread``.

Messages have ``date_unixtime`` (epoch seconds, since Telegram Desktop 3.x in 2021) and
``date`` (the exporting machine's wall clock, the only field in older exports).
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from homeward.errors import BadInput
from homeward.ingest.records import Call, CallStatus, Message

FORMAT = "telegram"

_CHAT_TYPES = ("personal_chat", "bot_chat", "saved_messages", "replies", "private_group",
               "private_supergroup", "public_supergroup", "private_channel", "public_channel")
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


def parse(path: Path, *, tz: ZoneInfo) -> Iterator[Message | Call]:
    """Yield the export's messages and calls in file order; raise BadInput on anything unreadable."""
    shown = path.name
    root = _load(path, shown)
    if not isinstance(root, dict):
        raise BadInput(shown, "expected a JSON object at the top (a Telegram result.json)")
    if "messages" in root:
        yield from _chat_records(root, shown, full_account=False, user_id=None, tz=tz)
        return
    user_id = _account_user_id(root, shown)
    found = False
    for key in ("chats", "left_chats"):
        section = root.get(key)
        if section is None:
            continue
        if not isinstance(section, dict) or not isinstance(section.get("list"), list):
            raise BadInput(shown, f'"{key}" is not a Telegram chat list')
        found = True
        for chat in section["list"]:
            yield from _chat_records(chat, shown, full_account=True, user_id=user_id, tz=tz)
    if not found:
        raise BadInput(shown, 'no chats in this JSON (expected Telegram\'s "messages" or "chats")')


def _load(path: Path, shown: str) -> Any:
    # Telegram JSON is one document, not line-oriented, so it is read whole with json.loads;
    # a decade of one chat is tens of MB, which fits. Only the records are yielded lazily.
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise BadInput(shown, f"cannot read the file ({exc.strerror or exc})") from None
    text = raw.decode("utf-8", errors="replace").lstrip("\ufeff")
    if "\\x" in text:
        text = _X_ESCAPE.sub(r"\1\\u00\2", text)
    try:
        return json.loads(text)
    except RecursionError:
        raise BadInput(shown, "JSON nested too deeply to be a Telegram export") from None
    except json.JSONDecodeError as exc:
        raise BadInput(f"{shown}:{exc.lineno}", f"not valid JSON ({exc.msg})") from None
    except ValueError as exc:  # e.g. an integer longer than Python's digit limit
        raise BadInput(shown, f"not valid JSON ({exc})") from None


def _account_user_id(root: dict[str, Any], shown: str) -> str | None:
    info = root.get("personal_information")
    if info is None:
        return None
    if not isinstance(info, dict):
        raise BadInput(shown, '"personal_information" is not an object')
    return _peer_number(info.get("user_id"))


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


def _chat_records(chat: Any, shown: str, *, full_account: bool, user_id: str | None,
                  tz: ZoneInfo) -> Iterator[Message | Call]:
    if not isinstance(chat, dict):
        raise BadInput(shown, "expected a chat object in the chat list")
    messages = chat.get("messages")
    if not isinstance(messages, list):
        raise BadInput(shown, 'a chat has no "messages" list')
    name = chat.get("name")
    name = _clean(name) if isinstance(name, str) else ""
    prefix = ""
    if full_account:
        chat_id = chat.get("id")
        prefix = f"{chat_id}/" if isinstance(chat_id, (int, str)) and not isinstance(chat_id, bool) else ""
    ctx = _Chat(shown, name, prefix, (name or None) if full_account else None, user_id, tz)
    for index, msg in enumerate(messages):
        record = _record(msg, index, ctx)
        if record is not None:
            yield record


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
