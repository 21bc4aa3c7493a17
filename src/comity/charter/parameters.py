"""Time-versioned charter parameters, after openfisca-core's parameters.

A charter file is a tree of mappings. A mapping with a ``values`` key is a *parameter*: its
values are keyed by the date from which each takes effect, each with a ``reference`` to the
text that sets it::

    decision_rule:
      description: How the Council decides
      values:
        2001-06-15: {value: consensus, reference: Declaration on the Establishment, 2001}
        2003-09-19: {value: consensus, reference: Charter Art. 16}

A value of ``null`` ends a parameter (e.g. a status abolished from a date). Any other mapping
is a *node* of named children. ``ParameterNode.at(day)`` gives the plain tree of values in
force on ``day``, leaving out parameters not (or no longer) in force, so the rest of the
charter is built from one snapshot per date: looking up the law of a day is a lookup, not a
code path.

>>> node = ParameterNode.load("x", {"rule": {"values": {
...     date(2001, 6, 15): {"value": "consensus", "reference": "Declaration"},
...     date(2030, 1, 1): {"value": "simple_majority", "reference": "Reform"}}}})
>>> node.at(date(2020, 1, 1)), node.at(date(2030, 1, 1))
({'rule': 'consensus'}, {'rule': 'simple_majority'})
>>> node.at(date(2000, 1, 1))
{}
"""

from __future__ import annotations

import bisect
import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from comity.errors import CharterError
from comity.i18n import N_

_PARAMETER_KEYS = {"values", "description", "reference", "unit", "documentation"}
_VALUE_KEYS = {"value", "reference", "note"}


@dataclass(frozen=True)
class ValueAtDate:
    """One value of a parameter and the text that set it."""

    start: date
    value: Any
    reference: str


@dataclass
class Parameter:
    """A value that changes over time; :meth:`at` finds the value in force on a date."""

    name: str
    values: list[ValueAtDate]
    description: str | None = None

    @classmethod
    def load(cls, name: str, data: Mapping[str, Any]) -> Parameter:
        unknown = set(data) - _PARAMETER_KEYS
        if unknown:
            raise CharterError(
                N_("{name}: unknown keys {keys}"), params={"name": name, "keys": sorted(unknown)}
            )
        raw_values = data["values"]
        if not isinstance(raw_values, Mapping) or not raw_values:
            raise CharterError(
                N_("{name}: 'values' must map dates to values"), params={"name": name}
            )
        values: list[ValueAtDate] = []
        for start, entry in raw_values.items():
            if not isinstance(start, date):
                raise CharterError(
                    N_("{name}: {start!r} is not a YYYY-MM-DD date"),
                    params={"name": name, "start": start},
                )
            if not isinstance(entry, Mapping) or "value" not in entry:
                raise CharterError(
                    N_("{name} at {start}: write {{value: ..., reference: ...}}"),
                    params={"name": name, "start": start},
                )
            unknown = set(entry) - _VALUE_KEYS
            if unknown:
                raise CharterError(
                    N_("{name} at {start}: unknown keys {keys}"),
                    params={"name": name, "start": start, "keys": sorted(unknown)},
                )
            reference = entry.get("reference") or data.get("reference")
            if not reference:
                raise CharterError(
                    N_("{name} at {start}: every value needs a reference"),
                    params={"name": name, "start": start},
                )
            values.append(ValueAtDate(start, entry["value"], str(reference)))
        values.sort(key=lambda v: v.start)
        return cls(name, values, data.get("description"))

    def entry_at(self, day: date) -> ValueAtDate | None:
        """The value in force on ``day`` (its start on or before ``day``), if any."""
        i = bisect.bisect_right([v.start for v in self.values], day)
        return self.values[i - 1] if i else None

    def at(self, day: date) -> Any:
        entry = self.entry_at(day)
        return None if entry is None else copy.deepcopy(entry.value)

    def with_value(self, start: date, value: Any, reference: str) -> Parameter:
        """A copy with one more value from ``start`` (a reform's overlay)."""
        kept = [v for v in self.values if v.start != start]
        return Parameter(
            self.name,
            sorted([*kept, ValueAtDate(start, value, reference)], key=lambda v: v.start),
            self.description,
        )


@dataclass
class ParameterNode:
    """A named group of parameters and nodes."""

    name: str
    children: dict[str, ParameterNode | Parameter] = field(default_factory=dict)

    @classmethod
    def load(cls, name: str, data: Mapping[str, Any]) -> ParameterNode:
        node = cls(name)
        for key, child in data.items():
            path = f"{name}.{key}" if name else str(key)
            if not isinstance(child, Mapping):
                raise CharterError(
                    N_("{path}: expected a parameter (with 'values') or a group of them"),
                    params={"path": path},
                )
            node.children[str(key)] = (
                Parameter.load(path, child) if "values" in child else cls.load(path, child)
            )
        return node

    def at(self, day: date) -> dict[str, Any]:
        """The plain tree of values in force on ``day``; absent or null values left out."""
        snapshot: dict[str, Any] = {}
        for key, child in self.children.items():
            value = child.at(day)
            if value is None or value == {}:
                continue
            snapshot[key] = value
        return snapshot

    def get(self, path: str) -> Parameter:
        """The parameter at a dotted path such as ``bodies.CNC.decision_rule``."""
        node: ParameterNode | Parameter = self
        for part in path.split("."):
            if not isinstance(node, ParameterNode) or part not in node.children:
                raise CharterError(
                    N_("no charter parameter {path!r}"), value=path, params={"path": path}
                )
            node = node.children[part]
        if not isinstance(node, Parameter):
            raise CharterError(
                N_("{path!r} is a group, not a parameter"), value=path, params={"path": path}
            )
        return node

    def replaced(self, path: str, parameter: Parameter) -> ParameterNode:
        """A copy of the tree with the parameter at ``path`` replaced (or added)."""
        head, _, rest = path.partition(".")
        clone = ParameterNode(self.name, dict(self.children))
        if not rest:
            clone.children[head] = parameter
            return clone
        child = self.children.get(head, ParameterNode(f"{self.name}.{head}"))
        if not isinstance(child, ParameterNode):
            raise CharterError(
                N_("{path!r} runs through a parameter, not a group"),
                value=path,
                params={"path": path},
            )
        clone.children[head] = child.replaced(rest, parameter)
        return clone

    def first_date(self) -> date | None:
        """The earliest date any parameter takes effect."""
        starts: list[date] = []
        for child in self.children.values():
            if isinstance(child, Parameter):
                starts.append(child.values[0].start)
            elif (d := child.first_date()) is not None:
                starts.append(d)
        return min(starts, default=None)
