"""``fold(charter, events, as_of) -> InstitutionalState``: the organisation on a day.

A pure function of the charter (which rules were in force when each event happened) and
the events up to that day. Everything comity says about "who was a member on this date" or
"which documents were in force" comes from here, for the reference history and for live
procedures alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from comity.charter.model import Charter, CharterDefinition
from comity.charter.treaties import EntryIntoForceCondition
from comity.events import (
    AccessionProcedureStarted,
    BodyEstablished,
    DocumentAdopted,
    DocumentKind,
    DocumentSigned,
    EnteredIntoForce,
    Event,
    Instrument,
    InstrumentDeposited,
    MeetingConvened,
    MembershipApplied,
    ObligationsMemorandumSigned,
    OfficeHolderAppointed,
    OrganisationMemorandumSigned,
    Source,
    StateAdmitted,
    Status,
    StatusCategoriesMerged,
    StatusGranted,
    StatusMemorandumSigned,
)

#: Statuses under which a state is a member state in law (its membership not ended).
MEMBER_STATUSES = frozenset({Status.MEMBER, Status.WITHDRAWING, Status.SUSPENDED})


@dataclass(frozen=True)
class StatusSpell:
    """A period during which a state held one status; ``end`` is exclusive (None: still)."""

    status: Status
    start: date
    end: date | None
    event: Event

    @property
    def source(self) -> Source | None:
        return self.event.sources[0] if self.event.sources else None


@dataclass
class DocumentRecord:
    """A document and where it stands, as of the state's date."""

    id: str
    title: str
    kind: DocumentKind
    signed: date | None = None
    adopted: date | None = None
    adopted_by: str | None = None
    place: str | None = None
    signatories: tuple[str, ...] = ()
    deposits: dict[str, tuple[date, Instrument]] = field(default_factory=dict)
    recorded_in_force: date | None = None
    recorded_in_force_for: dict[str, date] = field(default_factory=dict)
    computed_in_force: date | None = None
    computed_in_force_for: dict[str, date] = field(default_factory=dict)
    members_bound_from: dict[str, date] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)

    @property
    def in_force(self) -> date | None:
        """The general entry into force: as recorded, else as computed from the deposits."""
        return self.recorded_in_force or self.computed_in_force

    @property
    def parties(self) -> dict[str, date]:
        """States bound by the document, with the date from which each is bound."""
        if self.in_force is None:
            return {}
        bound: dict[str, date] = {}
        if not self.computed_in_force_for and not self.recorded_in_force_for:
            # No deposits on record: the recorded entry into force binds the signatories.
            bound.update(dict.fromkeys(self.signatories, self.in_force))
        bound.update(self.computed_in_force_for)
        bound.update(self.recorded_in_force_for)
        for state, since in self.members_bound_from.items():
            bound[state] = min(bound.get(state, since), since)
        return dict(sorted(bound.items()))


