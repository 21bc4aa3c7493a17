"""``fold(charter, events, as_of) -> InstitutionalState``: the organisation on a day.

A pure function of the charter (which rules were in force when each event happened) and
the events up to that day. Everything comity says about "who was a member on this date" or
"which documents were in force" comes from here, for the reference history and for live
procedures alike. The state it returns, and the records in it, are :mod:`comity.state.model`
(re-exported here, where they were first defined).

Adding an event type
--------------------
Each event class in :data:`comity.events.Event` has exactly one folding step here, a method
of ``_Folder`` registered for its class::

    @folds(DocumentRevealed)
    def document_revealed(self, event: DocumentRevealed) -> None:
        self.document(event.document, event).revealed = event.valid_from

An event that changes nothing in the state still registers a step (with a comment saying
why), so that forgetting one is caught: ``tests/state/test_event_registry.py`` fails until
the union, the event classes, these steps and the describers
(:func:`comity.narration.describes`) name the same classes. mypy checks that each step takes
the class it is registered for. A step that begins or ends a status must also add its event to
:data:`STATUS_EVENTS`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, TypeVar

from comity.charter.model import Charter, CharterDefinition
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
    EventBase,
    FindingRecorded,
    InformationRequested,
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
    StateAdmitted,
    Status,
    StatusApplied,
    StatusCategoriesMerged,
    StatusGranted,
    StatusMemorandumSigned,
    SuspensionLifted,
    WithdrawalNotified,
)
from comity.state.model import (
    MEMBER_STATUSES,
    AdmissionProcedure,
    DisputeRecord,
    DocumentRecord,
    InstitutionalState,
    ItemRecord,
    MeetingRecord,
    ObligationRecord,
    PenaltyRecord,
    ReservationRecord,
    StatusSpell,
    WithdrawalRecord,
)

__all__ = [
    "FOLDERS",
    "MEMBER_STATUSES",
    "STATUS_EVENTS",
    "AdmissionProcedure",
    "DisputeRecord",
    "DocumentRecord",
    "InstitutionalState",
    "ItemRecord",
    "MeetingRecord",
    "ObligationRecord",
    "PenaltyRecord",
    "ReservationRecord",
    "StatusSpell",
    "WithdrawalRecord",
    "fold",
    "folds",
]

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


E = TypeVar("E", bound=EventBase)
Step = Callable[["_Folder", E], None]

#: The folding step of each event class (see "Adding an event type" above).
FOLDERS: dict[type[EventBase], Step[Any]] = {}


def folds(cls: type[E]) -> Callable[[Step[E]], Step[E]]:
    """Register the decorated ``_Folder`` method as the step that applies ``cls`` events."""

    def register(step: Step[E]) -> Step[E]:
        FOLDERS[cls] = step
        return step

    return register


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


class _Folder:
    """Applies events in order to an :class:`InstitutionalState` it fills in place."""

    def __init__(self, definition: CharterDefinition, as_of: date, reforms: tuple[str, ...]):
        self.definition = definition
        self.reforms = reforms
        charter = definition.as_of(max(as_of, definition.first_date), reforms)
        self.state = InstitutionalState(as_of=as_of, charter=charter)
        # Changes of status decided now, effective later: (day, order, state, status, event).
        self.scheduled: list[tuple[date, int, str, Status, Event]] = []
        self.charter_at = lru_cache(maxsize=None)(self._charter_at)

    def apply(self, event: Event) -> None:
        # Every class in the Event union has a step (tests/state/test_event_registry.py).
        FOLDERS[type(event)](self, event)
        self.state.events.append(event)

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
                for doc_id, record in self.state.documents.items()
                if (state in record.deposits and record.deposits[state][0] <= day)
                or state in record.signatories
            )
        )

    def _charter_at(self, day: date) -> Charter | None:
        if day < self.definition.first_date:
            return None
        return self.definition.as_of(day, self.reforms)

    def begin(self, state: str, status: Status, day: date, event: Event) -> None:
        spells = self.state.spells.setdefault(state, [])
        if spells and spells[-1].end is None:
            if spells[-1].status is status:
                return
            last = spells[-1]
            spells[-1] = StatusSpell(last.status, last.start, day, last.event)
            if last.start == day:  # superseded the same day: keep no empty spell
                spells.pop()
        spells.append(StatusSpell(status, day, None, event))

    def status(self, state: str) -> Status | None:
        spells = self.state.spells.get(state)
        return spells[-1].status if spells and spells[-1].end is None else None

    def document(self, doc_id: str, event: Event) -> DocumentRecord:
        record = self.state.documents.get(doc_id)
        if record is None:
            record = DocumentRecord(id=doc_id, title=doc_id, kind=DocumentKind.DECISION)
            self.state.documents[doc_id] = record
        record.events.append(event)
        return record

    def item(self, meeting: str, item: str) -> ItemRecord:
        return self.state.meeting_records[meeting].items[item]

    # Statuses and admission: the reference history and the membership procedures.

    @folds(StateAdmitted)
    def state_admitted(self, event: StateAdmitted) -> None:
        self.state.pending_grants.pop(event.state, None)
        self.begin(event.state, Status.MEMBER, event.valid_from, event)
        procedures = self.state.admissions.get(event.state)
        if procedures and procedures[-1].under_way:
            procedures[-1] = replace(procedures[-1], admitted=event)

    @folds(AccessionProcedureStarted)
    def accession_procedure_started(self, event: AccessionProcedureStarted) -> None:
        # The status stays what it was (an observer stays an observer): the procedure
        # is recorded beside it. A second decision while one runs starts nothing new.
        procedures = self.state.admissions.get(event.state, [])
        running = bool(procedures) and procedures[-1].under_way
        if self.status(event.state) not in MEMBER_STATUSES and not running:
            self.state.admissions[event.state] = [*procedures, AdmissionProcedure(event)]

    @folds(StatusGranted)
    def status_granted(self, event: StatusGranted) -> None:
        charter = self.charter_at(event.valid_from)
        rules = charter.statuses.get(event.status) if charter else None
        if event.procedure_only or (rules is not None and rules.runs_from == "memorandum"):
            self.state.pending_grants[event.state] = event
        else:
            self.begin(event.state, event.status, event.valid_from, event)

    @folds(StatusMemorandumSigned)
    def status_memorandum_signed(self, event: StatusMemorandumSigned) -> None:
        pending = self.state.pending_grants
        granted = pending.get(event.state)
        if granted is not None and granted.status == event.status:
            del pending[event.state]
            self.begin(event.state, event.status, event.valid_from, event)

    @folds(StatusCategoriesMerged)
    def status_categories_merged(self, event: StatusCategoriesMerged) -> None:
        for state in list(self.state.spells):
            if self.status(state) in event.merged:
                self.begin(state, event.into, event.valid_from, event)
        pending = self.state.pending_grants
        for state, granted in list(pending.items()):
            if granted.status in event.merged:
                del pending[state]

    @folds(MembershipApplied)
    def membership_applied(self, event: MembershipApplied) -> None:
        self.state.applications[event.state] = event

    @folds(ObligationsMemorandumSigned)
    def obligations_memorandum_signed(self, event: ObligationsMemorandumSigned) -> None:
        self.state.obligations_memoranda[event.state] = event

    @folds(StatusApplied)
    def status_applied(self, event: StatusApplied) -> None:
        self.state.status_applications[event.state] = event

    @folds(RepresentationMade)
    def representation_made(self, event: RepresentationMade) -> None:
        self.state.representations[(event.state, event.measure)] = event

    @folds(MembershipSuspended)
    def membership_suspended(self, event: MembershipSuspended) -> None:
        self.state.representations.pop((event.state, "suspension"), None)
        self.begin(event.state, Status.SUSPENDED, event.valid_from, event)

    @folds(SuspensionLifted)
    def suspension_lifted(self, event: SuspensionLifted) -> None:
        day = event.valid_from
        withdrawal = self.state.withdrawals.get(event.state)
        pending = withdrawal is not None and withdrawal.effective > day
        self.begin(event.state, Status.WITHDRAWING if pending else Status.MEMBER, day, event)

    @folds(MembershipExpelled)
    def membership_expelled(self, event: MembershipExpelled) -> None:
        self.state.representations.pop((event.state, "expulsion"), None)
        self.schedule(event.effective, event.state, Status.EXPELLED, event)

    @folds(WithdrawalNotified)
    def withdrawal_notified(self, event: WithdrawalNotified) -> None:
        day = event.valid_from
        self.state.withdrawals[event.state] = WithdrawalRecord(
            day, event.effective, event, self.bound_on(event.state, day)
        )
        self.begin(event.state, Status.WITHDRAWING, day, event)
        self.schedule(event.effective, event.state, Status.WITHDRAWN, event)

    # The organisation: bodies, offices, its own memoranda.

    @folds(BodyEstablished)
    def body_established(self, event: BodyEstablished) -> None:
        self.state.bodies_established[event.body] = event

    @folds(OfficeHolderAppointed)
    def office_holder_appointed(self, event: OfficeHolderAppointed) -> None:
        self.state.office_holders.append(event)

    @folds(OrganisationMemorandumSigned)
    def organisation_memorandum_signed(self, event: OrganisationMemorandumSigned) -> None:
        self.state.organisation_memoranda.append(event)

    # Meetings and their agendas.

    @folds(MeetingConvened)
    def meeting_convened(self, event: MeetingConvened) -> None:
        self.state.meetings.append(event)
        self.state.meeting_records[event.meeting] = MeetingRecord(event)

    @folds(AgendaItemTabled)
    def agenda_item_tabled(self, event: AgendaItemTabled) -> None:
        self.state.meeting_records[event.meeting].items[event.item] = ItemRecord(event)

    @folds(DocumentTabled)
    def document_tabled(self, event: DocumentTabled) -> None:
        self.item(event.meeting, event.item).documents.append(event)
        record = self.document(event.document, event)
        record.title, record.kind, record.tabled = event.title, event.kind, event.valid_from

    @folds(PositionStated)
    def position_stated(self, event: PositionStated) -> None:
        item = self.item(event.meeting, event.item)
        item.positions[event.state] = event
        item.statements.append(event)

    @folds(AttendanceRecorded)
    def attendance_recorded(self, event: AttendanceRecorded) -> None:
        meeting = self.state.meeting_records[event.meeting]
        meeting.present, meeting.attendance = event.present, event

    @folds(ItemClosed)
    def item_closed(self, event: ItemClosed) -> None:
        self.item(event.meeting, event.item).closed = event

    # Documents: signature, adoption, deposits, entry into force, reservations, denunciation.

    @folds(DocumentSigned)
    def document_signed(self, event: DocumentSigned) -> None:
        day = event.valid_from
        record = self.document(event.document, event)
        record.title, record.kind = event.title, event.kind
        record.place = record.place or event.place
        record.signed = record.signed or day
        # Signatures by one state at a time add up; a joint signature lists them all.
        for state in event.signatories:
            record.signatures.setdefault(state, day)
        record.signatories = tuple(dict.fromkeys((*record.signatories, *event.signatories)))

    @folds(DocumentAdopted)
    def document_adopted(self, event: DocumentAdopted) -> None:
        record = self.document(event.document, event)
        record.title, record.kind, record.place = event.title, event.kind, event.place
        record.adopted, record.adopted_by = event.valid_from, event.body
        if event.meeting and event.item:
            record.adopted_in = (event.meeting, event.item)

    @folds(InstrumentDeposited)
    def instrument_deposited(self, event: InstrumentDeposited) -> None:
        deposits = self.document(event.document, event).deposits
        deposits[event.state] = (event.valid_from, event.instrument)

    @folds(EnteredIntoForce)
    def entered_into_force(self, event: EnteredIntoForce) -> None:
        day = event.valid_from
        record = self.document(event.document, event)
        if event.states:
            record.recorded_in_force_for.update(dict.fromkeys(event.states, day))
            record.recorded_in_force = record.recorded_in_force or day
        else:
            record.recorded_in_force = day

    @folds(DocumentOpenedForSignature)
    def document_opened_for_signature(self, event: DocumentOpenedForSignature) -> None:
        record = self.document(event.document, event)
        record.opened_for_signature, record.depositary = event.valid_from, event.depositary
        if event.entry_into_force is not None:
            record.clause = EntryIntoForceCondition.model_validate(event.entry_into_force)

    @folds(ReservationMade)
    def reservation_made(self, event: ReservationMade) -> None:
        self.document(event.document, event).reservations[event.reservation] = ReservationRecord(
            event.reservation, event.state, event.text, event.valid_from
        )

    @folds(ReservationObjected)
    def reservation_objected(self, event: ReservationObjected) -> None:
        record = self.document(event.document, event)
        record.reservations[event.reservation].objections[event.state] = event.valid_from

    @folds(DocumentDenounced)
    def document_denounced(self, event: DocumentDenounced) -> None:
        self.document(event.document, event).denunciations[event.state] = event

    # Obligations and their supervision.

    @folds(ObligationCreated)
    def obligation_created(self, event: ObligationCreated) -> None:
        self.state.obligations[event.obligation] = ObligationRecord(event)

    @folds(ReportSubmitted)
    def report_submitted(self, event: ReportSubmitted) -> None:
        reports = self.state.obligations[event.obligation].reports
        reports.setdefault(event.state, []).append(event)

    @folds(InformationRequested)
    def information_requested(self, event: InformationRequested) -> None:
        requests = self.state.obligations[event.obligation].requests
        requests.setdefault(event.state, []).append(event)

    @folds(FindingRecorded)
    def finding_recorded(self, event: FindingRecorded) -> None:
        self.state.obligations[event.obligation].findings[event.state] = event

    # Disputes and penalties.

    @folds(DisputeRaised)
    def dispute_raised(self, event: DisputeRaised) -> None:
        self.state.disputes[event.dispute] = DisputeRecord(
            event, [("consultations", event.valid_from, event.deadline)]
        )

    @folds(DisputeStageOpened)
    def dispute_stage_opened(self, event: DisputeStageOpened) -> None:
        stage = (event.stage, event.valid_from, event.deadline)
        self.state.disputes[event.dispute].stages.append(stage)

    @folds(PanelReportIssued)
    def panel_report_issued(self, event: PanelReportIssued) -> None:
        self.state.disputes[event.dispute].report = event

    @folds(PanelReportDecided)
    def panel_report_decided(self, event: PanelReportDecided) -> None:
        self.state.disputes[event.dispute].decision = event

    @folds(DisputeSettled)
    def dispute_settled(self, event: DisputeSettled) -> None:
        self.state.disputes[event.dispute].settled = event

    @folds(PenaltyImposed)
    def penalty_imposed(self, event: PenaltyImposed) -> None:
        self.state.penalties[event.penalty] = PenaltyRecord(event)

    @folds(PenaltyLifted)
    def penalty_lifted(self, event: PenaltyLifted) -> None:
        self.state.penalties[event.penalty].lifted = event

    @folds(ParticipationDecided)
    def participation_decided(self, event: ParticipationDecided) -> None:
        # A later decision on the same commitment replaces the dates it names.
        record = self.document(event.document, event)
        record.participation.update(dict.fromkeys(event.participants, event.valid_from))
        record.participation.update({p.state: p.joins for p in event.later})

    def finish(self) -> None:
        charter = self.state.charter
        self.run_scheduled(self.state.as_of)
        for record in self.state.documents.values():
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
                    if since <= self.state.as_of and state not in record.signatories:
                        record.acceded_for[state] = since
            for state, denounced in record.denunciations.items():
                if denounced.effective <= self.state.as_of:
                    record.ended[state] = denounced.effective
        if charter.constitution and charter.constitution in self.state.documents:
            record = self.state.documents[charter.constitution]
            if record.in_force is not None:
                for state, spells in self.state.spells.items():
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
        if result.general is not None and result.general <= self.state.as_of:
            record.computed_in_force = result.general
            record.computed_in_force_for = {
                s: d for s, d in result.for_party.items() if d <= self.state.as_of
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
    folder = _Folder(definition, as_of, tuple(reforms))
    # Valid time orders the world; the stable sort keeps the ledger's order within a day,
    # so an event recorded late (a correction) still takes effect on its own date.
    for event in sorted(events, key=lambda e: e.valid_from):
        if event.valid_from <= as_of:
            folder.run_scheduled(event.valid_from)
            folder.apply(event)
    folder.finish()
    return folder.state
