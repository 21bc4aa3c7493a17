"""The ledger's public surface, pinned: the names of ``comity.ledger``, and the modules of the
transparency log that other layers import by their own path (checkpoints, proofs, signed notes,
keys, JSON Lines export). The stores' insides (``base``, ``sql``, ``memory``, ``hashing``,
``codec``, the migrations) are reached only through ``comity.ledger``: the test below reads
every import outside the package."""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

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
        "StoredRow",
        "Verification",
        "create_ledger_engine",
        "decode_row",
        "open_ledger",
        "row_hash",
        "stored_row_hash",
    ]
    for name in comity.ledger.__all__:
        assert getattr(comity.ledger, name) is not None


# The modules other layers may import from by path; everything else goes through the package.
PUBLIC_MODULES = {"checkpoints", "export", "keys", "merkle", "note"}
SRC = Path(comity.ledger.__file__).parents[1]


def test_other_layers_import_only_the_public_surface() -> None:
    reached: dict[str, set[str]] = {}
    for path in SRC.rglob("*.py"):
        if path.is_relative_to(SRC / "ledger"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            for name in names:
                if name.startswith("comity.ledger."):
                    module = name.split(".")[2]
                    reached.setdefault(module, set()).add(str(path.relative_to(SRC)))
    assert set(reached) >= {"checkpoints", "note"}  # the scan does find the imports
    assert {m: sorted(p) for m, p in reached.items() if m not in PUBLIC_MODULES} == {}


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
