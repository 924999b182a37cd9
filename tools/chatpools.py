"""Hand-written message pools shared by the demo couple and the test scenarios (all fictional).

See ``chatgen.py`` for the pool language. Slots such as ``{kid}`` or ``{day}`` are filled from each
couple's own values, so the same line reads differently for every couple.
"""

LIBRARY = r"""
# =====================================================================  LOGISTICS (neutral, the bulk)
=== pickup_ask U logistics
U: can you do pick up {day}? i'm stuck at work till 6 | any chance you could get {kids} from school {day}? | are you ok to grab them from school {day}, my meeting got moved | could you do the school run {day} morning? got an early start | can you collect {kid} from {club} {day}? it finishes at {time}
P: yep can do | yes that's fine | yeah no problem | can do, i'll drop them back about 7 | yep i'll give them tea at mine | should be fine yeah
.cold: ok ##curt | fine ##curt | if i have to ##curt | k ##curt
.warm: course! i'll take them to the park after if it's nice | yes happy to 😊 | yes!! i miss the school gate chaos tbh | of course, give me any excuse to see them
U?: thanks | thank you, owe you one | ta 🙏 | amazing thanks | cheers | thank youuu

=== pickup_ask_p P logistics
P: any chance you could have them {day} night? work have put me on a late | would you mind doing {club} {day}? i can't get there for {time} | can you do drop off {day}? i've got an 8am | could you keep {kid} {day}, i've got to go to the dentist myself
U: yes that's fine | yep no worries | of course | sure, i'll sort it | yeah should be ok, i'll move something
.warm: course i can. everything ok? ##interest | yes no problem at all x | always 😊 good luck with it
P?: thank you | thanks, appreciate it | you're a star | ta, i'll make it up to you
.cold: thanks ##curt | ok thanks ##curt

=== swap_weekend A logistics
A: can we swap weekends? {fam} has a thing on the {date} | is there any chance we could swap this weekend for next? | would it mess things up if i had them next weekend instead of this one? | any way we can swap weekends, i've got a work do on saturday
B: let me check and get back to you | should be fine, let me look at the calendar | yeah ok, we'll swap | hmm maybe, what time would you drop them back? | that works actually
.cold: fine ##curt | whatever works ##curt | if you need to ##curt
.warm: yes no problem, hope it's a good one 😊 | course, we can be flexible x
A?: thanks, i'll let {kids} know | great thank you | brilliant, ta | sorted then | perfect

=== school_item A logistics
A: {kid} needs {item} for {day}, is it at yours? | have you got {kid}'s {item}? school want it {day} | do you know where {kid}'s {item} went? | {kid} says {item} is at yours??
B: yes it's here, i'll drop it round | no i think it's in the car | not here, have you checked under the stairs | yes, i'll bring it to school in the morning | hang on i'll look
.cold: not here ##curt | no ##curt | i'll check ##curt
B?: found it! | found it, it was in the wash basket 🙄 | got it, i'll put it in {kid}'s bag
A?: lifesaver | thank god | ok great | 🙌 | phew

=== club_reminder A logistics
A: reminder {kid} has {club} {day} at {time}, kit is in the blue bag | don't forget {club} {day}! {time} start | {kid2} has {club} {day}, it's moved to {time} this week | just so you know {club} is cancelled {day}, the coach is ill
B: got it | ok thanks for the heads up | 👍 | thanks, i'd have forgotten | noted, thanks | ok will do
.cold: ok ##curt | k ##curt
.warm: thank you, what would i do without you x ##affection | ha thanks, you know me too well

=== handover_time A logistics
A: what time are you dropping them back {day}? | what time do you want them back {day}? | are we still doing {time} for handover {day}? | shall i bring them round at {time} {day}?
B: about {time}? | {time} works | is {time} ok? | can we say {time}, {kid2} has a party | yep same as usual
.cold: {time} ##curt | whatever ##curt | {time}.
A: perfect | great see you then | ok 👍 | that's fine | lovely
.cool: ok | fine

=== running_late A logistics
A: running 10 mins late sorry, traffic is mad | on my way, 5 mins | stuck behind a bin lorry, be there asap | sorry, running late. {kid} couldn't find a shoe | 15 mins late sorry sorry
B: no worries | ok | no rush, they're watching telly | ok they're ready when you are | that's fine
.cold: ok ##curt | fine ##curt
.warm: no rush, drive safe x ##affection | haha classic. see you soon

=== parents_evening A logistics
A: parents evening is {day}, {time}. are you coming? | got the parents evening slot, {day} at {time} | school want to see us about {kid}'s reading, {day} at {time}, can you make it? | {kid}'s school report came, i'll bring it {day}
B: yes i'll meet you there | i'll try, might be a bit late | yeah i'll be there | ok thanks, i'll look at it then
.cold: i'll be there ##curt | ok ##curt
.warm: yes definitely. shall we grab a coffee before? ##future | course, i want to hear it all
A?: ok great | see you there | ok | good

=== money_bills A logistics
A: council tax has gone out, can you send your half when you can | the water bill came, it's £84 | did you cancel the netflix or shall i? | can you send the money for {kid}'s {club}? it's £35 for the term | just transferred you the money for the school trip
B: done | will do tonight | ok sending now | got it thanks | yep i'll sort it at the weekend | sent
.cold: sent ##curt | fine ##curt | ok ##curt
A?: ta | thanks | 👍 | received, thanks

=== dentist A logistics
A: {kid} has the dentist {day} at {time}, can you take them? | {kid}'s eye test is booked for {day} | doctor's rang, {kid}'s jabs are {day} at {time} | the orthodontist letter came for {kid}, it's {day}
B: yes i can take them | can you do it? i'm at work | i'll go, send me the letter | ok i'll put it in my calendar | should be fine, where is it again
.cold: can't, work ##barrier | ok ##curt
A?: i'll send you a photo of the letter | ok i'll do it then | great | thanks

=== trip_form A logistics
A: did you sign the trip form? it's due {day} | the trip money needs paying by {day}, it's £12 | have you seen the email about {kid}'s residential? | school need a consent form for {kid}'s swimming lessons
B: yep signed it and it's in the book bag | no i haven't seen it, can you forward it | can you do it? i can't find the login | done it on the app | i'll sign it tonight
.cold: done ##curt | no ##curt
A?: ok i'll sort it | done now | sent it to you | thanks

=== lost_item A logistics
A: have you got {kid}'s {lost}? can't find it anywhere | {kid} is in bits because {lost} is missing, is it at yours? | please tell me {lost} is at yours | {kid}'s {lost} has gone awol
B: yes it's here! | it's in my car, i'll drop it over | not here sorry, have you checked the car | yes, under the sofa 😂 | i'll look when i get in
.cold: not here ##curt | i'll look ##curt
A?: thank god | phew. crisis averted | ok i'll keep looking | {kid} says thank you

=== sick_kid A logistics
A: {kid} has a temperature, keeping them off today | {kid} was sick in the night, no school today | school rang, {kid} has a headache and wants picking up | {kid2} has got the cough everyone's got
B: oh no, poor thing. need anything? | poor baby. keep me posted | do you want me to come and get them? | ah no. is it the bug going round?
.cold: ok ##curt | let me know ##curt
.warm: oh no, poor love. want me to bring some ice lollies round? | ugh poor thing. and poor you, you must be shattered ##interest
A: no we're ok, calpol and cartoons | i think it's just the bug | if you could call at teatime to cheer them up that would be nice | i'll let you know how they are later
B?: ok, give them a cuddle from me | will do | let me know if it gets worse

=== house_boiler U logistics
U: boiler's making that noise again. who was the guy we used? | the kitchen tap is dripping again, who did it last time? | there's a damp patch in the bathroom ceiling | the fence blew down in the wind last night 🙄
P: it was Gary, i'll send you his number | try the guy on the facebook group, he was good | did you bleed the radiators? | ugh. the landlord... oh no wait, that's us 😂
.cold: i'll send the number ##curt | google it ##curt
U?: thanks | ok ta | will try that | found it, thanks

=== post_letter U logistics
U: there's a letter for you here from the bank | you've got post here, looks official | your new driving licence came | a parcel came for you, it's massive
P: can you leave it on the side, i'll get it {day} | just open it and send me a photo | thanks, i'll grab it when i drop the kids back | oh that's my new trainers 😂 i'll get it
.cold: leave it ##curt | ok ##curt
U?: ok | will do | it's on the side | 👍

=== car A logistics
A: can i borrow the car {day}? mine's in for its MOT | the car's making a weird noise when i brake | did you leave the car seat in your car? | the tax is due on the car next week
B: yes that's fine, keys are in the usual place | get it looked at, don't leave it | yes sorry, i'll drop it round | i've paid it already
.cold: fine ##curt | ok ##curt
A?: thanks | ok | will do

=== party_invite A logistics
A: {kid} has been invited to {friend_kid}'s party {day}. who's taking? | birthday party {day} at the soft play, it's your weekend | {kid2} got an invite to {friend_kid}'s party, do we need a present?
B: i can take them | can you do it? i can't face soft play | i'll get a present on the way | i'll do it if you get the present 😂
.cold: i'll take them ##curt | fine ##curt
A?: deal | ok sorted | thank you | great

=== shoes A logistics
A: {kid} needs new school shoes, they're falling apart | {kid2} has grown out of all their trousers again | {kid} needs a new coat, the zip's gone | {kid}'s trainers have a hole in already
B: i'll take them saturday | i'll order some tonight | again?? ok i'll sort it | want me to go halves? | clarks has a sale on i think
.cold: i'll sort it ##curt | ok ##curt
A?: thanks | ok | great, ta | 👍

=== half_term A logistics
A: what are we doing about half term? | have you booked your week off for the summer yet? | school holidays are in 3 weeks, we need a plan | {fam} offered to have them for a couple of days in the holidays
B: i've got the first week off | can we sit down and do a calendar? | i'll check the rota and let you know | that would help a lot actually
.cold: i'll let you know ##curt | not sure yet ##distance
A?: ok let me know | sounds good | ok

=== grandparents A logistics
A: {fam} wants to have the kids {day}, is that ok? | {fam} asked if they can take the kids to the seaside {day} | {fam} is in hospital for a few days, just so you know
B: yes of course | that's fine with me | oh no, is everything ok? ##interest | that's kind of them, yes
.cold: fine ##curt | ok ##curt
A?: thanks, i'll let them know | it's all fine, just a check up | ok

=== homework A logistics
A: {kid} has spellings for {day}, they're in the reading folder | can you do {kid}'s reading with them tonight? | {kid} has a project on the tudors due {day} 😩 | {kid2}'s homework is on the app, can you check it
B: ok will do | we did the reading already | oh god, i'm rubbish at history | ok i'll make sure they do it
.cold: ok ##curt
A?: thanks | good luck 😂 | ta

=== photo A smalltalk
A: <img> | <img> | <imgfile>look at this face | <imgfile>{kid} at {club} today | <imgfile>guess who lost a tooth
B: aww | haha brilliant | look at them!! | 😂😂 | love that | ahh that face
.cold: nice ##curt | 👍
.warm: oh my heart ❤️ | that's made my day, thank you for sending it x | look at them!! miss them so much today ##missing
A?: they were so proud | they wanted you to see | {kid} says hi

=== bedtime A smalltalk
A: both asleep. {kid2} wanted the same story three times | {kids} are down, {kid} read on their own tonight | they went down easy tonight for once | {kid} asked for you at bedtime
B: thanks for letting me know | aw that's lovely | good, they were tired from the weekend | aw, give them a kiss from me
.cold: ok ##curt | ok thanks ##curt
.warm: aww i love that. thank you for telling me x | i'll ring them tomorrow before school. night x

=== where_is A logistics
A: where's the calpol? | where do we keep the spare key? | what's the wifi password again? | where did you put the christmas decs? (i know it's early lol) | what's the code for the bike lock?
B: cupboard above the kettle | in the drawer with the batteries | on the back of the router | loft, left hand side | it's {kid2}'s birthday
.cold: same place as always ##curt | kitchen ##curt
A?: found it thanks | of course it is | thanks | got it

=== call_kids A logistics
A: can {kid} ring you at 7 to say night? | can i facetime the kids tonight? | {kid} wants to call you, is now ok? | i'll call at 6 to say hi to them if that's ok
B: yes please | yes of course | give me 10 mins | yep anytime
.cold: ok ##curt | fine ##curt
.warm: yes please, i love it when they call | course, always x
A?: ok | great | 👍

=== forms A logistics
A: school need your mobile number updating on the system | can you fill in the free school meals form, it needs both of us | the dentist wants your new address | the GP needs to know about the change of address
B: done | i'll do it tomorrow | what do i need to fill in | ok send it to me
.cold: ok ##curt
A?: thanks | ok i'll forward it | great

=== tesco A logistics
A: i'm at {shop}, do you need anything for the kids' packed lunches? | going to {shop}, want me to grab anything for the weekend? | {shop} have got the yoghurts {kid} likes on offer | i'm at {shop}, is it the blue or green squash they like
B: no we're fine thanks | maybe some cheese strings | blue | yes grab a few please | no i did a big shop
.cold: no ##curt | fine ##curt
A?: ok | got it | 👍

=== weekend_plan A logistics
A: what are you doing with them this weekend? | got anything planned for the kids {day}? | they want to go to {place} this weekend, any chance? | is it ok if i take them to {place} {day}?
B: thinking {place} if the weather's ok | nothing much, probably just the park | yes that's fine, they'd love it | not sure yet, any ideas?
.cold: not sure yet ##curt | fine ##curt
A?: sounds good | lovely | ok | they'll love that

=== gp_appt A logistics
A: {kid} needs the booster jab, can you book it? | can you ring the surgery in the morning, i'm on a call at 8 | the prescription for {kid}'s inhaler is ready | {kid}'s inhaler is running out
B: will do | i'll ring at 8 | i'll pick it up tomorrow | ok i'll order another
.cold: ok ##curt
A?: thanks | great

=== clothes A logistics
A: {kid} came back without their coat | can you send {kid2}'s swimming stuff back? | {kid}'s school jumper is still at yours | you've got all the pe kits, they need them monday
B: oops sorry, i'll bring it over | it's in the wash, i'll drop it tomorrow | yep sorry | ah sorry, i'll bring them sunday
.cold: i'll bring it ##curt | ok ##curt
A?: no worries | thanks | ok

# =====================================================================  SMALL TALK (neutral)
=== telly A smalltalk
A: have you watched the new {show} yet | started watching {show} last night, so good | {show} finale 😱 | no spoilers for {show} please i'm only on episode 3
B: not yet! no spoilers | i'm on episode 4 | i know!!! | it's so good isn't it | haha i won't say a word
.cold: not yet ##curt | no ##curt
.warm: no way, i was literally going to message you about it | we always used to watch that together ##nostalgia
A?: honestly it's the best thing on | let me know when you've seen it | ok no spoilers, promise 🤐

=== weather A smalltalk
A: this heat is unreal | it's absolutely chucking it down | that storm last night 😳 | finally some sun | it's freezing, is it just me
B: i know, the flat is like an oven | the kids will be soaked | did you lose any fence panels? | i know, lovely isn't it | not just you
.cold: yeah ##curt | yep ##curt
A?: make sure they take coats | lol | i'm putting the heating on, don't care | 🥶

=== kid_funny A smalltalk
A: {kid2} just asked if the moon follows our car | {kid} told the teacher we have a pet crocodile | {kid2} has decided they're a vegetarian except for sausages | {kid} asked me what a mortgage is, i said a monster 😂 | {kid2} put their shoes on the wrong feet and refused to change them
B: 😂😂😂 | what did you say?? | hahaha amazing | that's so them | 😂 i love them
.cold: ha ##curt | lol ##curt
.warm: stop 😂 i needed that today | hahaha. they're so you ##affection
A?: i said yes obviously | apparently i'm "mean" now | they're hilarious

=== local_news A smalltalk
A: they're finally fixing the road outside | the cafe on the corner has shut down | did you see they're building flats on the old garage | the bin men didn't come again
B: about time | oh no, we used to go there | yeah i saw | typical
.cold: ok ##curt
.warm: no! that was our place ##nostalgia | oh that's sad, we had our first brunch there ##nostalgia
A?: i know | end of an era | lol

=== football A smalltalk
A: did you see the score last night | {kid} scored at football!! | match was a disaster lol | {kid2} came off the pitch crying because it was "too windy"
B: yes i was shouting at the telly | no way!! tell them well done | 😂 poor thing | amazing!! proud
.cold: tell them well done ##curt
A?: they were buzzing | they want you to come and watch ##future | haha they survived

=== work_chat A smalltalk
A: work is mental this week | had the most ridiculous meeting today | they've moved my desk next to the printer 🙄 | boss was in a mood all day
B: oh no | ugh, sounds painful | i'm sorry, that sounds rubbish | haha classic
.cold: ok ##curt
.warm: oh no, you ok? want to moan about it tonight? ##interest,future | poor you. you'll smash it though ##affection
A?: it's fine, just tired | i'll survive | lol yeah

=== food A smalltalk
A: made {food} tonight and {kid2} ate it all | {kid} wants {food} every night now | tried a new recipe, total disaster | do you have that {food} recipe, the one from your mum?
B: lol | haha good | oh no | yes i'll send it
.cold: ok ##curt
.warm: that was always my favourite 😊 ##nostalgia | haha i'm honestly impressed
A?: it's a miracle | they loved it | thanks

# =====================================================================  INTEREST (someone asks about the other's life)
=== how_work A interest
A: how was work today? ##interest | how did the big meeting go? ##interest | how's the new job going? ##interest | did you get the training thing sorted? ##interest | how's the new manager? ##interest
B: not bad actually, better than i thought | long. but ok | it went really well, thanks for asking | still settling in, it's a lot | yeah all sorted now
.cold: fine ##curt | ok ##curt | busy ##curt
.warm: honestly really good! i'll tell you about it {day}? ##future | thanks for asking 😊 it went really well
B?: how about you? ##interest | you? ##interest
.cold: 
A?: good, glad it's going ok | that's great | ah nice one

=== how_fam A interest
A: how's {fam_other} doing? ##interest | is {fam_other} feeling better? ##interest | how did {fam_other}'s op go? ##interest | did {fam_other} get the results back? ##interest
B: much better thanks | on the mend | still a bit wobbly but ok | all clear thank god | not great tbh
.cold: fine ##curt | ok thanks ##curt
.warm: so much better, thank you for asking. it means a lot ##affection | better, they were asking after you actually
A?: that's good to hear | send them my love | glad to hear it | 💕

=== how_you A interest
A: how are you doing, really? ##interest | you doing ok? you seemed tired at pick up ##interest | how's the flat? settling in? ##interest | are you sleeping any better? ##interest
B: i'm ok. up and down | getting there | tired but ok | flat's ok. it's quiet | not really but thanks for asking
.cold: fine ##curt | i'm fine ##curt | i'd rather not get into it ##distance
.warm: honestly? better than i've been in a while. thank you for asking x ##affection | getting there. talking to you helps ##affection
A?: ok. i'm here if you need anything | glad you're ok | take care of yourself | good 😊

=== hobby A interest
A: did you go to the gym in the end? ##interest | how's the running going? ##interest | did you finish that book? ##interest | how was the gig? ##interest | did you go to the allotment? ##interest
B: yes! did 5k | haven't been for weeks lol | nearly, it's so good | it was amazing | yes, the tomatoes are going mad
.cold: yeah ##curt | no ##curt
.warm: i did! thought of you, you'd have loved it | it was brilliant, wish you'd been there ##missing
A?: nice one | proud of you | i'll have to borrow it | sounds great

# =====================================================================  LIGHT (user keeps it light: memories, jokes, kids)
=== memory_holiday U light
U: {kid} found the photos from {holiday}. the one of you in the wetsuit 😂 ##nostalgia | the kids were asking about {holiday} today, they remember the ice cream van ##nostalgia | found the old camping stuff in the loft. so many memories ##nostalgia | heard {song} on the radio and laughed ##nostalgia
P: oh god don't | haha yeah | that was a good trip | ha
.cold: ok ##curt | 
.cool: ha. yeah | lol i remember
.warm: omg that wetsuit. best holiday we ever had ##nostalgia | haha i still think about that trip ##nostalgia | i was just thinking about that the other day ##nostalgia
.hot: that's still my favourite holiday. all four of us ❤️ ##nostalgia,affection
U?: good times | it was brilliant | we should take them back one day ##future

=== joke U light
U: saw a man walking a cat on a lead. thought of you | the neighbour's got another gnome. that's 14 now | {kid2} has been doing your impression of the sat nav 😂 | there's a pigeon that sits on the bins every morning. i've named it gary
P: 😂 | lol | haha | hahaha of course they have
.cold: lol ##curt | 
.cool: haha | ha nice
.warm: 😂😂 stop it | hahaha i miss your commentary on the neighbours ##missing | lmao. gary the pigeon deserves better
U?: i'll keep you updated | it's a whole saga | 🙃

=== kids_news U light
U: {kid} got star of the week today! | {kid2} read a whole book on their own tonight | {kid} made you a card at school, i'll send it with them | {kid} asked if you could come to the assembly {day}
P: aww amazing | that's brilliant | aw bless them | tell them well done from me
.cold: tell them well done ##curt | 
.warm: no way!! i'm so proud of them. thank you for telling me ❤️ | that's made my day | oh i'll be there, wouldn't miss it ##future
U?: they're so proud | they wanted you to know | they were buzzing | will do

=== shared_show U light
U: they've brought back {show}. remember we watched it every sunday ##nostalgia | tried to make your curry. not the same ##nostalgia | walked past the pub where we had {kid}'s christening do ##nostalgia
P: oh i remember | ha | yeah
.cold: ok ##curt | 
.cool: yeah i saw | ha
.warm: those sundays 😊 ##nostalgia | you need more chilli. and patience ##nostalgia | oh that day. {fam_other} danced on the table ##nostalgia
U?: lol | they were good times | 🙂

=== good_luck U light
U: good luck today with the interview, you've got this ##interest | hope the first day goes ok ##interest | thinking of you today with {fam_other}'s appointment ##interest | good luck with the exam, you've worked so hard ##interest
P: thanks | thank you | thanks, nervous | appreciate that
.cold: thanks ##curt | 
.warm: thank you, that means a lot x ##affection | thank you!! i'll let you know how it goes
U?: you'll be great | 🤞 | let me know

# =====================================================================  PARTNER WARM (partner opens)
=== warm_thinking P warm
P: was just thinking about you ##affection | heard {song} in the car and had to pull over ##nostalgia | drove past our old flat today ##nostalgia | the kids were so lovely today, you've done such a good job with them ##affection | miss the sunday mornings ##missing | you looked nice at pick up btw ##affection
U: that's nice to hear | oh wow | aww | thank you. really ##affection | i miss them too ##missing
.hot: that's really nice to hear. thinking about you too ##affection
P?: anyway. hope you're having a good day ##interest | sorry, random. just wanted to say it | that's all 😊
U?: you too x ##affection | 😊 | glad you did

=== warm_memory P warm
P: remember that awful b&b in {holiday_town} ##nostalgia | do you remember when {kid} said their first word and it was "biscuit" ##nostalgia | found the video of our wedding dance. we were so bad ##nostalgia | {fam_other} sent me a photo of us from years ago. we look about 12 ##nostalgia
U: oh god yes. the carpet ##nostalgia | 😂 i'll never forget it | haha we were terrible | send it!
P: <img> | good times | we were happy ##nostalgia | i laughed so much
.hot: we were so happy. i think about that a lot ##nostalgia,missing
U?: we were | we really were | ❤️ ##affection

=== warm_missing P warm
P: i miss you. weird saying that ##missing | the flat is so quiet tonight. miss the chaos ##missing | is it strange that i miss your terrible singing ##missing | kind of miss arguing about the thermostat with you ##missing
U: i miss you too ##missing | not weird at all | it's not strange | ha. the thermostat war ##nostalgia
P?: night x ##affection | sorry, i know that's a lot | anyway | ok i'm going to sleep before i say something soppy
U?: night x ##affection | don't be sorry | x

=== warm_thanks P warm
P: thank you for being so good about everything lately ##affection | i really appreciate how patient you've been ##affection | you're a really good parent, i don't say it enough ##affection | thanks for today, it was nice ##affection
U: that means a lot | thank you for saying that | thank you ❤️ ##affection | i'm trying
P?: i mean it | i notice it | i know you are
U?: x | 😊

=== warm_future P warm,future
P: do you fancy getting dinner {day}? just us ##future | shall we take the kids to {place} together {day}? ##future | want to come to {kid}'s {club} thing together? we could get food after ##future | fancy a walk {day}? the four of us ##future
U: yes i'd like that ##future | yes! let's do it ##future | sounds lovely ##future | i'd really like that
P: great. {time}? | i'll book somewhere | ok it's a date. well. not a date. you know | 😊
U?: perfect | can't wait | see you then x

=== p_interest P interest
P: how are you doing? properly i mean ##interest | how was your week? ##interest | did you sort the thing with your boss? ##interest | how's {fam} doing? ##interest | are you looking after yourself? ##interest
U: i'm ok. better than i was | good thanks, busy | yes it's all sorted | they're ok, asking after you | trying to
P?: good. i worry about you ##affection | glad to hear it | if you need anything just say
.cold: 
U?: thanks for asking | you? ##interest | x

# =====================================================================  FUTURE (either proposes)
=== plan_kids A future
A: shall we both go to {kid}'s assembly {day}? ##future | could we do {kid2}'s birthday together this year? ##future | fair's on at the park {day}, shall we take them together? ##future | {kids} want us both at sports day ##future
B: yes let's ##future | i'd like that ##future | yes that would be nice for them ##future | ok. yes ##future
.cold: i'll think about it ##distance | i don't think that's a good idea right now ##distance
.cool: maybe. let me see ##curt | i'll see how work is ##barrier
.warm: yes!! i'd love that ##future | definitely. i'll bring snacks ##future
A?: great | they'll be so happy | ok let me know | 😊

# =====================================================================  USER PRESSURE (partner withdraws)
=== push_when U pressure
U: so when are you coming home? ##pressure,homecoming | how long is this going to go on for? ##pressure | i need to know where we stand. i can't keep living like this ##pressure | are you coming back or not? ##pressure,homecoming | we need to decide about us. soon ##pressure
P: i don't know | i can't answer that right now ##distance | please don't do this ##distance | not over text ##distance
.cold: i'm not doing this ##distance | stop ##distance
U?: you always say that | that's not an answer | then when? ##pressure | you must know something
P?: i need space, i told you ##distance | i'm going to go ##distance
.cold: 

=== push_kids U pressure
U: the kids keep asking when you're coming back. what am i supposed to tell them ##pressure,homecoming | {kid} cried at bedtime again asking for you. this is on you ##pressure | {kid2} asked if you still love us. what do i say ##pressure
P: that's not fair ##defensive | tell them i love them | don't use the kids like that ##defensive | i'll talk to them at the weekend
.cold: don't ##distance | i'm not doing this over text ##distance
U?: it's true though | i'm not using them, i'm telling you | fine

=== push_deadline U pressure
U: i need an answer by the end of the month ##pressure | if you're not back by {kid}'s birthday i'm done waiting ##pressure,homecoming | decide. either you want this family or you don't ##pressure | i'm not waiting forever ##pressure
P: i'm not being given deadlines ##distance | i can't decide like this ##distance | ok ##curt | if that's how you feel
.cold: ok ##curt | fine ##curt | right ##curt
U?: i mean it | that's all you've got to say? | typical

=== push_guilt U pressure
U: if you loved us you'd be here ##pressure | i've done everything you asked and you still won't come back ##pressure,homecoming | you could at least try ##pressure | i don't understand what more you want from me ##pressure
P: it's not that simple | please stop | i can't do this right now ##distance | i'm not talking about this ##distance
.cold: ##curt | ok ##curt
U?: it is simple | you never want to talk about it ##criticism | fine. go then

# =====================================================================  CONFLICT (the four patterns)
=== conflict_late A conflict
A: you were 40 minutes late again ##criticism | you never tell me anything about the kids' week ##criticism | why do i always have to be the one who remembers everything ##criticism | you always do this, change plans at the last minute ##criticism
B: that's not my fault, the traffic was terrible ##defensive | well you didn't tell me either ##defensive | oh here we go ##contempt | i'm doing my best ##defensive | you're one to talk ##defensive
A?: whatever ##curt | see, this is why | not everything is about you ##criticism | fine
B?: i'm not doing this ##distance | ok, sorry. you're right, i should have said ##repair,regret | can we not fight about this ##repair

=== conflict_money A conflict
A: you still haven't paid your half for the school shoes ##criticism | the maintenance was late again. it's every month ##criticism | you spent how much on that?? ##criticism
B: i said i'd do it friday, calm down ##defensive | it's sorted, stop going on ##defensive | wow ok ##contempt | oh sorry, didn't realise you were my accountant 🙄 ##contempt
A?: it's not going on, it's basic | forget it | the kids need things
B?: sent it. happy now? ##contempt | fine. sorry ##repair,regret

# =====================================================================  TAILS (appended to a conversation)
=== tail_pressure U tail_pressure_u
U: and are we ever going to talk about when you're coming back? ##pressure,homecoming | also i need to know what's happening with us ##pressure | btw we need to talk about us. properly. this week ##pressure | also, how long are you going to stay there? ##pressure,homecoming | you can't just leave me hanging forever ##pressure | i just want an answer. is that too much to ask ##pressure
P: not now ##distance | can we not ##distance | i'm not ready to talk about that ##distance | i'll talk when i'm ready ##distance | please don't push ##distance
.cold: ##distance | ... | i'm not answering that ##distance
U?: you never are ##criticism | ok | fine | when then?? ##pressure

=== tail_doubletext U tail_pressure_u
U[+90]: hello? | you've read it | ?? | ok so you're ignoring me | can you at least reply ##pressure
P: busy ##curt | i'm at work ##barrier | stop double texting please ##distance | i saw it. i'll reply when i can ##distance

=== tail_distance P tail_distance_p
P: can we keep it to the kids for now ##distance | i'm going to go, busy day ##distance | sorry, can't talk much today ##distance | i'd rather just stick to arrangements at the minute ##distance | i'm not really up for chatting ##distance
U?: ok | sure | ok, no problem | understood

=== tail_barrier P tail_distance_p
P: work has me on every weekend this month, sorry ##barrier | i'm at {fam_p}'s a lot at the moment, they need help ##barrier | can't do more this week, i've got the course every night ##barrier
U?: ok | that's fine | i understand | ok, let me know

=== tail_warm P tail_warm_p
P: btw you looked really well yesterday ##affection | also. i miss this. talking to you ##missing | anyway, how are you doing? ##interest | ps {kid} told me you made pancakes. i miss your pancakes ##missing | thanks for being so easy about all this lately ##affection | we should get a coffee sometime ##future
U: thank you 😊 | i miss this too ##missing | i'm good actually, thanks for asking | ha they're still the best pancakes | i'd like that ##future
.hot: 
U?: x | 😊 | ❤️ ##affection

=== tail_interest U tail_interest_u
U: how's your week going btw? ##interest | how's {fam_other} getting on? ##interest | did the course go ok? ##interest | how's the flat coming along? ##interest
P: ok thanks | fine | good actually | busy
.cold: fine ##curt | 
.warm: really good, thanks for asking! how are you? ##interest | so much better, the new sofa came 😊 | good! tell you about it {day}
U?: good 🙂 | glad to hear | nice
"""
