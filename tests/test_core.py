"""Normalisation, search, triage, flows and rendering, on the small test knowledge."""

from __future__ import annotations

import html
import re
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from bot import callbacks as cb
from bot import learned
from bot.areas import find_place, parse_payload
from bot.conversation import Engine
from bot.flows import can_finish, reachable, start, step
from bot.kept import keep
from bot.memory import compacted
from bot.model import KnowledgeBase, Prefs, SmallTalk
from bot.okapi import Okapi
from bot.render import render_entry, split_message, telegram_length
from bot.search import Index, Match, decide
from bot.semantic import PROJECT_MODEL, VECTORS_FILE, WORD_TABLE, Encoder, shared_encoder
from bot.text import Analyzer, fold
from bot.triage import Triager
from bot.warmup import warm_up
from bot.welsh import Glossary
from tests.conftest import must_not_train


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("  Someone POSTED   my Address!! ", "someone posted my address"),
        ("Café — naïve “quotes”", "cafe naive quotes"),
        ("don't", "dont"),
        ("\uff46\uff55\uff4c\uff4c \uff57\uff49\uff44\uff54\uff48", "full width"),
        ("tab\tand\nnewline\u200b", "tab and newline"),
    ],
)
def test_fold_treats_case_accents_punctuation_and_space_alike(raw: str, folded: str) -> None:
    assert fold(raw) == folded


def test_a_welsh_message_reads_as_english_word_by_word_mutations_and_all() -> None:
    glossary = Glossary(
        [("man", ["dyn"]), ("knife", ["cyllell"]), ("outside", ["tu allan"]), ("now", ["rŵan"])]
    )
    # "ddyn" and "gyllell" are mutated: only the plain words are listed; "Aled" stays a name
    said = "Ddyn tu allan efo gyllell, Aled. Rwan!"
    assert glossary.english(said) == "man outside efo knife, Aled. now!"
    assert glossary.english("a man outside") == "a man outside"  # English is left as it is


def test_synonyms_typos_and_stems_meet_in_the_middle() -> None:
    analyzer = Analyzer([("twitter", "x", "twiter"), ("someone", "sum1")], ["on", "my"])
    analyzer.learn(["reporting threats on twitter", "someone outside"])
    assert analyzer.tokens("Threatening msgs on X") == analyzer.tokens("threatening msgs twitter")
    assert analyzer.tokens("sum1 outsde", correct=True) == ["someon", "outsid"]


def test_a_real_word_is_not_corrected_into_a_knowledge_word() -> None:
    analyzer = Analyzer([], [])
    analyzer.learn(["someone is shouting at me"], known={"shooting", "shouting"})
    assert analyzer.correct("shooting") == "shooting"
    assert analyzer.correct("shoutng") == "shouting"  # a typo still is


def test_a_figure_of_speech_is_not_read_as_a_threat(real_engine: Engine) -> None:
    """'killer' was read as 'killed' and 'blowing' as 'blocking', which raised the 999 line."""
    assert not real_engine.ask("whats a killer opening line for my hustings speech").emergency
    assert not real_engine.ask(
        "my phone is blowing up with notifications since the debate"
    ).emergency
    assert real_engine.ask("theres a man with a gun shooting outside the count").emergency


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("sum1 posted my adress online", "address-online"),
        ("abuse on twiter", "report-twitter"),
        ("how to screenshot abuse", "screenshot-evidence"),
    ],
)
def test_messy_questions_find_the_right_entry(engine: Engine, question: str, expected: str) -> None:
    seen = engine.understand(question)
    assert seen.decision.kind == "answer"
    assert seen.decision.matches[0].id == expected


def test_out_of_scope_gets_no_confident_answer(engine: Engine) -> None:
    reply = engine.ask("what is the weather tomorrow")
    assert reply.answered is None
    assert "I don't have guidance on that" in reply.texts[0]


def test_confidence_policy() -> None:
    def match(ident: str, score: float, coverage: float, evidence: float = 1.0) -> Match:
        return Match(ident, "entry", score, (), coverage, evidence)

    assert decide([]).kind == "none"
    assert decide([match("a", 0.2, 0.1)]).kind == "none"
    assert decide([match("a", 0.9, 0.8), match("b", 0.3, 0.3)]).kind == "answer"
    story = decide([match("a", 0.5, 0.2, evidence=12.0), match("b", 0.2, 0.1)])
    assert story.kind == "answer"
    close = decide([match("a", 0.9, 0.8), match("b", 0.88, 0.8), match("c", 0.1, 0.1)])
    assert close.kind == "close" and [m.id for m in close.matches] == ["a", "b"]
    assert decide([match("a", 0.4, 0.35), match("b", 0.35, 0.3)]).kind == "choose"


