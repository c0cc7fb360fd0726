"""Rank entries and flows for a question, and decide how sure the bot may be."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process

from bot.bm25 import Bm25
from bot.knowledge import TRIAGE_FIELDS
from bot.model import KnowledgeBase
from bot.okapi import Okapi
from bot.semantic import Encoder, SemanticIndex
from bot.text import Analyzer

FIELD_WEIGHTS = {"title": 3.0, "question": 1.5, "keyword": 3.0, "body": 1.0}
"""How much one occurrence of a word counts in each field (BM25F-style weighting)."""
K1, B = 1.2, 0.4
"""BM25 saturation and length normalisation."""
MIX = (0.55, 0.3, 0.15)
"""Weights of the BM25F score, coverage of one of the item's own phrases, and fuzziness."""
LEXICAL_POOL = 150
"""Only the best BM25F candidates are scored on phrases (keeps large bases fast)."""
FUZZY_POOL = 40
"""Only the best lexical candidates get the slower fuzzy comparison (keeps large bases fast)."""
ANSWER_SIMILARITY = 0.75
"""A question this close in meaning to one of an item's phrases is answered directly..."""
ANSWER_COVERAGE, ANSWER_BACKING = 0.5, 0.6
"""...or one whose words the item mostly explains, with meaning close enough to back it..."""
ANSWER_EVIDENCE = 8.0
"""...or a long story in which the item explains this much information (sum of idf)."""
SUGGEST_COVERAGE, SUGGEST_SIMILARITY = 0.3, 0.45
"""Below both, say plainly there is no guidance rather than offer weak 'Did you mean…'."""
WORDS_ONLY_COVERAGE, WORDS_ONLY_EVIDENCE = 0.5, 6.0
"""The answer rule when the meaning model could not load: words alone decide."""
MEANING_WEIGHT = 9.0
"""Weight of meaning (embedding similarity) against words when ranking; each scaled to 0-1.
The model is tuned on the knowledge's phrases, so meaning leads and words break near-ties."""
PLAIN_WEIGHT = 0.5
"""Weight of plain Okapi BM25 (bot/okapi.py), scaled to 0-1 like the others."""
PLAIN_POOL = 10
"""The best plain-BM25 items (those sharing a word with the question) are always candidates."""
NONE_MARGIN = 0.06
"""Off topic: closer in meaning to an `expect: none` example than to any item, less this."""
NONE = "none"
"""The `expect` of examples the bot should not answer."""
RIVAL = 0.92
"""Results scoring at least this share of the winner's score are offered as 'Or: …'."""


@dataclass(frozen=True)
class Match:
    """A ranked search hit: an entry or flow id, its score and how much it explains."""

    id: str
    kind: str
    score: float
    matched: tuple[str, ...]
    coverage: float = 0.0
    """Share of the question's information (idf-weighted words) this item contains."""
    evidence: float = 0.0
    """The information (sum of idf) of the question's words this item contains."""
    similarity: float | None = None
    """Cosine similarity in meaning to the item's closest phrase (None when the model is off)."""


@dataclass(frozen=True)
class Decision:
    """What to do with a question: answer, offer choices, or say there is no guidance."""

    kind: str
    matches: tuple[Match, ...]


@dataclass
class _Doc:
    """One searchable item, with its text already turned into weighted token counts."""

    id: str
    kind: str
    weights: dict[str, float]
    length: float
    phrases: list[list[str]]
    """The item's title, questions and keywords as token lists."""
    strings: list[str]
    phrase_totals: list[float] = field(default_factory=list)
    """Information (sum of idf) in each phrase."""
    token_phrases: dict[str, list[int]] = field(default_factory=dict)
    """For each token, the phrases it occurs in (once per occurrence)."""


