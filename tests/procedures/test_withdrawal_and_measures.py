"""Withdrawal (Charter Art. 13: notice twelve months before) and suspension and expulsion
(Art. 13 on a representation of the CMFA; Art. 16: consensus minus one)."""

from __future__ import annotations

from datetime import date

import pytest

from comity.charter.rules import Position
from comity.errors import (
    ActorNotAllowedError,
    MalformedCommandError,
    NotAdoptedError,
    WrongDateError,
    WrongOrderError,
    WrongStatusError,
)
from comity.events import Status
from comity.procedures import (
    Expel,
    LiftSuspension,
    MakeRepresentation,
    NotifyWithdrawal,
    Suspend,
    execute,
    parse_command,
)
from comity.record import Record
from procedures.helpers import ALL_BUT_PAK, DAY, refused

NOTICE = date(2026, 3, 1)


def test_withdrawal_takes_effect_twelve_months_after_notice(record: Record) -> None:
    [recorded] = execute(record, NotifyWithdrawal(on=NOTICE, state="UZB"), "delegation:UZB")
    assert recorded.event.effective == date(2027, 3, 1)  # type: ignore[union-attr]
    assert recorded.actor == "delegation:UZB"
    before = record.state(date(2027, 2, 28))
    on = record.state(date(2027, 3, 1))
    assert before.status_of("UZB") is Status.WITHDRAWING
    assert "UZB" in before.members()  # still a member, with its obligations, until then
    assert "UZB" in before.documents["sco-charter"].parties
    assert on.status_of("UZB") is Status.WITHDRAWN
    assert "UZB" not in on.members()
    assert "UZB" not in on.documents["sco-charter"].parties
    # Obligations arising from participation survive the withdrawal (Art. 13).
    assert "shanghai-convention-2001" in on.withdrawals["UZB"].surviving


def test_a_later_date_of_withdrawal_may_be_given(memory_record: Record) -> None:
    record = memory_record
    command = NotifyWithdrawal(on=NOTICE, state="UZB", effective=date(2027, 12, 31))
    execute(record, command, "delegation:UZB")
    assert record.state(date(2027, 12, 30)).status_of("UZB") is Status.WITHDRAWING


def test_withdrawal_refusals_write_nothing(record: Record) -> None:
    refused(
        record, NotifyWithdrawal(on=NOTICE, state="UZB"), "delegation:KAZ", ActorNotAllowedError
    )
    refused(record, NotifyWithdrawal(on=NOTICE, state="UZB"), "secretariat", ActorNotAllowedError)
    refused(record, NotifyWithdrawal(on=NOTICE, state="MNG"), "delegation:MNG", WrongStatusError)
    late = NotifyWithdrawal(on=NOTICE, state="UZB", effective=date(2027, 2, 28))
    refused(record, late, "delegation:UZB", WrongDateError)
    # The Charter, and its withdrawal clause, entered into force on 2003-09-19.
    refused(
        record, NotifyWithdrawal(on=date(2003, 1, 1), state="UZB"), "delegation:UZB", WrongDateError
    )
    execute(record, NotifyWithdrawal(on=NOTICE, state="UZB"), "delegation:UZB")
    refused(
        record,
        NotifyWithdrawal(on=date(2026, 4, 1), state="UZB"),
        "delegation:UZB",
        WrongOrderError,
    )
    with pytest.raises(MalformedCommandError):
        parse_command(NotifyWithdrawal, {"on": "2026-03-01", "state": "UZBEK"})


def test_suspension_by_consensus_minus_one_on_a_cmfa_representation(record: Record) -> None:
    grounds = "systematic failure to meet obligations (hypothetical)"
    execute(
        record,
        MakeRepresentation(on=DAY, state="PAK", measure="suspension", grounds=grounds),
        "chair:CMFA",
    )
    # The state concerned objects: its objection does not count.
    positions = {**ALL_BUT_PAK, "PAK": Position.OBJECTION}
    [recorded] = execute(
        record, Suspend(on=date(2026, 7, 2), state="PAK", positions=positions), "chair:CHS"
    )
    outcome = recorded.event.outcome  # type: ignore[union-attr]
    assert outcome.adopted
    assert (outcome.rule, outcome.concerned) == ("consensus_minus_one", "PAK")
    state = record.state(date(2026, 7, 2))
    assert state.status_of("PAK") is Status.SUSPENDED
    assert "PAK" not in state.eligible("CHS")
    assert "PAK" in state.members()  # suspended, still a member state in law


