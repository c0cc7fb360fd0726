"""The local chat: the same conversation as on Telegram, in a terminal."""

from __future__ import annotations

import sys
from typing import TextIO

from bot.conversation import Engine
from bot.model import Prefs
from bot.plain import buttons_of, show
from bot.render import Reply

INTRO = (
    "Local chat (the same answers as on Telegram). Type a question, a choice number, "
    "/menu, /area, /help, /privacy, /forget, /start <area>, or /quit."
)


def run_chat(engine: Engine, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> int:
    """Read lines until end of input or /quit, answering each as the bot would."""
    prefs = Prefs()
    print(INTRO, file=stdout)
    last: Reply = engine.start(None)
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
    command, _, argument = line.partition(" ")
    if line.isdigit() and 1 <= int(line) <= len(choices):
        reply = engine.press(choices[int(line) - 1].data, prefs)
    elif command == "/start":
        reply = engine.start(argument.strip() or None)
    elif command.startswith("/") and (answer := engine.command(command[1:])) is not None:
        reply = answer
    else:
        reply = engine.ask(line, prefs, asked=last.asks)
    if reply.forget:  # "Yes, delete it": the area chosen goes, as on Telegram
        return reply, Prefs()
    return reply, reply.prefs if reply.prefs is not None else prefs
