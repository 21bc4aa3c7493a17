"""The lab is application code: numpy and the pure core, no database, web or CLI imports."""

from __future__ import annotations

from layering import run_without_infrastructure

LAB = (
    "comity.lab.power",
    "comity.lab.games",
    "comity.lab.simulate",
    "comity.lab.backends",
    "comity.lab.reform",
    "comity.lab.share",
    "comity.lab.worldbank",
)


def test_lab_imports_no_infrastructure() -> None:
    result = run_without_infrastructure(f"for m in {LAB!r}:\n    __import__(m)")
    assert result.returncode == 0, result.stderr
