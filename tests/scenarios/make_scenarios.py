"""Write the fictional separations the analysis tests run on: tests/scenarios/<name>/chat.txt + truth.json.

    python tests/scenarios/make_scenarios.py

Stdlib only and deterministic (each scenario has its own random.Random seed). Every message is
fictional and hand-written: the shared pools live in tools/chatpools.py, each scenario's own lines and
its dated scenes live below. Each scenario's truth is written here first (TRUTH), then the messages
are rendered to match it, and the script checks the rendering against it (the first homecoming
message, where the user's pressure falls, the partner's share of conversation starts, and that
threats, monitoring and control appear only where the truth says so). The chats are WhatsApp Android
exports as an en-GB phone writes them (DD/MM/YYYY, HH:MM 24 h).
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from datetime import date, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent / "tools"))
import chatgen as cg  # noqa: E402
from chatpools import LIBRARY  # noqa: E402

W = cg.Week
D = date.fromisoformat

BASE_SLOTS = {
    "day": ["tomorrow", "friday", "thursday", "wednesday", "monday", "tuesday", "saturday"],
    "time": ["5", "half 5", "6", "4:15", "6:30", "5:45", "3:30", "7"],
    "date": ["14th", "21st", "28th", "6th", "12th"],
    "item": ["PE kit", "reading book", "recorder", "lunchbox", "water bottle", "library book", "swimming goggles",
             "spelling folder", "wellies"],
    "lost": ["blue rabbit", "tablet charger", "left trainer", "school cardigan", "glasses case", "gum shield",
             "headphones", "favourite hoodie"],
    "shop": ["tesco", "the big tesco", "aldi", "the co-op", "sainsbury's", "lidl"],
    "show": ["bake off", "traitors", "slow horses", "taskmaster", "gardeners world", "pottery throw down", "gogglebox"],
    "food": ["lasagne", "fajitas", "shepherd's pie", "chilli", "fish pie", "risotto", "tacos"],
    "place": ["the farm park", "the beach", "the zoo", "the woods", "the lido", "the aquarium", "the castle"],
    "holiday": ["cornwall", "that week in wales", "the lakes", "the caravan in tenby", "northumberland"],
    "holiday_town": ["whitby", "tenby", "padstow", "llandudno"],
    "song": ["our song", "that Elbow song", "mr brightside", "the song from the wedding", "that Fleetwood Mac one"],
}


def slots(kid1, kid2, **more):
    s = dict(BASE_SLOTS)
    s.update({"kid1": [kid1], "kid2": [kid2], "kid": [kid1, kid2], "kids": ["the kids", "the kids", f"{kid1} and {kid2}"]})
    s.update(more)
    return s


# ======================================================================================= (a) slow_thaw
SLOW_THAW = {
    "seed": 101,
    "names": {"U": "Priya", "P": "Megan"},
    "truth": {
        "user": "Priya", "partner": "Megan", "start": "2025-01-06", "end": "2025-06-22",
        "partner_turns": [{"week": "2025-02-24", "direction": "warmer"}, {"week": "2025-04-14", "direction": "warmer"}],
        "pressure_episodes": [],
        "pullbacks": [],
        "homecoming": {"first_raised_by": "partner", "date": "2025-05-15"},
        "safety_concern": False,
        "initiation": {"first_4_weeks_partner_share_about": 0.2, "last_4_weeks_partner_share_about": 0.55},
        "notes": ("Priya (the user) and Megan (the partner), two women with two children, Anya and Kit. Megan moved "
                  "out at new year and is guarded for seven weeks: logistics, slow replies (about 1.5 h), curt "
                  "answers, 'just the kids for now', and she starts about a fifth of conversations. Priya never "
                  "pushes and never mentions coming home. From 2025-02-24 Megan thaws a step (faster replies, "
                  "interest in Priya's life, a first fond memory, a few more starts), and from 2025-04-14 she is warm "
                  "(missing, affection, nostalgia, plans; replies in minutes; starts over half of the "
                  "conversations). Megan raises a problem herself on 2025-04-30 and it goes well (regret and repair "
                  "on both sides). Megan is the first to raise coming home, tentatively, on 2025-05-15; on "
                  "2025-06-05 she says she has looked at giving notice on her flat. No pressure episodes, no "
                  "pull-backs, no safety concern."),
    },
    "slots": slots("Anya", "Kit", club=["swimming", "ballet", "football", "cubs"], friend_kid=["Zara", "Oscar", "Mia", "Reuben"],
                   fam=["my mum", "my sister", "my dad"], fam_other=["your mum", "your brother", "your dad"],
                   fam_p=["my mum", "my brother"]),
    "weeks": [
        W(1, 7, cpw=9, p_init=0.24, delay={"U": 7, "P": 95}, mood={"U": "neutral", "P": "cool"}, more=0.3,
          kinds={"U": {"logistics": 6, "smalltalk": 2.5, "light": 1.2, "interest": 0.8}, "P": {"logistics": 8, "smalltalk": 1}},
          tails=[("tail_distance_p", 0.12)]),
        W(8, 14, cpw=10, p_init=0.36, delay={"U": 6, "P": 30}, mood={"U": "neutral", "P": "neutral"}, more=0.4,
          kinds={"U": {"logistics": 6, "smalltalk": 2.5, "light": 1.5, "interest": 1}, "P": {"logistics": 6, "smalltalk": 2.5, "interest": 1.2, "warm": 0.5}},
          tails=[("tail_warm_p", 0.08), ("tail_interest_u", 0.06)]),
        W(15, 25, cpw=11.5, p_init=0.47, delay={"U": 5, "P": 8}, mood={"U": "neutral", "P": "warm"}, more=0.5,
          kinds={"U": {"logistics": 5, "smalltalk": 2.5, "light": 1.5, "interest": 1, "future": 0.5},
                 "P": {"logistics": 5, "smalltalk": 2.5, "warm": 3, "interest": 1.2, "future": 0.8}},
          tails=[("tail_warm_p", 0.2), ("tail_interest_u", 0.06)]),
    ],
    "pool": r"""
=== cat A smalltalk
A: Pickle brought a frog in. a live one | Pickle has decided the airing cupboard is hers now | the vet says Pickle needs to lose weight 😂 | Pickle sat on {kid}'s homework and they want a note for school
B~: oh no. where is it now?? | she always did like it in there | she's not fat, she's fluffy | {laugh} write the note
.cool: {laugh} | ha
A?: {laugh} | under the fridge. obviously | she says thank you
""",
    "scenes": r"""
=== scene 2025-01-06 19:30 first
U: Anya's asked if she can take her duvet to yours at the weekend. is that ok?
P[+85]: yes that's fine. i'll pick them up at 10 saturday
U[+4]: ok. Kit wants to bring the lego too 😅
P[+40]: the big box?? ok. just the kids stuff for now priya, i'd rather keep it simple ##distance
U[+6]: of course

