"""E-mail: ``.mbox`` files (Gmail Takeout, Thunderbird, Apple Mail export) and single ``.eml`` files.

Each mail becomes one message:

- ``ts``: the ``Date`` header (an instant) on the wall clock of ``tz``; a date without a zone
  (``-0000``) is taken as UTC. Without a usable ``Date``, the mbox ``From `` line's date is used.
- ``sender``: the From display name (RFC 2047 decoded), else the address; ``address``: the From
  address, lower-cased. ``from_me`` stays None: the user is chosen by address after parsing.
- ``text``: the text/plain body, else the HTML body as text; ``multipart/alternative`` prefers
  text/plain. Quoted-printable, base64 and charsets are decoded; bytes the charset cannot hold
  become U+FFFD. The quoted history of a reply is removed (see ``mail_text.py``). A mail with no
  words of its own keeps its subject as text.
- ``media``: the mail carries attachments (parts that are not the body; inline signature images in
  ``multipart/related`` do not count).
- ``thread``: every address found in From, To, Cc and Bcc, lower-cased, sorted and joined by ``,``
  (``"jordan@example.org,robin@example.net"``). A couple's own mails list exactly two addresses;
  more means third parties were involved: the thread then starts ``"group:"`` and the mail is left
  out of the couple's timeline (``couple.py``). A mail someone sent to themselves lists one.
- Drafts are skipped: Gmail Takeout labels them ``X-Gmail-Labels: ...Drafts``, Thunderbird marks
  them with ``X-Mozilla-Draft-Info``. They were never sent.

An mbox is streamed, read-only, and split at ``From <sender> <date>`` lines (RFC 4155); a body line
that merely starts with ``From `` (Gmail Takeout leaves them unescaped) does not split it, and
``>From `` escapes (mboxrd/mboxo) are undone. ``source`` is ``"mail.mbox:#3 (line 120)"`` (the
third mail, at its ``From `` line) or ``"mail.eml"``.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timezone
from email import policy
from email.errors import MessageError
from email.message import EmailMessage, Message as MimePart
from email.parser import BytesParser
from email.utils import mktime_tz, parsedate_tz
from pathlib import Path
from typing import BinaryIO
from zoneinfo import ZoneInfo

from homeward.errors import BadInput
from homeward.ingest.mail_text import html_to_text, strip_quoted
from homeward.ingest.records import Message

FORMAT = "mail"

_SUFFIXES = (".mbox", ".mbx", ".eml")
_MBOX_FROM_LINE = re.compile(r"From \S+ .*\d\d:\d\d:\d\d")
_HEADER_LINE = re.compile(r"([!-9;-~]+):")
_TELLING_HEADERS = {"date", "subject", "message-id", "to", "received", "mime-version", "return-path"}
_PARTICIPANT_HEADERS = ("From", "To", "Cc", "Bcc")
_ESCAPED_FROM = re.compile(rb"^>(>*From )")
# "From <sender> <asctime date>" (RFC 4155), e.g. Gmail Takeout's "From 1795...@xxx Mon Apr 01 19:40:00 +0000 2024".
# Stricter than mailbox.mbox, which splits at any "From " line: Takeout does not escape "From now on..."
# at the start of a body line, and such a line must not open a new (headerless) mail.
_SEPARATOR = re.compile(rb"From \S+\s+(?:[A-Za-z]{3},?\s+)?[A-Za-z]{3}\s+\d{1,2}\s+\d{1,2}:\d\d(?::\d\d)?\s+"
                        rb"(?:[A-Z]{3,4}\s+|[+-]\d{4}\s+)?\d{4}\s*$")
# Exceptions the stdlib email package raises on hostile input instead of recording a defect
# (header parser IndexError/ValueError, unknown charsets, malformed encoded words).
_EMAIL_FAILURES = (MessageError, ValueError, IndexError, LookupError, TypeError, AttributeError, OverflowError)


def _looks_like_headers(head: str) -> bool:
    names: set[str] = set()
    for line in head.splitlines()[:60]:
        if not line.strip():
            break
        if line[0] in " \t":
            continue  # a folded header line
        match = _HEADER_LINE.match(line)
        if match is None:
            return False
        names.add(match.group(1).lower())
    return "from" in names and bool(names & _TELLING_HEADERS)


def sniff(head: str, name: str) -> bool:
    """True for a ``.mbox``/``.eml`` name, an mbox ``From `` line, or a head of RFC 5322 headers."""
    if name.lower().endswith(_SUFFIXES):
        return True
    if _MBOX_FROM_LINE.match(head):
        return True
    return _looks_like_headers(head)


def _mbox_messages(source: BinaryIO, name: str) -> Iterator[tuple[str, bytes, bytes]]:
    """Each message of an mbox as (source label, raw bytes, its ``From `` line), one at a time."""
    count = 0
    lines: list[bytes] = []
    label, from_line = "", b""
    for number, line in enumerate(source, start=1):
        if number == 1 or _SEPARATOR.match(line):
            if count:
                yield label, b"".join(lines), from_line
            count += 1
            label, from_line, lines = f"{name}:#{count} (line {number})", line, []
        else:
            lines.append(_ESCAPED_FROM.sub(rb"\1", line))
    if count:
        yield label, b"".join(lines), from_line


def _instant(mail: EmailMessage, from_line: bytes, where: str) -> datetime:
    header = mail["Date"]
    moment = getattr(header, "datetime", None) if header is not None else None
    if isinstance(moment, datetime):
        return moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone.utc)
    # mbox From lines end with an asctime() date, in UTC unless they name a zone (Gmail: "+0000").
    fields = parsedate_tz(" ".join(from_line.decode("ascii", errors="replace").split()[2:]))
    if fields is not None:
        try:
            return datetime.fromtimestamp(mktime_tz(fields[:9] + (fields[9] or 0,)), timezone.utc)
        except (OverflowError, OSError, ValueError):
            pass
    raise BadInput(where, "the mail has no readable Date header")


def _clean(header_text: str) -> str:
    """Header text with raw 8-bit bytes (kept by the email package as surrogate escapes) read as UTF-8."""
    try:
        return header_text.encode("utf-8", errors="surrogateescape").decode("utf-8", errors="replace")
    except UnicodeEncodeError:
        return header_text.encode("utf-8", errors="replace").decode("utf-8")


def _decoded_text(part: MimePart) -> str:
    payload = part.get_payload(decode=True)
    raw = payload if isinstance(payload, bytes) else b""
    charset = part.get_content_charset() or "utf-8"
    try:
        return raw.decode(charset)
    except (LookupError, UnicodeDecodeError):
        # Mailers often send UTF-8 while declaring us-ascii (or an unknown charset): read it as UTF-8.
        return raw.decode("utf-8", errors="replace")


def _body(mail: EmailMessage) -> str:
    part = mail.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    text = _decoded_text(part)
    if part.get_content_subtype() == "html":
        text = html_to_text(text)
    return strip_quoted(text)


def _has_attachments(mail: EmailMessage) -> bool:
    if mail.is_multipart():
        return any(True for _ in mail.iter_attachments())
    return mail.get_content_disposition() == "attachment" or mail.get_content_maintype() not in ("text", "multipart")


def _participants(mail: EmailMessage) -> list[str]:
    found: set[str] = set()
    for name in _PARTICIPANT_HEADERS:
        for header in mail.get_all(name) or []:
            for address in getattr(header, "addresses", ()):
                if "@" in address.addr_spec:
                    found.add(_clean(address.addr_spec).lower())
    return sorted(found)


def _is_draft(mail: EmailMessage) -> bool:
    labels = str(mail.get("X-Gmail-Labels", ""))
    return "Drafts" in (label.strip() for label in labels.split(",")) or "X-Mozilla-Draft-Info" in mail


def _message(raw: bytes, where: str, from_line: bytes, tz: ZoneInfo) -> Message | None:
    try:
        mail = BytesParser(policy=policy.default).parsebytes(raw)
        if _is_draft(mail):
            return None
        senders = getattr(mail["From"], "addresses", ()) if mail["From"] is not None else ()
        sender = senders[0] if senders else None
        address = _clean(sender.addr_spec).lower() if sender is not None and sender.addr_spec else None
        name = _clean(sender.display_name if sender is not None else "") or address or "unknown"
        moment = _instant(mail, from_line, where)
        text = _body(mail) or _clean(str(mail.get("Subject", "") or "")).strip()
        media = _has_attachments(mail)
        participants = _participants(mail)
    except _EMAIL_FAILURES as exc:
        raise BadInput(where, f"cannot read the mail ({type(exc).__name__}: {exc})") from None
    try:
        ts = moment.astimezone(tz).replace(tzinfo=None)
    except (OverflowError, ValueError):
        raise BadInput(where, f"the mail's date {moment.isoformat()} is out of range") from None
    thread = ",".join(participants) or None
    if len(participants) > 2:  # someone besides the couple in To, Cc or Bcc: not the couple's own talk
        thread = "group:" + (thread or "")
    return Message(ts, name, text, where, media=media, from_me=None, address=address, thread=thread)


def parse(path: Path, *, tz: ZoneInfo) -> Iterator[Message]:
    """One message per mail in an mbox (in file order, streamed) or a single ``.eml`` file.

    Raises:
        BadInput: a mail whose headers the email package cannot read, or that has no usable date.
    """
    try:
        source = open(path, "rb")
    except OSError as exc:
        raise BadInput(path.name, f"cannot read the file ({exc.strerror or exc})") from None
    with source:
        starts_with_from_line = source.read(5) == b"From "
        source.seek(0)
        if path.suffix.lower() == ".eml":
            # A saved single mail sometimes keeps its mbox "From " line; it is not a header.
            from_line = source.readline() if starts_with_from_line else b""
            mails: Iterator[tuple[str, bytes, bytes]] = iter([(path.name, source.read(), from_line)])
        elif starts_with_from_line:
            mails = _mbox_messages(source, path.name)
        else:
            mails = iter([(path.name, source.read(), b"")])
        for where, raw, from_line in mails:
            record = _message(raw, where, from_line, tz)
            if record is not None:
                yield record
