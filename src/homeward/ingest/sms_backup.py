"""SMS Backup & Restore (SyncTech, Android) XML: ``sms-*.xml`` messages and ``calls-*.xml`` call logs.

The app writes one element per line under ``<smses>`` (``<sms>`` and ``<mms>``) or ``<calls>``
(``<call>``); all values are attributes copied from Android's telephony database. Times are epoch
milliseconds (instants), converted to the wall clock of ``tz``. Signal / Silence "plaintext backups"
write the same format and are read the same way.

Decisions, with the export quirk behind each:

- ``sms type`` / ``mms msg_box``: 1 received, 2 sent. 3 draft, 4 outbox, 5 failed and 6 queued were
  never delivered when the backup ran, so the other phone never saw them: they are skipped (a later
  backup shows a queued message as sent, with the same ``date``).
- Group MMS: ``address`` lists every other participant joined by ``~``. More than one of them makes
  ``thread`` = ``"group:" + the sorted numbers joined by "~"``, so the store can keep the couple's
  own timeline apart. Received group MMS name their sender in ``<addr type="137">`` (137 from,
  151 to, 130 cc, 129 bcc); ``contact_name`` then lists everyone, so the sender is the number.
- Sent messages: ``sender`` "Me", ``from_me`` True; ``address`` is always the other party's number
  (``None`` for a sent group MMS, which has no single other party).
- ``contact_name`` "(Unknown)" (what the app writes for numbers not in the contacts) means no name.
- Numbers: with a leading ``+`` they become E.164 (``+4915123456789``). Without a country code the
  region is unknowable from the file, so only the digits are kept, as written (``0151 2345678`` ->
  ``01512345678``); sender IDs with letters (``ACME-BANK``) stay as they are.
- Calls (Android CallLog types): 1 incoming and 2 outgoing are answered when ``duration`` > 0, else
  missed; 3 missed; 4 voicemail (a caller who reached the mailbox) missed; 5 rejected and 6 refused
  (blocked number) declined; 7 answered on another device answered. Unknown future types are skipped.
- Emoji: older app versions and Signal's plaintext export wrote characters outside the BMP as two
  numeric references to UTF-16 surrogates (``&#55357;&#56832;``), which XML forbids and expat refuses.
  We rewrite each pair into one reference (``&#128512;``) before the parser sees it; lone surrogates
  and control characters XML cannot hold become U+FFFD, as do bytes that are not UTF-8.
- Safety: the file is streamed line by line through defusedxml's ``iterparse`` and each record is
  cleared after use, so memory does not grow with the file. A DTD (the app never writes one) is
  refused, which stops entity-expansion ("billion laughs") and external-entity attacks.

``source`` is ``"sms.xml:#12 (line 57)"``: the 12th sms/mms/call element, starting on line 57.
"""
from __future__ import annotations

import codecs
import functools
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import BinaryIO
from xml.etree.ElementTree import Element, ParseError
from zoneinfo import ZoneInfo

import defusedxml.ElementTree as safe_etree
import phonenumbers
from defusedxml import DefusedXmlException

from homeward.errors import BadInput
from homeward.ingest.records import Call, CallStatus, Message

FORMAT = "sms"

_SNIFF = re.compile(r"<(?:smses|calls)[\s>/]")
_RECORD_TAGS = {"sms", "mms", "call"}
_ME = "Me"
_UNKNOWN_NAMES = {"", "null", "(Unknown)"}
_PRIVATE_NUMBERS = {"", "null", "-1", "-2", "-3", "-4"}  # Android's PRIVATE / UNKNOWN / PAYPHONE markers

_RECEIVED, _SENT = 1, 2
_MMS_FROM = "137"
_MMS_NOT_MEDIA = {"application/smil", "text/plain"}

_CALL_STATUS: dict[int, tuple[bool, CallStatus | None]] = {
    # type: (from_me, status; None = answered when the call lasted, else missed)
    1: (False, None),
    2: (True, None),
    3: (False, "missed"),
    4: (False, "missed"),
    5: (False, "declined"),
    6: (False, "declined"),
    7: (False, "answered"),
}

# A numeric character reference; digits are capped so a hostile file cannot make int() slow.
_CHAR_REF = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));")
_CHAR_REF_AT_END = re.compile(r"&#(?:[xX][0-9a-fA-F]{1,8}|[0-9]{1,10});\Z")
_RAW_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_MAX_LINE_BYTES = 1 << 20  # MMS images are base64 attributes; read such lines in slices
_CARRY = 40  # longest tail that may hold an unfinished pair of character references


