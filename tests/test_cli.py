"""The command line as staff and newcomers use it: ask, chat and run."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot import learned
from bot.chat import run_chat
from bot.cli import main, run_train
from bot.conversation import Engine
from bot.model import TALK_COMMANDS, KnowledgeBase, Prefs
from bot.plain import show
from tests.conftest import SMALL

ROOT = Path(__file__).resolve().parent.parent


def test_ask_prints_reply_and_scores(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("KNOWLEDGE_DIR", str(SMALL))
    assert main(["ask", "abuse on twiter"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Reporting abuse on X (Twitter)")
    assert "report-twitter" in out and "decision: answer" in out


def test_ask_json(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("KNOWLEDGE_DIR", str(SMALL))
    assert main(["ask", "sum1 outside my house", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["emergency"] is True
    assert data["reply"][0].startswith("<b>If you or anyone with you is in danger now, call 999")


def test_chat_answers_and_presses_numbered_buttons(engine: Engine) -> None:
    stdin = io.StringIO("someone posted my home address online\n1\n2\nonline\n/quit\n")
    stdout = io.StringIO()
    assert run_chat(engine, stdin, stdout) == 0
    out = stdout.getvalue()
    assert "Your home address posted online" in out
    assert "[1] Walk me through it" in out
    assert "Is anyone in danger right now?" in out
    assert "Where is it happening?" in out
    assert "Taken as “Online”.\n\nSave it and report it" in out
    assert "<b>" not in out


def test_chat_forgets_the_area_when_asked(engine: Engine) -> None:
    question = "who do I contact about threats on my doorstep"
    stdin = io.StringIO(f"/start west-yorkshire\n{question}\n/forget\n1\n{question}\n/quit\n")
    stdout = io.StringIO()
    assert run_chat(engine, stdin, stdout) == 0
    before, _, after = stdout.getvalue().partition("Done. I no longer hold anything about you.")
    assert "Delete everything I hold about you" in before and "West Yorkshire Police" in before
    assert after and "West Yorkshire Police" not in after


def test_chat_answers_each_command_and_reads_an_unknown_one_as_a_question(
    engine: Engine,
) -> None:
    """Every command small talk may ask for ("delete my data" is /forget) is one the chat and
    the engine answer; a mistyped one is still answered, never dropped."""
    for name in TALK_COMMANDS:
        assert engine.command(name) is not None, name
    typo = "/hlep someone posted my home address online"
    stdin = io.StringIO(f"/privacy\n/help\n{typo}\n/quit\n")
    stdout = io.StringIO()
    assert run_chat(engine, stdin, stdout) == 0
    out = stdout.getvalue()
    assert show(engine.privacy()) in out and show(engine.help()) in out
    assert show(engine.ask(typo, Prefs())) in out


def test_make_run_without_token_opens_the_local_chat() -> None:
    env = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    result = subprocess.run(
        ["make", "-s", "run"],
        cwd=ROOT,
        input="someone posted my home address online\n/quit\n",
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert "No TELEGRAM_BOT_TOKEN set" in result.stdout
    assert "home address" in result.stdout.split("> ", 1)[1].lower()


def test_ask_piped_into_a_reader_that_has_gone_ends_quietly() -> None:
    env = {**os.environ, "KNOWLEDGE_DIR": str(SMALL)}
    command = f"{sys.executable} -m bot ask --json 'sum1 outside my house' | true"
    result = subprocess.run(
        ["bash", "-o", "pipefail", "-c", command],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert "Traceback" not in result.stderr
    assert result.returncode == 0, result.stderr


def test_train_ships_the_learned_models_a_start_then_takes_as_they_are(
    real_kb: KnowledgeBase, real_engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`bot train` after editing examples.yaml: every machine then answers with those models."""
    assert run_train(real_kb, tmp_path) == 0
    printed = capsys.readouterr().out
    assert f"Wrote {tmp_path / learned.NET_FILE} and {tmp_path / learned.DANGER_FILE}" in printed
    crisis, danger = real_engine.triager.crisis_model, real_engine.triager.meaning_model
    meaning = real_engine.index.meaning
    assert crisis is not None and danger is not None and meaning is not None
    taken = learned.MeaningNetModel._read(tmp_path / learned.NET_FILE, crisis.key)
    assert taken is not None
    despair = meaning.encode("i cant do this anymore")
    assert taken.probability(despair) == pytest.approx(crisis.probability(despair))
    shipped = learned.MeaningDangerModel._read(tmp_path / learned.DANGER_FILE, danger.key)
    assert shipped is not None
    outside = meaning.encode("sum1 outside my house")
    assert shipped.probability(outside) == pytest.approx(danger.probability(outside))
    assert shipped.probability(outside) > 0.5  # the model itself, not two empty ones alike
