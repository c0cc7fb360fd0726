"""Knows a message that is only small talk ("hi", "is this working?", "thanks, bye"), so it gets a
reply in kind (smalltalk.yaml) rather than "I don't have guidance on that" or a false alarm."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.model import SmallTalk
from bot.text import fold

MAX_PARTS = 4
"""Parts ("hi", "is this working") a message may have and still be only small talk."""
MAX_LENGTH = 80
"""Characters: anything longer is a question or a story, whatever words it starts with."""
CLOSE_AT = 88
"""rapidfuzz ratio at which a part is read as a phrase with a typo ("thnks", "helo there")."""
CLOSE_FROM = 5
"""Letters a part needs before a typo is forgiven: "ty" and "yo" must be typed as listed."""
_PART_END = re.compile(r"[.,!?;:\n]+|\s+-+\s+")
_HELD = re.compile(r"(\w)\1{2,}")
"""A letter held down: "hellooo", "byeee", "hiiii"."""


@dataclass(frozen=True)
class Said:
    """A message read as small talk: the kind that answers it, and whether every part was
    written exactly as listed (only then may it stand against a learned model's alarm)."""

    talk: SmallTalk
    exact: bool


class SmallTalkReader:
    """Reads whole messages against the phrases in smalltalk.yaml."""

    def __init__(self, kinds: tuple[SmallTalk, ...]) -> None:
        self.kinds = kinds
        self.phrases: dict[str, int] = {}
        for rank, kind in enumerate(kinds):  # a phrase listed twice answers as the first kind
            for phrase in kind.says:
                self.phrases.setdefault(_plain(phrase), rank)
        self.listed = list(self.phrases)

    def read(self, text: str) -> Said | None:
        """The small talk a message is, or None if any part of it is more than that. The kind
        first in the file wins: "hi, is this working?" is answered as a check, not a hello."""
        if not self.kinds or len(text) > MAX_LENGTH:
            return None
        parts = [plain for part in _PART_END.split(text) if (plain := _plain(part))]
        if not parts or len(parts) > MAX_PARTS:
            return None
        ranks, exact = [], True
        for part in parts:
            rank = self.phrases.get(part)
            if rank is None and len(part) >= CLOSE_FROM:
                close = process.extractOne(
                    part, self.listed, scorer=fuzz.ratio, score_cutoff=CLOSE_AT
                )
                rank, exact = (self.phrases[close[0]], False) if close else (None, exact)
            if rank is None:
                return None
            ranks.append(rank)
        return Said(self.kinds[min(ranks)], exact)


def _plain(text: str) -> str:
    """Folded, with a held-down letter read once ("Hellooo!" -> "hello")."""
    return _HELD.sub(r"\1", fold(text))
