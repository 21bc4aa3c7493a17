"""Obligations and implementation reports (reform ``compliance-system``).

An adopted decision or a document in force creates obligations: for whom (the parties, the
members taking part, or the states named), what (a text and a category), by when (a date, or
months after the document's entry into force, by default the charter's period) and how often
to report. Each delegation then reports on its own state: implemented, partly, not yet, not
applicable, with evidence as text or files (their SHA-256, size and name go in the ledger;
the content is kept by :func:`store_evidence` in a folder addressed by the hash).

The SCO Charter has no such procedure: under the charter as it is, both are refused.
"""

from __future__ import annotations

import hashlib
import shutil
from datetime import date
from pathlib import Path

from pydantic import Field, model_validator

from comity.charter.model import ImplementationRules
from comity.dates import add_months
from comity.errors import (
    InputError,
    MalformedCommandError,
    UnknownDocumentError,
    WrongDateError,
    WrongOrderError,
    WrongStatusError,
)
from comity.events import Event, Evidence, ObligationCreated, ReportStatus, ReportSubmitted
from comity.i18n import N_, Phrase
from comity.procedures.actors import Actor, authorise
from comity.procedures.base import Command, procedure, procedure_rules
from comity.state import DocumentRecord, InstitutionalState, ObligationRecord
from comity.states import StateCode

_SLUG = r"^[a-z0-9][a-z0-9._-]*$"


class CreateObligation(Command):
    procedure = "create_obligation"
    obligation: str = Field(pattern=_SLUG)
    document: str = Field(min_length=1)
    text: str = Field(min_length=1)
    category: str = Field(min_length=1)
    states: tuple[StateCode, ...] = ()
    due: date | None = None
    months_after_entry_into_force: int | None = Field(default=None, ge=0)
    reporting_months: int | None = Field(default=None, ge=1)

    @model_validator(mode="after")
    def _one_deadline(self) -> CreateObligation:
        if self.due is not None and self.months_after_entry_into_force is not None:
            raise ValueError(
                Phrase(N_("give the deadline as due or as months_after_entry_into_force"))
            )
        return self


class SubmitReport(Command):
    procedure = "submit_report"
    obligation: str = Field(min_length=1)
    state: StateCode
    status: ReportStatus
    text: str | None = None
    evidence: tuple[Evidence, ...] = ()


def obligation_of(state: InstitutionalState, obligation: str) -> ObligationRecord:
    found = state.obligations.get(obligation)
    if found is None:
        raise WrongOrderError(
            N_("no obligation {obligation!r} on record by {day}"),
            value=obligation,
            params={"obligation": obligation, "day": state.as_of},
        )
    return found


def _bound(state: InstitutionalState, record: DocumentRecord) -> tuple[str, ...]:
    """Who a document binds on the date: its parties; for a decision adopted at a meeting,
    the members that took part; else the member states."""
    if record.parties:
        return tuple(record.parties)
    members = tuple(state.members())
    if record.adopted_in is not None:
        meeting = state.meeting_records.get(record.adopted_in[0])
        item = meeting.items.get(record.adopted_in[1]) if meeting else None
        if item is not None and item.closed is not None and item.closed.outcome.participating:
            return item.closed.outcome.participating
    return members


@procedure(CreateObligation)
def create_obligation(
    command: CreateObligation, state: InstitutionalState, actor: Actor
) -> list[Event]:
    """The Secretariat records an obligation created by an adopted decision or a document in
    force."""
    authorise(command.procedure, actor)
    rules: ImplementationRules = procedure_rules(
        state, "implementation", N_("procedure for obligations and implementation")
    )
    record = state.documents.get(command.document)
    if record is None:
        raise UnknownDocumentError(
            N_("no document {document!r} on record by {day}"),
            value=command.document,
            params={"document": command.document, "day": command.on},
        )
    if record.in_force is None and record.adopted is None:
        raise WrongStatusError(
            N_(
                "{document} is neither in force nor adopted on {day}; only an adopted decision or"
                " a document in force creates obligations"
            ),
            value=command.document,
            params={"document": command.document, "day": command.on},
        )
    if command.obligation in state.obligations:
        raise WrongOrderError(
            N_("obligation {obligation!r} exists already"),
            params={"obligation": command.obligation},
        )
    bound = _bound(state, record)
    states = command.states or bound
    outside = [s for s in states if s not in bound]
    if outside:
        raise WrongStatusError(
            N_("{document} does not bind {states} on {day}"),
            value=outside[0],
            params={"document": command.document, "states": " ".join(outside), "day": command.on},
        )
    if command.due is not None:
        due = command.due
    else:
        start = record.in_force or record.adopted
        assert start is not None
        months = command.months_after_entry_into_force
        due = add_months(start, rules.default_months if months is None else months)
    if due < command.on:
        raise WrongDateError(
            N_("an obligation is due on or after its creation ({day}), got {due}"),
            value=due.isoformat(),
            params={"day": command.on, "due": due},
        )
    return [
        ObligationCreated(
            valid_from=command.on,
            obligation=command.obligation,
            document=command.document,
            states=tuple(sorted(states)),
            text=command.text,
            category=command.category,
            due=due,
            reporting_months=command.reporting_months,
        )
    ]


@procedure(SubmitReport)
def submit_report(command: SubmitReport, state: InstitutionalState, actor: Actor) -> list[Event]:
    """A delegation reports on its own state's implementation of an obligation."""
    authorise(command.procedure, actor, state=command.state)
    rules: ImplementationRules = procedure_rules(
        state, "implementation", N_("procedure for implementation reports")
    )
    if command.status not in rules.statuses:
        raise MalformedCommandError(
            N_("report status {status!r}: the charter allows {allowed}"),
            value=command.status,
            params={"status": command.status, "allowed": ", ".join(rules.statuses)},
        )
    obligation = obligation_of(state, command.obligation)
    if command.state not in obligation.created.states:
        raise WrongStatusError(
            N_("obligation {obligation} does not bind {state}; it binds {states}"),
            value=command.state,
            params={
                "obligation": command.obligation,
                "state": command.state,
                "states": " ".join(obligation.created.states),
            },
        )
    return [
        ReportSubmitted(
            valid_from=command.on,
            obligation=command.obligation,
            state=command.state,
            status=command.status,
            text=command.text,
            evidence=command.evidence,
        )
    ]


def store_evidence(path: Path, folder: Path) -> Evidence:
    """Copy a file into ``folder/evidence/<sha256>`` and describe it for a report.

    The ledger keeps the hash, size and name; anyone holding the file can check it against
    the record, and the record stays free of the content.
    """
    try:
        digest = hashlib.sha256()
        with path.open("rb") as f:
            for chunk in iter(lambda: f.read(1 << 16), b""):
                digest.update(chunk)
        size = path.stat().st_size
    except OSError as e:
        raise InputError(
            N_("cannot read evidence file {path}: {reason}"),
            value=str(path),
            params={"path": path, "reason": e.strerror},
        ) from e
    target = folder / "evidence" / digest.hexdigest()
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    return Evidence(name=path.name, sha256=digest.hexdigest(), size=size)