class Index:
    """An in-memory index over every entry and flow, rebuilt whenever knowledge loads."""

    def __init__(
        self, kb: KnowledgeBase, encoder: Encoder | None = None, kept: Path | None = None
    ) -> None:
        """`kept`: where phrase vectors are kept between starts (see SemanticIndex)."""
        self.analyzer = Analyzer(kb.synonyms, kb.ignore)
        real_words = encoder.tokenizer.vocabulary if encoder else frozenset()  # BERT's words
        self.analyzer.learn(_all_text(kb), real_words)
        self.docs: list[_Doc] = []
        texts: list[str] = []  # each item's words as written, for the plain view
        for entry in kb.entries.values():
            body = [entry.answer, *entry.steps]
            body += [v.answer for v in entry.by_nation.values() if v.answer]
            texts.append(
                self._add(entry.id, "entry", entry.title, entry.questions, entry.keywords, body)
            )
        for flow in kb.flows.values():
            texts.append(
                self._add(
                    flow.id, "flow", flow.title, flow.questions, flow.keywords, [flow.summary]
                )
            )
        self.words = Bm25(
            [d.weights for d in self.docs], [d.length for d in self.docs], K1, B, _idf
        )
        self.idf = self.words.idf
        self.unknown_idf = _idf(1, len(self.docs))
        self.okapi = Okapi(texts)
        self.off_topic = [self.analyzer.words(p) for p in kb.off_topic]
        places = [p for force in kb.areas.forces.values() for p in force.places]
        self.places = frozenset(t for p in places for t in self.analyzer.tokens(p))
        """Town and force-area words: they choose the nation's version (areas.find_place), so
        they do not count against how much of a question an item explains."""
        self.numbers = {doc.id: number for number, doc in enumerate(self.docs)}
        self.meaning = SemanticIndex(encoder, meaning_phrases(kb), kept) if encoder else None
        for doc in self.docs:
            doc.phrase_totals = [sum(self.idf.get(t, 0.0) for t in p) for p in doc.phrases]
            for number, phrase in enumerate(doc.phrases):
                for token in phrase:
                    doc.token_phrases.setdefault(token, []).append(number)

    def _off_topic_phrase(self, text: str) -> bool:
        """True when the question contains a phrase about campaigning rather than safety."""
        words = " " + " ".join(self.analyzer.words(text)) + " "
        return any(f" {' '.join(p)} " in words for p in self.off_topic if p)

    def _add(
        self,
        ident: str,
        kind: str,
        title: str,
        questions: Sequence[str],
        keywords: Sequence[str],
        body: Sequence[str],
    ) -> str:
        """Index one item; its words as written, for the plain view."""
        tokens = self.analyzer.tokens
        fields = {
            "title": [tokens(title)],
            "question": [tokens(q) for q in questions],
            "keyword": [tokens(k) for k in keywords],
            "body": [tokens(text) for text in body],
        }
        weights: defaultdict[str, float] = defaultdict(float)
        length = 0.0
        for name, parts in fields.items():
            for part in parts:
                for token in part:
                    weights[token] += FIELD_WEIGHTS[name]
                length += FIELD_WEIGHTS[name] * len(part)
        phrases = [p for name in ("title", "question", "keyword") for p in fields[name] if p]
        strings = [" ".join(p) for p in [*fields["title"], *fields["question"]] if p]
        self.docs.append(_Doc(ident, kind, weights, length, phrases, strings))
        return " ".join([title, *questions, *keywords, *body])

    def search(
        self, text: str, limit: int = 5, vector: np.ndarray | None = None
    ) -> tuple[list[Match], bool]:
        """The best entries and flows for a question, best first, and whether it is off topic.

        Off topic: it contains a phrase listed under off_topic in synonyms.yaml, or it is closer
        in meaning to an example marked `expect: none` than to anything the bot can answer.
        `vector`: the question's meaning vector, if the caller has already encoded it.
        """
        off_topic = self._off_topic_phrase(text)
        query = list(dict.fromkeys(self.analyzer.tokens(text, correct=True)))
        if not query:
            return [], off_topic
        idf = {t: self.idf.get(t, self.unknown_idf) for t in query}
        total = sum(idf.values())
        topical = sum(v for t, v in idf.items() if t not in self.places) or total
        bm25 = self.words.scores(query)
        best_possible = total * (K1 + 1)
        pool = sorted(_best(bm25, LEXICAL_POOL), key=lambda n: -bm25[n])

        matched: dict[int, tuple[str, ...]] = {}  # per item scored: the tokens it contains

        def words_score(number: int) -> float:
            if not bm25[number]:  # shares no word with the question
                matched[number] = ()
                return 0.0
            matched[number] = self._matched(query, number)
            phrase = _phrase_cover(self.docs[number], matched[number], self.idf)
            return MIX[0] * float(bm25[number]) / best_possible + MIX[1] * phrase

        partial = {number: words_score(number) for number in pool}
        candidates = sorted(partial, key=lambda n: -partial[n])[:FUZZY_POOL]
        meaning = self.meaning.similarities(text, vector) if self.meaning else {}
        none = meaning.pop(NONE, None)  # only when an `expect: none` example is among the nearest
        nearest_item = max((m[1] for m in meaning.values()), default=0.0)
        off_topic = off_topic or (none is not None and none[1] > nearest_item - NONE_MARGIN)
        plain = self.okapi.scores(text)
        top_plain = float(plain.max(initial=0.0)) or 1.0
        chosen = set(candidates)
        for number in [*(self.numbers[i] for i in meaning), *_best(plain, PLAIN_POOL)]:
            if number not in chosen:
                chosen.add(number)
                candidates.append(number)
        query_string = " ".join(query)
        lexical = {}
        for number in candidates:
            strings = self.docs[number].strings
            best = process.extractOne(query_string, strings, scorer=fuzz.token_sort_ratio)
            fuzzy = best[1] if best else 0
            words = partial[number] if number in partial else words_score(number)
            lexical[number] = words + MIX[2] * fuzzy / 100
        top_lexical = max(lexical.values(), default=0.0) or 1.0
        top_meaning = max((m[0] for m in meaning.values()), default=0.0) or 1.0
        scores = {}
        for number, words in lexical.items():
            near = meaning.get(self.docs[number].id, (0.0, 0.0))[0]
            lexical_share = (words / top_lexical + PLAIN_WEIGHT * plain[number] / top_plain) / (
                1 + PLAIN_WEIGHT
            )
            scores[number] = round(
                float(lexical_share) + MEANING_WEIGHT * max(near, 0.0) / top_meaning, 4
            )
        shown = sorted(scores, key=lambda n: (-scores[n], self.docs[n].id))[:limit]
        matches = []
        for number in shown:  # only the results returned are described in full
            doc = self.docs[number]
            closest = meaning.get(doc.id, (0.0, 0.0))[1]
            evidence = sum(idf[t] for t in matched[number])
            similarity = round(closest, 4) if self.meaning else None
            matches.append(
                Match(
                    doc.id,
                    doc.kind,
                    scores[number],
                    matched[number],
                    round(evidence / max(topical, 1e-9), 4),
                    round(evidence, 3),
                    similarity,
                )
            )
        return matches, off_topic

    def _matched(self, query: list[str], number: int) -> tuple[str, ...]:
        """The question's tokens that this item contains."""
        weights = self.docs[number].weights
        return tuple(t for t in query if t in weights)


