"""Statuses and admission, as the SCO's regulations set them out.

- Observer status (Regulation on Observer Status, 2004), dialogue-partner status (Regulation
  on the Status of Dialogue Partner, 2008) and, from Tianjin 2025, partner status: the state
  applies, the Council of Heads of State decides, the memorandum is signed; the status runs
  from the decision (or the memorandum, as the charter says for that status).
- Admission (Regulation on Admission of New Members, 2010; Procedure for Granting the Status
  of Member State, 2014): application, the Council's decision to start the procedure (from
  then the state's admission procedure is under way; its status, observer as a rule, stays
  what it was), the memorandum of obligations, accession to the listed documents
  (:mod:`comity.procedures.documents`), the Council's final decision.
"""

from __future__ import annotations

from typing import Literal

from comity.charter.model import Right
from comity.errors import WrongDateError, WrongOrderError, WrongStatusError
from comity.events import (
    AccessionProcedureStarted,
    Event,
    MembershipApplied,
    ObligationsMemorandumSigned,
    StateAdmitted,
    Status,
    StatusApplied,
    StatusGranted,
    StatusMemorandumSigned,
)
from comity.i18n import N_, Term
from comity.procedures.actors import Actor, authorise
from comity.procedures.base import Command, procedure
from comity.state import MEMBER_STATUSES, InstitutionalState
from comity.states import StateCode

GrantableStatus = Literal[Status.OBSERVER, Status.DIALOGUE_PARTNER, Status.PARTNER]


class ApplyForStatus(Command):
    procedure = "apply_for_status"
    state: StateCode
    status: GrantableStatus


class GrantStatus(Command):
    procedure = "grant_status"
    state: StateCode
    status: GrantableStatus
    place: str | None = None
    decision: str | None = None


class SignStatusMemorandum(Command):
    procedure = "sign_status_memorandum"
    state: StateCode
    status: GrantableStatus
    place: str | None = None


class ApplyForMembership(Command):
    procedure = "apply_for_membership"
    state: StateCode


class StartAdmission(Command):
    procedure = "start_admission"
    state: StateCode
    place: str | None = None
    decision: str | None = None


class SignObligationsMemorandum(Command):
    procedure = "sign_obligations_memorandum"
    state: StateCode
    place: str | None = None


class Admit(Command):
    procedure = "admit"
    state: StateCode
    place: str | None = None
    decision: str | None = None


def _status_rules_in_force(state: InstitutionalState, status: Status) -> None:
    if status not in state.charter.statuses or state.charter.procedures.status_grant is None:
        raise WrongDateError(
            N_("the charter has no {status} status on {day}"),
            value=state.as_of.isoformat(),
            params={"status": status, "day": state.as_of},
        )


def _status_text(state: InstitutionalState, code: str) -> Status | Term:
    current = state.status_of(code)
    return current or Term(N_("no status"))


@procedure(ApplyForStatus)
def apply_for_status(
    command: ApplyForStatus, state: InstitutionalState, actor: Actor
) -> list[Event]:
    """A state applies for observer, dialogue-partner or partner status."""
    authorise(command.procedure, actor, state=command.state)
    _status_rules_in_force(state, command.status)
    current = state.status_of(command.state)
    if current is command.status or current in MEMBER_STATUSES:
        raise WrongStatusError(
            N_("{state} is {current} on {day}; it cannot apply for {status} status"),
            value=command.state,
            params={
                "state": command.state,
                "current": _status_text(state, command.state),
                "day": command.on,
                "status": command.status,
            },
        )
    pending = state.status_applications.get(command.state)
    if pending is not None and pending.status == command.status:
        raise WrongOrderError(
            N_("{state} applied for that status on {day} already"),
            value=command.state,
            params={"state": command.state, "day": pending.valid_from},
        )
    return [StatusApplied(valid_from=command.on, state=command.state, status=command.status)]


@procedure(GrantStatus)
def grant_status(command: GrantStatus, state: InstitutionalState, actor: Actor) -> list[Event]:
    """The Council of Heads of State grants the status applied for."""
    authorise(command.procedure, actor, state=command.state)
    _status_rules_in_force(state, command.status)
    applied = state.status_applications.get(command.state)
    if applied is None or applied.status != command.status:
        raise WrongOrderError(
            N_(
                "{state} has not applied for {status} status by {day}: record its application first"
            ),
            value=command.state,
            params={
                "state": command.state,
                "status": command.status,
                "day": command.on,
            },
        )
    if state.status_of(command.state) is command.status or command.state in state.pending_grants:
        raise WrongOrderError(
            N_("{state} has been granted that status already"),
            value=command.state,
            params={"state": command.state},
        )
    rules = state.charter.procedures.status_grant
    assert rules is not None  # checked by _status_rules_in_force
    return [
        StatusGranted(
            valid_from=command.on,
            state=command.state,
            status=command.status,
            body=rules.decided_by,
            place=command.place,
            decision=command.decision,
        )
    ]


