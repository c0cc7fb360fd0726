"""BM25 from per-term arrays: every item scored for a question in a few numpy steps.

Both word views use it: the main index (stemmed, field-weighted counts) and the plain one
(bot/okapi.py, words as written). Fast enough for 10,000 items.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence

import numpy as np


class Bm25:
    """Scores of every item for a set of terms; `idf` also serves callers weighing terms."""

    def __init__(
        self,
        counts: Sequence[Mapping[str, float]],
        lengths: Sequence[float],
        k1: float,
        b: float,
        idf: Callable[[int, int], float],
    ) -> None:
        """`counts`: each item's (weighted) term counts; `idf(items with term, all items)`."""
        self.size = len(counts)
        average = sum(lengths) / max(self.size, 1) or 1.0
        holders: defaultdict[str, list[int]] = defaultdict(list)
        for number, terms in enumerate(counts):
            for term in terms:
                holders[term].append(number)
        self.idf = {term: idf(len(numbers), self.size) for term, numbers in holders.items()}
        norms = [k1 * (1 - b + b * length / average) for length in lengths]
        self.postings: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        """Per term: the items containing it and its contribution to each item's score."""
        for term, numbers in holders.items():
            tf = np.array([counts[n][term] for n in numbers])
            norm = np.array([norms[n] for n in numbers])
            share = self.idf[term] * tf * (k1 + 1) / (tf + norm)
            self.postings[term] = (np.array(numbers, dtype=np.int64), share)

    def scores(self, terms: Iterable[str]) -> np.ndarray:
        """One score per item, in the order the counts were given (each term counted once)."""
        hits = [self.postings[t] for t in dict.fromkeys(terms) if t in self.postings]
        if not hits:
            return np.zeros(self.size)
        numbers = np.concatenate([h[0] for h in hits])
        result: np.ndarray = np.bincount(numbers, np.concatenate([h[1] for h in hits]), self.size)
        return result
