"""Build the Telegram Application: the one place that registers every handler."""

from __future__ import annotations

import logging

from telegram import BotCommand, Update
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.config import Settings
from bot.conversation import Engine
from bot.handlers import Handlers
from bot.logs import NOISY
from bot.model import KnowledgeBase
from bot.store import Store

log = logging.getLogger(__name__)
COMMANDS = [
    BotCommand("start", "Start again"),
    BotCommand("menu", "Main menu"),
    BotCommand("area", "Choose where you are standing"),
    BotCommand("help", "What this bot does"),
]


def build_application(settings: Settings, kb: KnowledgeBase) -> Application:  # type: ignore[type-arg]
    """Build the Application with every handler registered, ready to run or to test."""
    for name, ceiling in NOISY.items():
        logging.getLogger(name).setLevel(max(logging.getLogger(name).level, ceiling))
    builder = ApplicationBuilder().token(settings.token or "")
    if settings.api_base_url:
        base = settings.api_base_url.rstrip("/")
        builder = builder.base_url(base).base_file_url(base.removesuffix("/bot") + "/file/bot")
    app = (
        builder.rate_limiter(AIORateLimiter(max_retries=3))
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
        .build()
    )
    handlers = Handlers(Engine(kb), Store(settings.data_dir))
    app.bot_data["handlers"] = handlers
    private = filters.ChatType.PRIVATE
    new = filters.UpdateType.MESSAGE
    app.add_handler(
        MessageHandler(
            filters.ChatType.GROUPS & new & (filters.COMMAND | filters.TEXT), handlers.group
        )
    )
    app.add_handler(CommandHandler("start", handlers.start, filters=private & new))
    app.add_handler(CommandHandler("help", handlers.help, filters=private & new))
    app.add_handler(CommandHandler("menu", handlers.menu, filters=private & new))
    app.add_handler(CommandHandler("area", handlers.area, filters=private & new))
    app.add_handler(MessageHandler(private & new & filters.TEXT & ~filters.COMMAND, handlers.text))
    app.add_handler(MessageHandler(private & new & filters.CAPTION, handlers.text))
    app.add_handler(MessageHandler(private & new & ~filters.TEXT, handlers.other))
    app.add_handler(MessageHandler(private & new & filters.COMMAND, handlers.help))
    app.add_handler(CallbackQueryHandler(handlers.button))
    app.add_error_handler(handlers.error)
    return app


async def _post_init(app: Application) -> None:  # type: ignore[type-arg]
    await app.bot.set_my_commands(COMMANDS)


async def _post_shutdown(app: Application) -> None:  # type: ignore[type-arg]
    handlers = app.bot_data.get("handlers")
    if isinstance(handlers, Handlers):
        handlers.store.close()


def run_bot(settings: Settings, kb: KnowledgeBase) -> int:
    """Poll Telegram until SIGINT or SIGTERM, then exit cleanly with 0."""
    app = build_application(settings, kb)
    log.info(
        "starting: %d entries, %d flows, knowledge %s", len(kb.entries), len(kb.flows), kb.version
    )
    app.run_polling(allowed_updates=Update.ALL_TYPES)
    log.info("stopped")
    return 0
