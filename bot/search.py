"""Rank entries and flows for a question, and decide how sure the bot may be."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz

from bot.model import KnowledgeBase
from bot.text import Analyzer

FIELD_WEIGHTS = {"title": 1.0, "question": 1.0, "keyword": 1.0, "body": 0.45}
"""How much a query word counts when found in each field (the body is long and loose)."""
MIX = (0.5, 0.3, 0.2)
"""Weights of coverage of the query, coverage of one phrase, and fuzzy similarity."""
FUZZY_POOL = 40
"""Only the best lexical candidates get the slower fuzzy comparison (keeps large bases fast)."""
ANSWER_AT = 0.50
"""A top score at or above this, with a clear lead, is answered directly."""
LEAD = 0.08
"""How far the winner must be ahead of the runner-up to be answered directly."""
SUGGEST_AT = 0.30
"""Scores from here up to a direct answer get 'Did you mean…' buttons."""


@dataclass(frozen=True)
class Match:
    """A ranked search hit: an entry or flow id, its score from 0 to 1 and the words that hit."""

    id: str
    kind: str
    score: float
    matched: tuple[str, ...]


@dataclass(frozen=True)
class Decision:
    """What to do with a question: answer, offer choices, or say there is no guidance."""

    kind: str
    matches: tuple[Match, ...]


@dataclass
class _Doc:
    """One searchable item, with its text already turned into tokens."""

    id: str
    kind: str
    fields: dict[str, set[str]]
    phrases: list[list[str]]
    strings: list[str]


class Index:
    """An in-memory index over every entry and flow, rebuilt whenever knowledge loads."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.analyzer = Analyzer(kb.synonyms, kb.ignore)
        self.analyzer.learn(_all_text(kb))
        self.docs: list[_Doc] = []
        for entry in kb.entries.values():
            body = [entry.answer, *entry.steps]
            body += [v.answer for v in entry.by_nation.values() if v.answer]
            self._add(entry.id, "entry", entry.title, entry.questions, entry.keywords, body)
        for flow in kb.flows.values():
            self._add(flow.id, "flow", flow.title, flow.questions, flow.keywords, [flow.summary])
        self.postings: dict[str, list[int]] = defaultdict(list)
        for number, doc in enumerate(self.docs):
            for token in set().union(*doc.fields.values()):
                self.postings[token].append(number)
        count = max(len(self.docs), 1)
        self.idf = {t: math.log(1 + count / len(p)) for t, p in self.postings.items()}
        self.unknown_idf = math.log(1 + count)

    def _add(
        self,
        ident: str,
        kind: str,
        title: str,
        questions: Iterable[str],
        keywords: Iterable[str],
        body: Iterable[str],
    ) -> None:
        tokens = self.analyzer.tokens
        title_tokens = tokens(title)
        question_tokens = [tokens(q) for q in questions]
        keyword_tokens = [tokens(k) for k in keywords]
        fields = {
            "title": set(title_tokens),
            "question": {t for q in question_tokens for t in q},
            "keyword": {t for k in keyword_tokens for t in k},
            "body": {t for text in body for t in tokens(text)},
        }
        phrases = [p for p in [title_tokens, *question_tokens, *keyword_tokens] if p]
        strings = [" ".join(p) for p in [title_tokens, *question_tokens] if p]
        self.docs.append(_Doc(ident, kind, fields, phrases, strings))

    def search(self, text: str, limit: int = 5) -> list[Match]:
        """The best entries and flows for a question, best first."""
        query = list(dict.fromkeys(self.analyzer.tokens(text, correct=True)))
        if not query:
            return []
        weights = {t: self.idf.get(t, self.unknown_idf) for t in query}
        total = sum(weights.values())
        candidates = {n for t in query for n in self.postings.get(t, ())}
        lexical = []
        for number in candidates:
            doc = self.docs[number]
            matched = tuple(t for t in query if any(t in f for f in doc.fields.values()))
            coverage = sum(weights[t] * _field_weight(doc, t) for t in matched) / total
            phrase = max(_phrase_cover(p, weights, self.idf) for p in doc.phrases)
            lexical.append((MIX[0] * coverage + MIX[1] * phrase, number, matched))
        lexical.sort(key=lambda item: -item[0])
        query_string = " ".join(query)
        matches = []
        for partial, number, matched in lexical[:FUZZY_POOL]:
            doc = self.docs[number]
            fuzzy = max((fuzz.token_sort_ratio(query_string, s) for s in doc.strings), default=0)
            score = partial + MIX[2] * fuzzy / 100
            matches.append(Match(doc.id, doc.kind, round(score, 4), matched))
        matches.sort(key=lambda m: (-m.score, m.id))
        return matches[:limit]


def decide(matches: list[Match]) -> Decision:
    """Apply the confidence policy.

    'answer': a clear winner. 'close': a strong winner with near rivals, answered with the
    rivals offered as 'Did you mean' buttons. 'choose': nothing strong, so only the buttons.
    'none': nothing good at all.
    """
    if not matches or matches[0].score < SUGGEST_AT:
        return Decision("none", ())
    top = matches[0]
    rivals = tuple(m for m in matches[1:3] if top.score - m.score < LEAD)
    if top.score >= ANSWER_AT:
        return Decision("close", (top, *rivals)) if rivals else Decision("answer", (top,))
    return Decision("choose", tuple(m for m in matches[:3] if m.score >= SUGGEST_AT * 0.8))


def _field_weight(doc: _Doc, token: str) -> float:
    """The weight of the strongest field that holds a token."""
    return max(FIELD_WEIGHTS[name] for name, tokens in doc.fields.items() if token in tokens)


def _phrase_cover(phrase: list[str], weights: dict[str, float], idf: dict[str, float]) -> float:
    """How much of one question or keyword phrase the query covers, by word importance."""
    total = sum(idf.get(t, 0.0) for t in phrase)
    if not total:
        return 0.0
    return sum(idf.get(t, 0.0) for t in set(phrase) if t in weights) / total


def _all_text(kb: KnowledgeBase) -> list[str]:
    """Every piece of text the index learns its vocabulary from."""
    texts: list[str] = []
    for entry in kb.entries.values():
        texts += [entry.title, entry.answer, *entry.questions, *entry.keywords, *entry.steps]
    for flow in kb.flows.values():
        texts += [flow.title, flow.summary, *flow.questions, *flow.keywords]
    texts += list(kb.triage.danger) + list(kb.triage.general) + list(kb.triage.urgent)
    return texts
