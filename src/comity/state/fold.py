"""``fold(charter, events, as_of) -> InstitutionalState``: the organisation on a day.

A pure function of the charter (which rules were in force when each event happened) and
the events up to that day. Everything comity says about "who was a member on this date" or
"which documents were in force" comes from here, for the reference history and for live
procedures alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache

from comity.charter.model import Charter, CharterDefinition, Right
from comity.charter.treaties import EntryIntoForceCondition, FinalClauses
from comity.events import (
    AccessionProcedureStarted,
    AgendaItemTabled,
    AttendanceRecorded,
    BodyEstablished,
    DisputeRaised,
    DisputeSettled,
    DisputeStageOpened,
    DocumentAdopted,
    DocumentDenounced,
    DocumentKind,
    DocumentOpenedForSignature,
    DocumentSigned,
    DocumentTabled,
    EnteredIntoForce,
    Event,
    FindingRecorded,
    InformationRequested,
    Instrument,
    InstrumentDeposited,
    ItemClosed,
    MeetingConvened,
    MembershipApplied,
    MembershipExpelled,
    MembershipSuspended,
    ObligationCreated,
    ObligationsMemorandumSigned,
    OfficeHolderAppointed,
    OrganisationMemorandumSigned,
    PanelReportDecided,
    PanelReportIssued,
    ParticipationDecided,
    PenaltyImposed,
    PenaltyLifted,
    PositionStated,
    ReportSubmitted,
    RepresentationMade,
    ReservationMade,
    ReservationObjected,
    Source,
    StateAdmitted,
    Status,
    StatusApplied,
    StatusCategoriesMerged,
    StatusGranted,
    StatusMemorandumSigned,
    SuspensionLifted,
    WithdrawalNotified,
)

#: The events that begin or end a state's status or its admission procedure, by their
#: ``type``. Folding only these gives the same spells, pending grants and admission procedures
#: as folding every event (``tests/state/test_status_events`` holds :func:`fold` to that), so
#: "who held which status on a date" reads a few hundred rows of a ledger of millions through a
#: partial index of exactly these rows (ledger migration 0003). A handler that starts to change
#: a status on another event must add it here, and a new migration must add it to that index
#: (``tests/ledger/test_sql.py`` fails until it does).
STATUS_EVENTS: frozenset[str] = frozenset(
    cls.model_fields["type"].default
    for cls in (
        StateAdmitted,
        AccessionProcedureStarted,
        StatusGranted,
        StatusMemorandumSigned,
        StatusCategoriesMerged,
        MembershipSuspended,
        SuspensionLifted,
        MembershipExpelled,
        WithdrawalNotified,
    )
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


@dataclass(frozen=True)
class AdmissionProcedure:
    """A state's admission procedure: a fact beside its status, not a status.

    The SCO knows member states, observers, dialogue partners and (from Tianjin, 2025)
    partners; no text makes "applicant" a status. The Council's decision to start the
    procedure (Regulation on Admission of New Members, 2010; Procedure for Granting the Status
    of Member State, 2014) leaves the state's status as it was: India and Pakistan stayed
    observers from Ufa (10 July 2015) to their admission (9 June 2017), Belarus an observer
    from Samarkand (16 September 2022) to its admission (4 July 2024). The procedure ends with
    the final decision (``admitted``); the record has no event for a procedure abandoned (the
    SCO's history has none), so one not ended is under way.

    Both events are status events (:data:`STATUS_EVENTS`), so the status index gives the same
    procedures as the whole record; the memorandum of obligations and the accessions still
    outstanding are read from the whole record (``InstitutionalState.obligations_memoranda``,
    :meth:`InstitutionalState.outstanding_obligations`).
    """

    started: AccessionProcedureStarted
    admitted: StateAdmitted | None = None

    @property
    def start(self) -> date:
        return self.started.valid_from

    @property
    def end(self) -> date | None:
        """The day the procedure ended (the admission), None while under way."""
        return self.admitted.valid_from if self.admitted else None

    @property
    def ended_by(self) -> str | None:
        return "admission" if self.admitted else None

    @property
    def under_way(self) -> bool:
        return self.admitted is None

    @property
    def source(self) -> Source | None:
        return self.started.sources[0] if self.started.sources else None


@dataclass
class ReservationRecord:
    """A reservation to a document and the objections to it."""

    id: str
    state: str
    text: str
    made: date
    objections: dict[str, date] = field(default_factory=dict)


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
    tabled: date | None = None
    adopted_in: tuple[str, str] | None = None  # (meeting, item) of the adopting decision
    opened_for_signature: date | None = None
    depositary: str | None = None
    clause: EntryIntoForceCondition | None = None  # the document's own, if recorded
    signatures: dict[str, date] = field(default_factory=dict)
    acceded_for: dict[str, date] = field(default_factory=dict)
    reservations: dict[str, ReservationRecord] = field(default_factory=dict)
    denunciations: dict[str, DocumentDenounced] = field(default_factory=dict)
    # States no longer bound on the state's date (denunciation, withdrawal, expulsion).
    ended: dict[str, date] = field(default_factory=dict)
    # Flexible participation ("ASEAN minus X"): each member state's first day of taking part
    # in the commitment, None where the decision fixed no date (ParticipationDecided).
    participation: dict[str, date | None] = field(default_factory=dict)

    def taking_part(self, day: date) -> tuple[str, ...]:
        """The member states taking part in the commitment on ``day`` (flexible participation),
        sorted by code; empty where no decision on participation is recorded."""
        return tuple(s for s, since in sorted(self.participation.items()) if since and since <= day)

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
        for state, since in self.acceded_for.items():
            bound.setdefault(state, since)
        for state, since in self.members_bound_from.items():
            bound[state] = min(bound.get(state, since), since)
        return {s: d for s, d in sorted(bound.items()) if s not in self.ended}


@dataclass
class ItemRecord:
    """An agenda item: what was tabled under it, the positions stated, how it closed."""

    tabled: AgendaItemTabled
    documents: list[DocumentTabled] = field(default_factory=list)
    positions: dict[str, PositionStated] = field(default_factory=dict)
    statements: list[PositionStated] = field(default_factory=list)
    closed: ItemClosed | None = None


@dataclass
class MeetingRecord:
    """A meeting of a body with its agenda."""

    convened: MeetingConvened
    items: dict[str, ItemRecord] = field(default_factory=dict)
    #: The last roll call: member states present, or None before any was recorded.
    present: tuple[str, ...] | None = None
    attendance: AttendanceRecorded | None = None

    @property
    def last_day(self) -> date:
        return self.convened.ends_on or self.convened.valid_from


@dataclass(frozen=True)
class WithdrawalRecord:
    """A notified withdrawal: from the notice the state is withdrawing, from ``effective``
    withdrawn; ``surviving`` lists the documents binding it when it gave notice, whose
    obligations bind it until fulfilled (SCO Charter Art. 13)."""

    notified: date
    effective: date
    event: WithdrawalNotified
    surviving: tuple[str, ...]


@dataclass
class ObligationRecord:
    """An obligation with the reports, requests and findings on it, per state."""

    created: ObligationCreated
    reports: dict[str, list[ReportSubmitted]] = field(default_factory=dict)
    requests: dict[str, list[InformationRequested]] = field(default_factory=dict)
    findings: dict[str, FindingRecorded] = field(default_factory=dict)

    def last_report(self, state: str) -> ReportSubmitted | None:
        reports = self.reports.get(state)
        return reports[-1] if reports else None


@dataclass
class DisputeRecord:
    """A dispute and its stages: (stage, opened, deadline) in order."""

    raised: DisputeRaised
    stages: list[tuple[str, date, date | None]] = field(default_factory=list)
    report: PanelReportIssued | None = None
    decision: PanelReportDecided | None = None
    settled: DisputeSettled | None = None

    @property
    def stage(self) -> str:
        """consultations, negotiations, panel, report, adopted, rejected or settled."""
        if self.settled is not None:
            return "settled"
        if self.decision is not None:
            return "adopted" if self.decision.adopted else "rejected"
        if self.report is not None:
            return "report"
        return self.stages[-1][0]

    @property
    def open(self) -> bool:
        return self.stage not in ("settled", "adopted", "rejected")

    @property
    def deadline(self) -> date | None:
        if self.report is not None:
            return self.report.deadline if self.decision is None else None
        return self.stages[-1][2] if self.open else None

    def parties(self) -> tuple[str, str]:
        return (self.raised.state, self.raised.respondent)


@dataclass
class PenaltyRecord:
    """A measure against a state and, if lifted, when."""

    imposed: PenaltyImposed
    lifted: PenaltyLifted | None = None

    def active_on(self, day: date) -> bool:
        """In force on ``day``: imposed by then, not yet ended or lifted."""
        return (
            self.imposed.valid_from <= day
            and (self.imposed.until is None or day < self.imposed.until)
            and (self.lifted is None or day < self.lifted.valid_from)
        )


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
    meeting_records: dict[str, MeetingRecord] = field(default_factory=dict)
    status_applications: dict[str, StatusApplied] = field(default_factory=dict)
    representations: dict[tuple[str, str], RepresentationMade] = field(default_factory=dict)
    withdrawals: dict[str, WithdrawalRecord] = field(default_factory=dict)
    obligations: dict[str, ObligationRecord] = field(default_factory=dict)
    disputes: dict[str, DisputeRecord] = field(default_factory=dict)
    penalties: dict[str, PenaltyRecord] = field(default_factory=dict)
    # Each state's admission procedures up to this date, oldest first.
    admissions: dict[str, list[AdmissionProcedure]] = field(default_factory=dict)

    def admission(self, state: str) -> AdmissionProcedure | None:
        """The state's admission procedure under way on this date, if any."""
        procedures = self.admissions.get(state)
        if procedures and procedures[-1].under_way:
            return procedures[-1]
        return None

    def in_admission(self) -> dict[str, AdmissionProcedure]:
        """Every state with an admission procedure under way, sorted by code."""
        return {s: p for s in sorted(self.admissions) if (p := self.admission(s)) is not None}

    def measures_on(self, state: str) -> list[PenaltyRecord]:
        """The measures against ``state`` in force on this date."""
        day = self.as_of
        return [p for p in self.penalties.values() if p.imposed.state == state and p.active_on(day)]

    def suspending(self, state: str, right: Right) -> PenaltyRecord | None:
        """The measure in force that suspends ``right`` of ``state``, if any."""
        return next((p for p in self.measures_on(state) if right in p.imposed.rights), None)

    def rights_of(self, state: str) -> frozenset[Right]:
        """The rights ``state`` holds on this date: its status's, less those suspended.

        An admission procedure under way adds none: no source in the record gives a state in
        the procedure a right its status does not give."""
        status = self.status_of(state)
        held = self.charter.rights(status) if status is not None else frozenset()
        suspended = {r for p in self.measures_on(state) for r in p.imposed.rights}
        return frozenset(r for r in held if r.value not in suspended)

    def overdue(self, state: str) -> list[str]:
        """Obligations of ``state`` past due on this date without a report that they are met
        (implemented or not applicable)."""
        return [
            o.created.obligation
            for o in self.obligations.values()
            if state in o.created.states
            and o.created.due < self.as_of
            and not _met(o.last_report(state))
        ]

    def open_disputes(self, state: str | None = None) -> list[DisputeRecord]:
        return [
            d for d in self.disputes.values() if d.open and (state is None or state in d.parties())
        ]

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
        return tuple(
            s
            for s in self.with_status(deciding)
            if self.suspending(s, Right.TAKE_PART_IN_DECISIONS) is None
        )

    def last_meeting(self, body: str) -> MeetingConvened | None:
        held = [m for m in self.meetings if m.body == body]
        return held[-1] if held else None

    def status_of(self, state: str) -> Status | None:
        current = self.current(state)
        return current.status if current else None

    def outstanding_obligations(self, state: str) -> list[str]:
        """What an applicant must still do before the final decision on its admission: sign
        the memorandum of obligations, accede to each listed document in the record."""
        rules = self.charter.procedures.admission
        if rules is None:
            return []
        outstanding: list[str] = []
        if rules.memorandum and state not in self.obligations_memoranda:
            outstanding.append("memorandum of obligations")
        for doc_id in rules.required_of(state):  # what its memorandum lists
            record = self.documents.get(doc_id)
            if record is None or (record.signed is None and record.adopted is None):
                continue  # not concluded by this date: nothing to accede to
            if state in record.deposits or state in record.parties:
                continue
            outstanding.append(f"accession to {doc_id}")
        return outstanding

    def reservation_void(self, record: DocumentRecord, reservation: ReservationRecord) -> bool:
        """A reservation to the constitution is void once enough member states object
        (SCO Charter Art. 24: at least two thirds)."""
        rules = self.charter.procedures.charter_reservations
        if rules is None or rules.document != record.id:
            return False
        members = set(self.members())
        objecting = len(members & set(reservation.objections))
        return bool(members) and objecting >= rules.share * len(members)

    def party_status(self, record: DocumentRecord, state: str) -> str | None:
        """Where ``state`` stands towards a document on this date: ``party``,
        ``denouncing``, ``denounced``, ``withdrawn``, ``deposited``, ``signed`` or None."""
        denounced = record.denunciations.get(state)
        if state in record.ended:
            return "denounced" if denounced else "withdrawn"
        if state in record.parties:
            return "denouncing" if denounced else "party"
        if state in record.deposits:
            return "deposited"
        if state in record.signatories or state in record.signatures:
            return "signed"
        return None

    def office_holder(self, office: str) -> OfficeHolderAppointed | None:
        """The person in ``office`` on this date, if any."""
        holders = [
            o
            for o in self.office_holders
            if o.office == office and (o.term_ends is None or o.term_ends >= self.as_of)
        ]
        return holders[-1] if holders else None


def _accession_delay(
    condition: EntryIntoForceCondition | None, clauses: FinalClauses | None
) -> timedelta:
    """How long after its deposit an accession binds the state: the entry-into-force clause's
    delay for later parties, else the final clauses' accession delay, else none."""
    if condition is not None and condition.later_parties == "days_after_deposit":
        return timedelta(days=condition.days_after)
    if clauses is not None and clauses.accession_days is not None:
        return timedelta(days=clauses.accession_days)
    return timedelta(0)


def _met(report: ReportSubmitted | None) -> bool:
    return report is not None and report.status in ("implemented", "not_applicable")


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
        self.meeting_records: dict[str, MeetingRecord] = {}
        self.status_applications: dict[str, StatusApplied] = {}
        self.representations: dict[tuple[str, str], RepresentationMade] = {}
        self.withdrawals: dict[str, WithdrawalRecord] = {}
        self.obligation_records: dict[str, ObligationRecord] = {}
        self.disputes: dict[str, DisputeRecord] = {}
        self.penalties: dict[str, PenaltyRecord] = {}
        self.admissions: dict[str, list[AdmissionProcedure]] = {}
        # Changes of status decided now, effective later: (day, order, state, status, event).
        self.scheduled: list[tuple[date, int, str, Status, Event]] = []
        self.charter_at = lru_cache(maxsize=None)(self._charter_at)

    def schedule(self, day: date, state: str, status: Status, event: Event) -> None:
        self.scheduled.append((day, len(self.scheduled), state, status, event))
        self.scheduled.sort(key=lambda s: (s[0], s[1]))

    def run_scheduled(self, until: date) -> None:
        """Apply the changes of status that take effect by ``until``, in date order."""
        while self.scheduled and self.scheduled[0][0] <= until:
            day, _, state, status, event = self.scheduled.pop(0)
            if self.status(state) in MEMBER_STATUSES:
                self.begin(state, status, day, event)

    def bound_on(self, state: str, day: date) -> tuple[str, ...]:
        """Documents (other than the constitution) the state had deposited for by ``day``."""
        return tuple(
            sorted(
                doc_id
                for doc_id, record in self.documents.items()
                if (state in record.deposits and record.deposits[state][0] <= day)
                or state in record.signatories
            )
        )

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
                procedures = self.admissions.get(event.state)
                if procedures and procedures[-1].under_way:
                    procedures[-1] = replace(procedures[-1], admitted=event)
            case AccessionProcedureStarted():
                # The status stays what it was (an observer stays an observer): the procedure
                # is recorded beside it. A second decision while one runs starts nothing new.
                procedures = self.admissions.get(event.state, [])
                running = bool(procedures) and procedures[-1].under_way
                if self.status(event.state) not in MEMBER_STATUSES and not running:
                    self.admissions[event.state] = [*procedures, AdmissionProcedure(event)]
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
                self.meeting_records[event.meeting] = MeetingRecord(event)
            case DocumentSigned():
                record = self.document(event.document, event)
                record.title, record.kind = event.title, event.kind
                record.place = record.place or event.place
                record.signed = record.signed or day
                # Signatures by one state at a time add up; a joint signature lists them all.
                for state in event.signatories:
                    record.signatures.setdefault(state, day)
                record.signatories = tuple(dict.fromkeys((*record.signatories, *event.signatories)))
            case DocumentAdopted():
                record = self.document(event.document, event)
                record.title, record.kind, record.place = event.title, event.kind, event.place
                record.adopted, record.adopted_by = day, event.body
                if event.meeting and event.item:
                    record.adopted_in = (event.meeting, event.item)
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
            case _:
                self.apply_procedural(event)

    def apply_procedural(self, event: Event) -> None:
        """Events written by comity's procedures (membership measures, meetings, documents)."""
        day = event.valid_from
        match event:
            case StatusApplied():
                self.status_applications[event.state] = event
            case RepresentationMade():
                self.representations[(event.state, event.measure)] = event
            case MembershipSuspended():
                self.representations.pop((event.state, "suspension"), None)
                self.begin(event.state, Status.SUSPENDED, day, event)
            case SuspensionLifted():
                withdrawal = self.withdrawals.get(event.state)
                pending = withdrawal is not None and withdrawal.effective > day
                self.begin(
                    event.state, Status.WITHDRAWING if pending else Status.MEMBER, day, event
                )
            case MembershipExpelled():
                self.representations.pop((event.state, "expulsion"), None)
                self.schedule(event.effective, event.state, Status.EXPELLED, event)
            case WithdrawalNotified():
                self.withdrawals[event.state] = WithdrawalRecord(
                    day, event.effective, event, self.bound_on(event.state, day)
                )
                self.begin(event.state, Status.WITHDRAWING, day, event)
                self.schedule(event.effective, event.state, Status.WITHDRAWN, event)
            case AgendaItemTabled():
                self.meeting_records[event.meeting].items[event.item] = ItemRecord(event)
            case DocumentTabled():
                self.meeting_records[event.meeting].items[event.item].documents.append(event)
                record = self.document(event.document, event)
                record.title, record.kind, record.tabled = event.title, event.kind, day
            case PositionStated():
                item = self.meeting_records[event.meeting].items[event.item]
                item.positions[event.state] = event
                item.statements.append(event)
            case AttendanceRecorded():
                meeting = self.meeting_records[event.meeting]
                meeting.present, meeting.attendance = event.present, event
            case ItemClosed():
                self.meeting_records[event.meeting].items[event.item].closed = event
            case DocumentOpenedForSignature():
                record = self.document(event.document, event)
                record.opened_for_signature, record.depositary = day, event.depositary
                if event.entry_into_force is not None:
                    record.clause = EntryIntoForceCondition.model_validate(event.entry_into_force)
            case ReservationMade():
                self.document(event.document, event).reservations[event.reservation] = (
                    ReservationRecord(event.reservation, event.state, event.text, day)
                )
            case ReservationObjected():
                record = self.document(event.document, event)
                record.reservations[event.reservation].objections[event.state] = day
            case DocumentDenounced():
                self.document(event.document, event).denunciations[event.state] = event
            case _:
                self.apply_compliance(event)

    def apply_compliance(self, event: Event) -> None:
        """Events of obligations, supervision, disputes and penalties."""
        match event:
            case ObligationCreated():
                self.obligation_records[event.obligation] = ObligationRecord(event)
            case ReportSubmitted():
                self.obligation_records[event.obligation].reports.setdefault(
                    event.state, []
                ).append(event)
            case InformationRequested():
                self.obligation_records[event.obligation].requests.setdefault(
                    event.state, []
                ).append(event)
            case FindingRecorded():
                self.obligation_records[event.obligation].findings[event.state] = event
            case DisputeRaised():
                self.disputes[event.dispute] = DisputeRecord(
                    event, [("consultations", event.valid_from, event.deadline)]
                )
            case DisputeStageOpened():
                self.disputes[event.dispute].stages.append(
                    (event.stage, event.valid_from, event.deadline)
                )
            case PanelReportIssued():
                self.disputes[event.dispute].report = event
            case PanelReportDecided():
                self.disputes[event.dispute].decision = event
            case DisputeSettled():
                self.disputes[event.dispute].settled = event
            case PenaltyImposed():
                self.penalties[event.penalty] = PenaltyRecord(event)
            case PenaltyLifted():
                self.penalties[event.penalty].lifted = event
            case ParticipationDecided():
                # A later decision on the same commitment replaces the dates it names.
                record = self.document(event.document, event)
                record.participation.update(dict.fromkeys(event.participants, event.valid_from))
                record.participation.update({p.state: p.joins for p in event.later})

    def finish(self, charter: Charter) -> None:
        self.run_scheduled(self.as_of)
        for record in self.documents.values():
            condition = charter.treaties.get(record.id) or record.clause
            if condition is not None and record.recorded_in_force is None:
                self._compute_entry_into_force(record, condition)
            elif record.in_force is not None and record.id != charter.constitution:
                # In force by a recorded event: a later deposit is an accession, binding the
                # state as the clause says (a delay after the deposit), else from the deposit.
                # (The constitution binds a state from its admission; see below.)
                delay = _accession_delay(condition, charter.final_clauses.get(record.id))
                for state, (deposited, _) in record.deposits.items():
                    since = max(deposited + delay, record.in_force)
                    if since <= self.as_of and state not in record.signatories:
                        record.acceded_for[state] = since
            for state, denounced in record.denunciations.items():
                if denounced.effective <= self.as_of:
                    record.ended[state] = denounced.effective
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
                    # A member that has withdrawn or been expelled is no longer bound by the
                    # constitution (what it owed stays owed: WithdrawalRecord.surviving).
                    last = spells[-1]
                    if last.end is None and last.status in (Status.WITHDRAWN, Status.EXPELLED):
                        record.ended.setdefault(state, last.start)

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
            folder.run_scheduled(event.valid_from)
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
        meeting_records=folder.meeting_records,
        status_applications=folder.status_applications,
        representations=folder.representations,
        withdrawals=folder.withdrawals,
        obligations=folder.obligation_records,
        disputes=folder.disputes,
        penalties=folder.penalties,
        admissions=folder.admissions,
    )
