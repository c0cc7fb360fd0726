"""Real Telegram Update JSON for tests, built the way Telegram sends it."""

from __future__ import annotations

import itertools
import time
from typing import Any

_ids = itertools.count(1)
USER = {"id": 777, "is_bot": False, "first_name": "Sam"}
PRIVATE = {"id": 777, "type": "private", "first_name": "Sam"}
GROUP = {"id": -100123, "type": "supergroup", "title": "Campaign team"}


def message(
    text: str | None = None,
    chat: dict[str, Any] | None = None,
    sender: dict[str, Any] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """A new message update; text starting with / gets a bot_command entity."""
    body: dict[str, Any] = {
        "message_id": next(_ids),
        "date": int(time.time()),
        "chat": chat or PRIVATE,
        "from": sender or USER,
        **extra,
    }
    if text is not None:
        body["text"] = text
        if text.startswith("/"):
            body["entities"] = [
                {"type": "bot_command", "offset": 0, "length": len(text.split()[0])}
            ]
    return {"update_id": next(_ids), "message": body}


def edited(text: str) -> dict[str, Any]:
    """An edited-message update."""
    update = message(text)
    update["edited_message"] = update.pop("message")
    update["edited_message"]["edit_date"] = int(time.time())
    return update


def press(data: str) -> dict[str, Any]:
    """A callback-query update: someone tapped an inline button."""
    return {
        "update_id": next(_ids),
        "callback_query": {
            "id": str(next(_ids)),
            "from": USER,
            "chat_instance": "ci",
            "data": data,
            "message": {
                "message_id": next(_ids),
                "date": int(time.time()),
                "chat": PRIVATE,
                "from": {"id": 4242, "is_bot": True, "first_name": "Bot"},
                "text": "earlier reply",
            },
        },
    }


def sticker() -> dict[str, Any]:
    """A sticker message."""
    return message(
        sticker={
            "file_id": "s1",
            "file_unique_id": "u1",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
        }
    )


def photo(caption: str | None) -> dict[str, Any]:
    """A photo message, with an optional caption."""
    extra: dict[str, Any] = {
        "photo": [{"file_id": "p1", "file_unique_id": "pu1", "width": 90, "height": 90}]
    }
    if caption:
        extra["caption"] = caption
    return message(**extra)


def voice() -> dict[str, Any]:
    """A voice note."""
    return message(voice={"file_id": "v1", "file_unique_id": "vu1", "duration": 3})