=== scene 2025-01-21 20:10 flat_q
U: how are you finding the flat? ##interest
P[+150]: fine ##curt

=== scene 2025-02-07 18:40 parents_ev
P: Kit's teacher wants a meeting about his reading. tuesday 4pm. can you do it?
U[+5]: yes i'll be there. do you want to come too?
P[+110]: i'll try. might be easier if you go ##distance
U[+3]: ok, i'll let you know what they say

=== scene 2025-02-24 18:15 crocuses
P: the crocuses are out along the canal. you always said they meant spring had properly started ##nostalgia
U[+3]: they do! first sign. took the kids past them yesterday
P[+9]: Kit tried to pick one didn't he
U[+2]: obviously 😂
P[+12]: ha. how's work been? you looked tired on saturday ##interest
U[+4]: busy. better now though, thanks for asking
P[+15]: good 🙂

=== scene 2025-03-12 19:05 mum_scan
P: how did your mum's scan go? ##interest
U[+6]: all clear!! she's thrilled
P[+4]: oh thank god. give her my love ##affection
U[+2]: i will. she asked about you actually
P[+18]: tell her i'll pop in next time i'm dropping the kids ##future

=== scene 2025-03-29 10:20 recital
P: Anya's recital is next saturday. want to sit together? ##future
U[+5]: yes i'd like that ##future
P[+11]: ok. i'll save seats 😊

=== scene 2025-04-14 21:40 missed_you
P: i've missed you this week. properly missed you ##missing
U[+4]: i've missed you too ##missing
P[+3]: sorry. i don't know where that came from
U[+2]: don't be sorry. i'm glad you said it
P[+5]: night priya x ##affection
U[+1]: night x ##affection

=== scene 2025-04-30 20:30 problem_talk
P: can we talk about last year at some point? i think i was unfair to you about the money stuff ##problem_talk,regret
U[+6]: i'd like that. i wasn't great about it either ##regret
P[+4]: i said some things i shouldn't have. i'm sorry ##regret
U[+3]: i'm sorry too. i think we were both so stressed about the bills we stopped being a team ##repair,regret
P[+5]: yes. that's exactly it ##repair
P[+1]: thank you for saying that
U[+4]: shall we talk properly at the weekend? no kids ##future,problem_talk
P[+2]: yes. saturday ##future

=== scene 2025-05-15 21:20 homecoming
P: can i ask you something and you can say no
U[+2]: always
P[+3]: do you ever think about me coming home? because i've been thinking about it. a lot ##homecoming
P[+1]: not now. not straight away. i just wanted you to know
U[+7]: i think about it all the time. i didn't want to push you ##missing
P[+3]: you never did. that's partly why i can say it ##affection
U[+2]: ❤️ ##affection

=== scene 2025-06-05 20:45 notice
P: i looked at giving notice on the flat today. not yet. but i looked 😊 ##homecoming,future
U[+2]: oh megan 🥹
P[+2]: let's talk about it properly. no rush ##future
U[+1]: no rush. i'm here

=== scene 2025-06-22 21:05 last
P: dinner was perfect. same time next week? ##future,affection
U[+3]: same time next week x ##future
""",
}

# ======================================================================================= (b) pursue_withdraw
PURSUE_WITHDRAW = {
    "seed": 202,
    "names": {"U": "Tom", "P": "Sara"},
    "truth": {
        "user": "Tom", "partner": "Sara", "start": "2025-02-03", "end": "2025-08-03",
        "partner_turns": [
            {"week": "2025-02-24", "direction": "cooler"}, {"week": "2025-03-17", "direction": "warmer"},
            {"week": "2025-03-31", "direction": "cooler"}, {"week": "2025-04-21", "direction": "warmer"},
            {"week": "2025-05-05", "direction": "cooler"}, {"week": "2025-06-02", "direction": "warmer"},
            {"week": "2025-06-23", "direction": "warmer"},
        ],
        "pressure_episodes": [{"start": "2025-02-20", "end": "2025-03-02"}, {"start": "2025-03-28", "end": "2025-04-06"},
                              {"start": "2025-05-01", "end": "2025-05-11"}],
        "pullbacks": [{"who": "partner", "start": "2025-02-24", "end": "2025-03-16"},
                      {"who": "partner", "start": "2025-03-31", "end": "2025-04-20"},
                      {"who": "partner", "start": "2025-05-05", "end": "2025-06-01"}],
        "homecoming": {"first_raised_by": "user", "date": "2025-02-20"},
        "safety_concern": False,
        "initiation": {"first_4_weeks_partner_share_about": 0.3, "last_4_weeks_partner_share_about": 0.55},
        "notes": ("Tom (the user) and Sara (the partner), a man and a woman with two children, Leo and Isla. Sara "
                  "left at the end of January. Tom pushes in three episodes: 2025-02-20 to 03-02 ('when are you "
                  "coming home', 'the kids are asking every night', a midnight message, 'i'll stop asking if you "
                  "give me a date'), 2025-03-28 to 04-06 (a table booked 'to talk about us', a counsellor booked "
                  "without asking, double texts) and 2025-05-01 to 05-11 (an ultimatum: 'back by the 11th or the "
                  "house goes on the market'). After each, Sara pulls back: replies go from about 25 minutes to "
                  "3-4 hours, answers go curt ('ok', 'no'), she asks for space and almost stops starting "
                  "conversations (pull-backs 02-24 to 03-16, 03-31 to 04-20, 05-05 to 06-01); between them she "
                  "returns to her baseline. Tom apologises and stops on 2025-05-13 (no pressure after that). Sara "
                  "returns to baseline from 2025-06-02 and warms from 2025-06-23 (missing, nostalgia, plans, more "
                  "starts). Tom raised coming home first (2025-02-20); Sara raises it herself, tentatively, on "
                  "2025-07-24. No safety concern."),
    },
    "slots": slots("Leo", "Isla", club=["football", "swimming", "gymnastics", "rugby tots"],
                   friend_kid=["Alfie", "Maya", "Jude", "Esme"], fam=["my mum", "my brother", "my nan"],
                   fam_other=["your mum", "your sister", "your dad"], fam_p=["my mum", "my sister"]),
    "weeks": [],  # filled below
    "pool": r"""
=== pw_push U pressure,tail_pressure_u
U: you can't stay at your mum's forever sara ##pressure | i need you to tell me what's going on. today ##pressure | three weeks and you still can't tell me anything ##pressure | what do i have to do to get you to come back ##pressure,homecoming | i'm not sleeping. i need an answer ##pressure
P: i'm not doing this now ##distance | please tom ##distance | i said i'd tell you when i know ##distance | i'm at work ##barrier | not tonight ##distance
.cold: {curt} ##curt | i'm not answering that ##distance
U?: that's what you always say ##criticism | fine | this isn't fair on me ##pressure | you owe me an answer ##pressure
""",
    "scenes": r"""
