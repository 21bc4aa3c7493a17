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

Recipe 2 (rows written since migration 0004)
--------------------------------------------
A row's ``recipe`` column says which recipe hashes it: 1 (above; every row written before
migration 0004, and they keep verifying by it unchanged) or 2. Recipe 2 hashes ten keys::

    {
      "account":     <account column, string>,        # who acted: "alice", "os:root", or ""
      "actor":       <actor column, string>,          # the role acted as: "delegation:IND"
      "payload":     <payload column, string>,        # the public part of the payload
      "recipe":      2,                               # JSON integer
      "recorded_at": "YYYY-MM-DDTHH:MM:SS.ffffffZ",
      "sealed":      <sealed column, string>,         # the commitment below, or ""
      "sequence":    n,
      "source":      <source column, string>,
      "type":        <type column, string>,
      "valid_from":  "YYYY-MM-DD"
    }

and ``hash(n) = lowercase_hex(SHA-256(ascii(prev_hash(n)) || J))`` as for recipe 1. The
``"recipe": 2`` key keeps the two recipes' texts apart: no text is both.

Confidential content (which fields of which events, and until when, is charter data:
``confidentiality`` in the charter) is not in ``payload``. It is the ``secret`` column, the
RFC 8785 JSON object of those fields, committed to by::

    sealed = lowercase_hex( SHA-256( bytes.fromhex(salt) || utf8(secret) ) )

with ``salt`` 32 random bytes drawn for that row alone (64 hex digits in the ``salt``
column), so that a secret from a handful of possible values cannot be found by hashing each
guess. The public chain shows such a row with ``sealed`` and without ``salt`` and
``secret``: its hash recomputes all the same. Once the charter's rule reveals the content
(for a position on an agenda item: when the item is closed), the public chain shows ``salt``
and ``secret`` too, and anyone can check them against ``sealed``; a reveal that does not
match is a row that does not verify. A row without confidential content has ``sealed``,
``salt`` and ``secret`` empty. A recipe-1 row has all of ``account``, ``sealed``, ``salt``
and ``secret`` empty (they are not hashed, so anything else there would be unverified).

Room is left for a signature: a later recipe may add the signing key and the signature of
the acting delegation as further keys.

What the chain proves and what it does not: a changed, deleted, inserted or reordered row
breaks the chain at or after that row. Removing rows from the *end* or rewriting the last
rows together with their hashes leaves a shorter or different but valid chain; only a head
hash kept elsewhere (a checkpoint) shows that. See :mod:`comity.ledger.verify`.
"""

from __future__ import annotations

import hashlib
import json
import json.encoder
import re
import secrets
from collections.abc import Callable
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import NamedTuple

from comity.i18n import N_, Phrase

__all__ = [
    "GENESIS",
    "RECIPE",
    "StoredRow",
    "canonical_row",
    "canonical_row_v2",
    "commitment",
    "format_recorded_at",
    "new_salt",
    "row_hash",
    "row_hash_v2",
    "stored_row_hash",
]

RECIPE = 2
"""The recipe new rows are hashed by."""

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
    # Since migration 0004; a row written before has the defaults (recipe 1, nothing else).
    recipe: int = 1
    account: str = ""
    sealed: str = ""
    salt: str = ""
    secret: str = ""

    @property
    def withheld(self) -> bool:
        """Whether the row's confidential content is left out (a public copy, not revealed)."""
        return bool(self.sealed) and not (self.salt and self.secret)


_HEX64 = re.compile(r"[0-9a-f]{64}")


def new_salt() -> str:
    """A fresh salt for one row's commitment: 32 random bytes as 64 hex digits."""
    return secrets.token_bytes(32).hex()


def commitment(salt: str, secret: str) -> str:
    """``sha256(bytes.fromhex(salt) || utf8(secret))`` as 64 lowercase hex digits.

    >>> commitment("00" * 32, '{"position":"support"}') == hashlib.sha256(
    ...     bytes(32) + b'{"position":"support"}').hexdigest()
    True
    """
    if not _HEX64.fullmatch(salt):
        raise ValueError(Phrase(N_("a salt is 64 lowercase hexadecimal digits")))
    return hashlib.sha256(bytes.fromhex(salt) + secret.encode("utf-8")).hexdigest()


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


def canonical_row_v2(
    sequence: int,
    type: str,
    payload: str,
    valid_from: date,
    recorded_at: datetime,
    actor: str,
    source: str,
    account: str,
    sealed: str,
) -> bytes:
    """The RFC 8785 bytes of a recipe-2 row's hashed columns, written out as
    :func:`canonical_row` writes recipe 1's.

    >>> canonical_row_v2(1, "T", "{}", date(2001, 6, 15),
    ...                  datetime(2024, 1, 1, tzinfo=UTC), "secretariat", "[]", "alice", "")
    b'{"account":"alice","actor":"secretariat","payload":"{}","recipe":2,"recorded_at":"2024-01-01T00:00:00.000000Z","sealed":"","sequence":1,"source":"[]","type":"T","valid_from":"2001-06-15"}'
    """
    if not isinstance(sequence, int) or isinstance(sequence, bool):
        raise TypeError(f"sequence must be an int, got {sequence!r}")
    return (
        f'{{"account":{_string(account)},"actor":{_string(actor)},'
        f'"payload":{_string(payload)},"recipe":2,'
        f'"recorded_at":"{_recorded_at_text(recorded_at)}","sealed":{_string(sealed)},'
        f'"sequence":{sequence},"source":{_string(source)},"type":{_string(type)},'
        f'"valid_from":"{valid_from.isoformat()}"}}'
    ).encode()


def row_hash_v2(
    prev_hash: str,
    sequence: int,
    type: str,
    payload: str,
    valid_from: date,
    recorded_at: datetime,
    actor: str,
    source: str,
    account: str,
    sealed: str,
) -> str:
    """``sha256(prev_hash || canonical_row_v2(...))`` as 64 lowercase hex digits."""
    digest = hashlib.sha256(prev_hash.encode("ascii"))
    digest.update(
        canonical_row_v2(
            sequence, type, payload, valid_from, recorded_at, actor, source, account, sealed
        )
    )
    return digest.hexdigest()


def stored_row_hash(prev_hash: str, row: StoredRow) -> str:
    """The hash ``row`` should have after ``prev_hash``, by the recipe it names.

    Raises :class:`ValueError` for a row that no recipe accepts: an unknown recipe, a
    recipe-1 row with anything in the columns recipe 1 does not hash, a revealed secret
    that does not match its commitment, a salt or secret without a commitment.
    """
    if row.recipe == 1 and not isinstance(row.recipe, bool):
        if row.account or row.sealed or row.salt or row.secret:
            raise ValueError(
                Phrase(N_("a recipe-1 row has no account, commitment, salt or secret"))
            )
        return row_hash(prev_hash, *row[:7])
    if row.recipe != 2 or isinstance(row.recipe, bool):
        raise ValueError(Phrase(N_("unknown hash recipe {recipe!r}"), {"recipe": row.recipe}))
    if row.sealed:
        if not _HEX64.fullmatch(row.sealed):
            raise ValueError(Phrase(N_("a commitment is 64 lowercase hexadecimal digits")))
        if (row.salt or row.secret) and commitment(row.salt, row.secret) != row.sealed:
            raise ValueError(Phrase(N_("the revealed content does not match its commitment")))
    elif row.salt or row.secret:
        raise ValueError(Phrase(N_("a salt or secret without a commitment")))
    return row_hash_v2(prev_hash, *row[:7], row.account, row.sealed)
