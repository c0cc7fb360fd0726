"""The shipped knowledge: passes the strict check, and every example is answered as expected."""

from __future__ import annotations

import html
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from bench.run import HELD_OUT_SETS
from bot import learned
from bot.answers import AnswerReader
from bot.checks import check_knowledge
from bot.config import PROJECT_KNOWLEDGE
from bot.conversation import Engine
from bot.knowledge import load_examples
from bot.learned import DANGER_FILE, NET_FILE
from bot.model import Example, KnowledgeBase, Prefs
from bot.render import Reply, render_menu
from bot.triage import Triager
from tests.conftest import load, must_not_train

KB = load(PROJECT_KNOWLEDGE)
ENGINE = Engine(KB)


def _999_first(reply: Reply) -> bool:
    """The reply is marked an emergency and starts with the 999 line."""
    line = f"<b>{KB.messages['emergency']}</b>"
    return reply.emergency and html.unescape(reply.texts[0]).startswith(line)


def _crisis_support_first(reply: Reply) -> bool:
    """The reply is marked an emergency, starts with the crisis line and opens the crisis entry."""
    line = f"<b>{KB.messages['crisis']}</b>"
    opened = reply.answered == KB.triage.crisis_entry
    return reply.emergency and opened and html.unescape(reply.texts[0]).startswith(line)


def _without_crisis_support(reply: Reply) -> bool:
    """The reply neither opens the crisis entry nor starts with the crisis line."""
    line = KB.messages["crisis"]
    return reply.answered != KB.triage.crisis_entry and line not in html.unescape(reply.texts[0])


def test_strict_check_is_clean() -> None:
    kb, problems = check_knowledge(PROJECT_KNOWLEDGE)
    assert kb is not None
    assert [p.format() for p in problems] == []


def test_every_entry_and_flow_is_sourced_and_reviewed(real_kb: KnowledgeBase) -> None:
    for item in [*real_kb.entries.values(), *real_kb.flows.values()]:
        assert item.sources and item.reviewed


@pytest.mark.parametrize("path", HELD_OUT_SETS.values(), ids=HELD_OUT_SETS.keys())
def test_the_held_out_sets_load_and_expect_real_entries(path: Path) -> None:
    """`make bench` measures on them; a renamed entry would quietly count as a miss."""
    examples, problems = load_examples(path)
    assert examples and [p.format() for p in problems] == []
    assert {x.expect for x in examples} <= {*KB.entries, *KB.flows, "none"}


def test_the_blind_batches_name_real_topics_questions_and_buttons() -> None:
    """`python -m bench.blind` scores them; a renamed entry or button, or a misspelt kind,
    would count as a miss."""
    bench = Path(__file__).parent.parent / "bench"
    messages = yaml.safe_load((bench / "blind-messages.yaml").read_text(encoding="utf-8"))
    assert {m["topic"] for m in messages} <= {*KB.entries, *KB.flows, "none"}
    assert {m["kind"] for m in messages} == {"danger", "crisis", "calm"}
    for reply in yaml.safe_load((bench / "blind-replies.yaml").read_text(encoding="utf-8")):
        flow, node = reply["at"].split(":")
        options = KB.flows[flow].nodes[node].options
        assert options, reply["at"]
        assert reply["button"] in {None, *(o.label for o in options)}, reply
    for name in ("blind-followups.yaml", "blind-followups-2.yaml"):
        followups = yaml.safe_load((bench / name).read_text(encoding="utf-8"))
        assert {f["kind"] for f in followups} == {"danger", "calm"}  # any other counts as calm
    paraphrases = yaml.safe_load((bench / "blind-paraphrase.yaml").read_text(encoding="utf-8"))
    assert {p["topic"] for p in paraphrases} <= {*KB.entries, *KB.flows}
    assert {p["style"] for p in paraphrases} == {"paraphrase", "messy"}


def reachable_in_one_tap(reply: Reply) -> set[str]:
    """The entry or flow shown, and those its buttons open."""
    ids = {reply.answered} if reply.answered else set()
    for row in reply.buttons:
        for button in row:
            kind, _, rest = button.data.partition(":")
            if kind in ("e", "f"):
                ids.add(rest.split(":")[0])
    return ids


EMERGENCY_ANSWERS = {KB.triage.flow} | set(KB.topics["emergencies"].entries)


def case(example: Example) -> object:
    """One example as a test; a known miss is expected to fail (XPASS shows it now passes)."""
    marks = [pytest.mark.xfail(strict=False, reason="known miss")] if example.known_miss else []
    return pytest.param(example, id=f"line{example.line}", marks=marks)


def known_miss(message: str, why: str) -> object:
    """A message the bot is known to get wrong. Strict: once mended it fails as XPASS, so the
    mark must go."""
    return pytest.param(message, marks=pytest.mark.xfail(strict=True, reason=f"known miss: {why}"))


@pytest.mark.parametrize("example", [case(x) for x in KB.examples])
def test_example(example: Example) -> None:
    """999 first exactly when in danger; the answer shown, or one tap away."""
    reply = ENGINE.ask(example.question)
    assert reply.emergency == example.emergency, f"999 first: {reply.emergency}"
    shown = reachable_in_one_tap(reply)
    if example.expect == "none":
        assert reply.answered is None, f"confident answer {reply.answered}"
    elif example.emergency:
        assert example.expect in shown or reply.answered in EMERGENCY_ANSWERS, shown
    else:
        assert example.expect in shown, f"answered {reply.answered}, offered {shown}"


CRISIS = KB.triage.crisis_entry


@pytest.mark.parametrize(
    "message",
    [
        "I can't do this any more, my kids would be better off without me",
        "honestly i just want to die, the abuse never stops",
        "been thinking about ending it all since the pile on started",
        "i keep hurting myself when the messages come in",
        # Most people in crisis name a plan, the means or a goodbye, not suicide: the meaning
        # model learns them from the examples that expect the crisis entry.
        "gave my cat to my sister today and wrote her a letter. i wont need anything after friday",
        "sitting in the car on the top level of the car park thinking how easy it would be",
        "im so tired of all of it. ive looked up how many it would take",
        "i'm not ok anymore",  # the crisis model 0.67, just under CRISIS_ALONE
        "ever since the pile-on i keep thinking about not being here any more",  # blind batch
        "cant do this anymore",  # the crisis model 0.18, where "i cant do this anymore" is 1.00
        "Left a note for my partner, just in case. I can't see a way through this",  # model 0.51
        "i have the rope, just need the courage",  # model 0.52
        "im sat in the car with a hosepipe",  # model 0.04; the danger model 0.98
    ],
)
def test_thoughts_of_suicide_get_999_and_the_crisis_entry_at_once(message: str) -> None:
    reply = ENGINE.ask(message)
    assert reply.emergency
    assert reply.answered == CRISIS


@pytest.mark.parametrize(
    "message",
    [
        "i might kill myself",  # the crisis model gives it 0.0004
        "honestly might kill myself",
        "bit suicidal tbh",  # 0.000004
        "i might overdose",
        "i wanna kms",  # text speak for "kill myself" (slang in triage.yaml)
        "may as well go and hang myself",  # 0.02; the filler "go and hang myself" hid it
    ],
)
def test_suicide_said_outright_gets_999_and_the_crisis_entry_though_the_model_reads_it_calm(
    message: str,
) -> None:
    assert _crisis_support_first(ENGINE.ask(message))