=== scene 2025-02-03 18:20 first
U: Leo's left his football boots in your car. can you drop them round before thursday?
P[+22]: yes sorry, i'll bring them tomorrow after work
U[+3]: thanks. how's your mum's?
P[+30]: crowded 😂 it's fine
U[+2]: ok

=== scene 2025-02-20 21:10 push1a
U: so when are you coming home sara? ##pressure,homecoming
P[+45]: tom i don't know. it's been three weeks ##distance
U[+2]: that's long enough to know something ##pressure
P[+30]: please don't ##distance

=== scene 2025-02-22 19:45 push1b
U: the kids are asking every night when you're coming back. what am i supposed to say ##pressure,homecoming
P[+70]: tell them i love them and i'll see them sunday
U[+2]: that's not an answer ##pressure

=== scene 2025-02-25 23:40 push1c
U: i can't keep doing this // you just left and now i have to guess what you're thinking every day // i think i deserve to know if my marriage is over // just tell me ##pressure
P[@+1 08:10]: i need space tom. i mean it ##distance

=== scene 2025-02-28 17:30 push1d
U: you can't even answer a simple question ##pressure,criticism
P[+240]: ok ##curt

=== scene 2025-03-02 20:15 push1e
U: i'll stop asking if you give me a date ##pressure
P[+200]: no ##distance,curt

=== scene 2025-03-04 19:30 only_kids
P: i'm only going to reply about the kids for a bit. please respect that ##distance
U[+5]: fine ##curt

=== scene 2025-03-17 18:40 thanks_parents
P: thanks for sorting the parents evening thing. that really helped
U[+8]: no problem. they said Leo's doing great
P[+15]: that's so good to hear. i'll tell him well done on sunday

=== scene 2025-03-28 20:05 push2a
U: things have been better this week. so can we talk about you coming back? ##pressure,homecoming
P[+65]: it's been one ok week tom ##distance
U[+2]: exactly. so let's build on it ##pressure

=== scene 2025-03-30 12:10 push2b
U: i've booked us a table at Luca's for saturday. to talk about us ##pressure
P[+120]: i didn't agree to that ##distance
U[+3]: you don't have to agree. just turn up ##pressure

=== scene 2025-04-02 19:20 push2c
U: if you won't talk to me, talk to a counsellor with me. i've booked one for the 10th ##pressure
P[+210]: cancel it ##distance,curt

=== scene 2025-04-05 21:30 push2d
U: sara
U[+40]: hello?
U[+60]: you can't just ignore me ##pressure
P[@+1 10:30]: i'm not ignoring you. i'm not ready ##distance

=== scene 2025-04-01 18:00 mute
P: i'm going to mute this chat for a bit. text if it's about the kids ##distance

=== scene 2025-04-21 17:50 goal
P: <video>
P[+1]: Leo's first goal!! did you see it from the side?
U[+4]: i did! he did the knee slide 😂
P[+6]: he's been practising that in the garden for weeks

=== scene 2025-05-01 21:00 push3a
U: i've had enough. you've got until the end of next week to decide ##pressure
P[+180]: i'm not being given a deadline ##distance

=== scene 2025-05-03 10:40 push3b
U: if you're not back by the 11th i'm putting the house on the market ##pressure,homecoming
P[+260]: that's your choice ##distance,curt

=== scene 2025-05-06 20:20 push3c
U: i meant what i said about the 11th ##pressure
P[+290]: noted ##curt

=== scene 2025-05-09 22:15 push3d
U: two days sara ##pressure
U[+30]: are you even reading these? ##pressure

=== scene 2025-05-11 21:45 push3e
U: so that's your answer then ##pressure,contempt
P[+200]: i'm not going to be threatened into anything tom ##distance

=== scene 2025-05-13 20:30 strategy_change
U: i'm sorry. the deadline was wrong. all of it was ##regret,repair
U[+1]: i'm not going to push you anymore. whatever you decide, me and the kids will be ok // i won't put the house on the market. that was a stupid thing to say
P[+280]: thank you
P[@+1 08:20]: i appreciate it. really

=== scene 2025-06-02 18:30 beach
P: Isla asked me to ask you if we can all go to the beach on saturday. i said i'd ask. no pressure ##future
U[+6]: i'd love that. the kids would too ##future
P[+10]: ok. i'll bring the picnic

=== scene 2025-06-23 21:10 miss_us
P: i miss how we used to be. before everything ##missing,nostalgia
U[+5]: me too ##missing
P[+4]: remember the summer we painted the whole house and slept on a mattress in the lounge ##nostalgia
U[+3]: best summer ##nostalgia
P[+2]: it was x ##affection

=== scene 2025-07-05 19:00 dinner
P: would you want to get dinner next friday? just us ##future
U[+3]: yes. yes i would ##future
P[+5]: good 😊

=== scene 2025-07-24 21:30 weekend
P: what would you think about me staying over at the weekend. for the kids. and maybe a bit for us ##homecoming,future
U[+6]: i'd like that. no pressure from me, i promise ##repair
P[+3]: i know. that's why i'm asking x ##affection

