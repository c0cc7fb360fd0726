"""Command line: run, chat, check and ask. Only `run` touches Telegram."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from bot.areas import make_payload, parse_payload
from bot.checks import check_knowledge
from bot.config import PROJECT_KNOWLEDGE, Settings, load_settings
from bot.conversation import Engine
from bot.errors import BotError, ConfigError
from bot.gaps import group_questions
from bot.learned import DANGER_FILE, NET_FILE
from bot.links import deep_link, write_all, write_qr
from bot.logs import setup_logging
from bot.memory import compacted
from bot.model import KnowledgeBase, Prefs
from bot.plain import show
from bot.problems import summary
from bot.schema import did_you_mean
from bot.store import Store


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run the chosen command; returns the exit code."""
    try:
        return _run(argv)
    except BrokenPipeError:  # piped into a reader that stopped early (`| head`): not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _run(argv: list[str] | None) -> int:
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
    link = commands.add_parser("link", help="print a deep link and write QR codes for packs")
    link.add_argument("--area", help="force or nation id, e.g. west-yorkshire")
    link.add_argument("--election", help="election type id, e.g. local")
    link.add_argument("--qr", type=Path, help="write the QR code here (.png or .svg)")
    link.add_argument(
        "--all",
        type=Path,
        metavar="DIR",
        help="write a QR code and a printable page for every area into DIR",
    )
    commands.add_parser("gaps", help="unanswered questions, grouped, for new entries")
    commands.add_parser("stats", help="'Was this helpful?' counts per entry")
    commands.add_parser(
        "train",
        help="train the crisis network and danger model on examples.yaml, ship them by the model",
    )
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
        kb = compacted(kb)  # before bot.app's imports, which would settle among the original's
        from bot.app import run_bot  # freed pages and keep them from going back (1.5 MiB)

        return run_bot(settings, kb)
    if args.command == "link":
        return run_link(settings, kb, args)
    if args.command in ("gaps", "stats"):
        return run_report(settings, args.command)
    if args.command == "train":
        return run_train(kb)
    engine = Engine(kb, data_dir=settings.data_dir)
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


def run_train(kb: KnowledgeBase, to: Path | None = None) -> int:
    """Ship the crisis network and danger model for these examples beside the meaning model (or
    in the folder `to`), so every machine answers alike: training turns on rounding, which
    differs between CPUs."""
    engine = Engine(kb)  # reads the shipped models if they are for these examples, else trains
    crisis, danger = engine.triager.crisis_model, engine.triager.meaning_model
    meaning = engine.index.meaning
    if crisis is None or danger is None or meaning is None:
        print("No models to ship: the meaning model did not load.", file=sys.stderr)
        return 1
    folder = to or meaning.folder
    crisis.ship(folder / NET_FILE)
    danger.ship(folder / DANGER_FILE)
    print(
        f"Wrote {folder / NET_FILE} and {folder / DANGER_FILE}, the crisis network and danger "
        f"model for {len(kb.examples)} examples."
    )
    return 0


def run_report(settings: Settings, command: str) -> int:
    """Print the unanswered questions (grouped) or the helpfulness counts."""
    store = Store(settings.data_dir)
    try:
        if command == "gaps":
            questions = [q for _, q in store.gaps(settings.gaps_days)]
            print(
                f"{len(questions)} unanswered question(s) from the last "
                f"{settings.gaps_days} days, grouped by similarity:"
            )
            for group in group_questions(questions):
                print(f"\n{len(group)} x {group[0]}")
                for other in group[1:6]:
                    print(f"    {other}")
        else:
            rows = store.feedback()
            print(f"{'entry or flow':40} helpful  not helpful")
            for item, helpful, unhelpful in rows:
                print(f"{item:40} {helpful:7}  {unhelpful:11}")
            if not rows:
                print("(no answers yet)")
    finally:
        store.close()
    return 0


def run_link(settings: Settings, kb: KnowledgeBase, args: argparse.Namespace) -> int:
    """Print a deep link (and write its QR), or write every area's QR and printable page."""
    username = settings.bot_username or _username_from_telegram(settings)
    if username is None:
        print(
            "Set BOT_USERNAME (the bot's Telegram username), or TELEGRAM_BOT_TOKEN so it can "
            "be asked from Telegram.",
            file=sys.stderr,
        )
        return 2
    if args.all:
        pages = write_all(kb, username, args.all)
        print(f"Wrote {len(pages)} printable pages with QR codes (PNG and SVG) to {args.all}")
        return 0
    if not args.area:
        print("Give --area (a force or nation id) or --all DIR.", file=sys.stderr)
        return 2
    prefs = parse_payload(kb.areas, make_payload(args.area, args.election))
    if prefs is None:
        known = did_you_mean(args.area, [*kb.areas.forces, *kb.areas.nations])
        print(
            f"Unknown area or election: {args.area} {args.election or ''}. {known}".strip(),
            file=sys.stderr,
        )
        return 2
    link = deep_link(username, args.area.lower(), args.election)
    print(link)
    if args.qr:
        try:
            write_qr(link, args.qr)
        except BotError as error:
            print(str(error), file=sys.stderr)
            return 2
        print(f"QR code written to {args.qr}")
    return 0


def _username_from_telegram(settings: Settings) -> str | None:
    """Ask Telegram for the bot's username (getMe) when a token is set."""
    if not settings.token:
        return None
    import asyncio

    from telegram import Bot

    async def get() -> str | None:
        base = settings.api_base_url or "https://api.telegram.org/bot"
        async with Bot(settings.token or "", base_url=base) as bot:
            return bot.username

    return asyncio.run(get())


def run_ask(engine: Engine, question: str, as_json: bool, prefs: Prefs) -> int:
    """Print the reply the bot would send, and the top matches with their scores."""
    seen = engine.understand(question)
    reply = (
        engine.respond(seen, question, prefs) if question.strip() else engine.ask(question, prefs)
    )
    if as_json:
        print(
            json.dumps(
                {
                    "question": question,
                    "emergency": seen.triage.emergency,
                    "danger_phrases": list(seen.triage.danger),
                    "read_as": seen.read_as,
                    "small_talk": seen.talk.id if seen.talk else None,
                    "decision": seen.decision.kind,
                    "opens": seen.opens,
                    "answered": reply.answered,
                    "matches": [
                        {
                            "id": m.id,
                            "kind": m.kind,
                            "score": m.score,
                            "similarity": m.similarity,
                            "matched": list(m.matched),
                        }
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
    try:
        print(show(reply))
    except BrokenPipeError:  # `bot ask ... | head`: the reader has all it wanted
        return 0
    print("\n--- how it was understood ---")
    if seen.triage.welsh:
        print(f"read as Welsh, in English: {seen.read_as}")
    print(f"emergency: {seen.triage.emergency} {list(seen.triage.danger) or ''}")
    if seen.talk:
        answer = f"answered as /{seen.talk.does}" if seen.talk.command else "answered in kind"
        print(f"small talk: {seen.talk.id} (smalltalk.yaml), {answer}")
    print(
        f"decision: {seen.decision.kind}; opens: {seen.opens or 'nothing (choices or no guidance)'}"
    )
    for match in seen.matches:
        meaning = "" if match.similarity is None else f"  meaning {match.similarity:.2f}"
        words = " ".join(match.matched)
        print(f"  {match.score:.3f}  {match.kind:5}  {match.id}  ({words}){meaning}")
    return 0


__all__ = ["Settings", "main"]
