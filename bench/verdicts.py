"""Every held-out and tuning verdict, one line each, so a change's effect can be diffed.

Run with `python -m bench.verdicts > before.txt`, change something, run again and diff: lines
that differ are the messages whose reply changed. It is for checking that a change moves only
what it meant to; the held-out sets stay untuned (see bench/run.py).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from bench.run import HELD_OUT_SETS, shipped_knowledge
from bot.conversation import Engine, Understanding
from bot.knowledge import load_examples
from bot.model import Example


def verdict(seen: Understanding) -> str:
    """What the reply leads with and opens, in a few words."""
    triage = seen.triage
    lead = "crisis" if triage.emergency and triage.crisis else "999" if triage.emergency else "-"
    first = seen.matches[0].id if seen.matches else "-"
    return f"{lead} opens={seen.opens or '-'} first={first}"


def lines(engine: Engine, name: str, examples: Sequence[Example]) -> list[str]:
    """One line per example: the set, what was wanted, and what the bot did."""
    out = []
    for x in examples:
        wanted = f"{x.expect}{' 999' if x.emergency else ''}{' ' + x.kind if x.kind else ''}"
        out.append(f"{name}:{x.line} want={wanted} got={verdict(engine.understand(x.question))}")
    return out


def main() -> int:
    kb = shipped_knowledge()
    if kb is None:
        return 1
    engine = Engine(kb)
    for name, path in HELD_OUT_SETS.items():
        print("\n".join(lines(engine, name, load_examples(path)[0])))
    print("\n".join(lines(engine, "tuning", kb.examples)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
