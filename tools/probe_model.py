"""Probe the shipped signal model with everyday messages it must leave alone, and real attacks it must catch.

Why: issue 5 found the model calling sincere thanks and compliments ("you're a star", "nice one",
"sure") `contempt` and plain logistics requests ("can you pick up the kids at 5") `pressure`: our
corpus had many sarcastic short positives and too few sincere ones, and the test split shares that
bias, so its F1 cannot show the problem. These messages were written for this probe alone: they
are not in ``data/corpus/`` (the script checks) and must never be added to it, so they stay a
tiny second held-out set. It is a sanity check, not a benchmark: ~210 messages, written by us.

    .venv/bin/python tools/probe_model.py [--model PATH.npz] [--show]

Prints, for the sincere/neutral set, how often each label fires where it should not (false
positives), and for the attack set the recall of `contempt` and `pressure`.
"""
from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus"

# (text, previous message or None, expected labels). Sincere, neutral and warm everyday messages.
SINCERE: list[tuple[str, str | None, tuple[str, ...]]] = [
    # bare acknowledgements, no context: neutral
    ("sure", None, ()), ("ok", None, ()), ("okk", None, ()), ("fine", None, ()), ("perfect", None, ()),
    ("sounds good", None, ()), ("sounds good to me", None, ()), ("yep no worries", None, ()),
    ("all good", None, ()), ("cool cool", None, ()), ("grand", None, ()), ("righto", None, ()),
    ("noted", None, ()), ("got it", None, ()), ("will do", None, ()), ("on it", None, ()),
    ("no probs", None, ()), ("yeah that works", None, ()), ("lovely, ta", None, ()), ("sweet as", None, ()),
    ("great stuff", None, ()), ("brilliant, cheers", None, ()), ("ah perfect", None, ()),
    ("fab", None, ()), ("okay done", None, ()), ("roger that", None, ()), ("ya fine", None, ()),
    ("nice one", None, ()), ("ah brilliant", None, ()), ("wonderful", None, ()),
    # acknowledgements answering logistics: neutral
    ("sure", "can you do the 4pm pickup tmrw", ()),
    ("perfect, see you then", "i'll drop them at 10 on sat", ()),
    ("ok thanks", "her inhaler is in the front pocket of the bag", ()),
    ("fine by me", "shall we swap wed and thurs this week", ()),
    ("nice one, thanks", "paid the dinner money for both of them", ()),
    ("great, ta", "the form's signed and in his book bag", ()),
    ("sounds good", "i'll take them to the dentist on tues after school", ()),
    ("ah brilliant thank you", "found theo's other shoe under my sofa", ()),
    ("lovely thanks", "sent you the photos from sports day", ()),
    ("perfect", "i'll be there at 5:30", ()),
    ("sure no problem", "could you keep them an extra hour on sunday", ()),
    ("wow thanks so much", "i picked up the prescription for you on the way", ()),
    ("legend, thank you", "got the spare key cut for you", ()),
    # sincere thanks and praise: flat is neutral, warm is affection
    ("thanks for sorting the car insurance", None, ()), ("cheers for dropping the bag round", None, ()),
    ("thank you for grabbing the milk", None, ()), ("ta for the lift", None, ()),
    ("thanks for the heads up", None, ()), ("thx for sending that over", None, ()),
    ("appreciate it", None, ()), ("thanks mate", None, ()), ("much appreciated", None, ()),
    ("you're a star", None, ("affection",)), ("oh well done you", None, ("affection",)),
    ("you're a star, thank you so much", "i've done the school run so you can have a lie in", ("affection",)),
    ("you're the best, honestly", "i made extra lasagne, dropped half round for you", ("affection",)),
    ("that's so kind of you, thank you ❤️", "i picked up some flowers for your mum's birthday", ("affection",)),
    ("you look really well btw", None, ("affection",)),
    ("so proud of you for getting that job", None, ("affection",)),
    ("well done on the promotion, you deserve it", None, ("affection",)),
    ("you're an amazing dad, you know that", None, ("affection",)),
    ("you're such a good mum to them", None, ("affection",)),
    ("thank you for being so patient with me lately", None, ("affection",)),
    ("aw that's really sweet of you", "i kept the drawing maya made you, it's on the fridge", ("affection",)),
    ("you always know how to cheer me up", None, ("affection",)),
    # congratulations and good news: neutral unless warm to the person
    ("congrats on passing your driving test!!", None, ()), ("happy new year!", None, ()),
    ("good luck with the interview today", None, ()), ("merry christmas to you and your family", None, ()),
    ("well done to ella on her swimming badge", None, ()), ("that's great news about your sister", None, ()),
    # humour and laughing: neutral
    ("haha that's brilliant", None, ()), ("that's hilarious", None, ()), ("lmaooo", None, ()),
    ("hahaha i'm crying", "leo told his teacher i'm 95 years old", ()),
    ("that's hilarious 😂", "the dog ate an entire birthday cake off the table", ()),
    ("omg 😂😂 stop", "theo tried to pay for sweets with a lego brick", ()),
    ("lol classic", "she wore her wellies to the wedding", ()),
    ("ha! love that", "he's decided he's a vegetarian except for nuggets", ()),
    ("that's amazing haha", "maya did a full powerpoint on why she needs a hamster", ()),
    ("dying 😂", None, ()), ("that meme is so funny", None, ()),
    ("perfect 😂", "the cat has claimed the new laundry basket", ()),
    # shared enthusiasm about things: neutral
    ("it's so good isn't it", "started watching that baking show you mentioned", ()),
    ("honestly it's the best thing on", "have you seen the new series of that detective thing", ()),
    ("the new café on high st is lovely", None, ()), ("weather's gorgeous today", None, ()),
    ("that book was amazing, couldn't put it down", None, ()), ("best pizza i've had in ages", None, ()),
    # logistics requests: neutral, not pressure
    ("can you pick up the kids at 5", None, ()), ("can you grab Theo at 5", None, ()),
    ("can you send me the school form", None, ()), ("could you drop her pe kit in tomorrow", None, ()),
    ("need you to sign the permission slip by fri", None, ()), ("can u bring his inhaler on sat", None, ()),
    ("could you transfer the money for the school trip", None, ()),
    ("need you to take them to football on sunday, i'm on a late", None, ()),
    ("can you let me know what time you're dropping them off", None, ()),
    ("can you check if maya has her reading book", None, ()),
    ("could you text me the dentist's number", None, ()), ("can you do bedtime tonight? i'm stuck at work", None, ()),
    ("need the passport back by the 12th for the renewal", None, ()),
    ("can you ring the gp about his ear, they open at 8", None, ()),
    ("pls can you pick up nappies on the way", None, ()),
    ("could you remind him to bring his swimming stuff", None, ()),
    ("you need to collect them from the back gate today, front's closed", None, ()),
    ("can you make sure she does her spellings", None, ()),
    ("let me know by tonight if you can do saturday, the club needs numbers", None, ()),
    ("can you grab some calpol, we're out", None, ()),
    ("can you pick me up from the station at 7? car's in the garage", None, ()),
    ("could you send over the bank details for the deposit", None, ()),
    ("need you to fill in the other half of the form", None, ()),
    ("can you swap weekends with me in march", None, ()),
    ("could you get there a bit early, parking's a nightmare", None, ()),
    # everyday neutral news and questions
    ("running 10 mins late, sorry", None, ()), ("theo's got a temp, keeping him off today", None, ()),
    ("the boiler man's coming between 8 and 12", None, ()), ("what size shoes is she in now", None, ()),
    ("did you get the email from school", None, ()), ("bin day's moved to thursday", None, ()),
    ("they've both had tea, just need a bath", None, ()), ("i'm home now if you want to drop his bag round", None, ()),
    ("traffic's terrible on the ring road", None, ()), ("parents evening is the 14th at 4:40", None, ()),
    ("sorry, missed your call, was in the shower", None, ()), ("ok", "dropping them at 6", ()),
    ("👍", "i'll bring the car seat", ()), ("thanks", "the school called, all fine, she just bumped her knee", ()),
    ("yes pls", "want me to grab her school shoes while i'm in town", ()),
    # curt: flat reply to a long warm message
    ("ok", "i was looking at old photos tonight and honestly i just wanted to say how much those years meant to me. you made me so happy", ("curt",)),
    ("sure", "i'd really love to talk properly sometime, just us, about how we're both doing. no pressure, whenever you feel up to it", ("curt",)),
    ("thanks", "happy birthday darling, i hope today is full of good things, you deserve all of them ❤️", ("curt",)),
    ("k", "thinking of you today, i know it's a hard anniversary. i'm here if you want to talk about anything at all", ("curt",)),
    # thanks after an apology: not contempt
    ("thank you", "i'm really sorry about how i spoke to you yesterday, it wasn't fair", ()),
    ("thank you for saying that", "i'm sorry, i was out of order earlier", ()),
    ("thanks, that means a lot", "i'm sorry i missed the play. i should have been there", ("affection",)),
    ("i appreciate that, thank you", "sorry for snapping at you this morning", ()),
    # sincere apologies and repair
    ("you're right. and i stopped telling you things. i shut you out and then blamed you for not noticing",
     "you never tell me anything anymore", ("repair",)),
    ("fair point, i'll sort it tonight", "you said you'd book the dentist and it's still not done", ("repair",)),
    ("you're right, i should have checked with you first", "you can't just book a holiday in my week", ("repair",)),
    ("i'm sorry, i was short with you earlier. long day, not your fault", "why are you being off with me", ("regret", "repair")),
    ("i hear you. let's talk tomorrow when we've both calmed down", "i'm so tired of this", ("repair",)),
    ("sorry, that came out wrong. what i meant was i'm worried about him", "so you think i'm a bad parent now", ("regret", "repair")),
    ("ok that's fair. i'll do the tuesday runs from now on", "i'm doing every single pickup this month", ("repair",)),
    ("my fault, i forgot to tell you. i'll ring the school now", "why didn't anyone tell me about the trip", ("repair",)),
    ("i'm really sorry i didn't call last night. i should have. can we talk now?", "you said you'd call", ("regret", "repair")),
    ("you've got a point, i have been distant. i'll try to do better", "you've been so distant lately", ("repair",)),
    ("let's not argue about this over text. call me later?", "i can't believe you said that", ("repair",)),
    ("ok, you win, 5:30 it is 😅", "5 is too early and you know it", ("repair",)),
    ("i got that wrong, i'm sorry. it won't happen again", "you left her waiting outside school for half an hour", ("regret", "repair")),
]

