"""Hand-written message pools shared by the demo couple and the test scenarios (all fictional).

See ``chatgen.py`` for the pool language. Slots such as ``{kid}`` or ``{day}`` are filled from each
couple's own values (``GENERIC_SLOTS`` below holds the short replies every couple shares), so the same
line reads differently for every couple and short replies rotate instead of repeating.
"""

GENERIC_SLOTS = {
    "glad": ["good 🙂", "glad to hear", "nice", "ah good", "good good", "that's good", "glad it's going well", "oh good",
             "good to hear", "great to hear", "good stuff 🙂", "ah brilliant", "pleased for you", "that's great news",
             "yay", "oh nice", "glad it went ok", "that's a relief", "good, you deserve it", "ah that's good",
             "nice, well done", "love to hear it"],
    # couple-flavoured defaults (a story may give its own)
    "ourplace": ["our old flat", "the pub where we had our first date", "the registry office", "the chippy we always went to",
                 "the bench by the river", "the hospital where the kids were born", "the cinema we used to go to"],
    "memory": ["the time the tent blew away", "when we painted the hall and got more on us than the walls",
               "that new year's when we fell asleep at 10", "our first flat with the mouse",
               "the camper van that broke down twice", "when you tried to make sushi",
               "the wedding where the best man forgot the rings", "the night the kids were both sick on the ferry"],
    "miss_thing": ["your pancakes", "our sunday mornings", "your terrible singing", "the four of us on the sofa",
                   "your cold feet", "falling asleep in front of the telly with you", "our rubbish quiz team",
                   "you reading the news out to me", "cooking together on a friday", "the school run chats"],
    "activity": ["a walk by the river", "a coffee", "the cinema", "the pub quiz", "a curry", "a walk with the kids",
                 "brunch", "a drink after work", "the car boot sale"],
    "warm_reply": ["that's really nice to hear", "you've made my day", "that's so lovely", "stop, you'll make me cry",
                   "that means a lot", "i needed that today", "that's made me smile", "oh that's lovely",
                   "thank you for telling me", "i'm smiling like an idiot", "that's really kind",
                   "you don't know how much that means", "well that's made my week", "i love that",
                   "that's sweet of you", "aw. thank you"],
    "ack": ["okay", "ok 👍", "ok cool", "okie", "righto", "right ok", "ok great", "ok lovely", "ok sounds good",
            "cool", "cool cool", "sound", "sorted", "lovely", "brill", "perfect", "great", "great stuff", "grand",
            "nice one", "👍🏻", "👌", "yes fine", "fine by me", "works for me", "that works",
            "no worries", "no problem", "sure thing", "will do", "noted, thanks", "got it", "gotcha",
            "understood", "fab", "ace", "good stuff", "okey dokey", "ok that's fine", "yep that's fine", "all good",
            "ok no probs", "np", "ok ta", "yep ok", "ok will do", "ok, makes sense", "that's fine",
            "fair enough", "yes ok", "ok good", "oh ok", "ahh ok", "ok noted"],
    "thx": ["thanks", "thank you", "thanks!", "thank you!", "ta", "ta very much", "cheers", "ty", "thx",
            "thanks so much", "thank you, really", "🙏", "thanks 🙏", "you're a star", "lifesaver", "ah thank you",
            "thanks, appreciate it", "much appreciated", "owe you one", "legend", "thank you thank you", "ta muchly",
            "cheers for that", "brilliant, thanks", "amazing, thank you", "ah great, thanks", "thanks for that",
            "perfect, ta", "oh thank god, thanks", "thanks a lot"],
    "curt": ["ok", "k", "ok.", "fine", "fine.", "sure", "sure.", "right", "noted", "yep", "whatever works",
             "if you want", "mm", "ok then", "yeah ok", "got it.", "alright.", "if you say so", "whatever",
             "do what you want", "k.", "yup", "noted.", "right.", "fine whatever", "as you like", "ok fine", "yes.",
             "👍", "ok noted.", "yes fine.", "if you like", "suppose so", "ok whatever", "sure, whatever", "mhm",
             "ok got it", "fine, ok", "yep.", "ok sure", "👌🏻", "that's fine.", "right, ok", "whatever's easiest",
             "your call", "ok thanks.", "no.", "not sure", "we'll see", "maybe", "kk", "ok ok"],
    "curtq": ["fine", "fine.", "ok", "alright", "not bad", "same as ever", "it was fine", "busy", "ok thanks.", "fine thanks.",
              "good.", "it's fine", "all fine", "ok.", "yeah fine", "nothing to report", "standard", "fine, busy"],
    "laugh": ["haha", "😂", "😂😂", "hahaha", "lol", "lmao", "haha brilliant", "🤣", "ha!", "hahahaha", "omg 😂",
              "dying 😂", "lol amazing", "haha classic", "😂 stop", "ha ha", "lolol", "😆", "hahah", "ha love it",
              "haha no way", "😂😂😂", "hahaha stop", "lmaooo", "ha brilliant", "💀", "haha amazing", "omg", "hahaha love",
              "crying 😂", "ha of course", "🤣🤣", "lol classic", "pmsl", "haha fair"],
    "aww": ["aww", "aw bless", "aww bless them", "ahh", "aw that's lovely", "🥹", "aww ❤️", "so cute", "oh bless",
            "aww love that", "ah bless", "aww amazing", "oh that's so sweet", "ahh bless them", "aw 🥰", "awww",
            "aw man, cute", "bless their heart", "aw brilliant", "so sweet 🥹", "aww look"],
    "xo": ["x", "xx", "❤️", "😊", "x 😊", "❤", "🥰", "😘", "x ❤️", "💕", "xxx", "🤍", "😊 x", "☺️", "😊😊",
           "🙂 x", "x x", "❤️❤️", "🥹❤️", "aw x", "💛", "😘 x", "😍", "🫶", "x 🥰", "love that x",
           "😊❤️", "🙂🙂", "💜", "🤗", "x 💕", "xx 😊", "🥰🥰", "❤️ x", "☺️ x", "😘😘", "x 🤍", "🧡", "lovely x",
           "😊 xx", "🙂❤️", "x 😘", "aww x", "xxx ❤️", "🫶🏻", "night night ❤️", "💗", "x 🙂", "😌", "🥲❤️"],
    "night": ["night x", "night", "nighty night", "night night", "sleep well", "sleep well x", "night 😴",
              "night, speak tomorrow", "night night x", "sleep tight", "nite x", "night ❤️", "night you", "night, sleep well",
              "nighty night x", "sweet dreams", "night 🙂"],
}

