"""The flow engine: pure functions from a flow and a node id to the step to show."""

from __future__ import annotations

from bot.model import Flow, Node


def start(flow: Flow) -> Node:
    """The first step of a flow."""
    return flow.nodes[flow.start]


def step(flow: Flow, node_id: str) -> Node | None:
    """The step a button leads to, or None if the flow no longer has it."""
    return flow.nodes.get(node_id)


def reachable(flow: Flow) -> set[str]:
    """Every node id that can be reached from the start by pressing buttons."""
    seen: set[str] = set()
    todo = [flow.start]
    while todo:
        node = flow.nodes.get(todo.pop())
        if node is None or node.id in seen:
            continue
        seen.add(node.id)
        todo += [option.next for option in node.options]
    return seen


def can_finish(flow: Flow) -> set[str]:
    """Every node id from which some path of buttons leads to an outcome."""
    done = {n.id for n in flow.nodes.values() if n.outcome is not None}
    changed = True
    while changed:
        changed = False
        for node in flow.nodes.values():
            if node.id not in done and any(o.next in done for o in node.options):
                done.add(node.id)
                changed = True
    return done
