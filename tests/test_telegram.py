"""End to end: the real Application over HTTP to a fake Bot API, fed real update JSON."""

from __future__ import annotations

import html.parser
from typing import Any

import pytest

from bot import callbacks as cb
from tests import updates


class _Html(html.parser.HTMLParser):
    """Checks Telegram HTML: only allowed tags, every tag closed in order."""

    ALLOWED = frozenset({"b", "i", "u", "s", "a", "code", "pre", "blockquote", "tg-spoiler"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        assert tag in self.ALLOWED, f"tag <{tag}> is not allowed by Telegram"
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack.pop() == tag, f"</{tag}> closes the wrong tag"

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def visible(text: str) -> str:
    """Parse a message as Telegram would and return its visible text."""
    parser = _Html()
    parser.feed(text)
    parser.close()
    assert not parser.stack, f"unclosed tags: {parser.stack}"
    return "".join(parser.text)


def check_sent(messages: list[dict[str, Any]]) -> None:
    """Every message Telegram would receive is valid HTML, fits, and has small button data."""
    for sent in messages:
        assert sent["parse_mode"] == "HTML"
        assert len(visible(sent["text"])) <= 4096
        for row in sent.get("reply_markup", {}).get("inline_keyboard", []):
            for button in row:
                if "callback_data" in button:
                    assert 1 <= len(button["callback_data"].encode()) <= 64


async def test_question_gets_answer_first_with_buttons(telegram: Any) -> None:
    state = await telegram(updates.message("someone posted my home address online"))
    sent = state.sent()
    check_sent(sent)
    assert len(sent) == 1
    assert visible(sent[0]["text"]).startswith("Your home address posted online")
    labels = [b["text"] for row in sent[0]["reply_markup"]["inline_keyboard"] for b in row]
    assert "Walk me through it" in labels and "Main menu" in labels


async def test_danger_puts_999_first(telegram: Any) -> None:
    state = await telegram(updates.message("there's a man at my door saying he'll kill me"))
    text = visible(state.sent()[0]["text"])
    assert text.startswith("If you or anyone with you is in danger now, call 999")


async def test_general_question_mentions_999_without_alarm(telegram: Any) -> None:
    state = await telegram(updates.message("what should I do if someone threatens me at the door?"))
    text = visible(state.sent()[0]["text"])
    assert text.startswith("Someone threatening at your door")
    assert "call 999" in text


async def test_a_hello_gets_a_hello_and_the_menu_not_a_false_alarm(telegram: Any) -> None:
    state = await telegram(updates.message("anyone there?"))
    sent = state.sent()
    check_sent(sent)
    text = visible(sent[0]["text"])
    assert text.startswith("Yes, I'm here and working.") and "call 999" in text
    labels = [b["text"] for row in sent[0]["reply_markup"]["inline_keyboard"] for b in row]
    assert "Something is happening now" in labels


async def test_flow_walked_from_start_to_outcome(telegram: Any) -> None:
    state = await telegram(updates.press(cb.encode(cb.FLOW, "now", "danger")))
    await telegram(updates.press(cb.encode(cb.FLOW, "now", "where")))
    await telegram(updates.press(cb.encode(cb.FLOW, "now", "online")))
    sent = state.sent()
    check_sent(sent)
    assert "Is anyone in danger right now?" in visible(sent[0]["text"])
    assert "Where is it happening?" in visible(sent[1]["text"])
    outcome = visible(sent[2]["text"])
    assert "Save it and report it" in outcome and "1. Screenshot it." in outcome
    assert len(state.sent("answerCallbackQuery")) == 3


async def test_a_typed_answer_counts_for_the_question_just_asked_in_that_chat(
    telegram: Any,
) -> None:
    other = {"id": 778, "type": "private", "first_name": "Alex"}
    state = await telegram(updates.press(cb.encode(cb.FLOW, "now", "danger")))
    await telegram(updates.message("nah"))
    await telegram(updates.message("nah", chat=other, sender={**updates.USER, "id": 778}))
    await telegram(updates.message("Online"))
    await telegram(updates.message("online"))  # nothing asked now: searched as a question
    sent = state.sent()
    check_sent(sent)
    assert visible(sent[1]["text"]).startswith("Taken as “No”.")
    assert "Where is it happening?" in visible(sent[1]["text"])
    assert sent[2]["chat_id"] == "778" and "Taken as" not in visible(sent[2]["text"])
    assert visible(sent[3]["text"]).startswith("Taken as “Online”.")
    assert "Save it and report it" in visible(sent[3]["text"])
    assert "Taken as" not in visible(sent[4]["text"])


async def test_every_tap_answered_once_even_when_stale(telegram: Any) -> None:
    state = await telegram(updates.press("f:gone-flow:nowhere"))
    await telegram(updates.press("nonsense"))
    assert len(state.sent("answerCallbackQuery")) == 2
    for sent in state.sent():
        assert "out of date" in visible(sent["text"])


async def test_sticker_and_voice_get_a_polite_note(telegram: Any) -> None:
    state = await telegram(updates.sticker())
    await telegram(updates.voice())
    texts = [visible(s["text"]) for s in state.sent()]
    assert len(texts) == 2
    assert all(t.startswith("I can only read text messages") for t in texts)


async def test_photo_caption_is_the_question(telegram: Any) -> None:
    state = await telegram(updates.photo("abuse on twitter"))
    assert visible(state.sent()[0]["text"]).startswith("Reporting abuse on X")


async def test_group_chat_asks_for_private_message(telegram: Any) -> None:
    state = await telegram(updates.message("/start", chat=updates.GROUP))
    sent = state.sent()
    assert len(sent) == 1
    assert "message me directly" in sent[0]["text"]
    assert sent[0]["chat_id"] == str(updates.GROUP["id"])


async def test_edited_message_is_ignored_without_error(telegram: Any) -> None:
    state = await telegram(updates.edited("abuse on twitter"))
    assert state.sent() == []


async def test_html_in_question_is_harmless(telegram: Any) -> None:
    state = await telegram(updates.message("<b>abuse</b> on <script>twitter</script> & co"))
    check_sent(state.sent())


async def test_start_with_nation_payload_is_remembered(telegram: Any) -> None:
    state = await telegram(updates.message("/start scotland"))
    await telegram(updates.message("someone posted my home address online"))
    answer = visible(state.sent()[1]["text"])
    assert "In Scotland, report it to Police Scotland" in answer


@pytest.mark.parametrize(
    "payload", ["<script>alert(1)</script>", "atlantis", "x" * 80, "west-yorkshire_mayor"]
)
async def test_bad_payload_gets_a_gentle_note_and_a_way_to_choose(
    telegram: Any, payload: str
) -> None:
    state = await telegram(updates.message(f"/start {payload}"))
    sent = state.sent()
    assert len(sent) == 1
    assert payload not in sent[0]["text"] and "script" not in sent[0]["text"]
    assert visible(sent[0]["text"]).startswith("That link was not recognised")
    first = sent[0]["reply_markup"]["inline_keyboard"][0][0]
    assert first == {"text": "Choose your area", "callback_data": "a"}


async def test_huge_message_is_answered_in_pieces_that_fit(telegram: Any) -> None:
    story = "someone posted my home address online and " * 400
    state = await telegram(updates.message(story))
    check_sent(state.sent())
    assert "read the first part" in visible(state.sent()[0]["text"])


async def test_no_button_is_offered_twice(telegram: Any) -> None:
    state = await telegram(updates.message("abuse on twitter"))
    data = [
        b["callback_data"]
        for row in state.sent()[0]["reply_markup"]["inline_keyboard"]
        for b in row
    ]
    assert len(data) == len(set(data))