@pytest.mark.parametrize(
    "message",
    [  # the crisis model overruled the phrase (0.00), and the danger model alone opened a danger
        # entry: the first got *Someone at your home who won't go*
        "i'm going to drive into a wall",
        "ive got a hosepipe in the car",
        "got a blade in my hand",
    ],
)
def test_a_way_of_ending_their_life_the_crisis_model_misreads_still_opens_crisis_support(
    message: str,
) -> None:
    assert _crisis_support_first(ENGINE.ask(message))


@pytest.mark.parametrize(
    "message",
    [  # each got no crisis line; the crisis model gives the first 0.56 and the second 0.13
        "tonight's the night i end it",
        "whats the point in going on",
        "i feel like giving up on life",
        "cant be bothered with life anymore",
        "ill be gone by the morning",  # opened nothing
        "ive been looking up how many tablets it takes",  # opened nothing
        # the crisis model gives these 0.00 or near it, so they are said outright
        "no point going on anymore",
        "i hope someone does kill me tbh",
        "i've stockpiled my meds",
        # text speak, which the crisis model backs once read as triage reads it
        "dnt want 2 b here no more",
    ],
)
def test_hopelessness_a_time_or_a_plan_in_few_words_gets_crisis_support(message: str) -> None:
    assert _crisis_support_first(ENGINE.ask(message))


@pytest.mark.parametrize(
    "message",
    [  # from helpers' batches: each got no crisis line, the two in a car a 999 line and
        # *Being followed*
        "every troll online is right about me. might as well end it",
        "no point waking up on the 9th, nothing left for me after this",
        "tablets and vodka tonight thats the plan",
        "gonna walk onto the tracks after the count if it goes bad",
        "im in the car in the garage with the engine running",
        "kinda wish a car would hit me on the way back from canvassing",
        # the crisis model gives these 0.00, so they are said outright
        "been cutting again since the abuse started on twitter",
        "just took the whole packet i think",
        # Scots and Geordie, read as "dont want to be here anymore" and "cant go on like this"
        "i dinnae want tae be here nae mair",
        "canny gan on like this man, want it ower",
    ],
)
def test_a_plan_an_act_or_a_wish_to_die_in_everyday_words_gets_crisis_support(
    message: str,
) -> None:
    assert _crisis_support_first(ENGINE.ask(message))


def test_going_on_with_the_campaign_is_not_a_crisis() -> None:
    """The crisis model gives it 0.11, enough to back the phrase "point in going on"."""
    reply = ENGINE.ask("is there any point in going on with the campaign after this")
    assert not reply.emergency
    assert KB.messages["crisis"] not in html.unescape(reply.texts[0])


@pytest.mark.parametrize(
    "message",
    [
        "someone said i should kill myself",
        "he told me to go kill myself, is that a crime",
        "i was killing myself laughing at the hustings",
    ],
)
def test_suicide_words_said_to_the_person_or_in_jest_are_not_a_crisis(message: str) -> None:
    assert _without_crisis_support(ENGINE.ask(message))


SELF_HARM_LAW, TRACKER = "encouraging-self-harm-law", "hidden-tracker"
HACKED, SIM_SWAP = "hacked-account", "sim-swap"
SWAP = ("another phone", "report fraud")


@pytest.mark.parametrize(
    ("message", "entry", "says"),
    [
        # opened the threats-to-kill law
        ("he told me to go kill myself, is that a crime", SELF_HARM_LAW, ("s184",)),
        # "I don't have guidance on that"
        ("ppl keep saying kys under my posts", SELF_HARM_LAW, ("s184",)),
        # 999 and crisis support: "self harm" was a crisis
        ("is encouraging self harm illegal", SELF_HARM_LAW, ("s184",)),
        # "Did you mean"
        ("found an airtag in my handbag after the hustings", TRACKER, ("101", "keep the tracker")),
        # the entry on sharing your own location
        ("i think theres a tracker on my car", TRACKER, ("101", "keep the tracker")),
        ("my ex put a tracker on my car during the campaign", TRACKER, ("101", "keep the tracker")),
        # "I don't have guidance on that"
        ("my phone number stopped working and now i cant get into my accounts", SIM_SWAP, SWAP),
        # the advice on setting up two-step verification before anything happens
        ("someone changed the passwords on my campaign accounts", HACKED, ("report fraud",)),
        ("some1 hacked my fb page n is posting racist stuff as me", HACKED, ("screenshot",)),
    ],
)
def test_a_calm_question_opens_its_sourced_answer_without_999(
    message: str, entry: str, says: tuple[str, ...]
) -> None:
    reply = ENGINE.ask(message)
    assert not reply.emergency
    assert reply.answered == entry
    assert all(words in reply.texts[0].lower() for words in says)


def test_a_crisis_in_scots_gets_999_and_the_crisis_entry() -> None:
    """The meaning model gives it 0.41: it reads the English it was taught, not Scots."""
    reply = ENGINE.ask("Canny dae this nae mair, I've got the pills in ma haun")
    assert reply.emergency
    assert reply.answered == CRISIS


@pytest.mark.parametrize(
    "message",
    [
        "im not safe",
        "I am not safe",
        "we are not safe here, they posted my address",
        "no. not safe at all",
    ],
)
def test_not_safe_said_outright_gets_999_first_though_the_model_reads_it_as_safe(
    message: str,
) -> None:
    """The danger model gives "im not safe" 0.004: "not safe" sits by "safe" in meaning."""
    reply = ENGINE.ask(message)
    assert reply.emergency
    assert reply.texts[0].startswith(f"<b>{html.escape(KB.messages['emergency'], quote=False)}")


@pytest.mark.parametrize(
    "message",
    [
        "no ones been near the office, its just voicemails",
        "all good, he cleared off as soon as my husband came to the door",
        "safe now thanks. my husband drove me home from the count",  # "safe now" is small talk
    ],
)
def test_a_follow_up_saying_it_is_over_or_never_came_gets_no_999_line(message: str) -> None:
    """The danger model alone gave each 0.95 or more: it reads the danger they mention."""
    reply = ENGINE.ask(message)
    assert not reply.emergency
    assert KB.messages["emergency"] not in html.unescape(reply.texts[0])


def test_a_follow_up_saying_it_is_only_emails_so_far_opens_the_letters_and_emails_entry() -> None:
    """With its 999 line gone, such a follow-up opened the threats or suspicious-post entry."""
    seen = ENGINE.understand("its only been emails so far, nobodys come round to the house")
    assert not seen.triage.emergency
    assert seen.opens == "abusive-letters-emails"


@pytest.mark.parametrize(
    "message",
    [
        "its over, police have been and everyone went home",  # "Did you mean" buttons before
        "wandered off in the end, all quiet at the stall again",
        # these opened "Someone at your home who won't go" and "Someone is following you now"
        "all calm now, the lads from the pub cleared off about ten minutes ago",
        "im home now, the man from the hustings never followed me",
    ],
)
def test_a_follow_up_saying_it_is_over_opens_what_to_do_next(message: str) -> None:
    """Once its 999 line was gone, such a follow-up got "I don't have guidance on that", a
    list, or a danger entry's "call 999 now"."""
    reply = ENGINE.ask(message)
    assert not reply.emergency
    assert reply.answered == KB.triage.settled_entry == "safe-now-what-next"


