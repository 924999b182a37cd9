"""WhatsApp "Export chat" text files, Android and iOS, in every locale's date and time layout.

A message starts on a line that begins with a timestamp; any other line continues the message
before it. Two families of header exist, plus two iOS variants::

    Android   20/01/2025, 21:14 - Name: text        (also "1/20/25, 9:14 PM - ", "2025/01/20, 21:14. - ",
                                                      "20/01/2025 à 21:14 - ", "20.1.2025 klo 21.14 - ")
    iOS       [20/01/2025, 21:14:03] Name: text      (also "[1/20/25, 9:14:03 PM] ", "[2025/1/20 21:14:03] ")
    iOS (vi)  [21:14:03, 20/1/25] Name: text         (the time first)
    iOS 2015  20/01/25 21:14:03: Name: text          (no brackets, a colon)

Dates are day-first, month-first or year-first, with ``/ . -`` separators and 2- or 4-digit years
(iOS may also write Buddhist "2568 BE" or Japanese-era "R7" years, Arabic-Indic digits and RTL marks
inside the date); times are 24 h or 12 h with a meridiem spelled per locale (``PM``, ``p.m.``,
``p. m.``, ``nachm.``, ``午後``...), after the time or before it, separated by a space, U+00A0 or
U+202F. The layout and the order of day and month are decided once for the whole file from the
evidence in it (a field above 12), never per line; see ``decide_date_order``. What WhatsApp writes in
place of media, deleted messages and calls, per language, lives in ``whatsapp_strings``.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date as dt_date
from datetime import datetime
from datetime import time as dt_time
from functools import lru_cache
from pathlib import Path
from typing import Literal, NamedTuple
from zoneinfo import ZoneInfo

from homeward.errors import BadInput
from homeward.ingest import whatsapp_strings as said
from homeward.ingest.records import Call, CallStatus, Message, Notice, Record

FORMAT = "whatsapp"

DateOrder = Literal["DMY", "MDY"]

# Meridiem spellings seen in exports, keyed by the spelling with spaces and dots removed, lower-cased.
AM = {"am", "a", "vorm", "fm", "πμ", "ص", "午前", "上午", "오전", "sa", "öö", "de", "น", "पूर्वाह्न"}
PM = {"pm", "p", "nachm", "em", "μμ", "م", "午後", "下午", "오후", "ch", "ös", "du", "หลังเที่ยง", "अपराह्न"}
_MERIDIEM = (
    r"(?:[ap]\.?[ \u00a0\u202f]?m\.?|vorm\.?|nachm\.?|[fe]\.?[ \u00a0\u202f]?m\.?|π\.?[ \u00a0\u202f]?μ\.?"
    r"|μ\.?[ \u00a0\u202f]?μ\.?|ص|م|午前|午後|上午|下午|오전|오후|SA|CH|ÖÖ|ÖS"
    r"|in the morning|in the afternoon|in the evening|at night)"  # English day periods (Android 13+, some regions)
)
_SP = r"[ \u00a0\u202f]"
# iOS in Arabic puts RTL marks inside the date ("[\u200f18\u200f/3\u200f/2022، 14:56:01]"); some iOS builds of
# 2018 put a BOM after the bracket ("[\ufeff29.01.18, 12:24:03]").
_MK = r"[\u200e\u200f\ufeff]?"
_DATE = (
    rf"(?P<date>{_MK}(?P<d1>\d{{1,4}}){_MK}(?P<sep>[./-]){_SP}?{_MK}(?P<d2>\d{{1,2}}){_MK}[./-]{_SP}?{_MK}"
    rf"(?P<era>[RH](?=\d))?(?P<d3>\d{{1,4}})(?P<be> BE)?\.?)"
)
_TIME = (
    rf"(?:(?P<pre>{_MERIDIEM}){_SP}?)?(?P<H>\d{{1,2}})[:.](?P<M>\d{{2}})(?:[:.](?P<S>\d{{2}}))?"
    rf"(?:{_SP}*(?P<post>{_MERIDIEM}))?\.?"
)
# Between date and time: ", " (most), " " (pt-BR, iOS without comma), "، " (Arabic), " à " (old French
# Android), " klo " (Finnish).
_JOIN = rf"[,\u060c]?{_SP}+(?:(?:à|klo){_SP}+)?"
HEADER = re.compile(rf"(?P<open>\[)?{_DATE}{_JOIN}{_TIME}(?(open)\]|{_SP}[-–]){_SP}", re.IGNORECASE)
# iOS in Vietnamese puts the time first: "[21:14:03, 20/1/25] Name: text".
HEADER_TIME_FIRST = re.compile(rf"(?P<open>\[){_TIME},{_SP}+{_DATE}\]{_SP}", re.IGNORECASE)
# iOS before 2017 wrote no brackets and a colon: "13/06/15 10:59:59: Name: text".
HEADER_COLON = re.compile(rf"{_DATE}{_JOIN}{_TIME}(?P<open>:){_SP}", re.IGNORECASE)
LAYOUTS = (HEADER, HEADER_TIME_FIRST, HEADER_COLON)  # tried in this order on the file's first header
# The date fields alone, for the quick whole-file pass that decides the day/month order; a time must follow,
# so that a continuation line starting with a date ("12.5. war super") is not taken for a header.
_BM = rb"(?:\xe2\x80[\x8e\x8f])?"
DATE_FIELDS = re.compile(
    rb"^(?:\xef\xbb\xbf|\xe2\x80[\x8e\x8f])*\[?(?:\xef\xbb\xbf)?" + _BM + rb"(\d{1,4})" + _BM + rb"[./-] ?" + _BM
    + rb"(\d{1,2})" + _BM + rb"[./-] ?" + _BM + rb"[RH]?(\d{1,4})[^\n]{1,24}?\d{1,2}[:.]\d\d", re.M)
DATE_FIELDS_TIME_FIRST = re.compile(
    rb"^(?:\xef\xbb\xbf|\xe2\x80[\x8e\x8f])*\[\d{1,2}[:.]\d\d[^,\n]{0,16}, (\d{1,4})[./-](\d{1,2})[./-](\d{1,4})\]",
    re.M)
MARKS = "\u200e\u200f\ufeff"
_MARKS_SPACE = MARKS + " "
BIDI_MARKS = ("\u200e", "\u200f")  # iOS marks the text it writes itself (U+200F in RTL languages)
# Marks that may wrap a sender's name: Android puts U+202A...U+202C around phone numbers.
NAME_MARKS = MARKS + "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069 "


def placeholder_key(text: str) -> str:
    """``text`` as ``whatsapp_strings`` holds it: no marks, spaces collapsed, no final dot, lower-case."""
    # Most texts are already in that shape but for their case; the tests cost a third of the full treatment
    # (isprintable() is False for the marks and for every whitespace but the ASCII space).
    if (text.isprintable() and "  " not in text and text[-1:] not in " .。" and text[:1] != " "
            and "< " not in text and " >" not in text):
        return text.lower()
    key = " ".join(text.replace("\u200e", "").replace("\u200f", "").split()).rstrip(".。").lower()
    return key.replace("< ", "<").replace(" >", ">")


MEDIA_OMITTED = frozenset(placeholder_key(s) for s in said.MEDIA_OMITTED)
IOS_OMITTED = frozenset(placeholder_key(s) for s in said.IOS_OMITTED)
DELETED = frozenset(placeholder_key(s) for s in said.DELETED)
YOU_DELETED = frozenset(placeholder_key(s) for s in said.YOU_DELETED)
MISSED_VOICE = frozenset(placeholder_key(s) for s in said.MISSED_VOICE)
MISSED_VIDEO = frozenset(placeholder_key(s) for s in said.MISSED_VIDEO)
VOICE_CALL = frozenset(placeholder_key(s) for s in said.VOICE_CALL)
VIDEO_CALL = frozenset(placeholder_key(s) for s in said.VIDEO_CALL)
ENCRYPTION_NOTICE = tuple(sorted(placeholder_key(s) for s in said.ENCRYPTION_NOTICE))
_ENCRYPTION_HEADS = frozenset(s[:10] for s in ENCRYPTION_NOTICE)
# iOS with "Attach media": "<attached: 00000012-PHOTO-2025-01-20-21-14-03.jpg>"; Turkish writes "<X eklendi>".
ATTACHED = re.compile(
    r"^<\s?(?:" + "|".join(re.escape(w) for w in sorted(said.ATTACHED, key=len, reverse=True))
    + r")\s?[:：]\s?[^<>]+?\s?>$|^<[^<>]+ eklendi>$", re.IGNORECASE)
# Android with "Include media": "IMG-20250120-WA0003.jpg (file attached)", the caption on the next lines.
FILE_ATTACHED = re.compile(r"^\S[^\n]*?\.\w{2,5} \((?P<what>[^()]+)\)$")
# iOS writes a document's title before its placeholder: "Report.pdf • \u200e2 pages \u200edocument omitted",
# "Untitled • \u200e3 pages \u200e<attached: 00000047-Untitled.pdf>".
FILE_TITLE = re.compile(r"^\S.*(?:\.[A-Za-z][A-Za-z0-9]{0,5}|\s•\s.*)$")
# Placeholders of languages the sets may miss: iOS marks them, and they end like these.
MEDIA_STEMS = ("omitted", "omitida", "omitido", "omessa", "omesso", "absente", "absent", "omis", "weggelassen",
               "weggelaten", "ocultada", "ocultado", "oculto", "oculta", "pominięto", "не включено", "dahil edilmedi")
EDITED_SUFFIX = re.compile(
    r"[\s\u200e\u200f]*<(?:this message was edited|diese nachricht wurde bearbeitet|se editó este mensaje\.?"
    r"|ce message a été modifié|questo messaggio è stato modificato|mensagem editada|dit bericht is bewerkt"
    r"|сообщение изменено)>$",
    re.IGNORECASE,
)
_HOURS = r"h|hr|hrs|hours?|std\.?|stunden?|horas?|heures?|ore|ora|uur|ч|час\w*|godz\.?|saat|jam|giờ|小时|小時|時間|시간"
_MINUTES = r"min\.?|mins|minutes?|minuter|minutos?|minuti|dk|мин\.?|хв\.?|perc|phút|mnt|分钟|分鐘|分|분"
_SECONDS = r"s|sec|secs|seconds?|sek\.?|seg\.?|segundos?|secondi|сек\.?|sn|秒|초"
DURATION = re.compile(rf"(\d+)\s*(?:(?P<h>{_HOURS})|(?P<m>{_MINUTES})|(?P<s>{_SECONDS}))(?![^\W\d_])", re.IGNORECASE)
NO_ANSWER = re.compile(r"no answer|sin respuesta|keine antwort|pas de réponse|nessuna risposta|sem resposta", re.I)
DECLINED = re.compile(r"declined|rechazada|abgelehnt|refusé|rifiutata|recusada", re.IGNORECASE)
QUOTES = frozenset("\"“”«»„")


class Layout(NamedTuple):
    """What the whole file decides once: which header regex, the day/month order, and the chat's title.

    ``fast`` is a narrow regex built from the file's first header (see ``fast_header``): most headers
    of a file are written exactly alike, and it reads them in a tenth of the time ``header`` takes.
    """

    header: re.Pattern[str]
    order: DateOrder
    guessed: bool
    title: str | None
    fast: re.Pattern[str] | None = None
    fast_ios: bool = False  # whether the headers ``fast`` reads are iOS ones (bracketed, or 2015's colon)
    quick: re.Pattern[str] | None = None  # ``fast`` with the date and the time as its only groups


def sniff(head: str, name: str) -> bool:
    """True when one of the first non-empty lines is a WhatsApp message header."""
    lines = [ln.lstrip(MARKS) for ln in head.splitlines() if ln.strip(MARKS + " ")][:8]
    return any(header.match(ln) for ln in lines for header in LAYOUTS)


def decide_date_order(fields: Iterable[tuple[int, int, int]], *, us_clock: bool) -> tuple[DateOrder, bool]:
    """Return the order of day and month for the file's day-or-month-first dates, and whether it was a guess.

    Year-first dates (a 4-digit first field) are read year-month-day wherever they occur and are not
    passed here. A day above 12 anywhere decides; otherwise the order under which the dates run forward
    in time wins; a tie is read the way the layout's locale most likely writes it: month-first only for
    the United States' style, a plain upper-case ``AM``/``PM`` clock (en-CA, en-AU, en-IN and the
    Spanish locales write ``a.m.``/``a. m.`` and put the day first).
    """
    fields = [f for f in fields if f[0] < 100]
    if any(a > 12 for a, _, _ in fields):
        return "DMY", False
    if any(b > 12 for _, b, _ in fields):
        return "MDY", False

    def backwards(order: DateOrder) -> int:
        keys = [(c, b, a) if order == "DMY" else (c, a, b) for a, b, c in fields]
        return sum(1 for x, y in zip(keys, keys[1:]) if y < x)

    dmy, mdy = backwards("DMY"), backwards("MDY")
    if dmy != mdy:
        return ("DMY" if dmy < mdy else "MDY"), True
    return ("MDY" if us_clock else "DMY"), bool(fields)


def _scan_date_fields(path: Path, time_first: bool) -> list[tuple[int, int, int]]:
    """All header date fields of the file, stopping early once a field above 12 settles the order."""
    pattern = DATE_FIELDS_TIME_FIRST if time_first else DATE_FIELDS
    fields: list[tuple[int, int, int]] = []
    with open(path, "rb") as fh:
        tail = b""
        while chunk := fh.read(1 << 23):
            chunk = tail + chunk
            cut = chunk.rfind(b"\n") + 1
            body, tail = (chunk[:cut], chunk[cut:]) if cut else (b"", chunk)
            settled = False
            for found in pattern.finditer(body):
                a, b, c = int(found[1]), int(found[2]), int(found[3])
                fields.append((a, b, c))
                if 12 < a < 100:
                    return fields  # a day first decides whatever follows (see decide_date_order): stop reading
                settled = settled or (b > 12 and a < 100)
            if settled:
                return fields
        fields.extend((int(a), int(b), int(c)) for a, b, c in pattern.findall(tail))
    return fields


def _is_encryption_notice(text: str) -> bool:
    """True for the notice that opens every chat ("Messages and calls are end-to-end encrypted...")."""
    if text.lstrip(_MARKS_SPACE)[:10].lower() not in _ENCRYPTION_HEADS:
        return False  # the cheap test first: this runs once per message
    return placeholder_key(text[:300]).startswith(ENCRYPTION_NOTICE)


def _layout(path: Path) -> Layout:
    """Decide the header layout and date order from the whole file, and find the chat title iOS reveals."""
    header: re.Pattern[str] | None = None
    fast: re.Pattern[str] | None = None
    fast_ios = False
    m_first: re.Match[str] | None = None
    us_clock, title = False, None
    first: list[tuple[int, int, int]] = []
    with open(path, encoding="utf-8", errors="replace", newline="") as fh:
        for n, raw in enumerate(fh):
            if n > 2000:
                break
            line = raw.lstrip(MARKS)
            m = header.match(line) if header else next(filter(None, (h.match(line) for h in LAYOUTS)), None)
            if m is None:
                continue
            if header is None:
                header, fast, fast_ios, m_first = m.re, fast_header(m), bool(m["open"]), m
            us_clock = us_clock or (m["sep"] == "/" and (m["post"] or "") in ("AM", "PM"))
            if len(m["d1"]) <= 2:
                first.append((int(m["d1"]), int(m["d2"]), int(m["d3"])))
            # iOS attributes the encryption notice of a one-to-one chat to the chat, i.e. the partner.
            sender, colon, text = line[m.end():].partition(": ")
            if title is None and colon and text.startswith(BIDI_MARKS) and _is_encryption_notice(text):
                title = _sender(sender)
    header = header or HEADER
    fields = first
    if not any(a > 12 or b > 12 for a, b, _ in first):
        fields = _scan_date_fields(path, header is HEADER_TIME_FIRST) or first
    order, guessed = decide_date_order(fields, us_clock=us_clock)
    quick = fast_header(m_first, fields=False) if fast is not None and m_first is not None else None
    return Layout(header, order, guessed, title, fast, fast_ios, quick)


_AP = re.compile(r"([ap])(\.?)([ \u00a0\u202f]?)(m)(\.?)", re.IGNORECASE)


def fast_header(m: re.Match[str], *, fields: bool = True) -> re.Pattern[str] | None:
    """A narrow regex for headers written exactly like ``m``, the file's first; None for layouts it can't narrow.

    It is ``m``'s text with each number made a group of digits. Group 1 is the date: day-or-month (or the
    year) and the other two fields, groups 2-4; group 5 the time with its meridiem: hour, minute, second
    and the meridiem ('' where the layout has none), groups 6-9. Any line it matches,
    ``HEADER`` (or ``HEADER_COLON``) matches too, over the same span and with the same fields, because every
    part between the numbers is the very text that regex read in ``m``; lines it misses fall back to the
    full regex. Era, Buddhist and time-first dates, and meridiems other than a.m./p.m. forms, always do.

    ``fields`` False: the same regex with only the date and the time as groups 1 and 2; it matches the same
    lines over the same span, in two thirds of the time (``parse`` reads the fields only of a date or time
    it has not met before).
    """
    if m.re is HEADER_TIME_FIRST or m["pre"] or m["era"] or m["be"]:
        return None
    line = m.string

    def text(start: int, end: int) -> str:
        return re.escape(line[start:end])

    def group(pattern: str) -> str:
        return f"({pattern})" if fields else pattern

    parts = [text(m.start(), m.start("d1")), "(", group(r"\d{3,4}" if len(m["d1"]) > 2 else r"\d{1,2}"),
             text(m.end("d1"), m.start("d2")), group(r"\d{1,2}"), text(m.end("d2"), m.start("d3")),
             group(r"\d{1,4}") + ")", text(m.end("d3"), m.start("H")), "(", group(r"\d{1,2}"),
             text(m.end("H"), m.start("M")), group(r"\d\d")]
    end = m.end("M")
    if m["S"]:
        parts += [text(end, m.start("S")), group(r"\d\d")]
        end = m.end("S")
    else:
        parts.append(group(""))
    if m["post"]:
        ap = _AP.fullmatch(m["post"])
        if ap is None:
            return None
        a, dot, space, em, dot2 = ap.groups()
        meridiem = ("[AP]" if a.isupper() else "[ap]") + re.escape(dot + space + em + dot2)
        parts += [text(end, m.start("post")), group(meridiem)]
        end = m.end("post")
    else:
        parts.append(group(""))
    parts.append(")" + text(end, m.end()))
    return re.compile("".join(parts))


def _year(y: int) -> int:
    return y + 2000 if y < 100 else y


def _ymd(m: re.Match[str], order: DateOrder) -> tuple[int, int, int]:
    """The (year, month, day) a header's date fields mean under ``order``."""
    a, b, c = int(m["d1"]), int(m["d2"]), int(m["d3"])
    if len(m["d1"]) > 2:
        return a, b, c
    year = 2018 + c if m["era"] in ("R", "r") else 1988 + c if m["era"] else c - 543 if m["be"] else _year(c)
    return (year, b, a) if order == "DMY" else (year, a, b)


