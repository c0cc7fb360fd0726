"""Thin Telegram callbacks: read the update, ask the core, send the neutral reply."""

from __future__ import annotations

import logging

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Message,
    Update,
)
from telegram.constants import ParseMode
from telegram.ext import ContextTypes

from bot.conversation import Engine
from bot.model import Prefs
from bot.render import Reply, esc
from bot.store import Store

log = logging.getLogger(__name__)
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


def markup(reply: Reply) -> InlineKeyboardMarkup | None:
    """The reply's buttons as a Telegram inline keyboard."""
    if not reply.buttons:
        return None
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(b.label, callback_data=b.data) for b in row]
            for row in reply.buttons
        ]
    )


class Handlers:
    """The bot's callbacks, sharing one engine and one store."""

    def __init__(self, engine: Engine, store: Store) -> None:
        self.engine = engine
        self.store = store

    async def send(self, update: Update, reply: Reply) -> None:
        """Send every part of a reply to the chat; buttons go under the last part."""
        chat = update.effective_chat
        if chat is None:
            return
        if reply.prefs is not None and update.effective_user:
            self.store.remember(update.effective_user.id, reply.prefs)
        for number, text in enumerate(reply.texts, 1):
            last = number == len(reply.texts)
            await chat.send_message(
                text,
                parse_mode=ParseMode.HTML,
                reply_markup=markup(reply) if last else None,
                link_preview_options=NO_PREVIEW,
            )

    def prefs(self, update: Update) -> Prefs:
        """What we remember about the user who sent this update."""
        user = update.effective_user
        return self.store.prefs(user.id) if user else Prefs()

    async def start(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Welcome; a valid deep-link payload sets the area, an invalid one gets a gentle note."""
        payload = context.args[0] if context.args else None
        await self.send(update, self.engine.start(payload))

    async def area(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Let the user choose their nation, police force and election type."""
        await self.send(update, self.engine.area())

    async def help(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Explain what the bot does."""
        await self.send(update, self.engine.help())

    async def menu(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Show the main menu."""
        await self.send(update, self.engine.menu())

    async def text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Answer a question typed in the chat (or a photo's caption)."""
        message = update.effective_message
        question = (message.text or message.caption or "") if message else ""
        await self.send(update, self.engine.ask(question, self.prefs(update)))

    async def other(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Stickers, voice notes and the like: say politely that only text can be read."""
        await self.send(update, self.engine.note("non_text"))

    async def button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A button press: answer the query at once, then send what it leads to."""
        query = update.callback_query
        if query is None:
            return
        await query.answer()
        await self.send(update, self.engine.press(query.data, self.prefs(update)))

    async def group(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """In a group, ask people to message the bot privately instead."""
        message = update.effective_message
        if message is None:
            return
        username = context.bot.username
        keyboard = (
            InlineKeyboardMarkup(
                [[InlineKeyboardButton("Message me privately", url=f"https://t.me/{username}")]]
            )
            if username
            else None
        )
        text = esc(self.engine.kb.messages["group_chat"])
        await _reply_in_group(message, text, keyboard)

    async def error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Log the error's type and update id only: never message text or the token."""
        update_id = update.update_id if isinstance(update, Update) else None
        log.error("error handling update %s: %s", update_id, type(context.error).__name__)
        if isinstance(update, Update) and update.effective_chat:
            try:
                await self.send(update, self.engine.note("no_match"))
            except Exception as second:
                log.error("could not apologise for update %s: %s", update_id, type(second).__name__)


async def _reply_in_group(
    message: Message, text: str, keyboard: InlineKeyboardMarkup | None
) -> None:
    await message.reply_text(text, parse_mode=ParseMode.HTML, reply_markup=keyboard)
