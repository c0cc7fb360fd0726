"""Classic Okapi BM25 over each item's plain words: a second, simpler view of the words.

The main index stems, maps synonyms, corrects typos and weights fields; this one does none of
that, so it keeps exact wording the main one folds away ("wales" and "welsh", "post" and
"posting"). Fused with it, cross-validation gained most on paraphrases and nation questions.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np

from bot.bm25 import Bm25
from bot.text import fold

K1, B = 1.5, 0.75
"""The usual BM25 saturation and length normalisation."""


def _idf(holders: int, size: int) -> float:
    """Okapi's idf, kept positive (Lucene's form) so a very common word never counts against."""
    return math.log(1 + (size - holders + 0.5) / (holders + 0.5))


class Okapi:
    """BM25 scores of every item for a question, on words as written."""

    def __init__(self, texts: Sequence[str]) -> None:
        words = [fold(text).split() for text in texts]
        self.bm25 = Bm25([Counter(w) for w in words], [len(w) for w in words], K1, B, _idf)

    def scores(self, text: str) -> np.ndarray:
        """One BM25 score per item, in the order the texts were given."""
        return self.bm25.scores(fold(text).split())