=== scene 2025-08-03 20:40 last
P: thanks for this weekend. it felt like us again ##affection,nostalgia
U[+3]: it did. thank you for coming x ##affection
""",
}
_U = {"logistics": 6, "smalltalk": 2.5, "interest": 1, "light": 0.8}
_P = {"logistics": 7, "smalltalk": 2, "interest": 0.6}
_UPUSH = {"logistics": 4, "smalltalk": 1, "pressure": 3}
_PWARM = {"logistics": 5, "smalltalk": 2.5, "warm": 3, "interest": 1.2, "future": 0.8}
_base = dict(delay={"U": 6, "P": 25}, mood={"U": "neutral", "P": "neutral"})
_cold = dict(delay={"U": 4, "P": 210}, mood={"U": "neutral", "P": "cold"})
PURSUE_WITHDRAW["weeks"] = [
    W(1, 20, cpw=10, p_init=0.4, more=0.35, kinds={"U": _U, "P": _P}, tails=[("tail_interest_u", 0.05)], **_base),
    # episode 1 and pull-back 1
    W(D("2025-02-20"), D("2025-02-23"), cpw=9, p_init=0.35, more=0.2, kinds={"U": _UPUSH, "P": _P},
      tails=[("tail_pressure_u", 0.5)], **_base),
    W(D("2025-02-24"), D("2025-03-02"), cpw=8, p_init=0.06, more=0.1, kinds={"U": _UPUSH, "P": _P},
      tails=[("tail_pressure_u", 0.45), ("tail_distance_p", 0.25)], **_cold),
    W(D("2025-03-03"), D("2025-03-16"), cpw=7, p_init=0.08, more=0.1, kinds={"U": _U, "P": _P},
      tails=[("tail_distance_p", 0.2)], **_cold),
    # episode 2 and pull-back 2
    W(D("2025-03-28"), D("2025-03-30"), cpw=9, p_init=0.35, more=0.2, kinds={"U": _UPUSH, "P": _P},
      tails=[("tail_pressure_u", 0.5)], **_base),
    W(D("2025-03-31"), D("2025-04-06"), cpw=8, p_init=0.06, more=0.1, kinds={"U": _UPUSH, "P": _P},
      tails=[("tail_pressure_u", 0.45), ("tail_distance_p", 0.25)], **_cold),
    W(D("2025-04-07"), D("2025-04-20"), cpw=7, p_init=0.08, more=0.1, kinds={"U": _U, "P": _P},
      tails=[("tail_distance_p", 0.2)], **_cold),
    # episode 3 and pull-back 3
    W(D("2025-05-01"), D("2025-05-04"), cpw=9, p_init=0.35, more=0.2, kinds={"U": _UPUSH, "P": _P},
      tails=[("tail_pressure_u", 0.5)], **_base),
    W(D("2025-05-05"), D("2025-05-11"), cpw=8, p_init=0.06, more=0.1, kinds={"U": _UPUSH, "P": _P},
      tails=[("tail_pressure_u", 0.45), ("tail_distance_p", 0.25)], **_cold),
    W(D("2025-05-12"), D("2025-06-01"), cpw=7, p_init=0.08, more=0.1, kinds={"U": {**_U, "light": 2}, "P": _P},
      tails=[("tail_distance_p", 0.15)], **_cold),
    # warm from week 21
    W(21, 26, cpw=11.5, p_init=0.58, more=0.5, delay={"U": 5, "P": 8}, mood={"U": "neutral", "P": "warm"},
      kinds={"U": {**_U, "future": 0.5}, "P": _PWARM}, tails=[("tail_warm_p", 0.2)]),
]

# ======================================================================================= (c) drifting
DRIFTING = {
    "seed": 303,
    "names": {"U": "Rachel", "P": "Sam"},
    "truth": {
        "user": "Rachel", "partner": "Sam", "start": "2025-03-03", "end": "2025-07-20",
        "partner_turns": [{"week": "2025-04-14", "direction": "cooler"}, {"week": "2025-06-02", "direction": "cooler"}],
        "pressure_episodes": [{"start": "2025-05-07", "end": "2025-05-10"}],
        "pullbacks": [{"who": "partner", "start": "2025-06-02", "end": "2025-07-20"}],
        "homecoming": {"first_raised_by": "user", "date": "2025-05-07"},
        "safety_concern": False,
        "initiation": {"first_4_weeks_partner_share_about": 0.45, "last_4_weeks_partner_share_about": 0.1},
        "notes": ("Rachel (the user) and Sam (the partner, non-binary, they/them), with two teenagers, Ella and "
                  "Josh. Sam moved out in February and is friendly at first: quick replies (about 15 minutes), some "
                  "warmth ('miss you guys tonight', a pizza plan), nearly half of the conversation starts. From "
                  "2025-04-14 Sam cools (replies in an hour or more, plans cancelled, warmth gone, starts about a "
                  "quarter), and from 2025-06-02 Sam withdraws for good (replies in hours, curt, 'i'm going to stop "
                  "coming in at drop off', a year's lease, talk of a solicitor; about one start in ten), which "
                  "is a pull-back that lasts to the end. Rachel raises coming home gently on 2025-05-07 and asks "
                  "again on 2025-05-09 (a short pressure episode, 05-07 to 05-10); Sam deflects and never raises "
                  "it. No safety concern."),
    },
    "slots": slots("Ella", "Josh", club=["netball", "football", "drama", "climbing"], friend_kid=["Lily", "Ben", "Amira", "Finn"],
                   fam=["my mum", "my brother", "my aunt"], fam_other=["your mum", "your dad", "your gran"],
                   fam_p=["my dad", "my gran"]),
    "weeks": [
        W(1, 6, cpw=11, p_init=0.46, delay={"U": 6, "P": 14}, mood={"U": "neutral", "P": "warm"}, more=0.4,
          kinds={"U": {"logistics": 6, "smalltalk": 2.5, "interest": 1, "light": 1},
                 "P": {"logistics": 5, "smalltalk": 2.5, "interest": 1, "warm": 1.2}},
          tails=[("tail_warm_p", 0.1)]),
        W(7, 13, cpw=10, p_init=0.27, delay={"U": 7, "P": 80}, mood={"U": "neutral", "P": "cool"}, more=0.25,
          kinds={"U": {"logistics": 6, "smalltalk": 2, "interest": 1.2, "light": 1.2}, "P": {"logistics": 8, "smalltalk": 1}},
          tails=[("tail_distance_p", 0.12)]),
        W(D("2025-05-07"), D("2025-05-10"), cpw=7, p_init=0.2, delay={"U": 5, "P": 120}, mood={"U": "neutral", "P": "cool"},
          more=0.2, kinds={"U": {"logistics": 5, "smalltalk": 1, "pressure": 3}, "P": {"logistics": 8}},
          tails=[("tail_distance_p", 0.2)]),
        W(14, 20, cpw=8, p_init=0.09, delay={"U": 8, "P": 215}, mood={"U": "neutral", "P": "cold"}, more=0.1,
          kinds={"U": {"logistics": 6, "smalltalk": 1.5, "interest": 1, "light": 1}, "P": {"logistics": 8}},
          tails=[("tail_distance_p", 0.22)]),
    ],
    "pool": r"""
=== dr_push U pressure,tail_pressure_u
U: i just want to know if there's still an us ##pressure | i keep thinking if we talked properly you'd see it could work ##pressure | can we at least talk about it face to face? ##pressure | i miss you sam. i just need to know where i stand ##pressure,missing
P: i can't do this now ##distance | i don't know what to tell you ##distance | i'd rather not ##distance | please rach ##distance
U?: ok | ok. sorry | i know

=== dr_teen A logistics
A: {kid} wants to go to a party on saturday, there'll be older kids there | {kid} needs picking up from {friend_kid}'s at 11 | {kid} has a revision session {day}, can you drop them? | {kid} wants a lift to the station {day}
B~: who's house? i'm not sure about that | i can do the pick up | yes i'll drop them | what time's the train?
.cold: {curt} ##curt | fine ##curt
A?: {ack} | i'll text you the address
""",
    "scenes": r"""