def test_a_story_asking_about_a_danger_entry_keeps_it_though_it_is_over() -> None:
    """A sure answer stands: the settled entry opens only where search has none, or is torn
    between near rivals and would open a danger entry."""
    message = (
        "Last month a man cornered me on a stairwell while I was leafleting and I froze. Nothing"
        " happened in the end. If it happens again, can I ring 999 without speaking?"
    )
    reply = ENGINE.ask(message)
    assert not reply.emergency
    assert reply.answered == "silent-999-call"


@pytest.mark.parametrize(
    "message",
    [
        "not a false alarm, theres a man in a balaclava by the bins",  # negated: not over
        "all good now but hes back",  # an urgent word says otherwise
        "the lad from earlier came back with his pals",
        "Not a false alarm. There's a bag hissing under our stall table",
    ],
)
def test_danger_told_beside_a_sign_it_is_over_still_gets_999_first(message: str) -> None:
    reply = ENGINE.ask(message)
    assert _999_first(reply)


def test_the_menu_lists_the_situations_most_urgent_first() -> None:
    """Flows were listed in file name order: the walk-through for danger now came second, under
    damage, and a threat came last of seven."""
    labels = [row[0].label for row in ENGINE.menu().buttons[:7]]
    assert labels == [
        "Something is happening now",
        "I've received a threat",
        "Online abuse or a pile-on",
        "Someone keeps contacting or following me",
        "My personal information is out there",
        "Lies, smears or impersonation",
        "Damage to my property or campaign materials",
    ]
    first = ENGINE.menu().buttons[0][0]
    assert first.label == KB.flows[KB.triage.flow].title == "Something is happening now"


def test_the_walk_through_for_danger_now_stays_first_whatever_order_staff_give_it() -> None:
    now = KB.triage.flow
    flows = {i: replace(f, order=99) if i == now else f for i, f in KB.flows.items()}
    first = render_menu(replace(KB, flows=flows)).buttons[0][0]
    assert first.label == KB.flows[now].title


@pytest.mark.parametrize(
    "message",
    [
        "someone cut the brake cables on my car",  # no 999 line before
        "i think someone has tampered with my brakes",  # "Did you mean" before
        "someone loosened my wheel nuts",  # opened the entry on a volunteer attacked
    ],
)
def test_a_car_tampered_with_so_it_could_crash_gets_999_first_then_the_damage_walk_through(
    message: str,
) -> None:
    reply = ENGINE.ask(message)
    assert _999_first(reply)
    assert reply.answered == "damage"


@pytest.mark.parametrize(
    "message",
    [  # search is unsure, so the first two opened *Something is happening now*
        "a voter said he'd cut my throat",
        "they said they'd hang me from a lamppost",
        # a danger entry near the best match opened: *When to call 999*, *A volunteer or team
        # member is attacked*, *Texting 999 or using a relay service*
        "he threatened to run me over",
        "man told my agent he was going to kill me",
        "text saying your days are numbered traitor",
        # threats in other words: no phrase matched, so each got no 999 line and most a list
        # to choose from
        "a guy at the hustings said he would break my neck",
        "they said they'd find me and finish me off",
        "a note on my car said we know where you live, you're next",
        "reply saying hang all traitors starting with you",
        "guy said he'd do me in",
        # 999 came from danger phrases ("a bullet", "stab", "burn down"), which opened
        # *Something is happening now* or *Someone at your home who won't go*
        "comment under my video says someone should put a bullet in me",
        "she said she would stab my kids",
        "he said he'd burn my house down",
        # from a helper's batch of threats: no phrase matched
        "my agent got a voicemail saying theyre gonna sort me out permanently",
        "voicemail said theyll cave my head in with a brick",
        "got a voicemail saying ill be put six feet under",
    ],
)
def test_a_threat_to_life_not_told_as_happening_now_opens_the_threat_walk_through(
    message: str,
) -> None:
    reply = ENGINE.ask(message)
    assert _999_first(reply)
    assert reply.answered == KB.triage.threat_flow == "threat-received"


@pytest.mark.parametrize(
    "message",
    [  # each would get a 999 line without its filler or its general or past phrase, and the
        # threat phrase names who is hurt ("threatened to hurt my", not "threatened to hurt")
        "this campaign will finish me off",
        "the rain will do me in",
        "you'll be dead tired after the count",
        "you will die laughing at this leaflet",
        "the opposition leader deserves to be shot down in the debate",
        "they threatened to hurt our chances at the count",
        "is it a crime to say someone should be raped",
        "i had a threat last year saying they'd rape me, how do i get it on record",
    ],
)
def test_threats_words_in_a_figure_of_speech_a_question_or_the_past_get_no_999(
    message: str,
) -> None:
    assert not ENGINE.ask(message).emergency


def test_a_threat_with_a_sign_of_danger_now_opens_what_to_do_now() -> None:
    """Search is unsure, and "knife" says it is happening now: not the threat walk-through."""
    reply = ENGINE.ask("man with a knife says hell kill me")
    assert _999_first(reply)
    assert reply.answered == "danger-on-doorstep"


@pytest.mark.parametrize(
    "message",
    [  # each got no 999 line before: only "kill" and "death threat" were read as a threat to life
        "someone threatened to slit my throat",
        "a voter said he'd cut my throat",
        "he threatened to run me over",
        "they said they'd hang me from a lamppost",
        "someone threatened to strangle me",
        "dm saying they will behead me",
        "email saying they'll throw acid in my face",
        # the crisis model read it as thoughts of suicide (0.79) and opened crisis support
        "they said they're going to put a bullet in my head",
        # crisis phrases in someone else's act: a rule without "no one else" made these crises
        "a man tried to drive into a wall of my supporters",
        "he said hed slit my tyres, hes outside now",
        # the filler "shoot me a" (an email) once hid this threat
        "a man said he'd shoot me a few times",
        # threats said outright (`life_outright`): the danger model read each as calm (0.01 or
        # less), so their phrases were overruled
        "dm says ill get what jo cox got",
        "message saying you'll end up like david amess",
        "they said they would rape me",
        "he told me i'd be dead by christmas",
        "tweet says she deserves to be shot",
        "they threatened to hurt my family",
        "dm said ur going to die",
        "text saying u wont live to see polling day",
        "facebook comment: i'll knock your teeth out",
        # from a helper's batch of threats, each read as calm by the model (0.02 or less)
        "bloke on the phone said hed shoot me and my family",
        "dm saying ill be found in a ditch",
        "got told im gonna get stabbed like amess, the guy knew my surgery times",
        "leafleter got told by a group of lads theyd be glassed if they came back",
        "threatening letter came with a photo of my house and a crosshair drawn on it",
        "got a letter saying your family will pay, with photos of them",
        # a car used as a weapon now: "ramming" was spell-corrected to "racing", and the model
        # reads these as driving (0.22, 0.17)
        "someone keeps ramming my car from behind on the bypass and wont back off",
        "a 4x4 keeps ramming us on the country lane",
    ],
)
def test_danger_from_someone_else_gets_999_first_not_crisis_support(message: str) -> None:
    reply = ENGINE.ask(message)
    assert _999_first(reply)
    assert _without_crisis_support(reply)


@pytest.mark.parametrize(
    "message",
    [  # figures of speech built on threats to life; the first two got a 999 line before, and the
        # third would without its filler ("run me over" is a threat)
        "just shoot me now, another hustings tonight",
        "break a leg at the count tonight",
        "can you run me over the figures again",
    ],
)
def test_a_figure_of_speech_about_a_threat_gets_no_999(message: str) -> None:
    assert not ENGINE.ask(message).emergency