@pytest.mark.parametrize(
    "message",
    [
        "there is a man at my door shouting he will kill me",
        "sum1 outside my house and wont leave",
        "theres a car thats followed me to three villages and its behind me now",
        "HELP hes got a knife",
        "someone is folowing me home from canvassing",
    ],
)
def test_danger_now_is_caught(engine: Engine, message: str) -> None:
    reply = engine.ask(message)
    assert reply.emergency
    assert html.unescape(reply.texts[0]).startswith("<b>If you or anyone with you is in danger")


@pytest.mark.parametrize(
    "message",
    [
        "what should I do if someone threatens me at the door?",
        "how do I report a tweet",
        "someone followed me last week after a hustings",
    ],
)
def test_general_or_past_questions_do_not_raise_the_alarm(engine: Engine, message: str) -> None:
    assert not engine.ask(message).emergency


def test_an_if_after_the_threat_is_part_of_it_not_a_what_if(real_engine: Engine) -> None:
    phrases_only = Triager(real_engine.kb.triage, real_engine.index.analyzer)  # no learned model
    threat = "my teller has been cornered by three men who say they'll do her over if she doesnt go"
    assert phrases_only.assess(threat).emergency
    assert not phrases_only.assess("what do I do if she gets cornered at the count").emergency
    assert not phrases_only.assess("if someone corners me at the count, is that a crime").emergency


def test_now_reaches_the_next_clause_not_the_whole_story(real_engine: Engine) -> None:
    phrases_only = Triager(real_engine.kb.triage, real_engine.index.analyzer)  # no learned model
    calm = "he stalked me in 2019. I moved house. now I'm standing, how do I hide my address"
    assert not phrases_only.assess(calm).emergency
    still = "a man just threatened me outside the shop. hes still hanging about across the road"
    assert phrases_only.assess(still).emergency
    assert phrases_only.assess(
        "the guy who punched me last year. hes back. hes at my door now"
    ).emergency


def test_times_in_text_speak_say_it_is_over(real_engine: Engine) -> None:
    """'wk', 'thurs' and 'a week ago' are past as 'last week' is; 'thurs' is not 'turns'."""
    phrases_only = Triager(real_engine.kb.triage, real_engine.index.analyzer)
    assert not phrases_only.assess("letter sayin theyd burn my house down, came last wk").emergency
    assert not phrases_only.assess("a man threw a brick at my window on thurs").emergency
    assert phrases_only.assess("a man threw a brick at my window, hes still outside").emergency


def test_danger_told_without_is_or_are_is_still_danger(real_engine: Engine) -> None:
    """Text speak drops the verb: "people outside banging the door" is not "is banging"."""
    phrases_only = Triager(real_engine.kb.triage, real_engine.index.analyzer)
    assert phrases_only.assess("people outside shouting and banging the door").emergency
    assert phrases_only.assess("two lads hammering on the window").emergency


def test_flow_engine(small_kb: KnowledgeBase) -> None:
    flow = small_kb.flows["now"]
    assert start(flow).question == "Is anyone in danger right now?"
    assert step(flow, "online") is not None and step(flow, "online").outcome is not None
    assert step(flow, "missing") is None
    assert reachable(flow) == set(flow.nodes) == can_finish(flow)


def test_flow_buttons_carry_their_own_state(engine: Engine) -> None:
    first = engine.press(cb.encode(cb.FLOW, "now", "danger"))
    data = [b.data for row in first.buttons for b in row]
    assert "f:now:call" in data and "f:now:where" in data
    outcome = engine.press("f:now:call")
    assert "Call 999 now" in outcome.texts[0]
    assert "☐ Crime reference number noted" in outcome.texts[0]


def test_a_typed_answer_moves_a_walk_through_on_as_its_button_would(engine: Engine) -> None:
    asked = engine.press("f:now:danger").asks
    assert asked == ("now", "danger")
    yes = engine.ask("Yeah!", asked=asked)
    assert yes.texts[0].startswith("<i>Taken as “Yes”.</i>")
    assert "Call 999 now" in yes.texts[0] and yes.asks is None  # an outcome asks nothing
    no = engine.ask("nah not now", asked=asked)
    assert "Where is it happening?" in no.texts[0] and no.asks == ("now", "where")
    online = engine.ask("online", asked=no.asks)  # a button's own words, not listed as answers
    assert online.texts[0].startswith("<i>Taken as “Online”.</i>")
    assert "Save it and report it" in online.texts[0]
    assert "Taken as “In person”" in engine.ask("in persn", asked=no.asks).texts[0]


