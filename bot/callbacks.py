"""Compact button data: short codes that say what a button does, at most 64 bytes."""

from __future__ import annotations

from dataclasses import dataclass

MAX_BYTES = 64
"""Telegram's limit on a button's callback data, counted in UTF-8 bytes."""

MENU, TOPICS, TOPIC, ENTRY, FLOW, NONE = "m", "ts", "t", "e", "f", "x"
AREA, AREA_NATION, AREA_SET, AREA_ELECTION, AREA_CLEAR = "a", "an", "as", "ae", "ax"
HELPFUL, FORGET, KEEP = "h", "fg", "fk"
ARITY: dict[str, int | tuple[int, ...]] = {
    MENU: 0,
    TOPICS: 0,
    NONE: 0,
    TOPIC: 1,
    ENTRY: (1, 2),
    FLOW: 2,
    AREA: 0,
    AREA_NATION: 2,
    AREA_SET: 1,
    AREA_ELECTION: 1,
    AREA_CLEAR: 0,
    HELPFUL: 2,
    FORGET: 0,
    KEEP: 0,
}


@dataclass(frozen=True)
class Action:
    """A decoded button press: its kind and its arguments."""

    kind: str
    args: tuple[str, ...]


def encode(kind: str, *args: str) -> str:
    """Build button data such as 'f:threat-received:danger'."""
    return ":".join((kind, *args))


def decode(data: str | None) -> Action | None:
    """Read button data back; None for anything malformed, unknown or oversized."""
    if not data or len(data.encode("utf-8")) > MAX_BYTES:
        return None
    kind, *args = data.split(":")
    allowed = ARITY.get(kind)
    if allowed is None or any(not a for a in args):
        return None
    counts = allowed if isinstance(allowed, tuple) else (allowed,)
    return Action(kind, tuple(args)) if len(args) in counts else None


def fits(data: str) -> bool:
    """True when the data is within Telegram's 64-byte limit."""
    return 0 < len(data.encode("utf-8")) <= MAX_BYTES
