"""Remove personal details from text before it is kept for staff."""

from __future__ import annotations

import re

PATTERNS = (
    (re.compile(r"\b[\w.+-]+@[\w-]+(\.[\w-]+)+\b"), "[email]"),
    (re.compile(r"(https?://|www\.)\S+", re.IGNORECASE), "[link]"),
    (re.compile(r"\b[\w-]+\.(com|co\.uk|org|uk|net|io|me)\b\S*", re.IGNORECASE), "[link]"),
    (re.compile(r"(?<!\w)@\w{2,}"), "[handle]"),
    (re.compile(r"(?<!\w)\+?\d[\d\s().-]{6,}\d"), "[number]"),
    (re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE), "[postcode]"),
)


def redact(text: str) -> str:
    """Replace emails, links, @handles, phone numbers and postcodes with placeholders."""
    for pattern, placeholder in PATTERNS:
        text = pattern.sub(placeholder, text)
    return text
