"""Knows a typed answer to the question a walk-through just asked ("yes", "nah", "scotland"), so
it moves the walk-through on as tapping the button would, rather than being searched afresh."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from itertools import islice

from bot.model import Option, TypedAnswer
from bot.smalltalk import plain_words
from bot.text import Analyzer, stem

MAX_WORDS = 8
"""Words an answer may have ("aye he's at the end of the street"): a longer message is a new
question or a story, searched as usual."""
PHRASE_WORDS = 6
"""Words an answer listed in answers.yaml may have (the knowledge check says so)."""
SPARE_WORDS = 2
"""Words a reply may have beyond a button's own, if they say nothing ("in", "my"): "at my home"
picks "At my home or office", but "how did they get my address" is a question."""
MEANT_TELLING = 2
"""Words that say something (not in synonyms.yaml's ignore list) a reply needs to be read by
meaning: "both", "go back" or "the lot" are near every label and mean none."""
MEANT_WORDS = 12
"""Words a reply may have to be read by meaning: a longer one is a story, searched as usual."""
QUESTION_STARTS = frozenset({
    "how", "what", "why", "when", "where", "who", "which", "whose", "can", "could", "should",
    "would", "will", "do", "does", "did", "is", "are", "am", "was", "were", "has", "have",
})  # fmt: skip
"""First words that make a reply a question of its own ("can i get my stuff off 192.com"), which
is searched rather than read by meaning as a button."""
_TYPED_WORD = re.compile(r"[^\s,.!?;:]+[,.!?;:]*|[,.!?;:]+")
"""A word as typed with the punctuation after it ("No.", "nah,"), or punctuation alone."""


class AnswerReader:
    """Reads a short message against one question's buttons: as an answer listed for a button
    (answers.yaml: "yeah" picks the button starting "Yes"), by the buttons' own words, or by a
    place that names a button's nation ("glasgow" picks "Scotland")."""

    def __init__(
        self,
        answers: Sequence[TypedAnswer],
        analyzer: Analyzer,
        nation_named: Callable[[str], str | None] = lambda text: None,
    ) -> None:
        """`nation_named`: the name of the nation a place in the text is in (areas.yaml)."""
        self.analyzer = analyzer
        self.nation_named = nation_named
        self.picks: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
        """Each listed answer's words, and the first words of the buttons it picks (one per
        question: "twitter" picks "Online, as it happens" and "Online, messages or calls")."""
        for answer in answers:
            for typed in answer.typed:
                self.picks.setdefault(self.plain(typed), []).append(self.plain(answer.picks))
        self.longest = max(map(len, self.picks), default=0)

    def choose(self, options: Sequence[Option], text: str) -> Option | None:
        """The one button this message picks, or None if it picks none or several."""
        words = self.plain(text)
        if not words or len(words) > MAX_WORDS:
            return None
        return (
            self._by_answer(options, text)
            or self._by_words(options, text)
            or self._by_nation(options, text)
        )

    def meant(self, options: Sequence[Option], text: str, nearest_label: str) -> Option | None:
        """The button whose label is `nearest_label`, the nearest of every walk-through's labels
        in meaning to this short reply that is no question, so said in other words ("correx
        boards, about 20 of em"); none where the buttons name nations, as the model knows no
        places ("Merthyr" was nearest "Northern Ireland"). README, "Typed answers"."""
        words = self.plain(text)
        if not words or len(words) > MEANT_WORDS or words[0] in QUESTION_STARTS or "?" in text:
            return None
        said = [w for w in self.analyzer.words(text, correct=True) if w not in self.analyzer.ignore]
        if len(said) < MEANT_TELLING or any(self.nation_named(o.label) for o in options):
            return None
        return _only(option for option in options if option.label == nearest_label)

    def says_only(self, option: Option, text: str) -> bool:
        """The message says nothing but the button's own words ("my car" for "My home, car or
        office"), so it means what tapping the button would."""
        return self._by_words([option], text) is option

    def without_answers(self, text: str) -> str | None:
        """The reply as typed after every listed answer it starts with ("no... i dont think so,
        actually hes back" -> "actually hes back"), so what follows can be read on its own;
        None if it starts with none or says nothing more."""
        rests = self.rests(text)
        return rests[-1] if rests and rests[-1] else None

    def rests(self, text: str) -> list[str]:
        """What the reply says after each listed answer it starts with, in turn ("no im safe
        now" -> "im safe now", "now"); empty if it starts with none."""
        found = []
        rest = self._after_answer(text)
        while rest is not None:
            found.append(rest)
            rest = self._after_answer(rest) if rest else None
        return found

    def _after_answer(self, text: str) -> str | None:
        """What a reply says, as typed, after the listed answer it starts with ("no im ok now"
        -> "im ok now"), or None if it starts with none."""
        end = self._answer_end(text)
        return text[end:].strip() if end else None

    def _by_answer(self, options: Sequence[Option], text: str) -> Option | None:
        """The button for the longest listed answer the message starts with ("yes he's still
        here" is a yes); none if that answer's button is not offered ("no idea" is never "No")."""
        end = self._answer_end(text)
        if not end:
            return None
        starts = self.picks[self.plain(text[:end])]
        return _only(o for o in options if any(self._starts(o, s) for s in starts))

    def _answer_end(self, text: str) -> int:
        """Where the longest listed answer the text starts with ends, as typed ("No." in "No.
        hes back"), tried longest first ("no idea" is not "no"); 0 if it starts with none."""
        ends = [match.end() for match in islice(_TYPED_WORD.finditer(text), self.longest)]
        return next((end for end in reversed(ends) if self.plain(text[:end]) in self.picks), 0)

    def _by_words(self, options: Sequence[Option], text: str) -> Option | None:
        """The one button whose label holds every word of the message that says anything."""
        said = self.analyzer.words(text, correct=True)
        ignore = self.analyzer.ignore
        found = []
        for option in options:
            label = {stem(w) for w in self.analyzer.words(option.label)}
            spare = [w for w in said if stem(w) not in label]
            telling = [w for w in said if stem(w) in label and w not in ignore]
            if telling and len(spare) <= SPARE_WORDS and all(w in ignore for w in spare):
                found.append(option)
        return _only(found)

    def _by_nation(self, options: Sequence[Option], text: str) -> Option | None:
        """The one button naming the nation of a place in the message ("cardiff": Wales)."""
        nation = self.nation_named(text)
        if nation is None:
            return None
        name = set(self.analyzer.tokens(nation))
        return _only(o for o in options if name <= set(self.analyzer.tokens(o.label)))

    def _starts(self, option: Option, start: tuple[str, ...]) -> bool:
        """The button's label starts with these words."""
        return self.plain(option.label)[: len(start)] == start

    def starting(self, options: Sequence[Option], start: str) -> list[Option]:
        """The buttons whose labels start with these words ("Yes" for "Yes, danger now")."""
        words = self.plain(start)
        return [option for option in options if self._starts(option, words)]

    def plain(self, text: str) -> tuple[str, ...]:
        """Folded words with text speak read as words, as small talk reads them."""
        return tuple(self.analyzer.apply_synonyms(plain_words(text)))


def _only(found: Iterable[Option]) -> Option | None:
    """The single option found; None when there are none or more than one."""
    options = list(found)
    return options[0] if len(options) == 1 else None