def test_a_reply_that_picks_no_button_is_answered_as_a_new_question(engine: Engine) -> None:
    asked = ("now", "where")
    again = engine.ask("yes", asked=asked)  # no Yes button, and search finds nothing: asked again
    assert again.asks == asked and "Taken as" not in again.texts[0]
    assert again.texts[0].endswith(engine.kb.flows["now"].nodes["where"].question)
    question = "how do i report abuse on twitter"  # a question of its own, not an answer
    twitter = engine.ask(question, asked=asked)
    assert twitter.answered == engine.ask(question).answered != "now"
    assert "Taken as “Online”" in engine.ask("abuse on twitter", asked=asked).texts[0]
    for gone in [("now", "call"), ("gone", "danger")]:  # not a question; reloaded away
        assert engine.ask("yes", asked=gone).texts == engine.ask("yes").texts
    story = "yes and they said they would come back to the office every night this week"
    assert "Taken as" not in engine.ask(story, asked=("now", "danger")).texts[0]


def test_a_stray_placeholder_in_the_taken_as_message_is_shown_not_a_crash(
    small_kb: KnowledgeBase,
) -> None:
    messages = {**small_kb.messages, "typed_answer": "Read {as} {choice}."}
    engine = Engine(replace(small_kb, messages=messages), meaning=False)
    assert engine.ask("yes", asked=("now", "danger")).texts[0].startswith("<i>Read {as} Yes.</i>")


def test_danger_typed_in_answer_to_a_question_still_gets_999_first(engine: Engine) -> None:
    reply = engine.ask("no, outside my house", asked=("now", "danger"))
    assert reply.emergency and "Taken as" not in reply.texts[0]
    assert "999" in reply.texts[0].split("\n")[0]


def test_entry_shows_sources_review_date_and_nation_versions(small_kb: KnowledgeBase) -> None:
    entry = small_kb.entries["address-online"]
    default = render_entry(small_kb, entry, Prefs())
    assert "Sources:" in default.texts[0] and "Last reviewed 1 November 2026" in default.texts[0]
    assert "different in Scotland" in default.texts[0]
    assert any(b.data == "e:address-online:scotland" for row in default.buttons for b in row)
    scottish = render_entry(small_kb, entry, Prefs(nation="scotland"))
    assert "In Scotland, report it to Police Scotland" in scottish.texts[0]
    assert "version for Scotland" in scottish.texts[0]


def test_dynamic_text_is_escaped(small_kb: KnowledgeBase, engine: Engine) -> None:
    reply = engine.ask("<b>abuse</b> & <i>twitter</i>")
    assert "<b>abuse</b>" not in "".join(reply.texts)


def test_long_text_splits_on_lines_and_never_inside_a_tag() -> None:
    text = "\n".join(f"<b>Line {n}</b> " + "é" * 300 for n in range(60))
    parts = split_message(text)
    assert len(parts) > 1
    for part in parts:
        assert telegram_length(part) <= 4096
        assert part.count("<b>") == part.count("</b>")
    one_line = "<b>x</b> &amp; " * 2000
    for part in split_message(one_line):
        assert telegram_length(part) <= 4096
        assert part.count("<b>") == part.count("</b>")
        assert not part.rstrip().endswith("&am")


def test_callback_codec_round_trips_and_rejects_junk() -> None:
    data = cb.encode(cb.FLOW, "threat-received", "danger")
    action = cb.decode(data)
    assert action is not None and action.args == ("threat-received", "danger")
    assert cb.decode("f:only-one") is None
    assert cb.decode("zz:what") is None
    assert cb.decode("e:" + "x" * 70) is None
    assert cb.decode("") is None


def test_unknown_buttons_get_the_menu(engine: Engine) -> None:
    for data in ("e:deleted-entry", "t:gone", "f:now:gone", "garbage", None):
        reply = engine.press(data)
        assert "out of date" in reply.texts[0]


