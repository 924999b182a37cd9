"""The WhatsApp parser's fast paths read every file exactly as its full paths do.

``fast_header`` narrows the header regex to the file's own layout, ``_finish`` (and ``parse``'s
inline copy of it for one-line messages) settles unmarked lines without the placeholder machinery, and ``placeholder_key`` skips the normalisation a text
does not need. Each is checked against its full counterpart on every fixture, and on seeded
mutations of them (marks, spaces, meridiems, digits and separators dropped in at random), so a
line that only looks like the usual header must still fall back.
"""
from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from homeward.errors import BadInput
from homeward.ingest import whatsapp
from homeward.ingest.records import Call, Message, Record

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "whatsapp"
FILES = sorted(FIXTURES.rglob("*.txt"))
MUTATIONS = ("\u200e", "\u200f", " ", "  ", ".", ",", "PM", "pm", "a.m.", "p. m.", "[", "]", "-", "–", ":",
             "\u202f", "\u00a0", "1", "13", "2025", "<Media omitted>", "null", "Missed voice call", "\ufeff",
             "\n", "\n20/01/2025, 21:14 - ", "\n[20/01/2025, 21:14:03] ", "This message was deleted", ")")


def read(path: Path) -> list[object] | str:
    """The parse of ``path`` as a list, or the one-line error it raises."""
    try:
        return list(whatsapp.parse(path))
    except BadInput as exc:
        return str(exc)


def full_finish(head: tuple[datetime, str, int, bool], lines: list[str], name: str, title: str | None) -> Record | None:
    """``_finish`` with its fast path skipped: every message goes the full way."""
    ts, sender, lineno, ios = head
    while len(lines) > 1 and not lines[-1].strip(whatsapp.MARKS + " "):
        lines.pop()
    return whatsapp._finish_full(ts, sender, f"{name}:{lineno}", lines, ios, title)


def read_slowly(path: Path, monkeypatch: pytest.MonkeyPatch) -> list[object] | str:
    with monkeypatch.context() as m:
        m.setattr(whatsapp, "fast_header", lambda _: None)
        m.setattr(whatsapp, "_finish", full_finish)
        m.setattr(whatsapp, "INLINE_FAST_PATH", False)  # parse's copy of _finish's fast path
        return read(path)


def mutants(path: Path, out: Path, count: int, seed: int) -> Iterator[Path]:
    rng = random.Random(seed)
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines(keepends=True)
    for k in range(count):
        changed = []
        for line in lines:
            if line.strip() and rng.random() < 0.2:
                i = rng.randrange(len(line))
                r = rng.random()
                line = (line[:i] + rng.choice(MUTATIONS) + line[i:] if r < 0.5 else line[:i] + line[i + 1:] if r < 0.8
                        else line[:i] + rng.choice("0123456789") + line[i + 1:])
            changed.append(line)
        target = out / f"{path.stem}_{k}.txt"
        target.write_text("".join(changed), encoding="utf-8")
        yield target


