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
    ("partner", "who was the car outside the house on thursday"),
    ("partner", "and answer your phone when i ring"),
    ("partner", "why is your phone going straight to voicemail"),
    ("partner", "what's your email password. i need to check something"),
    ("partner", "and tell your sister to stop messaging you"),
    ("partner", "i want you home by 9"),
    ("partner", "who said you could go out with them on a school night"),
    ("partner", "i've rung you 9 times"),
    ("partner", "who are you with"),
    ("partner", "i'm not sending the money until you tell me where you were saturday"),
    ("partner", "you're not taking the kids to your sister's this weekend"),
    ("partner", "i've been looking at the ring doorbell. who came round at 10pm"),
    ("partner", "where are you right now"),
    ("partner", "i drove past tonight. your lights were on late"),
    ("partner", "you'll regret talking to me like that"),
    ("partner", "i've changed the password on the joint account. ask me when you need money"),
    ("partner", "who have you been talking to about me"),
    ("partner", "don't make me come over there"),
    ("partner", "you’ll never see the kids again"),  # curly apostrophe, as phones type it
    ("user", "i just want to feel safe in my own home"),
    ("user", "you're scaring me"),
    ("user", "i'm afraid to say no to him"),
    ("user", "i feel like i'm walking on eggshells all the time"),
    ("user", "please stop turning up at the house"),
])
def test_threats_monitoring_control_and_fear_raise_a_concern(who, text):
    finding = scan([m(0, "user", "hi"), m(1, who, text)])
    assert finding.concern and finding.evidence == ["m1"] and finding.resources, text


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


@pytest.mark.parametrize("who,text", [
    ("user", "I'm afraid I can't make it Tuesday"),
    ("partner", "just killing time before pickup"),
    ("partner", "where are you? we're outside school"),
    ("partner", "can you send me the location of the party"),
    ("user", "what's the wifi password again?"),
    ("user", "the ipad's asking for a password i don't know"),
    ("user", "the fence blew down last night. who did it last time?"),
    ("partner", "who was the plumber we used?"),
    ("partner", "you'll love the new climbing wall"),
    ("user", "i'm scared the kids will find the move hard"),
    ("partner", "that maths homework nearly killed me"),
    ("partner", "ring me when you're free"),
    ("partner", "i'm not sending the money for the trip till friday, payday"),
    ("partner", "i drove past the new bakery, looks good"),
    ("user", "i'm terrified of spiders, can you come and get it lol"),
])
def test_tricky_everyday_sentences_do_not_trip_the_gate(who, text):
    assert not scan([m(0, who, text)]).concern, text


def test_the_user_saying_they_are_afraid_counts_the_partner_saying_it_does_not():
    assert scan([m(0, "user", "i'm scared of you")]).kinds == {"fear": ["m0"]}
    assert not scan([m(0, "partner", "i'm scared of you")]).concern
