"""Shared pieces of the fuzz targets: the one property every importer keeps, input strategies, time budget.

The property: whatever bytes a file holds, importing it yields records of the right shape, or raises
``BadInput`` (``UnknownFormat`` included) whose message is one line naming the file. Any other
exception is a bug (the CLI would print a traceback instead of a one-line error).

Budget: under ``make test`` each target runs the "quick" Hypothesis profile once (seconds). With
``FUZZ_SECONDS`` set (``make fuzz``), each target runs batches of the "fuzz" profile, each with a
fresh seed, until that many seconds have passed, and prints how many inputs it tried.
"""
from __future__ import annotations

import json
import os
import random
import re
import shutil
import tempfile
import time
import unicodedata
import warnings
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import seed, settings
from hypothesis import strategies as st

from homeward.errors import MAX_MESSAGE, BadInput
from homeward.ingest import Call, Message, open_export
from homeward.ingest.records import Notice

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SAMPLES = Path(__file__).resolve().parents[2] / "src" / "homeward" / "samples"
UTC = ZoneInfo("UTC")
FAR = ZoneInfo("Pacific/Kiritimati")  # +14:00: instants near the edges of datetime overflow here first

COUNTS: dict[str, int] = {}


def fuzz_seconds() -> float:
    """Seconds each target runs for under ``make fuzz``; 0 means one quick run (``make test``)."""
    try:
        return float(os.environ.get("FUZZ_SECONDS", "0") or 0)
    except ValueError:
        return 0.0


def profile() -> settings:
    """The settings a target runs under: the "fuzz" profile under ``make fuzz``, else "quick"."""
    return settings.get_profile("fuzz" if fuzz_seconds() > 0 else "quick")


def run_for_budget(name: str, prop: Callable[[], None]) -> None:
    """Run the Hypothesis test ``prop`` once, or (under ``make fuzz``) in fresh-seeded batches until the budget ends."""
    budget = fuzz_seconds()
    COUNTS[name] = 0
    start = time.monotonic()
    if budget <= 0:
        prop()
        return
    batches = 0
    rng = random.SystemRandom()
    while time.monotonic() - start < budget:
        seed(rng.getrandbits(64))(prop)  # each batch explores from a new seed; failures still replay from the DB
        prop()
        batches += 1
    print(f"\nfuzz {name}: {COUNTS[name]} inputs in {time.monotonic() - start:.0f} s ({batches} batches), no failure")


# --- the property -------------------------------------------------------------------------------

def check_file(name: str, path: Path, *, fmt: str = "auto", shown: tuple[str, ...] = (), tz: ZoneInfo = UTC) -> int:
    """Import ``path`` as ``fmt``; return the record count, or -1 for a clean BadInput. Fails on anything else.

    The error must name the file: ``path``'s name, or one of ``shown`` (e.g. the thread file in a folder).
    """
    COUNTS[name] = COUNTS.get(name, 0) + 1
    names = (path.name, *shown)
    try:
        with open_export(path, fmt=fmt, tz=tz) as export:
            count = 0
            for record in export.records:
                check_record(record)
                count += 1
            return count
    except BadInput as exc:
        message = str(exc)
        assert not any(unicodedata.category(ch) == "Cc" for ch in message), f"control characters: {message!r}"
        assert len(message) <= MAX_MESSAGE + 3, f"error of {len(message)} characters"
        assert any(n in message for n in names), f"error does not name the file {names!r}: {message!r}"
        assert "homeward-zip-" not in message, f"error names a temporary folder, not the user's file: {message!r}"
        return -1


def check_record(record: object) -> None:
    """A record has the types the store relies on, and its text can be stored as UTF-8."""
    assert isinstance(record, (Message, Call, Notice)), type(record)
    if isinstance(record, Notice):
        record.text.encode("utf-8")
        return
    assert isinstance(record.ts, datetime) and record.ts.tzinfo is None, record.ts
    assert isinstance(record.source, str)
    who = record.sender if isinstance(record, Message) else record.caller
    assert isinstance(who, str)
    who.encode("utf-8")  # a lone surrogate here would fail only when SQLite stores it
    if isinstance(record, Message):
        assert isinstance(record.text, str)
        record.text.encode("utf-8")
    else:
        assert record.status in ("answered", "missed", "declined")
        assert record.duration_s is None or isinstance(record.duration_s, int)


