"""Logging set-up that never lets the token or message text out."""

from __future__ import annotations

import logging

NOISY = {"httpx": logging.WARNING, "httpcore": logging.WARNING, "telegram": logging.INFO}
"""Libraries whose detailed logs hold request URLs (with the token) or update contents."""


class Redact(logging.Filter):
    """Replace secrets in every record, whichever logger it came from."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if any(secret in message for secret in self.secrets):
            for secret in self.secrets:
                message = message.replace(secret, "[redacted]")
            record.msg, record.args = message, None
        return True


def setup_logging(level: int, token: str | None) -> None:
    """Log to stderr at `level`, with library chatter capped and the token redacted."""
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    secrets = [token, token.split(":", 1)[-1]] if token else []
    for handler in logging.getLogger().handlers:
        handler.addFilter(Redact([s for s in secrets if s]))
    quiet_libraries(level)


def quiet_libraries(level: int = logging.NOTSET) -> None:
    """Cap the chatter of libraries whose detailed logs hold the token or update contents."""
    for name, ceiling in NOISY.items():
        logger = logging.getLogger(name)
        logger.setLevel(max(level, ceiling, logger.level))