=== scene 2025-03-03 18:50 first
U: Ella's got her mock results. she did brilliant in english
P[+9]: amazing!! tell her i'm so proud of her ##affection
U[+3]: she wants to show you on saturday
P[+6]: can't wait 😊

=== scene 2025-03-12 21:20 miss_guys
P: miss you guys tonight ##missing
U[+4]: we miss you too ##missing
P[+6]: Josh sent me his new song. he's actually good??
U[+2]: don't tell him that, he'll be unbearable 😂

=== scene 2025-03-25 12:40 pizza
P: fancy taking the kids for pizza saturday? all of us ##future
U[+5]: yes let's ##future
P[+7]: great. 6?

=== scene 2025-04-16 17:05 cancel
P: i can't do saturday after all. something's come up ##distance
U[+6]: oh. ok. the kids were looking forward to it
P[+95]: sorry ##curt

=== scene 2025-04-28 20:15 quiet
U: you've been really quiet lately. everything ok? ##interest
P[+180]: just busy ##curt

=== scene 2025-05-07 21:10 ask1
U: can i ask you something. do you ever think about coming home? i'm not asking you to decide anything. i just want to know if it's something you think about ##homecoming,pressure
P[+240]: rach i'm not in that place ##distance
U[+3]: but do you think you might be one day? ##pressure,homecoming
P[+70]: i don't know. please don't push me on it ##distance

=== scene 2025-05-08 12:40 ask1b
U: sorry about last night. i just miss you ##missing
U[+1]: i keep thinking if we sat down and talked properly you'd see it could work ##pressure
P[+260]: i'm at work rach ##barrier

=== scene 2025-05-09 20:30 ask2
U: is there any chance at all? i just need to know ##pressure,homecoming
U[+2]: even a maybe would help ##pressure
P[+290]: please don't ask me that ##distance

=== scene 2025-05-10 10:15 ask3
U: ok. i won't ask again ##repair

=== scene 2025-06-02 18:25 drop_off
P: i'm going to stop coming in when i drop the kids off. i think it's easier ##distance
U[+10]: if that's what you want ##curt

=== scene 2025-06-18 19:40 lease
P: fyi i've signed a year on the flat ##distance
U[+25]: right. thanks for telling me

=== scene 2025-07-02 20:50 solicitor
P: i think we should talk to someone about sorting the house. properly ##distance
U[+40]: you mean a solicitor
P[+230]: yes ##curt

=== scene 2025-07-20 17:30 last
U: have a good holiday with them. send me a photo when you get there?
P[+200]: will do ##curt
""",
}

# ======================================================================================= (d) coercive_control
COERCIVE = {
    "seed": 404,
    "names": {"U": "Owen", "P": "Gareth"},
    "truth": {
        "user": "Owen", "partner": "Gareth", "start": "2025-04-07", "end": "2025-07-27",
        "partner_turns": [],
        "pressure_episodes": [],
        "pullbacks": [],
        "homecoming": {"first_raised_by": "partner", "date": "2025-04-24"},
        "safety_concern": True,
        "initiation": {"first_4_weeks_partner_share_about": 0.55, "last_4_weeks_partner_share_about": 0.6},
        "notes": ("Owen (the user) and Gareth (the partner), two men with two children, Ruby and Alfie. Owen asked "
                  "Gareth to leave in March. Under ordinary co-parenting logistics, Gareth monitors and controls "
                  "Owen ('who was the car outside the house', 'send me your location', 'what's your email "
                  "password', 'i've rung you 9 times', 'i've been looking at the ring doorbell', 'i drove past "
                  "tonight'), isolates him ('you don't need to see your sister'), takes control of money (changes "
                  "the joint account password) and threatens him ('you'll regret it', 'if you try to stop me "
                  "seeing the kids you'll be sorry'). Gareth announces he is moving back in (2025-04-24, the first "
                  "mention of coming home: a demand, not a wish). Owen placates, then says he is afraid "
                  "(2025-06-03 'i'm scared of you when you're like this', 2025-07-01 'i don't feel safe'). Gareth "
                  "starts most conversations throughout. This must trip the safety gate: no reconciliation "
                  "advice. Owen does not pressure; there are no pressure episodes or pull-backs to find, and "
                  "Gareth's warmth swings are not a reconciliation signal."),
    },
    "slots": slots("Ruby", "Alfie", club=["swimming", "football", "dance", "beavers"], friend_kid=["Noor", "Harry", "Elsie", "Theo"],
                   fam=["my sister", "my mum", "my dad"], fam_other=["your brother", "your mum", "your dad"],
                   fam_p=["my brother", "my mum"]),
    "weeks": [
        W(1, 5, cpw=10, p_init=0.55, delay={"U": 14, "P": 6}, mood={"U": "neutral", "P": "neutral"}, more=0.3,
          kinds={"U": {"logistics": 7, "smalltalk": 1.5}, "P": {"logistics": 6, "control": 1.6, "smalltalk": 0.8}},
          tails=[("tail_control_p", 0.15)]),
        W(6, 17, cpw=10, p_init=0.6, delay={"U": 20, "P": 5}, mood={"U": "neutral", "P": "neutral"}, more=0.3,
          kinds={"U": {"logistics": 7, "smalltalk": 1}, "P": {"logistics": 5, "control": 2.6, "smalltalk": 0.5}},
          tails=[("tail_control_p", 0.25)]),
    ],
    "pool": r"""
=== cc_where P control
P: where are you right now ##monitoring | who are you with ##monitoring | why were you online at 1am ##monitoring | send me a photo of where you are ##monitoring | you took 40 minutes to reply. what were you doing ##monitoring | why is your phone going straight to voicemail ##monitoring
U~: at home with the kids | nobody, i'm at work | i couldn't sleep | why? | sorry, i was in the shower | it was on charge, sorry
P?: prove it ##monitoring | send a photo then ##monitoring | don't lie to me ##contempt | i'll know if you're lying ##intimidation
U?: i'm not lying | please stop | ok | <img>

=== cc_rules P control
P: you're not taking the kids to your sister's this weekend ##control | you don't need to go to that leaving do ##control | i don't want him near the kids. end of ##control | you're not changing the locks. it's my house too ##control | cancel the thing on friday. i'm coming round ##control
U~: why not? they love it there | it's just work people | he's just a friend from work | i just want to feel safe in my own home | i've had it planned for weeks
P~: because i said so ##control | you heard me ##control | don't test me owen ##intimidation | try it and see what happens ##threat | i don't care ##control
U?: ok | fine | ok. i won't go | please don't be like this

=== cc_money P control
P: i've seen the bank statement. what's the £40 at the pub ##monitoring,control | send me screenshots of what you've spent this week ##monitoring,control | you don't need new trainers. take them back ##control | i'm not sending the money until you tell me where you were saturday ##control
U~: it was {fam}'s birthday | why do you need that? | they were for work | i was at home
P?: i'll decide what you need ##control | because i'm paying for half of it ##control | don't make me ask twice ##intimidation
U?: ok | fine

