"""Graduated measures (reform ``compliance-system``): a formal notice, then the suspension of
specific rights (to chair, to host, to take part in a body's decisions, to nominate
officials). Membership itself is suspended or ended by the Charter's own measures
(Art. 13, :mod:`comity.procedures.measures`), which the reform keeps.

Every measure names its grounds on record (a finding of non-compliance by the supervisory
body, or an adopted panel report finding a breach), its legal basis in the charter as of its
date, the decision that imposed it, and its date range; lifting it is an event. The rights a
measure suspends are withdrawn from :meth:`InstitutionalState.rights_of`, and a procedure that
needs one is refused with an error naming the measure
(:func:`comity.procedures.base.require_right`).
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from comity.charter.model import PenaltyMeasureRules, PenaltyRules, Right
from comity.charter.rules import Outcome, Position, rule_from_spec
from comity.errors import (
    ActorNotAllowedError,
    NoSuchProcedureError,
    NotAdoptedError,
    WrongDateError,
    WrongOrderError,
    WrongStatusError,
)
from comity.events import Event, PenaltyImposed, PenaltyLifted
from comity.i18n import N_, words
from comity.procedures.actors import Actor, Role, authorise
from comity.procedures.base import Command, procedure, procedure_rules
from comity.procedures.measures import decision_record
from comity.state import MEMBER_STATUSES, InstitutionalState
from comity.states import StateCode

_SLUG = r"^[a-z0-9][a-z0-9._-]*$"


class ImposePenalty(Command):
    procedure = "impose_penalty"
    penalty: str = Field(pattern=_SLUG)
    state: StateCode
    measure: Literal["formal_notice", "rights_suspension"]
    grounds: str = Field(min_length=1, description="An obligation or a dispute on record.")
    rights: tuple[Right, ...] = ()
    until: date | None = None
    positions: dict[StateCode, Position] = Field(default_factory=dict)


class LiftPenalty(Command):
    procedure = "lift_penalty"
    penalty: str = Field(min_length=1)
    positions: dict[StateCode, Position] = Field(default_factory=dict)


def _measure(state: InstitutionalState, measure: str) -> PenaltyMeasureRules:
    rules: PenaltyRules = procedure_rules(state, "penalties", N_("graduated measures"))
    found = rules.measures.get(measure)
    if found is None:
        raise NoSuchProcedureError(
            N_("the charter in force on {day} has no measure {measure!r}; it has {measures}"),
            value=measure,
            params={"day": state.as_of, "measure": measure, "measures": ", ".join(rules.measures)},
        )
    return found


def _check_chair(actor: Actor, body: str, procedure_name: str) -> None:
    if actor.role is Role.CHAIR and actor.id != body:
        raise ActorNotAllowedError(
            N_("{actor} may not run {procedure}: {body} decides it"),
            value=str(actor),
            params={
                "actor": str(actor),
                "procedure": procedure_name.replace("_", " "),
                "body": body,
            },
        )


def _decide(
    state: InstitutionalState,
    rules: PenaltyMeasureRules,
    code: str | None,
    positions: dict[str, Position],
) -> Outcome:
    body = state.charter.body(rules.decided_by)
    eligible = set(state.eligible(body.code))
    if rules.rule == "body":
        return body.rule().evaluate(eligible, positions)
    rule = rule_from_spec(rules.rule)
    if rule.needs_concerned and code is not None:
        eligible.add(code)  # named, then left out of the count
        return rule.evaluate(eligible, positions, concerned=code)
    return rule.evaluate(eligible, positions)


def _grounds(state: InstitutionalState, code: str, grounds: str) -> str:
    """What on record justifies a measure against ``code``, or a refusal."""
    obligation = state.obligations.get(grounds)
    if obligation is not None:
        finding = obligation.findings.get(code)
        if finding is not None and not finding.compliant:
            return (
                f"finding of {finding.body} on {finding.valid_from} that {code} does not comply "
                f"with {grounds}"
            )
        raise WrongOrderError(
            N_("no finding on record by {day} that {state} does not comply with {grounds}"),
            value=grounds,
            params={"day": state.as_of, "state": code, "grounds": grounds},
        )
    dispute = state.disputes.get(grounds)
    if dispute is not None:
        report = dispute.report
        if (
            dispute.stage == "adopted"
            and report is not None
            and report.breach
            and dispute.raised.respondent == code
        ):
            return f"panel report in dispute {grounds} adopted, finding a breach by {code}"
        raise WrongOrderError(
            N_(
                "dispute {dispute} is at {current}: a measure needs an adopted panel report"
                " finding a breach by {state}"
            ),
            value=grounds,
            params={"dispute": grounds, "current": words(dispute.stage), "state": code},
        )
    raise WrongOrderError(
        N_(
            "no obligation or dispute {grounds!r} on record by {day}: a measure needs grounds (a"
            " finding of non-compliance or an adopted panel report)"
        ),
        value=grounds,
        params={"grounds": grounds, "day": state.as_of},
    )


@procedure(ImposePenalty)
def impose_penalty(command: ImposePenalty, state: InstitutionalState, actor: Actor) -> list[Event]:
    """A graduated measure against a member state, on grounds on record, by the deciding
    body's rule under the charter in force."""
    authorise(command.procedure, actor, state=command.state)
    rules = _measure(state, command.measure)
    _check_chair(actor, rules.decided_by, command.procedure)
    if state.status_of(command.state) not in MEMBER_STATUSES:
        raise WrongStatusError(
            N_("{state} is not a member state on {day}"),
            value=command.state,
            params={"state": command.state, "day": command.on},
        )
    if command.penalty in state.penalties:
        raise WrongOrderError(
            N_("measure {penalty!r} exists already"),
            value=command.penalty,
            params={"penalty": command.penalty},
        )
    if command.until is not None and command.until <= command.on:
        raise WrongDateError(
            N_("a measure ends after it begins ({day}), got {until}"),
            value=command.until.isoformat(),
            params={"day": command.on, "until": command.until},
        )
    not_allowed = [r.value for r in command.rights if r not in rules.rights]
    if not_allowed or (rules.rights and not command.rights):
        raise WrongOrderError(
            N_("{measure} may suspend {rights}; not {not_allowed}")
            if not_allowed
            else N_("{measure} may suspend {rights}; name at least one"),
            value=",".join(not_allowed) or command.measure,
            params={
                "measure": words(command.measure),
                "rights": ", ".join(r.value for r in rules.rights) or "no right",
                "not_allowed": ", ".join(not_allowed),
            },
        )
    if rules.requires and not any(
        p.imposed.state == command.state and p.imposed.measure == rules.requires
        for p in state.penalties.values()
    ):
        raise WrongOrderError(
            N_("{measure} requires a {required} to {state} first (measures are graduated)"),
            value=command.state,
            params={
                "measure": words(command.measure),
                "required": words(rules.requires),
                "state": command.state,
            },
        )
    grounds = _grounds(state, command.state, command.grounds)
    outcome = _decide(state, rules, command.state, dict(command.positions))
    if not outcome.adopted:
        raise NotAdoptedError(
            N_("{measure} against {state} {reason}"),
            value=command.state,
            params={
                "measure": words(command.measure),
                "state": command.state,
                "reason": outcome.explanation or outcome.reason,
            },
        )
    reference = state.charter.procedures.references["penalties"]
    return [
        PenaltyImposed(
            valid_from=command.on,
            penalty=command.penalty,
            state=command.state,
            measure=command.measure,
            rights=tuple(r.value for r in command.rights),
            body=rules.decided_by,
            basis=f"procedures.penalties.{command.measure} as of {command.on}: {reference}",
            grounds=grounds,
            until=command.until,
            outcome=decision_record(outcome),
        )
    ]


@procedure(LiftPenalty)
def lift_penalty(command: LiftPenalty, state: InstitutionalState, actor: Actor) -> list[Event]:
    """The body that imposed a measure lifts it, by its own rule."""
    authorise(command.procedure, actor)
    found = state.penalties.get(command.penalty)
    if found is None or not found.active_on(command.on):
        raise WrongOrderError(
            N_("no measure {penalty!r} in force on {day}"),
            value=command.penalty,
            params={"penalty": command.penalty, "day": command.on},
        )
    body = state.charter.body(found.imposed.body)
    _check_chair(actor, body.code, command.procedure)
    outcome = body.rule().evaluate(state.eligible(body.code), command.positions)
    if not outcome.adopted:
        raise NotAdoptedError(
            N_("lifting measure {penalty} {reason}"),
            params={"penalty": command.penalty, "reason": outcome.explanation or outcome.reason},
        )
    return [
        PenaltyLifted(
            valid_from=command.on,
            penalty=command.penalty,
            state=found.imposed.state,
            body=body.code,
            outcome=decision_record(outcome),
        )
    ]
