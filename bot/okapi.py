"""Classic Okapi BM25 over each item's plain words: a second, simpler view of the words.

The main index stems, maps synonyms, corrects typos and weights fields; this one does none of
that, so it keeps exact wording the main one folds away ("wales" and "welsh", "post" and
"posting"). Fused with it, cross-validation gained most on paraphrases and nation questions.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence

import numpy as np

from bot.text import fold

K1, B = 1.5, 0.75
"""The usual BM25 saturation and length normalisation."""


class Okapi:
    """BM25 scores of every item for a question, from per-word arrays (fast for 10,000 items)."""

    def __init__(self, texts: Sequence[str]) -> None:
        docs = [fold(text).split() for text in texts]
        self.size = len(docs)
        average = sum(len(d) for d in docs) / max(self.size, 1) or 1.0
        found: defaultdict[str, tuple[list[int], list[float]]] = defaultdict(lambda: ([], []))
        for number, words in enumerate(docs):
            norm = K1 * (1 - B + B * len(words) / average)
            for word, count in Counter(words).items():
                found[word][0].append(number)
                found[word][1].append(count * (K1 + 1) / (count + norm))
        self.postings: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for word, (numbers, parts) in found.items():
            idf = math.log(1 + (self.size - len(numbers) + 0.5) / (len(numbers) + 0.5))
            self.postings[word] = (np.array(numbers, dtype=np.int64), idf * np.array(parts))

    def scores(self, text: str) -> np.ndarray:
        """One BM25 score per item, in the order the texts were given."""
        hits = [self.postings[w] for w in set(fold(text).split()) if w in self.postings]
        if not hits:
            return np.zeros(self.size)
        numbers = np.concatenate([h[0] for h in hits])
        result: np.ndarray = np.bincount(numbers, np.concatenate([h[1] for h in hits]), self.size)
        return result
