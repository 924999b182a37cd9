"""One couple, one timeline: WhatsApp + SMS + a call log + journal entries make one set of weekly figures.

The bundled fictional couple (src/homeward/samples, see STORY.md) is such a couple: Alex (the user) and
Jordan (the partner) talk on WhatsApp, texted by SMS the week Jordan's WhatsApp phone was broken, call
each other (SMS Backup & Restore call log, Jordan's number written two ways across the files), and
Alex noted visits and landline calls in the journal. The expected figures are computed here from the
raw files with the contract's rule (a message, call, visit or journal call after >= 6 h of silence starts
a conversation for whoever made it; calls and visits are not messages; a visit made by nobody in particular
ends a silence without starting anything), independently of homeward's
importers and analysis, and compared with ``homeward analyze --json``.
"""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import date, datetime, timedelta
from importlib import resources
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

SAMPLES = Path(str(resources.files("homeward") / "samples"))
LONDON = ZoneInfo("Europe/London")
GAP = timedelta(hours=6)
WHATSAPP_LINE = re.compile(r"^(\d\d)/(\d\d)/(\d{4}), (\d\d):(\d\d) - (Alex|Jordan): ")
Event = tuple[datetime, str, str]  # when, who (user/partner; "" for nobody in particular), kind (message/contact)


def _monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def _whatsapp() -> list[Event]:
    out = []
    for line in (SAMPLES / "whatsapp_android.txt").read_text(encoding="utf-8").splitlines():
        if m := WHATSAPP_LINE.match(line):
            day, month, year, hh, mm, who = m.groups()
            out.append((datetime(int(year), int(month), int(day), int(hh), int(mm)),
                        "user" if who == "Alex" else "partner", "message"))
    return out


def _instant(millis: str) -> datetime:
    return datetime.fromtimestamp(int(millis) / 1000, LONDON).replace(tzinfo=None)


def _sms() -> list[Event]:
    root = ET.parse(SAMPLES / "sms.xml").getroot()
    return [(_instant(e.get("date", "")), "user" if e.get("type") == "2" else "partner", "message")
            for e in root.iter("sms") if e.get("type") in ("1", "2")]


def _calls() -> list[Event]:
    root = ET.parse(SAMPLES / "calls.xml").getroot()
    # Android call types: 2 outgoing (Alex called), 1 incoming, 3 missed, 5 rejected (Jordan called).
    return [(_instant(e.get("date", "")), "user" if e.get("type") == "2" else "partner", "contact")
            for e in root.iter("call")]


