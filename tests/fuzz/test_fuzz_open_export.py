"""Fuzz targets for format sniffing (``--format auto``) and for zips, the way most exports arrive."""
from __future__ import annotations

import fuzzkit as fk
from hypothesis import given
from hypothesis import strategies as st

ALL = ("whatsapp/*.txt", "whatsapp/zoo/*.txt", "signal/*.md", "csv/*.csv", "mail/*", "telegram/*.json",
       "sms/*.xml", "messenger/**/*.json", "instagram/**/*.json", "samples/*.xml", "samples/whatsapp_*.txt")


def test_auto_detection_never_crashes() -> None:
    """Any file, under a name any export might have, is read by some importer or refused as UnknownFormat."""
    originals = fk.seeds(*ALL)
    names = st.sampled_from(["_chat.txt", "result.json", "sms.xml", "chat.db", "message_1.json", "inbox.mbox",
                             "mail.eml", "messages.csv", "chat.md", "export", "notes.txt"])
    with fk.workdir() as where:

        @fk.profile()
        @given(data=st.one_of(st.binary(max_size=2048), fk.mutated(originals)), name=names, far=st.booleans())
        def prop(data: bytes, name: str, far: bool) -> None:
            for old in where.iterdir():
                old.unlink()
            fk.check_file("auto", fk.write(where, name, data), tz=fk.FAR if far else fk.UTC)

        fk.run_for_budget("auto", prop)


def test_zip_never_crashes() -> None:
    """A zip of fixture chats under any member names, maybe corrupted: records, or an error naming the zip."""
    members = fk.seeds("whatsapp/zip_*/*.txt", "telegram/single_chat_phone_calls.json", "samples/sms.xml",
                       "messenger/thread_two_files/message_1.json") + [b"", b"\xff" * 64]
    with fk.workdir() as where:

        @fk.profile()
        @given(data=fk.zips(members))
        def prop(data: bytes) -> None:
            fk.check_file("zip", fk.write(where, "WhatsApp Chat with Jordan.zip", data))

        fk.run_for_budget("zip", prop)
