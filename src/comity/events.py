"""Institutional events: the only things comity records.

Every fact about an organisation, whether loaded from the reference history or produced by a
procedure, is one of these frozen models. Each says when it happened in the world
(``valid_from``) and on what authority (``sources``); the ledger adds when it was recorded,
by whom, and the hash chain.

The ``type`` field names the event class and is the discriminator used to read events back.

>>> e = StateAdmitted(valid_from=date(2017, 6, 9), state="IND", body="CHS")
>>> e.type, e.state
('StateAdmitted', 'IND')
>>> parse_event(e.model_dump(mode="json")) == e
True
>>> canonical_json({"b": 1, "a": [True, None]})
b'{"a":[true,null],"b":1}'
"""

from __future__ import annotations

import json
from datetime import date
from enum import StrEnum
from typing import Annotated, Any, Literal

import rfc8785
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from comity.errors import ReferenceDataError
from comity.i18n import N_
from comity.i18n.errors import Issue, where
from comity.states import StateCode

__all__ = [
    "AccessionProcedureStarted",
    "AgendaItemTabled",
    "BodyEstablished",
    "DecisionRecord",
    "DisputeRaised",
    "DisputeSettled",
    "DisputeStage",
    "DisputeStageOpened",
    "DocumentAdopted",
    "DocumentDenounced",
    "DocumentKind",
    "DocumentOpenedForSignature",
    "DocumentSigned",
    "DocumentTabled",
    "EnteredIntoForce",
    "Event",
    "EventBase",
    "Evidence",
    "FindingRecorded",
    "InformationRequested",
    "Instrument",
    "InstrumentDeposited",
    "ItemClosed",
    "ItemKind",
    "LaterParticipation",
    "MeetingConvened",
    "MembershipApplied",
    "MembershipExpelled",
    "MembershipSuspended",
    "ObligationCreated",
    "ObligationsMemorandumSigned",
    "OfficeHolderAppointed",
    "OrganisationMemorandumSigned",
    "PanelReportDecided",
    "PanelReportIssued",
    "ParticipationDecided",
    "PenaltyImposed",
    "PenaltyLifted",
    "PositionStated",
    "PositionValue",
    "ReportStatus",
    "ReportSubmitted",
    "RepresentationMade",
    "ReservationMade",
    "ReservationObjected",
    "Source",
    "SourceKind",
    "StateAdmitted",
    "Status",
    "StatusApplied",
    "StatusCategoriesMerged",
    "StatusGranted",
    "StatusMemorandumSigned",
    "SuspensionLifted",
    "WithdrawalNotified",
    "canonical_json",
    "parse_event",
]


def canonical_json(value: Any) -> bytes:
    """Serialise JSON-ready data by RFC 8785 (JSON Canonicalization Scheme).

    Canonical bytes make the ledger's hashes independent of key order and whitespace, so an
    outside auditor with any RFC 8785 implementation recomputes the same chain.

    Data without floats, with ASCII keys and integers a double holds exactly (every event
    comity writes) is serialised by the standard library's C encoder, which for exactly
    such data writes what RFC 8785 prescribes (keys in code point order, the same string
    escapes, no whitespace) about eight times faster than the ``rfc8785`` package; anything
    else goes to the package. A property test holds the two to the same bytes.
    """
    if _plain(value):
        return _PLAIN_ENCODER.encode(value).encode()
    return bytes(rfc8785.dumps(value))


# One encoder for every call: json.dumps with options builds a new one each time, about a
# fifth of the time a typical event's payload takes to encode.
_PLAIN_ENCODER = json.JSONEncoder(
    ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
)
_SAFE_INTEGER = 2**53 - 1


def _plain(value: Any) -> bool:
    """Whether ``value`` holds only what :func:`canonical_json` may hand to ``json``."""
    kind = type(value)
    if kind is str or kind is bool or value is None:
        return True
    if kind is int:
        return bool(-_SAFE_INTEGER <= value <= _SAFE_INTEGER)
    if kind is dict:
        return all(type(k) is str and k.isascii() and _plain(v) for k, v in value.items())
    if kind is list:
        return all(map(_plain, value))
    return False


