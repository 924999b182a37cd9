"""The draft check reads a draft against this couple's own history; the signal reader is faked so that the
notes, not the model, are under test."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from homeward.analysis import Analysis
from homeward.analysis.episodes import Comparison, Episode, Homecoming
from homeward.analysis.stats import Difference
from homeward.analysis.tables import Msg
from homeward.report import draft



class Fake:
    """A classifier that reads every draft as the labels it was given."""

    def __init__(self, labels: tuple[str, ...]) -> None:
        self.labels = labels

    def predict_proba(self, texts, contexts):  # type: ignore[no-untyped-def]
        return [{k: (0.9 if k in self.labels else 0.1) for k in ("pressure", "homecoming", "nostalgia", "problem_talk")}
                for _ in texts]


@pytest.fixture(scope="module")
def base(scenario_analysis: Callable[[str], Analysis]) -> Analysis:
    return scenario_analysis("pursue_withdraw")


def check(monkeypatch: pytest.MonkeyPatch, a: Analysis, text: str, *labels: str) -> dict:
    monkeypatch.setattr(draft, "load_classifier", lambda: Fake(labels))
    return draft.check_draft(text, a)


def _pushes(a: Analysis) -> Analysis:
    slower = Difference(3.0, 5.0, 2.0, 1.0, 3.0, 1.2, 40, 12)
    c = Comparison("pressure", 12, 40, slower, None, None, None, 200.0, 20.0, ["p1", "r1"])
    return replace(a, after_pressure=c, pressure_episodes=[Episode(date(2025, 2, 20), date(2025, 3, 2), "user", ["p1"])])


def test_a_push_is_read_against_what_happened_after_earlier_pushes(monkeypatch, base):
    out = check(monkeypatch, _pushes(base), "i need an answer by friday", "pressure")
    assert out["labels"] == ["pressure"]
    note = out["notes"][0]
    assert "pressure" in note["text"] and "3.3 hours" in note["text"] and "20 minutes" in note["text"]
    assert note["evidence"] == ["p1", "r1"], "cites the pushes and the replies, once each"


def test_coming_home_note_only_while_the_partner_has_not_raised_it(monkeypatch, base):
    not_yet = replace(base, homecoming=Homecoming("user", date(2025, 2, 20), "u1", 3, 0, ["u1", "u2"]))
    out = check(monkeypatch, not_yet, "when are you coming home?")  # no label: the words alone count
    assert any("coming home" in n["text"] and "4 time" in n["text"] for n in out["notes"])
    raised = replace(not_yet, homecoming=Homecoming("user", date(2025, 2, 20), "u1", 3, 1, ["u1"], date(2025, 7, 24), "p9"))
    assert not any("coming home" in n["text"] for n in check(monkeypatch, raised, "when are you coming home?")["notes"])


def test_an_unanswered_last_message_warns_of_a_double_text(monkeypatch, base):
    last = base.messages[-1]
    mine = Msg("mine", last.ts + timedelta(hours=1), "user", "hello?", frozenset())
    out = check(monkeypatch, replace(base, messages=[*base.messages, mine]), "are you there")
    notes = [n for n in out["notes"] if "not been answered" in n["text"]]
    assert notes and "mine" in notes[0]["evidence"]
    theirs = Msg("theirs", last.ts + timedelta(hours=2), "partner", "hi", frozenset())
    out = check(monkeypatch, replace(base, messages=[*base.messages, mine, theirs]), "hi")
    assert not any("not been answered" in n["text"] for n in out["notes"])


def test_nothing_worth_saying_gives_no_notes(monkeypatch, base):
    answered = [*base.messages, Msg("z", datetime(2030, 1, 1), "partner", "ok", frozenset())]
    out = check(monkeypatch, replace(base, messages=answered), "see you at 5")
    assert out == {"labels": [], "notes": []}


def test_past_the_safety_gate_the_draft_check_gives_no_reconciliation_notes(monkeypatch, base):
    threat = Msg("t", base.messages[-1].ts + timedelta(hours=1), "partner", "you'll regret it", frozenset())
    out = check(monkeypatch, _pushes(replace(base, messages=[*base.messages, threat])), "i need an answer", "pressure")
    assert len(out["notes"]) == 1 and "safety" in out["notes"][0]["text"] and out["notes"][0]["evidence"] == ["t"]


def test_a_draft_naming_a_shared_thing_the_partner_met_warmly(monkeypatch, base):
    from homeward.analysis.ideas import Idea

    lake = Idea("the lake", 3, 3, 1.0, 0.2, 0.44, 1.0, ["a1", "a2"])
    answered = [*base.messages, Msg("z", datetime(2030, 1, 1), "partner", "ok", frozenset())]
    out = check(monkeypatch, replace(base, ideas=[lake], messages=answered), "fancy a walk round the lake?")
    assert out["notes"] == [{"text": "This mentions the lake, which the partner has met warmly before (3 of 3 times).",
                             "evidence": ["a1", "a2"]}]
