"""Messages in other languages are left unlabelled, and `classify` says so on that line only."""
from __future__ import annotations

import json
from pathlib import Path

from homeward.signals import NOT_ENGLISH, language_note


def test_note_only_for_unlabelled_non_english() -> None:
    assert language_note("te extraño mucho, no sé qué hacer sin ti en la casa", []) == NOT_ENGLISH
    assert language_note("i miss you so much, the house is empty", []) is None
    assert language_note("te extraño mucho, no sé qué hacer sin ti en la casa", ["missing"]) is None


def test_classify_marks_non_english_lines(homeward, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "es", "text": "no sé si puedo ir mañana, tengo que trabajar por la tarde"}) + "\n"
                   + json.dumps({"id": "en", "text": "love you ❤️", "context": None}) + "\n", encoding="utf-8")
    code, out, _ = homeward("classify", str(src))
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert rows[0]["labels"] == [] and rows[0]["note"] == NOT_ENGLISH
    assert "note" not in rows[1] and "affection" in rows[1]["labels"]