@lru_cache(maxsize=64)
def _meridiem_key(meridiem: str) -> str:
    return re.sub(r"[\s.\u00a0\u202f]", "", meridiem).lower()


def _hour(h: int, meridiem: str | None) -> int:
    if not meridiem:
        return h
    key = _meridiem_key(meridiem)
    if h > 12:  # "13:37:00 p.m." occurs in the wild: the clock is already 24 h
        return h
    if key == "atnight":  # CLDR's night runs 21:00-06:00: "11:30 at night" is 23:30, "1:00 at night" is 01:00
        return h + 12 if 6 <= h < 12 else 0 if h == 12 else h
    if key in PM or key.startswith("p") or key in ("intheafternoon", "intheevening"):
        return 12 if h == 12 else h + 12
    if key in AM or key.startswith("a") or key == "inthemorning":
        return 0 if h == 12 else h
    return h


_TITLE = re.compile(
    r"^(?:WhatsApp Chat (?:with|mit|con|avec|com|met|ile) |WhatsApp Chat - |Chat de WhatsApp con |Chat WhatsApp con "
    r"|Conversa do WhatsApp com |Discussion WhatsApp avec |WhatsApp-chat met |Чат WhatsApp с\s?контактом "
    r"|Chat WhatsApp s\s?uživatelem )(.+?)(?: \(\d+\))?\.txt$", re.IGNORECASE)