@pytest.mark.parametrize(
    "message",
    [
        # from a blind batch: no 999 line before ("lobbing" is read as "throwing")
        "Bit hairy here, the lot from the pub are lobbing stuff at us near the market cross",
        "Long day on the doors. A man has just come at me with a spade and I've backed off into"
        " the street. Turnout looks decent though.",
        "getting chased",  # from a blind batch: "being chased" was listed, not this
    ],
)
def test_being_attacked_told_in_everyday_words_gets_999_first(message: str) -> None:
    reply = ENGINE.ask(message)
    assert _999_first(reply)


@pytest.mark.parametrize(
    "message",
    [
        "not sure it's anything, but she's here",
        "he is here again",
        "not sure what he wants but he's here",
    ],
)
def test_someone_being_here_in_reply_to_the_danger_question_gets_999_first(message: str) -> None:
    reply = ENGINE.ask(message, asked=("stalking", "danger"))
    assert _999_first(reply)
    assert "<b>Call 999 now</b>" in reply.texts[0] or reply.answered in KB.entries


@pytest.mark.parametrize(
    "typed", ["no hes not here", "no, she's not here", "nah theyre not here now"]
)
def test_saying_someone_is_not_here_is_not_read_as_them_being_here(typed: str) -> None:
    """'he is here' is a danger phrase, and its gap spanned the "not": "no hes not here" got
    the 999 line and the Call 999 now step, from a blind batch."""
    reply = ENGINE.ask(typed, asked=("stalking", "danger"))
    assert not reply.emergency
    assert html.unescape(reply.texts[0]).startswith("<i>Taken as “No, not right now”.</i>")


def test_not_safe_alone_opens_the_walk_through_for_danger_now() -> None:
    assert ENGINE.ask("im not safe").answered == KB.triage.flow


@pytest.mark.parametrize(
    "message",
    ["what if im not safe at the count?", "im not saying its safe, just asking how to canvass"],
)
def test_not_safe_in_a_question_or_another_sense_raises_no_alarm(message: str) -> None:
    assert not ENGINE.ask(message).emergency


@pytest.mark.parametrize(
    "message",
    [
        "he rammed my car last month, police have the dashcam, what happens next",
        "what should i do if someone tries to run me off the road",
    ],
)
def test_a_car_used_as_a_weapon_in_the_past_or_a_question_raises_no_alarm(message: str) -> None:
    assert not ENGINE.ask(message).emergency


def test_locked_out_of_online_accounts_raises_no_alarm() -> None:
    """The danger phrase "get into my" ("he's trying to get into my house"), with "now", gave
    999 and the walk-through for danger now to someone whose phone number was taken."""
    reply = ENGINE.ask("my phone number stopped working and now i cant get into my accounts")
    assert not reply.emergency
    assert KB.messages["emergency"] not in html.unescape(reply.texts[0])


def test_in_crisis_the_reply_offers_no_rival_topics() -> None:
    """Search ranks the threat entries near "I want to end my life"; they are no help here."""
    reply = ENGINE.ask("i want to end my life")
    labels = [button.label for row in reply.buttons for button in row]
    assert _crisis_support_first(reply)
    assert not [label for label in labels if label.startswith("Or:")]


def test_feelings_that_are_over_open_the_crisis_entry_without_the_alarm() -> None:
    reply = ENGINE.ask("last year I felt suicidal during the campaign, is there support")
    assert not reply.emergency
    assert reply.answered == CRISIS


@pytest.mark.parametrize(
    "message",
    [
        "trolls keep telling me to kill myself under every post",
        "a man told me he'd end my life if I got elected, is that an offence by itself?",
        "a bloke on the doorstep told me to go and kill myself, can i report that",
        # everyday questions in words the crisis list also holds
        "can we take them all down after the election",
        "saying goodbye to the volunteers after the count, any ideas for a thank you",
        known_miss(
            "i wont be here for the hustings next week, can my agent go instead",
            "the crisis network gives it 0.7047, at CRISIS_ALONE 0.7 (under it on the machine"
            " that trained it before the network was shipped; see models/ README)",
        ),
        known_miss(
            "does an overdose of caffeine count as cheating before a debate?",
            "the crisis network backs 'overdose' (README)",
        ),
        "im exhausted and behind on everything but im ok, how do i pace myself",  # weary, safe
        # chat endings and plans: the crisis network parts them from final goodbyes
        "see you tomorrow, bye",
        "I'm going to pop over to the office tomorrow to pick up the new leaflets",
        known_miss("away to my bed, knackered", "the danger-now model (endings set, README)"),
    ],
)
def test_threats_everyday_words_and_goodbyes_are_not_a_crisis(message: str) -> None:
    reply = ENGINE.ask(message)
    assert not reply.emergency
    assert reply.answered != CRISIS


def talk_reply(kind: str) -> str:
    """The reply smalltalk.yaml gives a kind of small talk."""
    return next(t.reply for t in KB.smalltalk if t.id == kind)


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        ("hi", "greeting"),
        ("Hellooo!!", "greeting"),  # the danger-now model alone gave it 0.97
        ("bore da", "greeting"),
        ("anyone there?", "check"),  # the crisis model alone gave it 0.99
        ("hi, is this working?", "check"),
        ("are you a real person", "check"),
        ("help!", "help"),
        ("need help", "help"),  # "I don't have guidance on that" before
        ("please help", "help"),
        ("thnks", "thanks"),
        ("thank u x", "thanks"),  # text speak (synonyms.yaml) and a kiss
        ("sorry, wrong chat", "sorry"),
        ("ok", "ok"),
        ("diolch yn fawr", "thanks"),
        ("ok ta bye", "goodbye"),
        ("thanks, bye", "goodbye"),
        ("night", "goodbye"),  # opened "Safety at the count" before
        # listed phrases one after another, and names: "I don't have guidance" before
        ("ok cheers bye", "goodbye"),
        ("got it thanks", "thanks"),
        ("hi is this working", "check"),
        ("ta me duck", "thanks"),
        ("bout ye big man", "greeting"),
        # "it's sorted" and thanks: a sign-off, not a follow-up to open what to do next for
        ("cheers, all sorted now", "thanks"),
        ("ok all sorted, bye", "goodbye"),
    ],
)
def test_small_talk_gets_a_reply_in_kind_then_the_menu(message: str, kind: str) -> None:
    reply = ENGINE.ask(message)
    text = html.unescape(reply.texts[0])
    assert text.startswith(talk_reply(kind)), text
    assert "call 999" in text
    assert not reply.emergency and reply.answered is None
    assert reply.buttons and len(reply.buttons) > 3  # the main menu


@pytest.mark.parametrize(
    "message",
    [
        "hi someone is outside my house",
        "is anyone there? he's outside",
        "help he's here",
        "goodbye forever",
        "goodbye everyone",
        "i just wanted to say goodbye",
        "hi. hes here",  # read without its greeting: no alarm at all before
        "hello? i don't see a way out of this",
        "pal theres a man at my door with a knife",  # a name is never small talk alone
        # a command's reply has no 999 line, so it never stands against a learned alarm: the
        # crisis model gives this 0.98, and it got "Delete everything I hold about you?"
        "sorry delete everything you hold",
    ],
)
def test_small_talk_never_quietens_danger_or_a_goodbye_from_someone_in_crisis(
    message: str,
) -> None:
    reply = ENGINE.ask(message)
    assert reply.emergency
    assert not any(
        html.unescape(reply.texts[0]).startswith(t.reply) for t in KB.smalltalk if t.reply
    )
    assert reply.texts not in (ENGINE.forget().texts, ENGINE.privacy().texts)


