"""Command line: run, chat, check and ask. Only `run` touches Telegram."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from bot.areas import parse_payload
from bot.checks import check_knowledge
from bot.config import PROJECT_KNOWLEDGE, Settings, load_settings
from bot.conversation import Engine
from bot.errors import ConfigError
from bot.logs import setup_logging
from bot.model import KnowledgeBase, Prefs
from bot.plain import show
from bot.problems import summary


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run the chosen command; returns the exit code."""
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="run the bot on Telegram (needs TELEGRAM_BOT_TOKEN)")
    commands.add_parser("chat", help="talk to the bot in this terminal")
    check = commands.add_parser("check", help="check the knowledge files")
    check.add_argument("dir", nargs="?", type=Path, help="knowledge folder (default: ours)")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    ask = commands.add_parser("ask", help="show the reply to one question, with scores")
    ask.add_argument("question")
    ask.add_argument("--json", action="store_true", help="print JSON")
    ask.add_argument("--area", help="answer as for this area (a nation or force id, as in links)")
    args = parser.parse_args(argv)
    if args.command == "check":
        return run_check(args.dir or _knowledge_dir(), args.strict)
    try:
        settings = load_settings(os.environ, need_token=args.command == "run")
    except ConfigError as error:
        print(f"Configuration error: {error}", file=sys.stderr)
        return 2
    setup_logging(settings.log_level, settings.token)
    kb = load_or_report(settings.knowledge_dir)
    if kb is None:
        return 1
    if args.command == "run":
        from bot.app import run_bot

        return run_bot(settings, kb)
    engine = Engine(kb)
    if args.command == "chat":
        from bot.chat import run_chat

        return run_chat(engine)
    return run_ask(engine, args.question, args.json, parse_payload(kb.areas, args.area) or Prefs())


def _knowledge_dir() -> Path:
    return Path(os.environ.get("KNOWLEDGE_DIR") or PROJECT_KNOWLEDGE)


def run_check(root: Path, strict: bool) -> int:
    """Print every problem in the knowledge files; exit 1 if any must be fixed."""
    kb, problems = check_knowledge(root)
    for problem in problems:
        print(problem.format())
    failing = any(strict or not p.warning for p in problems)
    print(summary(problems, strict))
    if kb is not None and not failing:
        print(
            f"Loaded {len(kb.entries)} entries, {len(kb.flows)} flows, "
            f"{len(kb.contacts)} contacts, {len(kb.examples)} examples."
        )
    return 1 if failing else 0


def load_or_report(root: Path) -> KnowledgeBase | None:
    """Load the knowledge for serving; on errors print them and return None."""
    kb, problems = check_knowledge(root)
    if kb is None:
        for problem in problems:
            if not problem.warning:
                print(problem.format(), file=sys.stderr)
        print(
            "The knowledge has errors, so the bot cannot start. Run: python -m bot check",
            file=sys.stderr,
        )
    return kb


def run_ask(engine: Engine, question: str, as_json: bool, prefs: Prefs) -> int:
    """Print the reply the bot would send, and the top matches with their scores."""
    seen = engine.understand(question)
    reply = engine.ask(question, prefs)
    if as_json:
        print(
            json.dumps(
                {
                    "question": question,
                    "emergency": seen.triage.emergency,
                    "danger_phrases": list(seen.triage.danger),
                    "decision": seen.decision.kind,
                    "answered": reply.answered,
                    "matches": [
                        {"id": m.id, "kind": m.kind, "score": m.score, "matched": list(m.matched)}
                        for m in seen.matches
                    ],
                    "reply": list(reply.texts),
                    "buttons": [
                        [{"label": b.label, "data": b.data} for b in row] for row in reply.buttons
                    ],
                },
                indent=2,
                ensure_ascii=False,
            )
        )
        return 0
    print(show(reply))
    print("\n--- how it was understood ---")
    print(f"emergency: {seen.triage.emergency} {list(seen.triage.danger) or ''}")
    print(f"decision: {seen.decision.kind}")
    for match in seen.matches:
        print(f"  {match.score:.3f}  {match.kind:5}  {match.id}  ({' '.join(match.matched)})")
    return 0


__all__ = ["Settings", "main"]
