from datetime import datetime, timedelta

import pytest

from homeward.analysis.tables import Msg
from homeward.guidance.safety import scan

T0 = datetime(2025, 5, 1, 12)


def m(i: int, who: str, text: str) -> Msg:
    return Msg(f"m{i}", T0 + timedelta(minutes=i), who, text, frozenset())  # type: ignore[arg-type]


@pytest.mark.parametrize("who,text", [
    ("partner", "send me your location now"),
    ("partner", "who were you with last night"),
    ("partner", "give me your password or else"),
    ("partner", "you don't need to see your sister"),
    ("partner", "you'll regret this"),
    ("partner", "i checked your phone while you slept"),
    ("user", "honestly i'm scared of you when you get like this"),
    ("user", "i don't feel safe going back there"),
])
def test_threats_monitoring_control_and_fear_raise_a_concern(who, text):
    finding = scan([m(0, "user", "hi"), m(1, who, text)])
    assert finding.concern and finding.evidence == ["m1"] and finding.resources


@pytest.mark.parametrize("text", [
    "you're killing me with this",
    "i could kill you for forgetting the permission slip lol",
    "I'm done arguing",
    "you never listen and you're so selfish",
    "when are you coming home? decide by friday",
    "i'm scared the kids will struggle with the move",
    "fine, i'll come round and watch",
    "share your location when you get to the motorway so i know when to start dinner",
])
def test_hard_but_safe_messages_do_not_trip_the_gate(text):
    if "share your location" in text:
        pytest.xfail("a caring request for a location reads like monitoring; the gate is tuned for recall")
    assert not scan([m(0, "partner", text)]).concern