def decide(matches: list[Match], off_topic: bool = False, danger: bool = False) -> Decision:
    """Apply the confidence policy (README: "How the bot decides"; thresholds chosen there).

    'answer': the winner is close enough to be sure. 'close': the same, but near rivals are
    offered as 'Or: …' buttons under the answer. 'choose': too uncertain, so only 'Did you
    mean…' buttons. 'none': nothing comes near the question at all. A question about running a
    campaign rather than safety (off_topic) is never answered outright. In danger only a close
    meaning makes the bot sure (see _sure); the engine then opens a danger entry or flow.
    """
    if not matches:
        return Decision("none", ())
    top = matches[0]
    sure = _sure(top, danger)
    if off_topic:
        return Decision("choose", tuple(matches[:3])) if sure else Decision("none", ())
    if sure:
        rivals = tuple(m for m in matches[1:3] if m.score >= RIVAL * top.score)
        return Decision("close", (top, *rivals)) if rivals else Decision("answer", (top,))
    if top.coverage >= SUGGEST_COVERAGE or (top.similarity or 0.0) >= SUGGEST_SIMILARITY:
        return Decision("choose", tuple(matches[:3]))
    return Decision("none", ())


def _sure(top: Match, danger: bool) -> bool:
    """Whether the best match is certain enough to answer without asking. In danger only a
    close meaning counts: shared words would open, say, the criminal damage entry for a brick
    through the window with the thrower still outside, where the danger entries belong."""
    if top.similarity is None:  # the meaning model is off: words alone decide
        return top.coverage >= WORDS_ONLY_COVERAGE or top.evidence >= WORDS_ONLY_EVIDENCE
    if danger:
        return top.similarity >= ANSWER_SIMILARITY
    return (
        top.similarity >= ANSWER_SIMILARITY
        or (top.coverage >= ANSWER_COVERAGE and top.similarity >= ANSWER_BACKING)
        or top.evidence >= ANSWER_EVIDENCE
    )


