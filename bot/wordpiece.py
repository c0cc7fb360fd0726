"""BERT's uncased WordPiece tokenizer, which the meaning model was trained with.

The tokenizers library does this too, but holds 9.5 MiB for this one vocabulary against about
3 MiB here, and the running bot must stay under 150 MiB. tests/test_wordpiece.py checks that
both give the same ids for every knowledge phrase and for odd Unicode.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

MAX_WORD = 100
"""Characters in one word beyond which BERT gives up and reads it as unknown."""
_CJK = (
    (0x4E00, 0x9FFF),
    (0x3400, 0x4DBF),
    (0x20000, 0x2A6DF),
    (0x2A700, 0x2B73F),
    (0x2B740, 0x2B81F),
    (0x2B820, 0x2CEAF),
    (0xF900, 0xFAFF),
    (0x2F800, 0x2FA1F),
)
"""CJK ideographs, which BERT reads one character at a time."""
_ASCII_CLEAN = {code: None for code in (*range(32), 127)} | dict.fromkeys(b"\t\n\r", " ")
"""BERT's cleaning of plain ASCII: controls go, tabs and line ends become spaces."""
_ASCII_WORD = re.compile(r"[a-z0-9]+|[^a-z0-9 ]")
"""A plain ASCII word, or one punctuation mark (every other printable ASCII character is one)."""


class WordPiece:
    """Text to token ids: [CLS], the word pieces, [SEP], cut to `limit` ids in all."""

    def __init__(self, vocabulary: dict[str, int], limit: int) -> None:
        self.vocabulary = vocabulary
        self.limit = limit
        self.unknown = vocabulary["[UNK]"]
        self.start, self.end = vocabulary["[CLS]"], vocabulary["[SEP]"]
        self.longest = max(len(piece) for piece in vocabulary)

    @classmethod
    def from_file(cls, path: Path, limit: int) -> WordPiece:
        """Read the vocabulary from a Hugging Face tokenizer.json."""
        vocabulary = json.loads(path.read_text(encoding="utf-8"))["model"]["vocab"]
        return cls({str(k): int(v) for k, v in vocabulary.items()}, limit)

    def encode(self, text: str) -> list[int]:
        """The ids the model reads for this text."""
        ids: list[int] = []
        room = self.limit - 2
        for word in _words(text):
            ids += self._pieces(word)
            if len(ids) >= room:
                break
        return [self.start, *ids[:room], self.end]

    def _pieces(self, word: str) -> list[int]:
        """Greedy longest-match-first split of one word into known pieces, or [UNK]."""
        if len(word) > MAX_WORD:
            return [self.unknown]
        pieces, start = [], 0
        while start < len(word):
            prefix = "##" if start else ""
            for end in range(min(len(word), start + self.longest), start, -1):
                found = self.vocabulary.get(prefix + word[start:end])
                if found is not None:
                    pieces.append(found)
                    start = end
                    break
            else:
                return [self.unknown]
        return pieces


def _words(text: str) -> list[str]:
    """BERT's normaliser and pre-tokeniser: clean, space out CJK, strip accents, lower case,
    then split on white space and on every punctuation mark."""
    if text.isascii():  # most messages: the same words, by one regular expression, 5 times faster
        return _ASCII_WORD.findall(text.translate(_ASCII_CLEAN).lower())
    cleaned = []
    for char in text:
        code = ord(char)
        if code in (0, 0xFFFD) or _is_control(char):
            continue
        if _is_space(char):
            cleaned.append(" ")
        elif any(low <= code <= high for low, high in _CJK):
            cleaned.append(f" {char} ")
        else:
            cleaned.append(char)
    folded = unicodedata.normalize("NFD", "".join(cleaned))
    # each character on its own, as the Rust original does: no final-sigma rule
    folded = "".join(c.lower() for c in folded if unicodedata.category(c) != "Mn")
    words: list[str] = []
    for chunk in folded.split():
        current = ""
        for char in chunk:
            if _is_punctuation(char):
                words += [current, char] if current else [char]
                current = ""
            else:
                current += char
        if current:
            words.append(current)
    return words


def _is_space(char: str) -> bool:
    return char in "\t\n\r" or unicodedata.category(char).startswith("Z")


def _is_control(char: str) -> bool:
    """Controls, formats, private-use characters and lone surrogates: BERT drops them."""
    if char in "\t\n\r":
        return False
    return unicodedata.category(char) in ("Cc", "Cf", "Co", "Cs")


def _is_punctuation(char: str) -> bool:
    code = ord(char)
    if 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126:
        return True
    return unicodedata.category(char).startswith("P")
