"""Build and run the Telegram Application: the one place that registers every handler."""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import os
import signal
from typing import Any, TypeAlias

import tornado.web
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
from bot.logs import quiet_libraries
from bot.memory import release_freed_memory
from bot.model import KnowledgeBase
from bot.store import Store
from bot.transport import RetryingRequest
from bot.warmup import warm_up

os.environ.setdefault("PTB_TIMEDELTA", "true")
"""Opt in to PTB's timedelta periods (RetryAfter.retry_after), ending its deprecation path."""
log = logging.getLogger(__name__)
COMMANDS = [
    BotCommand("start", "Start again"),
    BotCommand("menu", "Main menu"),
    BotCommand("area", "Choose where you are standing"),
    BotCommand("privacy", "What this bot keeps about you"),
    BotCommand("forget", "Delete what this bot keeps about you"),
    BotCommand("help", "What this bot does"),
]
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
WEBHOOK_PATH = "/telegram"
MAX_BODY = 1_000_000
"""Largest webhook request accepted, in bytes (Telegram's updates are far smaller)."""

App: TypeAlias = "Application[Any, Any, Any, Any, Any, Any]"


def build_application(settings: Settings, kb: KnowledgeBase) -> App:
    """Build the Application with every handler registered, ready to run or to test."""
    quiet_libraries()
    builder = ApplicationBuilder().token(settings.token or "")
    if settings.api_base_url:
        base = settings.api_base_url.rstrip("/")
        builder = builder.base_url(base).base_file_url(base.removesuffix("/bot") + "/file/bot")
    app = (
        builder.request(
            RetryingRequest(connection_pool_size=64, read_timeout=settings.http_timeout)
        )
        .get_updates_request(RetryingRequest(read_timeout=40))
        .rate_limiter(AIORateLimiter(max_retries=5))
        .build()
    )
    handlers = Handlers(Engine(kb, data_dir=settings.data_dir), Store(settings.data_dir), settings)
    app.bot_data["handlers"] = handlers
    private = filters.ChatType.PRIVATE
    new = filters.UpdateType.MESSAGE
    app.add_handler(
        MessageHandler(
            filters.ChatType.GROUPS & new & (filters.COMMAND | filters.TEXT), handlers.group
        )
    )
    commands = {
        "start": handlers.start,
        "help": handlers.help,
        "menu": handlers.menu,
        "area": handlers.area,
        "privacy": handlers.privacy,
        "forget": handlers.forget,
        "reload": handlers.reload,
        "status": handlers.status,
    }
    for name, callback in commands.items():
        app.add_handler(CommandHandler(name, callback, filters=private & new))
    app.add_handler(MessageHandler(private & new & filters.TEXT & ~filters.COMMAND, handlers.text))
    app.add_handler(MessageHandler(private & new & filters.CAPTION, handlers.text))
    app.add_handler(MessageHandler(private & new & ~filters.TEXT, handlers.other))
    app.add_handler(MessageHandler(private & new & filters.COMMAND, handlers.help))
    app.add_handler(CallbackQueryHandler(handlers.button))
    app.add_error_handler(handlers.error)
    return app


def handlers_of(app: App) -> Handlers:
    """The Handlers object the application was built with."""
    handlers = app.bot_data["handlers"]
    assert isinstance(handlers, Handlers)
    return handlers


async def _post_init(app: App) -> None:
    await app.bot.set_my_commands(COMMANDS)


async def _post_shutdown(app: App) -> None:
    handlers_of(app).store.close()


def run_bot(settings: Settings, kb: KnowledgeBase) -> int:
    """Run until SIGINT or SIGTERM (polling, or webhooks when BOT_WEBHOOK_URL is set); exit 0."""
    warm_up(kb, settings.data_dir)
    app = build_application(settings, kb)
    release_freed_memory()
    log.info(
        "starting: %d entries, %d flows, knowledge %s", len(kb.entries), len(kb.flows), kb.version
    )
    asyncio.run(_serve(app, settings))
    log.info("stopped")
    return 0


async def _serve(app: App, settings: Settings) -> None:
    """Start the application, the web server if any, and wait for a stop signal."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    loop.add_signal_handler(signal.SIGHUP, lambda: log.info(handlers_of(app).reload_knowledge()))
    async with app:
        await _post_init(app)
        server = None
        if settings.listen is not None:
            server = web_server(app, settings).listen(
                settings.listen[1], address=settings.listen[0], max_body_size=MAX_BODY
            )
        if settings.webhook_url:
            await app.bot.set_webhook(
                settings.webhook_url.rstrip("/") + WEBHOOK_PATH,
                secret_token=settings.webhook_secret,
                allowed_updates=Update.ALL_TYPES,
            )
        else:
            assert app.updater is not None
            await app.updater.start_polling(allowed_updates=Update.ALL_TYPES)
        await app.start()
        await stop.wait()
        if app.updater is not None and app.updater.running:
            await app.updater.stop()
        await app.stop()
        if server is not None:
            server.stop()
    await _post_shutdown(app)


def web_server(app: App, settings: Settings) -> tornado.web.Application:
    """The webhook endpoint (secret checked) and a health endpoint for monitors."""
    routes: list[Any] = [("/health", Health, {"app": app})]
    if settings.webhook_url and settings.webhook_secret:
        routes.append((WEBHOOK_PATH, Webhook, {"app": app, "secret": settings.webhook_secret}))
    return tornado.web.Application(routes)


class Health(tornado.web.RequestHandler):
    """GET /health: 200 with the knowledge version loaded."""

    def initialize(self, app: App) -> None:
        self.app = app

    def get(self) -> None:
        kb = handlers_of(self.app).engine.kb
        self.write({"status": "ok", "knowledge": kb.version, "entries": len(kb.entries)})


class Webhook(tornado.web.RequestHandler):
    """POST /telegram: an update from Telegram, accepted only with the right secret."""

    def initialize(self, app: App, secret: str) -> None:
        self.app = app
        self.secret = secret

    async def post(self) -> None:
        given = self.request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self.secret.encode()):
            log.warning("webhook request refused: missing or wrong secret token")
            self.set_status(403)
            return
        try:
            update = Update.de_json(json.loads(self.request.body), self.app.bot)
        except (ValueError, TypeError, KeyError):
            log.warning("webhook request refused: not an update")
            self.set_status(400)
            return
        await self.app.update_queue.put(update)
        self.set_status(200)

    def log_exception(self, *args: Any) -> None:
        """Never let tornado log a request body."""
        log.error("webhook handler error")
