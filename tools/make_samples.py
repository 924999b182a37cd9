"""Render the bundled demo couple (Alex and Jordan, entirely fictional) into src/homeward/samples/.

    python tools/make_samples.py            # writes the samples and prints a check summary

Stdlib only and deterministic (a fixed random.Random seed): running it twice gives the same bytes.
Writes whatsapp_android.txt, whatsapp_ios.txt (the same conversation in two phone locales), sms.xml
and calls.xml (SMS Backup & Restore), journal.jsonl and STORY.md (the truth the data was made from).
Only Ofcom's drama numbers (07700 900xxx) are used.
"""
from __future__ import annotations

import json
import re
import sys
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import chatgen as cg  # noqa: E402
from chatpools import LIBRARY  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "homeward" / "samples"
SEED = 20250505
START, END = date(2025, 5, 5), date(2025, 11, 30)
NAMES = {"U": "Alex", "P": "Jordan"}
PHONE_SMS, PHONE_CALLS = "+44 7700 900123", "+447700900123"

SLOTS = {
    "kid1": ["Maisie"], "kid2": ["Theo"], "kid": ["Maisie", "Theo"],
    "kids": ["the kids", "the kids", "Maisie and Theo"],
    "day": ["tomorrow", "friday", "thursday", "wednesday", "monday", "tuesday", "saturday"],
    "time": ["5", "half 5", "6", "4:15", "6:30", "5:45", "3:30", "7"],
    "date": ["14th", "21st", "28th", "6th", "12th"],
    "item": ["PE kit", "reading book", "recorder", "lunchbox", "water bottle", "library book", "swimming goggles",
             "spelling folder", "wellies"],
    "lost": ["blue rabbit", "tablet charger", "left trainer", "school cardigan", "glasses case", "gum shield",
             "lego man", "favourite hoodie"],
    "club": ["swimming", "brownies", "football", "gymnastics", "drama club"],
    "shop": ["tesco", "the big tesco", "aldi", "the co-op", "sainsbury's"],
    "friend_kid": ["Freya", "Arlo", "Poppy", "Idris", "Nell", "Sami"],
    "fam": ["my mum", "my mum", "my brother", "auntie Pat", "my dad"],
    "fam_other": ["your dad", "Kim", "your nan", "your dad", "Kim"],
    "fam_p": ["my dad", "my mum"],
    "show": ["bake off", "traitors", "slow horses", "taskmaster", "gardeners world", "pottery throw down"],
    "food": ["lasagne", "fajitas", "shepherd's pie", "chilli", "your mum's dal", "fish pie"],
    "place": ["the farm park", "the beach", "the zoo", "Brean", "the woods", "the lido", "the aquarium"],
    "holiday": ["cornwall", "that week in wales", "the lakes", "the caravan in tenby"],
    "holiday_town": ["whitby", "tenby", "padstow"],
    "song": ["our song", "that Elbow song", "mr brightside", "the song from the wedding"],
}

# Extra pools only this couple has: Biscuit the dog, Jordan's shifts as a nurse, Kim (Jordan's sister).
DEMO_POOL = r"""
=== dog A logistics
A: biscuit has been sick on the rug again | can you have biscuit {day}? i'm out all day | biscuit's booster is due, the vet sent a text | biscuit ate a whole sock. a WHOLE sock | biscuit's been limping a bit
B~: oh no. what's he eaten now | yeah i can have him, bring his bed | i'll book it, is it still the vet on Mill Lane? | of course he did. is he ok? | keep an eye on it, ring the vet if it's no better
.cold: {curt} ##curt
.warm: poor boy. give him a scratch from me | haha that dog is a menace. i miss him ##missing
A?: he's fine now, back to stealing toast | {thx} | 🐶 | will do

=== shifts P logistics
P: rota's out, i'm on nights the week of the {date} ##barrier | i've been put on a long day {day}, can we swap to {day2}? ##barrier | just off a 13 hour shift, can i ring the kids tomorrow instead | ward's short staffed, i might be late for handover {day}
U: ok no problem | fine, we'll work round it | yes that's fine, they'll understand | ok, let me know when you're on your way
.warm: ok no problem. you must be shattered ##interest
P?: {thx} | sorry, it's a nightmare | i owe you | nhs life 🙃

=== dog_photo A smalltalk
A: <img> | <imgfile>biscuit has found the sun patch | <imgfile>guess who got into the bin | <video>
B: {laugh} | oh he's so daft | that face | {aww}
.cold: ha ##curt
.warm: i miss that daft dog ##missing | give him a cuddle from me x
A?: he misses you | he's unbearable | {laugh} | he's asleep on your side of the bed

=== kim_news P smalltalk
P: Kim's started a book club 😂 | Kim got the job btw! | it's Kim's birthday next week, can the kids make her a card? | Kim says hi, she's asking after you
U~: of course she has | oh brilliant, tell her congrats | yes, i'll get the pens out | aw say hi back
.warm: she misses you, you know. she's always been on your side 😂
U?: {laugh} | {ack}

=== kim_ask U smalltalk,tail_interest_u max=4
U: how's Kim doing? ##interest | did Kim get the job in the end? ##interest | is Kim still doing the marathon? ##interest
P~: she's good, busy with the twins | yes! she starts next month | yes, she's mad. 20 miles on sunday
.cold: fine ##curt
U?: {glad} | good for her

=== garden U logistics
U: the lawnmower's died. is it worth fixing? | the apple tree's gone mad, loads of apples | there's a wasp nest by the shed 😬 | do you want any of the tomatoes? there's loads
P~: probably not, it's ancient | make crumble 😂 | ring the council, they do it | go on then, a few
.cold: {curt} ##curt
U?: {ack} | i'll send some with the kids | there's a bag with your name on it | i'll leave some in the porch
"""

