"""Settings read once from the environment into one frozen object."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from bot.errors import ConfigError

PROJECT_KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"
"""The project's own knowledge folder, found from the package so any working directory works."""
TOKEN_PATTERN = re.compile(r"^\d+:[A-Za-z0-9_-]{20,}$")
USERNAME_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_]{4,31}$")
LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


@dataclass(frozen=True)
class Settings:
    """Everything the bot is configured with."""

    token: str | None
    api_base_url: str | None
    data_dir: Path
    knowledge_dir: Path
    log_level: int
    bot_username: str | None = None

    def __repr__(self) -> str:
        """Never show the token, even in a traceback or a debug print."""
        token = "set" if self.token else "unset"
        return (
            f"Settings(token={token}, api_base_url={self.api_base_url!r}, "
            f"data_dir={self.data_dir}, knowledge_dir={self.knowledge_dir}, "
            f"log_level={logging.getLevelName(self.log_level)})"
        )


def load_settings(env: Mapping[str, str], need_token: bool = False) -> Settings:
    """Build Settings from the environment; a bad value raises ConfigError naming it."""
    token = env.get("TELEGRAM_BOT_TOKEN", "").strip() or None
    if need_token and token is None:
        raise ConfigError("TELEGRAM_BOT_TOKEN is not set: put the token from @BotFather in it")
    if token is not None and not TOKEN_PATTERN.match(token):
        raise ConfigError(
            "TELEGRAM_BOT_TOKEN is malformed: it should look like "
            "123456789:ABC-DEF... as given by @BotFather"
        )
    base = env.get("TELEGRAM_API_BASE_URL", "").strip() or None
    if base is not None:
        parsed = urlparse(base)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise ConfigError(
                "TELEGRAM_API_BASE_URL is malformed: give a full URL such as "
                "http://127.0.0.1:8081/bot (the token is added after it)"
            )
    level_name = env.get("LOG_LEVEL", "INFO").strip().upper() or "INFO"
    if level_name not in LEVELS:
        raise ConfigError(f"LOG_LEVEL is malformed: use one of {', '.join(LEVELS)}")
    knowledge = Path(env.get("KNOWLEDGE_DIR", "").strip() or PROJECT_KNOWLEDGE)
    if not knowledge.is_dir():
        raise ConfigError(f"KNOWLEDGE_DIR is not a folder: {knowledge}")
    data_dir = Path(env.get("BOT_DATA_DIR", "").strip() or "data")
    if data_dir.exists() and not data_dir.is_dir():
        raise ConfigError(f"BOT_DATA_DIR is not a folder: {data_dir}")
    username = env.get("BOT_USERNAME", "").strip().lstrip("@") or None
    if username is not None and not USERNAME_PATTERN.match(username):
        raise ConfigError(
            "BOT_USERNAME is malformed: give the bot's Telegram username, "
            "e.g. CandidateSafetyBot (5-32 letters, digits or _)"
        )
    level = logging.getLevelNamesMapping()[level_name]
    return Settings(token, base, data_dir, knowledge, level, username)
