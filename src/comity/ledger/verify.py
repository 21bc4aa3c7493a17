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

import hashlib
import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, date, datetime
from typing import Any

from comity.errors import ChainBrokenError
from comity.i18n import N_, Phrase, reason_of
from comity.ledger.base import Verification
from comity.ledger.hashing import GENESIS, StoredRow, stored_row_hash

__all__ = ["RAW_COLUMNS", "chained", "verify_raw", "verify_rows"]

RAW_COLUMNS = (
    "sequence",
    "type",
    "payload",
    "valid_from",
    "recorded_at",
    "actor",
    "source",
    "prev_hash",
    "hash",
    "recipe",
    "account",
    "sealed",
    "salt",
    "secret",
)
"""The order of the columns :func:`verify_raw` reads, as in :class:`StoredRow`."""

RawRow = tuple[Any, ...]
"""A row as the database driver returns it: the sequence number, then eight columns as UTF-8
bytes, the date and the time already in the recipe's text forms, then the recipe number and
the four columns of migration 0004 as UTF-8 bytes."""

_RAW_DATE = re.compile(rb"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_RAW_TIMESTAMP = re.compile(rb"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}Z")
_CONTROLS = bytes(range(32))
_CHECKED_LIMIT = 100_000
_ROW_FORMAT = (
    b'%s{"actor":"%s","payload":"%s","recorded_at":"%s","sequence":%d,"source":"%s",'
    b'"type":"%s","valid_from":"%s"}'
)
_ROW_FORMAT_V2 = (
    b'%s{"account":"%s","actor":"%s","payload":"%s","recipe":2,"recorded_at":"%s",'
    b'"sealed":"","sequence":%d,"source":"%s","type":"%s","valid_from":"%s"}'
)
_GENESIS_BYTES = GENESIS.encode("ascii")
_PLAIN_V1 = (1, b"", b"", b"", b"")  # recipe 1 and the four columns it does not hash
_NONE = (b"", b"", b"")  # no commitment, salt or secret


def verify_rows(rows: Iterable[StoredRow]) -> Verification:
    """Check ``rows``, given in ascending sequence order, and stop at the first mismatch.

    The iterable may raise :class:`ValueError` while producing a row whose columns cannot be
    read; that row is reported as the first bad one.
    """
    return _verify_from(rows, 1, GENESIS)


def _verify_from(rows: Iterable[StoredRow], expected: int, prev_hash: str) -> Verification:
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
            recomputed = stored_row_hash(prev_hash, row)
        except (ValueError, TypeError, AttributeError):
            break
        if recomputed != row.hash:
            break
        prev_hash = recomputed
        expected += 1
    return Verification(ok=False, events=expected - 1, head=prev_hash, first_bad=expected)


def verify_raw(batches: Iterable[Sequence[RawRow]]) -> Verification:
    """:func:`verify_rows` for rows straight from the database driver, several times faster.

    Per-row work is what limits verification, so each batch is checked with a few list
    operations and one expression per row that builds the recipe's bytes and hashes them:
    sequence numbers and ``prev_hash`` links are compared list to list, dates and times are
    checked once per distinct value, and strings are escaped by replacing ``\\`` and ``"``
    only. That escaping equals RFC 8785's for text without control characters, so a batch
    with any control character, invalid UTF-8 or any other doubt is handed to
    :func:`verify_rows` and the reference code decides; it also names the first bad row.
    The fast path can thus only agree with the reference, never overrule it (a test holds
    the two to the same answers on tampered ledgers). It computes recipe 1 only: a batch
    holding a row of recipe 2 goes to the reference code too.
    """
    expected, prev_hash = 1, _GENESIS_BYTES
    checked: set[bytes] = set()  # dates and times already found in the recipe's form
    for batch in batches:
        if not batch:
            continue
        if len(checked) > _CHECKED_LIMIT:
            checked.clear()
        if not _batch_verifies(batch, expected, prev_hash, checked):
            result = _verify_from(map(_stored, batch), expected, prev_hash.decode("ascii"))
            if not result.ok:
                return result
        expected += len(batch)
        prev_hash = batch[-1][8]
    return Verification(
        ok=True, events=expected - 1, head=prev_hash.decode("ascii"), first_bad=None
    )