# Hand-written scenes, each at its fixed day and time. The story's turning points live here.
SCENES = r"""
=== scene 2025-05-05 21:14 first
U: hi. did you get to Kim's ok? Theo wanted to know where you're sleeping
P[+42]: yeah got here. tell him i'm on the sofa bed and it's lumpy
U: ok. he's asleep now. Maisie took ages, she kept asking questions
P[+20]: what did you tell her
U: the truth. that you're staying at Kim's for a bit and it's not her fault
P[+35]: ok. thank you. i'll call them tomorrow after school
U: can we talk at some point? properly ##problem_talk
P[+58]: not yet. i need some time ##distance
U: ok. i understand

=== scene 2025-05-08 18:20 clothes
P: can i come and get some more clothes saturday morning? and the kids' bikes so they can ride at Kim's
U[+6]: yes. 10ish?
P[+31]: 10 is fine. i won't stay long ##distance
U[+3]: that's fine

=== scene 2025-05-13 20:05 first_week_chat
U: Maisie's been really quiet this week. her teacher noticed too
P[+47]: what did the teacher say?
U: just that she's a bit withdrawn. i told them what's going on
P[+22]: ok. i'll take her for a hot chocolate wednesday, just me and her
U: she'd like that
U: how are you doing? ##interest
P[+66]: fine ##curt

=== scene 2025-05-19 19:40 flat
P: i've found a flat. on Carlton Road, near the park. i sign on friday
U[+4]: oh. right
U: so that's it then
P[+38]: it's a flat alex. i can't live on Kim's sofa forever
P: and i think i need my own space right now ##distance
U[+12]: ok. is there room for the kids?
P[+25]: 2 bedrooms. they can have one each weekend
U: right. ok

=== scene 2025-05-28 21:30 do_you_miss
U: do you miss it here at all? ##missing
P[+95]: i miss the kids every day
U: that's not what i asked
P[+40]: i know. i'm not ready for that question ##distance

=== scene 2025-06-03 20:41 push1a
U: can i ask you something
P[+25]: go on
U: when are you coming home? ##pressure,homecoming
P[+70]: i don't know alex. i'm not even thinking about that yet ##distance
U: it's been five weeks. you must have some idea ##pressure
P[+55]: i don't. please don't push me on this ##distance

=== scene 2025-06-04 22:10 push1b
U: i'm sorry but i can't just sit here not knowing. the kids ask me every day
U: just give me a rough idea. a month? two? ##pressure
P[+140]: i can't give you a date ##distance
U: you can't or you won't ##pressure
P[@+1 09:02]: i'm at work ##barrier

=== scene 2025-06-05 23:02 push1c
U: i can't do this anymore // i lie awake every night wondering what i did // you just left and now you won't even tell me if you're coming back // i deserve better than this. the kids deserve better than this // so please. just tell me what you want ##pressure,homecoming
U[+9]: <wacall:missed>
U[+2]: <wacall:missed>
P[@+1 07:48]: i read it. i need space. please stop calling at midnight ##distance

=== scene 2025-06-07 17:30 push1d
U: Theo asked if you're coming home for his sports day. what do i tell him ##pressure,homecoming
P[+110]: tell him i'll be at sports day
U: that's not what he asked
P[+80]: ok ##curt

=== scene 2025-06-10 20:15 keep_to_kids
P: i'm going to keep messages to the kids and arrangements for a while. please respect that ##distance
U[+3]: so i can't even talk to you now
P[+150]: i'm not stopping you talking. i just need space ##distance
U: fine ##curt

=== scene 2025-06-14 21:50 push2a
U: i've been thinking. i need an answer by the end of the month ##pressure
U: either you want this family or you don't ##pressure
P[+190]: i'm not being given deadlines alex ##distance
U: then i'll make the decision for you ##pressure
P[+60]: right ##curt

=== scene 2025-06-16 19:05 push2b
U: did you get my email
U[+95]: hello?
U[+70]: you've read it. at least have the decency to reply ##pressure,contempt
P[+160]: i read it. i'm not replying to it tonight ##distance

=== scene 2025-06-18 12:20 push2c
U: if you're not home by Maisie's birthday i think we both know what that means ##pressure,homecoming
P[+230]: please don't make her birthday about us ##distance
U: you made it about us when you left ##criticism
P[+180]: i'm not doing this ##distance

=== scene 2025-06-21 20:40 push2d
U: you could at least have stayed for the cake ##criticism
U: if you loved us you'd be here ##pressure
P[+120]: <deleted>
P[+3]: i'm not doing this on her birthday ##distance
U: of course you're not ##contempt

=== scene 2025-06-24 21:32 strategy_change
U: i've been thinking a lot // i'm sorry for the last few weeks. the deadlines, the pushing, the calls at midnight. all of it // that wasn't fair on you ##regret,repair
U[+1]: i'm going to stop. no more asking when you're coming home. no more deadlines // i just want us to be ok, for the kids and for you // you don't need to reply
P[+165]: thank you. i needed to hear that
P[+1]: i mean it

=== scene 2025-06-29 18:10 sunday_pics
U: <imgfile>sports day rosette, he wants you to see it
P[+140]: aw. tell him well done

=== scene 2025-07-04 12:30 sports_day_thanks
P: thanks for saving me a spot at sports day
U[+9]: of course. Theo was made up you were there
P[+50]: he was so proud of that egg and spoon

=== scene 2025-07-12 10:05 running
P: Maisie says you've started running? ##interest
U[+7]: ha. "running". more like walking fast with headphones
U: did my first 5k on tuesday though
P[+31]: that's good. well done
U[+5]: thanks 🙂

=== scene 2025-07-21 18:02 our_song
P: heard our song in tesco today and had to stand in the cereal aisle for a minute 😊 ##nostalgia
U[+3]: oh no. the wedding one?
P[+2]: yep. right by the coco pops
U[+1]: 😂 i'd have cried into the shreddies
P[+4]: i nearly did tbh
P[+1]: it was a good day wasn't it ##nostalgia
U[+2]: it was the best day ##nostalgia
P[+6]: anyway. how's your week been? ##interest
U[+2]: better now 🙂 honestly ok. busy. you?
P[+5]: good. long shifts but good

=== scene 2025-07-26 20:40 tea
P: thanks for the tea earlier. that was nice ##affection
U[+4]: it was. first time i've laughed properly in ages
P[+3]: me too honestly
P[+1]: Theo's face when the paddling pool collapsed 😂
U[+2]: he was soaked. worth it

=== scene 2025-08-06 21:15 problem_too_early
U: can i ask you something. you don't have to answer
P[+6]: sure
U: when you left you said you'd been unhappy for ages. why didn't you ever tell me? ##problem_talk
P[+14]: i did tell you. you never heard it ##criticism,defensive
U[+2]: that's not fair. i asked you over and over what was wrong ##defensive
P[+5]: and every time i tried you made it about your work ##criticism
P[+1]: see this is why. i'm not doing this tonight ##distance,defensive
U[+8]: ok. sorry. i shouldn't have brought it up like that ##regret,repair
P[@+1 08:40]: ok ##curt

=== scene 2025-08-11 19:50 sorry_wednesday
P: sorry about wednesday. i got defensive ##regret,repair
P: i'm not ready for that conversation yet. but i will be
U[+5]: that's ok. whenever you're ready. no rush ##repair
P[+4]: thank you x ##affection

=== scene 2025-08-18 08:12 sms_start
P: it's Jordan. dropped my phone down the stairs at work 🙄 using my old one till the new one comes, no whatsapp on it
U[+9]: oh no! is it totally dead?
P[+6]: screen's in about 40 pieces
U[+3]: classic. ok, texts it is
P[+2]: like it's 2009 😂

=== scene 2025-08-20 21:05 sms_night
P: you remember that old nokia you had. with snake. we used to fight over it on the train ##nostalgia
U[+3]: i still hold the record
P[+2]: you absolutely do not
U[+1]: 2,311. it's burned into my memory
P[+3]: god i miss that version of us ##missing,nostalgia
U[+5]: me too ##missing
U: night jordan
P[+2]: night x // and thanks for the last few weeks. i mean it ##affection

=== scene 2025-08-24 19:30 sms_end
P: new phone's here, back on whatsapp. my old nokia era is over
U[+4]: rip
P[+3]: 😂

=== scene 2025-09-10 20:20 dinner_ask
P: do you want to get dinner on saturday? just us. your mum's having the kids anyway ##future
U[+2]: yes. i'd really like that ##future
P[+3]: the italian on the high street? 7?
U[+1]: perfect
P[+2]: ok 😊
P[+1]: not a date btw. just dinner
U[+1]: course. just dinner 😉

=== scene 2025-09-13 23:12 after_dinner
P: thank you for tonight. i forgot how easy it is with you ##affection
U[+4]: i was just about to text you the same thing ##affection
P[+2]: great minds
P[+1]: night x ##affection
U[+1]: night you x ##affection

=== scene 2025-09-18 20:45 problem_well
U: can i bring up something hard? you can say no ##problem_talk
P[+3]: go on. i think i'm ok to now
U[+4]: that last year before you left. i think i stopped seeing you. i was working all hours and i stopped asking how you were ##problem_talk,regret
U[+1]: i'm sorry. i don't think i ever said that properly ##regret
P[+6]: thank you
P[+1]: you're right. and i stopped telling you things. i shut you out and then blamed you for not noticing ##repair,regret
P[+2]: i'm sorry too ##regret
U[+3]: thank you for saying that
P[+5]: i think i'd like us to talk to someone about it. together. a counsellor maybe? ##future,problem_talk
U[+2]: yes. let's do that ##future
P[+2]: ok. i'll look at Relate tomorrow x

=== scene 2025-10-02 21:40 homecoming_partner
P: can i say something and you promise not to get too excited 😅
U[+3]: i'll try
P[+2]: i've been thinking about what it would look like if i came home ##homecoming
P[+1]: not deciding anything. not saying yes. just thinking about it
U[+6]: thank you for telling me ##repair
U: i'm not going to push. whenever you want to talk about it, i'm here
P[+3]: i know. that's partly why i can say it x ##affection

=== scene 2025-10-09 20:55 after_relate
P: that was hard today. but good i think
U[+4]: yeah. i was nervous the whole way there
P[+3]: you did really well. you listened ##affection
U[+2]: so did you
P[+2]: same time next week then
U[+1]: same time next week ##future

=== scene 2025-10-18 11:30 christmas_q
P: the kids asked me if i'm sleeping over at christmas ##homecoming
P: i said we'd see. was that ok?
U[+5]: that's fine. it's your call, honestly
P[+8]: i'd like to. if that's ok with you ##homecoming,future
U[+2]: it's more than ok ❤️ ##affection

=== scene 2025-11-09 21:50 sunday_dinner
P: thank you for today. Theo made me read the dragon book four times ##affection
U[+3]: he's been saving it for you for weeks
P[+2]: i noticed my mug was still in the cupboard
U[+2]: it never moved
P[+4]: 😊 night x
U[+1]: night, sleep well x

=== scene 2025-11-27 22:05 not_yet
P: can i be honest about something
U[+2]: always
P[+3]: i'm not ready to say yes to coming home yet ##homecoming
P[+1]: but i'm not saying no. can we keep going like this for a bit? it's working ##future
U[+5]: yes. as long as you need ##repair
U: i'm not going anywhere
P[+2]: i know ❤️ ##affection

=== scene 2025-11-30 20:30 last
P: good weekend. thanks for letting me stay for tea ##affection
U[+3]: anytime. i mean that
P[+2]: see you wednesday x
U[+1]: x
"""

