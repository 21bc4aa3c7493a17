"""The pure core (events, charter, state) imports no database, web or CLI code."""

from __future__ import annotations

from layering import run_without_infrastructure

PURE = (
    "comity.charters",
    "comity.events",
    "comity.charter",
    "comity.state",
    "comity.reference",
    "comity.queries",
)


def test_pure_core_imports_no_infrastructure() -> None:
    result = run_without_infrastructure(f"for m in {PURE!r}:\n    __import__(m)")
    assert result.returncode == 0, result.stderr
