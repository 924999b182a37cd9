"""E-mail: mbox and .eml, MIME bodies and encodings, quoted replies, participants, attachments."""
from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from homeward.errors import BadInput, HomewardError
from homeward.ingest import mail, read_head
from homeward.ingest.mail_text import html_to_text, strip_quoted
from homeward.ingest.records import Message

FIXTURES = Path(__file__).parents[1] / "fixtures" / "mail"
TZ = mail.ZoneInfo("Europe/London")
JORDAN = "jordan.weber@example.org"
ROBIN = "robin.adeyemi@example.net"
COUPLE = f"{JORDAN},{ROBIN}"


def records(name: str) -> list[Message]:
    return list(mail.parse(FIXTURES / name, tz=TZ))


def jordan(ts: datetime, text: str, source: str, **fields: object) -> Message:
    return Message(ts, "Jordan Weber", text, source, address=JORDAN, thread=COUPLE, **fields)  # type: ignore[arg-type]


def robin(ts: datetime, text: str, source: str, **fields: object) -> Message:
    return Message(ts, "Robin Adeyemi", text, source, address=ROBIN, thread=COUPLE, **fields)  # type: ignore[arg-type]


def test_plain_text() -> None:
    src = "plain_text.mbox"
    assert records(src) == [
        jordan(datetime(2024, 4, 1, 20, 40), "Hi Robin,\n\nCould the kids stay with me until Thursday? My parents "
               "are visiting.\n\nJordan", f"{src}:#1 (line 1)"),
        # Robin's own address is written "Robin.Adeyemi@Example.net": addresses are compared lower-cased.
        robin(datetime(2024, 4, 2, 7, 15), "Thursday is fine. I'll pick them up after lunch.", f"{src}:#2 (line 23)"),
    ]


def test_html_only_without_the_gmail_quote() -> None:
    src = "html_only_gmail_quote.mbox"
    assert records(src) == [
        jordan(datetime(2024, 4, 2, 19, 5), "Thank you – that helps a lot.\n\nThey want to bring the bikes, is that "
               "ok?\nJ.", f"{src}:#1 (line 1)"),
    ]


def test_multipart_alternative_prefers_plain_text() -> None:
    src = "multipart_alternative.mbox"
    assert records(src) == [
        robin(datetime(2024, 4, 3, 9, 0), "The dentist moved Riley's appointment to Friday 16:30.",
              f"{src}:#1 (line 1)"),
    ]


def test_quoted_printable_and_base64() -> None:
    src = "quoted_printable_and_base64.mbox"
    assert records(src) == [
        jordan(datetime(2024, 4, 4, 18, 30), "Grüße aus Berlin 😊 Die Zeugnisse sind da, und es ist eine lange Zeile, "
               "die der Mailer umgebrochen hat.", f"{src}:#1 (line 1)"),
        robin(datetime(2024, 4, 4, 19, 10), "Ich habe die Zeugnisse abgeholt. Noor ist so stolz – sag Noor bitte, dass "
              "du es gesehen hast.\n\nR.", f"{src}:#2 (line 14)"),
    ]


def test_rfc2047_name_and_subject() -> None:
    src = "rfc2047_headers.mbox"
    assert records(src) == [
        Message(datetime(2024, 4, 5, 11, 0), "Camille Lefèvre", "Café am Samstag?", f"{src}:#1 (line 1)",
                address="camille.lefevre@example.com", thread=f"camille.lefevre@example.com,{ROBIN}"),
    ]


def test_reply_history_is_removed_in_every_client_form() -> None:
    src = "reply_quoted_history.mbox"
    assert records(src) == [
        robin(datetime(2024, 4, 5, 20, 0), "Two weeks in July works for me.\nYes, the first two.",
              f"{src}:#1 (line 1)"),
        jordan(datetime(2024, 4, 5, 22, 0), "Perfekt, danke.", f"{src}:#2 (line 22)"),  # Apple Mail, German
        robin(datetime(2024, 4, 6, 8, 30), "I booked the train.", f"{src}:#3 (line 37)"),  # Outlook header block
        jordan(datetime(2024, 4, 6, 9, 0), "Which train?", f"{src}:#4 (line 56)"),  # -----Original Message-----
        robin(datetime(2024, 4, 6, 10, 0), "Le 9h12, arrivée 13h.", f"{src}:#5 (line 74)"),  # Gmail, French
        jordan(datetime(2024, 4, 6, 10, 30), "FYI, the school sent this.\n\n---------- Forwarded message ---------\n"
               "From: Greenfield School <office@greenfield-school.example.org>\nDate: Sat, 6 Apr 2024 at 09:00\n"
               "Subject: Timetable\nTo: <jordan.weber@example.org>\n\nTerm starts on 15 April.", f"{src}:#6 (line 89)"),
    ]


