"""Suspension and expulsion (SCO Charter Art. 13), decided by "consensus minus one vote of
the member State concerned" (Art. 16) on a representation of the Council of Ministers of
Foreign Affairs; and the lifting of a suspension.

The Charter says nothing of how a suspension ends; comity treats lifting it as an ordinary
decision of the Council that suspended, by its own rule, without the state concerned (which,
suspended, takes no part in decisions): an interpretation, not a text.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Literal

from pydantic import Field

from comity.charter.model import MembershipMeasureRules
from comity.charter.rules import Outcome, Position, rule_from_spec
from comity.errors import NotAdoptedError, WrongDateError, WrongOrderError, WrongStatusError
from comity.events import (
    DecisionRecord,
    Event,
    MembershipExpelled,
    MembershipSuspended,
    RepresentationMade,
    Status,
    SuspensionLifted,
)
from comity.i18n import N_, Term
from comity.procedures.actors import Actor, authorise
from comity.procedures.base import Command, procedure
from comity.state import InstitutionalState
from comity.states import StateCode

Measure = Literal["suspension", "expulsion"]


class MakeRepresentation(Command):
    procedure = "make_representation"
    state: StateCode
    measure: Measure
    grounds: str = Field(min_length=1)


class Suspend(Command):
    procedure = "suspend"
    state: StateCode
    positions: dict[StateCode, Position] = Field(default_factory=dict)


class LiftSuspension(Command):
    procedure = "lift_suspension"
    state: StateCode
    positions: dict[StateCode, Position] = Field(default_factory=dict)


class Expel(Command):
    procedure = "expel"
    state: StateCode
    positions: dict[StateCode, Position] = Field(default_factory=dict)
    effective: date | None = None  # "as of the date fixed by the Council itself"


def decision_record(outcome: Outcome, **extra: tuple[str, ...]) -> DecisionRecord:
    """An :class:`~comity.charter.rules.Outcome` as stored in an event."""
    return DecisionRecord(
        adopted=outcome.adopted,
        rule=outcome.rule,
        eligible=outcome.eligible,
        concerned=outcome.concerned,
        supporters=outcome.supporters,
        objections=outcome.objections,
        reservations=outcome.reservations,
        abstentions=outcome.abstentions,
        absences=outcome.absences,
        reason=outcome.reason,
        **extra,
    )


def _rules(state: InstitutionalState, measure: Measure) -> MembershipMeasureRules:
    rules = getattr(state.charter.procedures, measure)
    if rules is None:
        raise WrongDateError(
            N_("the charter provides no {measure} on {day}"),
            value=state.as_of.isoformat(),
            params={"measure": measure, "day": state.as_of},
        )
    assert isinstance(rules, MembershipMeasureRules)
    return rules


def _check_status(state: InstitutionalState, code: str, measure: Measure) -> None:
    current = state.status_of(code)
    rules = _rules(state, measure)
    if measure == "expulsion" and rules.requires_suspension:
        wanted: tuple[Status, ...] = (Status.SUSPENDED,)
    elif measure == "expulsion":
        wanted = (Status.MEMBER, Status.WITHDRAWING, Status.SUSPENDED)
    else:
        wanted = (Status.MEMBER, Status.WITHDRAWING)
    if current not in wanted:
        shown = current or Term(N_("no status"))
        raise WrongStatusError(
            N_("{state} is {current} on {day}; {measure} applies to a {wanted} state"),
            value=code,
            params={
                "state": code,
                "current": shown,
                "day": state.as_of,
                "measure": measure,
                "wanted": " or ".join(w.value for w in wanted),
            },
        )


def _decide(
    state: InstitutionalState,
    rules: MembershipMeasureRules,
    code: str,
    positions: Mapping[str, Position],
    what: str,
) -> Outcome:
    body = state.charter.body(rules.decided_by)
    rule = rule_from_spec(rules.rule)
    eligible = set(state.eligible(body.code))
    if rule.needs_concerned:
        eligible.add(code)  # named, then left out of the count
    outcome = rule.evaluate(eligible, positions, concerned=code if rule.needs_concerned else None)
    if not outcome.adopted:
        raise NotAdoptedError(
            N_("{what} of {state} {reason}"),
            value=code,
            params={"what": what, "state": code, "reason": outcome.explanation or outcome.reason},
        )
    return outcome


def _representation(state: InstitutionalState, code: str, measure: Measure) -> None:
    rules = _rules(state, measure)
    if rules.on_representation_of and (code, measure) not in state.representations:
        raise WrongOrderError(
            N_(
                "no representation by {body} for the {measure} of {state} by {day}: the Council"
                " decides on one (Charter Art. 13)"
            ),
            value=code,
            params={
                "body": rules.on_representation_of,
                "measure": measure,
                "state": code,
                "day": state.as_of,
            },
        )


@procedure(MakeRepresentation)
def make_representation(
    command: MakeRepresentation, state: InstitutionalState, actor: Actor
) -> list[Event]:
    """The Council of Ministers of Foreign Affairs represents that a member be suspended or
    expelled."""
    authorise(command.procedure, actor, state=command.state)
    rules = _rules(state, command.measure)
    _check_status(state, command.state, command.measure)
    if (command.state, command.measure) in state.representations:
        raise WrongOrderError(
            N_("a representation for the {measure} of {state} is pending already"),
            value=command.state,
            params={"measure": command.measure, "state": command.state},
        )
    return [
        RepresentationMade(
            valid_from=command.on,
            state=command.state,
            measure=command.measure,
            body=rules.on_representation_of or rules.decided_by,
            grounds=command.grounds,
        )
    ]


@procedure(Suspend)
def suspend(command: Suspend, state: InstitutionalState, actor: Actor) -> list[Event]:
    """The Council of Heads of State suspends a member, by consensus minus one."""
    authorise(command.procedure, actor, state=command.state)
    rules = _rules(state, "suspension")
    _check_status(state, command.state, "suspension")
    _representation(state, command.state, "suspension")
    outcome = _decide(state, rules, command.state, command.positions, "suspension")
    return [
        MembershipSuspended(
            valid_from=command.on,
            state=command.state,
            body=rules.decided_by,
            outcome=decision_record(outcome),
        )
    ]


@procedure(LiftSuspension)
def lift_suspension(
    command: LiftSuspension, state: InstitutionalState, actor: Actor
) -> list[Event]:
    """The Council that suspended a member restores its rights (by the Council's own rule)."""
    authorise(command.procedure, actor, state=command.state)
    rules = _rules(state, "suspension")
    if state.status_of(command.state) is not Status.SUSPENDED:
        raise WrongStatusError(
            N_("{state} is not suspended on {day}"),
            params={"state": command.state, "day": command.on},
        )
    body = state.charter.body(rules.decided_by)
    outcome = body.rule().evaluate(state.eligible(body.code), command.positions)
    if not outcome.adopted:
        raise NotAdoptedError(
            N_("lifting the suspension of {state} {reason}"),
            params={"state": command.state, "reason": outcome.explanation or outcome.reason},
        )
    return [
        SuspensionLifted(
            valid_from=command.on,
            state=command.state,
            body=body.code,
            outcome=decision_record(outcome),
        )
    ]


@procedure(Expel)
def expel(command: Expel, state: InstitutionalState, actor: Actor) -> list[Event]:
    """The Council of Heads of State expels a suspended member, by consensus minus one, as of
    the date it fixes (by default the decision's)."""
    authorise(command.procedure, actor, state=command.state)
    rules = _rules(state, "expulsion")
    _check_status(state, command.state, "expulsion")
    _representation(state, command.state, "expulsion")
    effective = command.effective or command.on
    if effective < command.on:
        raise WrongDateError(
            N_("an expulsion takes effect on or after the decision ({day}), got {effective}"),
            value=effective.isoformat(),
            params={"day": command.on, "effective": effective},
        )
    outcome = _decide(state, rules, command.state, command.positions, "expulsion")
    return [
        MembershipExpelled(
            valid_from=command.on,
            state=command.state,
            body=rules.decided_by,
            effective=effective,
            outcome=decision_record(outcome),
        )
    ]
