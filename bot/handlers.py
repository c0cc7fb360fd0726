"""Thin Telegram callbacks: read the update, ask the core, send the neutral reply."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.ext import ContextTypes

from bot.checks import check_knowledge
from bot.config import Settings
from bot.conversation import Engine
from bot.limits import UserRate
from bot.memory import compacted, release_freed_memory
from bot.model import Prefs
from bot.redact import redact
from bot.render import Reply, esc
from bot.store import Store
from bot.text import MAX_INPUT

log = logging.getLogger(__name__)
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
ASKED_CHATS = 10_000
"""Chats whose open walk-through question is remembered (in memory only), oldest dropped."""


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


@dataclass
class Counters:
    """What /status reports: since start-up, no user ids."""

    started: float = field(default_factory=time.monotonic)
    answered: int = 0
    unanswered: int = 0


class Handlers:
    """The bot's callbacks, sharing one engine, one store and the settings."""

    def __init__(self, engine: Engine, store: Store, settings: Settings) -> None:
        self.engine = engine
        self.store = store
        self.settings = settings
        self.rate = UserRate(settings.user_rate)
        self.counters = Counters()
        self.asked: dict[int, tuple[str, str]] = {}
        """Per chat, the walk-through question last asked (flow id, node id), so a typed "yes"
        answers it; never written to disk, and replaced by whatever the bot says next."""

    async def send(self, update: Update, reply: Reply) -> None:
        """Act on what the reply asks to remember, then send every part of it."""
        user = update.effective_user
        if user is not None:
            if reply.forget:
                self.store.forget(user.id)
            elif reply.prefs is not None:
                self.store.remember(user.id, reply.prefs)
        if reply.feedback is not None:
            self.store.record_feedback(*reply.feedback)
        chat = update.effective_chat
        if chat is None:
            return
        self.asked.pop(chat.id, None)
        if reply.asks is not None:
            self.asked[chat.id] = reply.asks
            if len(self.asked) > ASKED_CHATS:
                del self.asked[next(iter(self.asked))]
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

    def paced(self, update: Update) -> str:
        """Whether to answer this user now: 'ok', 'warn' (once) or 'drop'."""
        user = update.effective_user
        return self.rate.check(user.id) if user else "ok"

    async def start(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Welcome; a valid deep-link payload sets the area, an invalid one gets a gentle note."""
        payload = context.args[0] if context.args else None
        await self.send(update, self.engine.start(payload))

    async def area(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Let the user choose their nation, police force and election type."""
        await self.send(update, self.engine.area())

    async def help(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Explain what the bot does (also the answer to any unknown command)."""
        await self.send(update, self.engine.help())

    async def menu(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Show the main menu."""
        await self.send(update, self.engine.menu())

    async def privacy(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Say plainly what is kept, why and for how long."""
        await self.send(update, self.engine.privacy())

    async def forget(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Offer to delete everything held about the user, with a confirm button."""
        await self.send(update, self.engine.forget())

    async def text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Answer a question typed in the chat (or a photo's caption)."""
        pace = self.paced(update)
        if pace != "ok":
            if pace == "warn":
                await self.send(update, self.engine.note("slow_down"))
            return
        message = update.effective_message
        question = (message.text or message.caption or "") if message else ""
        chat = update.effective_chat
        asked = self.asked.get(chat.id) if chat else None
        reply = self.engine.ask(question, self.prefs(update), asked)
        if reply.answered is None and not reply.emergency and not reply.small_talk:
            self.counters.unanswered += 1
            self.store.record_gap(redact(question[:MAX_INPUT]), self.settings.gaps_days)
        else:
            self.counters.answered += 1
        await self.send(update, reply)

    async def other(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Stickers, voice notes and the like: say politely that only text can be read."""
        if self.paced(update) == "ok":
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
        await message.reply_text(text, parse_mode=ParseMode.HTML, reply_markup=keyboard)

    def is_admin(self, update: Update) -> bool:
        """Only users listed in BOT_ADMIN_IDS."""
        user = update.effective_user
        return user is not None and user.id in self.settings.admin_ids

    async def reload(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Admins: check the knowledge files and swap them in if clean (others: as unknown)."""
        if not self.is_admin(update):
            await self.help(update, context)
            return
        await _send_plain(update, self.reload_knowledge())

    def reload_knowledge(self) -> str:
        """Load and check the knowledge; replace the engine in one step only if it is clean."""
        kb, problems = check_knowledge(Path(self.settings.knowledge_dir))
        errors = [p for p in problems if not p.warning]
        if kb is None or errors:
            log.warning("reload refused: %d problem(s) in the knowledge", len(errors))
            lines = [p.format() for p in errors[:30]]
            more = f"\n…and {len(errors) - 30} more" if len(errors) > 30 else ""
            return "Reload refused; still serving the old knowledge.\n" + "\n".join(lines) + more
        kb = compacted(kb)
        self.engine = Engine(kb, data_dir=Path(self.settings.data_dir))
        release_freed_memory()
        log.info("knowledge reloaded: version %s", kb.version)
        return f"Reloaded knowledge {kb.version}: {len(kb.entries)} entries, {len(kb.flows)} flows."

    async def status(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Admins: knowledge version, counts, uptime, messages answered and unanswered."""
        if not self.is_admin(update):
            await self.help(update, context)
            return
        await _send_plain(update, self.status_text())

    def status_text(self) -> str:
        """The /status report."""
        kb, c = self.engine.kb, self.counters
        uptime = int(time.monotonic() - c.started)
        return (
            f"Knowledge {kb.version}: {len(kb.entries)} entries, {len(kb.flows)} flows, "
            f"{len(kb.contacts)} contacts, {len(kb.areas.forces)} police forces.\n"
            f"Up {uptime // 3600}h {uptime % 3600 // 60}m. Since start: {c.answered} answered, "
            f"{c.unanswered} unanswered."
        )

    async def error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Log the error's type and update id only: never message text or the token."""
        update_id = update.update_id if isinstance(update, Update) else None
        log.error("error handling update %s: %s", update_id, type(context.error).__name__)
        if isinstance(update, Update) and update.effective_chat:
            try:
                await self.send(update, self.engine.note("error"))
            except Exception as second:
                log.error("could not apologise for update %s: %s", update_id, type(second).__name__)


async def _send_plain(update: Update, text: str) -> None:
    """An admin report, escaped, in one or more messages."""
    chat = update.effective_chat
    if chat is None:
        return
    for start in range(0, len(text), 3500):
        await chat.send_message(esc(text[start : start + 3500]), parse_mode=ParseMode.HTML)