@procedure(SignStatusMemorandum)
def sign_status_memorandum(
    command: SignStatusMemorandum, state: InstitutionalState, actor: Actor
) -> list[Event]:
    """The memorandum on the status is signed with the state."""
    authorise(command.procedure, actor, state=command.state)
    pending = state.pending_grants.get(command.state)
    holds = state.status_of(command.state) is command.status
    if not holds and (pending is None or pending.status != command.status):
        raise WrongOrderError(
            N_(
                "no decision granting {state} {status} status by {day}: the Council decides"
                " before the memorandum is signed"
            ),
            value=command.state,
            params={
                "state": command.state,
                "status": command.status,
                "day": command.on,
            },
        )
    already = [
        e
        for e in state.events
        if isinstance(e, StatusMemorandumSigned)
        and e.state == command.state
        and e.status == command.status
    ]
    if already:
        raise WrongOrderError(
            N_("the memorandum was signed with {state} on {day}"),
            value=command.state,
            params={"state": command.state, "day": already[-1].valid_from},
        )
    return [
        StatusMemorandumSigned(
            valid_from=command.on, state=command.state, status=command.status, place=command.place
        )
    ]


def _admission_in_force(state: InstitutionalState) -> None:
    if state.charter.procedures.admission is None:
        raise WrongDateError(
            N_(
                "the charter has no admission procedure on {day} (the Regulation on Admission of"
                " New Members dates from 11 June 2010)"
            ),
            value=state.as_of.isoformat(),
            params={"day": state.as_of},
        )


@procedure(ApplyForMembership)
def apply_for_membership(
    command: ApplyForMembership, state: InstitutionalState, actor: Actor
) -> list[Event]:
    """A state applies for membership (Regulation on Admission, 2010, item 2.1)."""
    authorise(command.procedure, actor, state=command.state)
    _admission_in_force(state)
    current = state.status_of(command.state)
    if current is None or Right.APPLY_FOR_MEMBERSHIP not in state.charter.rights(current):
        raise WrongStatusError(
            N_(
                "{state} is {current} on {day}; an observer (partner from 2025) may apply for"
                " membership"
            ),
            value=command.state,
            params={
                "state": command.state,
                "current": _status_text(state, command.state),
                "day": command.on,
            },
        )
    if command.state in state.applications:
        raise WrongOrderError(
            N_("{state} applied on {day}"),
            value=command.state,
            params={"state": command.state, "day": state.applications[command.state].valid_from},
        )
    return [MembershipApplied(valid_from=command.on, state=command.state)]


@procedure(StartAdmission)
def start_admission(
    command: StartAdmission, state: InstitutionalState, actor: Actor
) -> list[Event]:
    """The Council of Heads of State decides to start the admission procedure."""
    authorise(command.procedure, actor, state=command.state)
    _admission_in_force(state)
    if command.state not in state.applications:
        raise WrongOrderError(
            N_("{state} has not applied for membership by {day}"),
            value=command.state,
            params={"state": command.state, "day": command.on},
        )
    running = state.admission(command.state)
    if running is not None:
        raise WrongOrderError(
            N_("the admission procedure of {state} is under way since {day}"),
            value=command.state,
            params={"state": command.state, "day": running.start},
        )
    if state.status_of(command.state) in MEMBER_STATUSES:
        raise WrongStatusError(
            N_("{state} is {current} already"),
            value=command.state,
            params={"state": command.state, "current": _status_text(state, command.state)},
        )
    rules = state.charter.procedures.admission
    assert rules is not None
    return [
        AccessionProcedureStarted(
            valid_from=command.on,
            state=command.state,
            body=rules.decided_by,
            place=command.place,
            decision=command.decision,
        )
    ]


def _require_admission_under_way(state: InstitutionalState, code: str) -> None:
    if state.admission(code) is None:
        raise WrongStatusError(
            N_(
                "{state} is {current} on {day}, with no admission procedure under way: the"
                " Council must first start its admission procedure"
            ),
            value=code,
            params={"state": code, "current": _status_text(state, code), "day": state.as_of},
        )


@procedure(SignObligationsMemorandum)
def sign_obligations_memorandum(
    command: SignObligationsMemorandum, state: InstitutionalState, actor: Actor
) -> list[Event]:
    """The state whose admission procedure is under way signs the memorandum of obligations."""
    authorise(command.procedure, actor, state=command.state)
    _admission_in_force(state)
    _require_admission_under_way(state, command.state)
    if command.state in state.obligations_memoranda:
        raise WrongOrderError(
            N_("{state} signed its memorandum of obligations on {day}"),
            value=command.state,
            params={
                "state": command.state,
                "day": state.obligations_memoranda[command.state].valid_from,
            },
        )
    return [
        ObligationsMemorandumSigned(valid_from=command.on, state=command.state, place=command.place)
    ]


@procedure(Admit)
def admit(command: Admit, state: InstitutionalState, actor: Actor) -> list[Event]:
    """The Council's final decision: the state becomes a member state and its admission
    procedure ends."""
    authorise(command.procedure, actor, state=command.state)
    _admission_in_force(state)
    _require_admission_under_way(state, command.state)
    outstanding = state.outstanding_obligations(command.state)
    if outstanding:
        raise WrongOrderError(
            N_("{state} has obligations outstanding on {day}: {outstanding}"),
            value=command.state,
            params={
                "state": command.state,
                "day": command.on,
                "outstanding": "; ".join(outstanding),
            },
        )
    rules = state.charter.procedures.admission
    assert rules is not None
    disputes = state.open_disputes(command.state) if rules.no_open_dispute else []
    if disputes:
        raise WrongOrderError(
            N_(
                "{state} is party to open disputes on {day} ({disputes}); the charter in force"
                " admits no state with a dispute open"
            ),
            value=command.state,
            params={
                "state": command.state,
                "day": command.on,
                "disputes": ", ".join(d.raised.dispute for d in disputes),
            },
        )
    return [
        StateAdmitted(
            valid_from=command.on,
            state=command.state,
            body=rules.decided_by,
            place=command.place,
            decision=command.decision,
        )
    ]
