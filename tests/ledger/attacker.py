"""An attacker with the database itself: edits a ledger's rows behind comity's back.

On SQLite and PostgreSQL it drops the append-only triggers first and then uses plain SQL; on
the memory store it edits its list.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from comity.ledger import GENESIS, Ledger, MemoryLedger, SqlLedger
from comity.ledger.hashing import StoredRow
from comity.ledger.schema import events_table

_SQLITE_GUARDS = ("events_refuse_update", "events_refuse_delete", "events_extend_chain")
_POSTGRES_GUARDS = ("events_refuse_change", "events_refuse_truncate", "events_extend_chain")


@dataclass
class Attacker:
    """Edits a ledger's rows directly, as someone with access to its storage could."""

    ledger: Ledger

    def __post_init__(self) -> None:
        self.heads = [GENESIS, *(row.hash for row in self.rows())]
        if isinstance(self.ledger, SqlLedger):
            with self.ledger.engine.begin() as connection:
                if connection.dialect.name == "sqlite":
                    for name in _SQLITE_GUARDS:
                        connection.exec_driver_sql(f"DROP TRIGGER {name}")
                else:
                    for name in _POSTGRES_GUARDS:
                        connection.exec_driver_sql(f"DROP TRIGGER {name} ON events")

    def rows(self) -> list[StoredRow]:
        if isinstance(self.ledger, MemoryLedger):
            return sorted(self.ledger._rows)
        assert isinstance(self.ledger, SqlLedger)
        with self.ledger.engine.connect() as connection:
            query = sa.select(*events_table.columns).order_by(events_table.c.sequence)
            return [StoredRow._make(row) for row in connection.execute(query)]

    def row(self, sequence: int) -> StoredRow:
        return next(r for r in self.rows() if r.sequence == sequence)

    def set(self, at: int, /, **values: Any) -> None:
        if isinstance(self.ledger, MemoryLedger):
            rows = self.ledger._rows
            index = next(i for i, r in enumerate(rows) if r.sequence == at)
            rows[index] = rows[index]._replace(**values)
            return
        assert isinstance(self.ledger, SqlLedger)
        with self.ledger.engine.begin() as connection:
            connection.execute(
                sa.update(events_table).where(events_table.c.sequence == at).values(**values)
            )

    def delete(self, sequence: int) -> None:
        if isinstance(self.ledger, MemoryLedger):
            self.ledger._rows[:] = [r for r in self.ledger._rows if r.sequence != sequence]
            return
        assert isinstance(self.ledger, SqlLedger)
        with self.ledger.engine.begin() as connection:
            connection.execute(sa.delete(events_table).where(events_table.c.sequence == sequence))

    def insert(self, row: StoredRow) -> None:
        if isinstance(self.ledger, MemoryLedger):
            self.ledger._rows.append(row)
            return
        assert isinstance(self.ledger, SqlLedger)
        with self.ledger.engine.begin() as connection:
            connection.execute(sa.insert(events_table), [row._asdict()])

    def shift(self, from_sequence: int, by: int) -> None:
        """Renumber every row from ``from_sequence`` on, as if rows had been added before."""
        for row in sorted(self.rows(), reverse=by > 0):
            if row.sequence >= from_sequence:
                self.set(row.sequence, sequence=row.sequence + by)

    def swap_content(self, a: int, b: int) -> None:
        """Exchange everything but the sequence numbers of two rows."""
        row_a, row_b = self.row(a), self.row(b)
        content = lambda row: {k: v for k, v in row._asdict().items() if k != "sequence"}  # noqa: E731
        self.set(b, **content(row_a))
        self.set(a, **content(row_b))