@contextmanager
def workdir() -> Iterator[Path]:
    """A private scratch folder for one target (Hypothesis forbids function-scoped fixtures per example)."""
    where = Path(tempfile.mkdtemp(prefix="homeward-fuzz-"))
    try:
        yield where
    finally:
        shutil.rmtree(where, ignore_errors=True)


def write(folder: Path, name: str, data: bytes) -> Path:
    """Write ``data`` to ``folder/name`` afresh and return the path."""
    path = folder / name
    if path.is_dir():
        shutil.rmtree(path)
    path.write_bytes(data)
    return path


# --- seeds --------------------------------------------------------------------------------------

def seeds(*patterns: str) -> list[bytes]:
    """The bytes of the fixture files matching ``patterns`` (globs under tests/fixtures or samples/)."""
    found: list[bytes] = []
    for pattern in patterns:
        base = SAMPLES if pattern.startswith("samples/") else FIXTURES
        found += [p.read_bytes() for p in sorted(base.glob(pattern.removeprefix("samples/"))) if p.is_file()]
    assert found, f"no seed files for {patterns}"
    return found


# --- byte-level mutation of a valid file --------------------------------------------------------

TOKENS = [b"", b"\x00", b"\xff", b"\xfe\xff", b"\xef\xbb\xbf", b"\xc3", b"\xed\xa0\x80", b"\r", b"\n", b"\r\n",
          b"\xe2\x80\xa9", b"\xe2\x80\xa8", b"\t", b" ", b"\"", b"'", b",", b";", b":", b"-", b"/", b"[", b"]", b"{", b"}",
          b"<", b">", b"&", b"&#0;", b"&#xD800;", b"&amp;", b"]]>", b"<!--", b"null", b"true", b"[]", b"{}", b"\"\"",
          b"0", b"-1", b"1e999", b"NaN", b"-0", b"99999999999999999999999", b"9223372036854775808", b"253402300800",
          b"-62135596801", b"1.5", b"31/02/2024", b"29/02/2023", b"00/00/0000", b"13/13/13", b"24:60", b"99:99",
          b"12:00 PM", b"AM", b"\xe2\x80\xaf", b"\xe2\x80\x8e", b"From ", b"\nFrom x Mon Jan  1 00:00:00 2024\n",
          b"Date: ", b"Content-Type: multipart/mixed; boundary=\"b\"\n", b"=?utf-8?b?////?=", b"=?x-unknown?q?a?=",
          b"Content-Transfer-Encoding: base64\n", b"charset=\"nonexistent\""]


@st.composite
def mutated(draw: st.DrawFn, originals: list[bytes]) -> bytes:
    """A valid file with a few random edits: flips, cuts, inserted tokens or bytes, repeated or swapped slices."""
    data = bytearray(draw(st.sampled_from(originals)))
    for _ in range(draw(st.integers(1, 6))):
        n = len(data)
        i = draw(st.integers(0, n))
        j = draw(st.integers(i, min(n, i + draw(st.sampled_from([1, 4, 16, 256, 4096])))))
        op = draw(st.sampled_from(["flip", "cut", "token", "bytes", "repeat", "truncate", "digits", "swap"]))
        if op == "flip" and i < n:
            data[i] ^= 1 << draw(st.integers(0, 7))
        elif op == "cut":
            del data[i:j]
        elif op == "token":
            data[i:i] = draw(st.sampled_from(TOKENS))
        elif op == "bytes":
            data[i:j] = draw(st.binary(max_size=16))
        elif op == "repeat":
            data[i:i] = data[i:j] * draw(st.integers(1, 3))
        elif op == "truncate":
            del data[i:]
        elif op == "digits":
            m = re.compile(rb"\d+").search(bytes(data), i)
            if m:
                data[m.start():m.end()] = str(draw(st.sampled_from(INTERESTING_INTS))).encode()
        elif op == "swap" and j < n:
            k = draw(st.integers(j, n))
            data[i:k] = data[j:k] + data[i:j]
    return bytes(data)