@dataclass
class InstitutionalState:
    """The organisation as of ``as_of``: statuses, documents, meetings, offices."""

    as_of: date
    charter: Charter
    spells: dict[str, list[StatusSpell]]
    documents: dict[str, DocumentRecord]
    meetings: list[MeetingConvened]
    office_holders: list[OfficeHolderAppointed]
    bodies_established: dict[str, BodyEstablished]
    organisation_memoranda: list[OrganisationMemorandumSigned]
    pending_grants: dict[str, StatusGranted]
    applications: dict[str, MembershipApplied]
    obligations_memoranda: dict[str, ObligationsMemorandumSigned]
    events: list[Event]

    def current(self, state: str) -> StatusSpell | None:
        spells = self.spells.get(state)
        if spells and spells[-1].end is None:
            return spells[-1]
        return None

    def with_status(self, statuses: Iterable[Status]) -> dict[str, StatusSpell]:
        """Every state whose current status is one of ``statuses``, sorted by code."""
        wanted = frozenset(statuses)
        found = {s: spell for s in self.spells if (spell := self.current(s)) is not None}
        return {s: spell for s, spell in sorted(found.items()) if spell.status in wanted}

    def members(self) -> dict[str, StatusSpell]:
        """Member states (including those suspended or with a withdrawal notified)."""
        return self.with_status(MEMBER_STATUSES)

    def member_since(self, state: str) -> date | None:
        """The start of the state's current, unbroken membership (None if not a member)."""
        since: date | None = None
        for spell in self.spells.get(state, []):
            if spell.status not in MEMBER_STATUSES:
                since = None
            elif since is None:
                since = spell.start
        current = self.current(state)
        return since if current is not None and current.status in MEMBER_STATUSES else None

    def eligible(self, body: str) -> tuple[str, ...]:
        """States whose positions count in ``body``'s decisions on this date."""
        self.charter.body(body)
        deciding = self.charter.deciding_statuses()
        return tuple(self.with_status(deciding))

    def last_meeting(self, body: str) -> MeetingConvened | None:
        held = [m for m in self.meetings if m.body == body]
        return held[-1] if held else None

    def office_holder(self, office: str) -> OfficeHolderAppointed | None:
        """The person in ``office`` on this date, if any."""
        holders = [
            o
            for o in self.office_holders
            if o.office == office and (o.term_ends is None or o.term_ends >= self.as_of)
        ]
        return holders[-1] if holders else None


class _Folder:
    def __init__(self, definition: CharterDefinition, as_of: date, reforms: tuple[str, ...]):
        self.definition = definition
        self.as_of = as_of
        self.reforms = reforms
        self.spells: dict[str, list[StatusSpell]] = {}
        self.documents: dict[str, DocumentRecord] = {}
        self.meetings: list[MeetingConvened] = []
        self.offices: list[OfficeHolderAppointed] = []
        self.bodies: dict[str, BodyEstablished] = {}
        self.org_memoranda: list[OrganisationMemorandumSigned] = []
        self.pending: dict[str, StatusGranted] = {}
        self.applications: dict[str, MembershipApplied] = {}
        self.obligations: dict[str, ObligationsMemorandumSigned] = {}
        self.charter_at = lru_cache(maxsize=None)(self._charter_at)

    def _charter_at(self, day: date) -> Charter | None:
        if day < self.definition.first_date:
            return None
        return self.definition.as_of(day, self.reforms)

    def begin(self, state: str, status: Status, day: date, event: Event) -> None:
        spells = self.spells.setdefault(state, [])
        if spells and spells[-1].end is None:
            if spells[-1].status is status:
                return
            last = spells[-1]
            spells[-1] = StatusSpell(last.status, last.start, day, last.event)
            if last.start == day:  # superseded the same day: keep no empty spell
                spells.pop()
        spells.append(StatusSpell(status, day, None, event))

    def status(self, state: str) -> Status | None:
        spells = self.spells.get(state)
        return spells[-1].status if spells and spells[-1].end is None else None

    def document(self, doc_id: str, event: Event) -> DocumentRecord:
        record = self.documents.get(doc_id)
        if record is None:
            record = DocumentRecord(id=doc_id, title=doc_id, kind=DocumentKind.DECISION)
            self.documents[doc_id] = record
        record.events.append(event)
        return record

    def apply(self, event: Event) -> None:
        day = event.valid_from
        match event:
            case StateAdmitted():
                self.pending.pop(event.state, None)
                self.begin(event.state, Status.MEMBER, day, event)
            case AccessionProcedureStarted():
                if self.status(event.state) not in MEMBER_STATUSES:
                    self.begin(event.state, Status.APPLICANT, day, event)
            case StatusGranted():
                charter = self.charter_at(day)
                rules = charter.statuses.get(event.status) if charter else None
                if event.procedure_only or (rules is not None and rules.runs_from == "memorandum"):
                    self.pending[event.state] = event
                else:
                    self.begin(event.state, event.status, day, event)
            case StatusMemorandumSigned():
                granted = self.pending.get(event.state)
                if granted is not None and granted.status == event.status:
                    del self.pending[event.state]
                    self.begin(event.state, event.status, day, event)
            case StatusCategoriesMerged():
                for state in list(self.spells):
                    if self.status(state) in event.merged:
                        self.begin(state, event.into, day, event)
                for state, granted in list(self.pending.items()):
                    if granted.status in event.merged:
                        del self.pending[state]
            case MembershipApplied():
                self.applications[event.state] = event
            case ObligationsMemorandumSigned():
                self.obligations[event.state] = event
            case MeetingConvened():
                self.meetings.append(event)
            case DocumentSigned():
                record = self.document(event.document, event)
                record.title, record.kind, record.place = event.title, event.kind, event.place
                record.signed = day
                record.signatories = event.signatories
            case DocumentAdopted():
                record = self.document(event.document, event)
                record.title, record.kind, record.place = event.title, event.kind, event.place
                record.adopted, record.adopted_by = day, event.body
            case InstrumentDeposited():
                self.document(event.document, event).deposits[event.state] = (
                    day,
                    event.instrument,
                )
            case EnteredIntoForce():
                record = self.document(event.document, event)
                if event.states:
                    record.recorded_in_force_for.update(dict.fromkeys(event.states, day))
                    record.recorded_in_force = record.recorded_in_force or day
                else:
                    record.recorded_in_force = day
            case BodyEstablished():
                self.bodies[event.body] = event
            case OfficeHolderAppointed():
                self.offices.append(event)
            case OrganisationMemorandumSigned():
                self.org_memoranda.append(event)

    def finish(self, charter: Charter) -> None:
        for record in self.documents.values():
            condition = charter.treaties.get(record.id)
            if condition is not None:
                self._compute_entry_into_force(record, condition)
        if charter.constitution and charter.constitution in self.documents:
            record = self.documents[charter.constitution]
            if record.in_force is not None:
                for state, spells in self.spells.items():
                    for spell in spells:
                        if spell.status in MEMBER_STATUSES and (
                            spell.end is None or spell.end > record.in_force
                        ):
                            record.members_bound_from.setdefault(
                                state, max(spell.start, record.in_force)
                            )

    def _compute_entry_into_force(
        self, record: DocumentRecord, condition: EntryIntoForceCondition
    ) -> None:
        result = condition.apply(
            {s: d for s, (d, _) in record.deposits.items()},
            signatories=record.signatories,
            signed=record.signed,
        )
        if result.general is not None and result.general <= self.as_of:
            record.computed_in_force = result.general
            record.computed_in_force_for = {
                s: d for s, d in result.for_party.items() if d <= self.as_of
            }