def _batch_verifies(
    batch: Sequence[RawRow], expected: int, prev_hash: bytes, checked: set[bytes]
) -> bool:
    hashes = [row[8] for row in batch]
    if [row[0] for row in batch] != list(range(expected, expected + len(batch))):
        return False
    # Rows of recipe 1 with nothing in the columns it does not hash, or of recipe 2 without
    # confidential content; a sealed row (a commitment to check) goes to the reference.
    plain = all(row[9:] == _PLAIN_V1 and type(row[9]) is int for row in batch)
    if not plain and not all(
        type(row[9]) is int
        and (row[9:] == _PLAIN_V1 or (row[9] == 2 and type(row[10]) is bytes and row[11:] == _NONE))
        for row in batch
    ):
        return False
    if [row[7] for row in batch] != [prev_hash, *hashes[:-1]]:
        return False
    days = {row[3] for row in batch} - checked
    moments = {row[4] for row in batch} - checked
    if not (all(map(_is_date, days)) and all(map(_is_timestamp, moments))):
        return False
    checked |= days
    checked |= moments
    try:
        texts = _texts(batch) if plain else [_text(row) for row in batch]
    except (TypeError, AttributeError):  # a column of another type than the schema's
        return False
    joined = b"".join(texts)
    if len(joined.translate(None, _CONTROLS)) != len(joined) or not _is_utf8(joined):
        return False
    sha256 = hashlib.sha256
    return [sha256(text).hexdigest().encode("ascii") for text in texts] == hashes


def _texts(batch: Sequence[RawRow]) -> list[bytes]:
    """Recipe 1's texts of a batch, written inline: the loop over old rows is the hot one."""
    return [
        _ROW_FORMAT
        % (
            prev,
            actor.replace(b"\\", b"\\\\").replace(b'"', b'\\"'),
            payload.replace(b"\\", b"\\\\").replace(b'"', b'\\"'),
            recorded_at,
            sequence,
            source.replace(b"\\", b"\\\\").replace(b'"', b'\\"'),
            kind.replace(b"\\", b"\\\\").replace(b'"', b'\\"'),
            day,
        )
        for sequence, kind, payload, day, recorded_at, actor, source, prev, *_ in batch
    ]


def _escaped(text: bytes) -> bytes:
    return text.replace(b"\\", b"\\\\").replace(b'"', b'\\"')


def _text(row: RawRow) -> bytes:
    """The recipe's text of a row of recipe 1, or of recipe 2 without a commitment."""
    sequence, kind, payload, day, recorded_at, actor, source, prev = row[:8]
    if row[9] == 1:
        return _ROW_FORMAT % (
            prev,
            _escaped(actor),
            _escaped(payload),
            recorded_at,
            sequence,
            _escaped(source),
            _escaped(kind),
            day,
        )
    return _ROW_FORMAT_V2 % (
        prev,
        _escaped(row[10]),
        _escaped(actor),
        _escaped(payload),
        recorded_at,
        sequence,
        _escaped(source),
        _escaped(kind),
        day,
    )


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _is_date(text: Any) -> bool:
    if not isinstance(text, bytes) or not _RAW_DATE.fullmatch(text):
        return False
    try:
        date.fromisoformat(text.decode("ascii"))
    except ValueError:
        return False
    return True


def _is_timestamp(text: Any) -> bool:
    if not isinstance(text, bytes) or not _RAW_TIMESTAMP.fullmatch(text):
        return False
    try:
        datetime.fromisoformat(text[:-1].decode("ascii"))
    except ValueError:
        return False
    return True


