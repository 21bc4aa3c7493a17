"""The ledger: comity's append-only, hash-chained, bitemporal record of institutional events.

It knows event types and SQL, nothing about rules. One interface, :class:`Ledger`, three
ways to keep the rows:

- :func:`open_ledger` with ``sqlite:///path/comity.sqlite`` (the embedded default) or
  ``postgresql+psycopg://user@host/database`` returns a :class:`SqlLedger`, schema migrated;
- :class:`MemoryLedger` keeps them in a list, for tests and one-off computations.

>>> from datetime import date
>>> from comity.events import StateAdmitted
>>> ledger = MemoryLedger()
>>> [r.sequence for r in ledger.append(
...     [StateAdmitted(valid_from=date(2017, 6, 9), state="IND")], actor="secretariat")]
[1]
>>> ledger.verify().ok
True

The hash recipe, for auditors, is in :mod:`comity.ledger.hashing`.
"""

from comity.ledger.base import Ledger, RecordedEvent, Verification
from comity.ledger.codec import decode as decode_row
from comity.ledger.hashing import GENESIS, StoredRow, row_hash, stored_row_hash
from comity.ledger.memory import MemoryLedger
from comity.ledger.sql import SqlLedger, create_ledger_engine, open_ledger

__all__ = [
    "GENESIS",
    "Ledger",
    "MemoryLedger",
    "RecordedEvent",
    "SqlLedger",
    "StoredRow",
    "Verification",
    "create_ledger_engine",
    "decode_row",
    "open_ledger",
    "row_hash",
    "stored_row_hash",
]