W = cg.Week
U_NORMAL = {"logistics": 6, "smalltalk": 2.5, "interest": 1, "light": 0.6}
P_NORMAL = {"logistics": 7, "smalltalk": 1.5, "interest": 0.3}
U_LIGHT = {"logistics": 5, "smalltalk": 2.5, "light": 3, "interest": 1.2}
U_WARM = {"logistics": 5, "smalltalk": 2.5, "light": 2, "interest": 1.2, "future": 0.6}
P_WARM = {"logistics": 5, "smalltalk": 2.5, "warm": 3.2, "interest": 1.2, "future": 0.8}
U_PUSH = {"logistics": 4, "smalltalk": 1, "pressure": 3}

WEEKS = [
    # the early weeks: logistics, the partner guarded
    W(1, 5, cpw=10, p_init=0.22, more=0.4, delay={"U": 6, "P": 50}, mood={"U": "neutral", "P": "cool"},
      kinds={"U": U_NORMAL, "P": P_NORMAL}, tails=[("tail_distance_p", 0.12), ("tail_interest_u", 0.06)]),
    # pressure episode 1
    W(date(2025, 6, 3), date(2025, 6, 8), cpw=8, p_init=0.2, more=0.3, delay={"U": 3, "P": 90},
      mood={"U": "neutral", "P": "cool"}, kinds={"U": U_PUSH, "P": P_NORMAL},
      tails=[("tail_pressure_u", 0.45), ("tail_distance_p", 0.15)]),
    # the pull-back (weeks 6-8), with pressure episode 2 inside it
    W(6, 8, cpw=7, p_init=0.1, more=0.12, delay={"U": 4, "P": 185}, mood={"U": "neutral", "P": "cold"},
      kinds={"U": U_NORMAL, "P": P_NORMAL}, tails=[("tail_distance_p", 0.2)]),
    W(date(2025, 6, 14), date(2025, 6, 21), cpw=7, p_init=0.08, more=0.12, delay={"U": 3, "P": 200},
      mood={"U": "neutral", "P": "cold"}, kinds={"U": U_PUSH, "P": P_NORMAL},
      tails=[("tail_pressure_u", 0.45), ("tail_distance_p", 0.2)]),
    W(date(2025, 6, 24), date(2025, 6, 29), cpw=7, p_init=0.1, more=0.12, delay={"U": 6, "P": 170},
      mood={"U": "neutral", "P": "cold"}, kinds={"U": U_LIGHT, "P": P_NORMAL}, tails=[("tail_distance_p", 0.1)]),
    # lighter contact after the user stops pushing; the partner back to guarded, not yet warm
    W(9, 11, cpw=10, p_init=0.27, more=0.4, delay={"U": 6, "P": 55}, mood={"U": "neutral", "P": "cool"},
      kinds={"U": U_LIGHT, "P": P_NORMAL}, tails=[("tail_interest_u", 0.12), ("tail_distance_p", 0.05)]),
    # the partner warms from week 12
    W(12, 21, cpw=13, p_init=0.55, more=0.58, delay={"U": 5, "P": 11}, mood={"U": "neutral", "P": "warm"},
      kinds={"U": U_WARM, "P": P_WARM}, tails=[("tail_warm_p", 0.22), ("tail_interest_u", 0.08)]),
    # a short dip after the problem talk that came too early
    W(date(2025, 8, 6), date(2025, 8, 10), cpw=7, p_init=0.3, more=0.25, delay={"U": 6, "P": 60},
      mood={"U": "neutral", "P": "cool"}, kinds={"U": U_NORMAL, "P": P_NORMAL}, tails=[]),
    # the week the partner's phone is broken: SMS only
    W(date(2025, 8, 18), date(2025, 8, 24), cpw=9, p_init=0.55, more=0.45, delay={"U": 5, "P": 10},
      mood={"U": "neutral", "P": "warm"}, kinds={"U": U_WARM, "P": P_WARM}, tails=[("tail_warm_p", 0.2)],
      channel="sms"),
    W(22, 30, cpw=13.5, p_init=0.58, more=0.62, delay={"U": 5, "P": 8}, mood={"U": "neutral", "P": "hot"},
      kinds={"U": U_WARM, "P": {**P_WARM, "warm": 3.6, "future": 1.2}},
      tails=[("tail_warm_p", 0.26), ("tail_interest_u", 0.08)]),
]