def _chat_title(path: Path) -> str | None:
    """The partner's name from Android's file name "WhatsApp Chat with NAME.txt" (and translations)."""
    m = _TITLE.match(path.name)
    return m.group(1) if m else None


def _open_quote(text: str) -> bool:
    """True when ``text`` opens a quotation it does not close, as 'Alex changed the subject to "Plans' does."""
    german = text.count("„")
    return (text.count('"') % 2 == 1 or text.count("«") > text.count("»") or german > text.count("“")
            or text.count("“") - german > text.count("”"))


def _sender(raw: str) -> str:
    """The sender's name without marks; phone numbers with plain spaces and hyphens (exports use U+00A0, U+2011)."""
    name = raw.strip(NAME_MARKS).replace("\u00a0", " ").replace("\u202f", " ").replace("\u2011", "-")
    # Newer exports write names that are not in the address book as "~\u202fName".
    return name[1:].lstrip(NAME_MARKS) if name.startswith("~") and len(name) > 1 else name


# False makes ``parse`` settle every message in ``_finish`` (the tests compare both ways on every fixture).
INLINE_FAST_PATH = True


def parse(path: Path, *, tz: ZoneInfo | None = None) -> Iterator[Record | Notice]:
    """Yield the chat's messages and calls in file order (``tz`` is unused: WhatsApp writes local time).

    This loop runs once per line of exports of millions of messages, so the usual message, one
    unmarked line of words, is settled right here by ``_finish``'s fast path written out inline
    (a function call per message costs more than the rest of that test); anything else goes to
    ``_finish``.

    Raises:
        BadInput: a line before the first message is not a WhatsApp header, or a date does not exist.
    """
    try:
        layout = _layout(path)
    except OSError as exc:
        raise BadInput(str(path), f"cannot read the file ({exc.strerror or exc})") from None
    title = _chat_title(path) or layout.title
    name, header, order = path.name, layout.header, layout.order
    if layout.guessed:
        human = {"DMY": "day/month/year", "MDY": "month/day/year"}[order]
        yield Notice(f"{name}: no date in the file shows whether the day or the month comes first; "
                     f"read as {human}, the usual order for this layout", f"{name}:1")
    dates: dict[str, tuple[int, int, int]] = {}
    fast_dates: dict[str, dt_date] = {}  # the fast header's date and time, read once each
    fast_times: dict[str, dt_time] = {}
    combine = datetime.combine
    senders: dict[str, str] = {}
    fast = layout.fast.match if layout.fast is not None else None  # the same match as quick's, with every field
    quick = layout.quick.match if layout.quick is not None and fast is not None else None
    fast_ios = layout.fast_ios
    dmy = order == "DMY"
    inline = INLINE_FAST_PATH
    new = tuple.__new__  # a Message built as a tuple: the named tuple's keyword __new__ costs twice as much
    started = False
    # The message being read: its header's time, sender, line number and layout, its first line (None: no
    # message, e.g. the lines of a system notice) and its further lines (None: none so far).
    h_ts, h_sender, h_lineno, h_ios = datetime.min, "", 0, False
    first: str | None = None
    more: list[str] | None = None
    last_stamp, last_ts = "", datetime.min  # consecutive messages often share their minute
    with open(path, encoding="utf-8", errors="replace", newline="") as fh:
        for lineno, raw in enumerate(fh, 1):
            line = raw.rstrip("\r\n")
            if lineno == 1:
                line = line.lstrip("\ufeff")
            f = quick(line) if quick is not None else None
            if f is not None:  # the file's usual header: read it by its fixed fields
                end = f.end()
                rest = line[end:]
                stamp = line[:end]
                if stamp == last_stamp:
                    ts = last_ts
                else:
                    date, clock = f.group(1, 2)
                    try:
                        day = fast_dates.get(date)
                        if day is None:
                            d1, d2, d3 = fast(line).group(2, 3, 4)
                            a, b, c = int(d1), int(d2), int(d3)
                            day = fast_dates[date] = dt_date(
                                *((a, b, c) if len(d1) > 2 else (_year(c), b, a) if dmy else (_year(c), a, b)))
                        at = fast_times.get(clock)
                        if at is None:
                            hh, mi, ss, mer = fast(line).group(6, 7, 8, 9)
                            at = fast_times[clock] = dt_time(_hour(int(hh), mer) if mer else int(hh), int(mi),
                                                             int(ss) if ss else 0)
                        ts = combine(day, at)  # a third faster than datetime()'s six arguments
                    except ValueError:
                        raise BadInput(f"{name}:{lineno}", f'cannot read the date "{f.group(0).strip(" []-–")}" '
                                       "(no such day or time)") from None
                    last_stamp, last_ts = stamp, ts
                ios = fast_ios
            else:
                m = header.match(line.lstrip(MARKS)) if line[:1].isdigit() or line[:1] in "[\u200e\u200f\ufeff" else None
                if m is None:
                    if first is not None:
                        if more is None:
                            more = [line]
                        else:
                            more.append(line)
                    elif not started and line.strip(MARKS + " "):
                        raise BadInput(f"{name}:{lineno}", f'cannot read "{line[:60]}" (expected a WhatsApp message line)')
                    continue  # blank lines before the first message, or more lines of a system notice
                ymd = dates.get(m["date"])
                try:
                    if ymd is None:
                        ymd = dates[m["date"]] = _ymd(m, order)
                    ts = datetime(ymd[0], ymd[1], ymd[2], _hour(int(m["H"]), m["pre"] or m["post"]), int(m["M"]),
                                  int(m["S"] or 0))
                except ValueError:
                    raise BadInput(f"{name}:{lineno}", f'cannot read the date "{m.group(0).strip(" []-–")}" '
                                   "(no such day or time)") from None
                rest = line.lstrip(MARKS)[m.end():]
                ios = bool(m["open"])
            started = True
            if first is not None:  # the message before this header is complete
                # _finish's fast path, inline, for one line in the shape placeholder_key leaves as it is but for
                # its case (printable: no marks; no double, leading or final space, no final dot or bracket) and
                # without "<": its key is then first.lower() (no special key holds ">" without "<", so
                # placeholder_key's " >" -> ">" can't make one), at least as long as first, and no special key
                # is longer than _SPECIAL_MAX; nor can it end in "<This message was edited>". Any other line
                # goes to _finish.
                if (more is None and inline and first.isprintable() and "<" not in first and first[:1] != " "
                        and first[-1:] not in " .。)" and "  " not in first
                        and (len(first) > _SPECIAL_MAX or first.lower() not in _UNMARKED_SPECIAL)
                        and (h_ios or "," not in first or not _may_be_missed_call(first))):
                    if not ((first[:10].lower() in _ENCRYPTION_HEADS and _is_encryption_notice(first))
                            or (": " in first and _is_encryption_notice(first.rpartition(": ")[2]))):
                        yield new(Message, (h_ts, h_sender, first, f"{name}:{h_lineno}", False, False, None, None,
                                            title, None))
                else:
                    record = _finish((h_ts, h_sender, h_lineno, h_ios), [first] if more is None else [first, *more],
                                     name, title)
                    if record is not None:
                        yield record
            sender, colon, text = rest.partition(":")
            who = senders.get(sender) if colon else None  # a sender met before passed the tests below
            if who is None:
                if not colon or len(sender) > 80 or (not QUOTES.isdisjoint(sender) and _open_quote(sender)):
                    # A notice without an author: the encryption notice, "You were added", group changes
                    # (whose quoted group name may hold a colon: 'Alex changed the subject to "Plans: May"').
                    first = more = None
                    continue
                who = senders[sender] = _sender(sender)
            h_ts, h_sender, h_lineno, h_ios = ts, who, lineno, ios
            first = text[1:] if text[:1] == " " else text
            more = None
    if first is not None:
        record = _finish((h_ts, h_sender, h_lineno, h_ios), [first] if more is None else [first, *more], name, title)
        if record is not None:
            yield record