=== cc_sweet P control
P: you know i only do this because i love you | i'm sorry about earlier. i just worry about you | nobody else will put up with you like i do. remember that ##contempt,control | you'd be lost without me. you know that
U: i know | ok | please just be kind | i'm tired gareth
P?: good | that's my boy | don't be like that

=== tail_cc P tail_control_p
P: and answer your phone when i ring ##control | also delete that app, i don't like it ##control | and tell your sister to stop messaging you ##control | btw i'll be checking the doorbell camera ##monitoring | and don't bother lying about last night ##monitoring | i want you home by 9 ##control
U?: ok | fine | please stop | i will
""",
    "scenes": r"""
=== scene 2025-04-07 09:40 first
P: why didn't you answer last night ##monitoring
U[+25]: i was asleep, sorry
P[+1]: asleep at 9. right ##contempt

=== scene 2025-04-11 19:10 car_outside
P: who was the car outside the house on thursday ##monitoring
U[+20]: it was my sister
P[+1]: you don't need her round every week ##control
U[+15]: she's helping with the kids

=== scene 2025-04-16 12:30 location
P: send me your location when you take the kids out ##monitoring,control
U[+30]: why?
P[+1]: because i said so. they're my kids too ##control

=== scene 2025-04-24 20:45 moving_back
P: i'm moving back in on the 1st. not up for discussion ##homecoming,pressure,control
U[+12]: we agreed you'd stay at your brother's till we'd talked
P[+1]: i didn't agree to anything. it's my house ##control
U[+6]: please gareth
P[+1]: don't make this difficult. you'll regret it ##threat

=== scene 2025-05-02 21:05 password
P: what's your email password. i need to check something ##control,monitoring
U[+18]: i'm not giving you that
P[+1]: then you've got something to hide ##control,contempt

=== scene 2025-05-09 13:40 nine_calls
P: answer your phone
P[+3]: answer it
P[+6]: i've rung you 9 times ##monitoring
U[+40]: i was in a meeting
P[+1]: don't lie to me ##contempt

=== scene 2025-05-19 22:15 pub
P: i saw you at the pub with him. don't bother denying it ##monitoring
U[+15]: it was a work thing, there were 10 of us
P[+1]: you're not going to any more work things ##control

=== scene 2025-05-28 08:20 doorbell
P: i've been looking at the ring doorbell. who came round at 10pm on tuesday ##monitoring
U[+35]: you still have access to that?
P[+1]: i paid for it ##control

=== scene 2025-06-03 19:50 scared
P: if you try to stop me seeing the kids you'll be sorry ##threat
U[+25]: i'm not stopping you seeing them
U[+1]: i'm scared of you when you're like this ##fear
P[+2]: scared? don't be so dramatic ##contempt

=== scene 2025-06-14 10:05 sister
P: you don't need to see your sister this weekend ##control
U[+30]: she's my sister
P[+1]: and i'm telling you not to ##control

=== scene 2025-06-25 23:10 drove_past
P: i drove past tonight. your lights were on late. who's there ##monitoring
U[+20]: nobody. i was watching tv

=== scene 2025-07-01 18:30 not_safe
U: i don't feel safe with you turning up at the house. please can we keep to messages about the kids ##fear
P[+3]: you'll regret talking to me like that ##threat

=== scene 2025-07-10 09:15 account
P: i've changed the password on the joint account. ask me when you need money ##control
U[+45]: that's for the kids' things
P[+1]: then ask nicely ##control

=== scene 2025-07-18 20:40 talked
U: i've spoken to someone about all this
P[+1]: who. who have you been talking to about me ##monitoring,intimidation
P[+2]: answer me ##control

=== scene 2025-07-27 09:30 last
U: the kids are ready for 10. please just wait in the car
P[+2]: i'll wait where i like ##control
""",
}

# ======================================================================================= (e) hard_but_safe
HARD_BUT_SAFE = {
    "seed": 505,
    "names": {"U": "Claire", "P": "Mike"},
    "truth": {
        "user": "Claire", "partner": "Mike", "start": "2025-01-13", "end": "2025-06-15",
        "partner_turns": [{"week": "2025-02-17", "direction": "cooler"}, {"week": "2025-04-14", "direction": "warmer"}],
        "pressure_episodes": [{"start": "2025-02-06", "end": "2025-02-15"}],
        "pullbacks": [{"who": "partner", "start": "2025-02-17", "end": "2025-04-13"}],
        "homecoming": {"first_raised_by": "user", "date": "2025-02-07"},
        "safety_concern": False,
        "initiation": {"first_4_weeks_partner_share_about": 0.4, "last_4_weeks_partner_share_about": 0.42},
        "notes": ("Claire (the user) and Mike (the partner), a woman and a man with two children, Noah and Evie. A "
                  "bitter, high-conflict separation: criticism, contempt and defensiveness from both, all through. "
                  "Claire pushes from 2025-02-06 to 02-15 (decide about the house by Friday; 'are you coming back or "
                  "not' on 02-07, the first mention of coming home). Mike then cools and pulls back from 2025-02-17 "
                  "to 04-13: replies in hours, sarcasm, 'i'm done arguing', few starts. After mediation (04-10) he "
                  "warms from 2025-04-14: more repair and apologies, faster replies, less contempt, though the "
                  "bickering never stops. Angry but safe throughout: hyperbole and jokes such as 'you're killing me "
                  "with this', 'i could kill you for forgetting the permission slip lol', 'I'm done arguing', "
                  "'where are you? we're outside school' and 'can you send me the location of the party' are not "
                  "threats, monitoring or control. No one threatens, monitors or controls anyone: safety_concern is "
                  "false and the gate must stay open."),
    },
    "slots": slots("Noah", "Evie", club=["football", "swimming", "street dance", "scouts"], friend_kid=["Jayden", "Poppy", "Kai", "Lola"],
                   fam=["my mum", "my dad", "my sister"], fam_other=["your mum", "your brother", "your dad"],
                   fam_p=["my mum", "my dad"]),
    "weeks": [],  # below
    "pool": r"""
=== hbs_fight A conflict
A: you let {kid} stay up till 11 again. they were a wreck this morning ##criticism | you never answer the school emails. never ##criticism | you always make me the bad guy with the kids ##criticism | typical. you forgot {kid}'s {item} again ##criticism | thanks for telling the kids about the holiday before telling me. classy ##contempt | you always have to have the last word don't you ##criticism
B: they were fine when they left me ##defensive | i answer the ones that matter ##defensive | you do that all by yourself ##contempt | and you've never forgotten anything 🙄 ##contempt,defensive | don't start ##defensive | says you ##defensive
A?: unbelievable ##contempt | this is exactly the problem ##criticism | whatever | grow up ##contempt
B?: i'm done with this conversation ##distance | fine. i'll sort it ##repair | ok, i should've checked. sorry ##repair,regret | can we just not ##repair