class Status(StrEnum):
    """A state's standing towards the organisation on a given day.

    ``APPLICANT`` is no status anyone holds: a state whose admission procedure runs keeps its
    status (observer, dialogue partner, none) and the procedure is recorded beside it
    (:class:`comity.state.AdmissionProcedure`). The value stays so that stored payloads
    naming it still parse, and as the ``--status applicant`` filter, which lists the states
    with an admission procedure under way.
    """

    APPLICANT = "applicant"
    MEMBER = "member"
    OBSERVER = "observer"
    DIALOGUE_PARTNER = "dialogue_partner"
    PARTNER = "partner"
    SUSPENDED = "suspended"
    WITHDRAWING = "withdrawing"
    WITHDRAWN = "withdrawn"
    EXPELLED = "expelled"
    GUEST = "guest"

    def render(self, lang: str | None = None) -> str:
        """The status as ``translations.yaml`` names it in ``lang`` (a message param renders
        itself, so the i18n package needs to know no model)."""
        from comity.i18n import names  # late: names reads the YAML only when a status is shown

        return names.text("status", self.value, self.value.replace("_", " "), lang)


class SourceKind(StrEnum):
    """Where a fact comes from, in the order of preference of SOURCES.md."""

    PRIMARY = "primary"  # the SCO's own documents and decisions
    OFFICIAL = "official"  # the Secretariat's or a member government's official site
    LEGAL_DATABASE = "legal_database"  # a member state's official legal database
    DEPOSITARY = "depositary"
    NEWS = "news"  # news agencies reporting on the day
    SECONDARY = "secondary"  # scholarship, datasets, encyclopaedias


class Source(BaseModel):
    """A citation for one fact."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    title: str = Field(min_length=1)
    kind: SourceKind
    url: str | None = None
    publisher: str | None = None
    published: date | None = None
    accessed: date | None = None
    note: str | None = None


class EventBase(BaseModel):
    """What every event has: when it took effect in the world, and on what authority."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    # A stable slug for reference events (e.g. "sco.admission.ind"); lets `comity init`
    # load the reference history idempotently. Events made by procedures leave it empty.
    id: str | None = Field(default=None, pattern=r"^[a-z0-9]+(\.[a-z0-9_-]+)+$")
    valid_from: date
    sources: tuple[Source, ...] = ()
    note: str | None = None
    # Recorded ahead of its date (a meeting or decision planned): the record then says so.
    # Left out of the stored payload when false, so events recorded before the flag existed
    # keep their bytes, and their hashes.
    scheduled: bool = Field(default=False, exclude_if=lambda v: v is False)


# The decision on record an act of a body rests on (comity.procedures.decisions): the
# meeting and the agenda item whose closing adopted it. Left out of the stored payload when
# empty, so events recorded before these fields existed keep their bytes, and their hashes.
def _decided() -> Any:
    return Field(default=None, exclude_if=lambda v: v is None)


class StateAdmitted(EventBase):
    """A state becomes a member state (for the founders: on the founding day)."""

    type: Literal["StateAdmitted"] = "StateAdmitted"
    state: StateCode
    body: str = "CHS"
    decision: str | None = None
    place: str | None = None
    founding: bool = False
    meeting: str | None = _decided()
    item: str | None = _decided()


class MembershipApplied(EventBase):
    """A state submits its application for membership."""

    type: Literal["MembershipApplied"] = "MembershipApplied"
    state: StateCode


class AccessionProcedureStarted(EventBase):
    """The Council of Heads of State decides to start a state's admission procedure."""

    type: Literal["AccessionProcedureStarted"] = "AccessionProcedureStarted"
    state: StateCode
    body: str = "CHS"
    decision: str | None = None
    place: str | None = None
    meeting: str | None = _decided()
    item: str | None = _decided()


class ObligationsMemorandumSigned(EventBase):
    """An applicant signs the memorandum of obligations for obtaining member status."""

    type: Literal["ObligationsMemorandumSigned"] = "ObligationsMemorandumSigned"
    state: StateCode
    place: str | None = None


class StatusGranted(EventBase):
    """The Council decides to grant observer, dialogue-partner or partner status.

    ``valid_from`` is the decision's date. Whether the status runs from the decision or from
    the memorandum (:class:`StatusMemorandumSigned`) is a charter parameter, not a property of
    the event.
    """

    type: Literal["StatusGranted"] = "StatusGranted"
    state: StateCode
    status: Literal[Status.OBSERVER, Status.DIALOGUE_PARTNER, Status.PARTNER, Status.GUEST]
    body: str = "CHS"
    decision: str | None = None
    place: str | None = None
    # The Council only decided to start the procedure for granting the status (Samarkand,
    # 2022); the status then runs from the memorandum, whatever the charter's default.
    procedure_only: bool = False
    meeting: str | None = _decided()
    item: str | None = _decided()