def _finish(head: tuple[datetime, str, int, bool], lines: list[str], name: str, title: str | None) -> Record | None:
    """Turn one header's collected lines into a Message or a Call (or None, for a system notice)."""
    ts, sender, lineno, ios = head
    while len(lines) > 1 and not lines[-1].strip(_MARKS_SPACE):
        lines.pop()  # blank lines after a message belong to nobody; WhatsApp trims them when sending
    source = f"{name}:{lineno}"
    first = lines[0]
    if "\u200e" not in first and "\u200f" not in first:
        # The usual case, a line without marks: when nothing about it can make it a placeholder, a call or
        # the encryption notice, it is the sender's words. The tests below are those of the full path
        # for an unmarked line, in one place; anything they can't rule out takes the full path. (``parse``
        # holds a copy of this path for one-line messages.)
        one = len(lines) == 1
        key = placeholder_key(first) if len(first) < 80 else ""
        if not (key in _UNMARKED_SPECIAL or key[:1] == "<" or first[-1:] == ")"
                or (one and not ios and "," in first and _may_be_missed_call(first))):
            if one and (_is_encryption_notice(first)
                        or (": " in first and _is_encryption_notice(first.rpartition(": ")[2]))):
                return None
            return Message(ts, sender, _unedited(first if one else "\n".join(lines)), source, thread=title)
    return _finish_full(ts, sender, source, lines, ios, title)