JOURNAL = [
    {"kind": "visit", "when": "2025-05-10 10:05", "by": "partner", "minutes": 20,
     "text": "Jordan came for more clothes and the kids' bikes. Polite, kept their coat on."},
    {"kind": "note", "when": "2025-05-23 21:00", "by": None, "minutes": None,
     "text": "Jordan has signed for the flat on Carlton Road. It feels very final."},
    {"kind": "visit", "when": "2025-06-21 14:00", "by": "partner", "minutes": 90,
     "text": "Maisie's 9th birthday party at home. Jordan came for an hour and a half and left before the cake, after I said something about coming home."},
    {"kind": "note", "when": "2025-06-24 22:10", "by": None, "minutes": None,
     "text": "Decided: no more pushing. No deadlines, no 'when are you coming home'. Kids, small stuff, be kind. Let Jordan come to it in their own time."},
    {"kind": "visit", "when": "2025-07-26 16:30", "by": "partner", "minutes": 45,
     "text": "Handover turned into a cup of tea in the garden. First proper laugh together in months."},
    {"kind": "call", "when": "2025-08-02 20:15", "by": "partner", "minutes": 35,
     "text": "Jordan rang the landline to say goodnight to the kids, then stayed on with me for half an hour."},
    {"kind": "note", "when": "2025-08-06 22:30", "by": None, "minutes": None,
     "text": "Brought up why Jordan left. Too soon: they got defensive and so did I."},
    {"kind": "visit", "when": "2025-09-13 19:00", "by": "partner", "minutes": 190,
     "text": "First dinner together since May, at the Italian on the high street. Easy, lots of laughing, nothing heavy."},
    {"kind": "note", "when": "2025-09-18 22:00", "by": None, "minutes": None,
     "text": "Talked about the last year before Jordan left. This time it went well: Jordan owned their part and I owned mine."},
    {"kind": "visit", "when": "2025-10-09 18:00", "by": None, "minutes": 60,
     "text": "First joint counselling session at Relate. Hard but good."},
    {"kind": "call", "when": "2025-10-25 21:10", "by": "partner", "minutes": 70,
     "text": "Jordan rang after the kids were in bed. Talked for over an hour about nothing and everything."},
    {"kind": "visit", "when": "2025-11-09 13:00", "by": "partner", "minutes": 420,
     "text": "Sunday dinner at home, all four of us. Jordan stayed till bedtime and read to Theo."},
    {"kind": "note", "when": "2025-11-29 10:00", "by": None, "minutes": None,
     "text": "Jordan said they're not ready to say yes, but not saying no. Keep going as we are. I said OK and meant it."},
]