class StatusMemorandumSigned(EventBase):
    """The memorandum on granting a status is signed by the state and the organisation."""

    type: Literal["StatusMemorandumSigned"] = "StatusMemorandumSigned"
    state: StateCode
    status: Literal[Status.OBSERVER, Status.DIALOGUE_PARTNER, Status.PARTNER]
    place: str | None = None


class StatusCategoriesMerged(EventBase):
    """Several statuses are replaced by one (Tianjin, 2025: observers and dialogue partners
    become partners). Every state holding one of ``merged`` holds ``into`` from this day."""

    type: Literal["StatusCategoriesMerged"] = "StatusCategoriesMerged"
    merged: tuple[Status, ...] = Field(min_length=1)
    into: Status
    body: str = "CHS"
    decision: str | None = None
    place: str | None = None


class MeetingConvened(EventBase):
    """A meeting of a body (for the Council of Heads of State: a summit)."""

    type: Literal["MeetingConvened"] = "MeetingConvened"
    meeting: str = Field(min_length=1)  # slug, e.g. "chs-2018-qingdao"
    body: str
    ends_on: date | None = None
    place: str
    chair: StateCode | None = None
    name: str | None = None


class DocumentKind(StrEnum):
    CHARTER = "charter"
    TREATY = "treaty"
    AGREEMENT = "agreement"
    CONVENTION = "convention"
    DECLARATION = "declaration"
    STRATEGY = "strategy"
    REGULATION = "regulation"
    DECISION = "decision"
    MEMORANDUM = "memorandum"


class Instrument(StrEnum):
    RATIFICATION = "ratification"
    ACCEPTANCE = "acceptance"
    APPROVAL = "approval"
    ACCESSION = "accession"


class DocumentSigned(EventBase):
    """A document is signed, by ``signatories`` on ``valid_from``."""

    type: Literal["DocumentSigned"] = "DocumentSigned"
    document: str = Field(min_length=1)
    title: str
    kind: DocumentKind
    place: str | None = None
    signatories: tuple[StateCode, ...] = Field(min_length=1)
    depositary: str | None = None


class DocumentAdopted(EventBase):
    """A document is adopted or approved by a body (``meeting`` and ``item``: the decision
    that adopted it, when a procedure recorded one)."""

    type: Literal["DocumentAdopted"] = "DocumentAdopted"
    document: str = Field(min_length=1)
    title: str
    kind: DocumentKind
    body: str = "CHS"
    place: str | None = None
    meeting: str | None = None
    item: str | None = None


class InstrumentDeposited(EventBase):
    """A state deposits its instrument of ratification (acceptance, approval, accession)."""

    type: Literal["InstrumentDeposited"] = "InstrumentDeposited"
    document: str
    state: StateCode
    instrument: Instrument = Instrument.RATIFICATION


class EnteredIntoForce(EventBase):
    """A document enters into force: generally (``states`` empty) or for the states named."""

    type: Literal["EnteredIntoForce"] = "EnteredIntoForce"
    document: str
    states: tuple[StateCode, ...] = ()


class BodyEstablished(EventBase):
    """A permanent body starts work (the Secretariat, RATS)."""

    type: Literal["BodyEstablished"] = "BodyEstablished"
    body: str
    seat: str | None = None
    document: str | None = None


class OfficeHolderAppointed(EventBase):
    """A person takes office (``valid_from``) for a term ending on ``term_ends``."""

    type: Literal["OfficeHolderAppointed"] = "OfficeHolderAppointed"
    office: Literal["secretary_general", "rats_director"]
    person: str
    state: StateCode
    term_ends: date | None = None


class OrganisationMemorandumSigned(EventBase):
    """A memorandum of understanding between the organisation and another organisation."""

    type: Literal["OrganisationMemorandumSigned"] = "OrganisationMemorandumSigned"
    organisation: str
    title: str
    place: str | None = None


_SLUG = r"^[a-z0-9][a-z0-9._-]*$"