def test_a_name_alone_is_not_small_talk() -> None:
    reply = ENGINE.ask("mate")
    assert not any(
        html.unescape(reply.texts[0]).startswith(t.reply) for t in KB.smalltalk if t.reply
    )


@pytest.mark.parametrize(
    "message",
    [
        "delete my data",
        "Please delete my data",
        "hi, delete my data",
        "forget",
        "can you delete my data?",  # opened "Keep abusive messages, don't delete them" before
        "how do i delete my data",  # "Did you mean" before
        "How do I delete my data from this bot?",  # 8 words: "Did you mean" before
    ],
)
def test_asking_in_words_to_delete_my_data_asks_to_confirm_as_forget_does(message: str) -> None:
    # "delete my data" opened "Keep abusive messages, don't delete them" before
    reply = ENGINE.ask(message)
    assert reply.texts == ENGINE.forget().texts and reply.buttons == ENGINE.forget().buttons
    assert not reply.forget  # nothing is deleted until "Yes, delete it" is tapped
    assert ENGINE.press(reply.buttons[0][0].data).forget


@pytest.mark.parametrize(
    "message",
    [
        "is this private?",
        "who can see this chat",
        "what do you keep",
        "will the party see this?",
        "What do you store about me?",  # "Did you mean: privacy health check" before
    ],
)
def test_asking_what_the_bot_keeps_gets_the_privacy_note(message: str) -> None:
    assert ENGINE.ask(message).texts == ENGINE.privacy().texts


@pytest.mark.parametrize(
    ("message", "entry"),
    [
        ("should i delete the messages", "keep-messages-dont-delete"),
        ("who can see this", "home-address-form-who-sees"),  # the review found these taken
        ("remove my details", "privacy-health-check"),
    ],
)
def test_questions_about_deleting_or_seeing_things_are_still_guidance(
    message: str, entry: str
) -> None:
    assert ENGINE.ask(message).answered == entry


@pytest.mark.parametrize(
    ("message", "entry"),
    [
        # each named a campaign word listed as off topic, and got only "Did you mean"
        ("someone poured petrol on my doorstep last night", "someone-at-my-home"),
        ("do i have to put my home address on the nomination form", "withhold-home-address"),
        ("trolls keep attacking my policies and calling me names", "criticism-or-crime"),
        ("rival candidate is twisting my policy on housing in his leaflets", "political-lies"),
        ("he says the death threat was just a joke, is it still a crime", "threats-to-kill"),
        # nearer in meaning to a question about leaflets than to any entry: no guidance at all
        ("someone defaced my leaflets with swastikas", "damage"),
    ],
)
def test_safety_questions_that_use_a_campaign_word_still_get_guidance(
    message: str, entry: str
) -> None:
    assert ENGINE.ask(message).answered == entry


@pytest.mark.parametrize(
    "message",
    ["can i claim petrol as an election expense", "what time do polls close", "tell me a joke"],
)
def test_questions_about_running_a_campaign_still_get_no_answer(message: str) -> None:
    assert ENGINE.ask(message).answered is None


@pytest.mark.parametrize(
    ("asked", "typed", "taken_as"),
    [
        (("happening-now", "danger"), "yeah", "Yes, danger now"),
        (("happening-now", "danger"), "yeah, think so", "Yes, danger now"),
        (("happening-now", "danger"), "dunno", "Not sure"),
        (("happening-now", "danger"), "no idea", "Not sure"),  # not "No, not right now"
        (("damage", "danger"), "nah", "No, not right now"),
        (("damage", "danger"), "Nope, all quiet now", "No, not right now"),
        (("stalking", "danger"), "aye", "Yes, they're near me now"),
        (("online-abuse", "nation"), "NI", "Northern Ireland"),
        (("online-abuse", "nation"), "scotlnd", "Scotland"),
        (("online-abuse", "nation"), "wales", "England or Wales"),
        (("personal-info", "nat-papers"), "wales", "Wales"),
        (("smears", "what"), "a fake account", "A fake account posing as me"),
        (("threat-received", "how"), "online", "Online, text or message"),
        (("online-abuse", "nation"), "glasgow", "Scotland"),  # a place in areas.yaml
        (("personal-info", "nat-papers"), "cardiff", "Wales"),
        (("personal-info", "nat-papers"), "N Ireland", "Northern Ireland"),  # "n" is not "No"
        (("happening-now", "where"), "at my home", "At my home or office"),
        # said in other words than the button's (answers.yaml), one phrase for two questions
        (("threat-received", "how"), "on facebook", "Online, text or message"),
        (("stalking", "how"), "on facebook", "Online, messages or calls"),
        (("threat-received", "how"), "by post", "Letter, phone or in person"),
        (("online-abuse", "kind"), "trolling mostly", "Nasty, but no threats"),
        (("online-abuse", "kind"), "threats", "Threats or hate"),  # not "Nasty, but no threats"
        (("damage", "what"), "placards", "Posters, boards or leaflets"),
        (("smears", "what"), "a deepfake", "Faked or edited video or audio"),
        (("personal-info", "what"), "ballot paper", "My address is on election papers"),
    ],
)
def test_a_typed_answer_to_a_walk_through_is_taken_as_its_button(
    asked: tuple[str, str], typed: str, taken_as: str
) -> None:
    reply = ENGINE.ask(typed, asked=asked)
    text, taken = html.unescape(reply.texts[0]), f"<i>Taken as “{taken_as}”.</i>"
    assert text.startswith(taken)
    node = KB.flows[asked[0]].nodes[asked[1]]
    step = next(o.next for o in node.options if o.label == taken_as)
    assert reply.asks is None or reply.asks == (asked[0], step)


MEANT = [
    (("damage", "what"), "someone threw paint all over my front door", "My home, car or office"),
    (
        ("smears", "what"),
        "they photoshopped me into a nazi rally",
        "Faked or edited video or audio",
    ),
    (("smears", "what"), "a made up quote about immigrants", "Lies or false claims about me"),
    (("stalking", "how"), "dozens of texts a night from him", "Online, messages or calls"),
]
TAKEN = KB.messages["typed_answer"].split("{choice}")[0]
"""How a reply taken as a button starts ("Taken as “")."""


