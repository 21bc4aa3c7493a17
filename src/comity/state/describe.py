"""One-line English descriptions of events and citations of sources, for people."""

from __future__ import annotations

from datetime import date

from comity.events import (
    AccessionProcedureStarted,
    AgendaItemTabled,
    BodyEstablished,
    DecisionRecord,
    DisputeRaised,
    DisputeSettled,
    DisputeStageOpened,
    DocumentAdopted,
    DocumentDenounced,
    DocumentOpenedForSignature,
    DocumentSigned,
    DocumentTabled,
    EnteredIntoForce,
    Event,
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
    PenaltyImposed,
    PenaltyLifted,
    PositionStated,
    ReportSubmitted,
    RepresentationMade,
    ReservationMade,
    ReservationObjected,
    Source,
    StateAdmitted,
    StatusApplied,
    StatusCategoriesMerged,
    StatusGranted,
    StatusMemorandumSigned,
    SuspensionLifted,
    WithdrawalNotified,
)
from comity.states import state_name


def _at(place: str | None) -> str:
    return f" at {place}" if place else ""


def _status(value: str) -> str:
    return value.replace("_", " ")


def _verdict(outcome: DecisionRecord) -> str:
    return f"{'adopted' if outcome.adopted else 'not adopted'} under {outcome.rule}"


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
            # A procedure records one signature at a time; a summit records them together.
            by = f" by {state_name(event.signatories[0])}" if len(event.signatories) == 1 else ""
            return f"{event.title} signed{by}{_at(event.place)}"
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
        case _:
            return _describe_procedural(event)


def _describe_procedural(event: Event) -> str:
    """Descriptions of the events that comity's procedures write."""
    match event:
        case StatusApplied():
            return f"{state_name(event.state)} applies for {_status(event.status)} status"
        case RepresentationMade():
            return (
                f"{event.body} represents to the Council of Heads of State that "
                f"{state_name(event.state)} be subject to {event.measure}"
            )
        case MembershipSuspended():
            return (
                f"membership of {state_name(event.state)} suspended by {event.body} "
                f"({_verdict(event.outcome)})"
            )
        case SuspensionLifted():
            return f"suspension of {state_name(event.state)} lifted by {event.body}"
        case MembershipExpelled():
            return (
                f"{state_name(event.state)} expelled by {event.body} as of "
                f"{event.effective.isoformat()} ({_verdict(event.outcome)})"
            )
        case WithdrawalNotified():
            return (
                f"{state_name(event.state)} notifies its withdrawal, effective "
                f"{event.effective.isoformat()}"
            )
        case AgendaItemTabled():
            return f"item {event.item} on the agenda of {event.meeting}: {event.title}"
        case DocumentTabled():
            return f"draft {event.title} tabled under {event.meeting}/{event.item}"
        case PositionStated():
            opt = ", not taking part in the project" if event.opt_out else ""
            return (
                f"{state_name(event.state)} states {event.position} on "
                f"{event.meeting}/{event.item}{opt}"
            )
        case ItemClosed():
            return f"{event.meeting}/{event.item} closed: {event.outcome.reason}"
        case DocumentOpenedForSignature():
            return f"{event.document} opened for signature"
        case ReservationMade():
            return (
                f"{state_name(event.state)} makes reservation {event.reservation} "
                f"to {event.document}"
            )
        case ReservationObjected():
            return (
                f"{state_name(event.state)} objects to reservation {event.reservation} "
                f"to {event.document}"
            )
        case DocumentDenounced():
            return (
                f"{state_name(event.state)} denounces {event.document}, effective "
                f"{event.effective.isoformat()}"
            )
    return _describe_compliance(event)


def _until(day: date | None) -> str:
    return f" until {day.isoformat()}" if day else ""


def _describe_compliance(event: Event) -> str:
    """Descriptions of obligations, supervision, disputes and penalties."""
    match event:
        case ObligationCreated():
            return (
                f"obligation {event.obligation} under {event.document} for "
                f"{' '.join(event.states)}, due {event.due.isoformat()}: {event.text}"
            )
        case ReportSubmitted():
            files = f" ({len(event.evidence)} evidence files)" if event.evidence else ""
            return (
                f"{state_name(event.state)} reports on {event.obligation}: "
                f"{_status(event.status)}{files}"
            )
        case InformationRequested():
            return (
                f"{event.body} asks {state_name(event.state)} for more information on "
                f"{event.obligation}"
            )
        case FindingRecorded():
            found = "complies with" if event.compliant else "does not comply with"
            return (
                f"{event.body} finds that {state_name(event.state)} {found} {event.obligation} "
                f"({_verdict(event.outcome)})"
            )
        case DisputeRaised():
            return (
                f"{state_name(event.state)} raises dispute {event.dispute} with "
                f"{state_name(event.respondent)} on {event.subject} ({event.document}); "
                f"consultations{_until(event.deadline)}"
            )
        case DisputeStageOpened():
            return f"dispute {event.dispute} goes to {event.stage}{_until(event.deadline)}"
        case PanelReportIssued():
            found = "a breach" if event.breach else "no breach"
            return (
                f"panel report in dispute {event.dispute} finds {found}; the Council may reject "
                f"it{_until(event.deadline)}"
            )
        case PanelReportDecided():
            verdict = "adopted" if event.adopted else "rejected"
            return f"panel report in dispute {event.dispute} {verdict} by {event.body}"
        case DisputeSettled():
            return f"dispute {event.dispute} settled during {event.stage}"
        case PenaltyImposed():
            rights = f" suspending {', '.join(map(_status, event.rights))}" if event.rights else ""
            return (
                f"{_status(event.measure)} {event.penalty} against {state_name(event.state)} "
                f"by {event.body}{rights}{_until(event.until)}"
            )
        case PenaltyLifted():
            return (
                f"measure {event.penalty} against {state_name(event.state)} lifted by {event.body}"
            )
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