PositionValue = Literal["support", "objection", "reservation", "abstention", "absence"]
"""A delegation's position, as :class:`comity.charter.rules.Position` spells its values."""


class StatusApplied(EventBase):
    """A state applies for observer, dialogue-partner or partner status (its letter to the
    Secretary-General: Regulation on Observer Status, 2004, item 1; Regulation on Dialogue
    Partner Status, 2008, section 2.1.1)."""

    type: Literal["StatusApplied"] = "StatusApplied"
    state: StateCode
    status: Literal[Status.OBSERVER, Status.DIALOGUE_PARTNER, Status.PARTNER]


class DecisionRecord(BaseModel):
    """How a decision was taken: the rule, who took part and the outcome with its reason."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    adopted: bool
    rule: str
    eligible: tuple[StateCode, ...] = ()
    concerned: StateCode | None = None
    supporters: tuple[StateCode, ...] = ()
    objections: tuple[StateCode, ...] = ()
    reservations: tuple[StateCode, ...] = ()
    abstentions: tuple[StateCode, ...] = ()
    absences: tuple[StateCode, ...] = ()
    # Charter Art. 16: members not taking part in a cooperation project; the others go ahead.
    opted_out: tuple[StateCode, ...] = ()
    participating: tuple[StateCode, ...] = ()
    reason: str


class RepresentationMade(EventBase):
    """The Council of Ministers of Foreign Affairs puts a representation to the Council of
    Heads of State to suspend or expel a member state (Charter Art. 13)."""

    type: Literal["RepresentationMade"] = "RepresentationMade"
    state: StateCode
    measure: Literal["suspension", "expulsion"]
    body: str = "CMFA"
    grounds: str = Field(min_length=1)


class MembershipSuspended(EventBase):
    """The Council of Heads of State suspends a member's membership (Charter Art. 13)."""

    type: Literal["MembershipSuspended"] = "MembershipSuspended"
    state: StateCode
    body: str = "CHS"
    outcome: DecisionRecord


class SuspensionLifted(EventBase):
    """A suspended member's rights are restored."""

    type: Literal["SuspensionLifted"] = "SuspensionLifted"
    state: StateCode
    body: str = "CHS"
    outcome: DecisionRecord | None = None


class MembershipExpelled(EventBase):
    """The Council of Heads of State expels a member "as of the date fixed by the Council
    itself" (Charter Art. 13): decided on ``valid_from``, effective on ``effective``."""

    type: Literal["MembershipExpelled"] = "MembershipExpelled"
    state: StateCode
    body: str = "CHS"
    effective: date
    outcome: DecisionRecord


class WithdrawalNotified(EventBase):
    """A member notifies the depositary of its withdrawal (Charter Art. 13); it is a member,
    withdrawing, until ``effective``, computed from the notice period in force."""

    type: Literal["WithdrawalNotified"] = "WithdrawalNotified"
    state: StateCode
    effective: date
    depositary: str | None = None


class ItemKind(StrEnum):
    DECISION = "decision"
    # Charter Art. 16: a cooperation project members may stay out of without blocking it.
    PROJECT = "project"


class AgendaItemTabled(EventBase):
    """An item is put on a meeting's agenda."""

    type: Literal["AgendaItemTabled"] = "AgendaItemTabled"
    meeting: str = Field(min_length=1)
    item: str = Field(pattern=_SLUG)
    title: str = Field(min_length=1)
    kind: ItemKind = ItemKind.DECISION


class DocumentTabled(EventBase):
    """A draft document is tabled under an agenda item (the document's life starts here)."""

    type: Literal["DocumentTabled"] = "DocumentTabled"
    meeting: str = Field(min_length=1)
    item: str
    document: str = Field(pattern=_SLUG)
    title: str = Field(min_length=1)
    kind: DocumentKind


class PositionStated(EventBase):
    """A delegation states its position on an item; a later statement replaces it."""

    type: Literal["PositionStated"] = "PositionStated"
    meeting: str
    item: str
    state: StateCode
    position: PositionValue
    statement: str | None = None  # a reservation's viewpoint, put into the minutes
    opt_out: bool = False


class AttendanceRecorded(EventBase):
    """The secretariat's roll call at a meeting: the member states whose delegations are
    present. A later roll call replaces the earlier one (a delegation arrives or leaves)."""

    type: Literal["AttendanceRecorded"] = "AttendanceRecorded"
    meeting: str = Field(min_length=1)
    present: tuple[StateCode, ...]


