"""Running a campaign: reload, status, privacy, feedback, gaps, pacing, logs and faults."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from telegram import Update

from bot.cli import main
from bot.config import PROJECT_KNOWLEDGE
from bot.semantic import PROJECT_MODEL
from tests import updates
from tests.conftest import SMALL, TOKEN
from tests.fake_telegram import FAULT_KINDS, FakeTelegram
from tests.test_telegram import visible

ADMIN = str(updates.USER["id"])


async def feed(app: Any, update: dict[str, Any]) -> None:
    await app.process_update(Update.de_json(update, app.bot))


def last_text(state: FakeTelegram) -> str:
    return visible(state.sent()[-1]["text"])


async def test_reload_swaps_clean_knowledge_and_refuses_broken(
    make_app: Callable[..., Any], fake: tuple[FakeTelegram, str], tmp_path: Path
) -> None:
    state, _ = fake
    knowledge = tmp_path / "kb"
    shutil.copytree(SMALL, knowledge)
    app = await make_app(knowledge, BOT_ADMIN_IDS=ADMIN)
    entries = knowledge / "entries" / "basics.yaml"
    good = entries.read_text()
    entries.write_text(good.replace("    answer: Use the three-dot menu", "    anwser: typo"))
    await feed(app, updates.message("/reload"))
    refused = last_text(state)
    assert refused.startswith("Reload refused; still serving the old knowledge.")
    assert "kb/entries/basics.yaml:" in refused and "unknown field 'anwser'" in refused
    await feed(app, updates.message("abuse on twitter"))
    assert last_text(state).startswith("Reporting abuse on X")
    entries.write_text(good.replace("Reporting abuse on X (Twitter)", "Report abuse on X now"))
    await feed(app, updates.message("/reload"))
    assert last_text(state).startswith("Reloaded knowledge")
    await feed(app, updates.message("abuse on twitter"))
    assert last_text(state).startswith("Report abuse on X now")


async def test_status_for_admins_only(
    make_app: Callable[..., Any], fake: tuple[FakeTelegram, str]
) -> None:
    state, _ = fake
    app = await make_app(BOT_ADMIN_IDS="1,2")
    await feed(app, updates.message("/status"))
    await feed(app, updates.message("/reload"))
    for sent in state.sent():
        text = visible(sent["text"])
        assert "Knowledge" not in text and "Reload" not in text
        assert text.startswith("Type what is happening")
    app2 = await make_app(BOT_ADMIN_IDS=ADMIN)
    await feed(app2, updates.message("abuse on twitter"))
    await feed(app2, updates.message("what is the weather"))
    await feed(app2, updates.message("/status"))
    status = last_text(state)
    assert status.startswith("Knowledge ") and "4 entries, 1 flows" in status
    assert "1 answered, 1 unanswered" in status


async def test_privacy_and_forget(
    make_app: Callable[..., Any], fake: tuple[FakeTelegram, str], tmp_path: Path
) -> None:
    state, _ = fake
    app = await make_app()
    await feed(app, updates.message("/privacy"))
    assert "What I keep" in last_text(state) and "/forget" in last_text(state)
    await feed(app, updates.message("/start west-yorkshire"))
    await feed(app, updates.message("/forget"))
    buttons = state.sent()[-1]["reply_markup"]["inline_keyboard"]
    assert [b[0]["callback_data"] for b in buttons] == ["fg", "fk"]
    await feed(app, updates.press("fg"))
    assert last_text(state).startswith("Done. I no longer hold anything about you.")
    await feed(app, updates.message("who do I contact about threats on my doorstep"))
    assert "West Yorkshire Police" not in last_text(state)
    store = app.bot_data["handlers"].store
    assert store.db.execute("SELECT COUNT(*) FROM prefs").fetchone()[0] == 0


async def test_delete_my_data_typed_in_words_deletes_after_the_tap(
    make_app: Callable[..., Any], fake: tuple[FakeTelegram, str]
) -> None:
    state, _ = fake
    app = await make_app()
    store = app.bot_data["handlers"].store
    await feed(app, updates.message("/start west-yorkshire"))
    await feed(app, updates.message("Delete my data"))
    assert last_text(state).startswith("Delete everything I hold about you")
    assert store.db.execute("SELECT COUNT(*) FROM prefs").fetchone()[0] == 1
    await feed(app, updates.press("fg"))
    assert last_text(state).startswith("Done. I no longer hold anything about you.")
    assert store.db.execute("SELECT COUNT(*) FROM prefs").fetchone()[0] == 0
    await feed(app, updates.message("hi"))
    assert store.gaps(30) == []  # neither is a question for staff: both were kept before


async def test_feedback_is_counted_per_entry_without_users(
    make_app: Callable[..., Any],
    fake: tuple[FakeTelegram, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    state, _ = fake
    app = await make_app()
    await feed(app, updates.message("abuse on twitter"))
    labels = [
        b["callback_data"]
        for row in state.sent()[-1]["reply_markup"]["inline_keyboard"]
        for b in row
    ]
    assert "h:report-twitter:y" in labels and "h:report-twitter:n" in labels
    await feed(app, updates.press("h:report-twitter:y"))
    await feed(app, updates.press("h:report-twitter:y"))
    await feed(app, updates.press("h:report-twitter:n"))
    assert last_text(state).startswith("Thank you")
    monkeypatch.setenv("BOT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("KNOWLEDGE_DIR", str(SMALL))
    assert main(["stats"]) == 0
    assert "report-twitter" in capsys.readouterr().out.split("\n")[1]
    columns = [
        r[1] for r in app.bot_data["handlers"].store.db.execute("PRAGMA table_info(feedback)")
    ]
    assert columns == ["item", "helpful", "unhelpful"]


async def test_unanswered_questions_are_kept_redacted_and_grouped(
    make_app: Callable[..., Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    app = await make_app()
    await feed(
        app,
        updates.message(
            "what is the weather, email me at sam@example.org or "
            "07700 900123, see https://x.example/y @samsmith"
        ),
    )
    await feed(app, updates.message("what is the weather tomorrow in leeds"))
    rows = app.bot_data["handlers"].store.gaps(30)
    assert len(rows) == 2
    kept = rows[0][1]
    for secret in ("sam@example.org", "07700", "https://", "@samsmith"):
        assert secret not in kept
    assert "[email]" in kept and "[number]" in kept and "[handle]" in kept
    columns = [r[1] for r in app.bot_data["handlers"].store.db.execute("PRAGMA table_info(gaps)")]
    assert columns == ["asked", "question"]
    monkeypatch.setenv("BOT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("KNOWLEDGE_DIR", str(SMALL))
    assert main(["gaps"]) == 0
    out = capsys.readouterr().out
    assert "2 unanswered question(s)" in out and "2 x what is the weather" in out


async def test_gaps_can_be_switched_off(make_app: Callable[..., Any]) -> None:
    app = await make_app(BOT_GAPS_DAYS="0")
    await feed(app, updates.message("what is the weather"))
    assert app.bot_data["handlers"].store.gaps(30) == []


async def test_fast_sender_gets_one_note_and_others_are_answered(
    make_app: Callable[..., Any], fake: tuple[FakeTelegram, str]
) -> None:
    state, _ = fake
    app = await make_app(BOT_USER_RATE="5")
    for _ in range(9):
        await feed(app, updates.message("abuse on twitter"))
    other = {"id": 888, "type": "private", "first_name": "Alex"}
    alex = {"id": 888, "is_bot": False, "first_name": "Alex"}
    await feed(app, updates.message("abuse on twitter", chat=other, sender=alex))
    to_first = [visible(s["text"]) for s in state.sent() if s["chat_id"] == "777"]
    assert len(to_first) == 6
    assert to_first[-1].startswith("You are sending messages very quickly")
    assert sum("very quickly" in t for t in to_first) == 1
    assert [s for s in state.sent() if s["chat_id"] == "888"]


async def test_logs_of_a_whole_conversation_hold_no_personal_data(
    make_app: Callable[..., Any], fake: tuple[FakeTelegram, str], caplog: pytest.LogCaptureFixture
) -> None:
    state, _ = fake
    caplog.set_level(logging.DEBUG)
    app = await make_app(BOT_ADMIN_IDS=ADMIN)
    said = [
        "/start west-yorkshire",
        "my name is Sam Jones, call me on 07700 900123 or sam@example.org",
        "there is a man at my door shouting he will kill me",
        "<b>weird</b> \u202e text \x00 with controls",
    ]
    for text in said:
        await feed(app, updates.message(text))
    await feed(app, updates.press("f:now:danger"))
    state.faults.append(
        (400, {"ok": False, "error_code": 400, "description": "Bad Request: message text is empty"})
    )
    await feed(app, updates.message("abuse on twitter from @troll"))
    assert last_text(state).startswith("Sorry, something went wrong on my side.")
    await feed(app, updates.message("/reload"))
    logs = caplog.text
    assert "error handling update" in logs
    for secret in (
        "Sam",
        "Jones",
        "07700",
        "sam@example.org",
        "kill me",
        "@troll",
        "weird",
        TOKEN,
        TOKEN.split(":")[1],
    ):
        assert secret not in logs, secret


@pytest.mark.parametrize("seed", [1, 2])
async def test_every_question_answered_despite_429_5xx_and_timeouts(
    make_app: Callable[..., Any], fake: tuple[FakeTelegram, str], seed: int
) -> None:
    state, _ = fake
    app = await make_app(BOT_HTTP_TIMEOUT="1")
    state.hang = 1.5
    state.fault_every = 2
    state.faults.extend(FAULT_KINDS[(i + seed) % 3] for i in range(9))
    questions = 12
    for number in range(questions):
        chat = {"id": 1000 + number, "type": "private", "first_name": "C"}
        sender = {"id": 1000 + number, "is_bot": False, "first_name": "C"}
        await feed(app, updates.message("abuse on twitter", chat=chat, sender=sender))
    answered = {int(d["chat_id"]) for d in state.delivered}
    assert answered == {1000 + n for n in range(questions)}
    assert not state.faults, "every injected fault was hit"


def test_the_container_image_holds_the_knowledge_and_the_meaning_model() -> None:
    """Without the model folder the image would quietly run on words alone."""
    root = PROJECT_MODEL.parent.parent
    dockerfile = (root / "deploy" / "Dockerfile").read_text()
    copied = {line.split()[1] for line in dockerfile.splitlines() if line.startswith("COPY ")}
    for needed in (PROJECT_MODEL, PROJECT_KNOWLEDGE, root / "bot"):
        assert any(needed.is_relative_to(root / c) for c in copied), needed
