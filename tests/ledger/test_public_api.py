"""The ledger's public surface, pinned: other layers import these names and nothing else."""

from __future__ import annotations

import dataclasses

import pytest

import comity.ledger
from comity.errors import ChainBrokenError, LedgerError
from comity.ledger import RecordedEvent, Verification


def test_the_public_names_are_exactly_these() -> None:
    assert sorted(comity.ledger.__all__) == [
        "GENESIS",
        "Ledger",
        "MemoryLedger",
        "RecordedEvent",
        "SqlLedger",
        "Verification",
        "create_ledger_engine",
        "open_ledger",
        "row_hash",
        "stored_row_hash",
    ]
    for name in comity.ledger.__all__:
        assert getattr(comity.ledger, name) is not None


def test_results_are_frozen_values() -> None:
    verification = Verification(ok=True, events=0, head=comity.ledger.GENESIS, first_bad=None)
    with pytest.raises(dataclasses.FrozenInstanceError):
        verification.ok = False  # type: ignore[misc]
    assert dataclasses.fields(RecordedEvent)[0].name == "sequence"


def test_a_broken_chain_raises_a_ledger_error_naming_the_row() -> None:
    broken = Verification(ok=False, events=41, head="a" * 64, first_bad=42)
    with pytest.raises(ChainBrokenError) as caught:
        broken.check()
    assert isinstance(caught.value, LedgerError)
    assert caught.value.to_dict() == {
        "code": "chain_broken",
        "message": caught.value.message,
        "value": 42,
    }
