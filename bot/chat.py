"""The local chat: the same conversation as on Telegram, in a terminal."""

from __future__ import annotations

import sys
from typing import TextIO

from bot.conversation import Engine, Prefs, parse_payload
from bot.plain import buttons_of, show
from bot.render import Reply

INTRO = (
    "Local chat (the same answers as on Telegram). Type a question, a choice number, "
    "/menu, /help, /start <area>, or /quit."
)


def run_chat(engine: Engine, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> int:
    """Read lines until end of input or /quit, answering each as the bot would."""
    prefs = Prefs()
    print(INTRO, file=stdout)
    last: Reply = engine.start(None)[0]
    print("\n" + show(last), file=stdout)
    while True:
        print("\n> ", end="", file=stdout, flush=True)
        line = stdin.readline()
        if not line or line.strip() in ("/quit", "/exit"):
            print("Goodbye. If you are in danger, call 999.", file=stdout)
            return 0
        last, prefs = respond(engine, line.strip(), last, prefs)
        print("\n" + show(last), file=stdout, flush=True)


def respond(engine: Engine, line: str, last: Reply, prefs: Prefs) -> tuple[Reply, Prefs]:
    """One turn: a choice number presses that button; a command or text is answered."""
    choices = buttons_of(last)
    if line.isdigit() and 1 <= int(line) <= len(choices):
        return engine.press(choices[int(line) - 1].data, prefs), prefs
    command, _, argument = line.partition(" ")
    if command == "/start":
        reply, chosen = engine.start(argument.strip() or None)
        return reply, chosen or prefs
    if command == "/menu":
        return engine.menu(), prefs
    if command == "/help":
        return engine.help(), prefs
    if command == "/nation":
        return engine.menu(), parse_payload(argument.strip()) or Prefs()
    return engine.ask(line, prefs), prefs
