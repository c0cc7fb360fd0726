"""The conversation engine: one core that Telegram, the local chat and the CLI all share."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot import callbacks as cb
from bot.model import NATIONS, KnowledgeBase
from bot.render import (
    Reply,
    esc,
    render_choices,
    render_entry,
    render_flow_step,
    render_menu,
    render_note,
    render_topic,
    render_topics,
    with_alternatives,
)
from bot.search import Decision, Index, Match, decide
from bot.text import MAX_INPUT
from bot.triage import Triager, TriageResult

PAYLOAD = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
"""What Telegram allows in a /start payload."""


@dataclass(frozen=True)
class Prefs:
    """What the bot remembers about a user: only where they are standing."""

    nation: str | None = None


@dataclass(frozen=True)
class Understanding:
    """Everything the bot worked out about a question, for `bot ask` and the benchmark."""

    triage: TriageResult
    matches: tuple[Match, ...]
    decision: Decision


class Engine:
    """Answers questions and button presses from one loaded knowledge base."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.index = Index(kb)
        self.triager = Triager(kb.triage, self.index.analyzer)

    def understand(self, text: str) -> Understanding:
        """Triage first, then search, then the confidence policy."""
        text = text[:MAX_INPUT]
        matches = self.index.search(text)
        return Understanding(self.triager.assess(text), tuple(matches), decide(matches))

    def ask(self, text: str, prefs: Prefs = Prefs()) -> Reply:
        """Reply to a free-text question: 999 first if in danger, then the best answer."""
        if not text.strip():
            return render_menu(self.kb)
        seen = self.understand(text)
        lead = f"<b>{esc(self.kb.messages['emergency'])}</b>" if seen.triage.emergency else ""
        note = f"<i>{esc(self.kb.messages['too_long'])}</i>" if len(text) > MAX_INPUT else ""
        lead = "\n\n".join(x for x in (lead, note) if x)
        decision = seen.decision
        if seen.triage.emergency and decision.kind in ("choose", "none"):
            flow = self.kb.flows[self.kb.triage.flow]
            result = render_flow_step(
                self.kb, flow, flow.nodes[flow.start], prefs.nation, lead=lead, intro=True
            )
        elif decision.kind in ("answer", "close"):
            result = self._open(decision.matches[0].id, prefs, lead)
            result = with_alternatives(self.kb, result, decision.matches[1:])
        elif decision.kind == "choose":
            result = render_choices(self.kb, decision.matches, lead=lead)
        else:
            result = render_note(self.kb, "no_match", lead=lead)
        return _mark(result, seen.triage.emergency)

    def _open(self, ident: str, prefs: Prefs, lead: str = "") -> Reply:
        """Show an entry, or a flow's summary and first question."""
        if ident in self.kb.entries:
            return render_entry(self.kb, self.kb.entries[ident], prefs.nation, lead)
        flow = self.kb.flows[ident]
        return render_flow_step(
            self.kb, flow, flow.nodes[flow.start], prefs.nation, lead, intro=True
        )

    def press(self, data: str | None, prefs: Prefs = Prefs()) -> Reply:
        """Reply to a button press; unknown or stale buttons get a friendly note and the menu."""
        action = cb.decode(data)
        result: Reply | None = None
        if action is None:
            result = None
        elif action.kind == cb.MENU:
            result = render_menu(self.kb)
        elif action.kind == cb.TOPICS:
            result = render_topics(self.kb)
        elif action.kind == cb.TOPIC:
            result = render_topic(self.kb, action.args[0])
        elif action.kind == cb.NONE:
            result = render_note(self.kb, "no_match")
        elif action.kind == cb.ENTRY:
            result = self._entry(action.args, prefs)
        elif action.kind == cb.FLOW:
            result = self._flow_step(action.args[0], action.args[1], prefs)
        return result or render_note(self.kb, "stale_button")

    def _entry(self, args: tuple[str, ...], prefs: Prefs) -> Reply | None:
        entry = self.kb.entries.get(args[0])
        nation = args[1] if len(args) > 1 else prefs.nation
        if entry is None or (nation is not None and nation not in NATIONS):
            return None
        return render_entry(self.kb, entry, nation)

    def _flow_step(self, flow_id: str, node_id: str, prefs: Prefs) -> Reply | None:
        flow = self.kb.flows.get(flow_id)
        node = flow.nodes.get(node_id) if flow else None
        if flow is None or node is None:
            return None
        return render_flow_step(self.kb, flow, node, prefs.nation, intro=node_id == flow.start)

    def start(self, payload: str | None) -> tuple[Reply, Prefs | None]:
        """Welcome a user; a valid payload (a nation) is returned to be remembered."""
        prefs = parse_payload(payload)
        return render_menu(self.kb, key="welcome"), prefs

    def note(self, key: str) -> Reply:
        """A fixed message from messages.yaml, then the menu."""
        return render_note(self.kb, key)

    def help(self) -> Reply:
        """What the bot does and how to use it."""
        return render_menu(self.kb, key="help")

    def menu(self) -> Reply:
        """The main menu."""
        return render_menu(self.kb)


def parse_payload(payload: str | None) -> Prefs | None:
    """Read a /start payload; None when it is absent, malformed or names nothing known."""
    if not payload or not PAYLOAD.match(payload):
        return None
    nation = payload.lower().replace("_", "-")
    return Prefs(nation=nation) if nation in NATIONS else None


def _mark(result: Reply, emergency: bool) -> Reply:
    """Record on the reply whether it led with 999."""
    if not emergency:
        return result
    return Reply(result.texts, result.buttons, True, result.answered, result.notes)
