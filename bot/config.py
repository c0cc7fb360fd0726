"""Settings read once from the environment into one frozen object."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from bot.errors import ConfigError

PROJECT_KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"
"""The project's own knowledge folder, found from the package so any working directory works."""
TOKEN_PATTERN = re.compile(r"^\d+:[A-Za-z0-9_-]{20,}$")
SECRET_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
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
    webhook_url: str | None = None
    listen: tuple[str, int] | None = None
    webhook_secret: str | None = field(default=None, repr=False)
    admin_ids: frozenset[int] = frozenset()
    gaps_days: int = 30
    user_rate: int = 20
    http_timeout: int = 10

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
    webhook, listen, secret = _webhook(env)
    return Settings(
        token,
        base,
        data_dir,
        knowledge,
        level,
        username,
        webhook,
        listen,
        secret,
        _admins(env),
        _whole(env, "BOT_GAPS_DAYS", 30, "days to keep unanswered questions; 0 switches it off"),
        _whole(env, "BOT_USER_RATE", 20, "messages a user may send a minute before slowing"),
        max(1, _whole(env, "BOT_HTTP_TIMEOUT", 10, "seconds to wait for Telegram")),
    )


def _webhook(env: Mapping[str, str]) -> tuple[str | None, tuple[str, int] | None, str | None]:
    """The webhook URL, the host:port to listen on, and the secret the webhook requires."""
    url = env.get("BOT_WEBHOOK_URL", "").strip() or None
    if url is not None and not url.startswith("https://"):
        raise ConfigError("BOT_WEBHOOK_URL is malformed: Telegram needs an https:// address")
    listen = None
    raw = env.get("BOT_LISTEN", "").strip()
    if raw:
        host, _, port = raw.rpartition(":")
        if not host or not port.isdigit() or not 0 < int(port) < 65536:
            raise ConfigError("BOT_LISTEN is malformed: give host:port, e.g. 127.0.0.1:8080")
        listen = (host, int(port))
    secret = env.get("BOT_WEBHOOK_SECRET", "").strip() or None
    if url is not None:
        if listen is None:
            raise ConfigError("BOT_LISTEN is not set: webhook mode needs host:port to listen on")
        if secret is None or not SECRET_PATTERN.match(secret):
            raise ConfigError(
                "BOT_WEBHOOK_SECRET is missing or malformed: webhook mode needs 1-256 of "
                "A-Z a-z 0-9 _ -"
            )
    return url, listen, secret


def _admins(env: Mapping[str, str]) -> frozenset[int]:
    """Telegram user ids allowed to use /reload and /status."""
    raw = env.get("BOT_ADMIN_IDS", "").replace(" ", "")
    ids = [part for part in raw.split(",") if part]
    if not all(part.isdigit() for part in ids):
        raise ConfigError(
            "BOT_ADMIN_IDS is malformed: give numeric Telegram user ids, comma separated"
        )
    return frozenset(int(part) for part in ids)


def _whole(env: Mapping[str, str], name: str, default: int, meaning: str) -> int:
    """A whole number setting of 0 or more."""
    raw = env.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit():
        raise ConfigError(f"{name} is malformed: give a whole number ({meaning})")
    return int(raw)