def fold(
    definition: CharterDefinition,
    events: Sequence[Event],
    as_of: date,
    *,
    reforms: Iterable[str] = (),
) -> InstitutionalState:
    """The organisation on ``as_of`` from the events that happened by then, in order.

    Events are applied by date, and within a day in the order given (the ledger's
    sequence); those after ``as_of`` are ignored, so a full history can be folded to any day.
    """
    reform_ids = tuple(reforms)
    folder = _Folder(definition, as_of, reform_ids)
    applied: list[Event] = []
    # Valid time orders the world; the stable sort keeps the ledger's order within a day,
    # so an event recorded late (a correction) still takes effect on its own date.
    for event in sorted(events, key=lambda e: e.valid_from):
        if event.valid_from <= as_of:
            folder.apply(event)
            applied.append(event)
    charter = definition.as_of(max(as_of, definition.first_date), reform_ids)
    folder.finish(charter)
    return InstitutionalState(
        as_of=as_of,
        charter=charter,
        spells=folder.spells,
        documents=folder.documents,
        meetings=folder.meetings,
        office_holders=folder.offices,
        bodies_established=folder.bodies,
        organisation_memoranda=folder.org_memoranda,
        pending_grants=folder.pending,
        applications=folder.applications,
        obligations_memoranda=folder.obligations,
        events=applied,
    )