# Phone calls on Alex's phone (calls.xml). who = the caller.
PHONE_CALLS_SCRIPTED = [
    ("2025-05-06 17:42", "P", "answered", 212), ("2025-05-12 08:05", "U", "answered", 95),
    ("2025-05-16 18:30", "P", "answered", 340), ("2025-05-22 12:10", "U", "answered", 61),
    ("2025-05-30 17:55", "P", "answered", 250),
    # pressure: Alex rings, Jordan does not pick up
    ("2025-06-03 22:30", "U", "answered", 0), ("2025-06-04 23:40", "U", "answered", 0),
    ("2025-06-05 23:20", "U", "answered", 0), ("2025-06-06 07:55", "U", "answered", 0),
    ("2025-06-08 18:05", "P", "answered", 420),
    ("2025-06-15 22:15", "U", "answered", 0), ("2025-06-16 21:40", "U", "answered", 0),
    ("2025-06-17 22:55", "U", "answered", 0), ("2025-06-19 18:00", "P", "answered", 180),
    ("2025-06-22 17:30", "P", "missed", 0), ("2025-06-27 18:10", "P", "answered", 240),
    ("2025-07-03 17:45", "P", "answered", 300), ("2025-07-09 12:35", "U", "answered", 150),
    ("2025-07-15 18:20", "P", "rejected", 0), ("2025-07-18 19:05", "P", "answered", 420),
    # warmer: Jordan rings, and talks longer
    ("2025-07-23 21:05", "P", "answered", 1560), ("2025-07-30 20:50", "P", "answered", 2200),
    ("2025-08-13 21:20", "P", "answered", 1820), ("2025-08-19 20:40", "P", "answered", 2640),
    ("2025-08-22 12:50", "U", "answered", 480), ("2025-08-28 21:00", "P", "answered", 1950),
    ("2025-09-04 21:15", "P", "answered", 2400), ("2025-09-16 20:30", "U", "answered", 1320),
    ("2025-09-24 21:40", "P", "answered", 3120), ("2025-10-01 21:10", "P", "answered", 2760),
    ("2025-10-14 20:55", "P", "answered", 3300), ("2025-10-21 21:30", "U", "answered", 1740),
    ("2025-10-29 21:05", "P", "answered", 2880), ("2025-11-05 20:45", "P", "answered", 3480),
    ("2025-11-12 21:20", "P", "missed", 0), ("2025-11-12 21:50", "U", "answered", 2100),
    ("2025-11-19 21:00", "P", "answered", 3600), ("2025-11-25 20:35", "P", "answered", 2520),
]

