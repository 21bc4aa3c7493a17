"""A reform beside the charter as it is: parameter by parameter, with effective dates.

>>> from comity.charter.model import load_charter
>>> [c.path for c in reform_changes(load_charter(), "cnc-majority")]
['bodies.CNC.decision_rule']
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from comity.charter.model import CharterDefinition, Reform


@dataclass(frozen=True)
class ParameterChange:
    """One parameter: its value without the reform on the reform's date, and with it."""

    path: str
    effective: date
    before: Any
    before_reference: str | None
    after: Any
    after_reference: str

    def to_json(self) -> dict[str, Any]:
        return {
            "parameter": self.path,
            "effective": self.effective.isoformat(),
            "before": self.before,
            "before_reference": self.before_reference,
            "after": self.after,
            "after_reference": self.after_reference,
        }


def reform_changes(definition: CharterDefinition, reform_id: str) -> list[ParameterChange]:
    """Every parameter the reform sets, with the value it replaces on its effective date."""
    reform = definition.reform(reform_id)
    changes = []
    for path, value in reform.changes.items():
        entry = definition.parameters.get(path).entry_at(reform.effective)
        changes.append(
            ParameterChange(
                path=path,
                effective=reform.effective,
                before=entry.value if entry else None,
                before_reference=entry.reference if entry else None,
                after=value,
                after_reference=reform.reference,
            )
        )
    return changes


def reform_summary(reform: Reform) -> dict[str, Any]:
    """A reform's identity as JSON-ready data."""
    return {
        "id": reform.id,
        "title": reform.title,
        "effective": reform.effective.isoformat(),
        "description": reform.description,
        "reference": reform.reference,
        "parameters": sorted(reform.changes),
    }
