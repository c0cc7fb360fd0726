"""The returning officers' kit: links, QR codes that decode back, printable pages."""

from __future__ import annotations

from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from bot.cli import main
from bot.config import PROJECT_KNOWLEDGE
from tests.conftest import SMALL


def decode(path: Path) -> str:
    found = zxingcpp.read_barcodes(Image.open(path))
    assert len(found) == 1
    return str(found[0].text)


def test_link_prints_and_qr_decodes_to_the_same_link(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setenv("BOT_USERNAME", "CandidateSafetyBot")
    monkeypatch.setenv("KNOWLEDGE_DIR", str(SMALL))
    qr = tmp_path / "wy.png"
    assert main(["link", "--area", "west-yorkshire", "--election", "local", "--qr", str(qr)]) == 0
    link = capsys.readouterr().out.splitlines()[0]
    assert link == "https://t.me/CandidateSafetyBot?start=west-yorkshire_local"
    assert decode(qr) == link


def test_svg_qr_is_written(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("BOT_USERNAME", "CandidateSafetyBot")
    monkeypatch.setenv("KNOWLEDGE_DIR", str(SMALL))
    assert main(["link", "--area", "scotland", "--qr", str(tmp_path / "s.svg")]) == 0
    assert (tmp_path / "s.svg").read_text().lstrip().startswith("<?xml")
    assert main(["link", "--area", "scotland", "--qr", str(tmp_path / "s.gif")]) == 2


def test_all_writes_a_page_and_qr_per_force(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("BOT_USERNAME", "CandidateSafetyBot")
    monkeypatch.setenv("KNOWLEDGE_DIR", str(PROJECT_KNOWLEDGE))
    assert main(["link", "--all", str(tmp_path)]) == 0
    pages = sorted(tmp_path.glob("*.html"))
    assert len(pages) == 45
    page = (tmp_path / "west-yorkshire.html").read_text()
    assert "call 999" in page and "https://t.me/CandidateSafetyBot?start=west-yorkshire" in page
    assert "<svg" in page
    assert decode(tmp_path / "west-yorkshire.png").endswith("start=west-yorkshire")


def test_unknown_area_and_missing_username_are_clear(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("KNOWLEDGE_DIR", str(SMALL))
    monkeypatch.delenv("BOT_USERNAME", raising=False)
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    assert main(["link", "--area", "west-yorkshire"]) == 2
    assert "Set BOT_USERNAME" in capsys.readouterr().err
    monkeypatch.setenv("BOT_USERNAME", "CandidateSafetyBot")
    assert main(["link", "--area", "west-yorkshir"]) == 2
    assert "Did you mean 'west-yorkshire'?" in capsys.readouterr().err
