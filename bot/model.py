"""The knowledge base as frozen dataclasses: what staff write, after it has been checked."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

NATIONS = ("england", "wales", "scotland", "northern-ireland")
NATION_NAMES = {
    "england": "England",
    "wales": "Wales",
    "scotland": "Scotland",
    "northern-ireland": "Northern Ireland",
}


@dataclass(frozen=True)
class Source:
    """Where a piece of guidance comes from."""

    title: str
    publisher: str
    url: str = ""
    date: dt.date | None = None


@dataclass(frozen=True)
class Variant:
    """A nation's own version of an entry's answer, steps or contacts."""

    answer: str | None = None
    steps: tuple[str, ...] | None = None
    contacts: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Entry:
    """One topic of guidance: a direct answer with steps, contacts and sources."""

    id: str
    title: str
    topic: str
    questions: tuple[str, ...]
    keywords: tuple[str, ...]
    answer: str
    sources: tuple[Source, ...]
    reviewed: dt.date
    steps: tuple[str, ...] = ()
    see_also: tuple[str, ...] = ()
    flow: str | None = None
    contacts: tuple[str, ...] = ()
    nations: tuple[str, ...] = NATIONS
    by_nation: dict[str, Variant] = field(default_factory=dict)
    area_notes: tuple[str, ...] = ()

    def for_nation(self, nation: str | None) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
        """The answer, steps and contacts to show someone in `nation` (None: the default)."""
        variant = self.by_nation.get(nation or "")
        if variant is None:
            return self.answer, self.steps, self.contacts
        return (
            variant.answer if variant.answer is not None else self.answer,
            variant.steps if variant.steps is not None else self.steps,
            variant.contacts if variant.contacts is not None else self.contacts,
        )


@dataclass(frozen=True)
class Topic:
    """A group of entries shown as one button in the topics menu."""

    id: str
    title: str
    order: int
    entries: tuple[str, ...]


@dataclass(frozen=True)
class Option:
    """A button in a flow question: its label and the node it leads to."""

    label: str
    next: str


@dataclass(frozen=True)
class Outcome:
    """The end of a flow path: ordered actions, contacts and a checklist to keep."""

    title: str
    actions: tuple[str, ...]
    contacts: tuple[str, ...] = ()
    checklist: tuple[str, ...] = ()
    entries: tuple[str, ...] = ()


@dataclass(frozen=True)
class Node:
    """One step of a flow: either a question with options or an outcome."""

    id: str
    question: str | None = None
    options: tuple[Option, ...] = ()
    outcome: Outcome | None = None


@dataclass(frozen=True)
class Flow:
    """An escalation decision tree, started from a menu button or a matching question."""

    id: str
    title: str
    summary: str
    questions: tuple[str, ...]
    keywords: tuple[str, ...]
    start: str
    nodes: dict[str, Node]
    sources: tuple[Source, ...]
    reviewed: dt.date
    menu: bool = False
    order: int = 1000
    """Where its button stands on the main menu, smallest first; file order breaks ties."""
    danger_step: str | None = None


@dataclass(frozen=True)
class Contact:
    """Someone a candidate can call, text, write to or visit online."""

    id: str
    name: str
    when: str
    sources: tuple[Source, ...]
    reviewed: dt.date
    phone: str = ""
    text: str = ""
    url: str = ""
    email: str = ""
    hours: str = ""
    nations: tuple[str, ...] = NATIONS


SETTLED_NOW = "now"
"""A settled phrase also covers itself with this word after it ("all good" covers "all good
now"), so the word is never left to be read as urgent (Triager); staff list the shorter one."""


@dataclass(frozen=True)
class Triage:
    """Phrases that decide whether a message describes danger happening now."""

    danger: tuple[str, ...]
    life: tuple[str, ...]
    general: tuple[str, ...]
    context: tuple[str, ...]
    urgent: tuple[str, ...]
    flow: str
    slang: tuple[tuple[str, ...], ...] = ()
    danger_words: tuple[str, ...] = ()
    filler: tuple[str, ...] = ()
    past: tuple[str, ...] = ()
    """Signs it is over ("last week", "it's over now"): they quieten life phrases too."""
    settled: tuple[str, ...] = ()
    """Signs it is over or never came ("all good now", "nobody at the door"): their words are
    not read as danger or urgent, and they quieten the meaning model's alarm with no danger
    phrase unless an urgent word is there; not when negated ("not a false alarm")."""
    topic: str | None = None
    """In danger, the best match from this topic opens at once, even when the bot is unsure
    which of them fits best: each says what to do now."""
    crisis: tuple[str, ...] = ()
    """Thoughts of suicide or self-harm ("end it all"): they raise the alarm like a threat to
    life and open `crisis_entry`, whatever else the message says."""
    crisis_outright: tuple[str, ...] = ()
    """Thoughts of suicide said outright in the person's own words ("kill myself"), word for
    word: they open `crisis_entry` whatever the crisis model says, which gave "i might kill
    myself" 0.0004; only past phrases quieten them."""
    crisis_entry: str | None = None
    settled_entry: str | None = None
    """What to do now it is over: opened for a follow-up a `settled` phrase marks ("all good now,
    he cleared off") when search has no sure answer, rather than "I don't have guidance", or is
    torn and would open a danger entry, whose "call 999 now" is wrong once it is over."""
    threat_flow: str | None = None
    """The flow shown when a threat to life (a `life` phrase) raised the alarm, nothing says it
    is happening now, and search is unsure: instead of `flow` or a danger entry near the best
    match, as "a voter said he'd cut my throat" is a threat received, not danger now."""
    life_outright: tuple[str, ...] = ()
    """Threats to kill, maim or rape said outright ("what jo cox got", "rape me"), word for
    word: they raise the alarm as `life` phrases do whatever the meaning model says, which read
    "they said they would rape me" as calm; only general and past phrases quieten them."""
    outright: tuple[str, ...] = ()
    """Danger said outright ("im not safe"), word for word: raises the alarm whatever the
    meaning model says, which reads "not safe" much as "safe"; only general and past phrases
    quieten it, not online or aftermath ones."""
    welsh_words: tuple[str, ...] = ()
    """Common Welsh words ("mae", "dwi"): a message holding two is read as Welsh, on its Welsh
    phrases and through its English (welsh.yaml), never spell-corrected."""


NOT_CRISIS = "not-crisis"
"""The `kind` of an example in everyday words a crisis also uses ("ok ta bye", "not standing
again"): it teaches the crisis check only, as the danger check's edges moved when taught them."""
EXAMPLE_KINDS = (
    *("clean", "typos", "paraphrase", "fragments", "story", "nation"),
    *("emergency", "not-emergency", "out-of-scope", NOT_CRISIS),
)
"""An example's `kind`: the benchmark's subsets, or NOT_CRISIS, which changes what it teaches."""
TRIAGE_KINDS = frozenset({"not-emergency", NOT_CRISIS})
"""Kinds of calm example that teach triage (as `emergency: true` teaches danger)."""


@dataclass(frozen=True)
class Example:
    """A question as a candidate would type it and what should answer it."""

    question: str
    expect: str
    emergency: bool
    line: int
    kind: str = ""
    known_miss: bool = False
    """Staff know the bot does not answer this one yet; the tests expect it to fail."""

    @property
    def teaches_triage(self) -> bool:
        """Whether it teaches danger or crisis, not only search: only such examples name the
        crisis network and danger model, so a question added for search does not retrain them."""
        return self.emergency or self.kind in TRIAGE_KINDS


@dataclass(frozen=True)
class NationInfo:
    """A nation: its name, its online police route, and words that point to it."""

    id: str
    name: str
    police_report: str
    police_contacts: tuple[str, ...] = ()
    words: tuple[str, ...] = ()


@dataclass(frozen=True)
class Force:
    """A territorial police force: the area a deep link or /area can choose."""

    id: str
    name: str
    area: str
    nation: str
    website: str
    places: tuple[str, ...]
    report_online: str = ""


@dataclass(frozen=True)
class Election:
    """A kind of election, which decides the support scheme and home-address rules."""

    id: str
    name: str
    nations: tuple[str, ...]
    scheme_note: str
    home_address: str
    scheme: str = ""


@dataclass(frozen=True)
class Areas:
    """Nations, police forces and election types, from areas.yaml."""

    nations: dict[str, NationInfo] = field(default_factory=dict)
    forces: dict[str, Force] = field(default_factory=dict)
    elections: dict[str, Election] = field(default_factory=dict)


TALK_COMMANDS = ("forget", "privacy")
"""Commands a kind of small talk may ask for (`SmallTalk.does`): "delete my data" is /forget."""
TALK_REPEAT = "repeat"
"""`does: repeat`: at a walk-through's question, ask it again ("sorry what?"), else reply."""


@dataclass(frozen=True)
class SmallTalk:
    """A kind of message that is not a question ("hi", "thanks"), and the reply it gets."""

    id: str
    reply: str
    says: tuple[str, ...]
    does: str = ""
    """The bot command it asks for ("forget", "privacy"), answered as that command; "repeat"
    (at a walk-through's question, that question again, else `reply`); or "" (`reply`)."""

    @property
    def command(self) -> bool:
        """It asks for a command ("delete my data"), whose reply does not say to call 999."""
        return self.does in TALK_COMMANDS


@dataclass(frozen=True)
class TypedAnswer:
    """What people type for a walk-through's button ("yeah" for "Yes, danger now")."""

    picks: str
    """The first words of the button's label that it stands for ("Yes")."""
    typed: tuple[str, ...]


@dataclass(frozen=True)
class KnowledgeBase:
    """Everything the bot knows, loaded and checked, never changed while in use."""

    entries: dict[str, Entry]
    topics: dict[str, Topic]
    flows: dict[str, Flow]
    contacts: dict[str, Contact]
    synonyms: tuple[tuple[str, ...], ...]
    ignore: frozenset[str]
    triage: Triage
    messages: dict[str, str]
    examples: tuple[Example, ...] = ()
    version: str = ""
    areas: Areas = field(default_factory=lambda: Areas())
    off_topic: tuple[str, ...] = ()
    welsh: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """The Welsh glossary (welsh.yaml): each English reading with the Welsh forms read as it."""
    welsh_nation: str | None = None
    """The nation whose version a Welsh message gets when it names no place (welsh.yaml)."""
    smalltalk: tuple[SmallTalk, ...] = ()
    """Hellos, thanks, goodbyes and checks, answered in kind (smalltalk.yaml), in file order."""
    smalltalk_names: tuple[str, ...] = ()
    """What people call the one they talk to ("pal", "me duck"), said with small talk but never
    small talk alone (smalltalk.yaml, `names`)."""
    answers: tuple[TypedAnswer, ...] = ()
    """Typed answers to a walk-through's question, such as "yeah" or "nah" (answers.yaml)."""


@dataclass(frozen=True)
class Prefs:
    """What the bot remembers about a user: where they stand and for what, nothing more."""

    nation: str | None = None
    area: str | None = None
    election: str | None = None
