"""Supervision of implementation (reform ``compliance-system``): the supervisory body (the
Council of National Coordinators) asks for more information and records findings, deciding by
its own rule in the charter in force: consensus as the Charter stands, two thirds with the
reform ``cnc-majority``.
"""

from __future__ import annotations

from pydantic import Field

from comity.charter.model import SupervisionRules
from comity.charter.rules import Position
from comity.errors import NotAdoptedError, WrongStatusError
from comity.events import Event, FindingRecorded, InformationRequested
from comity.i18n import N_
from comity.procedures.actors import Actor, authorise
from comity.procedures.base import Command, procedure, procedure_rules
from comity.procedures.measures import decision_record
from comity.procedures.obligations import obligation_of
from comity.state import InstitutionalState
from comity.states import StateCode


class RequestInformation(Command):
    procedure = "request_information"
    obligation: str = Field(min_length=1)
    state: StateCode
    text: str = Field(min_length=1)


class RecordFinding(Command):
    procedure = "record_finding"
    obligation: str = Field(min_length=1)
    state: StateCode
    compliant: bool
    text: str | None = None
    positions: dict[StateCode, Position] = Field(default_factory=dict)


def _supervisor(state: InstitutionalState, command: RequestInformation | RecordFinding) -> str:
    rules: SupervisionRules = procedure_rules(state, "supervision", N_("supervisory procedure"))
    obligation = obligation_of(state, command.obligation)
    if command.state not in obligation.created.states:
        raise WrongStatusError(
            N_("obligation {obligation} does not bind {state}"),
            value=command.state,
            params={"obligation": command.obligation, "state": command.state},
        )
    return rules.body


@procedure(RequestInformation)
def request_information(
    command: RequestInformation, state: InstitutionalState, actor: Actor
) -> list[Event]:
    """The supervisory body asks a state for more information on an obligation."""
    authorise(command.procedure, actor, state=command.state, body="CNC")
    body = _supervisor(state, command)
    return [
        InformationRequested(
            valid_from=command.on,
            obligation=command.obligation,
            state=command.state,
            body=body,
            text=command.text,
        )
    ]


@procedure(RecordFinding)
def record_finding(command: RecordFinding, state: InstitutionalState, actor: Actor) -> list[Event]:
    """The supervisory body finds whether a state complies, by its rule on the date."""
    authorise(command.procedure, actor, state=command.state, body="CNC")
    body = state.charter.body(_supervisor(state, command))
    outcome = body.rule().evaluate(state.eligible(body.code), command.positions)
    if not outcome.adopted:
        raise NotAdoptedError(
            N_("finding on {state} ({obligation}) {reason}"),
            value=command.state,
            params={
                "state": command.state,
                "obligation": command.obligation,
                "reason": outcome.explanation or outcome.reason,
            },
        )
    return [
        FindingRecorded(
            valid_from=command.on,
            obligation=command.obligation,
            state=command.state,
            body=body.code,
            compliant=command.compliant,
            text=command.text,
            outcome=decision_record(outcome),
        )
    ]
