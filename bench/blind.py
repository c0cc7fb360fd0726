"""Scores the blind batches: free messages (bench/blind-messages.yaml), replies typed at a
walk-through's question (bench/blind-replies.yaml) and short follow-ups that say it is over or
that something has not happened (bench/blind-followups.yaml and blind-followups-2.yaml), and
questions in other words than the knowledge's (bench/blind-paraphrase.yaml, against BM25).
Prints each miss, then the figures.

Run with `python -m bench.blind`. A measurement, not a test: the batches were written blind to
find misses (see their headers), and a miss here is a lead to look into, not a failing build.
"""

from __future__ import annotations

import html
import sys
from pathlib import Path
from typing import Any

import yaml

from bench.run import Ranker, bm25, ours, shipped_knowledge
from bot.conversation import Engine

MESSAGES = Path(__file__).parent / "blind-messages.yaml"
REPLIES = Path(__file__).parent / "blind-replies.yaml"
FOLLOWUPS = (
    Path(__file__).parent / "blind-followups.yaml",
    Path(__file__).parent / "blind-followups-2.yaml",
)
PARAPHRASE = Path(__file__).parent / "blind-paraphrase.yaml"


def messages(engine: Engine, items: list[dict[str, Any]]) -> None:
    """Danger caught, crises led with support, calm left calm, and the topic opened."""
    counts = {kind: [0, 0] for kind in ("danger", "crisis", "calm")}
    opened, topics, rejected, out_of_scope = 0, 0, 0, 0
    for item in items:
        seen = engine.understand(item["text"])
        alarm, crisis = seen.triage.emergency, seen.triage.crisis
        kind = item["kind"]
        right = {"danger": alarm and not crisis, "crisis": alarm and crisis, "calm": not alarm}
        counts[kind][0] += right[kind]
        counts[kind][1] += 1
        topic = item["topic"]
        if topic == "none":
            out_of_scope += 1
            rejected += seen.opens is None
        else:
            topics += 1
            opened += seen.opens == topic
        lead = "crisis" if alarm and crisis else "999" if alarm else "no alarm"
        if not right[kind] or seen.opens != (None if topic == "none" else topic):
            print(f"- {item['text'][:100]!r}: want {kind}, {topic}; got {lead}, {seen.opens}")
    print(
        f"messages: danger given 999 {counts['danger'][0]}/{counts['danger'][1]}, "
        f"crisis given support {counts['crisis'][0]}/{counts['crisis'][1]}, "
        f"calm left calm {counts['calm'][0]}/{counts['calm'][1]}; "
        f"topic opened {opened}/{topics}, out of scope turned away {rejected}/{out_of_scope}"
    )


def replies(engine: Engine, items: list[dict[str, Any]]) -> None:
    """Danger given the 999 line, calm replies left calm, and the button read as meant."""
    caught, danger, alarmed, calm, read, buttons = 0, 0, 0, 0, 0, 0
    before, after = engine.kb.messages["typed_answer"].split("{choice}")  # "Taken as “…”."
    for item in items:
        flow, node = item["at"].split(":")
        reply = engine.ask(item["text"], asked=(flow, node))
        shown = html.unescape("\n".join(reply.texts))
        taken = shown.split(before, 1)[1].split(after, 1)[0] if before in shown else None
        if item["danger"]:
            danger += 1
            caught += reply.emergency
        else:
            calm += 1
            alarmed += reply.emergency
        meant = item.get("button")
        right = taken == meant or (
            item["danger"] and reply.emergency and _at_999_step(engine, flow, shown)
        )
        if meant:
            buttons += 1
            read += right
        if reply.emergency != item["danger"] or (meant and not right):
            print(
                f"- {item['at']} {item['text'][:80]!r}: want danger={item['danger']}, {meant}; "
                f"got danger={reply.emergency}, {taken}"
            )
    print(
        f"replies: danger given 999 {caught}/{danger}, calm alarmed {alarmed}/{calm}, "
        f"button read as meant {read}/{buttons}"
    )


def followups(engine: Engine, name: str, items: list[dict[str, Any]]) -> None:
    """Danger now given the alarm, and calm follow-ups given neither 999 nor crisis support."""
    caught, danger, alarmed, calm = 0, 0, 0, 0
    for item in items:
        alarm = engine.understand(item["text"]).triage.emergency
        in_danger = item["kind"] == "danger"
        danger += in_danger
        caught += alarm and in_danger
        calm += not in_danger
        alarmed += alarm and not in_danger
        if alarm != in_danger:
            got = "the alarm" if alarm else "no alarm"
            print(f"- {item['text'][:100]!r}: want {item['kind']}; got {got}")
    print(f"{name}: danger given 999 {caught}/{danger}, calm alarmed {alarmed}/{calm}")


def paraphrases(methods: dict[str, Ranker], items: list[dict[str, Any]]) -> None:
    """The topic opened, per style, by our search and by each baseline; our misses first."""
    styles = sorted({item["style"] for item in items})
    opened = {(name, style): 0 for name in methods for style in styles}
    for item in items:
        for name, rank in methods.items():
            ranked, opens = rank(item["text"])
            opened[name, item["style"]] += opens == item["topic"]
            if name == "ours" and opens != item["topic"]:
                first = ranked[0] if ranked else None
                text = item["text"][:100]
                print(f"- {text!r}: want {item['topic']}; got {opens} ({first} first)")
    for style in styles:
        count = sum(item["style"] == style for item in items)
        scores = ", ".join(f"{name} {opened[name, style]}" for name in methods)
        print(f"paraphrase, {style}: topic opened {scores} of {count}")


def _at_999_step(engine: Engine, flow: str, shown: str) -> bool:
    """The reply shows the walk-through's own 999 step (its `danger_step`)."""
    step = engine.kb.flows[flow].danger_step
    outcome = engine.kb.flows[flow].nodes[step].outcome if step else None
    return outcome is not None and outcome.title in shown


def main() -> int:
    kb = shipped_knowledge()
    if kb is None:
        return 1
    engine = Engine(kb)
    messages(engine, yaml.safe_load(MESSAGES.read_text(encoding="utf-8")))
    replies(engine, yaml.safe_load(REPLIES.read_text(encoding="utf-8")))
    for path in FOLLOWUPS:
        followups(engine, path.stem, yaml.safe_load(path.read_text(encoding="utf-8")))
    methods = {"ours": ours(engine.understand), "BM25": bm25(kb)}
    paraphrases(methods, yaml.safe_load(PARAPHRASE.read_text(encoding="utf-8")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
