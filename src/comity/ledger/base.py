"""What every event store promises, whatever keeps the rows.

The application layer talks to :class:`Ledger` only, so a procedure or a query runs the same
against the in-memory store in a unit test, an SQLite file on a laptop and PostgreSQL behind
several API workers. One contract test suite holds every backend to the same behaviour.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from types import TracebackType
from typing import TYPE_CHECKING, Self

from comity.errors import ChainBrokenError
from comity.events import Event
from comity.i18n import N_
from comity.ledger.hashing import StoredRow

if TYPE_CHECKING:
    from comity.ledger.codec import Confidential

__all__ = ["Ledger", "RecordedEvent", "Verification"]


@dataclass(frozen=True, slots=True)
class RecordedEvent:
    """An event as the ledger holds it: the event plus when, by whom and where in the chain."""

    sequence: int
    recorded_at: datetime
    actor: str
    prev_hash: str
    hash: str
    event: Event
    account: str = ""
    """Who acted (an account of the identity store, ``os:<login>`` from the CLI, or empty:
    comity itself, or a row written before migration 0004)."""


@dataclass(frozen=True, slots=True)
class Verification:
    """The outcome of recomputing the hash chain.

    ``events`` and ``head`` describe the verified prefix: all rows when ``ok``, otherwise the
    rows before ``first_bad``, the sequence number of the first row that does not match (or
    that is missing). Comparing ``head`` with a head hash kept elsewhere also shows rows cut
    from the end, which the chain alone cannot.
    """

    ok: bool
    events: int
    head: str
    first_bad: int | None

    def check(self) -> None:
        """Raise :class:`~comity.errors.ChainBrokenError` unless the chain verified."""
        if not self.ok:
            raise ChainBrokenError(
                N_(
                    "the ledger's hash chain breaks at event {first_bad}: events 1 to {events}"
                    " verify; later rows were changed, removed or added outside comity"
                ),
                value=self.first_bad,
                params={"first_bad": self.first_bad, "events": self.events},
            )


class Ledger(ABC):
    """An append-only, hash-chained, bitemporal store of institutional events.

    Rows are never changed or removed: a correction is a new event. Each row records when
    the event happened in the world (``valid_from``) and when the ledger learnt of it
    (``recorded_at``), so a query can ask what was true on a date as the record stood at an
    earlier moment.
    """

    @abstractmethod
    def append(
        self,
        events: Sequence[Event],
        *,
        actor: str,
        account: str = "",
        confidential: Confidential | None = None,
    ) -> list[RecordedEvent]:
        """Record ``events`` in order, all or none, on behalf of ``actor``.

        ``actor`` is ``role`` or ``role:id``, e.g. ``secretariat``, ``delegation:IND``,
        ``reference:sco``; ``account`` is who acted in that role (see
        :func:`~comity.ledger.codec.check_account`). ``confidential`` names the payload fields
        to seal, per event type (:data:`~comity.ledger.codec.Confidential`). All events of
        one call share one ``recorded_at``, strictly later than any earlier call's, so
        ``known_at`` always selects a prefix of the chain.

        Raises :class:`~comity.errors.LedgerConflictError` if concurrent writers keep
        winning, :class:`~comity.errors.LedgerUnavailableError` if the database cannot be
        reached, :class:`~comity.errors.InvalidActorError` and
        :class:`~comity.errors.UnencodableEventError` for bad input; nothing is written then.
        """

    @abstractmethod
    def events(
        self,
        *,
        valid_until: date | None = None,
        known_at: datetime | None = None,
        types: Collection[str] | None = None,
    ) -> list[RecordedEvent]:
        """Recorded events in sequence order, optionally only those with
        ``valid_from <= valid_until``, ``recorded_at <= known_at`` (an aware datetime) and
        type in ``types``."""

    @abstractmethod
    def head(self) -> tuple[int, str]:
        """Sequence number and hash of the last row; ``(0, GENESIS)`` when empty."""

    @abstractmethod
    def count(self) -> int:
        """Number of rows."""

    @abstractmethod
    def stored_rows(self) -> Iterator[StoredRow]:
        """Every row exactly as stored, in sequence order, streamed: what an outside auditor
        needs to recompute the chain (decoded events would not do: a model that gained a
        field since would re-encode to other bytes)."""

    @abstractmethod
    def verify(self) -> Verification:
        """Recompute the hash chain from the stored rows; see :class:`Verification`."""

    @abstractmethod
    def restore(self, rows: Iterable[StoredRow]) -> Verification:
        """Write ``rows``, a whole ledger as :meth:`stored_rows` gave it, into this empty
        ledger exactly as they are (same recording times, same hashes), all or none.

        The rows are checked as they are written, as :meth:`verify` would check them, and
        their recording times must not go back. Raises
        :class:`~comity.errors.LedgerNotEmptyError` if the ledger holds any row and
        :class:`~comity.errors.ChainBrokenError` (``value``: the position of the first bad
        row) if the rows do not form one chain; nothing is written then.
        """

    def close(self) -> None:  # noqa: B027 - a store without resources needs no closing
        """Release connections or files; the ledger is unusable afterwards."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
