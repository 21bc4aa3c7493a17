"""A ledger in a Python list: same rows, same hashes, same rules as the SQL store.

It is the test double shipped with the library: pure tests of procedures and queries use it
instead of a database, and the contract suite holds it to exactly the SQL store's behaviour.
It keeps raw rows rather than events so that hashing, verification and decoding run the very
code paths the SQL store runs. Safe to share between threads; it does not persist.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from datetime import date, datetime
from operator import attrgetter

from comity.errors import LedgerNotEmptyError
from comity.events import Event
from comity.i18n import N_
from comity.ledger.base import Ledger, RecordedEvent, Verification
from comity.ledger.codec import (
    Confidential,
    check_account,
    check_actor,
    check_known_at,
    check_valid_until,
    decode,
    encode,
    link,
    recorded,
    utc_now,
)
from comity.ledger.hashing import GENESIS, StoredRow
from comity.ledger.verify import chained, verify_rows

__all__ = ["MemoryLedger"]


class MemoryLedger(Ledger):
    """An in-memory :class:`~comity.ledger.base.Ledger`.

    ``clock`` returns the recording time (timezone-aware); tests pass a fixed one to get
    reproducible hashes.
    """

    def __init__(self, *, clock: Callable[[], datetime] = utc_now) -> None:
        self._clock = clock
        self._rows: list[StoredRow] = []
        self._lock = threading.Lock()

    def append(
        self,
        events: Sequence[Event],
        *,
        actor: str,
        account: str = "",
        confidential: Confidential | None = None,
    ) -> list[RecordedEvent]:
        check_actor(actor)
        check_account(account)
        encoded = [encode(event, confidential) for event in events]
        if not encoded:
            return []
        with self._lock:
            last = self._rows[-1] if self._rows else None
            after = (last.sequence, last.hash, last.recorded_at) if last else (0, GENESIS, None)
            rows = link(encoded, after=after, actor=actor, account=account, now=self._clock())
            self._rows.extend(rows)
        return [recorded(row, item.event) for row, item in zip(rows, encoded, strict=True)]

    def events(
        self,
        *,
        valid_until: date | None = None,
        known_at: datetime | None = None,
        types: Collection[str] | None = None,
    ) -> list[RecordedEvent]:
        valid_until = check_valid_until(valid_until)
        known_at = check_known_at(known_at)
        wanted = None if types is None else frozenset(types)
        with self._lock:
            rows = list(self._rows)
        return [
            decode(row)
            for row in rows
            if (valid_until is None or row.valid_from <= valid_until)
            and (known_at is None or row.recorded_at <= known_at)
            and (wanted is None or row.type in wanted)
        ]

    def head(self) -> tuple[int, str]:
        with self._lock:
            return (self._rows[-1].sequence, self._rows[-1].hash) if self._rows else (0, GENESIS)

    def count(self) -> int:
        with self._lock:
            return len(self._rows)

    def stored_rows(self) -> Iterator[StoredRow]:
        with self._lock:
            rows = sorted(self._rows, key=attrgetter("sequence"))
        yield from rows

    def verify(self) -> Verification:
        with self._lock:
            # Sorted as the SQL store reads them, so tampering looks the same in both.
            rows = sorted(self._rows, key=attrgetter("sequence"))
        return verify_rows(rows)

    def restore(self, rows: Iterable[StoredRow]) -> Verification:
        with self._lock:
            if self._rows:
                raise LedgerNotEmptyError(
                    N_(
                        "a backup is restored into an empty ledger only; this one holds {held}"
                        " events"
                    ),
                    value=len(self._rows),
                    params={"held": len(self._rows)},
                )
            restored = list(chained(rows))
            self._rows.extend(restored)
        last = restored[-1] if restored else None
        return Verification(
            ok=True,
            events=len(restored),
            head=last.hash if last else GENESIS,
            first_bad=None,
        )
