"""No command opens a network connection, and the report loads nothing from the network."""
from __future__ import annotations

from collections.abc import Callable

import json
import re
import socket
from datetime import datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pytest_socket import SocketBlockedError

from homeward.store import db as store

CliRun = Callable[..., tuple[int, str, str]]  # the `homeward` fixture (tests/conftest.py)

# Attributes through which a page loads or sends something; any absolute URL in one is a fetch.
LOADING_ATTRIBUTES = {"src", "href", "srcset", "xlink:href", "action", "formaction", "poster", "data",
                      "background", "manifest", "ping", "content"}
CDN_NAMES = ("cdn.", "jsdelivr", "unpkg", "cdnjs", "googleapis", "gstatic", "cloudflare", "bootstrapcdn",
             "fontawesome", "code.jquery", "typekit", "polyfill.io")


def write_chat(path: Path, n: int = 120) -> Path:
    """A two-person WhatsApp (Android) export over a few weeks, enough for every analysis step."""
    t = datetime(2024, 3, 14, 8, 0)
    texts = ["how are the kids?", "I miss you", "can we talk tonight?", "ok", "thanks for today",
             "sorry, I was wrong about that", "you never listen", "see you on sunday"]
    lines = []
    for i in range(n):
        t += timedelta(hours=5, minutes=i % 50)
        lines.append(f"{t:%d/%m/%Y, %H:%M} - {'Jordan' if i % 2 else 'Alex'}: {texts[i % len(texts)]}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path




class LoadedURLs(HTMLParser):
    """Collects absolute URLs in the attributes through which a page loads things."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in LOADING_ATTRIBUTES and value and re.search(r"(https?:)?//", value, re.IGNORECASE):
                self.urls.append(f"<{tag} {name}={value[:80]}>")


@pytest.mark.disable_socket
@pytest.mark.filterwarnings("ignore:A test tried to use socket")  # our own probe that the guard is on
@pytest.mark.parametrize("passphrase", ["", "no network for secrets"], ids=["plain", "encrypted"])
def test_every_offline_command_runs_with_sockets_forbidden(tmp_path: Path, homeward: CliRun,
                                                           monkeypatch: pytest.MonkeyPatch, passphrase: str) -> None:
    with pytest.raises(SocketBlockedError):  # the guard is on: any connection attempt would fail the command
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    monkeypatch.setenv(store.PASSPHRASE_ENV, passphrase)
    monkeypatch.setenv("HOMEWARD_WORKERS", "2")  # labelling in forked worker processes talks over pipes, not sockets
    store.use_passphrase(None)
    db = str(tmp_path / "h.db")
    drafts = tmp_path / "drafts.jsonl"
    drafts.write_text(json.dumps({"id": "d1", "text": "you never listen", "context": None}) + "\n")
    runs = {
        "import": ["--db", db, "import", str(write_chat(tmp_path / "chat.txt")), "--me", "Alex"],
        "classify": ["classify", str(drafts), "--out", str(tmp_path / "labels.jsonl")],
        "analyze": ["--db", db, "analyze", "--json"],
        "report": ["--db", db, "report", "--out", str(tmp_path / "report.html")],
        "check": ["--db", db, "check", "can we talk tonight?", "--json"],
        "export": ["--db", db, "export", "messages", "--out", str(tmp_path / "messages.jsonl")],
    }
    for name, args in runs.items():
        code, _, err = homeward(*args)
        assert code == 0, f"{name}: {err}"
    assert len((tmp_path / "messages.jsonl").read_text().splitlines()) == 120
    assert json.loads((tmp_path / "labels.jsonl").read_text())["id"] == "d1"


def test_the_report_loads_nothing_from_the_network(tmp_path: Path, homeward: CliRun,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(store.PASSPHRASE_ENV, raising=False)
    store.use_passphrase(None)
    db, report = str(tmp_path / "h.db"), tmp_path / "report.html"
    assert homeward("--db", db, "import", str(write_chat(tmp_path / "chat.txt")), "--me", "Alex")[0] == 0
    assert homeward("--db", db, "report", "--out", str(report))[0] == 0
    page = report.read_text(encoding="utf-8")
    parser = LoadedURLs()
    parser.feed(page)
    assert parser.urls == []
    assert re.findall(r"url\(\s*['\"]?(?:https?:)?//|@import\s+['\"]?(?:https?:)?//", page, re.IGNORECASE) == []
    assert [name for name in CDN_NAMES if name in page.lower()] == []
    # vega-embed's action menu would post a chart, with its data, to the online Vega editor.
    assert "vegaEmbed(" not in page or re.search(r"actions\s*:\s*false", page)
    assert "<script" in page and "</html>" in page.lower()  # the page under test is the real, whole report
