"""Withdrawal (SCO Charter Art. 13): a member gives written notice to the depositary "not
later than twelve months before the date of withdrawal". From the notice it is *withdrawing*
(still a member, with its rights and obligations); from the effective date, *withdrawn*. The
obligations that arose from its participation bind it "until they are completely fulfilled"
(:attr:`comity.state.WithdrawalRecord.surviving`).
"""

from __future__ import annotations

from datetime import date

from comity.charter.model import Right
from comity.dates import add_months
from comity.errors import WrongDateError, WrongOrderError, WrongStatusError
from comity.events import Event, Status, WithdrawalNotified
from comity.i18n import N_, Term
from comity.procedures.actors import Actor, authorise
from comity.procedures.base import Command, procedure
from comity.state import InstitutionalState
from comity.states import StateCode


class NotifyWithdrawal(Command):
    procedure = "notify_withdrawal"
    state: StateCode
    effective: date | None = None  # default: the earliest date the notice period allows


@procedure(NotifyWithdrawal)
def notify_withdrawal(
    command: NotifyWithdrawal, state: InstitutionalState, actor: Actor
) -> list[Event]:
    """A member notifies the depositary of its withdrawal."""
    authorise(command.procedure, actor, state=command.state)
    rules = state.charter.procedures.withdrawal
    if rules is None:
        raise WrongDateError(
            N_("the charter provides no withdrawal on {day}"),
            value=command.on.isoformat(),
            params={"day": command.on},
        )
    current = state.status_of(command.state)
    if current is Status.WITHDRAWING:
        notice = state.withdrawals[command.state]
        raise WrongOrderError(
            N_("{state} gave notice on {day}, effective {effective}; a notice is given once"),
            value=command.state,
            params={"state": command.state, "day": notice.notified, "effective": notice.effective},
        )
    if current is None or Right.WITHDRAW not in state.charter.rights(current):
        shown = current or Term(N_("no status"))
        raise WrongStatusError(
            N_("{state} is {current} on {day}; only a member state may withdraw"),
            value=command.state,
            params={"state": command.state, "current": shown, "day": command.on},
        )
    overdue = state.overdue(command.state) if rules.settle_obligations else []
    if overdue:
        raise WrongOrderError(
            N_(
                "{state} has overdue obligations on {day} ({overdue}); under the charter in force"
                " they are settled (reported implemented) before a notice of withdrawal is"
                " accepted"
            ),
            value=command.state,
            params={"state": command.state, "day": command.on, "overdue": ", ".join(overdue)},
        )
    earliest = add_months(command.on, rules.notice_months)
    effective = command.effective or earliest
    if effective < earliest:
        raise WrongDateError(
            N_(
                "notice is due {months} months before the withdrawal: given on {day}, it takes"
                " effect on {earliest} at the earliest, not {effective}"
            ),
            value=effective.isoformat(),
            params={
                "months": rules.notice_months,
                "day": command.on,
                "earliest": earliest,
                "effective": effective,
            },
        )
    return [
        WithdrawalNotified(
            valid_from=command.on,
            state=command.state,
            effective=effective,
            depositary=rules.depositary,
        )
    ]