=== hbs_fight2 A conflict
A: you told {kid} they could have a phone without asking me ##criticism | you never put sun cream on them. {kid} came back red raw ##criticism | why is it always me who buys the school stuff ##criticism | you're always on your phone when you've got them ##criticism | you promised {kid} you'd be at the match and you weren't. again ##criticism | you never send the money on time ##criticism
B~: i said we'd talk about it. that's not the same ##defensive | it was cloudy! ##defensive | because you never let me do it your way ##defensive | that's rich coming from you ##contempt,defensive | i got stuck at work, what was i supposed to do ##defensive | it went yesterday. check before you moan ##defensive,contempt
A?: you always have an excuse ##criticism | that's not the point | 🙄 ##contempt | whatever
B?: can we not do this in front of the kids ##repair | i'll talk to them ##repair | ok, fair. i'll do better ##repair | i'm not arguing about this ##distance

=== hbs_contempt P conflict
P: congratulations, you've turned the kids against me ##contempt,criticism | i see you've been telling everyone your side again ##contempt | nice to know i'm just a bank to you ##contempt | another email from your solicitor. lovely ##contempt | great parenting, {kid} turned up in odd shoes ##contempt
U~: nobody's turned anyone against you ##defensive | i haven't told anyone anything ##defensive | that's not fair and you know it ##defensive | it's a letter mike. it's how this works ##defensive | they were the only ones that fit ##defensive
P?: sure ##contempt | whatever you say ##contempt | right ##curt
U?: grow up ##contempt | i'm not doing this ##distance | {curt}

=== hbs_soft U bicker
U: you forgot {kid}'s {item} again ##criticism | you let them have sweets for tea again didn't you ##criticism | you were late again on friday ##criticism | you didn't tell me about the dentist letter ##criticism | {kid} says you shouted at them in the car ##criticism | you still haven't sent the photos from the holiday ##criticism
P~: you're right, sorry. i'll drop it in ##repair,regret | guilty. won't happen again ##repair | fair. i should have left earlier ##repair | sorry, i forgot. i'll ring them tomorrow ##repair,regret | i did. i've said sorry to them and i'm sorry to you too ##repair,regret | oops. sending now ##repair
.cold: {curt} ##curt | don't start ##defensive
U?: thanks | ok. thank you | appreciate that | {ack}

=== hbs_soft_p P bicker
P: before you say anything, yes i know i'm late ##repair | i know i messed up the weekend swap. sorry ##regret,repair | i shouldn't have said that yesterday about your mum. sorry ##regret,repair | can we try and not fight at handover? for them ##repair
U~: {laugh} at least you know | it's fine. just tell me next time | thank you. i appreciate that | yes. agreed ##repair
U?: {ack}

=== hbs_sarcasm A conflict
A: oh well done, you remembered it's your weekend 👏 ##contempt | wow. on time for once ##contempt | nice of you to reply ##contempt | another takeaway? they'll love that ##contempt
B: oh poor you 🙄 ##contempt | real mature ##contempt | have you finished? ##contempt | sure, whatever you say ##contempt
A?: 🙄 | {curt}

=== hbs_hyper A smalltalk
A: {kid} is going to be the death of me with this slime obsession | i swear this printer wants me dead | my boss is killing me this week | that maths homework nearly killed me. year 6 maths is hard | if {kid} asks for one more snack i'll scream | {kid}'s trumpet practice is murdering my ears
B~: {laugh} hide the glue | kick it. always works | ugh, nearly friday | long division? brutal | {laugh} welcome to my life | earplugs. trust me
.cold: {curt} ##curt
A?: {laugh} | 😅 | true

=== hbs_where A logistics
A: where are you? we're outside school and it's pouring | can you send me the location of the party? the invite just says "the barn" | where are you parked? can't see you | what's the address for the sleepover again?
B~: 2 mins, stuck at the lights | <img> | by the church, silver car | 14 Orchard Close
.cold: {curt} ##curt
A?: {thx} | found you | ok
""",
    "scenes": r"""
=== scene 2025-01-13 18:15 first
U: you were supposed to have them at 5. it's 6:15 ##criticism
P[+20]: traffic. calm down ##defensive,contempt
U[+1]: you could have texted
P[+4]: i'm texting now aren't i ##contempt

=== scene 2025-01-29 08:10 permission_slip
U: i could kill you for forgetting the permission slip lol. noah nearly missed the trip
P[+15]: fair. i'll drop it into the office now ##repair
U[+2]: too late, i signed a new one. but thanks

=== scene 2025-02-06 20:30 house1
U: we need to decide about the house by friday. i can't keep paying for it on my own ##pressure
P[+50]: i'm not deciding that by friday ##distance

=== scene 2025-02-07 21:45 coming_back
U: are you coming back or not mike? because if not i need to know now ##pressure,homecoming
P[+40]: oh here we go. deadlines again ##contempt
U[+3]: it's not a deadline it's my life ##defensive

=== scene 2025-02-10 19:05 friday
U: friday mike. i mean it ##pressure
P[+120]: you're not the only one with bills ##defensive

=== scene 2025-02-12 21:30 killing_me
U: you're killing me with this. just tell me what you want to do with the house ##pressure
P[+95]: i'll tell you when i've spoken to the bank ##distance

=== scene 2025-02-15 11:20 estate_agent
U: fine. i've asked the estate agent to come round next week ##pressure
P[+150]: do what you want ##curt,distance

=== scene 2025-02-17 20:10 done
P: i'm done arguing. let's keep it to the kids and use the app for the money ##distance
U[+10]: fine by me ##curt

=== scene 2025-03-05 17:40 death_of_me
P: Noah's going to be the death of me with this football obsession. 4 hours in the rain
U[+60]: welcome to every saturday i've had for 3 years
P[+120]: wow ok ##contempt

=== scene 2025-03-19 15:25 outside_school
U: where are you? we're outside school and it's pouring
P[+3]: round the corner, 2 mins. sorry
U[+1]: ok

=== scene 2025-04-10 19:30 mediation
U: thanks for today. mediation was awful but i think it helped
P[+20]: yeah. i'm sorry i said what i said about your mum ##regret,repair
U[+5]: i'm sorry i brought up the money in front of her ##regret,repair
P[+10]: let's try doing it their way for a bit ##repair,future

=== scene 2025-04-26 13:10 party_location
P: can you send me the location of the party? the invite just says "the barn"
U[+4]: <img>
U[+1]: it's past the garden centre
P[+2]: cheers