INTERESTING_INTS = [0, 1, -1, 2, 12, 13, 23, 24, 29, 30, 31, 32, 59, 60, 99, 100, 1969, 1970, 2000, 2038, 9999, 10000,
                    2**31 - 1, 2**31, 2**32, 2**53, 2**63 - 1, 2**63, 2**64, 10**20, -(2**63), 253402300799,
                    253402300800000, 978307200, -62135596800]


# --- structure-aware mutation of JSON -----------------------------------------------------------

json_scalars = st.one_of(st.none(), st.booleans(), st.sampled_from(INTERESTING_INTS),
                         st.integers(), st.floats(allow_nan=False), st.text(max_size=20),
                         st.sampled_from(["", "2024-02-31T10:00:00", "2024-01-01T25:00:00", "1700000000", "abc",
                                          "phone_call", "message", "personal_chat", "saved_messages", "-1"]))
json_values = st.recursive(json_scalars, lambda children: st.one_of(
    st.lists(children, max_size=4), st.dictionaries(st.text(max_size=10), children, max_size=4)), max_leaves=12)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node[:50]):
            yield from _paths(value, (*prefix, index))


@st.composite
def mutated_json(draw: st.DrawFn, originals: list[bytes]) -> bytes:
    """A valid JSON export with a few values replaced by other types or values, keys dropped, or lists emptied."""
    document = json.loads(draw(st.sampled_from(originals)))
    for _ in range(draw(st.integers(1, 4))):
        paths = list(_paths(document))
        where = draw(st.sampled_from(paths))
        if not where:
            document = draw(json_values)
            continue
        parent = document
        for step in where[:-1]:
            parent = parent[step]
        key = where[-1]
        op = draw(st.sampled_from(["replace", "replace", "drop", "sibling"]))
        if op == "drop":
            del parent[key]
        elif op == "sibling" and isinstance(parent, dict):
            parent[draw(st.sampled_from(["from", "from_id", "text", "date", "date_unixtime", "type", "messages",
                                         "timestamp_ms", "sender_name", "content", "participants", "chats",
                                         "list", "id", "action", "duration_seconds", "photos", "is_unsent"]))] \
                = draw(json_values)
        else:
            parent[key] = draw(json_values)
    return json.dumps(document, ensure_ascii=draw(st.booleans())).encode("utf-8")


# --- structure-aware mutation of XML attributes -------------------------------------------------

_ATTRIBUTE = re.compile(rb'(\w+)="([^"]*)"')
xml_values = st.one_of(st.sampled_from([str(v) for v in INTERESTING_INTS] + ["", "null", "abc", "&amp;", "&#0;",
                                                                            "&#55296;", "&#xFFFF;", "+", "1.5"]),
                       st.text(alphabet=st.characters(blacklist_characters='"<&', blacklist_categories=("Cs",)),
                               max_size=12))


@st.composite
def mutated_xml(draw: st.DrawFn, originals: list[bytes]) -> bytes:
    """A valid SMS Backup & Restore file with some attribute values replaced (dates, types, numbers, bodies)."""
    data = draw(st.sampled_from(originals))
    matches = list(_ATTRIBUTE.finditer(data))
    if not matches:
        return data
    chosen = sorted(set(draw(st.lists(st.sampled_from(matches[:400]), min_size=1, max_size=5))), key=lambda m: m.start())
    out, last = bytearray(), 0
    for m in chosen:
        out += data[last:m.start(2)] + draw(xml_values).encode("utf-8")
        last = m.end(2)
    return bytes(out + data[last:])


