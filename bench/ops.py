"""Operations figures: a running bot under injected Telegram faults, and its memory.

Run with `make bench` (after the search benchmark). Starts `python -m bot run` against a fake
Bot API on 127.0.0.1 that answers a share of calls with 429, 502 or a hang, sends questions
from many users, and prints how many were answered, the faults injected and the bot's RSS.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests import updates
from tests.fake_telegram import FAULT_KINDS, FakeTelegram, serve

TOKEN = "123456:BENCH-token-abcdefghijklmnopqrstuvwxyz"
QUESTIONS = [
    "abuse on twitter",
    "someone posted my home address online",
    "doxxed",
    "how do i save evidence of threats",
    "there's a man at my door shouting",
]


def rss_mib(pid: int) -> float:
    """Resident memory of a process, from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main(users: int = 60) -> int:
    state = FakeTelegram()
    server, base_url = serve(state)
    faults = list(FAULT_KINDS) * 10
    state.faults.extend(faults)
    state.fault_every, state.hang = 4, 2.5
    with tempfile.TemporaryDirectory() as data:
        env = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": base_url,
            "BOT_DATA_DIR": data,
            "BOT_HTTP_TIMEOUT": "2",
            "LOG_LEVEL": "WARNING",
        }
        bot = subprocess.Popen(
            [sys.executable, "-m", "bot", "run"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        start = time.monotonic()
        for number in range(users):
            user = 5000 + number
            state.queue(
                updates.message(
                    QUESTIONS[number % len(QUESTIONS)],
                    chat={"id": user, "type": "private", "first_name": "U"},
                    sender={"id": user, "is_bot": False, "first_name": "U"},
                )
            )
        wanted = {5000 + n for n in range(users)}
        while time.monotonic() - start < 180:
            if wanted <= {int(d["chat_id"]) for d in state.delivered}:
                break
            time.sleep(0.2)
        seconds = time.monotonic() - start
        memory = rss_mib(bot.pid)
        bot.terminate()
        _, logs = bot.communicate(timeout=30)
    server.shutdown()
    server.server_close()
    answered = len(wanted & {int(d["chat_id"]) for d in state.delivered})
    injected = len(faults) - len(state.faults)
    retries = logs.count("retry") + logs.count("Rate limit hit")
    print("\n## running bot under injected faults (fake Bot API on 127.0.0.1)\n")
    print(
        "| questions sent | answered | faults injected (429 / 502 / hang) | retries logged | "
        "time | bot RSS |"
    )
    print("|---|---|---|---|---|---|")
    print(f"| {users} | {answered} | {injected} | {retries} | {seconds:.1f} s | {memory:.0f} MiB |")
    return 0 if answered == users else 1


if __name__ == "__main__":
    sys.exit(main())