LIBRARY = r"""
# =====================================================================  LOGISTICS (neutral, the bulk)
# Replies marked "~" answer the opening line: they take the same position in their list.
=== pickup_ask U logistics
U: can you do pick up {day}? i'm stuck at work till 6 | any chance you could get {kids} from school {day}? | are you ok to grab them from school {day}, my meeting got moved | could you do the school run {day} morning? got an early start | can you collect {kid} from {club} {day}? it finishes at {time} | is there any way you can do pick up {day}, i've got a doctor's appointment
P: yep can do | yes that's fine | yeah no problem | can do | should be fine yeah | i can do that | yes, leave it with me
.cold: {curt} ##curt | if i have to ##curt | {curt} ##curt
.warm: course! i'll take them to the park after if it's nice | yes happy to 😊 | yes!! i miss the school gate chaos tbh | of course, give me any excuse to see them
U?: {thx}

=== pickup_ask_p P logistics
P: any chance you could have them {day} night? work have put me on a late | would you mind doing {club} {day}? i can't get there for {time} | can you do drop off {day}? i've got an 8am | could you keep {kid} {day} after school? i've got the dentist myself | can you grab {kid} from {club} {day}? car's in the garage
U: yes that's fine | yep no worries | of course | sure, i'll sort it | yeah should be ok, i'll move something | {ack}
.warm: course i can. everything ok? ##interest | yes no problem at all x | always 😊
P?: {thx}
.cold: {curt} ##curt

=== swap_weekend A logistics
A: can we swap weekends? {fam} has a thing on the {date} | is there any chance we could swap this weekend for next? | would it mess things up if i had them next weekend instead of this one? | any way we can swap weekends, i've got a work do on saturday | could we swap sundays this month? there's a wedding
B: let me check and get back to you | should be fine, let me look at the calendar | yeah ok, we'll swap | that works actually | i think so, i'll double check the rota
.cold: {curt} ##curt | whatever works ##curt
.warm: yes no problem, hope it's a good one 😊 | course, we can be flexible x | yes fine, have fun!
A?: {thx} | thanks, i'll let {kids} know | brilliant, i'll put it on the calendar | you're a star

=== school_item A logistics
A: {kid} needs {item} for {day}, is it at yours? | have you got {kid}'s {item}? school want it {day} | do you know where {kid}'s {item} went? | {kid} says the {item} is at yours?? | can't find {kid}'s {item} anywhere and it's needed {day}
B: yes it's here, i'll drop it round | no i think it's in the car | not here, have you checked under the stairs | yes, i'll bring it to school in the morning | hang on i'll look | i'll have a look when i'm home
.cold: not here ##curt | {curt} ##curt | i'll check ##curt
A?: {thx} | phew | 🙌 | ok i'll keep looking

=== club_reminder A logistics
A: reminder {kid} has {club} {day} at {time}, kit is in the blue bag | don't forget {club} {day}! {time} start | {kid} has {club} {day}, it's moved to {time} this week | just so you know {club} is cancelled {day}, the coach is ill | {club} want the subs for next term by {day}
B: {ack} | thanks for the heads up | thanks, i'd have forgotten | i'll set a reminder | {thx}
.cold: {curt} ##curt
.warm: thank you, what would i do without you x ##affection | ha thanks, you know me too well

=== handover_time A logistics
A: what time are you dropping them back {day}? | what time do you want them back {day}? | are we still doing {time} for handover {day}? | shall i bring them round at {time} {day}? | what time suits for handover {day}?
B~: about {time}? | {time} if that's ok | yes, {time} still works | {time} is perfect | can we say {time}, {kid} has a party
.cold: {time} ##curt | {curt} ##curt | {time}.
A: {ack} | see you then | that's fine | {ack}, see you then
.cool: {ack}

=== running_late A logistics at=8-18
A: running 10 mins late sorry, traffic is mad | on my way, 5 mins | stuck behind a bin lorry, be there asap | sorry, running late. {kid} couldn't find a shoe | 15 mins late sorry sorry | just leaving now, roadworks on the ring road | sorry!! be there in 10
B: no rush, they're watching telly | ok they're ready when you are | that's fine | {ack} | no panic, we're not going anywhere | no worries, they're still eating
.cold: {curt} ##curt
.warm: no rush, drive safe x ##affection | haha classic. see you soon | no worries, i'll put the kettle on ##future

=== parents_evening A logistics
A: parents evening is {day}, {time}. are you coming? | got the parents evening slot, {day} at {time}. can you make it? | school want to see us about {kid}'s reading, {day} at {time}, can you make it? | {kid}'s school report came, i'll bring it {day} | the school sent {kid}'s test results, want me to forward them?
B~: yes i'll meet you there | i'll try, might be a bit late | yeah i'll be there. is everything ok? | thanks, i'll read it then | yes please, send them over
.cold: i'll be there ##curt | {curt} ##curt
.warm: yes definitely. shall we grab a coffee before? ##future | course, i want to hear it all | yes please!! how did they do? ##interest
A?: {ack} | see you there | ok good

=== money_bills A logistics
A: council tax has gone out, can you send your half when you can | the water bill came, it's £84. can you send half? | did you cancel the netflix or shall i? | can you send the money for {kid}'s {club}? it's £35 for the term | just transferred you the money for the school trip | the car insurance renewal came through, it's gone up again
B~: will do tonight | ok sending now | i'll cancel it, it's on my card | yep i'll sort it at the weekend | got it thanks | of course it has. i'll have a look
.cold: sent ##curt | {curt} ##curt
A?: {thx} | received, thanks | ta

=== dentist A logistics
A: {kid} has the dentist {day} at {time}, can you take them? | {kid}'s eye test is booked for {day}. can you do it? | doctor's rang, {kid}'s jabs are {day} at {time}. can you take them? | the orthodontist letter came for {kid}, it's {day}. can you go? | {kid} needs a hearing test, they've sent a date for {day}. can you do it?
B: yes i can take them | can you do it? i'm at work | i'll go, send me the letter | i'll put it in my calendar | should be fine, where is it again | i can do that one
.cold: can't, work ##barrier | {curt} ##curt
A?: i'll send you a photo of the letter | ok i'll do it then | {thx}

=== trip_form A logistics
A: did you sign the trip form? it's due {day} | the trip money needs paying by {day}, it's £12 | have you seen the email about {kid}'s residential? | school need a consent form for {kid}'s swimming lessons | there's a form for {kid}'s school photos, do we want the big pack?
B~: yep signed it and it's in the book bag | i'll pay it on the app tonight | no i haven't seen it, can you forward it | i'll sign it tonight | god no, just the small one 😂
.cold: done ##curt | {curt} ##curt
A?: {ack} | {thx}

=== lost_item A logistics
A: have you got {kid}'s {lost}? can't find it anywhere | {kid} is in bits because the {lost} is missing, is it at yours? | please tell me the {lost} is at yours | {kid}'s {lost} has gone awol | emergency: the {lost} is missing and bedtime is in 20 mins
B: yes it's here! | it's in my car, i'll drop it over | not here sorry, have you checked the car | yes, under the sofa 😂 | i'll look when i get in | oh no. check the book bag
.cold: not here ##curt | i'll look ##curt
A?: thank god | phew. crisis averted | {kid} says thank you | {thx}

=== sick_kid A logistics at=7-10
A: {kid} has a temperature, keeping them off today | {kid} was sick in the night, no school today | school rang, {kid} has a headache and i've picked them up | {kid} has got the cough everyone's got | {kid} has come out in a rash, going to ring 111 to be safe
B: oh no, poor thing. need anything? | poor baby. keep me posted | ah no. is it the bug going round? | oh god. let me know what they say | do you want me to come and sit with them?
.cold: {curt} ##curt | let me know ##curt
.warm: oh no, poor love. want me to bring some ice lollies round? | ugh poor thing. and poor you, you must be shattered ##interest
A: no we're ok, calpol and cartoons | i think it's just the bug | if you could call at teatime to cheer them up that would be nice | i'll let you know how they are later
B?: ok, give them a cuddle from me | let me know if it gets worse | tell them i love them

=== house_boiler U logistics
U: boiler's making that noise again. who was the guy we used? | the kitchen tap is dripping again, who did it last time? | there's a damp patch in the bathroom ceiling, do you know a roofer? | the fence blew down in the wind last night 🙄 who did it last time? | the washing machine has flooded the kitchen 😩 who fixed it before?
P~: it was Gary, i'll send you his number | the plumber from the facebook group, i'll find him | try the guy who did next door's roof | Dave from work, i'll message him | it was the guy from the yellow van, i'll dig out the number
.cold: i'll send the number ##curt | google it ##curt
U?: {thx} | found it, thanks

=== post_letter U logistics
U: there's a letter for you here from the bank | you've got post here, looks official | your new driving licence came | a parcel came for you, it's massive | you've got a letter from the dentist here
P: can you leave it on the side, i'll get it {day} | just open it and send me a photo | thanks, i'll grab it when i drop the kids back | chuck it in {kid}'s bag
.cold: leave it ##curt | {curt} ##curt
U?: {ack} | it's on the side

=== car A logistics
A: can i borrow the car {day}? mine's in for its MOT | the car's making a weird noise when i brake | did you leave the car seat in your car? | the tax is due on the car next week | the car's got a flat tyre, do you still have the pump?
B~: yes that's fine, keys are in the usual place | get it looked at, don't leave it | yes sorry, i'll drop it round | i've paid it already | it's in the boot of mine
.cold: {curt} ##curt
A?: {thx} | {ack}

=== party_invite A logistics
A: {kid} has been invited to {friend_kid}'s party {day}. who's taking? | birthday party {day} at the soft play, it's your weekend. can you take them? | {kid} got an invite to {friend_kid}'s party, do we need a present? | {friend_kid}'s mum asked if {kid} can go for a sleepover {day}
B~: i can take them | i'll do it if you get the present 😂 | yes, i'll get one on the way | fine by me if {kid} wants to
.cold: i'll take them ##curt | {curt} ##curt
A?: deal | {ack} | {thx}

=== shoes A logistics
A: {kid} needs new school shoes, they're falling apart | {kid} has grown out of all their trousers again | {kid} needs a new coat, the zip's gone | {kid}'s trainers have a hole in already | {kid} needs a swimming costume, the old one's see-through 🙈
B: i'll take them saturday | i'll order some tonight | again?? ok i'll sort it | want me to go halves? | i'll have a look online
.cold: i'll sort it ##curt | {curt} ##curt
A?: {thx} | {ack}

=== half_term A logistics
A: what are we doing about half term? | have you booked your week off for the summer yet? | school holidays are in 3 weeks, we need a plan | {fam} offered to have them for a couple of days in the holidays | the holiday club has spaces, shall i book a few days?
B~: can we sit down and do a calendar? | i've got the first week off | i'll check the rota and let you know | that would help a lot actually | yes please, the tuesday and wednesday
.cold: i'll let you know ##curt | not sure yet ##curt
A?: {ack} | let me know

=== grandparents A logistics
A: {fam} wants to have the kids {day}, is that ok? | {fam} asked if they can take the kids to the seaside {day} | {fam} is in hospital for a few days, just so you know | {fam} wants to know what the kids want for their birthdays
B~: yes of course | that's kind of them, yes | oh no, is everything ok? ##interest | lego. always lego
.cold: {curt} ##curt
A~: thanks, i'll let them know | they'll be thrilled | it's fine, just a check up | that's what i said 😂

=== homework A logistics
A: {kid} has spellings for {day}, they're in the reading folder | can you do {kid}'s reading with them tonight? | {kid} has a project on the tudors due {day} 😩 | {kid}'s homework is on the app, can you check it | {kid} has to make a volcano for {day}. a VOLCANO
B~: {ack} | we did the reading already | oh god, i'm rubbish at history | i'll make sure they do it | bicarb and vinegar, we've got this
.cold: {curt} ##curt
A?: {thx} | good luck 😂

=== where_is A logistics
A: where's the calpol? | where do we keep the spare key? | what's the wifi password again? | where did you put the christmas decs? | what's the code for the bike lock? | where's the paperwork for the boiler?
B~: cupboard above the kettle | in the drawer with the batteries | on the back of the router | loft, left hand side | it's {kid}'s birthday | blue folder, study shelf
.cold: same place as always ##curt | look properly ##curt
A?: found it thanks | of course it is | {thx}

=== call_kids A logistics at=9-17
A: can {kid} ring you at 7 to say night? | can i facetime the kids tonight? | {kid} wants to call you, is now ok? | i'll call at 6 to say hi to them if that's ok | {kid} wants to show you their new tooth gap on facetime
B~: yes please | yes of course | give me 10 mins | yep, after tea is best | go for it
.cold: {curt} ##curt
.warm: yes please, i love it when they call | course, always x | yes!! ring now
A?: {ack}

=== forms A logistics
A: school need your mobile number updating on the system | can you fill in the free school meals form, it needs both of us | the dentist wants your new address | the GP needs to know about the change of address | the after school club needs an emergency contact form
B: i'll do it tomorrow | what do i need to fill in? | send it to me | i'll ring them | will sort it this week
.cold: {curt} ##curt
A?: {thx} | i'll forward it

=== tesco A logistics
A: i'm at {shop}, do you need anything for the kids' packed lunches? | going to {shop}, want me to grab anything for the weekend? | {shop} have got the yoghurts {kid} likes on offer, want some? | i'm at {shop}, is it the blue or green squash they like | at {shop}, do they still like the dinosaur pasta?
B~: maybe some cheese strings | no i did a big shop, thanks | yes grab a few please | blue | only the dinosaur one, don't get the stars
.cold: no ##curt | {curt} ##curt
A?: {ack}

=== weekend_plan A logistics
A: what are you doing with them this weekend? | got anything planned for the kids {day}? | they want to go to {place} this weekend, any chance? | is it ok if i take them to {place} {day}? | thinking of taking them to {place} on sunday, ok with you?
B~: thinking {place} if the weather's ok | nothing much, probably just the park | i'll see what i can do | yes that's fine, they'd love it | fine with me, take suncream
.cold: not sure yet ##curt | {curt} ##curt
A?: sounds good | {ack}

=== gp_appt A logistics
A: {kid} needs the booster jab, can you book it? | can you ring the surgery in the morning, i'm on a call at 8 | the prescription for {kid}'s inhaler is ready | {kid}'s inhaler is running out | the pharmacy's out of {kid}'s hayfever stuff
B~: will do | i'll ring at 8 | i'll pick it up tomorrow | i'll order another | try the one by the station
.cold: {curt} ##curt
A?: {thx}

=== clothes A logistics
A: {kid} came back without their coat | can you send {kid}'s swimming stuff back? | {kid}'s school jumper is still at yours | you've got all the PE kits, they need them monday | {kid} came back in odd socks again 😂
B~: oops sorry, i'll bring it over | it's in the wash, i'll drop it tomorrow | yep sorry, i'll bring it | ah sorry, i'll bring them sunday | that was a fashion choice apparently
.cold: i'll bring it ##curt | {curt} ##curt
A?: {ack} | {thx}

=== screen_time A logistics
A: how long are you letting {kid} on the ipad? they were a nightmare tonight | can we agree on phones at bedtime? | {kid} says you let them watch a 15 at yours?? | {kid} wants a phone for their birthday. thoughts?
B~: about an hour, i'll cut it down | yes let's agree, no phones upstairs | it was a 12! but ok, point taken | not yet i don't think. next year maybe
.cold: fine ##curt | {curt} ##curt
A?: {ack} | ok good, same page

=== bday_planning A logistics
A: {kid}'s birthday, shall we do one party or two? | what do you think {kid} wants for their birthday? | i've booked the hall for {kid}'s party, can you do the cake? | how many kids are we inviting to {kid}'s thing?
B~: one, it's easier for them | they keep going on about a bike | yes i'll do the cake. caterpillar again? | the whole class or none, that's the rule
.cold: whatever you think ##curt | {curt} ##curt
A?: {ack} | sounds good

=== uniform A logistics
A: the uniform shop is open saturday, shall i take them? | {kid} needs a new book bag, the strap snapped | name labels arrived, i'll sew them in | can you get {kid} a new lunchbox, theirs stinks
B~: yes please | i'll get one this week | you're a hero | i'll get one at {shop}
.cold: {curt} ##curt
A?: {ack}

=== bins A logistics
A: is it blue bin or black bin this week? | did you put the bins out when you dropped them off? | the recycling didn't get collected again | bins are tomorrow, can you remind {kid} it's their job
B~: blue i think | yes | report it online, they're useless | will do, they'll moan though
.cold: blue ##curt | {curt} ##curt
A?: {thx}

=== nits A logistics
A: nits letter from school 😩 | {kid} has been scratching all evening, i think it's nits | the school says there's nits in {kid}'s class again | checked {kid}'s hair, clear thank god
B~: noooo. i'll get the comb out | oh god. have we got the stuff? | i'll check {kid} when they're here | phew
.cold: {curt} ##curt
A?: {laugh} the glamour | {ack}

=== passport A logistics
A: {kid}'s passport runs out in march, need your signature on the form | can you find {kid}'s birth certificate? i need it for the passport | the passport office want a new photo, {kid} blinked in all of them | i need a letter from you saying i can take the kids abroad in august
B~: bring it over and i'll sign it | it's in the blue folder in the study | {laugh} try again after school | yes i'll write one tonight
.cold: {curt} ##curt | send it ##curt
A?: {thx} | {ack}

=== tech_help A logistics
A: how do i get the kids' tablet on the new wifi? | the ipad's asking for a password i don't know | {kid} changed the language on the tv to spanish | the printer's doing the flashing thing again
B~: settings, wifi, then the code on the router | it's {kid}'s birthday backwards | {laugh} hold the menu button down | turn it off and on, then pray
.cold: {curt} ##curt | google it ##curt
A?: {thx} | worked! | nope. still not working

=== tooth_fairy A logistics
A: tooth fairy emergency. what's the going rate now? | {kid} lost a tooth at yours?? did the fairy come? | the tooth fairy forgot last night 😬 what do i say | {kid} wrote the tooth fairy a letter asking for a pound
B~: a pound max. don't start an arms race | yes, she left a note too | blame the weather | {laugh} tell them she's skint
.cold: a pound ##curt | {curt} ##curt
A?: {laugh} | noted

=== concert A logistics
A: tickets for {kid}'s school concert go on sale {day}, shall i get two? | christmas play is {day} at {time}, {kid} is a sheep | summer show is {day}, {kid} has a speaking part! | {kid} needs a costume for world book day 😩
B~: yes please get two | a sheep! i'll be there | amazing, i'll book the afternoon off | oh no. bedsheet ghost again?
.cold: i'll be there ##curt | {curt} ##curt
.warm: yes please, we can sit together ##future | i'll save us seats ##future
A?: {ack} | {laugh} | done

=== swimming_lessons A logistics
A: {kid} moved up a level at swimming! | swimming lessons are going up to £45 a month | can you do swimming {day}? i'm working late | {kid} needs new goggles, theirs snapped
B~: yes!! tell them well done | of course they are | yep i'll take them | i'll grab some in town
.cold: {curt} ##curt
A?: {thx} | {ack}

=== collect_stuff P logistics
P: can i come and grab the rest of my books {day}? | is it ok if i pick up the toolbox {day}? | i need my winter coat, is it in the loft? | can i come and get my bike at some point?
U~: yes that's fine, what time? | yep, i'll leave it in the porch | i'll have a look tonight | sure, i'm in all morning
.warm: course, come for a cuppa while you're at it ##future | yes, stay for tea if you want ##future
P: about {time}? | i'll be quick | {thx} | i'll text when i'm outside
.cold: {time} ##curt | {curt} ##curt
U?: {ack}

=== drop_off_stuff U logistics
U: i've put {kid}'s meds in the front pocket of their bag | {kid} has had a bath already, just needs bed | {kid} needs their inhaler at bedtime, it's in the bag | sent {kid} with a packed tea, they were starving
P: {thx} | {ack} | good, i'll make sure | noted
.cold: {curt} ##curt

=== rota_share A logistics
A: here's next month's calendar, check it looks right | i've put the holidays in the shared calendar | can you add your work trip to the calendar? | the calendar app says you've got them both weekends in march, is that right?
B~: looks right to me | thanks, i'll check it | will do tonight | no that's a mistake, i'll fix it
.cold: {curt} ##curt | fine ##curt
A?: {ack} | {thx}

=== christmas_kids A logistics
A: how are we doing christmas this year? | the kids want to know where they're waking up on christmas day | what are we getting {kid} for christmas? let's not double up | shall we split christmas day, one of us does the morning and the other the afternoon?
B~: can we talk about it next week? | i think they should wake up in their own beds | {kid} wants the lego castle. i'll get that | that could work
.cold: i haven't thought about it ##curt | let's sort it nearer the time ##distance
.warm: could we all do christmas day together? for them ##future | i'd like us to do the morning together if you're ok with that ##future
A?: {ack} | ok, let's talk | that would be nice

=== playdate A logistics
A: {friend_kid}'s mum asked if {kid} can go round {day} after school | can {kid} have {friend_kid} over on your weekend? | {kid} is begging for a sleepover with {friend_kid} | {friend_kid}'s dad is picking {kid} up {day}, just so you know
B~: {ack} | yes that's fine | maybe next weekend? | thanks for letting me know
.cold: {curt} ##curt
A?: {ack}

=== school_email A logistics
A: did you see the email from {kid}'s teacher? | school have changed the term dates again | there's an inset day {day}, did you know? | {kid}'s class are doing a cake sale {day}, we need to send something
B~: no, what did it say? | of course they have | no! can you have them? | i'll bake something. or buy something and lie
.cold: no ##curt | {curt} ##curt
A~: just that {kid} is doing really well | they've moved the easter holidays by a week | yes i can have them | {laugh} your secret's safe
B?: {ack} | {glad}

# =====================================================================  SMALL TALK (neutral)
=== photo A smalltalk
A: <img> | <img> | <imgfile>look at this face | <imgfile>{kid} at {club} today | <imgfile>guess who lost a tooth | <video> | <imgfile>first go on the big slide
B: {aww} | {laugh} | look at them!! | love that | ahh that face | that's brilliant
.cold: nice ##curt | 👍
.warm: oh my heart ❤️ ##affection | that's made my day, thank you for sending it x ##affection | look at them!! miss them so much today ##missing
A?: they were so proud | they wanted you to see | {kid} says hi

=== bedtime A smalltalk at=19-22
A: both asleep. {kid} wanted the same story three times | {kids} are down, {kid} read on their own tonight | they went down easy tonight for once | {kid} fell asleep mid sentence lol
B: thanks for letting me know | aw that's lovely | good, they were tired | {aww}
.cold: {curt} ##curt | ok thanks ##curt
.warm: aww i love that. thank you for telling me x ##affection | i'll ring them tomorrow before school. night x

=== telly A smalltalk
A: have you watched the new {show} yet | started watching {show} last night, so good | {show} is back!! | no spoilers for {show} please i'm only on episode 3 | did you see {show} last night?
B: not yet! no spoilers | i'm on episode 4 | it's so good isn't it | haha i won't say a word | i know!!!
.cold: not yet ##curt | {curt} ##curt
.warm: no way, i was literally going to message you about it | we always used to watch that together ##nostalgia | save it and we can watch it together sometime? ##future
A?: honestly it's the best thing on | let me know when you've seen it | no spoilers, promise 🤐

=== weather A smalltalk
A: this heat is unreal | it's absolutely chucking it down | that storm last night 😳 | finally some sun | it's freezing, is it just me | the fog this morning was biblical
B~: i know, my place is like an oven | the kids will be soaked | did you lose any fence panels? | i know, lovely isn't it | not just you | couldn't see the end of the road
.cold: yeah ##curt | {curt} ##curt
A?: {laugh} | make sure they take coats

=== kid_funny A smalltalk
A: {kid} just asked if the moon follows our car | {kid} told the teacher we have a pet crocodile | {kid} has decided they're a vegetarian except for sausages | {kid} asked me what a mortgage is, i said a monster 😂 | {kid} put their shoes on the wrong feet and refused to change them | {kid} asked if i was alive when the dinosaurs were
B: {laugh} | what did you say?? | that's so them | 😂 i love them | stop
.cold: {curt} ##curt
.warm: stop 😂 i needed that today | hahaha. they're so you ##affection | 😂 i miss these conversations ##missing
A?: i said yes obviously | apparently i'm "mean" now | they're hilarious

=== local_news A smalltalk
A: they're finally fixing the road by the school | the cafe on the corner has shut down | did you see they're building flats on the old garage | the chippy's changed hands, it's not the same | the big tree on the green came down in the wind | there's a new bakery where the bank was
B~: about time | oh no, not the cafe | yeah i saw, they're massive | noooo | oh no, the kids loved that tree | ooh. dangerous
.cold: {curt} ##curt
.warm: no! that was our place ##nostalgia | oh that's sad, we had our first brunch there ##nostalgia
A?: i know | end of an era | {laugh}

=== football A smalltalk
A: did you see the score last night | {kid} scored at football!! | match was a disaster lol | {kid} came off the pitch crying because it was "too windy" | {kid} got player of the match!
B~: yes i was shouting at the telly | no way!! tell them well done | 😂 what happened | poor thing | amazing!! proud
.cold: tell them well done ##curt
A?: they were buzzing | they want you to come and watch ##future | they survived

=== work_chat A smalltalk
A: work is mental this week | had the most ridiculous meeting today | they've moved my desk next to the printer 🙄 | boss was in a mood all day | someone microwaved fish in the office again
B: oh no | ugh, sounds painful | i'm sorry, that sounds rubbish | {laugh}
.cold: {curt} ##curt
.warm: oh no, you ok? want to moan about it tonight? ##interest,future | poor you. you'll smash it though ##affection
A?: it's fine, just tired | i'll survive | lol yeah

=== food A smalltalk
A: made {food} tonight and {kid} ate it all | {kid} wants {food} every night now | tried a new recipe, total disaster | do you have that {food} recipe? | the kids made {food} with me, kitchen looks like a bomb hit it
B~: a miracle | {laugh} | oh no | yes i'll send it | love that
.cold: {curt} ##curt
.warm: that was always my favourite 😊 ##nostalgia | haha i'm honestly impressed
A?: they loved it | {thx}

=== traffic A smalltalk
A: the traffic on the bypass is insane today | trains are cancelled again 🙄 | someone's parked across the drive again | they've closed the bridge for a week
B~: avoid it, go through town | classic | knock on their door | oh great, that'll be fun
.cold: {curt} ##curt
A?: {laugh} | {ack}

=== music A smalltalk
A: {kid} has discovered abba | {kid}'s recorder practice is going great. for the neighbours | {kid} wants to learn the drums. please say no | {kid} sang in assembly today, first time
B~: the whole house will be mamma mia now | {laugh} | no. absolutely not | no way!! how did it go?
.cold: {curt} ##curt
.warm: oh i'd have loved to see that. did anyone film it? | haha remember when we saw abba voyage ##nostalgia
A?: they loved it | i'll send you the video

=== bargain A smalltalk
A: got {kid} a new bike off facebook marketplace for £20 | the charity shop had a full lego set for £3 | got the kids' christmas pyjamas already, don't judge | found a tenner in my old coat
B: bargain! | you're so good at that | {laugh} | nice
.cold: {curt} ##curt
A?: the thrill | 😎 | i'm a marketplace legend | don't tell anyone

=== neighbour A smalltalk
A: the neighbours are having a party again | next door's dog got into the garden again | the new neighbours seem nice, they brought round a cake | someone's car alarm has been going for an hour
B~: of course they are | {laugh} | oh that's nice | nightmare
.cold: {curt} ##curt
A?: {laugh} | i know

=== town_news A smalltalk
A: they're opening a new soft play by the retail park | the library has a dinosaur thing on all summer | there's a food festival in the park {day} | the cinema's doing £3 kids' films in the holidays
B: {kid} will want to go every day | ooh good to know | that sounds fun | {ack}
.cold: {curt} ##curt
.warm: we should take them ##future | ooh shall we go? ##future
A?: {ack} | yeah

=== phone_news A smalltalk
A: my phone's died, messaging from the laptop | got a new phone, it's doing my head in | cracked my screen again 🙄 | my phone's on 2% so if i go quiet that's why
B~: {laugh} | it'll settle down | you need a case | {ack}
.cold: {curt} ##curt

=== ill_me A smalltalk
A: got the cold the kids had 🤧 | back's gone again, can barely move | migraine today, lying in a dark room | think i've got food poisoning, don't ask
B: oh no, rest up | ouch. take it easy | ugh, hope it passes | oh no. need anything?
.cold: hope you feel better ##curt | {curt} ##curt
.warm: oh no! want me to drop some soup round? ##interest | poor you. look after yourself x ##affection
A?: {thx} | i'll live | it's fine, just need to sleep

=== quiz A smalltalk
A: what's the capital of australia. {kid} is testing me and i've panicked | how many legs does a lobster have. urgent | what's 7 x 8. i've forgotten everything | is a tomato a fruit. settle an argument
B~: canberra | ten | 56. shameful | yes. doesn't mean it goes in a fruit salad
.cold: {curt} ##curt
A?: {thx} | 🙈 | ha! i was right

=== school_run_chat A smalltalk at=8-10
A: {kid} talked the whole way to school about minecraft | {kid} got to school and remembered it was non uniform day | saw {friend_kid}'s mum at the gate, she says hi | school gate gossip: the head is leaving
B~: {laugh} | oh no | say hi back | no way
.cold: {curt} ##curt

# =====================================================================  INTEREST (someone asks about the other's life)
=== how_work A interest,tail_interest_u
A: how was work today? ##interest | how did the big meeting go? ##interest | how's the new job going? ##interest | did you get the training thing sorted? ##interest | how's the new manager? ##interest | did your appraisal go ok? ##interest
B~: not bad actually, better than i thought | it went really well, thanks for asking | still settling in, it's a lot | yeah all sorted now | ok so far. bit intense | fine, they were happy
.cold: {curtq} ##curt | busy ##curt
.warm: honestly really good! i'll tell you about it {day}? ##future | thanks for asking 😊 so much better than i expected
B?: how about you? ##interest | you? ##interest | how's yours been? ##interest | and you? how was yours? ##interest | what about you, good day? ##interest | how was your day? ##interest
.cold:
A?: {glad} | good, glad it's going ok | that's great

=== how_fam A interest,tail_interest_u
A: how's {fam_other} doing? ##interest | is {fam_other} feeling better? ##interest | how did {fam_other}'s op go? ##interest | did {fam_other} get the results back? ##interest | how's {fam_other}'s new hip? ##interest
B: much better thanks | on the mend | still a bit wobbly but ok | not great tbh | getting there, slowly
.cold: fine ##curt | ok thanks ##curt
.warm: so much better, thank you for asking. it means a lot ##affection | better, they were asking after you actually
A?: {glad} | send them my love | that's good to hear

=== how_you A interest,tail_interest_u
A: how are you doing, really? ##interest | you doing ok? you seemed tired at pick up ##interest | how's your place? settling in? ##interest | are you sleeping any better? ##interest | how are you holding up? ##interest
B: i'm ok. up and down | getting there | tired but ok | ok i think | not really but thanks for asking
.cold: i'm fine ##curt | i'd rather not get into it ##distance | fine. busy ##curt
.warm: honestly? better than i've been in a while. thank you for asking x ##affection | getting there. talking to you helps ##affection
A?: ok. i'm here if you need anything | glad you're ok | take care of yourself | {glad}

=== hobby A interest,tail_interest_u
A: did you go to the gym in the end? ##interest | how's the running going? ##interest | did you finish that book? ##interest | how was the gig? ##interest | did you go to the allotment? ##interest | how was your night out? ##interest
B~: yes! first time in weeks | did 5k on sunday | nearly, it's so good | it was amazing | yes, the tomatoes are going mad | good, a bit too much wine
.cold: yeah ##curt | no ##curt
.warm: yes! thought of you, you'd have loved it | it was brilliant, wish you'd been there ##missing
A?: {glad} | sounds great

=== how_week A interest,tail_interest_u max=8
A: how's your week going btw? ##interest | how was your weekend? ##interest | did you get any sleep last night? ##interest | how was the course? ##interest | how are you feeling about {day}? ##interest
B~: ok thanks, busy | quiet, which was nice | a bit. better than nothing | good actually, learnt loads | a bit nervous
.cold: fine ##curt | {curtq} ##curt
.warm: really good, thanks for asking! how are you? ##interest | good! tell you about it {day} ##future | honestly lovely, i'll tell you all about it
A?: {glad}

# =====================================================================  LIGHT (the user keeps it light: memories, jokes, kids)
=== memory_holiday U light
U: {kid} found the photos from {holiday}. the one of you in the wetsuit 😂 ##nostalgia | the kids were asking about {holiday} today, they remember the ice cream van ##nostalgia | found the old camping stuff in the loft. so many memories ##nostalgia | heard {song} on the radio and laughed ##nostalgia | {kid} wants to go back to {holiday}. they still talk about the rockpools ##nostalgia
P: oh god don't | yeah | that was a good trip | ha
.cold: {curt} ##curt |
.cool: ha. yeah | lol i remember | ha. good times
.warm: best holiday we ever had ##nostalgia | haha i still think about that trip ##nostalgia | i was just thinking about that the other day ##nostalgia
.hot: that's still my favourite holiday. all four of us ❤️ ##nostalgia,affection | we should go back one day ##future,nostalgia
U?: good times | it was brilliant | we should take them back one day ##future

=== joke U light
U: saw a man walking a cat on a lead. thought of you | the neighbour's got another gnome. that's 14 now | {kid} has been doing your impression of the sat nav 😂 | there's a pigeon that sits on the bins every morning. i've named it gary | the ice cream van plays greensleeves out of tune now. it's haunting | someone's put a traffic cone on the statue again
P: 😂 | lol | haha
.cold: lol ##curt |
.cool: haha | ha nice | lol
.warm: 😂😂 stop it | hahaha i miss your commentary on the neighbours ##missing | {laugh} only round there
U?: i'll keep you updated | it's a whole saga | 🙃

=== kids_news U light at=15-21
U: {kid} got star of the week today! | {kid} read a whole book on their own tonight | {kid} made you a card at school, i'll send it with them | {kid} asked if you could come to the assembly {day} | {kid} swam a whole width without armbands!!
P~: aww amazing | that's brilliant | aw bless them | tell them i'll be there | no way!
.cold: tell them well done ##curt |
.warm: i'm so proud of them. thank you for telling me ❤️ ##affection | that's made my day | oh i'd love that ##future
U?: they're so proud | they wanted you to know | they were buzzing

=== shared_show U light max=5
U: they've brought back {show}. remember we watched it every sunday ##nostalgia | tried to make your curry. not the same ##nostalgia | walked past the pub where we had {kid}'s christening do ##nostalgia | found your old mixtape in the car. the one with the terrible handwriting ##nostalgia
P~: oh i remember | ha, more chilli | ha, that day | ha. side B
.cold: {curt} ##curt |
.cool: yeah | ha
.warm: those sundays 😊 ##nostalgia | you need more chilli. and patience ##nostalgia | oh that day. {fam_other} danced on the table ##nostalgia | side B is the good side ##nostalgia
U?: {laugh} | they were good times | 🙂

=== good_luck U light
U: good luck today with the interview, you've got this ##interest | hope the first day goes ok ##interest | thinking of you today with {fam_other}'s appointment ##interest | good luck with the exam, you've worked so hard ##interest | hope the driving test goes ok! ##interest
P: {thx} | thanks, nervous | appreciate that
.cold: thanks ##curt |
.warm: thank you, that means a lot x ##affection | thank you!! i'll let you know how it goes
U?: you'll be great | 🤞 | let me know

=== kid_quote U light max=4
U: {kid} asked me today why we don't live together anymore. i said we both love them and that won't change | {kid} drew a picture of all of us and the dog. i've put it on the fridge | {kid} said you do the best voices at story time. i've been told to practise
P~: that's the right answer | aw. can i see it? | ha, it's all in the eyebrows
.cold: {curt} ##curt |
.warm: thank you for saying that to them ##affection | send me a photo? i want to see ❤️ | i'll give you a lesson sometime 😊 ##future
U?: {xo}

# =====================================================================  PARTNER WARM (the partner opens)
=== warm_thinking P warm,tail_warm_p
P: was just thinking about you ##affection | heard {song} in the car and had to pull over ##nostalgia | drove past our old road today ##nostalgia | the kids were so lovely today, you've done such a good job with them ##affection | miss the sunday mornings ##missing | you looked nice at pick up btw ##affection | walked past the place we had our first date ##nostalgia
U: that's nice to hear | oh wow | {warm_reply} | thank you. really ##affection | i think about it too
.hot: that's really nice to hear. thinking about you too ##affection
P?: anyway. hope you're having a good day ##interest | sorry, random. just wanted to say it | that's all 😊
U?: you too x ##affection | {xo} | glad you did

=== warm_memory P warm,tail_warm_p
P: remember that awful b&b in {holiday_town} ##nostalgia | do you remember when {kid} said their first word and it was "biscuit" ##nostalgia | found the video of our wedding dance. we were so bad ##nostalgia | {fam_other} sent me a photo of us from years ago. we look about 12 ##nostalgia | remember when we got lost on the way to your cousin's wedding ##nostalgia
U~: oh god yes. the carpet ##nostalgia | and not even mummy or daddy 😂 ##nostalgia | haha we were terrible | send it! | the sat nav sent us to a farm ##nostalgia
P~: and the landlady's dogs ##nostalgia | they knew their priorities | we were happy though ##nostalgia | <img> | that day was chaos
.hot: we were so happy. i think about that a lot ##nostalgia,missing
U?: we were | we really were | ❤️ ##affection

=== warm_missing P warm,tail_warm_p
P: i miss you. weird saying that ##missing | the flat is so quiet tonight. miss the chaos ##missing | is it strange that i miss your terrible singing ##missing | kind of miss arguing about the thermostat with you ##missing | miss our tea and toast in bed on sundays ##missing
U~: i miss you too ##missing | the chaos misses you too ##missing | it's not strange. i'll sing down the phone ##missing | the thermostat misses you too. it's on 19 ##nostalgia | i still make two cups sometimes ##missing
P?: night x ##affection | sorry, i know that's a lot | ok i'm going to sleep before i say something soppy
U?: {night} | don't be sorry | {xo}

=== warm_thanks P warm,tail_warm_p
P: thank you for being so good about everything lately ##affection | i really appreciate how patient you've been ##affection | you're a really good parent, i don't say it enough ##affection | thanks for today, it was nice ##affection | thank you for listening last night. i needed that ##affection
U: {warm_reply} | thank you for saying that | thank you ❤️ ##affection | i'm trying | any time. i mean it
P?: i mean it | i notice it | i know you are | well you are | you really are | it's true
U?: {xo}

=== warm_future P warm,future
P: do you fancy getting dinner {day}? just us ##future | shall we take the kids to {place} together {day}? ##future | want to come to {kid}'s {club} thing together? we could get food after ##future | fancy a walk {day}? the four of us ##future | shall we do a film night with the kids {day}? i'll bring popcorn ##future
U: yes i'd like that ##future | yes! let's do it ##future | sounds lovely ##future | i'd really like that ##future | go on then 😊 ##future
P: {time}? | i'll sort it | ok it's a date. well. not a date. you know | 😊 | it's a plan
U?: perfect | can't wait | see you then x

=== warm_checkin P warm,interest,tail_warm_p max=10
P: how are you doing? properly i mean ##interest | how was your week? ##interest | did you sort the thing with your boss? ##interest | how's {fam} doing? ##interest | are you looking after yourself? ##interest | did you get a lie in? you deserve one ##interest,affection
U~: i'm ok. better than i was | good thanks, busy | yes it's all sorted, thank god | they're ok, asking after you | trying to | sort of 😂
P?: good. i worry about you ##affection | glad to hear it | if you need anything just say | you deserve a break ##affection | good, that makes me happy ##affection | tell me more when i see you ##future
U?: thanks for asking | you? ##interest | {xo}

=== warm_compliment P warm,tail_warm_p
P: {kid} said you've been teaching them to cook. that's lovely ##affection | you always know what to say to {kid} when they're upset. i've been trying to do it your way ##affection | the garden looks amazing btw, saw it at drop off ##affection | love the new haircut. suits you ##affection
U~: ha, they're better than me already | you're doing great with them too ##affection | it took me all weekend 😅 | oh thank you 😊
P?: i mean it | {xo}
U?: {xo}

=== warm_song P warm,tail_warm_p
P: {kid} was singing {song} in the car and i welled up ##nostalgia | listening to the playlist you made me years ago. still the best one ##nostalgia | found your old hoodie in a box. i'm keeping it 😊 ##nostalgia,affection
U~: where did they learn that?? | you kept that?? | that's my favourite hoodie!
P~: from me. obviously ##nostalgia | of course i did | it still smells like you ##missing
U?: 🙂 | {xo}

=== warm_place P warm,tail_warm_p
P: walked past {ourplace} today ##nostalgia | drove past {ourplace} and smiled like an idiot ##nostalgia | went past {ourplace}. brought back a lot ##nostalgia
U: {warm_reply} | oh god, i haven't been there in years | good memories i hope
P: good ones ##nostalgia | only the good bits | some of the best days ##nostalgia | all of it. we were lucky ##nostalgia
U?: {xo} | they were

=== warm_memory2 P warm,tail_warm_p
P: remember {memory}? ##nostalgia | was telling someone at work about {memory} 😂 ##nostalgia | still laugh about {memory} ##nostalgia | {kid} found a photo from {memory} ##nostalgia
U: {laugh} i'd forgotten about that | oh don't | i'll never live that down | that was all your idea | stop 😂
P: best days ##nostalgia | we were a good team ##nostalgia | i miss that ##missing | never change
.hot: i think about us a lot lately ##missing | we were good at the chaos ##nostalgia
U?: me too ##missing | {xo} | we were

=== warm_miss2 P warm,tail_warm_p
P: i miss {miss_thing} ##missing | weirdly miss {miss_thing} ##missing | i'd give anything for {miss_thing} right now ##missing
U: me too ##missing | {warm_reply} | really? | it's still here. so am i ##affection
P?: sorry. just a bit sad tonight | {xo} | i know ##affection
U?: {xo} | don't be sorry | {night}

=== warm_goodnight P warm at=21-23
P: night. hope you sleep ok ##affection | just wanted to say goodnight x ##affection | sleep well. big day tomorrow ##affection | night. thanks for today ##affection | night x hope your back's better ##affection,interest
U: {night} | you too x ##affection | {xo} | night. glad you messaged
P?: {xo}

=== warm_support P warm,interest
P: good luck for tomorrow, you'll be brilliant ##interest,affection | how did it go?? ##interest | hope today wasn't too awful ##interest | thinking of you today ##affection
U: {thx} | it went really well actually | it was ok. glad it's over | that's really kind
P: proud of you ##affection | knew you would ##affection | good. you deserve it ##affection | tell me about it later? ##future,interest | you always undersell yourself ##affection | i'm really glad ##affection
U?: {xo} | i will | 😊

=== warm_cook P warm,tail_warm_p
P: made your {food} tonight. didn't taste like yours ##nostalgia | tried to make {food} the way you do. failed ##nostalgia | the kids said my {food} isn't as good as yours. traitors 😂 | what's the secret to your {food}? i've tried everything
U: {laugh} more butter | it's the love | they're not wrong | i'll show you one day ##future | never telling
P: i'll hold you to that ##future | rude | fine, i'll come round and watch ##future | {laugh}
U?: {xo} | deal ##future

=== warm_tease P warm
P: saw someone parallel park worse than you today. didn't think it was possible ##affection | {kid} says you still sing in the shower. some things never change 😂 | still can't load a dishwasher properly i hear | the kids say you've taken up yoga. i need to see this
U: rude | {laugh} i'll have you know i'm amazing | the dishwasher is an art | never
P: 😂 | miss the banter ##missing | i'll believe it when i see it | {laugh}
U?: {xo} | 😏

=== warm_invite P warm,future
P: fancy {activity} {day}? ##future | would you want to do {activity} some time? just us ##future | are you free {day}? thought we could do {activity} ##future | the kids are at {fam}'s {day}. {activity}? ##future
U: yes i'd love to ##future | go on then ##future | that sounds really nice ##future | yes. yes please ##future | i'd like that a lot ##future
P: {time}? | i'll meet you there | it's a plan | yay 😊 | good. i'll book
U?: {xo} | can't wait | looking forward to it

=== warm_sorry_past P warm max=1
P: i've been thinking. i'm sorry i shut you out that last year ##regret | i'm sorry for how i left. you didn't deserve that ##regret | leaving the way i did was wrong. i'm sorry ##regret | i know i made it hard for you. i'm sorry ##regret
U: thank you for saying that | that means a lot | i wasn't perfect either ##regret | i appreciate that. really
P: i mean it ##regret | i should have said it sooner | we both got things wrong ##repair
U?: {xo} | we did

# =====================================================================  THE USER'S OWN WARMTH (reciprocal, not pushing)
=== u_warm U warm,light
U: you were brilliant with {kid} today ##affection | thanks for sorting {kid}'s stuff, you're a star ##affection | saw this and thought of you <img> | {kid} told me about your camping trip. sounds like you made their year ##affection
P~: {thx} | it was nothing | 😂 that's so me | it was so much fun
.cold: {curt} ##curt |
.warm: that means a lot coming from you ##affection | it was the best weekend. i miss doing that together ##missing
U?: {xo}

=== u_future U future
U: fancy {activity} {day}? no pressure ##future | the kids want us all to go to {place} {day}. up for it? ##future | would you like to come for sunday lunch? the kids would love it ##future | shall we do pancake tuesday all together? ##future
P: yes ok ##future | let me check work | maybe. i'll let you know | i'd like that ##future
.cold: i don't think so ##distance | not right now ##distance
.cool: i'll see ##curt | maybe another time ##distance
.warm: yes!! ##future | i'd love that ##future | definitely, what can i bring? ##future
U?: {ack} | no worries if not | brilliant 😊

=== plan_kids A future
A: shall we both go to {kid}'s assembly {day}? ##future | could we do {kid}'s birthday together this year? ##future | the fair's on at the park {day}, shall we take them together? ##future | {kids} want us both at sports day ##future | shall we both take {kid} to the open day {day}? ##future
B: yes let's ##future | i'd like that ##future | yes that would be nice for them ##future | ok. yes ##future | that's a good idea ##future
.cold: i'll think about it ##distance | i don't think that's a good idea right now ##distance
.cool: maybe. let me see ##curt | i'll see how work is ##barrier
.warm: yes!! i'd love that ##future | definitely. i'll bring snacks ##future
A?: {ack} | they'll be so happy | let me know | {xo}

=== plan_coffee A future
A: fancy a coffee after drop off {day}? ##future | want to grab lunch {day}? i'm near yours ##future | shall we do the christmas shopping for the kids together? ##future | come for tea {day}? the kids would love it ##future
B: yes go on ##future | i'd like that ##future | can't {day} but {day2}? ##future | yes, that'd be nice ##future
.cold: not this week ##distance | i'd rather not ##distance
.cool: maybe another time ##distance | i'll let you know ##curt
.warm: yes please 😊 ##future | definitely, i'll bring cake ##future
A?: {ack} | it's a plan | 😊

# =====================================================================  USER PRESSURE (the partner withdraws)
=== push_when U pressure,tail_pressure_u
U: so when are you coming home? ##pressure,homecoming | how long is this going to go on for? ##pressure | i need to know where we stand. i can't keep living like this ##pressure | are you coming back or not? ##pressure,homecoming | we need to decide about us. soon ##pressure | i just need a yes or a no ##pressure
P: i don't know | i can't answer that right now ##distance | please don't do this ##distance | not over text ##distance | i said i need time ##distance
.cold: i'm not doing this ##distance | stop ##distance | not now ##distance
U?: you always say that ##criticism | that's not an answer | then when? ##pressure | you must know something ##pressure
P?: i need space, i told you ##distance | i'm going to go ##distance | please leave it ##distance
.cold:

=== push_kids U pressure,tail_pressure_u
U: the kids keep asking when you're coming back. what am i supposed to tell them ##pressure,homecoming | {kid} cried at bedtime again asking for you. this is on you ##pressure | {kid} asked if you still love us. what do i say ##pressure | {kid} keeps setting a place for you at dinner ##pressure
P: that's not fair ##defensive | tell them i love them | don't use the kids like that ##defensive | i'll talk to them at the weekend
.cold: don't ##distance | i'm not doing this over text ##distance
U?: it's true though | i'm not using them, i'm telling you | fine

=== push_deadline U pressure,tail_pressure_u
U: i need an answer by the end of the month ##pressure | if you're not back by {kid}'s birthday i'm done waiting ##pressure,homecoming | decide. either you want this family or you don't ##pressure | i'm not waiting forever ##pressure | you've got till the summer, then i'm moving on ##pressure
P: i'm not being given deadlines ##distance | i can't decide like this ##distance | {curt} ##curt | if that's how you feel
.cold: {curt} ##curt | right ##curt
U?: i mean it | that's all you've got to say? | typical ##contempt

=== push_guilt U pressure,tail_pressure_u
U: if you loved us you'd be here ##pressure | i've done everything you asked and you still won't come back ##pressure,homecoming | you could at least try ##pressure | i don't understand what more you want from me ##pressure | you're breaking this family and you don't even care ##pressure,criticism
P: it's not that simple | please stop ##distance | i can't do this right now ##distance | i'm not talking about this ##distance
.cold: {curt} ##curt |
U?: it is simple | you never want to talk about it ##criticism | fine. go then

=== tail_pressure U tail_pressure_u
U: and are we ever going to talk about when you're coming back? ##pressure,homecoming | also i need to know what's happening with us ##pressure | btw we need to talk about us. properly. this week ##pressure | also, how long are you going to stay there? ##pressure,homecoming | you can't just leave me hanging forever ##pressure | i just want an answer. is that too much to ask ##pressure | and don't say you need more time ##pressure
P: not now ##distance | can we not ##distance | i'm not ready to talk about that ##distance | i'll talk when i'm ready ##distance | please don't push ##distance | i'm at work, i can't ##barrier
.cold: ... | i'm not answering that ##distance |
U?: you never are ##criticism | fine | when then?? ##pressure | {curt}

=== tail_doubletext U tail_pressure_u
U[+90]: hello? | you've read it | ?? | so you're ignoring me | can you at least reply ##pressure
P: busy ##curt | i'm at work ##barrier | stop double texting please ##distance | i saw it. i'll reply when i can ##distance | i'm not ignoring you, i'm busy ##distance

# =====================================================================  CONFLICT (the four patterns)
=== conflict_late A conflict
A: you were 40 minutes late again ##criticism | you never tell me anything about the kids' week ##criticism | why do i always have to be the one who remembers everything ##criticism | you always do this, change plans at the last minute ##criticism | you never check the book bag. ever ##criticism
B: that's not my fault ##defensive | well you didn't tell me either ##defensive | oh here we go ##contempt | i'm doing my best ##defensive | you're one to talk ##defensive
A?: whatever ##curt | see, this is why | not everything is about you ##criticism | fine
B?: i'm not doing this ##distance | ok, sorry. you're right, i should have said ##repair,regret | can we not fight about this ##repair

=== conflict_money A conflict
A: you still haven't paid your half for the school shoes ##criticism | the maintenance was late again. it's every month ##criticism | you spent how much on that?? ##criticism | you always leave the bills to me ##criticism
B: i said i'd do it friday, calm down ##defensive | it's sorted, stop going on ##defensive | wow ok ##contempt | oh sorry, didn't realise you were my accountant 🙄 ##contempt
A?: it's not going on, it's basic | forget it | the kids need things
B?: sent it. happy now? ##contempt | fine. sorry ##repair,regret

# =====================================================================  TAILS (appended to a conversation)
=== tail_distance P tail_distance_p
P: can we keep it to the kids for now ##distance | i'm going to go, busy day ##distance | sorry, can't talk much today ##distance | i'd rather just stick to arrangements at the minute ##distance | i'm not really up for chatting ##distance | let's just keep it simple for now ##distance | i'll message you if i need anything ##distance
U?: {ack} | understood | sure

=== tail_barrier P tail_distance_p
P: work has me on every weekend this month, sorry ##barrier | i'm at {fam_p}'s a lot at the moment, they need help ##barrier | can't do more this week, i've got the course every night ##barrier | i'm on call all week so i'll be hard to get hold of ##barrier
U?: {ack} | i understand | let me know

=== tail_warm P tail_warm_p
P: btw you looked really well yesterday ##affection | also. i miss this. talking to you ##missing | ps {kid} told me you made pancakes. i miss your pancakes ##missing | thanks for being so easy about all this lately ##affection | we should get a coffee sometime ##future | {kid} says you've been singing in the car again. miss that ##missing
U~: thank you 😊 | i miss this too ##missing | ha they're still the best pancakes | it's easy when it's you ##affection | i'd like that ##future | they're lying. ok they're not
U?: {xo}

=== tail_interest U tail_interest_u
U: how's your week going btw? ##interest | how's {fam_other} getting on? ##interest | did the course go ok? ##interest | how's the new place coming along? ##interest | did you get the car fixed in the end? ##interest
P~: busy but ok | much better thanks | yes, good actually | getting there, the sofa finally came | yes finally
.cold: fine ##curt |
.warm: really good, thanks for asking! how are you? ##interest | good! tell you about it {day}
U?: {glad}
"""