# Real contempt and pressure: the fix must keep catching these.
ATTACK: list[tuple[str, str | None, tuple[str, ...]]] = [
    ("oh wow, thanks SO much for your help 🙄", None, ("contempt",)),
    ("nice one genius. real smart", "i forgot to pack her uniform", ("contempt",)),
    ("oh well done you, only three hours late this time 👏", None, ("contempt",)),
    ("brilliant. another weekend ruined, cheers", "can't have them this weekend after all", ("contempt",)),
    ("sure you are 🙄", "i'm trying my best here", ("contempt",)),
    ("wow, what a hero, you remembered her birthday", None, ("contempt",)),
    ("great parenting as usual", None, ("contempt",)),
    ("cheers for absolutely nothing as per", None, ("contempt",)),
    ("oh perfect, just perfect. typical you", "running late again sorry", ("contempt",)),
    ("lol ok 'dad of the year'", None, ("contempt",)),
    ("you're a real piece of work", None, ("contempt",)),
    ("how very mature of you", None, ("contempt",)),
    ("aww did someone get their feelings hurt 🥺", "that really upset me", ("contempt",)),
    ("oh sorry, i forgot you're always right about everything", None, ("contempt",)),
    ("congrats on finally doing the bare minimum", None, ("contempt",)),
    ("wow you read a text, want a medal?", None, ("contempt",)),
    ("your 'busy schedule' again is it", None, ("contempt",)),
    ("pathetic. honestly pathetic", None, ("contempt",)),
    ("riveting story, tell me more 🥱", "i was stuck in traffic", ("contempt",)),
    ("hilarious. you should do stand up", "bit of a joke that, you being on time", ("contempt",)),
    ("ooh look who remembered they have kids", None, ("contempt",)),
    ("thanks for the lecture, professor", None, ("contempt",)),
    ("yeah because you're such an expert 🙄", None, ("contempt",)),
    ("oh no, how will i ever cope without you", None, ("contempt",)),
    ("what a surprise, you cancelled. shocked, truly", None, ("contempt",)),
    ("you're a joke", None, ("contempt",)),
    ("ok your majesty, anything else?", "can you not be late again", ("contempt",)),
    ("haha you think you're a good parent? cute", None, ("contempt",)),
    ("wow. just wow. real classy", None, ("contempt",)),
    ("star of the show as always, you 🙄", None, ("contempt",)),
    ("bless you for gracing us with your presence", None, ("contempt",)),
    ("love how you only text when you need something", None, ("contempt",)),
    ("you'd forget your head if it wasn't screwed on lol useless", None, ("contempt",)),
    ("oh great, another excuse", "something came up at work", ("contempt",)),
    ("sure, 'work'", "i was at work", ("contempt",)),
    ("when are you coming home? i can't keep waiting", None, ("homecoming", "pressure")),
    ("decide by sunday or i'm telling the kids it's over", None, ("pressure",)),
    ("if you cared about them you'd be here", None, ("pressure",)),
    ("i need an answer tonight. are we doing this or not", None, ("pressure",)),
    ("after everything i did for you, you can't even give me a straight answer", None, ("pressure",)),
    ("the kids keep asking when you're coming home. what am i meant to tell them", None, ("homecoming", "pressure")),
    ("you have until friday to tell me if you're moving back", None, ("homecoming", "pressure")),
    ("answer me. i've called 5 times", None, ("pressure",)),
    ("everyone thinks you should come back. your mum agrees", None, ("homecoming", "pressure")),
    ("if you don't come to counselling i'm done", None, ("pressure",)),
    ("you owe me a decision", None, ("pressure",)),
    ("stop stalling and tell me what you want", None, ("pressure",)),
    ("i'm not waiting forever. yes or no", None, ("pressure",)),
    ("if you really loved me you'd come home", None, ("homecoming", "pressure")),
    ("i need to know where we stand by the end of the month", None, ("pressure",)),
    ("you're breaking their hearts staying away", None, ("pressure",)),
    ("come home now. i mean it", None, ("homecoming", "pressure")),
    ("i've given you months. enough. are you coming back or not", None, ("homecoming", "pressure")),
    ("i won't ask again. do you want this or not", None, ("pressure",)),
    ("if i don't hear from you today i'm calling your sister", None, ("pressure",)),
    ("say yes or i'm selling the house", None, ("pressure",)),
    ("you keep saying soon. i need a date", None, ("pressure",)),
    ("tell me you're coming back or don't bother ringing", None, ("homecoming", "pressure")),
    ("ella cried herself to sleep again. happy now?", None, ("contempt", "pressure")),
    ("we need to sort this out this week, no more putting it off", None, ("pressure",)),
]