def _stored(raw: RawRow) -> StoredRow:
    """A raw row as the reference code reads it; :class:`ValueError` if it cannot be."""
    sequence, kind, payload, day, recorded_at, actor, source, prev_hash, digest = raw[:9]
    recipe, account, sealed, salt, secret = raw[9:]
    if not _is_date(day):
        raise ValueError(f"stored date {day!r} is not YYYY-MM-DD")
    if not _is_timestamp(recorded_at):
        raise ValueError(f"stored timestamp {recorded_at!r} is not YYYY-MM-DDTHH:MM:SS.ffffffZ")
    try:
        return StoredRow(
            sequence=sequence,
            type=kind.decode("utf-8"),
            payload=payload.decode("utf-8"),
            valid_from=date.fromisoformat(day.decode("ascii")),
            recorded_at=datetime.fromisoformat(recorded_at[:-1].decode("ascii")).replace(
                tzinfo=UTC
            ),
            actor=actor.decode("utf-8"),
            source=source.decode("utf-8"),
            prev_hash=prev_hash.decode("utf-8"),
            hash=digest.decode("utf-8"),
            recipe=recipe,
            account=account.decode("utf-8"),
            sealed=sealed.decode("utf-8"),
            salt=salt.decode("utf-8"),
            secret=secret.decode("utf-8"),
        )
    except AttributeError as e:  # not bytes: a column of another type than the schema's
        raise ValueError(str(e)) from e


def chained(rows: Iterable[StoredRow], *, noun: str = "row") -> Iterator[StoredRow]:
    """Pass ``rows`` through once each has been checked as :func:`verify_rows` checks it,
    and also that recording times never go back (which a ledger's own rows never do).

    Raises :class:`~comity.errors.ChainBrokenError` at the first row that does not fit, with
    its position (1, 2, 3, ...) as ``value`` and in a message that calls a row ``noun``; a
    consumer writing the rows in one transaction rolls it back then. Used to restore a backup.
    """
    checked = 0
    prev_hash = GENESIS
    last_recorded = None
    iterator = iter(rows)
    while True:
        try:
            row = next(iterator)
        except StopIteration:
            return
        except ValueError as e:
            raise _broken(
                noun,
                checked + 1,
                Phrase(N_("it cannot be read ({error})"), {"error": reason_of(e)}),
            ) from e
        if row.sequence != checked + 1:
            raise _broken(
                noun,
                checked + 1,
                Phrase(N_("its sequence number is {sequence}"), {"sequence": row.sequence}),
            )
        if row.prev_hash != prev_hash:
            raise _broken(
                noun, checked + 1, Phrase(N_("its prev_hash is not the hash of the row before"))
            )
        try:
            recomputed = stored_row_hash(prev_hash, row)
        except (ValueError, TypeError, AttributeError) as e:
            raise _broken(
                noun,
                checked + 1,
                Phrase(N_("its columns cannot be hashed ({error})"), {"error": reason_of(e)}),
            ) from e
        if recomputed != row.hash:
            raise _broken(
                noun, checked + 1, Phrase(N_("its hash does not recompute from its columns"))
            )
        if last_recorded is not None and row.recorded_at < last_recorded:
            raise _broken(
                noun, checked + 1, Phrase(N_("its recording time is earlier than the row before's"))
            )
        last_recorded = row.recorded_at
        prev_hash = recomputed
        checked += 1
        yield row


def _broken(noun: str, position: int, reason: Phrase) -> ChainBrokenError:
    template = (
        N_("line {position} does not continue the chain: {reason}; lines 1 to {verified} verify")
        if noun == "line"
        else N_("row {position} does not continue the chain: {reason}; rows 1 to {verified} verify")
    )
    return ChainBrokenError(
        template,
        value=position,
        params={"position": position, "reason": reason, "verified": position - 1},
    )
