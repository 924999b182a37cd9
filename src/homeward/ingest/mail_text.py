"""The new words of an e-mail body: HTML turned into text, and the quoted history of replies removed.

Mail clients append the message being answered. What each one writes:

- Gmail (web, app): ``On Mon, 1 Apr 2024 at 21:40, Jordan <j@example.org> wrote:`` (wrapped onto a
  second line when long, translated with the UI: ``Am ... schrieb ...:``, ``Le ... a écrit :``,
  ``El ... escribió:``, ``Il giorno ... ha scritto:``, ``Em ... escreveu:``, ``Op ... schreef ...:``,
  ``Den ... skrev ...:``, ``... napisał(a):``; Russian has no verb: ``..., Jordan <j@example.org>:``),
  then ``> `` quoted lines. In HTML the whole history sits in ``<div class="gmail_quote">``.
- Apple Mail: ``On 1 Apr 2024, at 21:40, Jordan <j@example.org> wrote:`` and ``<blockquote type="cite">``.
- Thunderbird: ``On 01/04/2024 21:40, Jordan wrote:`` and ``<blockquote type="cite">``.
- Outlook: ``-----Original Message-----`` (``-----Ursprüngliche Nachricht-----``, ...), or, since
  Outlook 2010 and on the web, a header block ``From: ... Sent: ... To: ... Subject: ...`` (``Von:``
  ``Gesendet:``, ``De :`` ``Envoyé :``, ``De:`` ``Enviado:``, ``Da:`` ``Inviato:``...) after a line of
  underscores or an ``<hr>``, with the old message below it, unquoted.

The body is cut at the first such splitter, then remaining ``>`` lines (inline replies keep their
own lines) are dropped. A forwarded message ("---------- Forwarded message ---------", "Begin
forwarded message:") is content the sender chose to share, so its header block is not a splitter.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

_OPENING = re.compile(r"^(?:On|Le|Am|El|Il giorno|Il|Em|Op|Den|På|W dniu|Dne|Dňa|Στις)\s")
_VERB = re.compile(r"(?:^|\s)(?:wrote|a écrit|schrieb|escribió|ha scritto|escreveu|schreef|skrev|"
                   r"napisał\(a\)|napisała|napisał|pisze|napsal|kirjoitti|írta|написал\(а\)|написала|написал|"
                   r"escriu|yazdı)(?:\s|:|$)")
_ADDRESS_COLON = re.compile(r"<[^<>\s]+@[^<>\s]+>\)?\s*:\s*$")
_MAX_ATTRIBUTION = 600
_ORIGINAL_MESSAGE = re.compile(
    r"^\s*-{2,}\s*(?:Original Message|Reply Message|Ursprüngliche Nachricht|Message d'origine|Mensaje original|"
    r"Messaggio originale|Oorspronkelijk bericht|Mensagem original|Oprindelig meddelelse|Opprinnelig melding|"
    r"Ursprungligt meddelande|Oryginalna wiadomość|Původní zpráva|Alkuperäinen viesti|Исходное сообщение)"
    r"\s*-{2,}\s*$", re.IGNORECASE)
_HEADER_FROM = re.compile(r"^\s*\*?(?:From|Von|De|Da|Van|Fra|Från|Od|Lähettäjä|Feladó|От)\s?\*?\s?:\s?\*?\s*\S")
_HEADER_SENT = re.compile(r"^\s*\*?(?:Sent|Date|Gesendet|Datum|Envoyé|Enviado|Inviato|Verzonden|Sendt|Skickat|"
                          r"Wysłano|Data|Fecha|Lähetetty|Dátum|Odesláno|Отправлено|Дата)\s?\*?\s?:")
_UNDERSCORES = re.compile(r"^\s*_{10,}\s*$")
_FORWARDED = re.compile(r"Forwarded message|Begin forwarded message|Weitergeleitete Nachricht|Message transféré|"
                        r"Mensaje reenviado|Messaggio inoltrato|Mensagem encaminhada|Doorgestuurd bericht",
                        re.IGNORECASE)
_QUOTED = re.compile(r"^\s{0,3}>")
_SPLITTER_LINES = 3  # a long attribution wraps onto at most three lines

_BLOCKS = {"address", "article", "blockquote", "dd", "div", "dl", "dt", "footer", "h1", "h2", "h3", "h4", "h5",
           "h6", "header", "hr", "li", "ol", "p", "pre", "section", "table", "tr", "ul"}
_INVISIBLE = {"head", "script", "style", "template", "title"}


def _is_quote(tag: str, attrs: list[tuple[str, str | None]]) -> bool:
    values = {name: (value or "") for name, value in attrs}
    classes = values.get("class", "").split()
    if tag == "blockquote":
        return values.get("type", "").lower() == "cite" or any("quote" in c for c in classes)
    return tag == "div" and ("gmail_quote" in classes or "yahoo_quoted" in classes)


class _HtmlText(HTMLParser):
    """Collects readable text, leaving out invisible elements and quoted replies."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping: str | None = None
        self._depth = 0
        self._pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skipping is not None:
            if tag == self._skipping:
                self._depth += 1
            return
        if tag in _INVISIBLE or _is_quote(tag, attrs):
            self._skipping, self._depth = tag, 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCKS:
            self.parts.append("\n")
            if tag == "pre":
                self._pre += 1

    def handle_endtag(self, tag: str) -> None:
        if self._skipping is not None:
            if tag == self._skipping:
                self._depth -= 1
                if self._depth == 0:
                    self._skipping = None
            return
        if tag in _BLOCKS:
            self.parts.append("\n")
            if tag == "pre" and self._pre:
                self._pre -= 1

    def handle_data(self, data: str) -> None:
        if self._skipping is None:
            self.parts.append(data if self._pre else re.sub(r"\s+", " ", data))


