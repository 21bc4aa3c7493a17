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
['account', 'actor', 'hash', 'payload', 'prev_hash', 'recipe', 'recorded_at', 'sealed', \
'sequence', 'source', 'type', 'valid_from']

A row of hash recipe 2 has three more keys, ``recipe``, ``account`` and ``sealed``, and,
when its confidential content is shown, ``salt`` and ``secret``: the backup shows it always,
the public copy (:func:`public_lines`) only where the caller's ``disclosed`` says so. Both
verify (:func:`check_jsonl`).

The same lines are comity's backup format: :func:`check_jsonl` verifies a file's chain
without a database, and :func:`import_jsonl` writes it into an empty ledger row for row, so
that exporting again gives the same bytes:

>>> copy = MemoryLedger()
>>> import_jsonl(copy, lambda: jsonl_lines(ledger.stored_rows())).events
1
>>> list(jsonl_lines(copy.stored_rows())) == list(jsonl_lines(ledger.stored_rows()))
True
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, date, datetime
from typing import Any

from comity.errors import BackupFileError, ChainBrokenError, LedgerNotEmptyError
from comity.i18n import N_, Phrase, reason_of
from comity.ledger.base import Ledger, Verification
from comity.ledger.hashing import StoredRow, format_recorded_at
from comity.ledger.verify import chained

__all__ = [
    "check_jsonl",
    "import_jsonl",
    "jsonl_line",
    "jsonl_lines",
    "parse_line",
    "public_lines",
    "row_json",
]

_FIELDS = ("sequence", "type", "payload", "valid_from", "recorded_at", "actor", "source")
_TEXT_FIELDS = ("type", "payload", "actor", "source")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z")
_HASH = re.compile(r"[0-9a-f]{64}")
_V1_KEYS = frozenset((*_FIELDS, "prev_hash", "hash"))
_V2_KEYS = _V1_KEYS | {"recipe", "account", "sealed"}
_REVEALED_KEYS = _V2_KEYS | {"salt", "secret"}


