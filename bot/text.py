"""One normalisation for knowledge text and user text alike: fold, correct, map, stem."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container, Iterable
from functools import lru_cache

import Stemmer
from rapidfuzz import fuzz, process

APOSTROPHES = re.compile(r"['\u2018\u2019\u02bc`]")
"""Every apostrophe people type (phones send curly ones): folded away, or read as one."""
_NON_WORD = re.compile(r"[^a-z0-9]+")
_STEMMER = Stemmer.Stemmer("english")
"""PyStemmer, Snowball's own C build: the same stems as the pure-Python snowballstemmer, which
imports every language's stemmer whichever one is asked for (1.1 MiB of the running bot)."""
MAX_INPUT = 2000
"""Characters of a message that are read; the rest is ignored (a story rarely needs more)."""


WELSH_AT = 2
"""Different Welsh words (`welsh_words` in triage.yaml) that mark a message as Welsh. The meaning
model reads only English (it gave "wela i chi fory, hwyl" a 0.96 chance of danger), so a Welsh
message is judged on its Welsh phrases and on its English reading (welsh.yaml), and its words
are never spell-corrected into English ("rŵan" became "ran")."""


def welsh_marks(text: str, welsh_words: frozenset[str]) -> frozenset[str]:
    """The common Welsh words (folded, as triage holds them) a text uses, if there are enough
    (WELSH_AT) to read it as Welsh; else none."""
    found = welsh_words.intersection(fold(text).split())
    return found if len(found) >= WELSH_AT else frozenset()


def fold(text: str) -> str:
    """Lower-case, strip accents and punctuation, and collapse white space."""
    text = text[:MAX_INPUT]
    if text.isascii():  # nothing to decompose or strip: the common case, kept fast
        text = text.casefold()
    else:
        text = unicodedata.normalize("NFKD", text).casefold()
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = APOSTROPHES.sub("", text)
    return _NON_WORD.sub(" ", text).strip()


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """The English stem of one folded word ('threatening' -> 'threaten')."""
    return str(_STEMMER.stemWord(word))


class Analyzer:
    """Turns text into search tokens; built once from the synonyms and the vocabulary."""

    def __init__(self, groups: Iterable[tuple[str, ...]], ignore: Iterable[str]) -> None:
        self.phrases: dict[tuple[str, ...], tuple[str, ...]] = {}
        for group in groups:
            canonical = tuple(fold(group[0]).split())
            for variant in group[1:]:
                words = tuple(fold(variant).split())
                if words and words != canonical:
                    self.phrases[words] = canonical
        self.longest = max((len(p) for p in self.phrases), default=1)
        self.starts = frozenset(p[0] for p in self.phrases)
        self.ignore = frozenset(fold(word) for word in ignore)
        self.vocabulary: frozenset[str] = frozenset()
        self.by_letter: dict[str, list[str]] = {}
        self.known: Container[str] = frozenset()
        """Real words that are not the knowledge's, left as they are ('shooting' is not a typo
        of 'shouting', nor 'killer' of 'killed')."""
        self.corrections: dict[str, str] = {}
        """Words already corrected, remembered (bounded) because stories repeat words."""

    def learn(self, texts: Iterable[str], known: Container[str] = frozenset()) -> None:
        """Remember every word of the knowledge, so a user's typo can be corrected to one, and
        the real words (`known`) that are never typos."""
        self.known = known
        words = {w for text in texts for w in fold(text).split()}
        words |= {w for phrase in self.phrases for w in phrase}
        words |= {w for phrase in self.phrases.values() for w in phrase}
        self.vocabulary = frozenset(words)
        self.by_letter = {}
        for word in sorted(words):
            self.by_letter.setdefault(word[0], []).append(word)

    def correct(self, word: str) -> str:
        """The closest knowledge word to a word the knowledge never uses, if close enough."""
        if word in self.vocabulary or word in self.known or len(word) < 4 or word.isdigit():
            return word
        if word not in self.corrections:
            if len(self.corrections) > 50_000:
                self.corrections.clear()
            self.corrections[word] = _closest(word, self)
        return self.corrections[word]

    def words(self, text: str, correct: bool = False) -> list[str]:
        """Folded words with synonyms applied (and typos corrected, for user text)."""
        words = fold(text).split()
        if correct:
            words = [self.correct(w) for w in words]
        return self.apply_synonyms(words)

    def apply_synonyms(self, words: list[str]) -> list[str]:
        """Replace each synonym phrase by its group's first phrase, longest match first."""
        result: list[str] = []
        index = 0
        while index < len(words):
            if words[index] not in self.starts:
                result.append(words[index])
                index += 1
                continue
            for size in range(min(self.longest, len(words) - index), 0, -1):
                canonical = self.phrases.get(tuple(words[index : index + size]))
                if canonical is not None:
                    result.extend(canonical)
                    index += size
                    break
            else:
                result.append(words[index])
                index += 1
        return result

    def tokens(self, text: str, correct: bool = False) -> list[str]:
        """Search tokens: synonym-mapped, ignored words dropped, stemmed."""
        return [stem(w) for w in self.words(text, correct) if w not in self.ignore]


def _closest(word: str, analyzer: Analyzer) -> str:
    """Find the nearest vocabulary word by edit similarity (rapidfuzz), or keep the word.

    Typos rarely change a word's first letter, so only words starting with the same letter
    are considered ('scores' must not become 'core').
    """
    cutoff = 80 if len(word) <= 6 else 75
    choices = analyzer.by_letter.get(word[0], [])
    found = process.extractOne(word, choices, scorer=fuzz.ratio, score_cutoff=cutoff)
    return str(found[0]) if found else word
