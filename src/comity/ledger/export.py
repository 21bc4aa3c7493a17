"""The chain as JSON Lines, for outside auditors: one stored row per line, every column
exactly as hashed, so the recipe in :mod:`comity.ledger.hashing` recomputes each hash from
the line alone.

>>> from datetime import date
>>> from comity.events import StateAdmitted
>>> from comity.ledger.memory import MemoryLedger
>>> ledger = MemoryLedger()
>>> _ = ledger.append([StateAdmitted(valid_from=date(2017, 6, 9), state="IND")],
...                   actor="secretariat")
>>> line = next(jsonl_lines(ledger.stored_rows()))
>>> sorted(json.loads(line))
['actor', 'hash', 'payload', 'prev_hash', 'recorded_at', 'sequence', 'source', 'type', \
'valid_from']
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from comity.ledger.hashing import StoredRow, format_recorded_at


def row_json(row: StoredRow) -> dict[str, Any]:
    """A stored row as JSON-ready data; payload and source stay the exact stored text."""
    return {
        "sequence": row.sequence,
        "type": row.type,
        "payload": row.payload,
        "valid_from": row.valid_from.isoformat(),
        "recorded_at": format_recorded_at(row.recorded_at),
        "actor": row.actor,
        "source": row.source,
        "prev_hash": row.prev_hash,
        "hash": row.hash,
    }


def jsonl_lines(rows: Iterable[StoredRow]) -> Iterator[str]:
    """One line of JSON per row, newline-terminated."""
    for row in rows:
        yield json.dumps(row_json(row), ensure_ascii=False, separators=(",", ":")) + "\n"