def row_json(row: StoredRow, *, reveal: bool = True) -> dict[str, Any]:
    """A stored row as JSON-ready data; payload and source stay the exact stored text.

    A row of recipe 1 gives the nine columns it was hashed with. Without ``reveal`` a row's
    confidential content (``salt`` and ``secret``) is left out; its commitment stays.
    """
    data: dict[str, Any] = {
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
    if row.recipe == 1 and not (row.account or row.sealed or row.salt or row.secret):
        return data
    data.update(recipe=row.recipe, account=row.account, sealed=row.sealed)
    if reveal and (row.salt or row.secret):
        data.update(salt=row.salt, secret=row.secret)
    return data


def jsonl_line(row: StoredRow, *, reveal: bool = True) -> str:
    """A row as one line of JSON, newline-terminated."""
    data = row_json(row, reveal=reveal)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def jsonl_lines(rows: Iterable[StoredRow]) -> Iterator[str]:
    """One line of JSON per row, newline-terminated, confidential content included: the
    backup, for the operator."""
    for row in rows:
        yield jsonl_line(row)


def public_lines(
    rows: Iterable[StoredRow], disclosed: Callable[[StoredRow], bool]
) -> Iterator[str]:
    """The chain as a caller may read it: each row's confidential content only where
    ``disclosed(row)``; a row whose content is left out still verifies by its commitment."""
    for row in rows:
        yield jsonl_line(row, reveal=not row.sealed or disclosed(row))


def parse_line(line: str) -> StoredRow:
    """Read one line of :func:`jsonl_lines` back into the row; :class:`ValueError` says what
    is wrong with a line that is not exactly such a row."""
    data = json.loads(line)
    if not isinstance(data, dict) or frozenset(data) not in (_V1_KEYS, _V2_KEYS, _REVEALED_KEYS):
        raise ValueError(Phrase(N_("not an object with exactly the columns of a ledger row")))
    recipe = data.get("recipe", 1)
    if not isinstance(recipe, int) or isinstance(recipe, bool):
        raise ValueError(Phrase(N_("recipe is not an integer: {recipe!r}"), {"recipe": recipe}))
    texts: dict[str, str] = {}
    for name in ("account", "sealed", "salt", "secret"):
        texts[name] = data.get(name, "")
        if not isinstance(texts[name], str):
            raise ValueError(Phrase(N_("{name} is not a string"), {"name": name}))
    sequence = data["sequence"]
    if not isinstance(sequence, int) or isinstance(sequence, bool):
        raise ValueError(
            Phrase(N_("sequence is not an integer: {sequence!r}"), {"sequence": sequence})
        )
    for name in (*_TEXT_FIELDS, "valid_from", "recorded_at"):
        if not isinstance(data[name], str):
            raise ValueError(Phrase(N_("{name} is not a string"), {"name": name}))
    if not _DATE.fullmatch(data["valid_from"]):
        raise ValueError(
            Phrase(N_("valid_from {found!r} is not YYYY-MM-DD"), {"found": data["valid_from"]})
        )
    if not _TIMESTAMP.fullmatch(data["recorded_at"]):
        raise ValueError(
            Phrase(
                N_("recorded_at {found!r} is not YYYY-MM-DDTHH:MM:SS.ffffffZ"),
                {"found": data["recorded_at"]},
            )
        )
    for name in ("prev_hash", "hash"):
        if not isinstance(data[name], str) or not _HASH.fullmatch(data[name]):
            raise ValueError(
                Phrase(N_("{name} is not 64 lowercase hexadecimal digits"), {"name": name})
            )
    return StoredRow(
        sequence=sequence,
        type=data["type"],
        payload=data["payload"],
        valid_from=date.fromisoformat(data["valid_from"]),
        recorded_at=datetime.fromisoformat(data["recorded_at"][:-1]).replace(tzinfo=UTC),
        actor=data["actor"],
        source=data["source"],
        prev_hash=data["prev_hash"],
        hash=data["hash"],
        recipe=recipe,
        **texts,
    )


def _rows(lines: Iterable[str]) -> Iterator[StoredRow]:
    for number, line in enumerate(lines, 1):
        try:
            yield parse_line(line)
        except ValueError as e:
            raise BackupFileError(
                N_(
                    "line {number} of the backup is not a ledger row ({reason}); lines 1 to"
                    " {verified} verify; nothing was imported"
                ),
                value=number,
                params={"number": number, "reason": reason_of(e), "verified": number - 1},
            ) from e


def _as_backup_error(error: ChainBrokenError) -> BackupFileError:
    return BackupFileError(
        N_("{error}; nothing was imported"), value=error.value, params={"error": error}
    )


def check_jsonl(lines: Iterable[str]) -> Verification:
    """Verify a backup's chain without writing anything: each line a row of
    :func:`jsonl_lines`, line *n* holding sequence number *n*.

    Raises :class:`~comity.errors.BackupFileError` naming the first bad line (``value``).
    """
    events, head = 0, None
    try:
        for row in chained(_rows(lines), noun="line"):
            events, head = row.sequence, row.hash
    except ChainBrokenError as e:
        raise _as_backup_error(e) from e
    return Verification(ok=True, events=events, head=head or "0" * 64, first_bad=None)


def import_jsonl(ledger: Ledger, open_lines: Callable[[], Iterable[str]]) -> Verification:
    """Restore a backup into the empty ``ledger``: the whole file is verified first (one
    pass over ``open_lines()``), then written in one transaction (a second pass).

    Raises :class:`~comity.errors.LedgerNotEmptyError` before reading the file when the
    ledger holds events, and :class:`~comity.errors.BackupFileError` naming the first bad
    line; nothing is written in either case.
    """
    if (held := ledger.count()) != 0:
        raise LedgerNotEmptyError(
            N_(
                "a backup is imported into an empty ledger only; this one holds {held} events"
                " (point --db or COMITY_DB at a new database)"
            ),
            value=held,
            params={"held": held},
        )
    check_jsonl(open_lines())
    try:
        return ledger.restore(_whole(_rows(open_lines())))
    except ChainBrokenError as e:  # the file changed between the two passes
        raise _as_backup_error(e) from e


def _whole(rows: Iterable[StoredRow]) -> Iterator[StoredRow]:
    """Rows with their confidential content: a public copy that leaves some out verifies, but
    a ledger restored from it could not read those events back."""
    for row in rows:
        if row.withheld:
            raise BackupFileError(
                N_(
                    "line {number} leaves out the confidential content of its row (a public copy"
                    " of the chain); restore from a backup made with 'comity export';"
                    " nothing was imported"
                ),
                value=row.sequence,
                params={"number": row.sequence},
            )
        yield row