# WhatsApp calls (only the iOS export shows them), besides the two in the scenes.
WA_CALLS = [
    ("2025-05-21 18:32:10", "P", 6), ("2025-06-12 18:04:51", "P", 4), ("2025-06-20 08:10:33", "U", None),
    ("2025-07-10 18:15:02", "P", 9), ("2025-08-07 19:30:40", "P", 11), ("2025-09-01 21:12:09", "P", 42),
    ("2025-09-28 20:48:27", "P", 38), ("2025-10-12 21:02:55", "U", 27), ("2025-11-16 20:41:16", "P", 55),
]

STORY_TRUTH = {
    "user": "Alex", "partner": "Jordan", "start": "2025-05-05", "end": "2025-11-30",
    "partner_turns": [
        {"week": "2025-06-09", "direction": "cooler", "why": "pull-back after the first pushing episode"},
        {"week": "2025-06-30", "direction": "warmer", "why": "the pull-back ends: back to the guarded early baseline"},
        {"week": "2025-07-21", "direction": "warmer", "why": "the partner warms and starts more conversations"},
    ],
    "pressure_episodes": [{"start": "2025-06-03", "end": "2025-06-08"}, {"start": "2025-06-14", "end": "2025-06-21"}],
    "pullbacks": [{"who": "partner", "start": "2025-06-09", "end": "2025-06-29"}],
    "strategy_change": "2025-06-24",
    "homecoming": {"first_raised_by": "user", "date": "2025-06-03",
                   "partner_first_raised": "2025-10-02"},
    "problem_talk": [{"date": "2025-08-06", "outcome": "defensive (too early)"},
                     {"date": "2025-09-18", "outcome": "repair"}],
    "sms_stretch": {"start": "2025-08-18", "end": "2025-08-24"},
    "safety_concern": False,
}


def build():
    story = cg.Story(seed=SEED, start=START, end=END, names=NAMES, slots=SLOTS,
                     weeks=WEEKS, library=LIBRARY + DEMO_POOL, scenes=SCENES,
                     quiet=[(date(2025, 5, 5), date(2025, 5, 5))])
    msgs = story.build()
    # the SMS week: MMS and WhatsApp-only things (media, deletions, calls) are not in an SMS backup
    msgs = [m for m in msgs if not (m.channel == "sms" and m.kind != "text")]
    for ts, who, mins in WA_CALLS:
        t = datetime.strptime(ts, "%Y-%m-%d %H:%M:%S")
        msgs.append(cg.Msg(t, who, kind="wacall", call_min=mins))
    msgs.sort(key=lambda m: (m.ts, m.conv))
    calls = [cg.PhoneCall(datetime.strptime(ts, "%Y-%m-%d %H:%M") + timedelta(seconds=(i * 37) % 60), who, st, sec)
             for i, (ts, who, st, sec) in enumerate(PHONE_CALLS_SCRIPTED)]
    return story, msgs, calls


def write(story, msgs, calls):
    OUT.mkdir(parents=True, exist_ok=True)
    notice = datetime(2025, 5, 5, 9, 0, 0)
    cg.write_text(OUT / "whatsapp_android.txt", cg.android_lines(msgs, NAMES, notice))
    cg.write_text(OUT / "whatsapp_ios.txt", cg.ios_lines(msgs, NAMES, notice, "P"))
    backup = datetime(2025, 12, 1, 2, 0, 7)
    (OUT / "sms.xml").write_text(cg.sms_xml(msgs, address=PHONE_SMS, contact="Jordan", backup_at=backup,
                                            backup_set="3f6c2b9e-5d1a-4c8e-9a07-2b6f1e4d8c31"),
                                 encoding="utf-8", newline="\n")
    (OUT / "calls.xml").write_text(cg.calls_xml(calls, number=PHONE_CALLS, contact="Jordan", backup_at=backup,
                                                backup_set="3f6c2b9e-5d1a-4c8e-9a07-2b6f1e4d8c31"),
                                   encoding="utf-8", newline="\n")
    with open(OUT / "journal.jsonl", "w", encoding="utf-8", newline="\n") as f:
        for e in JOURNAL:
            f.write(json.dumps(e, ensure_ascii=False) + "\n")
    weeks = cg.weekly_stats(msgs, START, END)
    (OUT / "STORY.md").write_text(story_md(msgs, calls, weeks), encoding="utf-8", newline="\n")
    return weeks