class ItemClosed(EventBase):
    """The chair closes an item: the body's rule applied to the positions stated."""

    type: Literal["ItemClosed"] = "ItemClosed"
    meeting: str
    item: str
    body: str
    outcome: DecisionRecord


class DocumentOpenedForSignature(EventBase):
    """An adopted document is opened for signature; ``entry_into_force`` is its own clause
    (the fields of :class:`comity.charter.treaties.EntryIntoForceCondition`)."""

    type: Literal["DocumentOpenedForSignature"] = "DocumentOpenedForSignature"
    document: str
    depositary: str | None = None
    entry_into_force: dict[str, Any] | None = None


class ReservationMade(EventBase):
    """A state makes a reservation to a document (on signature or deposit)."""

    type: Literal["ReservationMade"] = "ReservationMade"
    document: str
    state: StateCode
    reservation: str = Field(pattern=_SLUG)
    text: str = Field(min_length=1)


class ReservationObjected(EventBase):
    """A state objects to another state's reservation."""

    type: Literal["ReservationObjected"] = "ReservationObjected"
    document: str
    reservation: str
    state: StateCode


class DocumentDenounced(EventBase):
    """A party denounces a document; it stops binding the party on ``effective``."""

    type: Literal["DocumentDenounced"] = "DocumentDenounced"
    document: str
    state: StateCode
    effective: date


class Evidence(BaseModel):
    """A file attached to a report: its name, size and SHA-256 (the content is kept outside
    the ledger, in a folder addressed by the hash)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    size: int = Field(ge=0)


ReportStatus = Literal["implemented", "partly", "not_yet", "not_applicable"]


class ObligationCreated(EventBase):
    """An adopted decision or a document in force creates an obligation for ``states``,
    due on ``due``, with a report every ``reporting_months`` (None: one report)."""

    type: Literal["ObligationCreated"] = "ObligationCreated"
    obligation: str = Field(pattern=_SLUG)
    document: str
    states: tuple[StateCode, ...] = Field(min_length=1)
    text: str = Field(min_length=1)
    category: str = Field(min_length=1)
    due: date
    reporting_months: int | None = None


class ReportSubmitted(EventBase):
    """A delegation reports on its own state's implementation of an obligation."""

    type: Literal["ReportSubmitted"] = "ReportSubmitted"
    obligation: str
    state: StateCode
    status: ReportStatus
    text: str | None = None
    evidence: tuple[Evidence, ...] = ()


class InformationRequested(EventBase):
    """The supervisory body asks a state for more information on its implementation."""

    type: Literal["InformationRequested"] = "InformationRequested"
    obligation: str
    state: StateCode
    body: str
    text: str = Field(min_length=1)


class FindingRecorded(EventBase):
    """The supervisory body's finding on a state's compliance, decided by its rule."""

    type: Literal["FindingRecorded"] = "FindingRecorded"
    obligation: str
    state: StateCode
    body: str
    compliant: bool
    text: str | None = None
    outcome: DecisionRecord


class DisputeRaised(EventBase):
    """A member raises a dispute with another about its compliance or the interpretation of
    a document; consultations start (``deadline``: when they may end without settlement)."""

    type: Literal["DisputeRaised"] = "DisputeRaised"
    dispute: str = Field(pattern=_SLUG)
    state: StateCode  # the complainant
    respondent: StateCode
    subject: Literal["compliance", "interpretation"]
    document: str
    obligation: str | None = None
    text: str = Field(min_length=1)
    deadline: date | None = None


DisputeStage = Literal["consultations", "negotiations", "panel"]


class DisputeStageOpened(EventBase):
    """A dispute moves to its next stage, on the request of ``state`` (a party), with the
    stage's deadline under the charter in force."""

    type: Literal["DisputeStageOpened"] = "DisputeStageOpened"
    dispute: str
    stage: DisputeStage
    state: StateCode
    deadline: date | None = None
    panelists: tuple[str, ...] = ()


class PanelReportIssued(EventBase):
    """The panel reports: whether the respondent is in breach, and what it recommends;
    ``deadline``: until when the Council may reject the report."""

    type: Literal["PanelReportIssued"] = "PanelReportIssued"
    dispute: str
    breach: bool
    text: str = Field(min_length=1)
    deadline: date


