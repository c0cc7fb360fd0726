"""Cross-file checks and the one public loader: every problem collected, never the first only."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

from bot import callbacks as cb
from bot.answers import AnswerReader
from bot.flows import can_finish, reachable
from bot.knowledge import AREA_NOTES, MESSAGE_KEYS, Parts, read_all
from bot.model import EXAMPLE_KINDS, NATIONS, TRIAGE_KINDS, Flow, KnowledgeBase, Node, Prefs
from bot.problems import Problem, display_path
from bot.render import MAX_MESSAGE, render_entry, render_flow_step, telegram_length
from bot.schema import did_you_mean
from bot.smalltalk import plain_words
from bot.text import Analyzer, fold, welsh_marks

ANSWER_AIM = 900
"""Answers longer than this are hard to read on a phone (warning)."""
STEPS_AIM = 8
STALE_AFTER_DAYS = 365
MAX_PAYLOAD = 64
"""Telegram's limit on a /start deep-link payload."""


class Checker:
    """Runs each cross-file check over the parts read, returning problems."""

    def __init__(self, parts: Parts, today: dt.date) -> None:
        self.parts = parts
        self.today = today
        self.problems: list[Problem] = []

    def at(self, kind: str, ident: str) -> tuple[str, int]:
        """The file and line where an id was defined."""
        return self.parts.lines.get(f"{kind}:{ident}", ("knowledge", 1))

    def add(
        self, kind: str, ident: str, where: str, message: str, hint: str = "", warning: bool = False
    ) -> None:
        file, line = self.at(kind, ident)
        self.problems.append(Problem(file, line, where, message, hint, warning))

    def reference(
        self, kind: str, ident: str, where: str, wanted: str, target: str, known: Iterable[str]
    ) -> None:
        """Report a reference to an id that does not exist, with a suggestion."""
        names = list(known)
        if target not in names:
            hint = did_you_mean(target, names) or f"Check the {wanted} ids"
            self.add(kind, ident, where, f"{wanted} '{target}' does not exist", hint)

    def references(self) -> None:
        """Every see_also, flow, contact and entry reference points at something real."""
        p = self.parts
        for entry in p.entries.values():
            where = f"entry '{entry.id}'"
            for target in entry.see_also:
                self.reference("entry", entry.id, f"{where} > see_also", "entry", target, p.entries)
            if entry.flow:
                self.reference("entry", entry.id, f"{where} > flow", "flow", entry.flow, p.flows)
            ids = list(entry.contacts) + [
                c for v in entry.by_nation.values() for c in v.contacts or ()
            ]
            for target in ids:
                self.reference(
                    "entry", entry.id, f"{where} > contacts", "contact", target, p.contacts
                )
        for flow in p.flows.values():
            for node in flow.nodes.values():
                if node.outcome is None:
                    continue
                where = f"flow '{flow.id}' > node '{node.id}' > outcome"
                for target in node.outcome.contacts:
                    self.reference(
                        "node",
                        f"{flow.id}:{node.id}",
                        f"{where} > contacts",
                        "contact",
                        target,
                        p.contacts,
                    )
                for target in node.outcome.entries:
                    self.reference(
                        "node",
                        f"{flow.id}:{node.id}",
                        f"{where} > entries",
                        "entry",
                        target,
                        p.entries,
                    )
        if p.triage:  # "triage:<key>" holds each reference's line
            t = p.triage
            named: list[tuple[str, str, str | None, Iterable[str]]] = [
                ("flow", "flow", t.flow, p.flows),
                ("topic", "topic", t.topic, p.topics),
                ("crisis_entry", "entry", t.crisis_entry, p.entries),
                ("settled_entry", "entry", t.settled_entry, p.entries),
                ("threat_flow", "flow", t.threat_flow, p.flows),
            ]
            for key, wanted, named_id, known in named:
                if named_id is not None:
                    self.reference("triage", key, f"triage > {key}", wanted, named_id, known)

    def areas(self) -> None:
        """Areas refer to real contacts, places name one force, and deep links fit Telegram."""
        areas = self.parts.areas
        for nation in areas.nations.values():
            for target in (nation.police_report, *nation.police_contacts):
                self.reference(
                    "nation",
                    nation.id,
                    f"nation '{nation.id}'",
                    "contact",
                    target,
                    self.parts.contacts,
                )
        seen: dict[str, str] = {}
        for force in areas.forces.values():
            for place in force.places:
                if place.lower() in seen:
                    self.add(
                        "force",
                        force.id,
                        f"force '{force.id}' > places",
                        f"'{place}' is also a place of force '{seen[place.lower()]}'",
                        "List each place under one force only",
                        warning=True,
                    )
                seen[place.lower()] = force.id
            for election in areas.elections:
                payload = f"{force.id}_{election}"
                if len(payload) > MAX_PAYLOAD:
                    self.add(
                        "force",
                        force.id,
                        f"force '{force.id}'",
                        f"the link payload '{payload}' is over {MAX_PAYLOAD} characters",
                        "Shorten the id",
                    )
        for entry in self.parts.entries.values():
            for note in entry.area_notes:
                if note not in AREA_NOTES:
                    self.add(
                        "entry",
                        entry.id,
                        f"entry '{entry.id}' > area_notes",
                        f"'{note}' is not an area note",
                        f"Use {' or '.join(AREA_NOTES)}",
                    )

    def answers(self) -> None:
        """Each typed answer stands for a button some walk-through has ("Yes, danger now"), and
        no question has two buttons that the same typed words pick. Read as the bot reads them,
        synonyms and all."""
        reader = AnswerReader(self.parts.answers, Analyzer(self.parts.synonyms, self.parts.ignore))
        questions = [
            (flow, node)
            for flow in self.parts.flows.values()
            for node in flow.nodes.values()
            if node.options
        ]
        self.answers_apart(reader, questions)
        for answer in self.parts.answers:
            if not any(reader.starting(node.options, answer.picks) for _, node in questions):
                self.add(
                    "answer",
                    answer.picks,
                    f"'{answer.picks}'",
                    "no button in the flows starts with these words, so these answers are unused",
                    "Write the first words of a button's label, as the flows spell them",
                    warning=True,
                )

    def answers_apart(self, reader: AnswerReader, questions: list[tuple[Flow, Node]]) -> None:
        """Words typed under two buttons' starts ("aye" under "Yes" and "No") must not meet in
        one question: there they would pick neither, and "aye" would go unread."""
        under: dict[tuple[str, ...], dict[str, str]] = defaultdict(dict)
        for answer in self.parts.answers:
            for phrase in answer.typed:
                under[reader.plain(phrase)].setdefault(answer.picks, phrase)
        for listed in under.values():
            if len(listed) < 2:
                continue
            for flow, node in questions:
                meet = [(p, t) for p, t in listed.items() if reader.starting(node.options, p)]
                if len(meet) < 2:
                    continue
                (first, first_phrase), (second, phrase) = meet[:2]
                file, line = self.at("answer", f"{second}:{' '.join(plain_words(phrase))}")
                first_line = self.at("answer", f"{first}:{' '.join(plain_words(first_phrase))}")[1]
                message = (
                    f"'{phrase}' is already under '{first}' (line {first_line}), and flow "
                    f"'{flow.id}' asks \"{node.question}\" with both buttons, so it would pick "
                    "neither"
                )
                hint = "Keep it under one button: the same words cannot pick two"
                self.problems.append(Problem(file, line, f"'{second}'", message, hint))
                break

    def flows(self) -> None:
        """Flows start somewhere real, every node is reachable and every path can finish."""
        for flow in self.parts.flows.values():
            where = f"flow '{flow.id}'"
            self.danger_step(flow, where)
            if flow.start not in flow.nodes:
                hint = did_you_mean(flow.start, list(flow.nodes)) or "Name one of the nodes"
                self.add(
                    "flow-start",
                    flow.id,
                    f"{where} > start",
                    f"node '{flow.start}' does not exist",
                    hint,
                )
                continue
            for node in flow.nodes.values():
                for option in node.options:
                    if option.next not in flow.nodes:
                        hint = did_you_mean(option.next, list(flow.nodes)) or "Name a node"
                        self.add(
                            "node",
                            f"{flow.id}:{node.id}",
                            f"{where} > node '{node.id}' > option '{option.label}'",
                            f"next node '{option.next}' does not exist",
                            hint,
                        )
                data = cb.encode(cb.FLOW, flow.id, node.id)
                if not cb.fits(data):
                    self.add(
                        "node",
                        f"{flow.id}:{node.id}",
                        f"{where} > node '{node.id}'",
                        f"button data '{data}' is over {cb.MAX_BYTES} bytes",
                        "Shorten the flow id or node id",
                    )
            seen, finishing = reachable(flow), can_finish(flow)
            for node_id in flow.nodes:
                place = f"{where} > node '{node_id}'"
                if node_id not in seen:
                    self.add(
                        "node",
                        f"{flow.id}:{node_id}",
                        place,
                        "no option leads to this node, so nobody can reach it",
                        "Point an option's `next` at it, or remove it",
                    )
                elif node_id not in finishing:
                    self.add(
                        "node",
                        f"{flow.id}:{node_id}",
                        place,
                        "no way out: every path from here loops without reaching an outcome",
                        "Make one option lead towards an outcome",
                    )

    def danger_step(self, flow: Flow, where: str) -> None:
        """A flow's `danger_step` is one of its outcomes, where a reply telling of danger goes."""
        step = flow.danger_step
        if step is None or (step in flow.nodes and flow.nodes[step].outcome is not None):
            return
        outcomes = [n.id for n in flow.nodes.values() if n.outcome is not None]
        if step in flow.nodes:
            problem = f"node '{step}' is a question, not an outcome"
        else:
            problem = f"node '{step}' does not exist"
        hint = did_you_mean(step, outcomes) or "Name the outcome that says to call 999"
        self.add("flow-danger_step", flow.id, f"{where} > danger_step", problem, hint)

    def sizes(self, kb: KnowledgeBase) -> None:
        """Answers fit in a Telegram message, read well on a phone, and buttons fit 64 bytes."""
        for entry in kb.entries.values():
            where = f"entry '{entry.id}'"
            for nation in (None, *entry.by_nation):
                shown = render_entry(kb, entry, Prefs(nation=nation))
                size = max(telegram_length(t) for t in shown.texts)
                if len(shown.texts) > 1 or size > MAX_MESSAGE:
                    self.add(
                        "entry",
                        entry.id,
                        where,
                        f"the {nation or 'default'} answer is "
                        f"too long for one Telegram message (limit {MAX_MESSAGE})",
                        "Shorten the answer or steps",
                    )
                answer, steps, _ = entry.for_nation(nation)
                if len(answer) > ANSWER_AIM:
                    self.add(
                        "entry",
                        entry.id,
                        f"{where} > answer",
                        f"{len(answer)} characters; aim under {ANSWER_AIM} to read on a phone",
                        "Move detail into steps or a see_also entry",
                        warning=True,
                    )
                if len(steps) > STEPS_AIM:
                    self.add(
                        "entry",
                        entry.id,
                        f"{where} > steps",
                        f"{len(steps)} steps; aim for at most {STEPS_AIM}",
                        "Merge or split",
                        warning=True,
                    )
            for nation in NATIONS:
                if not cb.fits(cb.encode(cb.ENTRY, entry.id, nation)):
                    self.add(
                        "entry", entry.id, where, "button data is over 64 bytes", "Shorten the id"
                    )
        for flow in kb.flows.values():
            for node in flow.nodes.values():
                shown = render_flow_step(kb, flow, node, Prefs(), intro=True)
                if len(shown.texts) > 1:
                    self.add(
                        "node",
                        f"{flow.id}:{node.id}",
                        f"flow '{flow.id}' > node '{node.id}'",
                        f"too long for one Telegram message (limit {MAX_MESSAGE})",
                        "Shorten the actions or checklist",
                    )

    def freshness(self) -> None:
        """Review dates are not in the future and not more than a year old."""
        dated = [("entry", e.id, e.reviewed) for e in self.parts.entries.values()]
        dated += [("flow", f.id, f.reviewed) for f in self.parts.flows.values()]
        dated += [("contact", c.id, c.reviewed) for c in self.parts.contacts.values()]
        for kind, ident, reviewed in dated:
            where = f"{kind} '{ident}' > reviewed"
            if reviewed > self.today:
                self.add(
                    kind,
                    ident,
                    where,
                    f"{reviewed} is in the future",
                    "Use the date you checked it",
                )
            elif (self.today - reviewed).days > STALE_AFTER_DAYS:
                self.add(
                    kind,
                    ident,
                    where,
                    f"last reviewed {reviewed}, over a year ago",
                    "Check it against its sources and update the date",
                    warning=True,
                )

    def usage(self) -> None:
        """Contacts are used somewhere, and every entry and flow has an example that expects it."""
        p = self.parts
        used = {c for e in p.entries.values() for c in e.contacts}
        used |= {c for n in p.areas.nations.values() for c in (n.police_report, *n.police_contacts)}
        used |= {
            c for e in p.entries.values() for v in e.by_nation.values() for c in v.contacts or ()
        }
        used |= {
            c
            for f in p.flows.values()
            for n in f.nodes.values()
            if n.outcome
            for c in n.outcome.contacts
        }
        for contact in p.contacts:
            if contact not in used:
                self.add(
                    "contact",
                    contact,
                    f"contact '{contact}'",
                    "never used by an entry or flow",
                    "Add it to an entry's contacts, or remove it",
                    warning=True,
                )
        if not p.examples:
            return
        expected = {x.expect for x in p.examples}
        if p.triage and p.triage.settled_entry:  # opened by triage.yaml's settled phrases, and
            # examples of such follow-ups teach the danger model that "he's gone" is calm
            expected.add(p.triage.settled_entry)
        for ident in [*p.entries, *p.flows]:
            kind = "entry" if ident in p.entries else "flow"
            if ident not in expected:
                self.add(
                    kind,
                    ident,
                    f"{kind} '{ident}'",
                    "no example in examples.yaml expects this",
                    "Add a question candidates would ask for it",
                    warning=True,
                )

    def examples(self, file: str) -> None:
        """Every example expects an entry or flow that exists, or 'none', and is not read as
        Welsh: a word English also uses in `welsh_words` would send English messages through
        the Welsh glossary, uncorrected."""
        known = [*self.parts.entries, *self.parts.flows, "none"]
        triage = self.parts.triage
        welsh = frozenset(fold(w) for w in triage.welsh_words) if triage else frozenset()
        for example in self.parts.examples:
            found = welsh_marks(example.question, welsh)
            if found:
                self.problems.append(
                    Problem(
                        file,
                        example.line,
                        f"example '{example.question}'",
                        f"it is read as Welsh (it holds {', '.join(sorted(found))} from "
                        "welsh_words in triage.yaml), so it is read through welsh.yaml and "
                        "never spell-corrected",
                        "If it is English, take the words English also uses off welsh_words; if "
                        "it is Welsh, add its phrase to triage.yaml instead",
                        warning=True,
                    )
                )
            if example.kind and example.kind not in EXAMPLE_KINDS:
                hint = did_you_mean(example.kind, EXAMPLE_KINDS)
                self.problems.append(
                    Problem(
                        file,
                        example.line,
                        f"example '{example.question}'",
                        f"kind '{example.kind}' is not one the bot knows, so it is taught as a "
                        "plain example",
                        hint or f"Use one of: {', '.join(EXAMPLE_KINDS)}",
                        warning=True,
                    )
                )
            if example.emergency and example.kind in TRIAGE_KINDS:
                self.problems.append(
                    Problem(
                        file,
                        example.line,
                        f"example '{example.question}'",
                        f"kind '{example.kind}' is for calm messages, but 'emergency: true' "
                        "marks it as danger now, so it teaches the bot's checks both",
                        "If it is calm, remove 'emergency: true'; if it is danger now, use "
                        "kind 'emergency'",
                        warning=True,
                    )
                )
            if example.expect not in known:
                hint = did_you_mean(example.expect, known) or "Use an entry or flow id, or none"
                self.problems.append(
                    Problem(
                        file,
                        example.line,
                        f"example '{example.question}'",
                        f"'{example.expect}' is not an entry or flow",
                        hint,
                    )
                )