# --- generated chat lines -----------------------------------------------------------------------

def _num(lo: int, hi: int) -> st.SearchStrategy[int]:
    return st.one_of(st.integers(lo, hi), st.sampled_from([0, 13, 29, 30, 31, 32, 60, 99]))


@st.composite
def whatsapp_lines(draw: st.DrawFn) -> bytes:
    """A WhatsApp-like chat: header lines in several layouts with random (often impossible) dates and times."""
    lines = []
    for _ in range(draw(st.integers(1, 12))):
        d, m, y = draw(_num(1, 31)), draw(_num(1, 12)), draw(st.sampled_from([24, 2024, 1999, 0, 99, 2567, 10000]))
        h, mi, s = draw(_num(0, 23)), draw(_num(0, 59)), draw(_num(0, 59))
        who = draw(st.sampled_from(["Robin", "Jordan", "+44 7700 900123", "", "A: B", "\u202aJordan\u202c"]))
        text = draw(st.one_of(st.sampled_from(["hi", "<Media omitted>", "image omitted", "This message was deleted",
                                               "Missed voice call", "\u200evideo call, 2 min", "", "‎"]),
                              st.text(max_size=30)))
        layout = draw(st.sampled_from([
            f"{d}/{m}/{y}, {h}:{mi:02d} - {who}: {text}",
            f"{m}/{d}/{y}, {h}:{mi:02d} PM - {who}: {text}",
            f"[{d}/{m}/{y}, {h}:{mi:02d}:{s:02d}] {who}: {text}",
            f"[{d}.{m}.{y}, {h}:{mi:02d}:{s:02d}] {who}: {text}",
            f"{y}-{m:02d}-{d:02d} {h}:{mi:02d} - {who}: {text}",
            f"{d}.{m}.{y} {h}.{mi:02d} - {who}: {text}",
            text]))
        lines.append(layout)
    sep = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    return sep.join(lines).encode("utf-8", "surrogatepass")


@st.composite
def signal_lines(draw: st.DrawFn) -> bytes:
    """A signal-export-like chat with random stamps and bodies."""
    lines = []
    for _ in range(draw(st.integers(1, 10))):
        y, m, d = draw(st.sampled_from([2019, 2024, 0, 9999])), draw(_num(1, 12)), draw(_num(1, 31))
        h, mi = draw(_num(0, 23)), draw(_num(0, 59))
        who = draw(st.sampled_from(["Robin", "Jordan", "Me", "", "+447700900123"]))
        body = draw(st.one_of(st.sampled_from(["hi", "> quoted", "(Incoming call)", "![image](a.jpg)", ""]),
                              st.text(max_size=30)))
        lines.append(draw(st.sampled_from([f"[{y}-{m:02d}-{d:02d}, {h:02d}:{mi:02d}] {who}: {body}",
                                           f"[{y}-{m:02d}-{d:02d} {h:02d}:{mi:02d}] {who}: {body}  ", body])))
    return "\n".join(lines).encode("utf-8", "surrogatepass")


@st.composite
def csv_rows(draw: st.DrawFn) -> bytes:
    """A CSV with a timestamp, sender and text header and random cells."""
    delim = draw(st.sampled_from([",", ";", "\t"]))
    header = draw(st.sampled_from([["timestamp", "sender", "text"], ["date", "time", "from", "message"],
                                   ["Timestamp", "Sender", "Text", "extra"]]))
    cells = st.one_of(st.sampled_from(["2024-02-31 10:00", "2024-01-01T10:00:00Z", "2024-01-01 10:00:00+99:00",
                                       "1700000000", "", "Robin", "Jordan", "hi", '"', "31/02/2024", "9999-12-31T23:59:59-14:00"]),
                      st.text(max_size=20))
    rows = [delim.join(header)] + [delim.join(draw(cells) for _ in range(draw(st.integers(0, len(header) + 1))))
                                   for _ in range(draw(st.integers(0, 8)))]
    return "\n".join(rows).encode("utf-8", "surrogatepass")