def sniff(head: str, name: str) -> bool:
    """True when the head holds the ``<smses>`` or ``<calls>`` root SMS Backup & Restore writes."""
    return head.lstrip().startswith("<") and _SNIFF.search(head) is not None


def _code_point(ref: re.Match[str]) -> int:
    return int(ref.group(1), 16) if ref.group(1) else int(ref.group(2))


def _is_xml_char(code: int) -> bool:
    return code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF


def repair_char_refs(text: str) -> str:
    """``text`` with surrogate-pair references joined and references XML forbids replaced by U+FFFD."""
    parts: list[str] = []
    done = 0
    for ref in _CHAR_REF.finditer(text):
        if ref.start() < done:
            continue  # the low half of a pair already joined
        code = _code_point(ref)
        if 0xD800 <= code <= 0xDBFF:
            low = _CHAR_REF.match(text, ref.end())
            if low is not None and 0xDC00 <= _code_point(low) <= 0xDFFF:
                joined = 0x10000 + ((code - 0xD800) << 10) + (_code_point(low) - 0xDC00)
                parts += [text[done:ref.start()], f"&#{joined};"]
                done = low.end()
                continue
        if not _is_xml_char(code):
            parts += [text[done:ref.start()], "&#65533;"]
            done = ref.end()
    parts.append(text[done:])
    return _RAW_NOT_XML.sub("\ufffd", "".join(parts))


class _RepairedLines:
    """A read-only text source for ``iterparse``: one repaired line per ``read()``, counting lines."""

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._carry = ""
        self._next_line = 1
        self.line = 1  # the line the text handed out last starts on

    def read(self, size: int = -1) -> str:
        while True:
            chunk = self._raw.readline(_MAX_LINE_BYTES)
            text = self._carry + self._decoder.decode(chunk, final=not chunk)
            self._carry = ""
            if chunk and not chunk.endswith(b"\n"):
                # A slice of an over-long line: keep a possibly unfinished reference (or the first
                # half of a surrogate pair) for the next slice.
                cut = text.rfind("&", max(0, len(text) - _CARRY))
                if cut >= 0:
                    before = _CHAR_REF_AT_END.search(text, max(0, cut - _CARRY), cut)
                    cut = before.start() if before else cut
                    text, self._carry = text[:cut], text[cut:]
            self.line = self._next_line
            if chunk.endswith(b"\n"):
                self._next_line += 1
            if text or not chunk:
                return repair_char_refs(text)


def _records(path: Path, source: BinaryIO) -> Iterator[tuple[str, Element]]:
    """Each sms/mms/call element, complete, with its ``source`` label; bad XML becomes BadInput."""
    lines = _RepairedLines(source)
    events = safe_etree.iterparse(lines, events=("start", "end"), forbid_dtd=True)
    root: Element | None = None
    depth = count = 0
    label = ""
    try:
        for event, elem in events:
            if event == "start":
                depth += 1
                if root is None:
                    root = elem
                    if elem.tag not in ("smses", "calls"):
                        raise BadInput(f"{path.name}:{lines.line}", f"not an SMS Backup & Restore file (root element "
                                       f"<{elem.tag}>, expected <smses> or <calls>)")
                elif depth == 2:
                    count += 1
                    label = f"{path.name}:#{count} (line {lines.line})"
                continue
            depth -= 1
            if depth == 1 and root is not None:
                if elem.tag in _RECORD_TAGS:
                    yield label, elem
                elem.clear()
                root.clear()  # the app's files reach hundreds of MB; keep only the current record
    except ParseError as exc:
        line, column = exc.position
        problem = str(exc).split(": line ")[0]  # expat appends the position we already report
        raise BadInput(f"{path.name}:{line}", f"not well-formed XML at column {column + 1} ({problem})") from None
    except DefusedXmlException:
        raise BadInput(f"{path.name}:{lines.line}", "refusing an XML DTD or entity declaration (SMS Backup & Restore "
                       "never writes one; it can expand into an entity-expansion attack)") from None


@functools.lru_cache(maxsize=4096)  # a backup holds few distinct numbers; phonenumbers.parse is slow
def normalise_number(raw: str | None) -> str | None:
    """The number in E.164 when it carries a country code, else its digits as written; None if absent."""
    if raw is None or raw.strip() in _PRIVATE_NUMBERS:
        return None
    raw = raw.strip()
    if "@" in raw:  # MMS to an e-mail address
        return raw.lower()
    if re.search(r"[A-Za-z]", raw):  # alphanumeric sender ID
        return raw
    digits = re.sub(r"[^\d*#]", "", raw)
    if raw.startswith("+"):
        try:
            number = phonenumbers.parse(raw, None)
        except phonenumbers.NumberParseException:
            return "+" + digits
        if phonenumbers.is_possible_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        return "+" + digits
    return digits or raw


