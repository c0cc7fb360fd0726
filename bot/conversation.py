"""The conversation engine: one core that Telegram, the local chat and the CLI all share."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from bot import callbacks as cb
from bot.answers import AnswerReader
from bot.areas import describe, find_place, nations_named, parse_payload
from bot.model import (
    NATIONS,
    TALK_REPEAT,
    Flow,
    KnowledgeBase,
    Node,
    Option,
    Prefs,
    SmallTalk,
)
from bot.render import (
    Button,
    Reply,
    esc,
    menu_button,
    render_choices,
    render_entry,
    render_flow_step,
    render_menu,
    render_note,
    render_topic,
    render_topics,
    reply,
    with_alternatives,
)
from bot.search import RIVAL, Decision, Index, Match, decide
from bot.semantic import VECTORS_FILE, shared_encoder
from bot.smalltalk import Said, SmallTalkReader
from bot.text import MAX_INPUT
from bot.triage import Triager, TriageResult
from bot.welsh import Glossary

FORCES_PER_PAGE = 8
NOBODY = Prefs()
"""A user the bot knows nothing about."""
Verdict = tuple[TriageResult, str, np.ndarray | None, Said | None]
"""Triage's verdict with small talk weighed, the English search reads, its meaning vector, and
the small talk the message is (`Engine._verdict`)."""


@dataclass(frozen=True)
class Understanding:
    """Everything the bot worked out about a question, for `bot ask` and the benchmark."""

    triage: TriageResult
    matches: tuple[Match, ...]
    decision: Decision
    opens: str | None
    """The entry or flow the reply opens (None: only choices, or no guidance)."""
    read_as: str = ""
    """What search and the meaning model read: a Welsh message's English (welsh.yaml)."""
    talk: SmallTalk | None = None
    """The small talk the message is ("hi", "thanks"), answered in kind (smalltalk.yaml)."""


