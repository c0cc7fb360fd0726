"""The bot as a process: webhook mode with its secret and health check, and kill -9 recovery."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests import updates
from tests.conftest import SMALL, TOKEN
from tests.fake_telegram import FakeTelegram, serve

SECRET = "s3cret-token_for-tests"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(condition: Callable[[], bool], seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


class Bots:
    """A fake Bot API on 127.0.0.1 and the bot processes started against it."""

    def __init__(self, tmp_path: Path) -> None:
        self.state = FakeTelegram()
        self.server, self.base_url = serve(self.state)
        self.tmp_path = tmp_path
        self.running: list[subprocess.Popen[str]] = []

    def start(self, **extra: str) -> subprocess.Popen[str]:
        """Run `python -m bot run` with test settings plus `extra`."""
        env = {
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": self.base_url,
            "BOT_DATA_DIR": str(self.tmp_path / "data"),
            "KNOWLEDGE_DIR": str(SMALL),
            **extra,
        }
        bot = subprocess.Popen(
            [sys.executable, "-m", "bot", "run"],
            env={**os.environ, **env},
            cwd=self.tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.running.append(bot)
        return bot

    def close(self) -> None:
        for bot in self.running:
            bot.kill()
            bot.communicate(timeout=10)
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def bots(tmp_path: Path) -> Iterator[Bots]:
    running = Bots(tmp_path)
    yield running
    running.close()


def post(url: str, body: dict[str, Any], secret: str | None) -> int:
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    request = urllib.request.Request(url, json.dumps(body).encode(), headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def test_webhook_refuses_wrong_secret_answers_right_one_and_reports_health(bots: Bots) -> None:
    state, port = bots.state, free_port()
    bot = bots.start(
        BOT_WEBHOOK_URL="https://bot.example.org",
        BOT_LISTEN=f"127.0.0.1:{port}",
        BOT_WEBHOOK_SECRET=SECRET,
    )
    base = f"http://127.0.0.1:{port}"
    assert wait_for(lambda: bool(state.sent("setWebhook"))), "webhook never set"
    hook = state.sent("setWebhook")[0]
    assert hook["url"] == "https://bot.example.org/telegram"
    assert hook["secret_token"] == SECRET
    assert wait_for(lambda: _health(base) is not None)
    health = _health(base)
    assert health is not None and health["status"] == "ok" and len(health["knowledge"]) == 12
    sneaky = updates.message("private words in a forged update")
    assert post(f"{base}/telegram", sneaky, None) == 403
    assert post(f"{base}/telegram", sneaky, "wrong") == 403
    assert post(f"{base}/telegram", updates.message("abuse on twitter"), SECRET) == 200
    assert wait_for(lambda: bool(state.sent()))
    assert state.sent()[0]["text"].startswith("<b>Reporting abuse on X")
    assert len(state.sent()) == 1
    bot.send_signal(signal.SIGHUP)
    time.sleep(1.5)
    assert _health(base) is not None, "still serving after SIGHUP"
    bot.send_signal(signal.SIGTERM)
    _, logs = bot.communicate(timeout=30)
    assert bot.returncode == 0
    assert "webhook request refused" in logs
    assert "knowledge reloaded: version" in logs
    assert "private words" not in logs and TOKEN not in logs and SECRET not in logs


def _health(base: str) -> dict[str, Any] | None:
    try:
        with urllib.request.urlopen(f"{base}/health", timeout=2) as response:
            data: dict[str, Any] = json.loads(response.read())
            return data
    except OSError:
        return None


def test_after_kill_9_the_bot_carries_on(bots: Bots) -> None:
    state = bots.state
    bot = bots.start()
    state.queue(updates.message("/start west-yorkshire"))
    state.queue(updates.message("something is happening now"))
    assert wait_for(lambda: len(state.sent()) >= 2)
    flow_buttons = state.sent()[1]["reply_markup"]["inline_keyboard"]
    first_option = flow_buttons[0][0]["callback_data"]
    bot.send_signal(signal.SIGKILL)
    bot.communicate(timeout=10)
    before = len(state.sent())
    state.queue(updates.press(first_option))
    state.queue(updates.message("who do I contact about threats on my doorstep"))
    bots.start()
    assert wait_for(lambda: any("Call 999 now" in s["text"] for s in state.sent()[before:]))
    assert wait_for(
        lambda: any("West Yorkshire Police" in s["text"] for s in state.sent()[before:])
    )


def test_polling_answers_and_stops_cleanly_on_sigterm(bots: Bots) -> None:
    state = bots.state
    state.queue(updates.message("abuse on twitter"))
    bot = bots.start(LOG_LEVEL="DEBUG")
    assert wait_for(lambda: bool(state.sent()), 60), "the bot never answered"
    assert state.sent()[0]["text"].startswith("<b>Reporting abuse on X")
    bot.send_signal(signal.SIGTERM)
    _, logs = bot.communicate(timeout=30)
    assert bot.returncode == 0
    assert TOKEN not in logs and TOKEN.split(":")[1] not in logs
    assert "abuse on twitter" not in logs