def _may_be_missed_call(text: str) -> bool:
    """True when an unmarked Android line may be a missed call: ``_call``'s test of the part before a comma."""
    kind = text.partition(",")[0]
    key = placeholder_key(kind) if len(kind) < 60 else ""
    return key in MISSED_VOICE or key in MISSED_VIDEO


# What an unmarked first line's key must not be for the line to be plain words: a deleted message, omitted
# media (Android's view-once "null"), a missed call. "" (the key of a long line) is none of these.
_UNMARKED_SPECIAL = DELETED | MEDIA_OMITTED | MISSED_VOICE | MISSED_VIDEO | {"null"}
_SPECIAL_MAX = max(map(len, _UNMARKED_SPECIAL))


def _unedited(text: str) -> str:
    """``text`` without the "<This message was edited>" WhatsApp appends."""
    return EDITED_SUFFIX.sub("", text) if text.endswith(">") else text


def _finish_full(ts: datetime, sender: str, source: str, lines: list[str], ios: bool,
                 title: str | None) -> Record | None:
    """``_finish`` for lines that may be a placeholder, a call or a notice: marked, or looking like one."""
    first = lines[0]
    marked = first.startswith(BIDI_MARKS)
    # The placeholder is the last mark-led part of the first line: iOS writes a document's title before it.
    cut = max(first.rfind("\u200e"), first.rfind("\u200f"))
    placeholder, before = (first[cut + 1:], first[:cut].strip(NAME_MARKS)) if cut >= 0 else (first, "")
    key = placeholder_key(placeholder) if len(placeholder) < 80 else ""
    if cut > 0 and first.startswith("<") and first.endswith(">"):  # iOS before 2017: "<\u200eimage omitted>"
        placeholder, before, key = first, "", placeholder_key(first[1:-1])
    if key in DELETED and len(lines) == 1 and not before:
        return Message(ts, sender, "", source, deleted=True, from_me=True if key in YOU_DELETED else None, thread=title)
    if (first[-1:] == ")" and _file_attached(first)) or key and (
            key in MEDIA_OMITTED or (cut >= 0 and key in IOS_OMITTED) or (not ios and key == "null")
            or (key[0] == "<" and ATTACHED.match(placeholder.strip()) is not None)
            or (cut >= 0 and key.endswith(MEDIA_STEMS) and len(key) < 40)):
        # Android exports view-once media as "null". Captions follow on the next lines, or (iOS) stand
        # before the placeholder, where a document's file name stands too.
        captions = lines[1:] if not before or FILE_TITLE.match(before) else [before, *lines[1:]]
        return Message(ts, sender, "\n".join(captions).strip(NAME_MARKS + "\n"), source, media=True, thread=title)
    if len(lines) == 1 and (marked or not ios):
        call = _call(ts, sender, first, source, title, marked)
        if call is not None:
            return call
    if len(lines) == 1 and (_is_encryption_notice(first) or (marked and not ios_text_is_message(first))
                            or (": " in first and _is_encryption_notice(first.rpartition(": ")[2]))):
        # The encryption notice, attributed to the contact or the group (whose name may hold ": ");
        # iOS writes group and security notices as "Name: \u200e<notice>", attributed to the chat.
        return None
    text = lines[0] if len(lines) == 1 else "\n".join(lines)
    if marked:
        text = text.lstrip(MARKS)
    if text.endswith(">"):
        text = EDITED_SUFFIX.sub("", text)
    return Message(ts, sender, text, source, thread=title)


