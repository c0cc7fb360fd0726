"""The shipped knowledge: passes the strict check, and every example is answered as expected."""

from __future__ import annotations

import pytest

from bot.checks import check_knowledge
from bot.config import PROJECT_KNOWLEDGE
from bot.conversation import Engine
from bot.model import KnowledgeBase
from tests.conftest import load

KB = load(PROJECT_KNOWLEDGE)
ENGINE = Engine(KB)


def test_strict_check_is_clean() -> None:
    kb, problems = check_knowledge(PROJECT_KNOWLEDGE)
    assert kb is not None
    assert [p.format() for p in problems] == []


def test_every_entry_and_flow_is_sourced_and_reviewed(real_kb: KnowledgeBase) -> None:
    for item in [*real_kb.entries.values(), *real_kb.flows.values()]:
        assert item.sources and item.reviewed


@pytest.mark.parametrize("example", KB.examples, ids=[f"line{x.line}" for x in KB.examples])
def test_example(example: object) -> None:
    from bot.model import Example

    assert isinstance(example, Example)
    reply = ENGINE.ask(example.question)
    seen = ENGINE.understand(example.question)
    top = seen.decision.matches[0].id if seen.decision.matches else "none"
    if example.emergency:
        assert reply.emergency, f"999 not first for: {example.question}"
    if example.expect == "none":
        assert seen.decision.kind in ("none", "choose"), f"confident answer {top}"
    else:
        offered = [m.id for m in seen.decision.matches]
        assert example.expect in offered, f"got {seen.decision.kind} {offered}"