def _journal() -> list[dict[str, object]]:
    return [json.loads(line) for line in (SAMPLES / "journal.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]


def _journal_contacts() -> list[Event]:
    # A visit "by" nobody in particular (a joint counselling session) ends a silence but starts nothing.
    return [(datetime.strptime(str(e["when"]), "%Y-%m-%d %H:%M"), str(e["by"] or ""), "contact")
            for e in _journal() if e["kind"] in ("call", "visit")]


def _expected() -> tuple[Counter[tuple[date, str]], Counter[tuple[date, str]], list[date]]:
    """Messages and conversation starts per (Monday, who), and every Monday of the period."""
    events = _whatsapp() + _sms() + _calls() + _journal_contacts()
    # Messages before calls at the same minute, as analysis orders them; then the gap rule.
    events.sort(key=lambda e: (e[0], e[2] != "message"))
    messages = Counter((_monday(ts.date()), who) for ts, who, kind in events if kind == "message")
    starts: Counter[tuple[date, str]] = Counter()
    last: datetime | None = None
    for ts, who, _ in events:
        if (last is None or ts - last >= GAP) and who:
            starts[(_monday(ts.date()), who)] += 1
        last = ts if last is None or ts > last else last
    days = [ts.date() for ts, _, _ in events] + [datetime.strptime(str(e["when"]), "%Y-%m-%d %H:%M").date()
                                                 for e in _journal()]
    first, end = _monday(min(days)), _monday(max(days))
    return messages, starts, [first + timedelta(weeks=i) for i in range((end - first).days // 7 + 1)]


@pytest.fixture(scope="module")
def couple(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("timeline") / "couple.db"


def test_whatsapp_sms_calls_and_journal_make_one_timeline(homeward, couple: Path) -> None:  # type: ignore[no-untyped-def]
    db = str(couple)
    for name in ("whatsapp_android.txt", "sms.xml", "calls.xml"):
        code, _, err = homeward("--db", db, "import", str(SAMPLES / name), "--me", "Alex", "--tz", "Europe/London")
        assert code == 0, err
        assert "partner: " in err and "partner: nobody" not in err
    for e in _journal():
        args = ["--db", db, "journal", "add", "--kind", str(e["kind"]), "--when", str(e["when"])]
        args += ["--by", str(e["by"])] if e["by"] else []
        args += ["--minutes", str(e["minutes"])] if e["minutes"] else []
        code, _, err = homeward(*args, str(e["text"]))
        assert code == 0, err

    code, out, err = homeward("--db", db, "analyze", "--json")
    assert code == 0, err
    result = json.loads(out)
    messages, starts, mondays = _expected()

    assert [w["week"] for w in result["weeks"]] == [d.isoformat() for d in mondays]
    got_messages = Counter({(date.fromisoformat(w["week"]), who): n
                            for w in result["weeks"] for who, n in w["messages"].items() if n})
    got_starts = Counter({(date.fromisoformat(w["week"]), who): n
                          for w in result["weeks"] for who, n in w["conversations_started"].items() if n})
    assert got_messages == messages
    assert got_starts == starts
    # The SMS week is in the timeline, as the partner's and the user's messages.
    sms_week = _monday(min(ts for ts, _, _ in _sms()).date())
    assert got_messages[(sms_week, "partner")] > 0 and got_messages[(sms_week, "user")] > 0


def test_calls_and_visits_are_conversation_starts_not_messages(homeward, couple: Path) -> None:  # type: ignore[no-untyped-def]
    # Without the calls and the journal, fewer conversations start: those that a call or visit opened.
    messages_only = sorted(_whatsapp() + _sms())
    starts_by_messages = sum(1 for i, (ts, _, _) in enumerate(messages_only)
                             if i == 0 or ts - messages_only[i - 1][0] >= GAP)
    _, starts, _ = _expected()
    assert sum(starts.values()) != starts_by_messages  # the samples do have calls and visits that open one
    code, out, _ = homeward("--db", str(couple), "analyze", "--json")
    assert code == 0
    weeks = json.loads(out)["weeks"]
    assert sum(n for w in weeks for n in w["conversations_started"].values()) == sum(starts.values())
    assert sum(n for w in weeks for n in w["messages"].values()) == len(messages_only)


def test_the_partner_is_one_person_across_channels(homeward, couple: Path) -> None:  # type: ignore[no-untyped-def]
    code, out, err = homeward("--db", str(couple), "people", "--json")
    assert code == 0, err
    people = json.loads(out)
    assert [p["role"] for p in people] == ["user", "partner"]
    partner = people[1]
    # "+44 7700 900123" in the SMS file and "+447700900123" in the call log: one E.164 alias.
    assert "phone:+447700900123" in partner["aliases"]
    channels = {c for per_name in partner["names"].values() for c in per_name}
    assert {"whatsapp", "sms", "phone"} <= channels


def test_reimporting_every_source_adds_nothing(homeward, couple: Path) -> None:  # type: ignore[no-untyped-def]
    for name in ("whatsapp_android.txt", "sms.xml", "calls.xml"):
        code, _, err = homeward("--db", str(couple), "import", str(SAMPLES / name), "--me", "Alex",
                                "--tz", "Europe/London")
        assert code == 0, err
        assert "0 new messages and 0 new calls" in err


def test_the_same_chat_exported_from_android_and_from_an_iphone_is_stored_once(homeward, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # Android prints minutes (21:14), iOS seconds (9:14:12 PM): the same message, one row. iOS alone shows calls.
    for first, second, new_calls in (("whatsapp_android.txt", "whatsapp_ios.txt", 11),
                                     ("whatsapp_ios.txt", "whatsapp_android.txt", 0)):
        db = str(tmp_path / f"{first}.db")
        assert homeward("--db", db, "import", str(SAMPLES / first), "--me", "Alex", "--tz", "Europe/London")[0] == 0
        code, _, err = homeward("--db", db, "import", str(SAMPLES / second), "--me", "Alex", "--tz", "Europe/London")
        assert code == 0, err
        assert f"2034 messages and {new_calls} calls, 0 new messages and {new_calls} new calls" in err


def test_a_grown_minute_export_still_adds_a_repeated_message(homeward, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "h.db")
    chat = (SAMPLES / "whatsapp_android.txt").read_text(encoding="utf-8")
    grown = tmp_path / "grown.txt"
    last = chat.rstrip("\n").splitlines()[-1]
    assert WHATSAPP_LINE.match(last)
    grown.write_text(chat.rstrip("\n") + "\n" + last + "\n", encoding="utf-8")  # the last message sent twice
    assert homeward("--db", db, "import", str(SAMPLES / "whatsapp_ios.txt"), "--me", "Alex", "--tz", "Europe/London")[0] == 0
    assert homeward("--db", db, "import", str(SAMPLES / "whatsapp_android.txt"), "--me", "Alex")[0] == 0
    code, _, err = homeward("--db", db, "import", str(grown), "--me", "Alex")
    assert code == 0, err
    assert "1 new messages" in err
