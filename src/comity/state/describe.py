"""One-line English descriptions of events and citations of sources, for people."""

from __future__ import annotations

from comity.events import (
    AccessionProcedureStarted,
    BodyEstablished,
    DocumentAdopted,
    DocumentSigned,
    EnteredIntoForce,
    Event,
    InstrumentDeposited,
    MeetingConvened,
    MembershipApplied,
    ObligationsMemorandumSigned,
    OfficeHolderAppointed,
    OrganisationMemorandumSigned,
    Source,
    StateAdmitted,
    StatusCategoriesMerged,
    StatusGranted,
    StatusMemorandumSigned,
)
from comity.states import state_name


def _at(place: str | None) -> str:
    return f" at {place}" if place else ""


def _status(value: str) -> str:
    return value.replace("_", " ")


def describe(event: Event) -> str:
    """A sentence saying what happened.

    >>> from datetime import date
    >>> describe(StateAdmitted(valid_from=date(2017, 6, 9), state="IND", place="Astana"))
    'India admitted as a member state at Astana'
    """
    match event:
        case StateAdmitted():
            verb = "founding member state" if event.founding else "member state"
            return f"{state_name(event.state)} admitted as a {verb}{_at(event.place)}"
        case MembershipApplied():
            return f"{state_name(event.state)} applies for membership"
        case AccessionProcedureStarted():
            return f"admission procedure started for {state_name(event.state)}{_at(event.place)}"
        case ObligationsMemorandumSigned():
            return (
                f"{state_name(event.state)} signs the memorandum of obligations{_at(event.place)}"
            )
        case StatusGranted():
            return (
                f"{state_name(event.state)} granted {_status(event.status)} status "
                f"(decision of {event.body}){_at(event.place)}"
            )
        case StatusMemorandumSigned():
            return (
                f"memorandum on {_status(event.status)} status signed with "
                f"{state_name(event.state)}{_at(event.place)}"
            )
        case StatusCategoriesMerged():
            merged = " and ".join(_status(s) for s in event.merged)
            return f"{merged} statuses merged into {_status(event.into)}{_at(event.place)}"
        case MeetingConvened():
            name = event.name or f"meeting of {event.body}"
            chair = f", chaired by {state_name(event.chair)}" if event.chair else ""
            return f"{name}{_at(event.place)}{chair}"
        case DocumentSigned():
            return f"{event.title} signed{_at(event.place)}"
        case DocumentAdopted():
            return f"{event.title} adopted by {event.body}{_at(event.place)}"
        case InstrumentDeposited():
            return (
                f"{state_name(event.state)} deposits its instrument of {event.instrument.value} "
                f"({event.document})"
            )
        case EnteredIntoForce():
            whom = " for " + ", ".join(state_name(s) for s in event.states) if event.states else ""
            return f"{event.document} enters into force{whom}"
        case BodyEstablished():
            return f"{event.body} starts work{_at(event.seat)}"
        case OfficeHolderAppointed():
            office = _status(event.office).replace("rats", "RATS")
            return f"{event.person} ({state_name(event.state)}) takes office as {office}"
        case OrganisationMemorandumSigned():
            return f"{event.title}{_at(event.place)}"
    raise AssertionError(f"no description for {type(event).__name__}")  # pragma: no cover


def cite(source: Source) -> str:
    """A citation in one line: title, publisher, date, address.

    >>> cite(Source(title="Charter of the SCO", kind="primary", publisher="SCO"))
    'Charter of the SCO. SCO.'
    """
    parts = [source.title]
    if source.publisher:
        parts.append(source.publisher)
    if source.published:
        parts.append(source.published.isoformat())
    text = ". ".join(p.rstrip(".") for p in parts) + "."
    return f"{text} {source.url}" if source.url else text