def key(text: str, context: str | None) -> str:
    """A message and its context, normalised as the corpus deduplicates them."""
    return " ".join(text.lower().split()) + "\x1f" + (context or "")


def corpus_keys() -> set[str]:
    """Every corpus message with its context, to prove the probe does not overlap the corpus.

    One-word replies ("sure", "ok") do occur in the corpus, but with other contexts; only the same
    words with the same previous message count as a copy."""
    keys = set()
    for path in CORPUS.glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                keys.add(key(row["text"], row.get("context")))
    return keys


def main() -> None:
    from homeward.signals.classifier import LinearSignalModel, load_default
    from homeward.signals.taxonomy import LABELS

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, help="a model artefact (.npz); default: the shipped one")
    parser.add_argument("--show", action="store_true", help="print every message whose labels differ")
    args = parser.parse_args()
    model = LinearSignalModel.load(args.model) if args.model else load_default()
    known = corpus_keys()
    overlap = [t for t, c, _ in SINCERE + ATTACK if key(t, c) in known]
    if overlap:
        print(f"WARNING: {len(overlap)} probe messages are in the corpus: {overlap[:5]}")

    for name, rows in (("sincere/neutral", SINCERE), ("contempt/pressure", ATTACK)):
        preds = model.predict([t for t, _, _ in rows], [c for _, c, _ in rows])
        fp, tp, support = Counter(), Counter(), Counter()
        exact = 0
        for (text, ctx, want), got in zip(rows, preds):
            exact += set(got) == set(want)
            for label in got:
                (tp if label in want else fp)[label] += 1
            support.update(want)
            if args.show and set(got) != set(want):
                print(f"  {text!r} [{ctx or '-'}] want {list(want)} got {got}")
        print(f"{name}: {len(rows)} messages, exact label set {exact}/{len(rows)}")
        print("  false positives: " + (", ".join(f"{k} {fp[k]}" for k in LABELS if fp[k]) or "none"))
        print("  recall: " + ", ".join(f"{k} {tp[k]}/{support[k]}" for k in LABELS if support[k]))
    print(f"model {model.version}")


if __name__ == "__main__":
    main()
