"""Settings from the environment: defaults, and a clear error naming a bad variable."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import PROJECT_KNOWLEDGE, load_settings
from bot.errors import ConfigError

TOKEN = "123456:ABCdefGHIjklMNOpqrSTUvwxYZ"


def test_defaults() -> None:
    settings = load_settings({})
    assert settings.token is None
    assert settings.data_dir == Path("data")
    assert settings.knowledge_dir == PROJECT_KNOWLEDGE
    assert TOKEN not in repr(load_settings({"TELEGRAM_BOT_TOKEN": TOKEN}))


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"TELEGRAM_BOT_TOKEN": "not-a-token"}, "TELEGRAM_BOT_TOKEN"),
        ({"TELEGRAM_API_BASE_URL": "127.0.0.1:8081"}, "TELEGRAM_API_BASE_URL"),
        ({"LOG_LEVEL": "LOUD"}, "LOG_LEVEL"),
        ({"KNOWLEDGE_DIR": "/no/such/folder"}, "KNOWLEDGE_DIR"),
    ],
)
def test_bad_values_name_the_variable(env: dict[str, str], named: str) -> None:
    with pytest.raises(ConfigError, match=named):
        load_settings(env)


def test_run_without_token_exits_2_with_one_line() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "Configuration error: TELEGRAM_BOT_TOKEN is not set: put the token from @BotFather in it"
    ]
