"""Reads a Welsh message as rough English, word by word ("dyn tu allan efo cyllell" -> "man outside
with knife"), so that search, the phrase lists and the meaning model, which know only English, can
weigh it. The glossary is data (`knowledge/welsh.yaml`); this module only applies it."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container, Iterable

from bot.text import APOSTROPHES, MAX_INPUT, fold

MUTATIONS = (
    ("ngh", "c"),
    ("mh", "p"),
    ("nh", "t"),
    ("ng", "g"),
    ("ch", "c"),
    ("ph", "p"),
    ("th", "t"),
    ("dd", "d"),
    ("m", "b"),
    ("n", "d"),
    ("g", "c"),
    ("b", "p"),
    ("d", "t"),
    ("f", "b"),
    ("f", "m"),
    ("l", "ll"),
    ("r", "rh"),
    ("", "g"),
)
"""How a mutated word's first letters go back to the plain word's, tried in this order when the
word itself is not in the glossary: "nghyllell", "gyllell" and "chyllell" all read as "cyllell",
so staff need list only the plain word (a mutated form listed is used as it is)."""

UNMUTATED_AT = 3
"""Letters a word needs before it is read as mutated: "am" is not a mutated "cam" (a mistake),
nor "at" a mutated "gât"."""
_NON_WORD = re.compile(r"[^\w']+")
_PLAIN = re.compile(r"[a-z ]*")
_WORD = r"[\w'\u2018\u2019\u02bc`]+"
_TOKEN = re.compile(rf"{_WORD}(?:-{_WORD})*|[^\w\s]+")
"""Words (with apostrophes, and hyphens inside: "cam-drin") and runs of punctuation."""
_IS_WORD = re.compile(r"\w")
_SPACE_BEFORE_MARK = re.compile(r"\s+([,.;:!?])")


def letters(text: str) -> tuple[str, ...]:
    """A Welsh form's words as the glossary keys them: lower-case, with accents and apostrophes
    kept, so that "tân" (fire) and "tan" (until), "a'r" (and the) and "ar" (on) stay apart
    when typed so; a message's word is looked up so first, then folded (`bot.text.fold`)."""
    text = APOSTROPHES.sub("'", unicodedata.normalize("NFC", text).casefold())
    return tuple(_NON_WORD.sub(" ", text).replace("_", " ").split())


class Glossary:
    """Welsh words and short phrases, each with the English it is read as."""

    def __init__(
        self, gloss: Iterable[tuple[str, Iterable[str]]], english: Container[str] = frozenset()
    ) -> None:
        """`gloss`: (English reading, its Welsh forms) pairs, as in welsh.yaml; `english`: real
        English words, never read as mutated Welsh ("the" is not an aspirated "te")."""
        self.english_words = english
        self.readings: dict[str, str] = {}
        """English by Welsh form, its words joined by spaces (one string rather than a tuple of
        words: 21,000 forms held as tuples left the running bot 1.4 MiB larger)."""
        loose: dict[str, str] = {}
        for reading, forms in gloss:
            for form in forms:
                if words := letters(form):
                    self.readings.setdefault(" ".join(words), reading)
                    if not _PLAIN.fullmatch(form):  # accents or apostrophes: also without
                        loose.setdefault(" ".join(_folded(form)), reading)
        for key, reading in loose.items():  # "rwan" typed for "rŵan", unless listed itself
            if key not in english:  # "o'r" is not "or", "cân" not "can"
                self.readings.setdefault(key, reading)
        self.longest = max((key.count(" ") + 1 for key in self.readings), default=1)
        self.starts = frozenset(key.partition(" ")[0] for key in self.readings)

    def __bool__(self) -> bool:
        """An empty glossary (no welsh.yaml) reads nothing, so Welsh is judged on phrases."""
        return bool(self.readings)

    def english(self, text: str) -> str:
        """The text with each Welsh word or phrase the glossary knows replaced by its English,
        longest phrase first; other words (English ones, names, places) and the punctuation
        between clauses are kept as they are."""
        tokens = _TOKEN.findall(unicodedata.normalize("NFC", text[:MAX_INPUT]))
        typed = [letters(token) if _IS_WORD.search(token) else () for token in tokens]
        plain = [
            _folded(token) if words else () for token, words in zip(tokens, typed, strict=True)
        ]
        out: list[str] = []
        at = 0
        while at < len(tokens):
            reading, used = self._reading(typed, plain, at)
            out.append(reading if reading is not None else self._word(tokens[at]))
            at += used
        return _SPACE_BEFORE_MARK.sub(r"\1", " ".join(out))

    def _reading(
        self, typed: list[tuple[str, ...]], plain: list[tuple[str, ...]], at: int
    ) -> tuple[str | None, int]:
        """The English for the longest listed phrase starting at token `at` (as typed, then
        without accents and apostrophes), and how many tokens it used; None if none is listed."""
        starts = self.starts
        if typed[at] and (typed[at][0] in starts or (plain[at] and plain[at][0] in starts)):
            for size in range(min(self.longest, len(typed) - at), 0, -1):
                if not all(typed[at : at + size]):  # a phrase never spans punctuation
                    continue
                if (words := _joined(typed, at, size)) in self.readings:
                    return self.readings[words], size
                if (
                    all(plain[at : at + size])
                    and (words := _joined(plain, at, size)) in self.readings
                ):
                    return self.readings[words], size
        return None, 1

    def _word(self, token: str) -> str:
        """One word the glossary does not list as it is: unmutated, or split at its apostrophe
        ("frifo'i" is "brifo" and "'i"); else as typed."""
        for words in (letters(token), _folded(token)):
            if len(words) == 1 and words[0] not in self.english_words:
                plain = self._unmutated(words[0])
                if plain is not None:
                    return plain
        head, mark, tail = APOSTROPHES.sub("'", token).partition("'")
        if head and tail:
            first, second = self._known(head), self._known(mark + tail)
            if (first, second) != (head, mark + tail):  # "I'm" stays as it is
                return f"{first} {second}"
        return token

    def _known(self, token: str) -> str:
        """A word's English as listed or unmutated, else the word."""
        for words in (letters(token), _folded(token)):
            if (key := " ".join(words)) in self.readings:
                return self.readings[key]
        return self._word(token)

    def _unmutated(self, word: str) -> str | None:
        """The English of a mutated word whose plain form is in the glossary."""
        for mutated, plain in MUTATIONS:
            if word.startswith(mutated) and len(word) >= UNMUTATED_AT:
                reading = self.readings.get(plain + word[len(mutated) :])
                if reading is not None:
                    return reading
        return None


def _folded(text: str) -> tuple[str, ...]:
    return tuple(fold(text).split())


def _joined(words: list[tuple[str, ...]], at: int, size: int) -> str:
    return " ".join(word for token in words[at : at + size] for word in token)