def test_suspension_refusals_write_nothing(record: Record) -> None:
    positions = {**ALL_BUT_PAK, "PAK": Position.OBJECTION}
    suspend = Suspend(on=DAY, state="PAK", positions=positions)
    refused(record, suspend, "secretariat", WrongOrderError)  # no representation
    grounds = "hypothetical"
    represent = MakeRepresentation(on=DAY, state="PAK", measure="suspension", grounds=grounds)
    refused(record, represent, "delegation:IND", ActorNotAllowedError)
    refused(record, represent, "chair:CHS", ActorNotAllowedError)
    observer = MakeRepresentation(on=DAY, state="MNG", measure="suspension", grounds=grounds)
    refused(record, observer, "secretariat", WrongStatusError)
    early = MakeRepresentation(
        on=date(2003, 1, 1), state="KAZ", measure="suspension", grounds=grounds
    )
    refused(record, early, "secretariat", WrongDateError)
    execute(record, represent, "secretariat")
    refused(record, represent, "secretariat", WrongOrderError)  # pending already
    refused(record, suspend, "delegation:PAK", ActorNotAllowedError)
    one_more = Suspend(on=DAY, state="PAK", positions={**positions, "IND": Position.OBJECTION})
    error = refused(record, one_more, "chair:CHS", NotAdoptedError)
    assert "objection by IND" in error.message
    expel = Expel(on=DAY, state="PAK", positions=positions)
    refused(record, expel, "secretariat", WrongStatusError)  # not suspended
    with pytest.raises(MalformedCommandError):
        parse_command(Suspend, {"on": "2026-07-01", "state": "PAK", "positions": {"CHN": "maybe"}})


def test_expulsion_of_a_suspended_member_from_the_date_fixed(record: Record) -> None:
    grounds = "hypothetical"
    positions = dict(ALL_BUT_PAK)
    execute(
        record,
        MakeRepresentation(on=DAY, state="PAK", measure="suspension", grounds=grounds),
        "secretariat",
    )
    execute(record, Suspend(on=DAY, state="PAK", positions=positions), "secretariat")
    execute(
        record,
        MakeRepresentation(on=date(2027, 1, 1), state="PAK", measure="expulsion", grounds=grounds),
        "secretariat",
    )
    early = Expel(on=date(2027, 1, 2), state="PAK", positions=positions, effective=date(2027, 1, 1))
    refused(record, early, "chair:CHS", WrongDateError)
    command = Expel(
        on=date(2027, 1, 2), state="PAK", positions=positions, effective=date(2027, 2, 1)
    )
    execute(record, command, "chair:CHS")
    assert record.state(date(2027, 1, 31)).status_of("PAK") is Status.SUSPENDED
    expelled = record.state(date(2027, 2, 1))
    assert expelled.status_of("PAK") is Status.EXPELLED
    assert "PAK" not in expelled.documents["sco-charter"].parties


def test_lifting_a_suspension_restores_membership(memory_record: Record) -> None:
    record = memory_record
    execute(
        record,
        MakeRepresentation(on=DAY, state="PAK", measure="suspension", grounds="x"),
        "secretariat",
    )
    execute(record, Suspend(on=DAY, state="PAK", positions=ALL_BUT_PAK), "secretariat")
    refused(record, LiftSuspension(on=DAY, state="IND"), "secretariat", WrongStatusError)
    execute(record, LiftSuspension(on=date(2027, 1, 1), state="PAK"), "secretariat")
    assert record.state(date(2027, 1, 1)).status_of("PAK") is Status.MEMBER
