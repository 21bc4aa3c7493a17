"""The organisation on a day, as :func:`comity.state.fold.fold` leaves it: the state model.

:class:`InstitutionalState` and the records it holds (status spells, admission procedures,
documents, meetings, obligations, disputes, penalties) are plain data with the questions asked
of them ("who was a member", "what is overdue"). Building them from events is the folder's work
(:mod:`comity.state.fold`); saying what happened in words is narration's (:mod:`comity.narration`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from comity.charter.model import Charter, Right
from comity.charter.treaties import EntryIntoForceCondition
from comity.events import (
    AccessionProcedureStarted,
    AgendaItemTabled,
    AttendanceRecorded,
    BodyEstablished,
    DisputeRaised,
    DisputeSettled,
    DocumentDenounced,
    DocumentKind,
    DocumentTabled,
    Event,
    FindingRecorded,
    InformationRequested,
    Instrument,
    ItemClosed,
    MeetingConvened,
    MembershipApplied,
    ObligationCreated,
    ObligationsMemorandumSigned,
    OfficeHolderAppointed,
    OrganisationMemorandumSigned,
    PanelReportDecided,
    PanelReportIssued,
    PenaltyImposed,
    PenaltyLifted,
    PositionStated,
    ReportSubmitted,
    RepresentationMade,
    Source,
    StateAdmitted,
    Status,
    StatusApplied,
    StatusGranted,
    WithdrawalNotified,
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

    Both events are status events (:data:`comity.state.fold.STATUS_EVENTS`), so the status
    index gives the same procedures as the whole record; the memorandum of obligations and the
    accessions still outstanding are read from the whole record
    (``InstitutionalState.obligations_memoranda``,
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

    # Every collection starts empty: the folder (comity.state.fold) fills this state in place
    # as it applies each event, so a new field is declared here once, with its default.
    as_of: date
    charter: Charter
    spells: dict[str, list[StatusSpell]] = field(default_factory=dict)
    documents: dict[str, DocumentRecord] = field(default_factory=dict)
    meetings: list[MeetingConvened] = field(default_factory=list)
    office_holders: list[OfficeHolderAppointed] = field(default_factory=list)
    bodies_established: dict[str, BodyEstablished] = field(default_factory=dict)
    organisation_memoranda: list[OrganisationMemorandumSigned] = field(default_factory=list)
    pending_grants: dict[str, StatusGranted] = field(default_factory=dict)
    applications: dict[str, MembershipApplied] = field(default_factory=dict)
    obligations_memoranda: dict[str, ObligationsMemorandumSigned] = field(default_factory=dict)
    # The events applied, in the order the folder applied them.
    events: list[Event] = field(default_factory=list)
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


def _met(report: ReportSubmitted | None) -> bool:
    return report is not None and report.status in ("implemented", "not_applicable")