def test_most_layouts_have_a_fast_header() -> None:
    zoo = sorted((FIXTURES / "zoo").glob("*.txt"))
    fast = [p.name for p in zoo if whatsapp._layout(p).fast is not None]
    assert len(fast) >= len(zoo) - 4, fast  # era, Buddhist, Arabic-Indic and time-first dates go the full way
    assert "android_en_gb_24h.txt" in fast and "ios_en_us_12h.txt" in fast and "android_es_12h_a_m_nbsp.txt" in fast


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_fast_paths_read_every_fixture_as_the_full_paths_do(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert read(path) == read_slowly(path, monkeypatch)


@pytest.mark.parametrize("path", sorted((FIXTURES / "zoo").glob("*.txt"))
                         + [FIXTURES / "android_system_lines.txt", FIXTURES / "calls_ios.txt",
                            FIXTURES / "deleted_localized.txt", FIXTURES / "edited_and_view_once.txt"],
                         ids=lambda p: p.name)
def test_fast_paths_agree_on_mangled_files(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for mutant in mutants(path, tmp_path, 4, seed=len(path.name)):
        assert read(mutant) == read_slowly(mutant, monkeypatch), mutant.read_text(encoding="utf-8")


def test_a_fast_header_reads_the_same_fields() -> None:
    line = "1/20/25, 9:14\u202fPM - Alex: hi"
    m = whatsapp.HEADER.match(line)
    assert m is not None
    fast = whatsapp.fast_header(m)
    assert fast is not None
    f = fast.match("12/31/24, 11:59\u202fAM - Jordan: bye")
    assert f is not None and f.groups() == ("12/31/24", "12", "31", "24", "11:59\u202fAM", "11", "59", "", "AM")
    assert fast.match("12/31/24, 11:59 AM - Jordan: bye") is None  # another space: the full regex reads it


def reference_key(text: str) -> str:
    """``placeholder_key`` as it was before its shortcut."""
    key = " ".join(text.replace("\u200e", "").replace("\u200f", "").split()).rstrip(".。").lower()
    return key.replace("< ", "<").replace(" >", ">")


def test_placeholder_key_shortcut_gives_the_full_normalisation() -> None:
    rng = random.Random(3)
    alphabet = "aBİß.。<> \u00a0\u202f\t\u200e\u200f\u2028\x1cxY0,:"
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))) for _ in range(20_000)]
    texts += ["<Media omitted>", "This message was deleted", "null", "ok.", " ok", "< attached: x >", ""]
    for text in texts:
        assert whatsapp.placeholder_key(text) == reference_key(text), repr(text)


def test_records_are_immutable_and_hashable() -> None:
    msg = Message(datetime(2025, 1, 20, 21, 14), "Alex", "hi", "chat.txt:1")
    with pytest.raises(AttributeError):
        msg.text = "changed"  # type: ignore[misc]
    call = Call(datetime(2025, 1, 20, 21, 14), "Alex", "missed", "chat.txt:2")
    assert len({msg, msg, call}) == 2
    assert msg != call and msg.media is False and call.duration_s is None


def test_the_inline_fast_path_rests_on_the_special_keys_shape() -> None:
    # parse settles a one-line message without "<" by first.lower(): placeholder_key's " >" -> ">" could
    # only matter if a special key held ">" without "<"; and the key is never shorter than the line.
    assert not [k for k in whatsapp._UNMARKED_SPECIAL if ">" in k and "<" not in k]
    assert whatsapp._SPECIAL_MAX == max(len(k) for k in whatsapp._UNMARKED_SPECIAL) < 80
    assert all(len(chr(c).lower()) >= 1 for c in range(0x110000) if not 0xD800 <= c < 0xE000)


TRICKY = ["ok", "love you <3", "<3", "a > b", "a >", "media omitted >", "see you.", "see you )", "(see you)",
          "Missed voice call", "Missed voice call, tap to call back", "missed video call, 2 min", "hi, you",
          "null", "NULL", "This message was deleted", "this  message was deleted", " This message was deleted",
          "<Media omitted>", "< Media omitted >", "ok <This message was edited>", "Messages and calls are end-to-end "
          "encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.",
          "Alex: Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can "
          "read or listen to them.", "MESSAGES AND CALLS ARE END-TO-END ENCRYPTED", "tab\there", "nbsp\u00a0here",
          "İstanbul", "ΣΑΣ", "x" * 79, "x" * 80, "y " * 30, "Du hast diese Nachricht gelöscht", "ok.", "ok。", ""]


@pytest.mark.parametrize("header", ["20/01/2025, 21:{m:02d} - ", "[20/01/2025, 21:{m:02d}:03] "], ids=["android", "ios"])
def test_fast_paths_agree_on_tricky_one_line_messages(header: str, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "WhatsApp Chat with Jordan.txt"
    path.write_text("".join(f"{header.format(m=i % 60)}{'Alex' if i % 2 else 'Jordan'}: {text}\n"
                            for i, text in enumerate(TRICKY)), encoding="utf-8")
    fast = read(path)
    assert isinstance(fast, list) and len(fast) > len(TRICKY) // 2
    assert fast == read_slowly(path, monkeypatch)
