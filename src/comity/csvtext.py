"""CSV as comity writes it, everywhere: ``\\n`` line ends and the csv module's minimal quoting.

One writer serves the tables answered as CSV (the API's ``?format=csv``, the CLI's ``--csv``)
and the data files the lab ships, so that they cannot drift apart.

>>> csv_text([["state", "note"], ["IND", "admitted, 2017"]])
'state,note\\nIND,"admitted, 2017"\\n'
>>> csv_table([{"state": "IND", "measures": ["a", "b"]}, {"state": "PAK"}], ["state", "measures"])
'state,measures\\nIND,a b\\nPAK,\\n'
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

__all__ = ["csv_table", "csv_text"]


def csv_text(rows: Iterable[Iterable[Any]]) -> str:
    """Rows of cells as CSV text."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def csv_table(records: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> str:
    """Records as CSV under a header of ``columns``: a list is joined with spaces so that each
    cell stays one value, a missing or None value is an empty cell."""
    return csv_text([columns, *([_cell(record.get(c)) for c in columns] for record in records)])


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return " ".join(map(str, value))
    return "" if value is None else value
