"""WhatsApp "Export chat" text files, Android and iOS, in every locale's date and time layout.

A message starts on a line that begins with a timestamp; any other line continues the message
before it. Two families of header exist::

    Android  20/01/2019, 21:14 - Name: text        (also "1/20/19, 9:14 PM - ", "2019/01/20, 21:14. - ")
    iOS      [20/01/2019, 21:14:03] Name: text      (also "[1/20/19, 9:14:03 PM] ", "[2019-04-16 02:09] ")

Dates are day-first, month-first or year-first, with ``/ . -`` separators and 2- or 4-digit years;
times are 24 h or 12 h with a meridiem spelled per locale (``PM``, ``p.m.``, ``p. m.``, ``nachm.``,
``午後``...), after the time or, in East Asian locales, before it, separated by a space, U+00A0 or
U+202F. Which number is the day is decided once for the whole file from the evidence in it (a
field above 12), never per line; see ``decide_date_order``.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo

from homeward.errors import BadInput
from homeward.ingest.records import Call, CallStatus, Message, Notice, Record

FORMAT = "whatsapp"

DateOrder = Literal["DMY", "MDY"]

# Meridiem spellings seen in exports, keyed by the spelling with spaces and dots removed, lower-cased.
AM = {"am", "a", "vorm", "fm", "πμ", "ص", "午前", "上午", "오전", "sa", "öö", "de", "น", "पूर्वाह्न"}
PM = {"pm", "p", "nachm", "em", "μμ", "م", "午後", "下午", "오후", "ch", "ös", "du", "หลังเที่ยง", "अपराह्न"}
_MERIDIEM = (
    r"(?:[ap]\.?[ \u00a0\u202f]?m\.?|vorm\.?|nachm\.?|[fe]\.?[ \u00a0\u202f]?m\.?|π\.?[ \u00a0\u202f]?μ\.?"
    r"|μ\.?[ \u00a0\u202f]?μ\.?|ص|م|午前|午後|上午|下午|오전|오후|SA|CH|ÖÖ|ÖS)"
)
_SP = r"[ \u00a0\u202f]"
HEADER = re.compile(
    r"(?P<open>\[)?"
    r"(?P<d1>\d{1,4})(?P<sep>[./-]) ?(?P<d2>\d{1,2})[./-] ?(?P<d3>\d{1,4})\.?"
    r",?" + _SP + r"+"
    r"(?:(?P<pre>" + _MERIDIEM + r")" + _SP + r"?)?"
    r"(?P<H>\d{1,2})[:.](?P<M>\d{2})(?:[:.](?P<S>\d{2}))?"
    r"(?:" + _SP + r"*(?P<post>" + _MERIDIEM + r"))?"
    r"\.?"
    r"(?(open)\]" + _SP + r"|" + _SP + r"[-–]" + _SP + r")",
    re.IGNORECASE,
)
# Only the date fields, for the quick whole-file pass that decides the day/month order.
DATE_FIELDS = re.compile(rb"^(?:\xe2\x80[\x8e\x8f])*\[?(\d{1,4})[./-] ?(\d{1,2})[./-] ?(\d{1,4})[.,]?[ \xc2\xe2]", re.M)
MARKS = "\u200e\u200f\ufeff"

# Placeholders WhatsApp writes instead of media, by locale (compared lower-cased, marks and final dots removed).
MEDIA_OMITTED = {
    "<media omitted>", "<medien ausgeschlossen>", "<multimedia omitido>", "<médias omis>", "<media omessi>",
    "<mídia oculta>", "<multimédia omitido>", "<media weggelaten>", "<без медиафайлов>", "<медиафайл пропущен>",
    "<media dihilangkan>", "<medya dahil edilmedi>", "<media tidak disertakan>", "<media utelatt>",
    "<media udeladt>", "<media utelämnad>", "<pominięto multimedia>", "<média elhagyva>", "<vynechaná média>",
    "<मीडिया के बिना>", "<הושמטה מדיה>", "<تم استبعاد الوسائط>", "<省略了媒体>", "<已略去媒體>", "<メディアなし>",
    "<미디어 파일 생략>", "<đã bỏ qua tập tin>", "<omesso media>", "null",
}
MEDIA_STEMS = ("omitted", "omitida", "omitido", "omessa", "omesso", "absente", "absent", "omis", "weggelassen",
               "weggelaten", "ocultada", "ocultado", "oculto", "oculta", "pominięto", "не включено", "dahil edilmedi")
DELETED = {
    "this message was deleted", "you deleted this message", "diese nachricht wurde gelöscht",
    "du hast diese nachricht gelöscht", "se eliminó este mensaje", "eliminaste este mensaje",
    "ce message a été supprimé", "vous avez supprimé ce message", "questo messaggio è stato eliminato",
    "hai eliminato questo messaggio", "mensagem apagada", "você apagou esta mensagem", "esta mensagem foi apagada",
    "apagaste esta mensagem", "dit bericht is verwijderd", "je hebt dit bericht verwijderd",
    "данное сообщение удалено", "вы удалили данное сообщение", "bu mesaj silindi", "bu mesajı sildiniz",
    "pesan ini telah dihapus", "anda menghapus pesan ini", "denne meldingen ble slettet", "dette besked blev slettet",
    "detta meddelande har raderats", "ta wiadomość została usunięta", "usunięto tę wiadomość",
}
YOU_DELETED = {"you deleted this message", "du hast diese nachricht gelöscht", "eliminaste este mensaje",
               "vous avez supprimé ce message", "hai eliminato questo messaggio", "você apagou esta mensagem",
               "apagaste esta mensagem", "je hebt dit bericht verwijderd", "вы удалили данное сообщение",
               "bu mesajı sildiniz", "anda menghapus pesan ini", "usunięto tę wiadomość"}
EDITED_SUFFIX = re.compile(
    r"\s*<(?:this message was edited|diese nachricht wurde bearbeitet|se editó este mensaje\.?|ce message a été modifié"
    r"|questo messaggio è stato modificato|mensagem editada|dit bericht is bewerkt|сообщение изменено)>$",
    re.IGNORECASE,
)
# iOS with "Attach media": "<attached: 00000012-PHOTO-2020-01-20-11-23-45.jpg>" and its translations.
ATTACHED = re.compile(r"^<(?:attached|anexado|adjunto|allegato|anhang|pièce jointe|bijlage|вложение|ek)\s?: [^<>]+>$",
                      re.IGNORECASE)
# Android: "IMG-20200120-WA0001.jpg (file attached)", caption on the following lines.
FILE_ATTACHED = re.compile(
    r"^\S[^\n]*?\.\w{2,5} \((?:file attached|datei angehängt|archivo adjunto|fichier joint|file allegato"
    r"|arquivo anexado|ficheiro anexado|bestand bijgevoegd|файл добавлен|dosya ekli|file terlampir|fil vedhæftet"
    r"|fil bifogad|fil vedlagt|plik załączony)\)$",
    re.IGNORECASE,
)
MISSED_CALL = re.compile(
    r"^(?:missed (?P<v1>voice|video) call|llamada (?:de (?P<v2>voz|video) )?perdida|videollamada perdida"
    r"|verpasster (?P<v3>sprach|video)anruf|appel (?P<v4>vocal|vidéo) manqué|chiamata vocale persa|videochiamata persa"
    r"|chamada de (?P<v5>voz|vídeo) perdida)",
    re.IGNORECASE,
)
CALL = re.compile(
    r"^(?P<kind>voice call|video call|llamada de voz|videollamada|sprachanruf|videoanruf|appel vocal|appel vidéo"
    r"|chiamata vocale|videochiamata|chamada de voz|chamada de vídeo)"
    r"(?:, (?P<rest>.*))?$",
    re.IGNORECASE,
)
ENCRYPTED = re.compile(r"end-to-end|Ende-zu-Ende|de extremo a extremo|de bout en bout|crittografia end-to-end"
                       r"|ponta a ponta|end-to-end versleuteld|сквозным шифрованием|uçtan uca|end-to-end", re.IGNORECASE)
DURATION = re.compile(r"(\d+)\s*(h|hr|hrs|hour|hours|std|min|mins|minutes?|sec|secs|seconds?|s)\b", re.IGNORECASE)
NO_ANSWER = re.compile(r"no answer|sin respuesta|keine antwort|pas de réponse|nessuna risposta|sem resposta|declined"
                       r"|rechazada|abgelehnt|refusé|rifiutata|recusada", re.IGNORECASE)


def sniff(head: str, name: str) -> bool:
    """True when one of the first non-empty lines is a WhatsApp message header."""
    lines = [ln.lstrip(MARKS) for ln in head.splitlines() if ln.strip(MARKS + " ")][:8]
    return any(HEADER.match(ln) for ln in lines)


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


def _scan_date_fields(path: Path, first: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """All header date fields of the file, stopping early once a field above 12 settles the order."""
    fields = list(first)
    if any(a > 12 or b > 12 for a, b, _ in fields if a < 100):
        return fields
    with open(path, "rb") as fh:
        tail = b""
        while chunk := fh.read(1 << 23):
            chunk = tail + chunk
            cut = chunk.rfind(b"\n") + 1
            body, tail = (chunk[:cut], chunk[cut:]) if cut else (b"", chunk)
            found = [(int(a), int(b), int(c)) for a, b, c in DATE_FIELDS.findall(body)]
            fields.extend(found)
            if any(a > 12 or b > 12 for a, b, _ in found if a < 100):
                return fields
        fields.extend((int(a), int(b), int(c)) for a, b, c in DATE_FIELDS.findall(tail))
    return fields


def _layout(path: Path) -> tuple[DateOrder, bool, str | None]:
    """Decide the date order from the whole file; return (order, guessed, chat title if iOS shows it)."""
    us_clock, title = False, None
    first: list[tuple[int, int, int]] = []
    with open(path, encoding="utf-8", errors="replace", newline="") as fh:
        for n, line in enumerate(fh):
            if n > 2000:
                break
            m = HEADER.match(line.lstrip(MARKS))
            if m:
                meridiem = m["post"] or ""
                us_clock = us_clock or (m["sep"] == "/" and meridiem in ("AM", "PM"))
                first.append((int(m["d1"]), int(m["d2"]), int(m["d3"])))
                # iOS attributes the encryption notice of a one-to-one chat to the chat, i.e. the partner.
                sender, colon, text = line.lstrip(MARKS)[m.end():].partition(": ")
                if title is None and m["open"] and colon and text.startswith("\u200e") and ENCRYPTED.search(text):
                    title = sender.strip(MARKS + " ")
    order, guessed = decide_date_order(_scan_date_fields(path, first), us_clock=us_clock)
    return order, guessed, title


def _year(y: int) -> int:
    return y + 2000 if y < 100 else y


def _hour(h: int, meridiem: str | None) -> int:
    if not meridiem:
        return h
    key = re.sub(r"[\s.\u00a0\u202f]", "", meridiem).lower()
    if h > 12:  # "13:37:00 p.m." occurs in the wild: the clock is already 24 h
        return h
    if key in PM or key.startswith("p"):
        return 12 if h == 12 else h + 12
    if key in AM or key.startswith("a"):
        return 0 if h == 12 else h
    return h


def _chat_title(path: Path) -> str | None:
    """The partner's name from Android's file name "WhatsApp Chat with NAME.txt" (and translations)."""
    m = re.match(r"^(?:WhatsApp Chat (?:with|mit|con|avec|com|met|ile) |Chat de WhatsApp con |Conversa do WhatsApp com )"
                 r"(.+?)(?: \(\d+\))?\.txt$", path.name, re.IGNORECASE)
    return m.group(1) if m else None


def _norm(text: str) -> str:
    return text.strip(MARKS + " ").rstrip(".").lower()


def parse(path: Path, *, tz: ZoneInfo | None = None) -> Iterator[Record]:
    """Yield the chat's messages and calls in file order (``tz`` is unused: WhatsApp writes local time).

    Raises:
        BadInput: a line before the first message is not a WhatsApp header, or a date does not exist.
    """
    try:
        order, guessed, ios_title = _layout(path)
    except OSError as exc:
        raise BadInput(str(path), f"cannot read the file ({exc.strerror or exc})") from None
    title = _chat_title(path) or ios_title
    name = path.name
    if guessed:
        human = {"DMY": "day/month/year", "MDY": "month/day/year"}[order]
        yield Notice(f"{name}: no date in the file shows whether the day or the month comes first; "
                     f"read as {human}, the usual order for this layout", f"{name}:1")
    dates: dict[tuple[str, str, str], tuple[int, int, int]] = {}
    pending: list[str] | None = None
    head: tuple[datetime, str, int, bool] | None = None  # ts, sender, line number, is_ios
    with open(path, encoding="utf-8", errors="replace", newline="") as fh:
        for lineno, raw in enumerate(fh, 1):
            line = raw.rstrip("\r\n")
            if lineno == 1:
                line = line.lstrip("\ufeff")
            m = HEADER.match(line.lstrip(MARKS)) if line[:1].isdigit() or line[:1] in "[\u200e\u200f" else None
            if m is None:
                if pending is None:
                    if not line.strip(MARKS + " "):
                        continue
                    raise BadInput(f"{name}:{lineno}", f'cannot read "{line[:60]}" (expected a WhatsApp message line)')
                pending.append(line)
                continue
            if pending is not None and head is not None:
                yield from _finish(head, pending, name, title)
            key = (m["d1"], m["d2"], m["d3"])
            ymd = dates.get(key)
            if ymd is None:
                a, b, c = int(key[0]), int(key[1]), int(key[2])
                ymd = (a, b, c) if len(key[0]) > 2 else (c, b, a) if order == "DMY" else (c, a, b)
                dates[key] = ymd = (_year(ymd[0]), ymd[1], ymd[2])
            try:
                ts = datetime(ymd[0], ymd[1], ymd[2], _hour(int(m["H"]), m["pre"] or m["post"]), int(m["M"]),
                              int(m["S"] or 0))
            except ValueError:
                raise BadInput(f"{name}:{lineno}", f'cannot read the date "{m.group(0).strip(" []-–")}" '
                               "(no such day or time)") from None
            rest = line.lstrip(MARKS)[m.end():]
            sender, colon, text = rest.partition(":")
            if not colon or len(sender) > 80:
                # A notice without an author (encryption notice, "You were added", group changes).
                pending, head = None, None
                continue
            head = (ts, sender.strip(MARKS + " "), lineno, bool(m["open"]))
            pending = [text[1:] if text.startswith(" ") else text]
    if pending is not None and head is not None:
        yield from _finish(head, pending, name, title)


def _finish(head: tuple[datetime, str, int, bool], lines: list[str], name: str, title: str | None) -> Iterator[Record]:
    """Turn one header's collected lines into a Message or a Call (or nothing, for a system notice)."""
    ts, sender, lineno, ios = head
    while len(lines) > 1 and not lines[-1].strip(MARKS + " "):
        lines.pop()  # blank lines after a message belong to nobody; WhatsApp trims them when sending
    text = "\n".join(lines) if len(lines) > 1 else lines[0]
    source = f"{name}:{lineno}"
    marked = text.startswith(("\u200e", "\u200f"))
    plain = text.strip(MARKS + " ")
    key = _norm(plain)
    if key in DELETED:
        yield Message(ts, sender, "", source, deleted=True, from_me=True if key in YOU_DELETED else None, thread=title)
        return
    first, _, caption = plain.partition("\n")
    first_key = first.strip(MARKS + " ").lower()
    if first_key in MEDIA_OMITTED or ATTACHED.match(first.strip(MARKS + " ")) or FILE_ATTACHED.match(first) or (
            marked and any(first_key.endswith(stem) for stem in MEDIA_STEMS) and len(first_key) < 40):
        yield Message(ts, sender, caption.strip(MARKS).strip(), source, media=True, thread=title)
        return
    if marked or not ios:
        call = _call(ts, sender, plain, source, title)
        if call is not None:
            yield call
            return
    if ENCRYPTED.search(plain) and ("WhatsApp" in plain or marked) and "\n" not in plain:
        return  # the encryption notice, attributed to the group or contact by some Android versions
    if marked and "\n" not in plain and len(plain) < 200 and not ios_text_is_message(plain):
        # iOS writes group and security notices as "Name: \u200e<notice>", attributed to the chat.
        return
    yield Message(ts, sender, EDITED_SUFFIX.sub("", text.lstrip(MARKS) if marked else text), source, thread=title)


def ios_text_is_message(text: str) -> bool:
    """True for U+200E-marked iOS lines that still carry the sender's words (location shares, polls)."""
    return text.lower().startswith(("location:", "ubicación:", "standort:", "position :", "posizione:", "localização:",
                                    "poll:", "encuesta:", "umfrage:", "sondage :"))


def _call(ts: datetime, sender: str, text: str, source: str, title: str | None) -> Call | None:
    parts = [p.strip(MARKS + " ") for p in text.split(",")]
    line = ", ".join(parts)
    m = MISSED_CALL.match(line)
    if m:
        video = "vid" in line.lower()
        return Call(ts, sender, "missed", source, video=video, thread=title)
    m = CALL.match(line)
    if not m:
        return None
    rest = m["rest"] or ""
    video = "vid" in m["kind"].lower()
    if NO_ANSWER.search(rest):
        return Call(ts, sender, "declined" if "declin" in rest.lower() else "missed", source, video=video, thread=title)
    seconds = 0
    for amount, unit in DURATION.findall(rest):
        u = unit.lower()
        seconds += int(amount) * (3600 if u.startswith(("h", "std")) else 60 if u.startswith("min") else 1)
    return Call(ts, sender, "answered", source, duration_s=seconds or None, video=video, thread=title)