def check_knowledge(
    root: Path,
    today: dt.date | None = None,
) -> tuple[KnowledgeBase | None, list[Problem]]:
    """Load and check every knowledge file; the base is None when there is any error."""
    parts, problems = read_all(root)
    checker = Checker(parts, today or dt.date.today())
    steps: list[Callable[[], None]] = [
        checker.references,
        checker.areas,
        checker.flows,
        checker.answers,
        checker.freshness,
        checker.usage,
    ]
    for run in steps:
        run()
    checker.examples(display_path(root / "examples.yaml", root))
    problems += checker.problems
    kb = None
    if parts.triage and len(parts.messages) == len(MESSAGE_KEYS) and parts.flows:
        kb = KnowledgeBase(
            parts.entries,
            parts.topics,
            parts.flows,
            parts.contacts,
            parts.synonyms,
            parts.ignore,
            parts.triage,
            parts.messages,
            parts.examples,
            parts.digest.hexdigest()[:12],
            parts.areas,
            parts.off_topic,
            parts.welsh,
            parts.welsh_nation,
            parts.smalltalk,
            parts.smalltalk_names,
            parts.answers,
        )
        checker.problems = []
        checker.sizes(kb)
        problems += checker.problems
    problems = sorted(set(problems))
    if any(not p.warning for p in problems):
        return None, problems
    return kb, problems