def story_md(msgs, calls, weeks) -> str:
    wa = [m for m in msgs if m.channel == "wa" and m.kind != "wacall"]
    sms = [m for m in msgs if m.channel == "sms"]
    wacalls = [m for m in msgs if m.kind == "wacall"]
    t = STORY_TRUTH
    return f"""# The demo couple: Alex and Jordan (fictional)

Everything here is invented, written for homeward's demo; no real person's messages. Alex is the user
(the one who stayed in the family home with Maisie, 9, Theo, 6, and Biscuit the dog); Jordan (they/them),
a nurse, is the partner who moved out at the end of April 2025, first to their sister Kim's sofa, then
to a flat on Carlton Road. Made by `tools/make_samples.py` (seed {SEED}); re-running it gives the same bytes.

## Files
| file | what |
|---|---|
| `whatsapp_android.txt` | WhatsApp Android export, en-GB phone (`05/05/2025, 21:14 - Alex: ...`), {len(wa)} messages |
| `whatsapp_ios.txt` | the same messages, same order, as an en-US iPhone export (`[5/5/25, 9:14:03\u202fPM] ...`), plus {len(wacalls)} WhatsApp call lines that only iOS exports show |
| `sms.xml` | SMS Backup & Restore: {len(sms)} texts of the week Jordan's phone was broken ({t['sms_stretch']['start']} to {t['sms_stretch']['end']}); none of them is in the WhatsApp files |
| `calls.xml` | SMS Backup & Restore call log on Alex's phone: {len(calls)} calls with Jordan (type 1 incoming, 2 outgoing, 3 missed, 5 rejected; an outgoing call Jordan did not pick up is type 2 with duration 0) |
| `journal.jsonl` | {len(JOURNAL)} journal entries: visits, calls on the landline, notes |

Numbers: `+44 7700 900123` (SMS) and `+447700900123` (calls) are the same person, Jordan, in Ofcom's drama range.
Times are Europe/London wall-clock time. In the WhatsApp files, a photo sent with a caption is
`IMG-…jpg (file attached)` + caption line (Android) and `\u200eimage omitted` + the same caption line (iOS);
other media are `<Media omitted>` (Android) and `\u200eimage omitted` / `video omitted` / `audio omitted` /
`sticker omitted` (iOS). One message of Jordan's was deleted (on {', '.join(m.ts.date().isoformat() for m in wa if m.kind == 'deleted')}).
Android exports hold no call lines; the iOS file's WhatsApp call lines ("Missed voice call",
"Voice call, N min") name the caller, so the two files give the same messages but not the same calls.

## The story, week by week (weeks start on Mondays)
1. **Weeks 1-5 (2025-05-05 to 2025-06-08): logistics and distance.** Mostly co-parenting logistics.
   Jordan is guarded ("not yet. i need some time", "can we keep it to the kids for now"), replies in
   about an hour, and starts only a minority of the conversations (see the table below).
2. **Pushing, episode 1: 2025-06-03 to 2025-06-08.** Alex asks "when are you coming home?" (2025-06-03,
   the first time anyone raises coming home: **the user raised it first**), asks for a date, sends a long
   midnight message and rings twice on WhatsApp unanswered, uses the kids ("what do i tell him").
3. **Pull-back: 2025-06-09 to 2025-06-29 (weeks 6-8).** Jordan asks to keep messages to the kids and
   arrangements (2025-06-10), replies take hours, answers go curt ("ok", "fine"), Jordan almost stops
   starting conversations and Alex's phone calls go unanswered.
4. **Pushing, episode 2: 2025-06-14 to 2025-06-21**, inside the pull-back: an ultimatum ("i need an
   answer by the end of the month"), double texts, "if you're not home by Maisie's birthday...",
   "if you loved us you'd be here" on Maisie's birthday (2025-06-21), where Jordan deletes a message.
5. **Strategy change: 2025-06-24.** Alex apologises for the pushing and stops: no deadlines, no asking
   about coming home (message and journal note). Jordan: "thank you. i needed to hear that".
6. **Weeks 9-11 (2025-06-30 to 2025-07-20): lighter contact.** Kids, memories, jokes, interest in each
   other's lives, from Alex. Jordan back to the guarded early baseline (replies within the hour, curt
   less often), not yet warm.
7. **Week 12 (from 2025-07-21): Jordan warms.** It opens with Jordan's "heard our song in tesco today".
   From here Jordan starts more than half of the conversations, replies in minutes, and writes
   affection, nostalgia, missing, interest and plans; long phone calls come from Jordan.
8. **Problem talk too early: 2025-08-06.** Alex asks why Jordan never said they were unhappy; Jordan
   gets defensive and critical ("i did tell you. you never heard it") and a curt "ok" next morning. A
   short dip (2025-08-06 to 2025-08-10), not a turning point; Jordan apologises on 2025-08-11.
9. **SMS week: 2025-08-18 to 2025-08-24**, Jordan's phone broken; warm texts by SMS.
10. **First dinner together since May: 2025-09-13** (Jordan's idea, 2025-09-10).
11. **Problem talk that goes well: 2025-09-18.** Alex owns their part; Jordan answers with repair and an
    apology, and proposes counselling (first Relate session 2025-10-09).
12. **Jordan first raises coming home: 2025-10-02** (week 22), tentatively: "i've been thinking about what
    it would look like if i came home ... not deciding anything". Christmas comes up on 2025-10-18.
13. **The ending is open: 2025-11-27**, "i'm not ready to say yes to coming home yet. but i'm not saying
    no". No promise.

## Truth, as data
```json
{json.dumps(t, indent=2)}
```

## What the rendered messages show (WhatsApp + SMS; calls and journal left out)
Starts are conversation starts after 6 h of silence; "P warm / distant / conflict" counts Jordan's
messages written as approach (affection, missing, nostalgia, future, homecoming, repair, interest,
regret), distance (distance, curt, barrier) and conflict (criticism, contempt, defensive), by the
author's intent; "U pressure" counts Alex's pressure messages.

{cg.stats_table(weeks)}

Initiation share (messages only): first 4 weeks, partner {cg.share(weeks[:4])}; last 4 weeks, partner {cg.share(weeks[-4:])}.
"""