class Engine:
    """Answers questions and button presses from one loaded knowledge base."""

    def __init__(
        self, kb: KnowledgeBase, meaning: bool = True, data_dir: Path | None = None
    ) -> None:
        """`data_dir`: the bot's data folder, where phrase vectors are kept between starts."""
        self.kb = kb
        kept = data_dir / VECTORS_FILE if data_dir else None
        self.index = Index(kb, shared_encoder() if meaning else None, kept)
        glossary = Glossary(kb.welsh, self.index.analyzer.known)
        self.triager = Triager(
            kb.triage, self.index.analyzer, kb.examples, self.index.meaning, glossary, data_dir
        )
        self.smalltalk = SmallTalkReader(
            kb.smalltalk, self.index.analyzer.apply_synonyms, kb.smalltalk_names
        )
        self.answers = AnswerReader(kb.answers, self.index.analyzer, self._nation_named)
        self.button_labels = sorted(
            {o.label for f in kb.flows.values() for n in f.nodes.values() for o in n.options}
        )
        """Every walk-through button's label, which a typed reply may mean (`_meant`)."""
        self.label_vectors: np.ndarray | None = None
        """Their meaning vectors, one row each, encoded when first needed."""

    def understand(self, text: str, answering: bool = False) -> Understanding:
        """Triage first, then search, then the confidence policy. `answering`: the message
        replies to a walk-through's question, so the answer it starts with may be read apart."""
        text = text[:MAX_INPUT]
        return self._searched(self._verdict(text, answering))

    def _searched(self, verdict: Verdict) -> Understanding:
        """Search and the confidence policy, after triage's `verdict` (`_verdict`)."""
        triage, english, vector, said = verdict
        matches, off_topic = self.index.search(english, vector=vector)
        decision = decide(matches, off_topic, triage.emergency)
        if said is not None:
            return Understanding(triage, tuple(matches), decision, None, english, said.talk)
        opens = self._opens(triage, decision)
        return Understanding(triage, tuple(matches), decision, opens, english)

    def _verdict(self, text: str, answering: bool = False) -> Verdict:
        """Triage's verdict with small talk weighed, the English search reads, its meaning
        vector, and the small talk the message is (None if it is more, or in danger)."""
        triage, english, vector = self._triage(text)
        said = self.smalltalk.read(text)
        if said is None:  # search reads the whole message
            triage = self._without_small_talk(text, triage, answering)
        elif not triage.emergency or (said.exact and triage.learned_only and not said.talk.command):
            # "anyone there?" is a check, not a crisis; each reply still says to call 999, which
            # a command's does not: "delete my data" with any alarm is read as a question
            triage = replace(triage, emergency=False, crisis=False)
        else:
            said = None  # danger said in small talk's words is answered as danger
        return triage, english, vector, said

    def _without_small_talk(self, text: str, whole: TriageResult, answering: bool) -> TriageResult:
        """The verdict, read again without the small talk the message starts or ends with, so
        a greeting cannot dilute it ("hi. hes here"), and, when `answering` a walk-through's
        question, without the answers it starts with: "no. oh god someone's just put
        something through the letterbox" got no alarm. Either reading raises the alarm, but
        the crisis model alone only if the whole leans that way: without their first word it
        read "grand, I'll leave it there for tonight" and "Thanks, I'll read the guidance
        tomorrow…" as crises (README); and the danger model alone not if the whole says it is
        over ("Safe now, thanks. My agent drove me back to the office.")."""
        core = self.smalltalk.trim(text)
        if answering:
            core = self.answers.without_answers(core) or core
        if core == text:
            return whole
        bare = self._triage(core)[0]
        alone = bare.crisis and bare.learned_only and not whole.leans_to_crisis
        over = whole.settled and not whole.urgent and bare.learned_only and not bare.crisis
        if not bare.emergency or over or (alone and not whole.emergency):
            return whole
        return replace(bare, crisis=bare.crisis or whole.crisis)

    def _triage(self, text: str) -> tuple[TriageResult, str, np.ndarray | None]:
        """Triage's verdict, with the English that search reads (a Welsh message's English,
        else the message) and its meaning vector."""
        reading = self.triager.read(text)
        english = reading.english
        vector = self.index.meaning.encode(english) if self.index.meaning else None
        return self.triager.assess(text, vector, reading), english, vector

    def _opens(self, triage: TriageResult, decision: Decision) -> str | None:
        """What the reply opens with. In danger: a danger entry (each says what to do now) or the
        danger flow rather than a bare list, and a danger entry in a near-tie with the best
        match rather than that match, or the one a story's ending that raised the alarm is
        about; a threat to life not told as now opens the threat flow unless search is sure.
        Thoughts of suicide or self-harm open the crisis entry. A calm follow-up that
        says it is over, with no sure answer or a danger entry among near rivals, opens what to
        do next."""
        if triage.crisis and self.kb.triage.crisis_entry:
            return self.kb.triage.crisis_entry
        top = decision.matches[0] if decision.matches else None
        sure = top is not None and decision.kind in ("answer", "close")
        if not triage.emergency:
            answer = top.id if top and sure else None
            torn = answer is None or (decision.kind == "close" and self._for_danger_now(answer))
            if triage.settled and not triage.urgent and torn:
                return self.kb.triage.settled_entry or answer  # "all good now, he cleared off"
            return answer
        threat = self.kb.triage.threat_flow
        if threat and triage.threat_only:  # a threat received: a near danger entry is for
            # danger now ("he threatened to run me over" opened *When to call 999*), as is the
            # danger flow ("a voter said he'd cut my throat")
            return top.id if top and sure else threat
        flow = self.kb.triage.flow
        if top is None or self._for_danger_now(top.id):
            return top.id if top else flow
        tied = [m.id for m in decision.matches[1:] if m.score >= RIVAL * top.score]
        urgent = [ident for ident in tied if self._is_danger_entry(ident)]
        if urgent:
            return urgent[0]
        if triage.ending:  # "...posted a photo of my street. I've just heard the side gate go"
            told = self.index.search(triage.ending)[0]
            if told and self._for_danger_now(told[0].id):
                return told[0].id
        return top.id if sure else flow

    def _for_danger_now(self, ident: str) -> bool:
        """A danger entry or the danger flow. Once it is over, their "call 999 now, keep the door
        locked" is the wrong answer to a follow-up search is torn over ("nobody touched me, he
        just mouthed off and left"), and what to do next (`settled_entry`) the right one."""
        return ident == self.kb.triage.flow or self._is_danger_entry(ident)

    def _is_danger_entry(self, ident: str) -> bool:
        """One of the entries that say what to do in danger now (`topic:` in triage.yaml)."""
        entry = self.kb.entries.get(ident)
        return entry is not None and entry.topic == self.kb.triage.topic

    def ask(self, text: str, prefs: Prefs = NOBODY, asked: tuple[str, str] | None = None) -> Reply:
        """Reply to a free-text question: 999 first if in danger, then the best answer.

        `asked`: the walk-through question the user was last asked (`Reply.asks`), which a
        short reply such as "yes" or "scotland" answers as its button would."""
        if not text.strip():
            return render_menu(self.kb)
        read = text[:MAX_INPUT]
        verdict = self._verdict(read, answering=asked is not None)
        step = self._typed_answer(asked, read, verdict, prefs) if asked else None
        if step:
            return step
        seen = self._searched(verdict)  # triage is read once, whether an answer or not
        if asked and (danger := self._danger_step(asked, seen, text, prefs)):
            return danger
        lost = seen.opens is None and seen.talk is None and seen.decision.kind == "none"
        unclear = seen.talk is not None and seen.talk.does == TALK_REPEAT  # "sorry what?"
        again = self._ask_again(asked, prefs) if asked and (lost or unclear) else None
        return again or self.respond(seen, text, prefs)

    def _danger_step(
        self, asked: tuple[str, str], seen: Understanding, text: str, prefs: Prefs
    ) -> Reply | None:
        """The walk-through's own 999 step (its flow's `danger_step`) for a reply that tells of
        danger now where search would open a flow, whose first step asks "Are you in danger
        right now?" again: "No. wait, hes just come back" got that question back. At a later
        step an alarm from the learned models alone still gets that question ("letter through
        the door" read as danger), since it may be wrong."""
        flow = self.kb.flows.get(asked[0])
        triage = seen.triage
        if flow is None or flow.danger_step is None or seen.opens not in self.kb.flows:
            return None
        if not triage.emergency or triage.crisis:
            return None
        if triage.learned_only and asked[1] != flow.start:
            return None
        shown = self._flow_step(flow.id, flow.danger_step, prefs, self._lead(seen, text))
        return replace(shown, emergency=True) if shown else None

    def _ask_again(self, asked: tuple[str, str], prefs: Prefs) -> Reply | None:
        """The walk-through's question again, for a reply that picks no button and that nothing
        in the knowledge answers ("i reckon", "kind of"): better than "I don't have guidance on
        that" in the middle of "Are you in danger right now?"."""
        found = self._node(*asked)
        if found is None or not found[1].options:  # gone in a reload, or not a question
            return None
        lead = f"<i>{esc(self.kb.messages['typed_unclear'])}</i>"
        return self._flow_step(asked[0], asked[1], prefs, lead)

    def _typed_answer(
        self, asked: tuple[str, str], text: str, verdict: Verdict, prefs: Prefs
    ) -> Reply | None:
        """The walk-through's next step if the message picks one of the question's buttons,
        read before any search. Not when a phrase raises the alarm (triage's verdict): that
        message is searched as danger. An alarm raised by the learned models alone, as some
        short answers are ("kind of, theyre across the road"), still puts its line first,
        unless the reply is only a listed answer and small talk (`_only_answered`), or only the
        words of a button that does not lead to the 999 step (`_as_tapped`). A reply read by
        meaning (`_meant`) is taken only with no alarm at all: else it is searched as danger."""
        alarm, _, vector, said = verdict
        found = self._node(*asked)
        option = self.answers.choose(found[1].options, text) if found else None
        calm = not (alarm.emergency or alarm.welsh) and said is None
        if option is None and found and asked[1] != found[0].start and calm and vector is not None:
            option = self._meant(found[1].options, text, vector)
        if option is None:
            return None
        if alarm.emergency and not alarm.learned_only:
            return None
        if alarm.emergency and (self._only_answered(text) or self._as_tapped(asked, option, text)):
            alarm = replace(alarm, emergency=False, crisis=False)
        taken = self.kb.messages["typed_answer"].replace("{choice}", option.label)
        lead = "\n\n".join(filter(None, [self._alarm_line(alarm), f"<i>{esc(taken)}</i>"]))
        shown = self._flow_step(asked[0], option.next, prefs, lead)
        return replace(shown, emergency=alarm.emergency) if shown else None

    def _meant(self, options: Sequence[Option], text: str, vector: np.ndarray) -> Option | None:
        """The button a calm reply at a later question means (`AnswerReader.meant`): never at
        the first, which asks about danger now, where a wrong reading must never happen."""
        meaning = self.index.meaning
        if meaning is None or not self.button_labels:
            return None
        if self.label_vectors is None:  # encoded when first needed: a few dozen labels
            self.label_vectors = np.stack([meaning.vector(label) for label in self.button_labels])
        nearest = self.button_labels[int(np.argmax(self.label_vectors @ vector))]
        return self.answers.meant(options, text, nearest)

    def _only_answered(self, text: str) -> bool:
        """The reply is listed answers and at most small talk typed as listed ("no im ok now",
        "no, all quiet now", "nah"), which may stand against the learned models alone, as small
        talk does: the crisis model read "no im safe now" 0.97 and "no i'm ok" 0.93, as it reads
        "im not ok"."""
        for rest in self.answers.rests(text):
            said = self.smalltalk.read(rest) if rest else None
            if not rest or (said is not None and said.exact):
                return True
        return False

    def _as_tapped(self, asked: tuple[str, str], option: Option, text: str) -> bool:
        """The reply is only the words of a button that tapping would give no alarm for: the
        learned models read "my car" ("My home, car or office") as danger. A button that leads
        to the flow's 999 step ("I'm being followed now") keeps it."""
        flow = self.kb.flows.get(asked[0])
        to_999 = flow is not None and option.next == flow.danger_step
        return not to_999 and self.answers.says_only(option, text)

    def _nation_named(self, text: str) -> str | None:
        """The name of the one nation the text names, itself or by a place (areas.yaml)."""
        named = nations_named(self.kb.areas, text)
        nation = self.kb.areas.nations.get(named.pop()) if len(named) == 1 else None
        return nation.name if nation else None

    def respond(self, seen: Understanding, text: str, prefs: Prefs = NOBODY) -> Reply:
        """The reply to a question already understood (`bot ask` prints both)."""
        if prefs.nation is None:
            prefs = find_place(self.kb.areas, text[:MAX_INPUT]) or prefs
        if prefs.nation is None and seen.triage.welsh and self.kb.welsh_nation:
            # written in Welsh and naming no place: most likely standing in Wales
            prefs = replace(prefs, nation=self.kb.welsh_nation)
        in_crisis = seen.triage.crisis and seen.triage.emergency
        lead = self._lead(seen, text)
        decision = seen.decision
        if (command := self._command(seen.talk)) is not None:
            result = replace(command, small_talk=True)
        elif seen.talk is not None:
            result = replace(render_menu(self.kb, lead=esc(seen.talk.reply)), small_talk=True)
        elif seen.opens is not None:
            result = self._open(seen.opens, prefs, lead)
            if not in_crisis:  # in crisis, not "Or: Threats to kill: what the law says"
                others = [m for m in decision.matches if m.id != seen.opens]
                result = with_alternatives(self.kb, result, others)
        elif decision.kind == "choose":
            result = render_choices(self.kb, decision.matches, lead=lead)
        else:
            result = render_note(self.kb, "no_match", lead=lead)
        return replace(result, emergency=seen.triage.emergency)

    def _command(self, talk: SmallTalk | None) -> Reply | None:
        """The reply of the command small talk asks for: "delete my data" is /forget."""
        return self.command(talk.does) if talk is not None and talk.command else None

    def _lead(self, seen: Understanding, text: str) -> str:
        """What a reply says before its answer: the alarm line, then notes on how it was read."""
        parts = [self._alarm_line(seen.triage)]
        if len(text) > MAX_INPUT:
            parts.append(f"<i>{esc(self.kb.messages['too_long'])}</i>")
        if seen.triage.welsh and not seen.triage.emergency:  # read word by word, in English
            parts.append(f"<i>{esc(self.kb.messages['welsh'])}</i>")
        return "\n\n".join(filter(None, parts))

    def _alarm_line(self, triage: TriageResult) -> str:
        """What a reply says first when the alarm is raised: the crisis line when the message
        tells of thoughts of suicide or self-harm, else 999; nothing when it is not raised."""
        if not triage.emergency:
            return ""
        return f"<b>{esc(self.kb.messages['crisis' if triage.crisis else 'emergency'])}</b>"

    def _open(self, ident: str, prefs: Prefs, lead: str = "") -> Reply:
        """Show an entry, or a flow's summary and first question."""
        if ident in self.kb.entries:
            return render_entry(self.kb, self.kb.entries[ident], prefs, lead)
        flow = self.kb.flows[ident]
        return render_flow_step(self.kb, flow, flow.nodes[flow.start], prefs, lead, intro=True)

    def press(self, data: str | None, prefs: Prefs = NOBODY) -> Reply:
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
        elif action.kind.startswith("a"):
            result = self._area(action, prefs)
        elif action.kind == cb.HELPFUL:
            result = self._feedback(*action.args)
        elif action.kind == cb.FORGET:
            done = render_menu(self.kb, lead=esc(self.kb.messages["forgotten"]))
            result = replace(done, forget=True, prefs=None)
        elif action.kind == cb.KEEP:
            result = render_menu(self.kb, lead=esc(self.kb.messages["kept"]))
        return result or render_note(self.kb, "stale_button")

    def _feedback(self, ident: str, answer: str) -> Reply | None:
        known = ident in self.kb.entries or ident in self.kb.flows
        if not known or answer not in ("y", "n"):
            return None
        thanks = render_menu(self.kb, lead=esc(self.kb.messages["thanks_feedback"]))
        return replace(thanks, feedback=(ident, answer == "y"))

    def _entry(self, args: tuple[str, ...], prefs: Prefs) -> Reply | None:
        entry = self.kb.entries.get(args[0])
        if len(args) > 1:
            prefs = Prefs(nation=args[1])
        if entry is None or (prefs.nation is not None and prefs.nation not in NATIONS):
            return None
        return render_entry(self.kb, entry, prefs)

    def _flow_step(self, flow_id: str, node_id: str, prefs: Prefs, lead: str = "") -> Reply | None:
        """A walk-through's step, by ids from a button or a typed answer; None if gone."""
        found = self._node(flow_id, node_id)
        if found is None:
            return None
        flow, node = found
        return render_flow_step(self.kb, flow, node, prefs, lead, intro=node_id == flow.start)

    def _node(self, flow_id: str, node_id: str) -> tuple[Flow, Node] | None:
        """A walk-through and one of its steps, by ids a button or `Reply.asks` holds; None
        when a reload took either away."""
        flow = self.kb.flows.get(flow_id)
        node = flow.nodes.get(node_id) if flow else None
        return (flow, node) if flow and node else None

    def _area(self, action: cb.Action, prefs: Prefs) -> Reply | None:
        """The /area picker: nation, then force (paged), then election type."""
        areas, msg = self.kb.areas, self.kb.messages
        if action.kind == cb.AREA:
            rows = [
                [Button(n.name, cb.encode(cb.AREA_NATION, n.id, "0"))]
                for n in areas.nations.values()
            ]
            rows.append([Button(msg["area_prefer_not"], cb.encode(cb.AREA_CLEAR))])
            return reply(esc(msg["area_choose_nation"]), rows)
        if action.kind == cb.AREA_NATION:
            return self._forces(*action.args)
        if action.kind == cb.AREA_CLEAR:
            done = render_menu(self.kb, lead=esc(msg["area_cleared"]))
            return replace(done, prefs=Prefs())
        if action.kind == cb.AREA_SET:
            chosen = parse_payload(areas, action.args[0])
            if chosen is None:
                return None
            return self._ask_election(chosen)
        if action.kind == cb.AREA_ELECTION:
            election = areas.elections.get(action.args[0])
            if election is None or prefs.nation not in election.nations:
                return None
            chosen = replace(prefs, election=election.id)
            done = render_menu(self.kb, lead=esc(self._set_up(chosen)))
            return replace(done, prefs=chosen)
        return None

    def _forces(self, nation_id: str, page: str) -> Reply | None:
        nation = self.kb.areas.nations.get(nation_id)
        if nation is None or not page.isdigit():
            return None
        forces = [f for f in self.kb.areas.forces.values() if f.nation == nation_id]
        if len(forces) == 1:
            return self._ask_election(Prefs(nation_id, forces[0].id))
        start = int(page) * FORCES_PER_PAGE
        shown = forces[start : start + FORCES_PER_PAGE]
        rows = [[Button(f.area, cb.encode(cb.AREA_SET, f.id))] for f in shown]
        if start + FORCES_PER_PAGE < len(forces):
            rows.append(
                [
                    Button(
                        self.kb.messages["more"],
                        cb.encode(cb.AREA_NATION, nation_id, str(int(page) + 1)),
                    )
                ]
            )
        whole = self.kb.messages["area_whole_nation"].replace("{nation}", nation.name)
        rows.append([Button(whole, cb.encode(cb.AREA_SET, nation_id))])
        return reply(esc(self.kb.messages["area_choose_force"]), rows)

    def _ask_election(self, chosen: Prefs) -> Reply:
        """Remember the area, then offer the election types held in that nation."""
        msg = self.kb.messages
        rows = [
            [Button(e.name, cb.encode(cb.AREA_ELECTION, e.id))]
            for e in self.kb.areas.elections.values()
            if chosen.nation in e.nations
        ]
        rows.append([menu_button(self.kb)])
        body = f"{esc(self._set_up(chosen))}\n\n{esc(msg['area_choose_election'])}"
        return replace(reply(body, rows), prefs=chosen)

    def _set_up(self, prefs: Prefs) -> str:
        """'You're set up for candidates in West Yorkshire.' (with the election if known)."""
        text = self.kb.messages["welcome_area"].replace("{area}", describe(self.kb.areas, prefs))
        election = self.kb.areas.elections.get(prefs.election or "")
        if election:
            text += " " + self.kb.messages["welcome_election"].replace("{election}", election.name)
        return text

    def start(self, payload: str | None) -> Reply:
        """Welcome; a valid payload sets the area (in reply.prefs), a bad one gets a note."""
        chosen = parse_payload(self.kb.areas, payload)
        msg = self.kb.messages
        if chosen is not None:
            done = render_menu(self.kb, lead=esc(self._set_up(chosen)), key="welcome")
            return replace(done, prefs=chosen)
        welcome = render_menu(self.kb, key="welcome")
        if not payload:
            return welcome
        note = esc(msg["start_payload_unknown"])
        rows = ((Button(msg["area_button"], cb.encode(cb.AREA)),), *welcome.buttons)
        return replace(
            welcome, texts=(f"{note}\n\n{welcome.texts[0]}", *welcome.texts[1:]), buttons=rows
        )

    def area(self) -> Reply:
        """The /area command: choose where you are standing."""
        result = self._area(cb.Action(cb.AREA, ()), Prefs())
        assert result is not None
        return result

    def privacy(self) -> Reply:
        """What is kept, why and for how long, and how to delete it."""
        return render_menu(self.kb, key="privacy")

    def forget(self) -> Reply:
        """Ask to confirm deleting everything held about the user."""
        msg = self.kb.messages
        rows = [
            [Button(msg["forget_yes"], cb.encode(cb.FORGET))],
            [Button(msg["forget_no"], cb.encode(cb.KEEP))],
        ]
        return reply(esc(msg["forget_confirm"]), rows)

    def note(self, key: str) -> Reply:
        """A fixed message from messages.yaml, then the menu."""
        return render_note(self.kb, key)

    def help(self) -> Reply:
        """What the bot does and how to use it."""
        return render_menu(self.kb, key="help")

    def menu(self) -> Reply:
        """The main menu."""
        return render_menu(self.kb)

    def command(self, name: str) -> Reply | None:
        """The reply to a command that takes nothing after it ("help" for /help), or None if
        there is no such command: one table for the local chat and typed small talk."""
        answer = {
            "menu": self.menu,
            "area": self.area,
            "help": self.help,
            "privacy": self.privacy,
            "forget": self.forget,
        }.get(name)
        return answer() if answer else None
