"""Knows a message that is only small talk ("hi", "is this working?", "thanks, bye"), so it gets a
reply in kind (smalltalk.yaml) rather than "I don't have guidance on that" or a false alarm."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.model import SmallTalk
from bot.text import fold

MAX_PARTS = 4
"""Parts ("hi", "is this working") a message may have and still be only small talk."""
MAX_LENGTH = 80
"""Characters: anything longer is a question or a story, whatever words it starts with."""
CLOSE_FROM = 5
"""Letters a part needs before one typo (a letter added, lost, changed or two swapped: "thnks",
"thnaks") is forgiven: "ty" and "yo" must be typed as listed."""
TWO_FROM = 10
"""Letters a part needs before two typos are forgiven ("thnak yuo")."""
JOINED_WORDS = 8
"""Words a part may have and still be read as listed phrases one after another ("ok cheers
bye", "thanks pal"); longer parts are never small talk, and reading them would cost time."""
PHRASE_WORDS = 6
"""Words a listed phrase may have (the knowledge check says so): more, and it is a question."""
COMMAND_WORDS = 9
"""Words a phrase of a kind that asks for a command may have: asking about the bot's own data
takes more ("how do i delete my data from this bot"), and is a question whatever its length."""
_PART_END = re.compile(r"[.,!?;:\n]+|\s+-+\s+")
_HELD = re.compile(r"(\w)\1{2,}")
"""A letter held down: "hellooo", "byeee", "hiiii"."""
_KISSES = re.compile(r"x+")


@dataclass(frozen=True)
class Said:
    """A message read as small talk: the kind that answers it, and whether every part was
    written exactly as listed (only then may it stand against a learned model's alarm)."""

    talk: SmallTalk
    exact: bool


class SmallTalkReader:
    """Reads whole messages against the phrases in smalltalk.yaml."""

    def __init__(
        self,
        kinds: tuple[SmallTalk, ...],
        synonyms: Callable[[list[str]], list[str]] = list,
        names: tuple[str, ...] = (),
    ) -> None:
        """`synonyms`: reads text speak as the words it stands for ("thank u", "r u there"),
        as search does (synonyms.yaml); `names`: what people call the one they talk to ("pal"),
        said with small talk but never small talk alone."""
        self.kinds = kinds
        self.synonyms = synonyms
        self.names = {self._plain(name) for name in names}
        self.phrases: dict[str, int] = {}
        for rank, kind in enumerate(kinds):  # a phrase listed twice answers as the first kind
            for phrase in kind.says:
                self.phrases.setdefault(self._plain(phrase), rank)
        self.listed = list(self.phrases)
        self.vocabulary = {
            word for phrase in [*self.phrases, *self.names] for word in phrase.split()
        }
        """Every word of a phrase or name: a part with any other word is not joined phrases."""

    def read(self, text: str) -> Said | None:
        """The small talk a message is, or None if any part of it is more than that. The kind
        first in the file wins: "hi, is this working?" is answered as a check, not a hello."""
        if not self.kinds or len(text) > MAX_LENGTH:
            return None
        parts = [plain for part in _PART_END.split(text) if (plain := self._plain(part))]
        if not parts or len(parts) > MAX_PARTS:
            return None
        ranks, exact = [], True
        for part in parts:
            found = self._rank(part)
            if found is None:
                return None
            ranks.append(found[0])
            exact = exact and found[1]
        return Said(self.kinds[min(ranks)], exact)

    def trim(self, text: str) -> str:
        """The message without the small talk it starts or ends with ("hi. hes here" -> "hes
        here"), so a greeting does not dilute what the rest says; the message itself if that
        would leave nothing. Only the ends are read: a long story costs two or three parts."""
        if not self.kinds:
            return text
        cuts = [0, *(at for m in _PART_END.finditer(text) for at in m.span()), len(text)]
        parts = [(cuts[n], cuts[n + 1]) for n in range(0, len(cuts) - 1, 2)]
        first = next((n for n, part in enumerate(parts) if not self._is_talk(text, part)), None)
        if first is None:
            return text
        last = next(n for n in reversed(range(len(parts))) if not self._is_talk(text, parts[n]))
        end = parts[last + 1][0] if last + 1 < len(parts) else len(text)  # keeps its "?"
        return text[parts[first][0] : end].strip()

    def _is_talk(self, text: str, span: tuple[int, int]) -> bool:
        """Whether this part of the text is small talk, or empty (", hi")."""
        plain = self._plain(text[span[0] : span[1]])
        return not plain or self._rank(plain) is not None

    def _rank(self, plain: str) -> tuple[int, bool] | None:
        """The rank of the kind a part (read by `_plain`) is, its place in the file, and whether
        it was written as listed rather than with a typo; None if it is not small talk. A part
        may be listed phrases one after another, with names: "ok cheers bye", "ta me duck"."""
        return self._listed(plain) or self._joined(plain.split())

    def _listed(self, plain: str) -> tuple[int, bool] | None:
        """The rank of the kind that lists this phrase, with up to two typos forgiven by length,
        and whether it was typed as listed."""
        rank = self.phrases.get(plain)
        if rank is not None or len(plain) < CLOSE_FROM:
            return None if rank is None else (rank, True)
        typos = 2 if len(plain) >= TWO_FROM else 1
        close = process.extractOne(plain, self.listed, scorer=OSA.distance, score_cutoff=typos)
        return (self.phrases[close[0]], False) if close else None

    def _joined(self, words: list[str]) -> tuple[int, bool] | None:
        """The words read as listed phrases and names one after another, each typed as listed
        and at least one a phrase: the first kind's rank ("ok cheers bye", "ta pal")."""
        if not 1 < len(words) <= JOINED_WORDS or not self.vocabulary.issuperset(words):
            return None
        best: dict[int, int | None] = {0: None}  # words[:end] read: the best kind's rank so far
        for end in range(1, len(words) + 1):
            for start in range(max(0, end - PHRASE_WORDS), end):
                piece = " ".join(words[start:end])
                if start not in best or (piece not in self.phrases and piece not in self.names):
                    continue
                ranks = [r for r in (best[start], self.phrases.get(piece)) if r is not None]
                rank = min(ranks, default=None)
                if best.get(end) is None:
                    best[end] = rank
        rank = best.get(len(words))
        return None if rank is None else (rank, True)

    def _plain(self, text: str) -> str:
        """`plain_words`, with text speak read as words ("thank u" -> "thank you")."""
        return " ".join(self.synonyms(plain_words(text)))


def plain_words(text: str) -> list[str]:
    """Folded words, with a held-down letter read once and kisses after them dropped ("Hellooo!"
    -> hello, "thanks xx" -> thanks): how a phrase is compared (the check uses it too)."""
    words = _HELD.sub(r"\1", fold(text)).split()
    while len(words) > 1 and _KISSES.fullmatch(words[-1]):
        words.pop()
    return words
