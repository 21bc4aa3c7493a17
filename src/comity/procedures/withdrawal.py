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
            f"the charter provides no withdrawal on {command.on}", value=command.on.isoformat()
        )
    current = state.status_of(command.state)
    if current is Status.WITHDRAWING:
        notice = state.withdrawals[command.state]
        raise WrongOrderError(
            f"{command.state} gave notice on {notice.notified}, effective {notice.effective}; "
            "a notice is given once",
            value=command.state,
        )
    if current is None or Right.WITHDRAW not in state.charter.rights(current):
        shown = current.value.replace("_", " ") if current else "no status"
        raise WrongStatusError(
            f"{command.state} is {shown} on {command.on}; only a member state may withdraw",
            value=command.state,
        )
    overdue = state.overdue(command.state) if rules.settle_obligations else []
    if overdue:
        raise WrongOrderError(
            f"{command.state} has overdue obligations on {command.on} "
            f"({', '.join(overdue)}); under the charter in force they are settled (reported "
            "implemented) before a notice of withdrawal is accepted",
            value=command.state,
        )
    earliest = add_months(command.on, rules.notice_months)
    effective = command.effective or earliest
    if effective < earliest:
        raise WrongDateError(
            f"notice is due {rules.notice_months} months before the withdrawal: given on "
            f"{command.on}, it takes effect on {earliest} at the earliest, not {effective}",
            value=effective.isoformat(),
        )
    return [
        WithdrawalNotified(
            valid_from=command.on,
            state=command.state,
            effective=effective,
            depositary=rules.depositary,
        )
    ]