@pytest.mark.parametrize(("asked", "typed", "taken_as"), MEANT)
def test_a_reply_in_its_own_words_is_taken_as_the_button_it_means(
    asked: tuple[str, str], typed: str, taken_as: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Neither a listed answer nor a label's words: these were searched as new questions."""
    reply = html.unescape(ENGINE.ask(typed, asked=asked).texts[0])
    assert reply.startswith(f"<i>{TAKEN}{taken_as}")
    monkeypatch.setattr("bot.answers.MEANT_TELLING", 99)  # never read by meaning
    assert TAKEN not in html.unescape(ENGINE.ask(typed, asked=asked).texts[0])


@pytest.mark.parametrize(
    ("asked", "typed"),
    [
        (("damage", "what"), "both"),  # near every label, so says none
        (("damage", "what"), "the lot"),
        (("damage", "what"), "what happens next"),  # a question of its own
    ],
)
def test_a_reply_is_not_read_by_meaning_where_it_would_be_a_guess(
    asked: tuple[str, str], typed: str
) -> None:
    assert TAKEN not in html.unescape(ENGINE.ask(typed, asked=asked).texts[0])


def test_a_reply_naming_a_place_is_never_read_by_meaning() -> None:
    """The model knows no places: "Merthyr" was nearest "Northern Ireland"."""
    options = KB.flows["stalking"].nodes["nat-follow"].options
    assert ENGINE.answers.meant(options, "near ebbw vale", options[0].label) is None
    other = KB.flows["damage"].nodes["what"].options
    assert ENGINE.answers.meant(other, "near ebbw vale", other[0].label) is other[0]


@pytest.mark.parametrize(
    ("asked", "typed"),
    [
        (("happening-now", "danger"), "my phone number is on a telegram channel"),  # the first
        (("damage", "what"), "brick thru the window n hes still out there"),  # an alarm
        (("happening-now", "where"), "in my flat"),  # a learned model's alarm alone
    ],
)
def test_a_reply_is_never_read_by_meaning_at_the_danger_question_or_in_an_alarm(
    asked: tuple[str, str], typed: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Even if meaning picked a button, these are searched as usual: a wrong reading of "Are you
    in danger right now?" or a reply with the 999 line behind "Taken as" could cost a life."""
    monkeypatch.setattr(AnswerReader, "meant", lambda self, options, text, nearest: options[0])
    assert ENGINE.ask(typed, asked=asked).texts == ENGINE.ask(typed).texts


@pytest.mark.parametrize(
    ("asked", "typed"),
    [
        (("smears", "what"), "what is a crime reference number"),
        (("threat-received", "how"), "thanks"),  # small talk, answered in kind
        (("personal-info", "what"), "how did they get my address"),  # a question
        (("personal-info", "nat-papers"), "england and wales"),  # two buttons
    ],
)
def test_a_reply_that_fits_no_single_button_is_read_as_a_new_message(
    asked: tuple[str, str], typed: str
) -> None:
    assert ENGINE.ask(typed, asked=asked).texts == ENGINE.ask(typed).texts


@pytest.mark.parametrize(
    ("asked", "typed"),
    [
        (("damage", "what"), "sorry what?"),  # the crisis line before (the model gave it 0.99)
        (("happening-now", "danger"), "what do you mean"),
    ],
)
def test_not_understanding_the_question_gets_it_again_without_an_alarm(
    asked: tuple[str, str], typed: str
) -> None:
    reply = ENGINE.ask(typed, asked=asked)
    assert not reply.emergency
    text = html.unescape(reply.texts[-1])
    assert text.startswith(f"<i>{KB.messages['typed_unclear']}</i>")
    assert text.removesuffix("</b>").endswith(KB.flows[asked[0]].nodes[asked[1]].question)
    assert reply.asks == asked


def test_not_understanding_out_of_a_walk_through_gets_how_to_ask() -> None:
    reply = ENGINE.ask("sorry what")
    assert not reply.emergency
    assert html.unescape(reply.texts[0]).startswith(talk_reply("unclear"))


@pytest.mark.parametrize(
    ("asked", "typed"),
    [
        (("damage", "danger"), "maybe"),  # no "Not sure" button here
        (("happening-now", "danger"), "i reckon"),
    ],
)
def test_a_reply_that_fits_no_button_and_finds_nothing_gets_the_question_again(
    asked: tuple[str, str], typed: str
) -> None:
    """It got "I don't have guidance on that", which left the walk-through in the middle of
    "Are you in danger right now?"."""
    assert html.unescape(ENGINE.ask(typed).texts[0]).startswith(KB.messages["no_match"])
    reply = ENGINE.ask(typed, asked=asked)
    text = html.unescape(reply.texts[-1])
    assert text.startswith(f"<i>{KB.messages['typed_unclear']}</i>")
    assert text.endswith(f"<b>{KB.flows[asked[0]].nodes[asked[1]].question}</b>")
    labels = [b.label for row in reply.buttons for b in row]
    assert all(o.label in labels for o in KB.flows[asked[0]].nodes[asked[1]].options)
    assert reply.asks == asked  # the next typed reply is read against the same buttons


@pytest.mark.parametrize(
    ("typed", "taken_as"),
    [
        ("no im safe now", "No, not right now"),  # crisis model 0.97
        ("no i'm ok", "No, not right now"),  # 0.93
        ("im ok now", "No, not right now"),  # 0.98
        ("nah im alright", "No, not right now"),  # 0.99
        ("all ok here", "No, not right now"),  # 1.00
        ("i think so", "Yes, danger now"),
        ("he's gone now, im ok", "No, not right now"),  # was asked again
        ("its done, theyve gone", "No, not right now"),
    ],
)
def test_saying_you_are_safe_moves_the_walk_through_on_with_no_alarm_line(
    typed: str, taken_as: str
) -> None:
    """The crisis model reads "im ok" as it reads "im not ok", so a candidate who answered that
    they were safe was told where to find crisis support."""
    reply = ENGINE.ask(typed, asked=("happening-now", "danger"))
    assert html.unescape(reply.texts[0]).startswith(f"<i>Taken as “{taken_as}”.</i>")
    assert not reply.emergency


@pytest.mark.parametrize("message", ["im ok now", "nah im alright", "i'm okay", "all ok here"])
def test_saying_you_are_safe_out_of_the_blue_is_answered_in_kind(message: str) -> None:
    reply = ENGINE.ask(message)
    safe = next(t for t in KB.smalltalk if t.id == "safe")
    assert not reply.emergency
    assert html.unescape(reply.texts[0]).startswith(safe.reply)


@pytest.mark.parametrize(
    ("message", "asked"),
    [
        ("im not ok", None),
        ("im not alright now", None),
        ("im not ok", ("happening-now", "danger")),
        ("im unsafe", None),  # a typo away from "im safe", which small talk lists
        ("im unsafe now", ("happening-now", "danger")),
        ("no im unsafe", ("happening-now", "danger")),
    ],
)
def test_saying_you_are_not_safe_still_gets_an_alarm_line(
    message: str, asked: tuple[str, str] | None
) -> None:
    reply = ENGINE.ask(message, asked=asked)
    lines = {KB.messages["emergency"], KB.messages["crisis"]}
    assert reply.emergency
    assert any(html.unescape(reply.texts[0]).startswith(f"<b>{line}</b>") for line in lines)


@pytest.mark.parametrize(
    ("message", "asked"),
    [
        ("no but hes outside my house now", ("damage", "danger")),
        # from the blind sets of typed answers: no 999 line at all before, asked or not
        ("posted my address and now someones here", ("personal-info", "what")),
        ("people outside shouting im a paedo and throwing stuff", ("smears", "danger")),
    ],
)
def test_a_typed_answer_never_hides_danger_now(message: str, asked: tuple[str, str]) -> None:
    for reply in (ENGINE.ask(message, asked=asked), ENGINE.ask(message)):
        assert _999_first(reply)
        assert "Taken as" not in reply.texts[0]


@pytest.mark.parametrize(
    ("message", "asked"),
    [
        # read without the answers they start with ("no", "i dont think so")
        ("no. wait, something's just come through the letterbox and it's smoking", "damage"),
        ("no i dont think so... hang on theres someone at the back window", "threat-received"),
        ("nah not really, apart from hes outside the office again right now", "stalking"),
        ("dont think so, but a guy from twitter just turned up at my door", "online-abuse"),
        # at the door, though the address was found online; back; here
        ("yes theres someone at my door, they got my address online", "personal-info"),
        ("no... oh no he's just come back", "happening-now"),
        ("not sure its danger but hes here", "stalking"),
        ("not right now but he said hes coming back tonight", "happening-now"),
        ("its over but hes still outside", "happening-now"),  # "its over" is a "No"
    ],
)
def test_a_reply_that_starts_no_but_tells_of_danger_now_gets_the_999_line(
    message: str, asked: str
) -> None:
    reply = ENGINE.ask(message, asked=(asked, "danger"))
    assert _999_first(reply)
    assert "Taken as “No" not in reply.texts[0]


@pytest.mark.parametrize(
    ("message", "asked"),
    [
        ("nope. wait he's outside again", ("stalking", "danger")),
        ("yes he's still here", ("happening-now", "danger")),  # 999 line, not "Taken as"
        ("no. actually someone's just turned up at my house", ("personal-info", "danger")),
        ("nah, but a crowd has just turned up outside my office shouting", ("smears", "danger")),
        ("the car, and they're still smashing it right now", ("damage", "what")),
    ],
)
def test_a_reply_telling_of_danger_goes_to_the_walk_throughs_999_step(
    message: str, asked: tuple[str, str]
) -> None:
    """Not "Are you in danger right now?" again, the question just answered."""
    reply = ENGINE.ask(message, asked=asked)
    assert _999_first(reply)
    assert "<b>Call 999 now</b>" in reply.texts[0]
    assert reply.asks is None
    assert reply.answered == asked[0]


@pytest.mark.parametrize(
    ("message", "asked", "taken_as"),
    [
        ("my office", ("damage", "what"), "My home, car or office"),
        ("at my home", ("happening-now", "where"), "At my home or office"),
    ],
)
def test_typing_a_buttons_own_words_raises_no_alarm_tapping_it_would_not(
    message: str, asked: tuple[str, str], taken_as: str
) -> None:
    """The learned danger model reads these as danger on their own."""
    assert ENGINE.understand(message, answering=True).triage.learned_only
    reply = ENGINE.ask(message, asked=asked)
    assert not reply.emergency
    assert html.unescape(reply.texts[0]).startswith(f"<i>Taken as “{taken_as}”.</i>")


def test_typing_the_words_of_a_button_that_leads_to_999_keeps_the_999_line() -> None:
    message = "near me now"
    assert ENGINE.understand(message, answering=True).triage.learned_only
    reply = ENGINE.ask(message, asked=("stalking", "danger"))
    assert _999_first(reply)
    assert "Taken as “Yes, they're near me now”" in html.unescape(reply.texts[0])


@pytest.mark.parametrize(
    ("reply", "rest"),
    [
        ("No. nah, not really - hes back", "hes back"),
        ("no i dont think so... theres a van", "theres a van"),
        ("nothing to report", None),  # "no" is a word, not a start
        ("nah", None),  # nothing follows
    ],
)
def test_what_a_reply_says_after_its_answers_is_read_as_typed(reply: str, rest: str) -> None:
    assert ENGINE.answers.without_answers(reply) == rest


def test_a_no_with_an_aside_that_is_over_raises_no_alarm() -> None:
    message = "no, it came in the post last week and nobody has been round"
    reply = ENGINE.ask(message, asked=("threat-received", "danger"))
    assert not reply.emergency
    assert KB.messages["emergency"] not in html.unescape(reply.texts[0])


@pytest.mark.parametrize(
    ("message", "asked", "taken_as"),
    [
        ("aye he's at the end of the street", "stalking", "Yes, they're near me now"),
        ("kind of, theyre across the road watching", "happening-now", "Not sure"),
    ],
)
def test_an_answer_only_a_learned_model_alarms_is_taken_after_the_alarm_line(
    message: str, asked: str, taken_as: str
) -> None:
    assert ENGINE.understand(message, answering=True).triage.learned_only
    reply = ENGINE.ask(message, asked=(asked, "danger"))
    assert _999_first(reply)
    assert f"Taken as “{taken_as}”." in html.unescape(reply.texts[0])


# Welsh: judged on the Welsh phrases, then on its English reading (welsh.yaml).
@pytest.mark.parametrize(
    "message",
    [
        "mae dyn tu allan i'r tŷ efo cyllell, dwi ar ben fy hun",  # a man outside with a knife
        "ma rhywun yn cicio'r drws ffrynt rŵan",  # someone kicking the front door now
        "dwi'n meddwl bod car yn fy nilyn i ers Caerfyrddin",  # a car following since Carmarthen
        "mae'r dorf yn y cyfrif yn troi'n dreisgar",  # the crowd at the count turning violent
    ],
)
def test_danger_told_in_welsh_gets_999_first(message: str) -> None:
    assert ENGINE.ask(message).emergency


@pytest.mark.parametrize(
    "message",
    [
        "dwi ddim isio byw ddim mwy",  # I don't want to live any more
        "wedi cael digon. dwi am gymryd fy mywyd heno",  # had enough, taking my life tonight
        # I can't go on. This is the end. Goodbye forever. (read as "cheers. cheers." before)
        "Dwi ddim yn gallu mynd ymlaen. Dyma'r diwedd. Hwyl fawr am byth.",
        "Mae'n ddrwg gen i. Dyma fy neges olaf i chi.",  # I'm sorry. This is my last message
    ],
)
def test_thoughts_of_suicide_in_welsh_get_999_and_the_crisis_entry(message: str) -> None:
    reply = ENGINE.ask(message)
    assert reply.emergency
    assert reply.answered == CRISIS


@pytest.mark.parametrize(
    "message",
    [
        # a knife at the stall last week; what now?
        "roedd dyn efo cyllell wrth y stondin wythnos diwethaf, be ddylwn i neud rŵan?",
        "beth ddylwn i wneud os oes rhywun yn fy nilyn i adre?",  # what if someone follows me
        # a threat to kill on Facebook, how to report it
        "ges i neges ar Facebook yn bygwth fy lladd i, sut dwi'n ei riportio?",
        "mae'r traed yn fy lladd i ar ôl canfasio drwy'r dydd",  # my feet are killing me
    ],
)
def test_calm_welsh_in_danger_words_gets_no_alarm(message: str) -> None:
    assert not ENGINE.ask(message).emergency


def test_no_english_example_is_read_as_welsh() -> None:
    """A word English also uses ("a", "am") in welsh_words would cost English messages the
    meaning model."""
    read_as_welsh = [x.line for x in KB.examples if ENGINE.triager.in_welsh(x.question)]
    assert not read_as_welsh, f"examples.yaml lines read as Welsh: {read_as_welsh}"


def test_a_calm_welsh_question_is_answered_for_wales_and_told_it_was_read_word_by_word() -> None:
    """Read through welsh.yaml, it opens its answer; the note says the reading is rough, and
    with no place named the Welsh version is shown. English gets neither."""
    note = html.escape(KB.messages["welsh"], quote=False)
    welsh = ENGINE.ask("Sut dwi'n cadw fy nghyfeiriad cartref oddi ar y papur pleidleisio?")
    english = ENGINE.ask("how do i keep my address off the ballot paper")
    assert welsh.answered == english.answered == "withhold-home-address"
    assert note in welsh.texts[0]
    assert "At Senedd elections" in welsh.texts[0]  # the Wales version
    assert "At Senedd elections" not in english.texts[0]
    assert not any(note in text for text in english.texts)


@pytest.mark.parametrize(
    "message",
    [
        # the man who shouted at the meeting followed me to the car park, waiting by my car
        "Mae'r dyn oedd yn gweiddi yn y cyfarfod wedi fy nilyn i i'r maes parcio ac mae o'n aros "
        "wrth fy nghar i.",
        # I can't speak. he's outside the bathroom door. how do I call without saying anything
        "alla i ddim siarad. mae o tu allan i ddrws y stafell molchi. sut dw i'n ffonio heb "
        "ddeud dim",
    ],
)
def test_welsh_danger_with_no_welsh_phrase_is_caught_through_its_english(message: str) -> None:
    reply = ENGINE.ask(message)
    assert reply.emergency
    assert ENGINE.understand(message).triage.welsh


def test_a_mostly_english_message_with_a_welsh_clause_keeps_the_meaning_model() -> None:
    """Two Welsh words make it Welsh; its English half still reaches the English phrases and
    model, where "facebook" alone would have quietened "at my door"."""
    # ..., he's saying he knows where I live
    said = (
        "The guy from the Facebook group is at my door, mae o'n deud ei fod o'n gwbod lle dwi'n byw"
    )
    assert ENGINE.ask(said).emergency


def test_welsh_with_a_word_of_another_script_still_gets_999_first() -> None:
    """A word that folds to nothing (Cyrillic here) once crashed the reading of a Welsh alarm."""
    assert ENGINE.ask("mae dyn tu allan efo cyllell rŵan. Слава Україні mae o'n gweiddi").emergency


def test_a_welsh_crisis_told_as_over_still_opens_crisis_support_without_the_alarm() -> None:
    # I tried to kill myself last year, I feel the same again
    reply = ENGINE.ask("nes i drio lladd fy hun llynedd, dwi'n teimlo'r un fath eto")
    assert reply.answered == CRISIS


@pytest.mark.parametrize(
    ("message", "entry"),
    [  # the English half is read as English, not as Welsh look-alikes ("o'r" is not "or")
        ("dwi'n mynd i'r count tonight, any tips for staying safe? diolch", "canvassing-safely"),
        ("wela i chi fory, hwyl", None),  # see you tomorrow, bye: not a goodbye in crisis
    ],
)
def test_calm_mixed_and_welsh_sign_offs_get_no_alarm(message: str, entry: str | None) -> None:
    assert not ENGINE.ask(message).emergency
    assert ENGINE.understand(message).opens == entry


def test_a_welsh_crisis_with_no_welsh_phrase_gets_the_crisis_entry() -> None:
    # I feel like a burden to everyone. I've been thinking how I would do it
    reply = ENGINE.ask("dwi'n teimlo fel baich i bawb. dwi di bod yn meddwl sut fyswn i'n gneud o")
    assert reply.emergency
    assert reply.answered == CRISIS


@pytest.mark.parametrize(
    ("message", "entry"),
    [
        # an Instagram DM threatening to burn my house: is it a crime?
        (
            "DM ar Instagram yn bygwth llosgi fy nhŷ. Ydy hyn yn drosedd?",
            "threatening-messages-law",
        ),
        # how do I text 999? asking for Dad, who is hard of hearing
        ("Sut mae tecstio 999? Gofyn ar ran Dad, mae o'n drwm ei glyw", "text-999-relay"),
        # someone made a fake account in my name on TikTok
        (
            "Rhywun wedi creu cyfri ffug yn fy enw i ar TikTok ac yn postio pethau hiliol",
            "fake-accounts",
        ),
    ],
)
def test_a_calm_welsh_question_opens_its_answer_without_an_alarm(message: str, entry: str) -> None:
    reply = ENGINE.ask(message)
    assert reply.answered == entry
    assert not reply.emergency


def test_a_person_in_sight_is_danger_now_but_one_on_the_news_is_not() -> None:
    """At 'are they near you now?', 'I can see him' got neither 999 nor a button."""
    reply = ENGINE.ask("hes in the same shop as me, i can see him", asked=("stalking", "danger"))
    assert reply.emergency
    assert not ENGINE.ask("i can see him on the news").emergency


def test_the_shipped_learned_models_are_the_ones_for_the_shipped_examples() -> None:
    """Else each machine trains its own at its first start, and they answer borderline messages
    differently: an edit to an example that teaches triage needs a reviewed `bot train`."""
    meaning, triager = ENGINE.index.meaning, ENGINE.triager
    assert meaning is not None
    for model, file in ((triager.crisis_model, NET_FILE), (triager.meaning_model, DANGER_FILE)):
        assert model is not None
        assert type(model)._read(meaning.folder / file, model.key) is not None, (
            f"models/minilm-l6-tuned/{file} is not for the examples in knowledge/examples.yaml"
            " that teach triage. Run `.venv/bin/python -m bot train`, compare the verdicts"
            " (python -m bench.verdicts), and commit crisis-network.npz and danger-model.npz."
        )


def test_a_question_added_for_search_does_not_retrain_the_learned_models(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each retraining moves borderline messages, so only examples that teach triage name the
    crisis network and the danger model."""
    crisis, danger = ENGINE.triager.crisis_model, ENGINE.triager.meaning_model
    assert crisis is not None and danger is not None
    monkeypatch.setattr(learned, "_kept", {})  # a new process: nothing trained yet

    def models(added: Example) -> Triager:
        return Engine(replace(KB, examples=(*KB.examples, added))).triager

    monkeypatch.setattr(learned.MeaningNetModel, "_train", must_not_train)
    monkeypatch.setattr(learned.MeaningDangerModel, "_train", must_not_train)
    found = models(Example("where do i hand in my nomination papers", "none", False, 0))
    assert found.crisis_model is not None and found.crisis_model.key == crisis.key
    assert found.meaning_model is not None and found.meaning_model.key == danger.key
    message = "nasty letter through the door calling me a traitor"
    vector = ENGINE.index.meaning.encode(message)  # type: ignore[union-attr]
    assert found.meaning_model.probability(vector) == danger.probability(vector)
    # an example that teaches triage names new ones (their training is skipped here)
    monkeypatch.setattr(learned.MeaningNetModel, "_train", lambda v, y: crisis.nets)
    monkeypatch.setattr(learned.MeaningDangerModel, "_train", lambda v, y: (danger.weights, 0.0))
    taught = Example("thinking of giving up leafleting for good", "none", False, 0, "not-crisis")
    found = models(taught)
    assert found.crisis_model is not None and found.crisis_model.key != crisis.key
    assert found.meaning_model is not None and found.meaning_model.key != danger.key


def test_a_car_tampered_with_gets_999_and_the_police_not_suicide_support() -> None:
    """The crisis model alone read "cut" as self-harm and opened crisis support: a threat from
    someone else that the danger model is sure of now leads with 999 and its own guidance."""
    reply = ENGINE.ask("my car brakes have been cut")
    assert reply.emergency
    assert KB.messages["emergency"] in reply.texts[0]
    assert reply.answered != KB.triage.crisis_entry
    assert "damag" in reply.texts[0].lower()
    # a threat to life the person tells of someone's own crisis still opens crisis support
    friend = "my volunteer just texted sayin shes gonna kill herself, shes on her own rn"
    assert KB.messages["crisis"] in ENGINE.ask(friend).texts[0]


def test_a_hacked_account_in_scotland_is_reported_to_police_scotland_not_report_fraud() -> None:
    """Report Fraud covers England, Wales and Northern Ireland only."""
    reply = ENGINE.ask("my insta got hacked", Prefs(nation="scotland"))
    assert reply.answered == HACKED
    assert "Police Scotland" in reply.texts[0]
    assert "Report Fraud" not in reply.texts[0]
