"""An organisation's record: its ledger, read through its charter.

This is the one place where the interfaces (CLI, API, web) get an
:class:`~comity.state.InstitutionalState`: open the ledger named by the settings, load the
reference history into it when it is new, and fold the charter over its events.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from datetime import date, datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from comity.charter.model import CharterDefinition, load_charter
from comity.errors import ComityError, InputError
from comity.events import Event, canonical_json
from comity.i18n import N_
from comity.ledger import Ledger, RecordedEvent, open_ledger
from comity.reference import load_history
from comity.settings import Settings
from comity.state import InstitutionalState, fold
from comity.state.disclosure import Disclosure, sealed_fields
from comity.state.fold import STATUS_EVENTS

Progress = Callable[[int, int], None]
"""Called with (done, total) while the reference history is loaded."""

#: Reference events are appended in batches of this many, one transaction each; loading is
#: idempotent, so a load cut short resumes where it stopped.
BATCH = 50


def reference_actor(organisation: str) -> str:
    return f"reference:{organisation}"


class Record:
    """A ledger plus the charter of the organisation it records."""

    def __init__(
        self,
        ledger: Ledger,
        organisation: str = "sco",
        after_append: Callable[[Ledger], object] | None = None,
    ) -> None:
        self.ledger = ledger
        self.organisation = organisation
        self.definition: CharterDefinition = load_charter(organisation)
        # Run after a procedure's events are appended: publishing a witnessed checkpoint
        # when a witness policy is configured (COMITY_WITNESS_POLICY).
        self.after_append = after_append

    @classmethod
    def open(cls, url: str | None = None, settings: Settings | None = None) -> Record:
        """Open the ledger at ``url`` (default: the settings' ``COMITY_DB``); with a witness
        policy configured, each procedure's append is followed by witnessing."""
        settings = settings or Settings()
        url = url or settings.database_url()
        after: Callable[[Ledger], object] | None = None
        if settings.witness_policy:
            from comity.witness.publish import Witnessing  # late: only when configured

            after = Witnessing.from_settings(settings, url)
        return cls(open_ledger(url), settings.organisation, after)

    def appended(self) -> None:
        """Tell the record that events were appended (see ``after_append``)."""
        if self.after_append is not None:
            self.after_append(self.ledger)

    def close(self) -> None:
        self.ledger.close()

    def missing_reference_events(self) -> list[Event]:
        """Reference events of the package that the ledger lacks or holds in an older form.

        A reference event whose content changed in the package (a better source, a corrected
        date) is returned too: it is appended again under the same id, and being recorded
        later it supersedes the earlier version (see :func:`current_versions`).
        """
        actor = reference_actor(self.organisation)
        recorded = {
            r.event.id: _fingerprint(r.event) for r in self.ledger.events() if r.actor == actor
        }
        return [e for e in load_history(self.organisation) if recorded.get(e.id) != _fingerprint(e)]

    def load_reference(self, progress: Progress | None = None) -> int:
        """Append the reference events that are new or corrected; return how many."""
        missing = self.missing_reference_events()
        actor = reference_actor(self.organisation)
        if progress:
            progress(0, len(missing))
        for start in range(0, len(missing), BATCH):
            batch = missing[start : start + BATCH]
            self.append(batch, actor=actor)
            if progress:
                progress(start + len(batch), len(missing))
        return len(missing)

    def append(
        self, events: Sequence[Event], *, actor: str, account: str = ""
    ) -> list[RecordedEvent]:
        """Append ``events`` as ``actor`` (the role) and ``account`` (who acted), the fields
        the charter keeps confidential sealed (see :mod:`comity.state.disclosure`)."""
        return self.ledger.append(
            events,
            actor=actor,
            account=account,
            confidential=sealed_fields(self.definition, events),
        )

    def disclosure(self, *, known_at: datetime | None = None) -> Disclosure:
        """What readers may see of the record now (as it stood at ``known_at``)."""
        return Disclosure(self.definition, self.current_events(known_at=known_at))

    def ensure_initialised(self, progress: Progress | None = None) -> int:
        """Load the reference history into an empty ledger (the first query's set-up)."""
        if self.ledger.count() == 0:
            return self.load_reference(progress)
        return 0

    def recorded(
        self,
        *,
        valid_until: date | None = None,
        known_at: datetime | None = None,
        types: Collection[str] | None = None,
    ) -> list[RecordedEvent]:
        return self.ledger.events(valid_until=valid_until, known_at=known_at, types=types)

    def state(
        self,
        as_of: date,
        *,
        known_at: datetime | None = None,
        reforms: Iterable[str] = (),
        require_charter: bool = False,
    ) -> InstitutionalState:
        """The organisation on ``as_of``, as the record stood at ``known_at`` (default: now).

        With ``require_charter``, a date before the organisation had a charter is refused
        (bodies and decisions need one; a members' list before the founding is just empty).
        """
        if require_charter:
            self.definition.as_of(as_of, reforms)
        events = self.current_events(known_at=known_at)
        return fold(self.definition, events, as_of, reforms=reforms)

    def statuses(
        self, as_of: date, *, known_at: datetime | None = None, reforms: Iterable[str] = ()
    ) -> InstitutionalState:
        """Who held which status on ``as_of``, from the status events alone.

        The state's spells, pending grants and admission procedures (when each started and
        ended) are those :meth:`state` gives; everything else in it (documents, meetings,
        obligations, memoranda of obligations) is left out. Reading only the events that
        change a status, through the ledger's index of them, keeps "members on a date" fast
        however many meetings and positions the ledger holds.
        """
        events = self.current_events(known_at=known_at, types=STATUS_EVENTS)
        return fold(self.definition, events, as_of, reforms=reforms)

    def current_events(
        self, *, known_at: datetime | None = None, types: Collection[str] | None = None
    ) -> list[Event]:
        """The events in force in the record (corrections applied), in ledger order, of
        ``types`` only if given.

        Versions are resolved before any date is compared: a correction may move a date.
        """
        recorded = self.recorded(known_at=known_at, types=types)
        return [r.event for r in current_versions(recorded)]

    def states_on(self, days: Sequence[date]) -> list[InstitutionalState]:
        """The organisation on each day, reading the record's events once."""
        events = self.current_events()
        return [fold(self.definition, events, day) for day in days]


def _fingerprint(event: Event) -> bytes:
    return canonical_json(event.model_dump(mode="json"))


def current_versions(recorded: Sequence[RecordedEvent]) -> list[RecordedEvent]:
    """The records in force: for an id recorded more than once, the latest recording
    replaces the earlier ones, in the first one's place in the sequence.

    The ledger never changes a row; a correction of a fact is the same id recorded again,
    and ``known_at`` still shows what the record said before the correction. Events without
    an id (those made by procedures) are all kept.
    """
    latest: dict[str, RecordedEvent] = {}
    for r in recorded:
        if r.event.id is not None:
            latest[r.event.id] = r
    placed: set[str] = set()
    current: list[RecordedEvent] = []
    for r in recorded:
        event_id = r.event.id
        if event_id is None:
            current.append(r)
        elif event_id not in placed:
            placed.add(event_id)
            current.append(latest[event_id])
    return current


def archive_sqlite_file(url: str, *, now: datetime) -> Path | None:
    """Move an SQLite ledger file aside (never delete a record); return the archive path.

    Used by ``comity init --force`` to start a new ledger while keeping the old one.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        raise InputError(
            N_(
                "init --force starts a new ledger only for SQLite files; for a server database,"
                " create a new database and point COMITY_DB at it"
            ),
            value=parsed.get_backend_name(),
            params={},
        )
    if not parsed.database or parsed.database == ":memory:":
        return None
    path = Path(parsed.database)
    if not path.exists():
        return None
    archive = path.with_name(f"{path.name}.{now:%Y%m%dT%H%M%S}.bak")
    if archive.exists():
        raise ComityError(
            N_("{archive} exists already; try again in a second"),
            value=str(archive),
            params={"archive": archive},
        )
    for suffix in ("", "-wal", "-shm"):
        companion = Path(f"{path}{suffix}")
        if companion.exists():
            companion.rename(Path(f"{archive}{suffix}"))
    return archive