ANDROID_HEAD = re.compile(r"^\d\d/\d\d/\d{4}, \d\d:\d\d - ")
IOS_HEAD = re.compile(r"^\u200e?\[\d{1,2}/\d{1,2}/\d\d, \d{1,2}:\d\d:\d\d\u202f[AP]M\] ")


def check(msgs, calls):
    """The checks the brief asks for; raises AssertionError on a problem."""
    a = (OUT / "whatsapp_android.txt").read_text(encoding="utf-8").split("\n")[:-1]
    i = (OUT / "whatsapp_ios.txt").read_text(encoding="utf-8").split("\n")[:-1]
    a_msgs = _group(a, ANDROID_HEAD)
    i_msgs = [g for g in _group(i, IOS_HEAD) if not re.search(r"\] \w+: \u200e(Missed voice call|Voice call, )", g[0])]
    assert len(a_msgs) == len(i_msgs), (len(a_msgs), len(i_msgs))
    prev = None
    for ga, gi in zip(a_msgs, i_msgs):
        ta = datetime.strptime(ga[0][:17], "%d/%m/%Y, %H:%M")
        head = gi[0].lstrip("\u200e")
        stamp = head[1:head.index("]")].replace("\u202f", " ")
        ti = datetime.strptime(stamp, "%m/%d/%y, %I:%M:%S %p")
        assert ta == ti.replace(second=0), (ga, gi)
        assert prev is None or ti >= prev, (prev, gi)
        prev = ti
        sa = ga[0][20:].split(": ", 1)
        si = head[head.index("]") + 2:].split(": ", 1)
        assert sa[0] == si[0], (ga, gi)
        ba, bi = [sa[1]] + ga[1:], [si[1]] + gi[1:]
        if bi[0] == "\u200eimage omitted" and ba[0].endswith("(file attached)"):
            assert ba[1:] == bi[1:]
        elif ba[0] == "<Media omitted>":
            assert re.fullmatch("\u200e(image|video|audio|sticker) omitted", bi[0]) and len(bi) == 1
        elif ba[0] == "This message was deleted":
            assert bi == ["\u200eThis message was deleted."]
        else:
            assert ba == bi, (ga, gi)
    texts = Counter(m.text for m in msgs if m.kind == "text")
    over = {t: n for t, n in texts.items() if n > 2}
    return len(a_msgs), over


def _group(lines, head):
    groups = []
    for n, line in enumerate(lines):
        if n == 0:
            continue  # the encryption notice
        if head.match(line):
            groups.append([line])
        else:
            assert groups, line
            groups[-1].append(line)
    return groups


def main():
    story, msgs, calls = build()
    weeks = write(story, msgs, calls)
    n, over = check(msgs, calls)
    sms = sum(1 for m in msgs if m.channel == "sms")
    print(f"whatsapp messages: {n}; sms: {sms}; phone calls: {len(calls)}; "
          f"whatsapp calls: {sum(1 for m in msgs if m.kind == 'wacall')}; journal: {len(JOURNAL)}")
    print(f"partner share of starts: first 4 weeks {cg.share(weeks[:4])}, last 4 weeks {cg.share(weeks[-4:])}")
    if over:
        print("texts used more than twice:", over)
    if "-v" in sys.argv:
        print(cg.stats_table(weeks))


if __name__ == "__main__":
    main()
