"""Decide, before any search, whether a message describes danger happening now."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import accumulate
from pathlib import Path
from typing import Protocol

import numpy as np

from bot.learned import DANGER_FILE, NET_FILE, DangerModel, MeaningDangerModel, MeaningNetModel
from bot.model import NOT_CRISIS, SETTLED_NOW, Example, Triage
from bot.text import MAX_INPUT, Analyzer, fold, stem, welsh_marks
from bot.welsh import Glossary

PRESENT = frozenset({"is", "are", "am", "im"})
"""Words that, followed closely by an -ing word, tell of something happening now."""
LEARNED_AT = 0.5
"""Probability from the learned model that raises the alarm, unless the question is general,
online or about the aftermath (LEARNED_SURE overrides that)."""
LEARNED_SURE = 0.8
"""Probability that raises the alarm even in a general-looking question."""
MEANING_BACKS = 0.03
"""With the meaning model, a danger phrase raises the alarm only at this chance or more: it
quietens "protesters gather outside my house every evening, is that legal?"."""
MEANING_ALONE = 0.8
"""With the meaning model, this chance raises the alarm with no danger phrase at all ("a man in
the hallway of my flats shouting my name with something in his hand"), unless a past or
settled phrase says it is over (and no urgent word says otherwise). It and MEANING_BACKS were
chosen with the model's strength (learned.DANGER_STRENGTH) by 5-fold cross-validation over
examples.yaml (README, "Understanding a message")."""
CRISIS_ALONE = 0.7
"""The meaning model's chance of thoughts of suicide or self-harm (learned from the examples that
expect the crisis entry and are labelled emergency) that opens the crisis entry with no phrase:
most people in crisis do not name it ("I've bought a rope. I just wanted someone to know")."""
CRISIS_BACKS = 0.01
"""The chance a crisis phrase still needs from that model to open the crisis entry with the 999
line, as a danger phrase needs backing: a calm question that happens to hold one is near 0
("said my goodbyes to the local party, I've got a job in Edinburgh"); a crisis in few words can
be well under 0.05 ("how many paracetamol would it take" was lost at 0.05). Re-chosen for the
network by 5-fold cross-validation: 0.01 and 0.02 caught as many as 0.005 with one false alarm
fewer, and 0.01 keeps the most room below that loss (README). A `crisis_outright` phrase needs
none: the model gave "i might kill myself" 0.0004."""
CRISIS_LEANS = 0.1
"""The chance the whole message needs before that model alone may open the crisis entry on the
message without its small talk (smalltalk.yaml): "aye thanks, i'm done. standing on the bridge"
is 0.46 whole and 1.00 without "aye thanks"; calm lines it read as crises without their first
word ("grand, I'll leave it there for tonight") were 0.04 or less whole. Set from those five."""
CRISIS_PAST = 0.9
"""The chance that opens it even when a past phrase is there ("tried to od last week and it
didn't work, got more tablets now")."""
BARE = 10
"""Words in a message too short to hold context ("sum1 chasin me"): its danger phrases need
almost no backing from the meaning model, which reads fragments less surely."""
BARE_BACKS = 0.01
"""The backing a short message's danger phrase still needs: "death threat law UK" is a
question, and the meaning model is sure of it."""
LAST_WORDS = 4
"""A story's last sentence is read on its own only if it has this many words ("wot now" is not
a story's ending but a question tag)."""
TAIL_WORDS = 40
"""A message longer than this is also read by its last sentences that fit in as many words: the
meaning model reads only a message's first 64 word pieces (about 45 words), so it never saw a
long story's ending ("...a man at the back stood up with what looks like a gun. I'm texting
from under a table.")."""
MIN_EXAMPLES = 20
"""Examples of each kind (danger now, not) needed before a model is learned from them."""
LEFT_OUT = 2
"""Marks, beside danger (1) and calm (0), an example the danger model is not taught (it is
named by these labels too)."""
MAX_GAP = 2
"""Words allowed between two words of a danger phrase ('following me' in 'following me home')."""


@dataclass(frozen=True)
class TriageResult:
    """Whether to lead with 999, and which phrases were seen."""

    emergency: bool
    danger: tuple[str, ...]
    general: bool
    urgent: bool
    crisis: bool = False
    """Thoughts of suicide or self-harm: the reply opens the crisis entry (triage.yaml)."""
    welsh: bool = False
    """Read as Welsh (`welsh_words`): answered through its English reading (welsh.yaml)."""
    crisis_chance: float = 0.0
    """The crisis model's chance for the message (0 when the model is off)."""
    outright: bool = False
    """Danger said outright (triage.yaml `outright`, "im not safe"), which no model overrules."""
    crisis_outright: bool = False
    """Thoughts of suicide said outright (triage.yaml `crisis_outright`, "i might kill myself"),
    which no model overrules."""
    ending: str = ""
    """The story's ending that raised the alarm read on its own (else ""): the reply opens the
    danger entry it is about, as the story's start is often about something else."""
    threat_to_life: bool = False
    """A `life` phrase raised the alarm ("brakes cut", "going to kill"): the danger is from
    someone else."""
    own_crisis: bool = False
    """A crisis phrase ("drive into a wall") with no one else in the message: no other danger or
    threat phrase and no other person ("he", "a man"), so any danger is to the person from
    themself."""
    threat_outright: bool = False
    """A threat to life said outright (triage.yaml `life_outright`, "rape me"), which no model
    overrules."""
    threat_only: bool = False
    """A threat to life (`threat_to_life`) with nothing saying it is happening now: no urgent
    word, no outright or present-tense danger, and no danger phrase but the threat's own words
    ("stab" in "stab me"); "a man at my door shouting he'll kill me" is danger now."""
    settled: bool = False
    """A `settled` phrase says it is over or never came ("all good now, they left"), not
    negated: the meaning model alone, which reads such follow-ups as danger, raises no alarm
    unless an urgent word is there."""

    @property
    def leans_to_crisis(self) -> bool:
        """The crisis model gives the message at least CRISIS_LEANS."""
        return self.crisis_chance >= CRISIS_LEANS

    @property
    def learned_only(self) -> bool:
        """The alarm was raised by a learned model alone: no danger or crisis phrase was seen."""
        return self.emergency and all(reason.startswith(LEARNED) for reason in self.danger)


@dataclass(frozen=True)
class Reading:
    """A message as it is read: a Welsh one (`welsh_words`) also in English, through welsh.yaml."""

    english: str
    """What search and the meaning model read: the text itself, unless it is Welsh."""
    welsh: bool


class Triager:
    """Matches the triage phrases, keeping tense but forgiving typos and slang."""

    def __init__(
        self,
        triage: Triage,
        speller: Analyzer,
        examples: Sequence[Example] = (),
        meaning: Meaning | None = None,
        glossary: Glossary | None = None,
        kept: Path | None = None,
    ) -> None:
        """`meaning`: the meaning model's vectors (None: words only, as when it cannot load);
        `glossary`: how a Welsh message reads in English (welsh.yaml; None: on its phrases);
        `kept`: the data folder, where the learned models are kept between starts."""
        self.speller = speller
        self.glossary = glossary
        self.slang = Analyzer(triage.slang, ())
        self.slang.learn(())  # its vocabulary: slang, spelt so on purpose, is never corrected
        self.danger = [(p, self._words(p)) for p in triage.danger]
        self.life = [(p, self._words(p)) for p in triage.life]
        self.life_outright = [(p, self._words(p)) for p in triage.life_outright]
        self.threats = self.life + self.life_outright  # every threat to life, however matched
        self.crisis = [(p, self._words(p)) for p in triage.crisis]
        self.crisis_outright = [(p, self._words(p)) for p in triage.crisis_outright]
        self.outright = [(p, self._words(p)) for p in triage.outright]
        self.general = [self._words(p) for p in triage.general]
        self.context = [self._words(p) for p in triage.context]
        self.past = [self._words(p) for p in triage.past]
        # with a "now" after each, longest first: "all calm now" is taken out whole, not "all
        # calm" leaving "now" to be read as urgent
        settled = [self._words(p) for p in triage.settled]
        settled += [[*p, SETTLED_NOW] for p in settled if p and p[-1] != SETTLED_NOW]
        self.settled = sorted(settled, key=len, reverse=True)
        self.urgent = [self._words(p) for p in triage.urgent]
        self.danger_words = frozenset(stem(w) for w in triage.danger_words)
        self.filler = [self._words(p) for p in triage.filler]
        self.welsh_words = frozenset(fold(w) for w in triage.welsh_words)
        self.meaning = meaning
        self.model: DangerModel | None = None
        self.meaning_model: MeaningDangerModel | None = None
        self.crisis_model: MeaningNetModel | None = None
        labels = [int(x.emergency) for x in examples]
        in_crisis = [int(x.emergency and x.expect == triage.crisis_entry) for x in examples]
        if min(labels.count(0), labels.count(1)) >= MIN_EXAMPLES:  # learned from examples.yaml
            if meaning is not None:
                vectors = np.stack([meaning.vector(x.question) for x in examples])
                # Named by the examples that teach triage only: a question added for search
                # must not retrain them, as every retraining moves borderline messages.
                teaching = [i for i, x in enumerate(examples) if x.teaches_triage]
                made_from = "\n".join([meaning.model, *(examples[i].question for i in teaching)])
                danger = labels
                if min(in_crisis.count(0), in_crisis.count(1)) >= MIN_EXAMPLES:
                    self.crisis_model = MeaningNetModel.taught(
                        vectors,
                        in_crisis,
                        made_from,
                        kept / NET_FILE if kept else None,
                        meaning.folder / NET_FILE,
                        [in_crisis[i] for i in teaching],
                    )
                    # Danger now is learned without them: despair read as danger made calm
                    # but weary questions ("I'm running on empty") raise the alarm.
                    danger = [
                        LEFT_OUT if crisis or x.kind == NOT_CRISIS else label
                        for x, label, crisis in zip(examples, labels, in_crisis, strict=True)
                    ]
                used = [i for i, label in enumerate(danger) if label != LEFT_OUT]
                self.meaning_model = MeaningDangerModel.taught(
                    vectors[used],
                    [danger[i] for i in used],
                    made_from,
                    kept / DANGER_FILE if kept else None,
                    meaning.folder / DANGER_FILE,
                    [danger[i] for i in teaching],
                )
            else:
                self.model = DangerModel([self._stems(x.question) for x in examples], labels)

    def _words(self, text: str, correct: bool = False) -> list[str]:
        """Folded words, spelling corrected (for messages) and slang read as plain words."""
        words = fold(text).split()
        if correct:  # "thurs" is not a typo of "turns"
            words = [w if w in self.slang.vocabulary else self.speller.correct(w) for w in words]
        return self.slang.apply_synonyms(words)

    def in_welsh(self, text: str) -> bool:
        """Whether the message is in Welsh (at least WELSH_AT of the common Welsh words)."""
        return bool(welsh_marks(text, self.welsh_words))

    def read(self, text: str) -> Reading:
        """The message as triage, search and the meaning model read it, worked out once."""
        welsh = self.in_welsh(text)
        english = self.glossary.english(text) if welsh and self.glossary else text
        return Reading(english, welsh)

    def _read(self, text: str, correct: bool = True) -> list[str]:
        """A message's words (corrected, unless `correct` is False), with CLAUSE between its
        sentences and clauses."""
        read: list[str] = []
        for clause in _CLAUSE_END.split(text[:MAX_INPUT]):
            words = self._words(clause, correct)
            if words:
                read.extend([CLAUSE, *words] if read else words)
        return read

    def _has_danger_word(self, words: list[str]) -> bool:
        """A single danger word ('knife', 'banging'), matched on its stem."""
        return any(stem(w) in self.danger_words for w in words)

    def _stems(self, text: str) -> list[str]:
        return [stem(w) for w in self._words(text, correct=True)]

    def assess(
        self, text: str, vector: np.ndarray | None = None, reading: Reading | None = None
    ) -> TriageResult:
        """Danger now, a threat to life or thoughts of suicide, unless the message is over (or,
        for danger and threats, general, online or aftermath) and nothing says it is urgent.

        A Welsh message is judged on its Welsh phrases, then on its English reading: either can
        raise the alarm. `vector`: the meaning vector of the reading's `english`, when the model
        is on; `reading`: `read(text)`, when the caller already has it."""
        reading = reading or self.read(text)
        if not reading.welsh:
            return self._english(text, vector)
        seen, past, _ = self._phrases(text, correct=False)  # "rŵan" is not a typo of "ran"
        if seen.crisis and not past:
            seen = replace(seen, emergency=True)
        own = self._welsh_verdict(seen)
        if own.emergency or reading.english == text:  # no glossary, or nothing it knows
            return own
        read = self._english(reading.english, vector, correct=False)
        return replace(  # a crisis over ("nes i drio lladd fy hun llynedd") still opens support
            read,
            danger=(*own.danger, *read.danger, *((GLOSSED,) if read.emergency else ())),
            general=own.general or read.general,
            urgent=own.urgent or read.urgent,
            crisis=own.crisis or read.crisis,
            welsh=True,
        )

    def _english(self, text: str, vector: np.ndarray | None, correct: bool = True) -> TriageResult:
        """The verdict on an English message (or a Welsh one's English, read uncorrected)."""
        seen, past, read = self._phrases(text, correct)
        if self.meaning_model is not None and vector is not None:
            return self._with_meaning(text, read, vector, seen, past, correct)
        if seen.crisis and not past:
            seen = replace(seen, emergency=True)
        if not seen.emergency and self.model is not None and (seen.urgent or not past):
            chance = self.model.probability([stem(w) for w in read if w != CLAUSE])
            if chance >= LEARNED_SURE or (
                chance >= LEARNED_AT and (seen.urgent or not seen.general)
            ):
                return replace(seen, emergency=True, danger=(*seen.danger, _learned(chance)))
        return seen

    def _welsh_verdict(self, seen: TriageResult) -> TriageResult:
        """The phrases' verdict on a Welsh message, which no model weighs: so a general or online
        sign quietens a threat to life too ("bygythiadau i fy saethu i" in YouTube comments),
        unless an urgent word is there."""
        if seen.emergency and (seen.crisis or seen.urgent or not seen.general):
            return replace(seen, danger=(*seen.danger, WELSH), welsh=True)
        return replace(seen, emergency=False, welsh=True)

    def _phrases(self, text: str, correct: bool = True) -> tuple[TriageResult, bool, list[str]]:
        """The phrase lists' verdict, whether a past phrase says it is over, and the words read."""
        read = self._read(text, correct)
        on_read = set(read)
        settled = [p for p in _within(on_read, self.settled) if _unnegated(read, p)]
        words = _remove(read, [*_within(on_read, [*self.filler, *self.past]), *settled])
        on = set(words)
        found = {  # each danger or threat phrase seen, with where it starts
            p: at
            for p, phrase in self.danger + self.life
            if on.issuperset(phrase) and (at := _first(words, phrase, MAX_GAP)) is not None
        }
        threats_said = {  # word for word, after filler: "youll be dead tired" is no threat
            p: at
            for p, phrase in self.life_outright
            if on.issuperset(phrase) and (at := _first(words, phrase, 0)) is not None
        }
        found |= {p: at for p, at in threats_said.items() if p not in found}
        danger = tuple(p for p, _ in self.danger if p in found)
        life = tuple(p for p, _ in self.threats if p in found)
        crisis = tuple(
            p
            for p, phrase in self.crisis
            if on.issuperset(phrase) and _contains(words, phrase, MAX_GAP)
        )
        crisis_said = tuple(  # after filler: "told me to kill myself" is abuse to report
            p
            for p, phrase in self.crisis_outright
            if on.issuperset(phrase) and _contains(words, phrase, 0)
        )
        outright = tuple(  # read before filler goes: "safe now" is filler, "im not safe now" not
            p
            for p, phrase in self.outright
            if on_read.issuperset(phrase) and _contains(read, phrase, 0)
        )
        threat_at = min(found.values(), default=len(words))
        general = any(_general(words, phrase, threat_at) for phrase in _within(on, self.general))
        past = any(_contains(read, phrase, 0) for phrase in _within(on_read, self.past))
        context = past or any(_contains(words, phrase, 0) for phrase in _within(on, self.context))
        seen_phrases = [phrase for p, phrase in self.danger + self.threats if p in found]
        urgent, by_urgent, by_tense, pressed = self._told_now(words, seen_phrases)
        own_crisis = (
            bool(crisis)
            and not (outright or by_urgent or by_tense)
            and self._no_one_else(crisis, seen_phrases, on)
        )
        threat_to_life = bool(life) and not (general or past)
        threat_only = (  # a threat received, not danger now (triage.yaml `threat_flow`)
            threat_to_life
            and not (outright or urgent or by_tense)
            and _all_within(
                {w for p, phrase in self.threats if p in life for w in phrase}, seen_phrases
            )
        )
        word_now = not danger and by_urgent  # an urgent word with a danger word overrides too
        if not danger and (by_urgent or by_tense):
            danger = ("a danger word, told as happening now",)
        said_outright = bool(outright) and not (general or past)
        alarm = (  # thoughts of suicide are weighed in assess and _with_meaning
            threat_to_life
            or (bool(danger) and not (general or context))
            or said_outright
            or pressed
            or word_now
        )
        seen = TriageResult(
            alarm,
            danger + outright + life + crisis + tuple(p for p in crisis_said if p not in crisis),
            general or context,
            urgent,
            bool(crisis or crisis_said),
            outright=said_outright,
            crisis_outright=bool(crisis_said),
            threat_to_life=threat_to_life,
            threat_outright=threat_to_life and bool(threats_said),
            threat_only=threat_only,
            own_crisis=own_crisis,
            settled=bool(settled),
        )
        return seen, past, read

    def _no_one_else(self, crisis: tuple[str, ...], seen: list[list[str]], on: set[str]) -> bool:
        """Whether these crisis phrases stand alone: no danger or threat phrase `seen` outside
        them, and no other person (OTHERS): "a man tried to drive into a wall" is not a crisis."""
        own = {word for p, phrase in self.crisis if p in crisis for word in phrase}
        return _all_within(own, seen) and OTHERS.isdisjoint(on - own)

    def _told_now(self, words: list[str], seen: list[list[str]]) -> tuple[bool, bool, bool, bool]:
        """Whether an urgent word is there at all; whether a danger word is told as now by an
        urgent word, or by the present tense, in its clause or the one before; and whether an
        urgent word is that near a phrase seen (which nothing quietens).

        "I'm helping my mum with her campaign. On Saturday a man shouted at her" is not told as
        happening now, but "a man just threatened me. he's still hanging about" is."""
        clauses = _clauses(words)
        said = [any(_contains(c, phrase, 0) for phrase in self.urgent) for c in clauses]
        before = [[], *clauses[:-1]]
        spans = [b + c for b, c in zip(before, clauses, strict=True)]
        near = [a or b for a, b in zip([False, *said[:-1]], said, strict=True)]
        pressing = [span for span, urgent in zip(spans, near, strict=True) if urgent]
        by_urgent = any(self._has_danger_word(span) for span in pressing)
        by_tense = any(_present_progressive(s) and self._has_danger_word(s) for s in spans)
        pressed = any(_contains(span, phrase, MAX_GAP) for span in pressing for phrase in seen)
        return any(said), by_urgent, by_tense, pressed

    def _with_meaning(
        self,
        text: str,
        read: list[str],
        vector: np.ndarray,
        seen: TriageResult,
        past: bool,
        correct: bool = True,
        whole: bool = True,
    ) -> TriageResult:
        """The phrases' verdict weighed with the meaning model's chance of danger now.

        A long story may end in danger ("...and now he's standing at the end of my drive"), so
        when the `whole` message raises no alarm its last sentence is read on its own as well,
        and so is a long message's ending (TAIL_WORDS). A long story the crisis model alone
        read as a crisis is read by its ending too: the model saw only its calm start, and an
        ending in danger now ("...he's sat in his van staring at the house") gets 999 instead."""
        assert self.meaning_model is not None and self.meaning is not None
        model = self.crisis_model
        crisis_chance = model.probability(vector) if model is not None else None
        seen = replace(seen, crisis_chance=crisis_chance or 0.0)
        overruled = False  # a crisis phrase with no one else in it that the crisis model overruled
        if seen.crisis and not past:
            if (
                crisis_chance is None
                or crisis_chance >= CRISIS_BACKS
                or seen.crisis_outright
                or self._backed_in_plain_words(text, read)
            ):
                return replace(seen, emergency=True)
            overruled = seen.own_crisis
            seen = replace(seen, crisis=False)  # "can we take them all down after the count"
        chance = self.meaning_model.probability(vector)
        # the crisis model alone does not turn a threat to life into crisis support when the
        # danger model is sure of it too, or it was said outright: it reads "my car brakes have
        # been cut" as self-harm
        threatened = (
            seen.threat_to_life
            and not seen.crisis
            and (chance >= MEANING_ALONE or seen.threat_outright)
        )
        if (
            crisis_chance is not None
            and crisis_chance >= (CRISIS_PAST if past else CRISIS_ALONE)
            and not threatened
        ):
            learned = _learned(crisis_chance)
            crisis = replace(seen, emergency=True, crisis=True, danger=(*seen.danger, learned))
            # the model's reading only: no crisis phrase (one with a past phrase still counts)
            model_only = whole and _long(text) and not seen.crisis
            ending = self._ending(text, seen, correct) if model_only else None
            return ending if ending is not None and not ending.crisis else crisis
        if seen.outright or seen.threat_outright:  # it reads "im not safe" much as "im safe"
            return seen
        over = past or seen.settled  # "over now", "all good now, they left" quieten
        alone = chance >= MEANING_ALONE and (seen.urgent or not over)
        backed = chance >= (BARE_BACKS if len(text.split()) <= BARE else MEANING_BACKS)
        if alone or (seen.emergency and backed):
            # the crisis model overrules a crisis phrase to stop a false alarm, not to choose
            # the danger: "i'm going to drive into a wall" (crisis 0.00, danger 0.99) opened
            # *Someone at your home who won't go*
            own = seen.crisis or overruled
            danger = (*seen.danger, _learned(chance))
            return replace(seen, emergency=True, crisis=own, danger=danger)
        ending = self._ending(text, seen, correct) if whole else None
        if ending is not None:
            return ending
        danger = () if seen.emergency else seen.danger  # phrases the meaning overruled go
        return replace(seen, emergency=False, danger=danger)

    def _backed_in_plain_words(self, text: str, read: list[str]) -> bool:
        """Whether the crisis model backs a crisis phrase it overruled once the message is `read`
        as triage reads it, slang and typos mended: it gave "dnt want 2 b here no more" 0.00
        and "dont want to be here anymore" 1.00. Only then is the message encoded again."""
        assert self.crisis_model is not None and self.meaning is not None
        plain = " ".join(w for w in read if w != CLAUSE)
        if plain == " ".join(fold(text).split()):
            return False
        return self.crisis_model.probability(self.meaning.encode(plain)) >= CRISIS_BACKS

    def _ending(self, text: str, seen: TriageResult, correct: bool) -> TriageResult | None:
        """The alarm a story's ending raises read on its own (`_endings`), or None.

        A long story's last sentence is read even with no sign of danger in it, since the
        meaning model never saw it ("...I've just heard the side gate go and someone's walking
        round the house with a torch"), unless it is over or holds a negation, which that model
        reads past ("Nobody has come to the house, it's all messages so far" is 0.95 danger to
        it). Read so, it may raise only the 999 alarm: the crisis model reads short last lines
        ("What should I do?", "I'm shattered") as crises."""
        assert self.meaning_model is not None and self.meaning is not None
        model = self.crisis_model
        for last, sure in _endings(text):
            hint, last_past, words = self._phrases(last, correct)
            sign = hint.emergency if sure else hint.danger or hint.urgent
            unseen = not sure and _long(text) and not last_past and NEGATED.isdisjoint(words)
            if sign or unseen:  # only an ending with a sign of danger is worth encoding again
                vector = self.meaning.encode(last)
                crisis = model.probability(vector) if model is not None else 0.0
                if max(self.meaning_model.probability(vector), crisis) < sure:
                    continue
                ending = self._with_meaning(
                    last, words, vector, hint, last_past, correct, whole=False
                )
                if ending.emergency and (sign or not ending.crisis):
                    return replace(ending, general=seen.general, ending=last)
        return None


WELSH = "read as Welsh: on its Welsh phrases"
"""How `bot ask` names a Welsh phrase's part in the alarm."""
GLOSSED = "read as Welsh: through its English (welsh.yaml)"
"""How `bot ask` names the alarm raised on a Welsh message's English reading."""


LEARNED = "learned from examples"
"""How `bot ask` names a learned model's part in the alarm."""


def _learned(chance: float) -> str:
    """A learned model's part in the alarm, with its chance, as `bot ask` shows it."""
    return f"{LEARNED} ({chance:.2f})"


class Meaning(Protocol):
    """What triage needs from the meaning model (search.SemanticIndex has it all)."""

    model: str
    """The model's files, by digest: what made the vectors."""
    folder: Path
    """The model's folder, where a crisis network and danger model taught with it may be shipped."""

    def vector(self, text: str) -> np.ndarray:
        """A knowledge phrase's vector, as the index already holds it."""
        ...

    def encode(self, text: str) -> np.ndarray:
        """A message's vector."""
        ...


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
"""Where one sentence ends and the next begins."""


def _all_within(words: set[str], phrases: list[list[str]]) -> bool:
    """Whether every phrase's words are among `words`: a phrase inside another seen adds
    nothing ("stab" in "stab me", "blade" in "blade in my hand")."""
    return all(words.issuperset(phrase) for phrase in phrases)


def _long(text: str) -> bool:
    """Longer than the meaning model reads (its first 64 word pieces, about 45 words)."""
    return len(text.split()) > TAIL_WORDS


def _endings(text: str) -> list[tuple[str, float]]:
    """A story's endings worth reading on their own, each with the chance the meaning models
    must give it: its last sentence (of LAST_WORDS or more), then, if the message is longer
    than TAIL_WORDS, its last sentences that fit in as many, which the models must be sure are
    danger or crisis (MEANING_ALONE): backed less, it read calm stories' middles as danger ("My
    partner is standing for the county council... The kids keep answering the door")."""
    sentences = [s.strip() for s in _SENTENCE_END.split(text.strip()) if s.strip()]
    if len(sentences) < 2:
        return []
    endings = [(sentences[-1], 0.0)] if len(sentences[-1].split()) >= LAST_WORDS else []
    if _long(text):
        sizes = accumulate(len(s.split()) for s in reversed(sentences))
        fit = sum(1 for size in sizes if size <= TAIL_WORDS)
        if fit > 1:
            endings.append((" ".join(sentences[-fit:]), MEANING_ALONE))
    return endings


CLAUSE = "|"
"""Stands between clauses in a message's words (fold() leaves no such character)."""
NEGATIONS = frozenset({"not", "no", "never", "nobody", "nothing", "nowhere"})
"""Words that turn a sentence round, which the meaning model often reads past."""
OTHERS = frozenset(
    {"he", "him", "his", "she", "her", "they", "them", "their", "someone", "anyone", "anybody"}
    | {"man", "men", "woman", "women", "guy", "guys", "bloke", "blokes", "lad", "lads", "people"}
    | {"gang", "mob", "crowd", "voter", "voters", "driver"}
)
"""Words for someone else, as a message's words read (slang makes "somebody" "someone" and
"theyre" "they are"): a crisis phrase with one of them may be someone else's act ("a man
tried to drive into a wall of my supporters")."""
NOT_HAPPENED = frozenset({"didnt", "hasnt", "havent", "hadnt"})
"""Folded "didn't" and the like ("He didn't come to the house"), as a message's words read; not
"cant" or "wont", which tell of danger as often ("I can't get out", "he won't leave")."""
NEGATED = NEGATIONS | NOT_HAPPENED
"""Words that keep a long story's unseen last sentence from being read by meaning alone."""
GAP_STOPS = NEGATIONS | {CLAUSE}
"""Words a phrase's gap never spans: a clause's end, or a negation ("he is not here" is not
"he is here")."""
_CLAUSE_END = re.compile(r"[.!?;,]+(?=\s|$)|\n+|\s+but\s+|\s+-+\s+", re.IGNORECASE)
"""Where a clause ends: sentence ends, commas, semicolons, dashes, new lines and 'but'."""


def _clauses(words: list[str]) -> list[list[str]]:
    """The words split at CLAUSE."""
    clauses: list[list[str]] = [[]]
    for word in words:
        if word == CLAUSE:
            clauses.append([])
        else:
            clauses[-1].append(word)
    return clauses


def _unnegated(words: list[str], phrase: list[str]) -> bool:
    """Whether the phrase is there word for word with no negation in the two words before it
    in its clause: "not a false alarm" and "he hasn't calmed down" are not signs it is over."""
    size = len(phrase)
    for at in range(len(words) - size + 1):
        if words[at : at + size] == phrase:
            before = _clauses(words[max(0, at - 2) : at])[-1]  # only its own clause's
            if NEGATED.isdisjoint(before):
                return True
    return False


def _general(words: list[str], phrase: list[str], threat_at: int) -> bool:
    """A hypothetical or legal phrase. One starting with 'if' after the threat is part of it
    ("they'll do her over if she doesn't leave"), not a what-if question."""
    at = _first(words, phrase, 0)
    return at is not None and (phrase[0] != "if" or at < threat_at)


def _within(words: set[str], phrases: list[list[str]]) -> list[list[str]]:
    """The phrases whose every word is among these: only they can be found, and a set tells
    in one look what scanning the message for each of hundreds of phrases would."""
    return [phrase for phrase in phrases if words.issuperset(phrase)]


def _remove(words: list[str], phrases: list[list[str]]) -> list[str]:
    """The words with every occurrence of the given phrases taken out. A phrase may run over a
    clause's end ("nobody's around now. What do I do?" holds the filler "now what")."""
    for phrase in phrases:
        if not phrase or phrase[0] not in words:  # a quick scan spares the slow loop
            continue
        index = 0
        while index < len(words):
            taken = _spread(words, index, phrase)
            if taken:
                words = [w for at, w in enumerate(words) if at not in taken]
            else:
                index += 1
    return words


def _spread(words: list[str], start: int, phrase: list[str]) -> set[int]:
    """Where the phrase's words lie if it starts at `start`, passing over clause ends (or none)."""
    taken: set[int] = set()
    at = start
    for wanted in phrase:
        while at < len(words) and words[at] == CLAUSE and taken:
            at += 1
        if at >= len(words) or words[at] != wanted:
            return set()
        taken.add(at)
        at += 1
    return taken


def _present_progressive(words: list[str]) -> bool:
    """'is banging', 'are surrounding', 'im being followed': something happening as they type."""
    for index, word in enumerate(words):
        if word in PRESENT and any(w.endswith("ing") for w in words[index + 1 : index + 4]):
            return True
    return False


def _contains(words: list[str], phrase: list[str], gap: int) -> bool:
    """True if the phrase's words appear in order, at most `gap` words apart."""
    return _first(words, phrase, gap) is not None


def _first(words: list[str], phrase: list[str], gap: int) -> int | None:
    """Where the phrase's words first appear in order, at most `gap` words apart, or None."""
    if not phrase or phrase[0] not in words:  # a quick scan spares the slow loop
        return None
    for start, word in enumerate(words):
        if word != phrase[0]:
            continue
        position, found = start, True
        for wanted in phrase[1:]:
            window = words[position + 1 : position + 2 + gap]
            stop = next((n for n, w in enumerate(window) if w in GAP_STOPS), len(window))
            window = window[: stop + 1]  # a stop word ends the gap, though a phrase may hold it
            if wanted not in window:
                found = False
                break
            position = position + 1 + window.index(wanted)
        if found:
            return start
    return None
