"""Fixtures for the procedure tests: a record holding the SCO's reference history on every
ledger backend (helpers are in ``procedures/helpers.py``)."""

from __future__ import annotations

import pytest

from comity.ledger import Ledger, MemoryLedger
from comity.record import Record


@pytest.fixture
def record(ledger: Ledger) -> Record:
    """The reference history on each backend (memory, SQLite, PostgreSQL)."""
    rec = Record(ledger)
    rec.load_reference()
    return rec


@pytest.fixture
def memory_record() -> Record:
    """The reference history in memory, for tests of the rules rather than the storage."""
    rec = Record(MemoryLedger())
    rec.load_reference()
    return rec