def _int(elem: Element, name: str, where: str, default: int | None = None) -> int:
    value = elem.get(name)
    if value is None or value.strip() in ("", "null"):
        if default is not None:
            return default
        raise BadInput(where, f"<{elem.tag}> has no {name}")
    try:
        return int(value.strip())
    except ValueError:
        raise BadInput(where, f'<{elem.tag}> {name}="{value[:40]}" is not a number') from None


def _wall_clock(elem: Element, where: str, tz: ZoneInfo) -> datetime:
    millis = _int(elem, "date", where)
    try:
        return datetime.fromtimestamp(millis / 1000, tz).replace(tzinfo=None)
    except (OverflowError, OSError, ValueError):
        raise BadInput(where, f'<{elem.tag}> date="{millis}" is not a time (expected epoch milliseconds)') from None


def _name(elem: Element) -> str | None:
    name = (elem.get("contact_name") or "").strip()
    return None if name in _UNKNOWN_NAMES else name


def _sms(elem: Element, where: str, tz: ZoneInfo) -> Message | None:
    kind = _int(elem, "type", where)
    if kind not in (_RECEIVED, _SENT):
        return None  # draft, outbox, failed, queued: never reached the other phone
    ts = _wall_clock(elem, where, tz)
    address = normalise_number(elem.get("address"))
    body = elem.get("body") or ""
    if kind == _SENT:
        return Message(ts, _ME, body, where, from_me=True, address=address)
    sender = _name(elem) or address or "unknown number"
    return Message(ts, sender, body, where, from_me=False, address=address)


def _mms(elem: Element, where: str, tz: ZoneInfo) -> Message | None:
    box = _int(elem, "msg_box", where)
    if box not in (_RECEIVED, _SENT):
        return None  # drafts, outbox, failed: never delivered
    ts = _wall_clock(elem, where, tz)
    others = sorted({n for part in (elem.get("address") or "").split("~") if (n := normalise_number(part))})
    group = len(others) > 1
    thread = "group:" + "~".join(others) if group else None
    texts: list[str] = []
    media = False
    for part in elem.iter("part"):
        kind = (part.get("ct") or "").lower()
        if kind == "text/plain":
            text = part.get("text")
            if text and text != "null":
                texts.append(text)
        elif kind not in _MMS_NOT_MEDIA and part.get("seq") != "-1":
            media = True
    text = "\n".join(texts)
    if box == _SENT:
        return Message(ts, _ME, text, where, media=media, from_me=True,
                       address=None if group else (others[0] if others else None), thread=thread)
    senders = [a.get("address") for a in elem.iter("addr") if a.get("type") == _MMS_FROM]
    address = normalise_number(senders[0]) if senders else (others[0] if len(others) == 1 else None)
    sender = (None if group else _name(elem)) or address or "unknown number"
    return Message(ts, sender, text, where, media=media, from_me=False, address=address, thread=thread)


def _call(elem: Element, where: str, tz: ZoneInfo) -> Call | None:
    kind = _int(elem, "type", where)
    if kind not in _CALL_STATUS:
        return None  # a call type newer than this reader; better absent than misread
    from_me, status = _CALL_STATUS[kind]
    ts = _wall_clock(elem, where, tz)
    duration = max(_int(elem, "duration", where, default=0), 0)
    if status is None:
        status = "answered" if duration > 0 else "missed"
    address = normalise_number(elem.get("number"))
    caller = _ME if from_me else (_name(elem) or address or "unknown number")
    return Call(ts, caller, status, where, duration_s=duration, from_me=from_me, address=address, channel="phone")


def parse(path: Path, *, tz: ZoneInfo) -> Iterator[Message | Call]:
    """Messages and calls from an SMS Backup & Restore XML file, in file order, streamed.

    Raises:
        BadInput: not well-formed XML, a DTD/entity declaration, or a record without a readable date/type.
    """
    try:
        source = open(path, "rb")
    except OSError as exc:
        raise BadInput(str(path), f"cannot read the file ({exc.strerror or exc})") from None
    with source:
        for where, elem in _records(path, source):
            converter = {"sms": _sms, "mms": _mms, "call": _call}[elem.tag]
            record = converter(elem, where, tz)
            if record is not None:
                yield record
