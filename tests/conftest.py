"""Shared fixtures: the small test knowledge, a copy to break, and a fake Telegram."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any, NoReturn

import pytest
from telegram import Update
from telegram.ext import Application

from bot.app import build_application
from bot.checks import check_knowledge
from bot.config import PROJECT_KNOWLEDGE, load_settings
from bot.conversation import Engine
from bot.model import KnowledgeBase
from tests.fake_telegram import FakeTelegram, serve

SMALL = Path(__file__).parent / "data" / "kb_small"
TOKEN = "123456:TEST-token-abcdefghijklmnopqrstuvwxyz"


def load(path: Path) -> KnowledgeBase:
    """Load a knowledge folder that must be valid."""
    kb, problems = check_knowledge(path)
    assert kb is not None, "\n".join(p.format() for p in problems)
    return kb


def must_not_train(vectors: object, labels: object) -> NoReturn:
    """Stands in for a learned model's _train where a kept or shipped one must be taken as is."""
    raise AssertionError("trained a model where one should have been taken as it is")


@pytest.fixture(scope="session")
def small_kb() -> KnowledgeBase:
    return load(SMALL)


@pytest.fixture(scope="session")
def engine(small_kb: KnowledgeBase) -> Engine:
    return Engine(small_kb)


@pytest.fixture(scope="session")
def real_kb() -> KnowledgeBase:
    return load(PROJECT_KNOWLEDGE)


@pytest.fixture(scope="session")
def real_engine(real_kb: KnowledgeBase) -> Engine:
    return Engine(real_kb)


@pytest.fixture
def kb_copy(tmp_path: Path) -> Callable[[dict[str, str]], Path]:
    """Copy the small knowledge to a temp folder, replacing or adding the given files."""

    def make(files: dict[str, str]) -> Path:
        root = tmp_path / "knowledge"
        shutil.copytree(SMALL, root)
        for name, text in files.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(text, encoding="utf-8")
        return root

    return make


@pytest.fixture
def fake() -> Iterator[tuple[FakeTelegram, str]]:
    state = FakeTelegram()
    server, base_url = serve(state)
    yield state, base_url
    server.shutdown()
    server.server_close()


@pytest.fixture
async def make_app(
    fake: tuple[FakeTelegram, str], tmp_path: Path
) -> AsyncIterator[Callable[..., Any]]:
    """Build a real Application against the fake, with extra settings; shut down after."""
    _, base_url = fake
    apps: list[Application] = []  # type: ignore[type-arg]

    async def build(knowledge: Path = SMALL, **extra: str) -> Application:  # type: ignore[type-arg]
        env = {
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": base_url,
            "BOT_DATA_DIR": str(tmp_path / "data"),
            "KNOWLEDGE_DIR": str(knowledge),
            **extra,
        }
        app = build_application(load_settings(env), load(knowledge))
        await app.initialize()
        apps.append(app)
        return app

    yield build
    for app in apps:
        await app.shutdown()
        app.bot_data["handlers"].store.close()


@pytest.fixture
async def telegram(
    fake: tuple[FakeTelegram, str], small_kb: KnowledgeBase, tmp_path: Path
) -> AsyncIterator[Callable[..., Any]]:
    """The real Application, talking HTTP to the fake; call it with update JSON."""
    state, base_url = fake
    env = {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": base_url,
        "BOT_DATA_DIR": str(tmp_path / "data"),
        "KNOWLEDGE_DIR": str(SMALL),
    }
    app: Application = build_application(load_settings(env), small_kb)  # type: ignore[type-arg]
    await app.initialize()

    async def feed(update: dict[str, Any]) -> FakeTelegram:
        await app.process_update(Update.de_json(update, app.bot))
        return state

    yield feed
    await app.shutdown()
