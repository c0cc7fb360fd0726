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
)
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
        self.db.execute(SCHEMA)

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

    def close(self) -> None:
        """Close the database file."""
        self.db.close()
