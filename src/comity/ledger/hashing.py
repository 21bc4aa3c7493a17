"""The hash chain: how each row of the ledger is hashed, precisely enough to recompute.

An outside auditor with a copy of the ``events`` table and any SHA-256 and RFC 8785 (JSON
Canonicalization Scheme) implementation can recompute every hash without comity.

Recipe
------
For the row with sequence number *n*, read its columns and build this JSON object (all
seven keys, nothing else)::

    {
      "sequence":    n,                               # JSON integer, 1, 2, 3, ...
      "type":        <type column, string>,           # the event class, e.g. "StateAdmitted"
      "payload":     <payload column, string>,        # the stored text itself, as a JSON string
      "valid_from":  "YYYY-MM-DD",                    # the valid_from date, ISO 8601
      "recorded_at": "YYYY-MM-DDTHH:MM:SS.ffffffZ",   # UTC, always 6 fractional digits and "Z"
      "actor":       <actor column, string>,          # e.g. "secretariat", "delegation:IND"
      "source":      <source column, string>          # the stored text itself, as a JSON string
    }

Serialise it by RFC 8785 to UTF-8 bytes *J*. Then::

    hash(n) = lowercase_hex( SHA-256( ascii(prev_hash(n)) || J ) )
    prev_hash(1) = "0" * 64                           # GENESIS
    prev_hash(n) = hash(n - 1)                        # for n > 1

``prev_hash`` enters as its 64 ASCII hex characters, not as 32 raw bytes. ``payload`` and
``source`` are hashed as the exact text stored (itself RFC 8785 JSON, made by
:func:`comity.events.canonical_json`), so a changed byte in either changes the hash even if it
would parse to the same value. In Python::

    import hashlib, rfc8785
    doc = {"sequence": n, "type": t, "payload": p, "valid_from": d.isoformat(),
           "recorded_at": ts, "actor": a, "source": s}
    h = hashlib.sha256(prev_hash.encode("ascii") + rfc8785.dumps(doc)).hexdigest()

The same row content gives the same hash on every backend: dates and timestamps enter in
the fixed text forms above, whatever type the database stores them as.

What the chain proves and what it does not: a changed, deleted, inserted or reordered row
breaks the chain at or after that row. Removing rows from the *end* or rewriting the last
rows together with their hashes leaves a shorter or different but valid chain; only a head
hash kept elsewhere (a checkpoint) shows that. See :mod:`comity.ledger.verify`.
"""

from __future__ import annotations

import hashlib
import json
import json.encoder
from collections.abc import Callable
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import NamedTuple

__all__ = [
    "GENESIS",
    "StoredRow",
    "canonical_row",
    "format_recorded_at",
    "row_hash",
]

GENESIS = "0" * 64
"""The ``prev_hash`` of the first row."""

# The JSON string encoder of the standard library (C-accelerated), without ensure_ascii.
_string: Callable[[str], str] = json.encoder.encode_basestring


class StoredRow(NamedTuple):
    """The columns of one ``events`` row, as stored and as the recipe reads them."""

    sequence: int
    type: str
    payload: str
    valid_from: date
    recorded_at: datetime
    actor: str
    source: str
    prev_hash: str
    hash: str


def format_recorded_at(moment: datetime) -> str:
    """The one text form of a recording time: UTC, microseconds, ``Z``.

    >>> from datetime import timedelta, timezone
    >>> format_recorded_at(datetime(2024, 5, 1, 14, 30, tzinfo=timezone(timedelta(hours=2))))
    '2024-05-01T12:30:00.000000Z'
    """
    if moment.tzinfo is None:
        raise ValueError("recorded_at must be timezone-aware")
    # isoformat, unlike strftime("%Y"), pads years below 1000 to four digits; in UTC it
    # always ends in "+00:00".
    return moment.astimezone(UTC).isoformat(timespec="microseconds")[:-6] + "Z"


def canonical_row(
    sequence: int,
    type: str,
    payload: str,
    valid_from: date,
    recorded_at: datetime,
    actor: str,
    source: str,
) -> bytes:
    """The RFC 8785 bytes of a row's hashed columns (the *J* of the recipe).

    The object has fixed ASCII keys, one integer below 2**53 and otherwise strings, and for
    exactly that shape RFC 8785 is simple: keys in code point order (the same as UTF-16 unit
    order for ASCII), no whitespace, and strings escaped as the standard library's JSON
    encoder escapes them without ``ensure_ascii``: only ``"``, ``\\`` and control
    characters, with the same short forms and lowercase ``\\u00xx``. Writing the object out
    directly is about five times faster than encoding a dict, which matters when verifying
    millions of rows; the tests check the result against an RFC 8785 library on arbitrary
    text.

    >>> canonical_row(1, "T", "{}", date(2001, 6, 15),
    ...               datetime(2024, 1, 1, tzinfo=UTC), "secretariat", "[]")
    b'{"actor":"secretariat","payload":"{}","recorded_at":"2024-01-01T00:00:00.000000Z","sequence":1,"source":"[]","type":"T","valid_from":"2001-06-15"}'
    """
    if not isinstance(sequence, int) or isinstance(sequence, bool):
        raise TypeError(f"sequence must be an int, got {sequence!r}")
    # Dates and times are digits and separators only, so they need no escaping. A lone
    # surrogate cannot be encoded as UTF-8 and raises UnicodeEncodeError, as RFC 8785 requires.
    return (
        f'{{"actor":{_string(actor)},"payload":{_string(payload)},'
        f'"recorded_at":"{_recorded_at_text(recorded_at)}","sequence":{sequence},'
        f'"source":{_string(source)},"type":{_string(type)},'
        f'"valid_from":"{valid_from.isoformat()}"}}'
    ).encode()


@lru_cache(maxsize=16)
def _recorded_at_text(moment: datetime) -> str:
    # All rows of a batch share one recording time: formatting it once per batch saves a
    # sixth of the time verify() spends hashing.
    return format_recorded_at(moment)


def row_hash(
    prev_hash: str,
    sequence: int,
    type: str,
    payload: str,
    valid_from: date,
    recorded_at: datetime,
    actor: str,
    source: str,
) -> str:
    """``sha256(prev_hash || canonical_row(...))`` as 64 lowercase hex digits."""
    digest = hashlib.sha256(prev_hash.encode("ascii"))
    digest.update(canonical_row(sequence, type, payload, valid_from, recorded_at, actor, source))
    return digest.hexdigest()
