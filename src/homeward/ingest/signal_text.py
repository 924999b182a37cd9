"""Signal Desktop chats as written by carderne/signal-export (``chat.md``, once ``index.md``).

Signal has no export of its own; signal-export decrypts Signal Desktop's database and writes
one Markdown-ish text file per chat, one message per ``[date] Sender: body`` line, the body
running on over the following lines. Times are the exporting machine's wall clock.

Versions seen:

* before 2023 (``sigexport.py``): ``[2019-05-29, 15:04] Aya: text`` (comma, no seconds);
* since 2023 (``sigexport/models.py`` ``to_md``): ``[2019-05-29 15:04:09] Aya: text`` and
  every body ends in two spaces (a Markdown line break).

The user's own messages and outgoing calls are sent by "Me". A body is laid out as
``quote? text reactions? sticker? attachments*``: a reply starts with a blank line, the
quoted message as ``> `` lines and another blank line; reactions are a ``(- Name: emoji -)``
line; a sticker is ``(( emoji ))`` or a link into ``../exported_stickers/``; attachments
are ``[name](./media/file)`` links (``!`` before images) or ``(media not exported)``.
A message deleted for everyone reads ``(This message was deleted)``; a call reads
``Incoming voice call (accepted, 2m 3s)``, ``Missed video call`` and the like.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from homeward.errors import BadInput
from homeward.ingest.records import Call, CallStatus, Message

FORMAT = "signal"

_HEADER = re.compile(r"\[(\d{4}-\d{2}-\d{2})(,?) (\d{2}:\d{2})(:\d{2})?\] (.+?): ?(.*)")
# Trailing pieces signal-export appends after the text: attachments, "not exported"
# placeholders (2025+) and stickers. Link names never hold brackets: signal-export
# renames every file to "<date>_<n>_<name>" before linking it.
_TRAILER = re.compile(
    r"(?:!?\[[^\[\]\n]*\]\((?:\./media/|\.\./exported_stickers/)[^)\n]*\)"
    r"|\((?:media|attachment|image|audio|video) not exported\)"
    r"|\n\(\( [^\n]* \)\))[ \t]*\Z")
_REACTIONS = re.compile(r"\n\(- [^\n]* -\)[ \t]*\Z")
_DELETED = "(This message was deleted)"
_CALL = re.compile(r"(Incoming|Outgoing|Missed) ((?:voice |video )?call)(?: \(([^()\n]*)\))?")
_DURATION = re.compile(r"(?:(\d+)m )?(\d+)s")
_SNIFF_LINES = 50


def sniff(head: str, name: str) -> bool:
    """True when ``head`` starts like a signal-export chat and not like a WhatsApp chat."""
    lines = [line for line in head.splitlines()[:_SNIFF_LINES] if line.strip()]
    if not lines:
        return False
    first = _HEADER.fullmatch(lines[0].rstrip("\r"))
    if first is None:
        return False
    # "[2019-05-29, 15:04]" (comma, no seconds) is signal-export's old stamp; WhatsApp's
    # bracketed iOS lines always carry seconds. A ".md" name or the trailing two-space
    # Markdown break marks the newer stamp, which a WhatsApp iOS chat in an ISO locale shares.
    if first.group(2) == "," and first.group(4) is None:
        return True
    if name.lower().endswith(".md"):
        return True
    return any(_HEADER.fullmatch(line) and line.endswith("  ") for line in lines)


def parse(path: Path, *, tz: ZoneInfo) -> Iterator[Message | Call]:
    """Yield the chat's messages and calls in file order; raise BadInput on an unreadable line."""
    shown = path.name
    try:
        fh = open(path, encoding="utf-8", errors="replace")
    except OSError as exc:
        raise BadInput(shown, f"cannot read the file ({exc.strerror or exc})") from None
    with fh:
        header: re.Match[str] | None = None
        start = 0
        body: list[str] = []
        try:
            for lineno, raw in enumerate(fh, 1):
                line = raw.rstrip("\r\n")
                if lineno == 1:
                    line = line.lstrip("\ufeff")
                match = _HEADER.fullmatch(line)
                if match is not None:
                    if header is not None:
                        yield _record(header, body, f"{shown}:{start}")
                    header, start, body = match, lineno, [match.group(6)]
                elif header is not None:
                    body.append(line)
                elif line.strip():
                    raise BadInput(f"{shown}:{lineno}", 'expected a signal-export message line '
                                   'like "[2024-01-31 18:05:09] Name: text"')
        except OSError as exc:
            raise BadInput(shown, f"cannot read the file ({exc.strerror or exc})") from None
        if header is not None:
            yield _record(header, body, f"{shown}:{start}")


def _record(header: re.Match[str], lines: list[str], where: str) -> Message | Call:
    day, _comma, clock, seconds, sender, _first = header.groups()
    try:
        ts = datetime.fromisoformat(f"{day}T{clock}{seconds or ''}")
    except ValueError:
        stamp = header.group(0).split("]", 1)[0] + "]"
        raise BadInput(where, f'cannot read the date "{stamp}" (expected a signal-export message line)') from None
    text, media = _body(lines)
    from_me = True if sender == "Me" else None  # signal-export's own name for the user
    if not media:
        if text == _DELETED:
            return Message(ts=ts, sender=sender, text="", source=where, deleted=True, from_me=from_me)
        call = _CALL.fullmatch(text)
        if call is not None:
            return _call(call, ts, sender, where, from_me)
    return Message(ts=ts, sender=sender, text=text, source=where, media=media, from_me=from_me)


def _body(lines: list[str]) -> tuple[str, bool]:
    # A reply: "Sender: " then "", "> quoted"..., "" and the reply itself. The quoted
    # words are another message's, so they are dropped here.
    if len(lines) >= 3 and not lines[0].strip() and lines[1] == "" and lines[2].startswith(">"):
        i = 2
        while i < len(lines) and lines[i].startswith(">"):
            i += 1
        if i < len(lines) and lines[i] == "":
            i += 1
        lines = lines[i:]
    text = "\n".join(lines).rstrip()
    media = False
    while (trailer := _TRAILER.search(text)) is not None:
        media = True
        text = text[:trailer.start()].rstrip()
    reactions = _REACTIONS.search(text)
    if reactions is not None:  # reactions are not messages; their line is not the text
        text = text[:reactions.start()]
    return text.rstrip(), media


def _call(match: re.Match[str], ts: datetime, sender: str, where: str, from_me: bool | None) -> Call:
    direction, label, detail = match.groups()
    detail = detail or ""
    status: CallStatus
    if direction == "Missed" or "unanswered" in detail or "missed" in detail:
        status = "missed"
    elif "declined" in detail:
        status = "declined"
    else:
        # "accepted", or the legacy "Incoming call"/"Outgoing call" with no status at all.
        status = "answered"
    duration = _DURATION.search(detail)
    seconds = None
    if duration is not None and status == "answered":
        seconds = int(duration.group(1) or 0) * 60 + int(duration.group(2))
    # signal-export names the caller as sender: "Me" for outgoing calls, the contact otherwise.
    return Call(ts=ts, caller=sender, status=status, source=where, duration_s=seconds,
                video=label.startswith("video"), from_me=from_me)