def _file_attached(first: str) -> bool:
    """True for Android's "IMG-20250120-WA0003.jpg (file attached)" in any language."""
    if not first.endswith(")"):
        return False
    m = FILE_ATTACHED.match(first)
    return m is not None and m["what"].lower() in said.FILE_ATTACHED


def ios_text_is_message(text: str) -> bool:
    """True for U+200E-marked iOS lines that still carry the sender's words (location shares, polls)."""
    return text.lstrip(MARKS).lower().startswith((
        "location:", "ubicación:", "standort:", "position :", "posizione:", "localização:",
        "poll:", "encuesta:", "umfrage:", "sondage :"))


def _call(ts: datetime, sender: str, text: str, source: str, title: str | None, marked: bool) -> Call | None:
    """A call line: iOS logs every call (marked); Android writes only the missed ones."""
    kind, _, rest = text.partition(",")
    key = placeholder_key(kind) if len(kind) < 60 else ""
    if key in MISSED_VIDEO or key in MISSED_VOICE:
        return Call(ts, sender, "missed", source, video=key in MISSED_VIDEO, thread=title)
    if not marked or not (key in VOICE_CALL or key in VIDEO_CALL):
        return None
    rest = rest.replace("\u200e", "").replace("\u200f", "").strip()
    video = key in VIDEO_CALL
    status: CallStatus = "declined" if DECLINED.search(rest) else "missed" if NO_ANSWER.search(rest) else "answered"
    if status != "answered":
        return Call(ts, sender, status, source, video=video, thread=title)
    seconds = sum(int(m[1]) * (3600 if m["h"] else 60 if m["m"] else 1) for m in DURATION.finditer(rest))
    return Call(ts, sender, "answered", source, duration_s=seconds or None, video=video, thread=title)
