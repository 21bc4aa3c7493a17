"""The life of a document: adopted (by closing an item, :mod:`comity.procedures.meetings`),
opened for signature with its entry-into-force clause, signed, instruments deposited with the
depositary, reservations and objections to them, denunciation.

Entry into force is not a procedure: it follows from the document's own clause and the
deposits, and :func:`comity.state.fold` computes it, in general and for each party.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import Field, ValidationError

from comity.charter.model import Right
from comity.charter.treaties import EntryIntoForceCondition
from comity.dates import add_months
from comity.errors import (
    InputError,
    MalformedCommandError,
    UnknownDocumentError,
    WrongDateError,
    WrongOrderError,
    WrongStatusError,
)
from comity.events import (
    DocumentDenounced,
    DocumentOpenedForSignature,
    DocumentSigned,
    Event,
    Instrument,
    InstrumentDeposited,
    ReservationMade,
    ReservationObjected,
)
from comity.i18n import N_, Term
from comity.i18n import errors as i18n_errors
from comity.procedures.actors import Actor, authorise
from comity.procedures.base import Command, procedure
from comity.state import DocumentRecord, InstitutionalState
from comity.states import StateCode

SLUG = r"^[a-z0-9][a-z0-9._-]*$"


class OpenForSignature(Command):
    procedure = "open_for_signature"
    document: str
    depositary: str | None = None
    entry_into_force: dict[str, Any] | None = None  # EntryIntoForceCondition's fields


class SignDocument(Command):
    procedure = "sign_document"
    document: str
    state: StateCode


class DepositInstrument(Command):
    procedure = "deposit_instrument"
    document: str
    state: StateCode
    instrument: Instrument = Instrument.RATIFICATION


class MakeReservation(Command):
    procedure = "make_reservation"
    document: str
    state: StateCode
    reservation: str = Field(pattern=SLUG)
    text: str = Field(min_length=1)


class ObjectToReservation(Command):
    procedure = "object_to_reservation"
    document: str
    reservation: str
    state: StateCode


class Denounce(Command):
    procedure = "denounce"
    document: str
    state: StateCode
    effective: date | None = None  # needed when the document's clause is not on record


def document(state: InstitutionalState, doc_id: str) -> DocumentRecord:
    found = state.documents.get(doc_id)
    if found is None:
        raise UnknownDocumentError(
            N_("no document {document!r} in the record by {day}"),
            value=doc_id,
            params={"document": doc_id, "day": state.as_of},
        )
    return found


def _may_sign(state: InstitutionalState, code: str) -> None:
    status = state.status_of(code)
    if status is None or Right.SIGN_DOCUMENTS not in state.charter.rights(status):
        shown = status or Term(N_("no status"))
        raise WrongStatusError(
            N_("{state} is {current} on {day}; member states sign the organisation's documents"),
            value=code,
            params={"state": code, "current": shown, "day": state.as_of},
        )


@procedure(OpenForSignature)
def open_for_signature(
    command: OpenForSignature, state: InstitutionalState, actor: Actor
) -> list[Event]:
    """Open an adopted document for signature, recording its entry-into-force clause."""
    authorise(command.procedure, actor)
    record = document(state, command.document)
    if record.adopted is None:
        raise WrongOrderError(
            N_("{document} is not adopted by {day}: a body adopts it first"),
            value=command.document,
            params={"document": command.document, "day": command.on},
        )
    if record.opened_for_signature is not None or record.signed is not None:
        raise WrongOrderError(
            N_("{document} is open for signature already"), params={"document": command.document}
        )
    if command.entry_into_force is not None:
        try:
            EntryIntoForceCondition.model_validate(command.entry_into_force)
        except ValidationError as e:
            raise MalformedCommandError(
                N_(
                    "entry-into-force clause: {reason} (fields: instruments, days_after,"
                    " later_parties, on_signature, denunciation_months)"
                ),
                value=str(command.entry_into_force),
                params={"reason": i18n_errors.Issue.of(e.errors(include_url=False)[0])},
            ) from e
    return [
        DocumentOpenedForSignature(
            valid_from=command.on,
            document=command.document,
            depositary=command.depositary,
            entry_into_force=command.entry_into_force,
        )
    ]


@procedure(SignDocument)
def sign_document(command: SignDocument, state: InstitutionalState, actor: Actor) -> list[Event]:
    """A member state signs a document open for signature."""
    authorise(command.procedure, actor, state=command.state)
    record = document(state, command.document)
    if record.opened_for_signature is None:
        raise WrongOrderError(
            N_("{document} is not open for signature on {day}"),
            value=command.document,
            params={"document": command.document, "day": command.on},
        )
    _may_sign(state, command.state)
    if command.state in record.signatories:
        raise WrongOrderError(
            N_("{state} signed {document} already"),
            params={"state": command.state, "document": command.document},
        )
    return [
        DocumentSigned(
            valid_from=command.on,
            document=command.document,
            title=record.title,
            kind=record.kind,
            signatories=(command.state,),
            depositary=record.depositary,
        )
    ]


@procedure(DepositInstrument)
def deposit_instrument(
    command: DepositInstrument, state: InstitutionalState, actor: Actor
) -> list[Event]:
    """A state deposits its instrument: ratification, acceptance or approval after signing;
    accession without having signed (an applicant acceding to the SCO's treaties)."""
    authorise(command.procedure, actor, state=command.state)
    record = document(state, command.document)
    if command.state in record.deposits:
        when, instrument = record.deposits[command.state]
        raise WrongOrderError(
            N_("{state} deposited its instrument of {instrument} for {document} on {day}"),
            value=command.state,
            params={
                "state": command.state,
                "instrument": instrument.value,
                "document": command.document,
                "day": when,
            },
        )
    signed = command.state in record.signatories
    if command.instrument is Instrument.ACCESSION:
        if signed:
            raise WrongOrderError(
                N_(
                    "{state} signed {document}: it ratifies, accepts or approves rather than"
                    " accedes"
                ),
                value=command.state,
                params={"state": command.state, "document": command.document},
            )
        if record.signed is None and record.adopted is None and record.opened_for_signature is None:
            raise WrongOrderError(
                N_("{document} is a draft; nothing to accede to"),
                params={"document": command.document},
            )
    elif not signed:
        raise WrongOrderError(
            N_(
                "{state} has not signed {document} by {day}: a state that has not signed accedes"
                " (--instrument accession)"
            ),
            value=command.state,
            params={"state": command.state, "document": command.document, "day": command.on},
        )
    return [
        InstrumentDeposited(
            valid_from=command.on,
            document=command.document,
            state=command.state,
            instrument=command.instrument,
        )
    ]


@procedure(MakeReservation)
def make_reservation(
    command: MakeReservation, state: InstitutionalState, actor: Actor
) -> list[Event]:
    """A signatory (or a state depositing) makes a reservation."""
    authorise(command.procedure, actor, state=command.state)
    record = document(state, command.document)
    if command.state not in record.signatories and command.state not in record.deposits:
        raise WrongOrderError(
            N_(
                "{state} makes a reservation on signing or on depositing its instrument; it has"
                " done neither for {document}"
            ),
            value=command.state,
            params={"state": command.state, "document": command.document},
        )
    if command.reservation in record.reservations:
        raise WrongOrderError(
            N_("reservation {reservation!r} exists already"),
            params={"reservation": command.reservation},
        )
    return [
        ReservationMade(
            valid_from=command.on,
            document=command.document,
            state=command.state,
            reservation=command.reservation,
            text=command.text,
        )
    ]


@procedure(ObjectToReservation)
def object_to_reservation(
    command: ObjectToReservation, state: InstitutionalState, actor: Actor
) -> list[Event]:
    """A state objects to another state's reservation."""
    authorise(command.procedure, actor, state=command.state)
    record = document(state, command.document)
    reservation = record.reservations.get(command.reservation)
    if reservation is None:
        raise WrongOrderError(
            N_("no reservation {reservation!r} to {document} by {day}"),
            value=command.reservation,
            params={
                "reservation": command.reservation,
                "document": command.document,
                "day": command.on,
            },
        )
    if reservation.state == command.state:
        raise InputError(
            N_("a state does not object to its own reservation"), value=command.state, params={}
        )
    if command.state in reservation.objections:
        raise WrongOrderError(
            N_("{state} objected already"), value=command.state, params={"state": command.state}
        )
    return [
        ReservationObjected(
            valid_from=command.on,
            document=command.document,
            reservation=command.reservation,
            state=command.state,
        )
    ]


@procedure(Denounce)
def denounce(command: Denounce, state: InstitutionalState, actor: Actor) -> list[Event]:
    """A party denounces a document; it binds the party until the effective date."""
    authorise(command.procedure, actor, state=command.state)
    record = document(state, command.document)
    if record.id == state.charter.constitution:
        raise WrongOrderError(
            N_(
                "{document} is the constitution: a member leaves it by withdrawing"
                " (comity withdrawal notify)"
            ),
            value=record.id,
            params={"document": record.id},
        )
    if command.state not in record.parties:
        raise WrongStatusError(
            N_("{state} is not a party to {document} on {day}"),
            value=command.state,
            params={"state": command.state, "document": command.document, "day": command.on},
        )
    if command.state in record.denunciations:
        raise WrongOrderError(
            N_("{state} denounced {document} already"),
            params={"state": command.state, "document": command.document},
        )
    clause = state.charter.treaties.get(record.id) or record.clause
    months = clause.denunciation_months if clause is not None else None
    if months is None and command.effective is None:
        raise MalformedCommandError(
            N_(
                "the denunciation clause of {document} is not on record: give the effective date"
                " it sets (effective)"
            ),
            value=command.document,
            params={"document": command.document},
        )
    earliest = add_months(command.on, months or 0)
    effective = command.effective or earliest
    if effective < earliest:
        raise WrongDateError(
            N_(
                "under its clause, {document} stops binding {months} months after notice:"
                " {earliest} at the earliest, not {effective}"
            ),
            value=effective.isoformat(),
            params={
                "document": command.document,
                "months": months,
                "earliest": earliest,
                "effective": effective,
            },
        )
    return [
        DocumentDenounced(
            valid_from=command.on,
            document=command.document,
            state=command.state,
            effective=effective,
        )
    ]