def test_start_payload_parsing(small_kb: KnowledgeBase) -> None:
    areas = small_kb.areas
    assert parse_payload(areas, "scotland") == Prefs(nation="scotland")
    assert parse_payload(areas, "west-yorkshire") == Prefs("england", "west-yorkshire")
    assert parse_payload(areas, "west-yorkshire_local") == Prefs(
        "england", "west-yorkshire", "local"
    )
    assert parse_payload(areas, "West-Yorkshire_LOCAL") == Prefs(
        "england", "west-yorkshire", "local"
    )
    assert parse_payload(areas, "west-yorkshire_mayor") is None
    assert parse_payload(areas, "atlantis") is None
    assert parse_payload(areas, "x" * 65) is None
    assert parse_payload(areas, "<b>") is None
    assert parse_payload(areas, "west yorkshire") is None
    assert parse_payload(areas, None) is None


def test_places_named_in_questions(small_kb: KnowledgeBase) -> None:
    assert find_place(small_kb.areas, "I'm standing in Glasgow") == Prefs(
        "scotland", "police-scotland"
    )
    assert find_place(small_kb.areas, "holyrood candidate here") == Prefs(nation="scotland")
    assert find_place(small_kb.areas, "Leeds, West Yorks") == Prefs("england", "west-yorkshire")
    assert find_place(small_kb.areas, "nothing here") is None


EVERYDAY = "a stranger shared where i live on a message board"
"""Shares no telling word with the personal-information flow: only meaning finds it."""


def test_meaning_finds_the_entry_for_an_everyday_phrasing(real_kb: KnowledgeBase) -> None:
    seen = Engine(real_kb).understand(EVERYDAY)
    assert seen.decision.kind in ("answer", "close")
    assert seen.matches[0].id == "personal-info" and seen.matches[0].similarity > 0.5
    on_words = Engine(real_kb, meaning=False).understand(EVERYDAY)
    assert on_words.opens != "personal-info"


def test_the_bot_answers_on_words_alone_when_the_model_cannot_load(
    real_kb: KnowledgeBase, tmp_path: Path
) -> None:
    assert shared_encoder(tmp_path) is None
    index = Index(real_kb, shared_encoder(tmp_path))
    matches, off_topic = index.search("someone posted my home address online")
    assert matches[0].id == "personal-info" and not off_topic
    assert decide(matches).kind in ("answer", "close")


def test_on_words_alone_did_you_mean_offers_only_items_sharing_a_word(
    real_kb: KnowledgeBase,
) -> None:
    """Items no words lead to are no suggestion: 'test 123' was offered a danger entry."""
    seen = Engine(real_kb, meaning=False).understand("test 123")
    assert seen.decision.kind == "choose"
    assert seen.decision.matches and all(m.matched for m in seen.decision.matches)
    assert "danger-at-event-or-count" not in [m.id for m in seen.matches]


def test_the_plain_words_view_ranks_exact_rare_words_first() -> None:
    okapi = Okapi(["Report it to the Procurator Fiscal", "Posting about you", "posts and posting"])
    fiscal = okapi.scores("who is the procurator fiscal?")
    assert fiscal[0] > 0 and fiscal[1] == fiscal[2] == 0
    posting = okapi.scores("posting")  # not stemmed: 'posting' is not 'posts'
    assert posting[1] > 0 and posting[2] > 0 and posting[0] == 0
    assert not okapi.scores("").any() and not okapi.scores("zebra").any()


def _everyday_answered(engine: Engine) -> bool:
    seen = engine.understand(EVERYDAY)
    return seen.matches[0].id == "personal-info" and seen.decision.kind in ("answer", "close")


