"""The hand-written WordPiece reads text exactly as the tokenizers library would."""

from __future__ import annotations

import pytest
from tokenizers import Tokenizer

from bot.conversation import Engine
from bot.model import KnowledgeBase
from bot.search import meaning_phrases
from bot.semantic import MAX_TOKENS, PROJECT_MODEL
from bot.wordpiece import WordPiece

ODD = [
    "Café déjà vu, naïve résumé",
    "ΣΊΣΥΦΟΣ and Ελληνικά",
    "中文字符 mixed with 日本語",
    "emoji 😀🔥 and a family 👨‍👩‍👧",
    "zero\u200bwidth\u200djoiner and soft\u00adhyphen",
    "tab\tnew\nline\rreturn, line\u2028and\u2029paragraph, non\u00a0breaking",
    "\ufb01 ligature \u216b \u2460 full width \uff46\uff55\uff4c\uff4c",
    "İstanbul ǅ ß ẞ ŉ ÅÆØ",
    "control\x07char\x00null\ufffd private\ue000use",
    "plain ascii\x0bvertical\x0cfeed\x1funit\x7fdelete\x01, tab\tand\rreturn\nCAPS! (50%) ~`|{}",
    "a" * 150 + " a word too long for BERT",
    "<b>stray html</b> &amp; entities",
    "arabic العربية hebrew עברית hindi हिन्दी thai ไทย",
    "hyphen-ated—dash…ellipsis «quotes» \u2018single\u2019 £100 €50",
    "\u0301 a combining mark first",
    "word " * 400,
]


@pytest.fixture(scope="module")
def both() -> tuple[Tokenizer, WordPiece]:
    library = Tokenizer.from_file(str(PROJECT_MODEL / "tokenizer.json"))
    library.enable_truncation(MAX_TOKENS)
    return library, WordPiece.from_file(PROJECT_MODEL / "tokenizer.json", MAX_TOKENS)


def test_every_knowledge_phrase_gets_the_librarys_ids(
    both: tuple[Tokenizer, WordPiece], real_kb: KnowledgeBase
) -> None:
    library, ours = both
    texts = [text for _, text in meaning_phrases(real_kb)]
    texts += [entry.answer for entry in real_kb.entries.values()]
    differ = [t for t in texts if library.encode(t).ids != ours.encode(t)]
    assert len(texts) > 3000 and differ == []


@pytest.mark.parametrize("text", ODD)
def test_odd_unicode_gets_the_librarys_ids(both: tuple[Tokenizer, WordPiece], text: str) -> None:
    library, ours = both
    assert ours.encode(text) == library.encode(text).ids
    assert len(ours.encode(text)) <= MAX_TOKENS


def test_a_broken_emoji_half_still_gets_an_answer(real_engine: Engine) -> None:
    reply = real_engine.ask("help \ud83d a man is at my door shouting and wont go")
    assert reply.emergency and "999" in reply.texts[0]