class PanelReportDecided(EventBase):
    """The Council's decision on a panel report: adopted unless rejected by reverse
    consensus (``outcome`` is the vote on rejecting it; None: the deadline passed)."""

    type: Literal["PanelReportDecided"] = "PanelReportDecided"
    dispute: str
    body: str
    adopted: bool
    outcome: DecisionRecord | None = None


class DisputeSettled(EventBase):
    """The parties settle a dispute (or the complainant withdraws it) at its current stage."""

    type: Literal["DisputeSettled"] = "DisputeSettled"
    dispute: str
    stage: DisputeStage
    text: str = Field(min_length=1)


class PenaltyImposed(EventBase):
    """A graduated measure against a state: its legal basis in the charter on its date, the
    decision, the rights it suspends, from ``valid_from`` until ``until`` (None: until lifted)."""

    type: Literal["PenaltyImposed"] = "PenaltyImposed"
    penalty: str = Field(pattern=_SLUG)
    state: StateCode
    measure: str
    rights: tuple[str, ...] = ()
    body: str
    basis: str = Field(min_length=1)
    grounds: str = Field(min_length=1)
    until: date | None = None
    outcome: DecisionRecord


class LaterParticipation(BaseModel):
    """A member state that takes part in a commitment later: from ``joins`` (None: no date
    fixed in the decision, it takes part when it declares itself ready)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    state: StateCode
    joins: date | None = None


class ParticipationDecided(EventBase):
    """Flexible participation ("ASEAN minus X", ASEAN Charter Art. 21(2)): a decision,
    adopted by consensus, that a commitment goes ahead for ``participants`` from
    ``valid_from`` and lets the ``later`` member states take part from their own dates.

    Not a vote: every member agreed to the decision, the later participants included; it
    records who takes part and from when (the SCO's nearest concept, a project some members
    stay out of, Charter Art. 16, is ``DecisionRecord.opted_out`` of an agenda item).
    """

    type: Literal["ParticipationDecided"] = "ParticipationDecided"
    document: str = Field(min_length=1)
    body: str
    participants: tuple[StateCode, ...] = Field(min_length=1)
    later: tuple[LaterParticipation, ...] = ()
    decision: str | None = None
    outcome: DecisionRecord | None = None


class PenaltyLifted(EventBase):
    """A measure is lifted before its end."""

    type: Literal["PenaltyLifted"] = "PenaltyLifted"
    penalty: str
    state: StateCode
    body: str
    outcome: DecisionRecord | None = None


Event = Annotated[
    StateAdmitted
    | MembershipApplied
    | AccessionProcedureStarted
    | ObligationsMemorandumSigned
    | StatusGranted
    | StatusMemorandumSigned
    | StatusCategoriesMerged
    | MeetingConvened
    | DocumentSigned
    | DocumentAdopted
    | InstrumentDeposited
    | EnteredIntoForce
    | BodyEstablished
    | OfficeHolderAppointed
    | OrganisationMemorandumSigned
    | StatusApplied
    | RepresentationMade
    | MembershipSuspended
    | SuspensionLifted
    | MembershipExpelled
    | WithdrawalNotified
    | AgendaItemTabled
    | DocumentTabled
    | PositionStated
    | AttendanceRecorded
    | ItemClosed
    | DocumentOpenedForSignature
    | ReservationMade
    | ReservationObjected
    | DocumentDenounced
    | ObligationCreated
    | ReportSubmitted
    | InformationRequested
    | FindingRecorded
    | DisputeRaised
    | DisputeStageOpened
    | PanelReportIssued
    | PanelReportDecided
    | DisputeSettled
    | PenaltyImposed
    | PenaltyLifted
    | ParticipationDecided,
    Field(discriminator="type"),
]

_EVENT_ADAPTER: TypeAdapter[Event] = TypeAdapter(Event)


def parse_event(data: dict[str, Any]) -> Event:
    """Read one event from JSON-ready data (its ``type`` field picks the class)."""
    try:
        return _EVENT_ADAPTER.validate_python(data)
    except ValidationError as e:
        first = e.errors(include_url=False)[0]
        raise ReferenceDataError(
            N_("not a valid event: {reason} at {where}"),
            value=data.get("id") or data.get("type"),
            params={"reason": Issue.of(first), "where": where(first)},
        ) from e
