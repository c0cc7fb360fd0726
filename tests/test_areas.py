"""Areas end to end: deep links, /area, answers naming the force, and surviving a restart."""

from __future__ import annotations

from typing import Any

from telegram import Update

from tests import updates
from tests.fake_telegram import FakeTelegram
from tests.test_telegram import visible


def texts(state: FakeTelegram) -> list[str]:
    return [visible(s["text"]) for s in state.sent()]


async def test_deep_link_sets_area_and_answers_name_the_force(telegram: Any) -> None:
    state = await telegram(updates.message("/start west-yorkshire_local"))
    await telegram(updates.message("who do I contact about threats on my doorstep"))
    welcome, answer = texts(state)
    assert welcome.startswith(
        "You're set up for candidates in West Yorkshire. Standing in: Local council."
    )
    assert "West Yorkshire Police: 101" in answer
    assert "For Local council candidates\nOperation Ford: Say it is an Operation Ford" in answer


async def test_scottish_area_gets_the_scottish_version(telegram: Any) -> None:
    state = await telegram(updates.message("/start police-scotland"))
    await telegram(updates.message("someone posted my home address online"))
    answer = texts(state)[1]
    assert "In Scotland, report it to Police Scotland" in answer
    assert "Police Scotland: 101" in answer


async def test_place_named_in_question_picks_the_nation(telegram: Any) -> None:
    state = await telegram(updates.message("someone in Glasgow posted my home address online"))
    assert "In Scotland, report it to Police Scotland" in texts(state)[0]


async def test_area_command_walks_nation_force_election(telegram: Any) -> None:
    state = await telegram(updates.message("/area"))
    await telegram(updates.press("an:england:0"))
    await telegram(updates.press("as:west-yorkshire"))
    await telegram(updates.press("ae:parliament"))
    await telegram(updates.message("someone is at my door threatening me"))
    sent = texts(state)
    assert sent[0].startswith("Where are you standing?")
    buttons = [b["text"] for row in state.sent()[1]["reply_markup"]["inline_keyboard"] for b in row]
    assert buttons == ["West Yorkshire", "London", "Not sure / all of England"]
    assert sent[2].startswith("You're set up for candidates in West Yorkshire.")
    assert "Standing in: UK Parliament." in sent[3]
    assert "Ask for your Operation Bridger contact." in sent[4]
    assert len(state.sent("answerCallbackQuery")) == 3


async def test_prefer_not_to_say_clears_the_area(telegram: Any) -> None:
    state = await telegram(updates.message("/start west-yorkshire"))
    await telegram(updates.press("ax"))
    await telegram(updates.message("someone is at my door threatening me"))
    assert "West Yorkshire Police" not in texts(state)[2]


async def test_area_survives_a_restart(make_app: Any, fake: tuple[FakeTelegram, str]) -> None:
    state, _ = fake
    first = await make_app()
    await first.process_update(Update.de_json(updates.message("/start west-yorkshire"), first.bot))
    second = await make_app()  # a new process would read the same store
    question = updates.message("someone is at my door threatening me")
    await second.process_update(Update.de_json(question, second.bot))
    assert "West Yorkshire Police: 101" in texts(state)[1]


def test_real_knowledge_scottish_link_names_police_scotland_and_scottish_rules(
    real_engine: Any,
) -> None:
    from bot.areas import parse_payload
    from bot.plain import to_plain

    prefs = parse_payload(real_engine.kb.areas, "police-scotland_scottish-parliament")
    reply = real_engine.ask("how do i report threats to the police", prefs)
    text = to_plain(reply.texts[0])
    assert "Police Scotland: 101" in text
    assert "For Scottish Parliament (Holyrood) candidates" in text
    assert "This is the version for Scotland." in text


def test_real_knowledge_force_link_names_the_force(real_engine: Any) -> None:
    from bot.areas import parse_payload
    from bot.plain import to_plain

    prefs = parse_payload(real_engine.kb.areas, "west-yorkshire_local")
    text = to_plain(
        real_engine.ask(
            "how do I report a threat to the police if it is not an emergency", prefs
        ).texts[0]
    )
    assert "West Yorkshire Police: 101" in text


async def test_a_nation_with_one_force_skips_the_force_list(telegram: Any) -> None:
    state = await telegram(updates.press("an:scotland:0"))
    assert texts(state)[0].startswith("You're set up for candidates in Scotland.")


def test_real_knowledge_a_county_names_its_force_and_nation(real_engine: Any) -> None:
    """Typed "kent" at "Where are you standing?" was not read: only towns were listed."""
    from bot.areas import find_place

    areas = real_engine.kb.areas
    for typed, force in [
        ("kent", "kent"),
        ("standing in north yorkshire", "north-yorkshire"),
        ("a ward in cornwall", "devon-and-cornwall"),
        ("carmarthenshire", "dyfed-powys"),
    ]:
        found = find_place(areas, typed)
        assert found is not None and found.area == force, typed
    reply = real_engine.ask("kent", asked=("personal-info", "nat-posted"))
    assert "England or Wales" in reply.texts[0].split("</i>")[0]
