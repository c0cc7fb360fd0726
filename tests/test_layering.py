"""The core never imports telegram: only the Telegram layer and the CLI may."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parent.parent / "bot"
TELEGRAM_LAYER = {"app.py", "handlers.py", "transport.py"}


def imported(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("module", sorted(p.name for p in BOT.glob("*.py")))
def test_core_modules_never_import_telegram(module: str) -> None:
    if module in TELEGRAM_LAYER or module == "cli.py":
        return
    names = imported(BOT / module)
    assert not any(n == "telegram" or n.startswith("telegram.") for n in names)
    assert not names & {"bot.app", "bot.handlers"}


def test_cli_imports_telegram_layer_only_lazily() -> None:
    tree = ast.parse((BOT / "cli.py").read_text())
    top_level = {n.module for n in tree.body if isinstance(n, ast.ImportFrom)}
    assert "bot.app" not in top_level and "telegram" not in top_level
