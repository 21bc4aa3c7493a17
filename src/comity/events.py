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

from datetime import date
from enum import StrEnum
from typing import Annotated, Any, Literal

import rfc8785
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from comity.errors import ReferenceDataError
from comity.states import StateCode

__all__ = [
    "AccessionProcedureStarted",
    "BodyEstablished",
    "DocumentAdopted",
    "DocumentKind",
    "DocumentSigned",
    "EnteredIntoForce",
    "Event",
    "EventBase",
    "Instrument",
    "InstrumentDeposited",
    "MeetingConvened",
    "MembershipApplied",
    "ObligationsMemorandumSigned",
    "OfficeHolderAppointed",
    "OrganisationMemorandumSigned",
    "Source",
    "SourceKind",
    "StateAdmitted",
    "Status",
    "StatusCategoriesMerged",
    "StatusGranted",
    "StatusMemorandumSigned",
    "canonical_json",
    "parse_event",
]


def canonical_json(value: Any) -> bytes:
    """Serialise JSON-ready data by RFC 8785 (JSON Canonicalization Scheme).

    Canonical bytes make the ledger's hashes independent of key order and whitespace, so an
    outside auditor with any RFC 8785 implementation recomputes the same chain.
    """
    return bytes(rfc8785.dumps(value))


class Status(StrEnum):
    """A state's standing towards the organisation on a given day."""

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


class StateAdmitted(EventBase):
    """A state becomes a member state (for the founders: on the founding day)."""

    type: Literal["StateAdmitted"] = "StateAdmitted"
    state: StateCode
    body: str = "CHS"
    decision: str | None = None
    place: str | None = None
    founding: bool = False


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
    """A document is adopted or approved by a body without signature and ratification."""

    type: Literal["DocumentAdopted"] = "DocumentAdopted"
    document: str = Field(min_length=1)
    title: str
    kind: DocumentKind
    body: str = "CHS"
    place: str | None = None


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
    | OrganisationMemorandumSigned,
    Field(discriminator="type"),
]

_EVENT_ADAPTER: TypeAdapter[Event] = TypeAdapter(Event)


def parse_event(data: dict[str, Any]) -> Event:
    """Read one event from JSON-ready data (its ``type`` field picks the class)."""
    try:
        return _EVENT_ADAPTER.validate_python(data)
    except ValidationError as e:
        raise ReferenceDataError(
            f"not a valid event: {e.errors(include_url=False)[0]['msg']} "
            f"at {'.'.join(str(p) for p in e.errors()[0]['loc'])}",
            value=data.get("id") or data.get("type"),
        ) from e