@st.composite
def mail_messages(draw: st.DrawFn) -> bytes:
    """An mbox of a few messages with random (often broken) headers."""
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        date = draw(st.one_of(st.sampled_from(["Mon, 31 Feb 2024 10:00:00 +0000", "Tue, 1 Jan 2024 25:61:00 +9999",
                                               "", "yesterday", "Fri, 31 Dec 9999 23:59:59 -1400",
                                               "Mon, 1 Jan 0001 00:00:00 +1400", "1 Jan 10000 00:00 +0000"]),
                              st.text(max_size=30)))
        sender = draw(st.sampled_from(["Robin <robin@example.org>", "jordan@example.org", "", "<>", "=?utf-8?q?=FF?= <a@b>",
                                       "\"unterminated <a@b>", "a@b, c@d"]))
        ctype = draw(st.sampled_from(["text/plain; charset=utf-8", "text/plain; charset=bogus", "text/html",
                                      "multipart/alternative; boundary=x", "multipart/mixed", "application/octet-stream"]))
        cte = draw(st.sampled_from(["7bit", "base64", "quoted-printable", "x-uuencode", "8bit"]))
        body = draw(st.one_of(st.text(max_size=60), st.sampled_from(["--x\nContent-Type: text/plain\n\nhi\n--x--",
                                                                     "PGI+aGk8L2I+", "=FF=FE=\n", "<b>hi</b>"])))
        parts.append(f"From x@y Mon Jan  1 00:00:00 2024\nFrom: {sender}\nTo: jordan@example.org\nDate: {date}\n"
                     f"Subject: {draw(st.text(max_size=10))}\nContent-Type: {ctype}\nContent-Transfer-Encoding: {cte}\n\n{body}\n")
    return "\n".join(parts).encode("utf-8", "surrogatepass")


# --- zips ---------------------------------------------------------------------------------------

@st.composite
def zips(draw: st.DrawFn, members: list[bytes]) -> bytes:
    """A zip of one or two fixture files under random member names, then maybe corrupted."""
    import io

    buffer = io.BytesIO()
    names = st.one_of(st.sampled_from(["_chat.txt", "WhatsApp Chat with Jordan.txt", "result.json", "sms.xml",
                                       "chat/message_1.json", "../escape.txt", "/abs.txt", "a\\..\\b.txt", "photo.jpg",
                                       "dir/", "", "x" * 300 + ".txt", "\u00e9t\u00e9.txt"]),
                      st.text(alphabet="abc./\\_", min_size=1, max_size=12))
    method = draw(st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED]))
    with zipfile.ZipFile(buffer, "w", compression=method) as zf, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate member names are part of the test
        for _ in range(draw(st.integers(0, 3))):
            name = draw(names)
            try:
                zf.writestr(name or "empty.txt", draw(st.sampled_from(members)))
            except (ValueError, UserWarning):
                pass
    data = bytearray(buffer.getvalue())
    for _ in range(draw(st.integers(0, 3))):
        if not data:
            break
        i = draw(st.integers(0, len(data) - 1))
        op = draw(st.sampled_from(["flip", "truncate", "cut", "header"]))
        if op == "flip":
            data[i] ^= 1 << draw(st.integers(0, 7))
        elif op == "header":  # a field of a local or central header: flags (encryption), method, sizes, name length
            at = bytes(data).find(draw(st.sampled_from([b"PK\x03\x04", b"PK\x01\x02"])))
            if at >= 0:
                field = at + draw(st.sampled_from([6, 8, 10, 18, 20, 22, 24, 26, 28]))
                data[field:field + 2] = draw(st.sampled_from([b"\x01\x00", b"\x09\x00", b"\x63\x00", b"\xff\xff",
                                                              b"\x00\x00", b"\x0e\x00"]))
        elif op == "truncate":
            del data[max(i, 4):]
        else:
            del data[i:i + draw(st.integers(1, 64))]
    return bytes(data)
