"""A problem found in a knowledge file, and how it is printed for staff."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in a knowledge file: where it is, what is wrong and how to fix it."""

    file: str
    line: int
    where: str
    message: str
    hint: str = ""
    warning: bool = False

    def format(self) -> str:
        """Render as `file:line: where: what is wrong. how to fix`."""
        text = f"{self.file}:{self.line}: {self.where}: {self.message.rstrip('.')}."
        if self.hint:
            hint = self.hint.rstrip(".")
            text += f" {hint}" + ("" if hint.endswith(("?", "!")) else ".")
        if self.warning:
            text += " (warning)"
        return text


def display_path(path: Path, root: Path) -> str:
    """Show a file relative to the knowledge folder's parent, as staff see it."""
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return str(path)


def summary(problems: list[Problem], strict: bool) -> str:
    """One closing line: counts of errors and warnings and what happens next."""
    errors = sum(1 for p in problems if not p.warning)
    warnings = len(problems) - errors
    failing = errors + (warnings if strict else 0)
    outcome = "Fix these and run the check again." if failing else "The knowledge can be loaded."
    return f"{errors} error(s), {warnings} warning(s). {outcome}"