def test_third_parties_mark_the_mail_as_a_group() -> None:
    src = "third_party_cc.mbox"
    assert records(src) == [
        Message(datetime(2024, 4, 8, 9, 0), "Casey Lindqvist", "Dear both, our next session is on Thursday at 17:00.",
                f"{src}:#1 (line 1)", address="casey@mediation.example.com",
                thread=f"group:casey@mediation.example.com,{JORDAN},office@greenfield-school.example.org,{ROBIN}"),
        Message(datetime(2024, 4, 8, 10, 0), "Jordan Weber", "I can make it.", f"{src}:#2 (line 13)", address=JORDAN,
                thread=f"group:casey@mediation.example.com,{JORDAN},{ROBIN}"),
    ]


def test_mails_with_third_parties_stay_out_of_the_timeline(homeward, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # The couple's own mail and a reply that copies the mediator, in one mbox: only the first is stored.
    box = tmp_path / "both.mbox"
    box.write_bytes((FIXTURES / "plain_text.mbox").read_bytes() + b"\n" + (FIXTURES / "third_party_cc.mbox").read_bytes())
    db = str(tmp_path / "h.db")
    code, _, err = homeward("--db", db, "import", str(box), "--me", ROBIN, "--tz", "Europe/London")
    assert code == 0, err
    assert "2 messages in 1 conversation with other people" not in err  # two distinct participant sets
    assert "2 messages in 2 conversations with other people" in err
    _, out, _ = homeward("--db", db, "export", "messages")
    texts = [json.loads(line)["text"] for line in out.splitlines()]
    assert "I can make it." not in texts and not any("session" in t for t in texts)
    assert len(texts) == len(records("plain_text.mbox"))


def test_the_same_mail_in_an_mbox_and_as_eml_is_stored_once(homeward, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    box = FIXTURES / "plain_text.mbox"
    first = box.read_bytes().split(b"\nFrom ", 1)[0] + b"\n"
    eml = tmp_path / "saved.eml"
    eml.write_bytes(first.split(b"\n", 1)[1])  # the first mail without its mbox "From " line
    db = str(tmp_path / "h.db")
    assert homeward("--db", db, "import", str(box), "--me", ROBIN, "--tz", "Europe/London")[0] == 0
    code, _, err = homeward("--db", db, "import", str(eml), "--me", ROBIN, "--tz", "Europe/London")
    assert code == 0, err
    assert "0 new messages" in err


def test_attachment_draft_and_escaped_from_line() -> None:
    src = "attachment_and_takeout_draft.mbox"
    assert records(src) == [
        jordan(datetime(2024, 4, 9, 17, 0), "The school photos, as promised.", f"{src}:#1 (line 1)", media=True),
        # #2 is a Gmail draft: never sent.
        robin(datetime(2024, 4, 10, 7, 0), "Thank you, they are lovely.\nFrom now on I will print one for the fridge.",
              f"{src}:#3 (line 47)"),
    ]


def test_a_body_line_starting_with_from_does_not_split_the_mbox() -> None:
    src = "unescaped_from_line_in_body.mbox"
    assert records(src) == [
        robin(datetime(2024, 4, 11, 21, 0), "Bedtime went well.\n\nFrom now on let's both do 8pm.", f"{src}:#1 (line 1)"),
        jordan(datetime(2024, 4, 11, 21, 30), "Agreed.", f"{src}:#2 (line 14)"),
    ]


def test_single_eml_with_crlf_windows_1252_and_attachment() -> None:
    src = "crlf_windows1252_attachment.eml"
    assert records(src) == [
        Message(datetime(2024, 4, 11, 19, 20), "Weber, Jordan", "I’ll be there at 3. Form attached – please sign it.",
                src, media=True, address=JORDAN, thread=COUPLE),
    ]


def test_invalid_utf8_becomes_replacement_characters() -> None:
    src = "invalid_utf8.mbox"
    assert records(src) == [
        jordan(datetime(2024, 4, 10, 8, 0), "See you at the caf\ufffd \ufffd at 10?", f"{src}:#1 (line 1)"),
    ]


def test_a_mail_without_any_date_is_refused() -> None:
    with pytest.raises(BadInput) as caught:
        records("no_date.mbox")
    assert str(caught.value) == "no_date.mbox:#1 (line 1): the mail has no readable Date header"


@pytest.mark.parametrize("reply, expected", [
    ("Thanks\nOn Fri, 5 Apr 2024 at 18:40, Jordan <j@example.org> wrote:\n> hi", "Thanks"),
    ("Ok\n\nOn Fri, 5 Apr 2024 at 18:40, Jordan Weber <\nj@example.org> wrote:\n\n> hi", "Ok"),
    ("Ok\n\nOn 5 Apr 2024, at 18:40, Jordan Weber <j@example.org> wrote:\n\n> hi", "Ok"),
    ("Ok\n\nOn 05/04/2024 18:40, Jordan wrote:\n> hi", "Ok"),
    ("Dzięki!\n\npt., 5 kwi 2024 o 18:40 Jordan Weber <j@example.org>\nnapisał(a):\n\n> hi", "Dzięki!"),
    ("Ок\n\nпт, 5 апр. 2024 г. в 18:40, Jordan Weber <j@example.org>:\n\n> hi", "Ок"),
    ("Sí\n\nEl vie, 5 abr 2024 a las 18:40, Jordan Weber (<j@example.org>) escribió:\n> hola", "Sí"),
    ("Va bene\n\nIl giorno ven 5 apr 2024 alle ore 18:40 Jordan Weber <j@example.org> ha scritto:\n> ciao", "Va bene"),
    ("Ok\n\nEm sex., 5 de abr. de 2024 às 18:40, Jordan Weber <j@example.org> escreveu:\n> oi", "Ok"),
    ("Prima\n\nOp vr 5 apr 2024 om 18:40 schreef Jordan Weber <j@example.org>:\n> hoi", "Prima"),
    ("Ja\n\nDen fre 5 apr. 2024 kl 18:40 skrev Jordan Weber <j@example.org>:\n> hej", "Ja"),
    ("Danke\n\nVon: Jordan Weber <j@example.org>\nGesendet: Freitag, 5. April 2024 18:40\nAn: Robin\nBetreff: x\n\nalt",
     "Danke"),
    ("Merci\n\nDe : Jordan Weber <j@example.org>\nEnvoyé : vendredi 5 avril 2024 18:40\nÀ : Robin\nObjet : x\n\nvieux",
     "Merci"),
    ("Gracias\n\n-----Mensaje original-----\nDe: Jordan\nEnviado el: viernes\n\nviejo", "Gracias"),
    ("Yes\n> are you sure?\nquite sure", "Yes\nquite sure"),
    # Not attributions: ordinary sentences stay.
    ("On Saturday we went to the zoo and it was 5 degrees.\nSam wrote a poem.",
     "On Saturday we went to the zoo and it was 5 degrees.\nSam wrote a poem."),
    ("Meeting at 10:30 with the teacher:\n- grades\n- trip", "Meeting at 10:30 with the teacher:\n- grades\n- trip"),
])
def test_strip_quoted(reply: str, expected: str) -> None:
    assert strip_quoted(reply) == expected


def test_html_to_text() -> None:
    html = ('<div>Hi&nbsp;<b>Robin</b>,</div><p>line one<br>line two</p><script>x()</script>'
            '<blockquote type="cite">old</blockquote><pre>  keep\n  spacing</pre><![if !supportLists]>')
    assert html_to_text(html) == "Hi Robin,\n\nline one\nline two\n\nkeep\nspacing"  # lines of <pre> kept, indents not


def test_sniff() -> None:
    assert mail.sniff(read_head(FIXTURES / "plain_text.mbox"), "Takeout-Mail.txt")
    assert mail.sniff(read_head(FIXTURES / "crlf_windows1252_attachment.eml"), "message")
    assert mail.sniff("", "All mail Including Spam and Trash.mbox")
    assert not mail.sniff("[01/04/2024, 09:15:00] Jordan: From: the school", "_chat.txt")
    assert not mail.sniff('<?xml version="1.0"?>\n<smses count="1">', "sms.xml")
    assert not mail.sniff("Subject: only a subject\n\nbody", "notes.txt")


FIXTURE_BYTES = [p.read_bytes() for p in sorted(FIXTURES.iterdir())]


def _spliced(parts: tuple[bytes, int, int, bytes]) -> bytes:
    original, start, length, insert = parts
    return original[:start] + insert + original[start + length:]


any_mail_bytes = st.one_of(
    st.binary(max_size=600),
    st.builds(lambda body: b"From x@y Mon Apr 01 19:40:00 2024\nFrom: a <a@b>\nDate: " + body, st.binary(max_size=400)),
    st.sampled_from(FIXTURE_BYTES).flatmap(lambda b: st.tuples(
        st.just(b), st.integers(0, len(b)), st.integers(0, 40), st.binary(max_size=24))).map(_spliced),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(any_mail_bytes, st.sampled_from(["fuzz.mbox", "fuzz.eml"]))
def test_any_bytes_give_records_or_a_homeward_error(tmp_path: Path, raw: bytes, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(raw)
    try:
        for record in mail.parse(path, tz=TZ):
            assert isinstance(record, Message)
            record.text.encode("utf-8")  # no lone surrogates from raw 8-bit headers
            record.sender.encode("utf-8")
    except HomewardError as exc:
        assert "\n" not in str(exc)
