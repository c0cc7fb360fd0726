"""Decide, before any search, whether a message describes danger happening now."""

from __future__ import annotations

from dataclasses import dataclass

from bot.model import Triage
from bot.text import Analyzer, stem

MAX_GAP = 3
"""Words allowed between two words of a danger phrase ('following me' in 'following me home')."""


@dataclass(frozen=True)
class TriageResult:
    """Whether to lead with 999, and which danger phrases were seen."""

    emergency: bool
    danger: tuple[str, ...]
    general: bool


class Triager:
    """Matches the triage phrases against messages, tolerant of typos and slang."""

    def __init__(self, triage: Triage, analyzer: Analyzer) -> None:
        self.analyzer = analyzer
        self.danger = [(p, self._stems(p)) for p in triage.danger]
        self.general = [self._stems(p) for p in triage.general]
        self.urgent = [self._stems(p) for p in triage.urgent]

    def _stems(self, text: str, correct: bool = False) -> list[str]:
        return [stem(w) for w in self.analyzer.words(text, correct)]

    def assess(self, text: str) -> TriageResult:
        """Look for danger now; a general or past-tense question only counts if urgent too."""
        words = self._stems(text, correct=True)
        danger = tuple(p for p, stems in self.danger if _contains(words, stems, MAX_GAP))
        general = any(_contains(words, stems, 0) for stems in self.general)
        urgent = any(_contains(words, stems, 0) for stems in self.urgent)
        return TriageResult(bool(danger) and (urgent or not general), danger, general)


def _contains(words: list[str], phrase: list[str], gap: int) -> bool:
    """True if the phrase's words appear in order, at most `gap` words apart."""
    if not phrase:
        return False
    for start, word in enumerate(words):
        if word != phrase[0]:
            continue
        position, found = start, True
        for wanted in phrase[1:]:
            window = words[position + 1 : position + 2 + gap]
            if wanted not in window:
                found = False
                break
            position = position + 1 + window.index(wanted)
        if found:
            return True
    return False
