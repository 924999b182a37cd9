"""Facebook Messenger and Instagram "Download your information" JSON threads.

Meta writes one folder per thread (``messages/inbox/<name>_<id>/``; since 2024 under
``your_facebook_activity/`` or ``your_instagram_activity/``) holding ``message_1.json``,
``message_2.json``... of at most 10,000 messages each. ``message_1.json`` holds the newest
messages and every file lists them newest first, so a thread is read from the highest number
down and each file backwards. Every string is mojibake: UTF-8 bytes written as one
``\\u00XX`` code point per byte. Fields (snake_case): ``sender_name``, ``timestamp_ms``,
``content``, ``photos``/``videos``/``audio_files``/``gifs``/``files``/``sticker``,
``share``, ``reactions``, ``is_unsent``, ``call_duration`` and, in older exports, ``type``
("Generic", "Share", "Call", "Subscribe", "Unsubscribe").

Messenger's separate "end-to-end encrypted chats" download (2024+) is one ``<Name>_<n>.json``
per thread with camelCase fields (``senderName``, ``timestamp``, ``text``, ``media``,
``isUnsent``, ``type`` "text"/"media"/"link"/"placeholder"); it is read the same way.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from homeward.errors import BadInput
from homeward.ingest.records import Call, CallStatus, Message

FORMAT = "messenger"
ALSO = ("instagram",)  # --format instagram: the same "Download your information" JSON, channel "instagram"
FOLDER = True

_MESSAGE_FILE = re.compile(r"message_(\d{1,9})\.json")
_HEAD_BYTES = 64 * 1024  # as much as detect_format reads
_SNIFF = re.compile(r'"(?:sender_name|timestamp_ms|senderName|threadName)"\s*:')
_MEDIA_KEYS = ("photos", "videos", "audio_files", "gifs", "files", "media")
_SURROGATE = re.compile("[\ud800-\udfff]")
# Meta writes reactions twice on Instagram and in newer Messenger exports: in "reactions"
# and as a line of their own ("Reacted 😂 to your message", "Liked a message").
# The reaction itself is an emoji: "I reacted badly to your message" stays a message.
_REACTION_LINE = re.compile(r"(?:(?:.+ )?[Rr]eacted [^\sA-Za-z0-9]{1,16} to (?:your|a|their) message"
                            r"|Liked a message)\s*")
# Meta's stand-in content for a message whose payload is media or a share (or was: the
# file may be missing from the export).
_PLACEHOLDER = re.compile(r".+ sent (?:an attachment|a photo|a video|a voice message|a sticker"
                          r"|a GIF|a link|an audio clip|\d+ photos|a location)\.?")
_UNSENT_LINE = re.compile(r".+ unsent a message\.?")
# Call lines that carry no call_duration (Instagram; group calls). "X called you." is only
# trusted with call_duration/type "Call": people also write "You called me a liar."
_CALL_LINE = re.compile(
    r"(?:You missed an? (?:audio |video )?(?:call|chat)(?: (?:from|with) .+)?"
    r"|.+ missed your (?:audio |video )?(?:call|chat)"
    r"|(?:The )?(?:audio |video )?(?:call|chat) ended"
    r"|.+ started an? (?:audio |video )?(?:call|chat))\.?", re.IGNORECASE)
# Notices Meta writes into the thread as if someone had sent them: polls, nicknames, chat
# themes and group changes. (Joins and leaves carry a "users" list and are caught by it.)
_SYSTEM_LINE = re.compile(
    r".+'s poll has multiple updates\.?|This poll is no longer available\.?"
    r"|.+ (?:set|cleared) (?:the|your|his|her|their) nickname.*"
    r"|.+ (?:changed|set) the (?:chat )?(?:theme|emoji|quick reaction|group photo)\b.*"
    r"|.+ named the group .*|.+ pinned a message\.?|.+ left the group\.?")
# Instagram-only text: likes and story replies exist in Instagram Direct, not in Messenger.
_INSTAGRAM_LINE = re.compile(r"Liked a message|.*(?:[Rr]eplied to|[Rr]eacted to|[Mm]entioned you in) "
                             r"(?:your|their|his|her) story.*")


def sniff(head: str, name: str) -> bool:
    """True when ``head`` is the start of a Meta (Messenger/Instagram) thread JSON file."""
    text = head.lstrip()
    return text.startswith("{") and _SNIFF.search(text) is not None


@dataclass(frozen=True)
class _Thread:
    thread: str | None
    channel: str | None
    tz: ZoneInfo


def parse(path: Path, *, tz: ZoneInfo) -> Iterator[Message | Call]:
    """Yield a thread's (or a folder of threads') records in time order; raise BadInput on bad input."""
    if not path.is_dir():
        yield from _thread([path], path.parent, tz, several=False)
        return
    threads = _threads(path)
    if not threads:
        raise BadInput(str(path), "holds no Messenger or Instagram thread (no message_1.json)")
    for files in threads:
        yield from _thread(files, path, tz, several=len(threads) > 1)


def _threads(root: Path) -> list[list[Path]]:
    groups: dict[Path, list[tuple[int, Path]]] = {}
    for file in sorted(root.rglob("message_*.json")):
        number = _MESSAGE_FILE.fullmatch(file.name)
        if number is not None and file.is_file():
            groups.setdefault(file.parent, []).append((int(number.group(1)), file))
    if groups:
        # Highest number first: it holds the oldest messages.
        return [[file for _, file in sorted(groups[parent], reverse=True)] for parent in sorted(groups)]
    # The end-to-end-encrypted download: one "<Name>_<n>.json" per thread, no numbering.
    return [[file] for file in sorted(root.rglob("*.json")) if file.is_file() and _looks_like_thread(file)]


def _looks_like_thread(file: Path) -> bool:
    try:
        with open(file, "rb") as fh:
            head = fh.read(_HEAD_BYTES).decode("utf-8", errors="replace").lstrip("\ufeff")
    except OSError:
        return False
    return sniff(head, file.name)


def _thread(files: list[Path], root: Path, tz: ZoneInfo, *, several: bool) -> Iterator[Message | Call]:
    ctx: _Thread | None = None
    for file in files:
        shown = file.relative_to(root).as_posix() if file.is_relative_to(root) else file.name
        document = _load(file, shown)
        messages = document.get("messages")
        if not isinstance(messages, list):
            raise BadInput(shown, 'expected a "messages" list (a Messenger or Instagram message_N.json)')
        if ctx is None:
            # One decision per thread, from its oldest file: all its records share a channel.
            title = document.get("title", document.get("threadName"))
            thread = _clean(_fix(title)) if several and isinstance(title, str) else None
            participants = document.get("participants")
            if isinstance(participants, list) and len(participants) > 2:
                # A group: left out of the couple's timeline (couple.py), named by its title.
                thread = "group:" + (_clean(_fix(title)) if isinstance(title, str) else shown)
            ctx = _Thread(thread, "instagram" if _is_instagram(file, document) else None, tz)
        stamps = [_timestamp_ms(msg, f"{shown}:#{i}") for i, msg in enumerate(messages)]
        order = list(range(len(messages)))
        if stamps and stamps[0] > stamps[-1]:
            order.reverse()  # newest first, as Meta writes it; ties keep their written order
        order.sort(key=stamps.__getitem__)
        for i in order:
            record = _record(messages[i], stamps[i], f"{shown}:#{i}", ctx)
            if record is not None:
                yield record


def _load(path: Path, shown: str) -> dict[str, Any]:
    # A message_N.json is a single JSON document of at most 10,000 messages, read whole.
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise BadInput(shown, f"cannot read the file ({exc.strerror or exc})") from None
    try:
        document = json.loads(raw.decode("utf-8", errors="replace").lstrip("\ufeff"))
    except RecursionError:
        raise BadInput(shown, "JSON nested too deeply to be a Messenger export") from None
    except json.JSONDecodeError as exc:
        raise BadInput(f"{shown}:{exc.lineno}", f"not valid JSON ({exc.msg})") from None
    except ValueError as exc:  # e.g. an integer longer than Python's digit limit
        raise BadInput(shown, f"not valid JSON ({exc})") from None
    if not isinstance(document, dict):
        raise BadInput(shown, "expected a JSON object at the top (a Messenger or Instagram thread)")
    return document


def _is_instagram(file: Path, document: dict[str, Any]) -> bool:
    # Decided by what Instagram writes: its "Download your information" folder layout,
    # the ig.me invite link of a group, or lines only Instagram Direct produces.
    parts = [part.lower() for part in file.parts]
    if "your_instagram_activity" in parts or any(part.startswith("instagram-") for part in parts):
        return True
    joinable = document.get("joinable_mode")
    if isinstance(joinable, dict) and str(joinable.get("link", "")).startswith("https://ig.me/"):
        return True
    messages = document.get("messages")
    return isinstance(messages, list) and any(
        isinstance(msg, dict) and isinstance(msg.get("content"), str)
        and _INSTAGRAM_LINE.fullmatch(_fix(msg["content"])) is not None
        for msg in messages)


def _timestamp_ms(msg: Any, where: str) -> int:
    if not isinstance(msg, dict):
        raise BadInput(where, "expected a message object")
    value = msg.get("timestamp_ms", msg.get("timestamp"))
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadInput(where, "message has no timestamp_ms")
    return value


def _record(msg: dict[str, Any], stamp: int, where: str, ctx: _Thread) -> Message | Call | None:
    try:
        ts = (datetime.fromtimestamp(stamp // 1000, ctx.tz) + timedelta(milliseconds=stamp % 1000)).replace(tzinfo=None)
    except (ValueError, OverflowError, OSError):
        raise BadInput(where, f"cannot read the time {stamp} (expected epoch milliseconds)") from None
    sender = _string(msg, ("sender_name", "senderName"), where, required=True)
    content = _string(msg, ("content", "text"), where, required=False)
    kind = msg.get("type")

    def message(text: str, *, media: bool = False, deleted: bool = False) -> Message:
        return Message(ts=ts, sender=sender, text=text, source=where, media=media, deleted=deleted,
                       thread=ctx.thread, channel=ctx.channel)

    if msg.get("is_unsent") is True or msg.get("isUnsent") is True or kind == "placeholder" \
            or _UNSENT_LINE.fullmatch(content):
        return message("", deleted=True)
    if kind in ("Subscribe", "Unsubscribe") or "users" in msg:
        return None  # someone added to or leaving a group: not a message
    if "call_duration" in msg or kind == "Call" or _CALL_LINE.fullmatch(content):
        return _call(msg, content, ts, sender, where, ctx)
    if _REACTION_LINE.fullmatch(content) or _SYSTEM_LINE.fullmatch(content):
        return None
    media = _has_media(msg, where)
    share = msg.get("share")
    if share is not None and not isinstance(share, dict):
        raise BadInput(where, '"share" is not an object')
    if _PLACEHOLDER.fullmatch(content):
        # "X sent an attachment." stands for the share or the file; a file the export
        # left out is still an attachment.
        content = ""
        media = media or not share
    parts = [content] if content else []
    if share:
        for key in ("link", "share_text"):
            extra = share.get(key)
            if isinstance(extra, str) and extra and _fix(extra) not in content:
                parts.append(_clean(_fix(extra)))
    text = "\n".join(parts)
    if share and not text:
        media = True  # a shared post that is gone: only its owner's name is left
    if not text and not media:
        # Instagram's vanish-mode messages and content Meta withholds keep only sender,
        # time and reactions: a message that was sent and can no longer be read.
        return message("", deleted=True)
    return message(text, media=media)


def _call(msg: dict[str, Any], content: str, ts: datetime, sender: str, where: str, ctx: _Thread) -> Call | None:
    lower = content.lower()
    if "joined" in lower:
        return None  # a participant joining a group call that someone else started
    duration = msg.get("call_duration")
    if duration is not None and (isinstance(duration, bool) or not isinstance(duration, int)):
        raise BadInput(where, f"call_duration {duration!r} is not a number of seconds")
    status: CallStatus
    if "missed" in lower:
        status = "missed"
    elif "declined" in lower:
        status = "declined"
    elif duration == 0:
        status = "missed"  # Messenger logs an unanswered call as "X called you." lasting 0 s
    else:
        status = "answered"
    # Meta files every call line under the one who placed the call: "You missed a call
    # from X" is sent by X, "X missed your call" by the user.
    return Call(ts=ts, caller=sender, status=status, source=where,
                duration_s=duration if status == "answered" and duration else None,
                video="video" in lower, thread=ctx.thread, channel=ctx.channel)


def _has_media(msg: dict[str, Any], where: str) -> bool:
    for key in _MEDIA_KEYS:
        value = msg.get(key)
        if value is not None and not isinstance(value, list):
            raise BadInput(where, f'"{key}" is not a list')
        if value:
            return True
    sticker = msg.get("sticker")
    return isinstance(sticker, dict) and bool(sticker)


def _string(msg: dict[str, Any], keys: tuple[str, ...], where: str, *, required: bool) -> str:
    for key in keys:
        value = msg.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            raise BadInput(where, f'"{key}" is not text')
        return _clean(_fix(value))
    if required:
        raise BadInput(where, f'message has no "{keys[0]}"')
    return ""


def _fix(text: str) -> str:
    # Meta's mojibake: UTF-8 bytes stored as Latin-1 code points. Text that is not of that
    # shape (real Unicode, as in the encrypted-chats download) does not round-trip: keep it.
    try:
        return text.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return text


def _clean(text: str) -> str:
    # JSON may carry lone surrogates ("\ud83d" cut in half); SQLite cannot store them.
    if _SURROGATE.search(text):
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return text