def html_to_text(html: str) -> str:
    """The visible text of ``html``, one line per block, without quoted replies or styles."""
    reader = _HtmlText()
    try:
        reader.feed(html)
        reader.close()
    except AssertionError:
        pass  # html.parser asserts on some malformed "<![...]>" sections; keep the text read so far
    lines = [line.replace("\xa0", " ").strip() for line in "".join(reader.parts).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _next_text_line(lines: list[str], start: int) -> str:
    for line in lines[start:]:
        if line.strip():
            return line
    return ""


def _is_header_block(lines: list[str], i: int) -> bool:
    if not _HEADER_FROM.match(lines[i]):
        return False
    if not any(_HEADER_SENT.match(line) for line in lines[i + 1:i + 6]):
        return False
    return not any(_FORWARDED.search(line) for line in lines[max(0, i - 3):i])


def _attribution(block: str) -> str | None:
    """"strong" for "On <date>, <name> wrote:" and its translations, "weak" for the bare forms, else None."""
    if len(block) > _MAX_ATTRIBUTION or not block.endswith(":") or not any(c.isdigit() for c in block):
        return None
    if _VERB.search(block):
        return "strong" if _OPENING.match(block) else "weak"
    # Gmail in Russian or Japanese: "<date> <time>, <name> <address>:" with no verb at all.
    return "weak" if _ADDRESS_COLON.search(block) else None


def _splitter_at(lines: list[str], i: int) -> bool:
    """True when a reply splitter (attribution, Outlook separator or header block) starts at line ``i``."""
    if _ORIGINAL_MESSAGE.match(lines[i]) or _is_header_block(lines, i):
        return True
    if _UNDERSCORES.match(lines[i]) and i + 1 < len(lines) and _is_header_block(lines, i + 1):
        return True
    for span in range(1, _SPLITTER_LINES + 1):
        block = lines[i:i + span]
        if len(block) < span or not block[-1].strip():
            break  # an attribution wraps, but never across a blank line
        if span > 1 and block[0].rstrip().endswith((".", "!", "?")):
            break  # the line before ends a sentence: it is the reply's own text, not a wrapped attribution
        kind = _attribution(" ".join(line.strip() for line in block))
        # The bare forms start with their date and are trusted only when quoted lines follow them.
        if kind == "strong" or (kind == "weak" and any(c.isdigit() for c in block[0])
                                and _QUOTED.match(_next_text_line(lines, i + span))):
            return True
    return False


def strip_quoted(text: str) -> str:
    """``text`` without the quoted history of the mail it answers, trimmed of surrounding blank lines."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for i in range(len(lines)):
        if lines[i].strip() and _splitter_at(lines, i):
            lines = lines[:i]
            break
    kept = [line.rstrip() for line in lines if not _QUOTED.match(line)]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()