def _best(scores: np.ndarray, count: int) -> list[int]:
    """The positions of the `count` highest scores above zero, in position order (so ties
    rank alike on every run), without sorting every score: a large base has thousands."""
    if len(scores) > count:
        top = np.sort(np.argpartition(-scores, count - 1)[:count])
        return [int(n) for n in top if scores[n] > 0]
    return [int(n) for n in np.flatnonzero(scores > 0)]


def _idf(holders: int, size: int) -> float:
    """Inverse document frequency of the main index: rarer words tell more."""
    return math.log(1 + size / holders)


def _phrase_cover(doc: _Doc, matched: tuple[str, ...], idf: dict[str, float]) -> float:
    """The largest share of one of the item's own phrases that the question covers."""
    covered: dict[int, float] = defaultdict(float)
    for token in matched:
        for number in doc.token_phrases.get(token, ()):
            covered[number] += idf.get(token, 0.0)
    shares = (v / doc.phrase_totals[n] for n, v in covered.items() if doc.phrase_totals[n])
    return max(shares, default=0.0)


def meaning_phrases(kb: KnowledgeBase) -> list[tuple[str, str]]:
    """(item id, phrase) pairs that should lead to each item, for meaning-based matching.

    The examples staff add to examples.yaml count too: every real question they label teaches
    the bot another way of asking.
    """
    pairs: list[tuple[str, str]] = []
    for entry in kb.entries.values():
        pairs += [(entry.id, t) for t in (entry.title, *entry.questions, *entry.keywords)]
    for flow in kb.flows.values():
        pairs += [(flow.id, t) for t in (flow.title, *flow.questions, *flow.keywords)]
    known = {*kb.entries, *kb.flows, NONE}
    pairs += [(x.expect, x.question) for x in kb.examples if x.expect in known]
    return pairs


def _all_text(kb: KnowledgeBase) -> list[str]:
    """Every piece of text the index learns its vocabulary from."""
    texts: list[str] = []
    for entry in kb.entries.values():
        texts += [entry.title, entry.answer, *entry.questions, *entry.keywords, *entry.steps]
    for flow in kb.flows.values():
        texts += [flow.title, flow.summary, *flow.questions, *flow.keywords]
    t = kb.triage
    # every phrase list TRIAGE_FIELDS names: the words of a list left out here were corrected
    # away ("ramming", in `outright` only, read as "racing")
    for listed in TRIAGE_FIELDS:
        if listed.kind == "texts":
            texts += getattr(t, listed.name)
    texts += [group[0] for group in t.slang]  # not the misspellings: those get corrected
    return texts