def test_a_restart_reuses_kept_phrase_vectors_instead_of_encoding_again(
    real_kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    encoder = shared_encoder()
    assert encoder is not None
    Engine(real_kb, data_dir=tmp_path)
    assert (tmp_path / VECTORS_FILE).is_file()
    encoder.memo.clear()  # as in a new process

    def no_encoding(text: str) -> np.ndarray:
        raise AssertionError(f"encoded again: {text!r}")

    with monkeypatch.context() as patch:
        patch.setattr(encoder, "_run", no_encoding)
        restarted = Engine(real_kb, data_dir=tmp_path)
    assert _everyday_answered(restarted)


def test_a_first_start_encodes_in_a_child_process_and_the_bot_reads_its_work(
    small_kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    encoder = shared_encoder()
    assert encoder is not None
    encoder.memo.clear()  # as in a new process

    def no_encoding(text: str) -> np.ndarray:
        raise AssertionError(f"encoded in the bot's own process: {text!r}")

    with monkeypatch.context() as patch:
        patch.setattr(encoder, "_run", no_encoding)
        warm_up(small_kb, tmp_path)
        assert (tmp_path / VECTORS_FILE).is_file()
        engine = Engine(small_kb, data_dir=tmp_path)
    seen = engine.understand("abuse on twiter")
    assert seen.decision.matches[0].id == "report-twitter"


def test_a_first_start_whose_child_cannot_keep_its_work_still_starts(
    small_kb: KnowledgeBase, tmp_path: Path
) -> None:
    blocked = tmp_path / "a file, not a folder"
    blocked.write_text("")
    warm_up(small_kb, blocked)  # the child cannot write there: logged, never raised
    seen = Engine(small_kb, data_dir=blocked).understand("abuse on twiter")
    assert seen.decision.matches[0].id == "report-twitter"


def test_a_loaded_knowledge_copied_into_fresh_memory_is_the_same_knowledge(
    real_kb: KnowledgeBase,
) -> None:
    copy = compacted(real_kb)
    assert copy == real_kb and copy is not real_kb


def test_damaged_or_foreign_kept_vectors_are_rebuilt_not_trusted(
    real_kb: KnowledgeBase, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    kept = tmp_path / VECTORS_FILE
    kept.write_bytes(b"half a file")
    assert _everyday_answered(Engine(real_kb, data_dir=tmp_path))
    assert "phrase vectors" in caplog.text
    encoder = shared_encoder()
    assert isinstance(encoder, Encoder)
    with np.load(kept) as rebuilt:  # the damaged file was replaced by a good one
        keys = list(rebuilt["keys"])
    with kept.open("wb") as out:  # made by another model: the same phrases, other vectors
        junk = np.ones((len(keys), 384), dtype=np.float32) / np.sqrt(384)
        np.savez(out, model=np.array("another model"), keys=np.array(keys), vectors=junk)
    encoder.memo.clear()  # as in a new process
    assert _everyday_answered(Engine(real_kb, data_dir=tmp_path))
    with np.load(kept) as rebuilt:
        assert str(rebuilt["model"]) == encoder.model
        assert not np.allclose(rebuilt["vectors"][0], junk[0])


def test_kept_vectors_belong_to_the_word_table_that_made_them(tmp_path: Path) -> None:
    """A retuned model may change only words.npy; its old vectors must not be reused."""
    shipped = shared_encoder()
    assert shipped is not None
    copy = tmp_path / "model"
    shutil.copytree(PROJECT_MODEL, copy)
    assert Encoder(copy).model == shipped.model
    table = np.load(copy / WORD_TABLE)
    table[1000] ^= 1
    np.save(copy / WORD_TABLE, table)
    assert Encoder(copy).model != shipped.model


def test_a_cut_short_word_table_turns_meaning_off_at_start_not_on_a_message(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    copy = tmp_path / "model"
    shutil.copytree(PROJECT_MODEL, copy)
    whole = (copy / WORD_TABLE).read_bytes()
    (copy / WORD_TABLE).write_bytes(whole[: len(whole) // 2])
    assert shared_encoder(copy) is None
    assert "meaning-based search is off" in caplog.text


def test_a_knowledge_larger_than_the_encoders_memory_still_starts_and_is_kept(
    real_kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("bot.semantic.MEMO", 10)  # as a base of more than 50,000 phrases
    assert _everyday_answered(Engine(real_kb, data_dir=tmp_path))
    with np.load(tmp_path / VECTORS_FILE) as kept:
        assert len(kept["keys"]) > 1000


def test_a_disk_that_fills_while_keeping_leaves_no_half_written_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def full_disk(out: Any, **arrays: np.ndarray) -> None:
        out.write(b"half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(np, "savez", full_disk)
    keep(tmp_path / "kept.npz", {"vectors": np.ones(3)}, "phrase vectors")
    assert list(tmp_path.iterdir()) == []
    assert "phrase vectors not kept" in caplog.text


def test_a_data_folder_that_cannot_be_written_costs_only_start_up_time(
    real_kb: KnowledgeBase, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    assert _everyday_answered(Engine(real_kb, data_dir=blocker / "data"))


def test_in_danger_the_best_danger_entry_opens_even_when_unsure(
    real_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("bot.search.ANSWER_SIMILARITY", 0.95)  # unsure of every match
    seen = real_engine.understand("some bloke is booting my front door rn and yelling")
    assert seen.triage.emergency and seen.decision.kind == "choose"
    assert seen.opens == "someone-at-my-home"
    reply = real_engine.ask("some bloke is booting my front door rn and yelling")
    first = html.unescape(reply.texts[0])
    assert first.index("999") < first.index("Someone at your home")


def test_in_danger_unsure_with_no_danger_entry_first_the_danger_flow_opens(
    real_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("bot.search.ANSWER_SIMILARITY", 0.95)  # unsure of every match
    seen = real_engine.understand(
        "someone is spray painting my office right now and hes still there"
    )
    assert seen.triage.emergency and seen.decision.kind == "choose"
    assert seen.matches[0].id == "damage"
    assert seen.opens == real_engine.kb.triage.flow


def test_in_danger_a_near_tie_opens_the_danger_entry_not_its_rival(real_engine: Engine) -> None:
    messages = [
        "someone is spray painting my car outside my house now",
        "brick through my window and they're still outside",
        "a man is ripping down my posters in my garden right now and shouting",
    ]
    seen = [real_engine.understand(message) for message in messages]
    assert all(s.triage.emergency for s in seen)
    near_ties = [s for s in seen if s.matches[0].id == "damage"]  # criminal damage ranks first
    assert near_ties
    assert all(s.opens == "someone-at-my-home" for s in near_ties)


def test_something_seen_online_is_not_an_alarm_unless_it_is_happening_now(
    real_engine: Engine,
) -> None:
    assert not real_engine.ask("got sent a video of someone outside my house on facebook").emergency
    assert real_engine.ask("he is outside my house right now filming me for facebook").emergency


def test_a_short_question_about_the_law_is_answered_without_the_999_line(
    real_engine: Engine,
) -> None:
    question = real_engine.ask("death threat law UK")
    assert not question.emergency and question.answered == "threats-to-kill"
    assert real_engine.ask("sum1 chasin me").emergency


def test_saying_you_are_safe_quietens_right_now(real_engine: Engine) -> None:
    """'Right now' is urgent, except in "I'm not in any danger right now"."""
    story = (
        "A man who was abusive to me on the doorstep found my address afterwards, probably "
        "from the electoral register. I'm not in any danger right now, he hasn't come round. "
        "How do I stop my details being so easy to find there?"
    )
    assert not real_engine.ask(story).emergency
    now = "A man who was abusive to me on the doorstep found my address and he is outside right now"
    assert real_engine.ask(now).emergency


def test_saying_you_are_safe_inside_does_not_hide_danger_at_the_door(real_engine: Engine) -> None:
    assert real_engine.ask("im safe inside but a man is kicking my front door").emergency
    assert real_engine.ask("im fine but theres a man at the door shouting").emergency
    assert real_engine.ask("im ok but hes outside my house with a knife").emergency
    assert real_engine.ask("i havent seen him since the hustings but hes at my door").emergency
    assert real_engine.ask("nothing else has happened but there is a man at my door").emergency


def test_a_leaking_parcel_is_danger_and_a_leaked_address_is_not(real_engine: Engine) -> None:
    assert real_engine.ask("parcel on my desk leaking white powder").emergency
    leaked = real_engine.ask("someone in my party is leaking my home address to journalists")
    assert not leaked.emergency


def test_a_threat_to_life_that_is_over_is_not_an_alarm(real_engine: Engine) -> None:
    assert not real_engine.ask("a man threatened to kill me last week, what should I do").emergency
    assert real_engine.ask("he says he will kill me and he is outside now").emergency
    over = "there was a protest outside my house on sunday, it's over now"
    assert not real_engine.ask(over).emergency


STORY_ENDING_IN_DANGER = (
    "Two years ago I stood for the council and one man sent me abuse for months. I moved house "
    "and it went quiet. Yesterday he sent me a photo of my new front door. I've just looked out "
    "of the window and he is standing at the end of my drive."
)


def test_a_long_story_that_ends_in_danger_raises_the_alarm(
    real_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert real_engine.ask(STORY_ENDING_IN_DANGER).emergency
    monkeypatch.setattr("bot.triage._SENTENCE_END", re.compile("(?!)"))  # one sentence only
    assert not real_engine.ask(STORY_ENDING_IN_DANGER).emergency


LONG_STORIES_ENDING_IN_DANGER = [
    "I wouldn't normally bother anyone, I'm the agent for our candidate in a Holyrood seat. We've"
    " had the odd strange one at public meetings over the years. Tonight's meeting in the village"
    " hall was going okay until a man at the back stood up with what looks like a gun and told"
    " everyone not to move. I'm texting from under a table.",
    "We had a row on the doorstep last week with a resident who didn't like our party, I logged it"
    " and moved on. He's appeared at our campaign office with three mates, they're hammering"
    " on the glass and one of them is trying to prise the door open with a bar. There are four of"
    " us inside.",
]


@pytest.mark.parametrize("story", LONG_STORIES_ENDING_IN_DANGER)
def test_danger_past_what_the_model_reads_of_a_long_story_raises_the_alarm(
    real_engine: Engine, monkeypatch: pytest.MonkeyPatch, story: str
) -> None:
    reply = real_engine.ask(story)
    assert reply.emergency and "999" in reply.texts[0]
    monkeypatch.setattr("bot.triage.TAIL_WORDS", 1000)  # the ending is never read on its own
    assert not real_engine.ask(story).emergency


CALM_START = (
    "I'm standing for the district council for the first time and the campaign has been hard work"
    " but mostly friendly. A few people have been rude on the doorstep and there was a nasty thread"
    " on a local forum about my husband's business, which my agent says is normal. "
)


def test_a_long_storys_last_sentence_is_read_though_it_holds_no_danger_phrase(
    real_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The meaning model reads about 45 words, so never saw this ending, which holds no phrase."""
    story = CALM_START + "Somebody has just smashed the kitchen window and I can hear them below."
    reply = real_engine.ask(story)
    assert reply.emergency and "999" in reply.texts[0]
    assert real_engine.understand(story).opens == real_engine.kb.triage.flow
    calm = CALM_START + "Nobody has come round to the house, it's only messages so far."
    assert not real_engine.ask(calm).emergency  # the model reads past "Nobody": 0.99 danger
    monkeypatch.setattr("bot.triage.NEGATED", frozenset())  # no word is a negation,
    monkeypatch.setattr(real_engine.triager, "settled", [])  # nor "only messages" settled
    assert real_engine.ask(calm).emergency
    monkeypatch.setattr("bot.triage.NEGATED", frozenset({"kitchen"}))  # as if one held it
    assert not real_engine.ask(story).emergency


def test_a_story_the_crisis_model_misreads_by_its_start_gets_999_for_its_ending(
    real_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The crisis model gives this whole story 0.99 on its weary start: its ending is danger."""
    story = (
        "Mostly the week's been okay, tired, I've not been sleeping much and I keep wondering if"
        " it's worth it. On Monday a man told me he knew where I live and I just laughed it off."
        " I've got back tonight and he's parked across the end of my drive staring at my windows."
    )
    seen = real_engine.understand(story)
    assert seen.triage.emergency and not seen.triage.crisis
    assert seen.opens == "someone-at-my-home"
    monkeypatch.setattr(Triager, "_ending", lambda *args: None)
    assert real_engine.understand(story).triage.crisis


CALM_WITH_A_DANGER_PHRASE = (
    "protesters have started to gather outside my house every evening, are they allowed to do that?"
)


def test_meaning_quietens_a_danger_phrase_in_a_calm_question(real_kb: KnowledgeBase) -> None:
    assert not Engine(real_kb).ask(CALM_WITH_A_DANGER_PHRASE).emergency
    assert Engine(real_kb, meaning=False).ask(CALM_WITH_A_DANGER_PHRASE).emergency


def test_meaning_raises_the_alarm_where_no_phrase_does(real_engine: Engine) -> None:
    message = "please help theres a man in the hallway of my flats shouting my name and he has"
    message += " something in his hand"
    phrases_only = Triager(real_engine.kb.triage, real_engine.index.analyzer)
    assert not phrases_only.assess(message).emergency
    assert real_engine.ask(message).emergency


def test_a_short_message_needs_little_backing_from_meaning(
    real_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("bot.triage.MEANING_BACKS", 1.1)  # meaning backs no phrase at all
    monkeypatch.setattr("bot.triage.MEANING_ALONE", 1.1)  # nor raises the alarm by itself
    assert real_engine.ask("sum1 chasin me").emergency
    assert not real_engine.ask(CALM_WITH_A_DANGER_PHRASE).emergency


@pytest.mark.parametrize("blank", ["", "   ", "\n\n"])
def test_a_blank_message_is_no_alarm_and_no_answer(real_engine: Engine, blank: str) -> None:
    seen = real_engine.understand(blank)  # `bot ask ""` crashed here once
    assert not seen.triage.emergency
    assert seen.opens is None


def test_small_talk_a_staff_member_lists_by_mistake_never_quietens_a_danger_phrase(
    small_kb: KnowledgeBase,
) -> None:
    """smalltalk.yaml may quieten a learned model's alarm, never a phrase in triage.yaml."""
    hello = SmallTalk("greeting", "Hello. If you are in danger now, call 999.", ("hi", "yo"))
    slip = SmallTalk("check", "Yes, I'm here.", ("outside my house",))
    engine = Engine(replace(small_kb, smalltalk=(hello, slip)), meaning=False)
    assert engine.ask("Hi!!").texts[0].startswith("Hello.")
    assert not engine.ask("Hi!!").emergency
    for message in ("outside my house", "hi, outside my house"):
        reply = engine.ask(message)
        assert reply.emergency and not reply.texts[0].startswith(("Hello.", "Yes,")), message
    assert not engine.ask("hi, what is a sticker?").texts[0].startswith("Hello.")
    assert not engine.ask("yoo").texts[0].startswith("Hello.")  # two letters: typed as listed


Learned = type[learned.MeaningNetModel] | type[learned.MeaningDangerModel]
LEARNED = pytest.mark.parametrize(
    ("kind", "file"),
    [
        (learned.MeaningNetModel, learned.NET_FILE),
        (learned.MeaningDangerModel, learned.DANGER_FILE),
    ],
    ids=["crisis network", "danger model"],
)


@LEARNED
def test_a_learned_model_is_kept_for_the_next_start_and_a_damaged_file_is_retrained(
    kind: Learned, file: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A restart with the same examples skips about 20 s of training; a bad file never stops it."""
    rng = np.random.default_rng(7)
    vectors = rng.normal(size=(80, 16)).astype(np.float32)
    labels = [int(v[0] > 0) for v in vectors]
    kept = tmp_path / "data" / file
    first = kind.taught(vectors, labels, "examples", kept)
    chances = [first.probability(v) for v in vectors[:5]]
    assert kept.exists()
    monkeypatch.setattr(learned, "_kept", {})  # a new process: nothing trained yet
    written = kept.stat().st_mtime_ns
    again = kind.taught(vectors, labels, "examples", kept)
    assert [again.probability(v) for v in vectors[:5]] == pytest.approx(chances)
    assert kept.stat().st_mtime_ns == written  # read, not trained and written again
    kept.write_bytes(b"not a numpy file")
    monkeypatch.setattr(learned, "_kept", {})
    mended = kind.taught(vectors, labels, "examples", kept)
    assert [mended.probability(v) for v in vectors[:5]] == pytest.approx(chances)
    monkeypatch.setattr(learned, "_kept", {})
    other = kind.taught(vectors, [1 - y for y in labels], "examples", kept)
    assert other.probability(vectors[0]) == pytest.approx(1 - chances[0], abs=0.2)


@LEARNED
def test_a_shipped_learned_model_answers_alike_where_training_would_not(
    kind: Learned, file: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Training turns on rounding, which differs between CPUs: a start whose examples match the
    shipped model takes it rather than training, and other examples are trained as before."""
    rng = np.random.default_rng(7)
    vectors = rng.normal(size=(80, 16)).astype(np.float32)
    labels = [int(v[0] > 0) for v in vectors]
    shipped = tmp_path / "model" / file
    shipped.parent.mkdir()
    trained = kind.taught(vectors, labels, "examples v1")
    trained.ship(shipped)
    chances = [trained.probability(v) for v in vectors[:5]]
    monkeypatch.setattr(learned, "_kept", {})  # another machine: nothing trained yet
    rounded = vectors + np.float32(1e-6)  # its vectors differ in the last places
    with monkeypatch.context() as patch:
        patch.setattr(kind, "_train", must_not_train)
        taken = kind.taught(rounded, labels, "examples v1", None, shipped)
    assert [taken.probability(v) for v in vectors[:5]] == pytest.approx(chances, abs=1e-6)
    flipped = [1 - y for y in labels]  # examples.yaml edited: trained afresh, not taken stale
    edited = kind.taught(vectors, flipped, "examples v2", None, shipped)
    assert edited.probability(vectors[0]) == pytest.approx(1 - chances[0], abs=0.2)
