"""What the bot remembers per user (only their nation), in SQLite so a crash never corrupts it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bot.model import Prefs

SCHEMA = """
CREATE TABLE IF NOT EXISTS prefs (
    user_id INTEGER PRIMARY KEY,
    nation TEXT,
    area TEXT,
    election TEXT,
    updated TEXT NOT NULL DEFAULT (date('now'))
);
CREATE TABLE IF NOT EXISTS gaps (
    asked TEXT NOT NULL DEFAULT (date('now')),
    question TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS feedback (
    item TEXT PRIMARY KEY,
    helpful INTEGER NOT NULL DEFAULT 0,
    unhelpful INTEGER NOT NULL DEFAULT 0
);
"""


class Store:
    """A small SQLite file under BOT_DATA_DIR; WAL mode and one transaction per write."""

    def __init__(self, data_dir: Path) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(
            data_dir / "bot.sqlite3", isolation_level=None, check_same_thread=False
        )
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)

    def prefs(self, user_id: int) -> Prefs:
        """The user's remembered preferences, or the defaults."""
        row = self.db.execute(
            "SELECT nation, area, election FROM prefs WHERE user_id = ?", (user_id,)
        ).fetchone()
        return Prefs(*row) if row else Prefs()

    def remember(self, user_id: int, prefs: Prefs) -> None:
        """Save the user's preferences."""
        with self.db:
            self.db.execute(
                "INSERT INTO prefs (user_id, nation, area, election) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(user_id) DO UPDATE SET nation = excluded.nation, "
                "area = excluded.area, election = excluded.election, updated = date('now')",
                (user_id, prefs.nation, prefs.area, prefs.election),
            )

    def forget(self, user_id: int) -> None:
        """Delete everything held about the user."""
        with self.db:
            self.db.execute("DELETE FROM prefs WHERE user_id = ?", (user_id,))

    def record_gap(self, question: str, keep_days: int) -> None:
        """Keep an unanswered question, already redacted, with no user id, for keep_days."""
        if keep_days <= 0:
            return
        with self.db:
            self.db.execute("INSERT INTO gaps (question) VALUES (?)", (question,))
            self.db.execute(
                "DELETE FROM gaps WHERE asked < date('now', ?)", (f"-{keep_days} days",)
            )

    def gaps(self, keep_days: int) -> list[tuple[str, str]]:
        """Unanswered questions (date, text) from the last keep_days, oldest removed first."""
        with self.db:
            self.db.execute(
                "DELETE FROM gaps WHERE asked < date('now', ?)", (f"-{max(keep_days, 0)} days",)
            )
        return list(self.db.execute("SELECT asked, question FROM gaps ORDER BY asked"))

    def record_feedback(self, item: str, helpful: bool) -> None:
        """Count one 'Was this helpful?' answer for an entry or flow (no user id kept)."""
        column = "helpful" if helpful else "unhelpful"
        with self.db:
            self.db.execute(
                f"INSERT INTO feedback (item, {column}) VALUES (?, 1) "
                f"ON CONFLICT(item) DO UPDATE SET {column} = {column} + 1",
                (item,),
            )

    def feedback(self) -> list[tuple[str, int, int]]:
        """Helpful and unhelpful counts per entry or flow."""
        return list(self.db.execute("SELECT item, helpful, unhelpful FROM feedback ORDER BY item"))

    def close(self) -> None:
        """Close the database file."""
        self.db.close()
