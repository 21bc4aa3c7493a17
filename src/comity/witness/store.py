"""A witness's own database: the last checkpoint it cosigned for each log, in SQLite.

One row per origin. Moving a log forward is a compare-and-swap: the row is updated only if it
still holds the size and root the consistency proof started from, in one ``BEGIN IMMEDIATE``
transaction, so of two concurrent pushes from the same size one wins and the other is told the
new size (409). ``synchronous=FULL`` makes the commit durable before the witness answers, so a
witness killed at any moment (SIGKILL) never comes back holding an older checkpoint than one it
cosigned (C2SP tlog-witness: "persist the new checkpoint before responding").
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Held", "WitnessStore"]


@dataclass(frozen=True, slots=True)
class Held:
    """The checkpoint a witness holds for a log: size, root, and the cosigned note."""

    size: int
    root: bytes
    checkpoint: str


class WitnessStore:
    """The witness's checkpoints, one SQLite file."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._local = threading.local()
        with self._connection() as connection:
            connection.execute(
                "CREATE TABLE IF NOT EXISTS checkpoints ("
                " origin TEXT PRIMARY KEY, size INTEGER NOT NULL, root BLOB NOT NULL,"
                " checkpoint TEXT NOT NULL)"
            )

    def _connection(self) -> sqlite3.Connection:
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(self._path, timeout=30, isolation_level=None)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=FULL")
            self._local.connection = connection
        return connection

    def held(self, origin: str) -> Held | None:
        row = (
            self._connection()
            .execute("SELECT size, root, checkpoint FROM checkpoints WHERE origin = ?", (origin,))
            .fetchone()
        )
        return None if row is None else Held(int(row[0]), bytes(row[1]), str(row[2]))

    def advance(self, origin: str, old: Held | None, new: Held) -> Held | None:
        """Replace ``old`` (``None``: nothing held yet) by ``new`` if it is still what is held.

        Returns ``None`` on success, or what is held now when another push came first.
        """
        connection = self._connection()
        connection.execute("BEGIN IMMEDIATE")
        try:
            if old is None:
                cursor = connection.execute(
                    "INSERT INTO checkpoints (origin, size, root, checkpoint) VALUES (?, ?, ?, ?)"
                    " ON CONFLICT (origin) DO NOTHING",
                    (origin, new.size, new.root, new.checkpoint),
                )
            else:
                cursor = connection.execute(
                    "UPDATE checkpoints SET size = ?, root = ?, checkpoint = ?"
                    " WHERE origin = ? AND size = ? AND root = ?",
                    (new.size, new.root, new.checkpoint, origin, old.size, old.root),
                )
            won = cursor.rowcount == 1
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        return None if won else self.held(origin)