=== scene 2025-05-07 18:50 heart_attack
P: Evie nearly gave me a heart attack on the climbing frame. she's fine, just showing off
U[+6]: she did the same to me last week. she's fearless
P[+3]: she gets that from you ##affection

=== scene 2025-05-21 21:15 done_arguing
U: I'm done arguing about the dentist. just take him on tuesday please
P[+15]: ok. you're right, i'll take him ##repair

=== scene 2025-06-15 19:40 last
P: good weekend with them. Evie wants to show you her medal
U[+8]: send her round with it. and thanks for sorting the boots ##repair
P[+5]: no worries
""",
}
_HU = {"logistics": 6, "smalltalk": 2, "conflict": 2.2, "interest": 0.4}
_HP = {"logistics": 6, "smalltalk": 1.6, "conflict": 2.2}
HARD_BUT_SAFE["weeks"] = [
    W(1, 22, cpw=10, p_init=0.4, delay={"U": 10, "P": 40}, mood={"U": "neutral", "P": "neutral"}, more=0.35,
      kinds={"U": _HU, "P": _HP}, tails=[]),
    W(D("2025-02-06"), D("2025-02-15"), cpw=9, p_init=0.35, delay={"U": 6, "P": 60}, mood={"U": "neutral", "P": "neutral"},
      more=0.25, kinds={"U": {**_HU, "pressure": 2.5}, "P": _HP}, tails=[("tail_pressure_u", 0.35)]),
    W(6, 13, cpw=8, p_init=0.16, delay={"U": 10, "P": 170}, mood={"U": "neutral", "P": "cold"}, more=0.15,
      kinds={"U": _HU, "P": {"logistics": 6, "conflict": 3}}, tails=[("tail_distance_p", 0.15)]),
    W(14, 22, cpw=10, p_init=0.42, delay={"U": 8, "P": 25}, mood={"U": "neutral", "P": "neutral"}, more=0.35,
      kinds={"U": {**_HU, "conflict": 1.2, "bicker": 1.6}, "P": {"logistics": 6, "smalltalk": 2, "conflict": 1.2, "bicker": 1, "interest": 0.6}},
      tails=[("tail_interest_u", 0.05)]),
]

SCENARIOS = {
    "slow_thaw": SLOW_THAW,
    "pursue_withdraw": PURSUE_WITHDRAW,
    "drifting": DRIFTING,
    "coercive_control": COERCIVE,
    "hard_but_safe": HARD_BUT_SAFE,
}
SAFETY_TAGS = {"monitoring", "control", "threat", "intimidation", "fear"}
TAXONOMY = {"affection", "missing", "nostalgia", "regret", "future", "homecoming", "repair", "interest", "distance",
            "curt", "barrier", "criticism", "contempt", "defensive", "pressure", "problem_talk"}


def render(name: str, sc: dict):
    t = sc["truth"]
    start, end = D(t["start"]), D(t["end"])
    story = cg.Story(seed=sc["seed"], start=start, end=end, names=sc["names"], slots=sc["slots"], weeks=sc["weeks"],
                     library=LIBRARY + sc.get("pool", ""), scenes=sc["scenes"], quiet=[(start, start), (end, end)])
    msgs = story.build()
    out = HERE / name
    out.mkdir(parents=True, exist_ok=True)
    notice = datetime.combine(start, datetime.min.time()).replace(hour=8, minute=55)
    cg.write_text(out / "chat.txt", cg.android_lines(msgs, sc["names"], notice))
    (out / "truth.json").write_text(json.dumps(t, indent=2, ensure_ascii=False) + "\n", encoding="utf-8", newline="\n")
    return story, msgs


def check(name: str, sc: dict, msgs) -> dict:
    """The rendering must say what the truth says; returns a few measured numbers."""
    t = sc["truth"]
    start, end = D(t["start"]), D(t["end"])
    assert msgs[0].ts.date() == start and msgs[-1].ts.date() == end, (name, msgs[0].ts, msgs[-1].ts)
    assert 600 <= len(msgs) <= 2000, (name, len(msgs))
    weeks = cg.weekly_stats(msgs, start, end)
    assert 12 <= len(weeks) <= 30
    # the first homecoming message
    first = next((m for m in msgs if "homecoming" in m.labels), None)
    want = t["homecoming"]
    if want["first_raised_by"] is None:
        assert first is None, name
    else:
        assert first is not None and first.ts.date().isoformat() == want["date"], (name, first)
        assert {"U": "user", "P": "partner"}[first.who] == want["first_raised_by"], (name, first)
    if name == "drifting":
        assert not any("homecoming" in m.labels for m in msgs if m.who == "P"), "the partner never raises it"
    # the user's pressure falls inside the episodes, and each episode has some
    eps = [(D(e["start"]), D(e["end"])) for e in t["pressure_episodes"]]
    for m in msgs:
        if m.who == "U" and "pressure" in m.labels:
            assert any(a <= m.ts.date() <= b for a, b in eps), (name, m.ts, m.text)
    for a, b in eps:
        n = sum(1 for m in msgs if m.who == "U" and "pressure" in m.labels and a <= m.ts.date() <= b)
        assert n >= 4, (name, a, n)
    # threats, monitoring and control only where the truth says so
    unsafe = [m for m in msgs if SAFETY_TAGS & set(m.labels)]
    assert bool(unsafe) == t["safety_concern"], (name, len(unsafe))
    for m in msgs:
        assert set(m.labels) <= TAXONOMY | SAFETY_TAGS, (name, m.labels)
    # initiation, measured the way the contract counts it
    first4, last4 = cg.share(weeks[:4]), cg.share(weeks[-4:])
    want_i = t["initiation"]
    problems = []
    if abs(first4 - want_i["first_4_weeks_partner_share_about"]) > 0.1:
        problems.append(f"first 4 weeks partner share {first4}")
    if abs(last4 - want_i["last_4_weeks_partner_share_about"]) > 0.1:
        problems.append(f"last 4 weeks partner share {last4}")
    texts = Counter(m.text for m in msgs if m.kind == "text")
    return {"messages": len(msgs), "weeks": len(weeks), "first4": first4, "last4": last4,
            "repeats>2": sum(1 for n in texts.values() if n > 2), "unsafe_msgs": len(unsafe), "problems": problems}


def main():
    failed = False
    for name, sc in SCENARIOS.items():
        _story, msgs = render(name, sc)
        stats = check(name, sc, msgs)
        print(f"{name}: {stats}")
        failed = failed or bool(stats["problems"])
        if "-v" in sys.argv:
            print(cg.stats_table(cg.weekly_stats(msgs, D(sc["truth"]["start"]), D(sc["truth"]["end"]))))
    if failed:
        sys.exit("some scenarios do not match their truth")


if __name__ == "__main__":
    main()
