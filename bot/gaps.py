"""Group unanswered questions by similarity, so staff can turn each group into an entry."""

from __future__ import annotations

from rapidfuzz import fuzz

from bot.text import fold

SAME_GROUP = 60
"""token_set_ratio at or above which two questions are put in the same group."""


def group_questions(questions: list[str]) -> list[list[str]]:
    """Greedy grouping: each question joins the first group whose first question is close."""
    groups: list[list[str]] = []
    for question in questions:
        folded = fold(question)
        for group in groups:
            if fuzz.token_set_ratio(folded, fold(group[0])) >= SAME_GROUP:
                group.append(question)
                break
        else:
            groups.append([question])
    return sorted(groups, key=lambda g: (-len(g), g[0]))
