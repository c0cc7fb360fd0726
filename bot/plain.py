"""Show a neutral Reply as plain terminal text, buttons as numbered choices."""

from __future__ import annotations

import html
import re

from bot.render import Button, Reply

_LINK = re.compile(r'<a href="([^"]*)">(.*?)</a>')
_TAG = re.compile(r"</?[a-z]+[^>]*>")


def to_plain(markup: str) -> str:
    """Telegram HTML to plain text: links keep their address, other tags go."""
    text = _LINK.sub(lambda m: m.group(2), markup)
    return html.unescape(_TAG.sub("", text))


def buttons_of(reply: Reply) -> list[Button]:
    """All of a reply's buttons in reading order."""
    return [button for row in reply.buttons for button in row]


def show(reply: Reply) -> str:
    """The whole reply as terminal text, with numbered choices under it."""
    parts = [to_plain(text) for text in reply.texts]
    choices = [f"  [{n}] {b.label}" for n, b in enumerate(buttons_of(reply), 1)]
    if choices:
        parts.append("\n".join(choices))
    return "\n\n".join(parts)
