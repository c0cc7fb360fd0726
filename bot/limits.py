"""Per-user pacing: one polite note to someone sending too fast, and nobody else slowed."""

from __future__ import annotations

import time
from collections import defaultdict, deque
from collections.abc import Callable

WINDOW = 60.0
"""Seconds over which messages are counted."""


class UserRate:
    """Counts each user's messages over the last minute."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self.clock = clock
        self.seen: dict[int, deque[float]] = defaultdict(deque)
        self.warned: set[int] = set()

    def check(self, user_id: int) -> str:
        """'ok' to answer, 'warn' to send the slow-down note once, 'drop' to stay quiet."""
        if self.per_minute <= 0:
            return "ok"
        now = self.clock()
        times = self.seen[user_id]
        while times and now - times[0] > WINDOW:
            times.popleft()
        times.append(now)
        if len(times) <= self.per_minute:
            self.warned.discard(user_id)
            return "ok"
        if user_id in self.warned:
            return "drop"
        self.warned.add(user_id)
        return "warn"
