"""Dispute settlement. As the SCO Charter stands (Art. 22), disputes over the interpretation
or application of its documents are settled by consultations and negotiations, with no
deadline and no third party. The reform ``compliance-system`` gives each stage a deadline and
adds a panel: after consultations and negotiations have run out, a party may refer the
dispute to a panel; the panel's report is adopted unless the Council rejects it within its
deadline by reverse consensus (every member state, the parties included, in favour of
rejecting; as in the WTO's Dispute Settlement Understanding, Art. 16.4).

Each stage is an event: :class:`~comity.events.DisputeRaised` (consultations),
:class:`~comity.events.DisputeStageOpened` (negotiations, panel),
:class:`~comity.events.PanelReportIssued`, :class:`~comity.events.PanelReportDecided`, and
:class:`~comity.events.DisputeSettled` at any stage before a report.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

from pydantic import Field

from comity.charter.model import DisputeRules, PanelRules
from comity.charter.rules import Position, rule_from_spec
from comity.errors import (
    NoSuchProcedureError,
    WrongDateError,
    WrongOrderError,
    WrongStatusError,
)
from comity.events import (
    DisputeRaised,
    DisputeSettled,
    DisputeStageOpened,
    Event,
    PanelReportDecided,
    PanelReportIssued,
)
from comity.i18n import N_, words
from comity.procedures.actors import Actor, authorise
from comity.procedures.base import Command, procedure, procedure_rules
from comity.procedures.measures import decision_record
from comity.state import DisputeRecord, InstitutionalState
from comity.states import StateCode

_SLUG = r"^[a-z0-9][a-z0-9._-]*$"


class RaiseDispute(Command):
    procedure = "raise_dispute"
    dispute: str = Field(pattern=_SLUG)
    state: StateCode  # the complainant
    concerned: StateCode  # the respondent
    subject: Literal["compliance", "interpretation"]
    document: str = Field(min_length=1)
    obligation: str | None = None
    text: str = Field(min_length=1)


class AdvanceDispute(Command):
    procedure = "advance_dispute"
    dispute: str = Field(min_length=1)
    state: StateCode  # the party asking
    stage: Literal["negotiations", "panel"]
    panelists: tuple[str, ...] = ()


class IssuePanelReport(Command):
    procedure = "issue_panel_report"
    dispute: str = Field(min_length=1)
    breach: bool
    text: str = Field(min_length=1)


class DecidePanelReport(Command):
    procedure = "decide_panel_report"
    dispute: str = Field(min_length=1)
    positions: dict[StateCode, Position] = Field(default_factory=dict)


class SettleDispute(Command):
    procedure = "settle_dispute"
    dispute: str = Field(min_length=1)
    text: str = Field(min_length=1)


def _days(day: date, days: int | None) -> date | None:
    return None if days is None else day + timedelta(days=days)


def dispute_of(state: InstitutionalState, dispute: str) -> DisputeRecord:
    found = state.disputes.get(dispute)
    if found is None:
        raise WrongOrderError(
            N_("no dispute {dispute!r} on record by {day}"),
            value=dispute,
            params={"dispute": dispute, "day": state.as_of},
        )
    return found


def _rules(state: InstitutionalState) -> DisputeRules:
    rules: DisputeRules = procedure_rules(state, "disputes", N_("dispute settlement"))
    return rules


def _panel(state: InstitutionalState) -> PanelRules:
    rules = _rules(state)
    if rules.panel is None:
        reference = state.charter.procedures.references.get("disputes", "")
        raise NoSuchProcedureError(
            N_(
                "the charter in force on {day} settles disputes by {means} only ({reference}); it"
                " has no panel: the reform compliance-system provides one (run with --reform)"
            ),
            value="disputes.panel",
            params={"day": state.as_of, "means": " and ".join(rules.means), "reference": reference},
        )
    return rules.panel


@procedure(RaiseDispute)
def raise_dispute(command: RaiseDispute, state: InstitutionalState, actor: Actor) -> list[Event]:
    """A member raises a dispute with another; consultations begin."""
    authorise(command.procedure, actor, state=command.state)
    rules = _rules(state)
    if command.state == command.concerned:
        raise WrongOrderError(
            N_("a dispute is between two member states"), value=command.state, params={}
        )
    members = state.members()
    for code in (command.state, command.concerned):
        if code not in members:
            raise WrongStatusError(
                N_("{state} is not a member state on {day}"),
                value=code,
                params={"state": code, "day": command.on},
            )
    if command.dispute in state.disputes:
        raise WrongOrderError(
            N_("dispute {dispute!r} exists already"), params={"dispute": command.dispute}
        )
    if command.document not in state.documents:
        raise WrongOrderError(
            N_("no document {document!r} on record by {day}"),
            value=command.document,
            params={"document": command.document, "day": command.on},
        )
    return [
        DisputeRaised(
            valid_from=command.on,
            dispute=command.dispute,
            state=command.state,
            respondent=command.concerned,
            subject=command.subject,
            document=command.document,
            obligation=command.obligation,
            text=command.text,
            deadline=_days(command.on, rules.consultation_days),
        )
    ]


@procedure(AdvanceDispute)
def advance_dispute(
    command: AdvanceDispute, state: InstitutionalState, actor: Actor
) -> list[Event]:
    """A party takes the dispute to negotiations, or (under the reform) to a panel once the
    earlier stages' deadlines have passed."""
    authorise(command.procedure, actor, state=command.state)
    dispute = dispute_of(state, command.dispute)
    if command.state not in dispute.parties():
        raise WrongStatusError(
            N_("{state} is not a party to dispute {dispute}"),
            value=command.state,
            params={"state": command.state, "dispute": command.dispute},
        )
    rules = _rules(state)
    current = dispute.stage
    wanted_before = {"negotiations": "consultations", "panel": "negotiations"}[command.stage]
    if command.stage == "panel":
        panel = _panel(state)
    if current != wanted_before:
        raise WrongOrderError(
            N_("dispute {dispute} is at {current}; {stage} follow {before}"),
            value=command.dispute,
            params={
                "dispute": command.dispute,
                "current": words(current),
                "stage": words(command.stage),
                "before": words(wanted_before),
            },
        )
    deadline = dispute.deadline
    if deadline is not None and command.on < deadline:
        raise WrongDateError(
            N_(
                "{current} in dispute {dispute} run until {deadline}; {stage} may be asked for"
                " from then, not on {day}"
            ),
            value=command.on.isoformat(),
            params={
                "current": words(current),
                "dispute": command.dispute,
                "deadline": deadline,
                "stage": words(command.stage),
                "day": command.on,
            },
        )
    days = rules.negotiation_days if command.stage == "negotiations" else panel.report_days
    return [
        DisputeStageOpened(
            valid_from=command.on,
            dispute=command.dispute,
            stage=command.stage,
            state=command.state,
            deadline=_days(command.on, days),
            panelists=command.panelists,
        )
    ]


