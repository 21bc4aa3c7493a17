"""Recompute the hash chain from stored rows and find the first row that does not match.

Verification reads raw columns (:class:`~comity.ledger.hashing.StoredRow`), never decoded
events: an auditor's question is whether the bytes are the ones that were chained, not
whether they still parse. Rows are consumed one at a time and only the previous hash is
kept, so memory stays flat however long the ledger is.

Row *n* (counting 1, 2, 3, ... in sequence order) matches when its ``sequence`` is *n*, its
``prev_hash`` is the hash of row *n - 1* (``GENESIS`` for the first) and its ``hash``
recomputes by the recipe in :mod:`comity.ledger.hashing`. What each kind of tampering
looks like:

- a changed column of row *k*: row *k* fails to recompute; if the attacker also rewrote
  its ``hash``, row *k + 1* has the wrong ``prev_hash``;
- a deleted row *k*: the next row read has sequence *k + 1* (or, if later rows were
  renumbered, a ``prev_hash`` and hash that no longer fit): first bad is *k*;
- reordered or swapped rows: the first moved row fails to recompute (the sequence number and
  ``prev_hash`` are part of what is hashed);
- an inserted row: it, or the row after it, does not fit.

A row whose columns cannot even be read (a timestamp that is not in the stored form, text
that is not Unicode) counts as not matching.
"""

from __future__ import annotations

from collections.abc import Iterable

from comity.ledger.base import Verification
from comity.ledger.hashing import GENESIS, StoredRow, row_hash

__all__ = ["verify_rows"]


def verify_rows(rows: Iterable[StoredRow]) -> Verification:
    """Check ``rows``, given in ascending sequence order, and stop at the first mismatch.

    The iterable may raise :class:`ValueError` while producing a row whose columns cannot be
    read; that row is reported as the first bad one.
    """
    expected = 1
    prev_hash = GENESIS
    iterator = iter(rows)
    while True:
        try:
            row = next(iterator)
        except StopIteration:
            return Verification(ok=True, events=expected - 1, head=prev_hash, first_bad=None)
        except ValueError:
            break
        if row.sequence != expected or row.prev_hash != prev_hash:
            break
        try:
            recomputed = row_hash(
                prev_hash,
                row.sequence,
                row.type,
                row.payload,
                row.valid_from,
                row.recorded_at,
                row.actor,
                row.source,
            )
        except (ValueError, TypeError, AttributeError):
            break
        if recomputed != row.hash:
            break
        prev_hash = recomputed
        expected += 1
    return Verification(ok=False, events=expected - 1, head=prev_hash, first_bad=expected)
