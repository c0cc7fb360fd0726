"""The project's exceptions: one base class, one subclass per kind of failure."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.problems import Problem


class BotError(Exception):
    """Base class for every error this project raises on purpose."""


class ConfigError(BotError):
    """Raised when an environment setting is missing or malformed."""


class KnowledgeError(BotError):
    """Raised when the knowledge files have errors; holds every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the knowledge files")