@procedure(IssuePanelReport)
def issue_panel_report(
    command: IssuePanelReport, state: InstitutionalState, actor: Actor
) -> list[Event]:
    """The panel's report, recorded by the Secretariat; the Council's deadline starts."""
    authorise(command.procedure, actor)
    panel = _panel(state)
    dispute = dispute_of(state, command.dispute)
    if dispute.stage != "panel":
        raise WrongOrderError(
            N_("dispute {dispute} is at {current}; a report follows the panel stage"),
            value=command.dispute,
            params={"dispute": command.dispute, "current": words(dispute.stage)},
        )
    return [
        PanelReportIssued(
            valid_from=command.on,
            dispute=command.dispute,
            breach=command.breach,
            text=command.text,
            deadline=command.on + timedelta(days=panel.decision_days),
        )
    ]


@procedure(DecidePanelReport)
def decide_panel_report(
    command: DecidePanelReport, state: InstitutionalState, actor: Actor
) -> list[Event]:
    """The Council's decision on a panel report: rejected only if every member state asks to
    reject it (``positions`` are on rejecting); otherwise, and after the deadline, adopted."""
    authorise(command.procedure, actor)
    panel = _panel(state)
    dispute = dispute_of(state, command.dispute)
    if dispute.stage != "report":
        raise WrongOrderError(
            N_("dispute {dispute} is at {current}; the Council decides on a report"),
            value=command.dispute,
            params={"dispute": command.dispute, "current": words(dispute.stage)},
        )
    assert dispute.report is not None
    body = state.charter.body(panel.decided_by)
    if command.on > dispute.report.deadline:
        return [
            PanelReportDecided(
                valid_from=command.on,
                dispute=command.dispute,
                body=body.code,
                adopted=True,
                note=f"not rejected by {dispute.report.deadline}: adopted",
            )
        ]
    rejection = rule_from_spec(panel.reject_rule).evaluate(
        state.eligible(body.code), command.positions
    )
    return [
        PanelReportDecided(
            valid_from=command.on,
            dispute=command.dispute,
            body=body.code,
            adopted=not rejection.adopted,
            outcome=decision_record(rejection),
        )
    ]


@procedure(SettleDispute)
def settle_dispute(command: SettleDispute, state: InstitutionalState, actor: Actor) -> list[Event]:
    """The parties settle the dispute before a panel report (recorded by the Secretariat)."""
    authorise(command.procedure, actor)
    _rules(state)
    dispute = dispute_of(state, command.dispute)
    if dispute.stage not in ("consultations", "negotiations", "panel"):
        raise WrongOrderError(
            N_("dispute {dispute} is at {current}; it can no longer be settled"),
            value=command.dispute,
            params={"dispute": command.dispute, "current": words(dispute.stage)},
        )
    return [
        DisputeSettled(
            valid_from=command.on,
            dispute=command.dispute,
            stage=dispute.stage,
            text=command.text,
        )
    ]
