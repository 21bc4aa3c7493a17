"""Statuses from the status events alone equal statuses from the whole record.

``Record.statuses`` folds only ``STATUS_EVENTS`` (read through the ledger's index on the
type) so that "members on a date" stays fast on a ledger of millions of events. That is
correct only if no other event changes a status; these tests hold the two folds to the same
spells, pending grants and admission procedures on every date where anything happens, through
the reference history and through withdrawal, suspension, lifting and expulsion made by the
real procedures, on every ledger backend.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from comity.events import Status
from comity.ledger import Ledger
from comity.procedures import (
    Expel,
    LiftSuspension,
    MakeRepresentation,
    NotifyWithdrawal,
    Suspend,
    execute,
)
from comity.queries import members
from comity.record import Record, current_versions
from comity.state.fold import STATUS_EVENTS, InstitutionalState
from procedures.helpers import ALL_BUT_PAK, DAY


@pytest.fixture
def record(ledger: Ledger) -> Record:
    rec = Record(ledger)
    rec.load_reference()
    return rec


def _statuses(state: InstitutionalState) -> tuple[object, ...]:
    return (state.spells, state.pending_grants, state.admissions)


def _days(record: Record) -> list[date]:
    """Every date an event takes effect or is scheduled to, and the days either side."""
    found: set[date] = set()
    for event in record.current_events():
        for day in (event.valid_from, getattr(event, "effective", None)):
            if isinstance(day, date):
                found |= {day - timedelta(days=1), day, day + timedelta(days=1)}
    return sorted(found)


def _assert_same_statuses(record: Record) -> int:
    days = _days(record)
    for day in days:
        assert _statuses(record.statuses(day)) == _statuses(record.state(day)), day
    return len(days)


def test_the_reference_history_gives_the_same_statuses_either_way(record: Record) -> None:
    assert _assert_same_statuses(record) > 150
    # The Charter's founders on the day the Charter entered into force (2003-09-19), and the
    # nine members from Iran's admission (Astana... no: the New Delhi summit, 4 July 2023).
    assert [m["state"] for m in members(record.statuses(date(2023, 7, 4)))] == [
        "CHN", "IND", "IRN", "KAZ", "KGZ", "PAK", "RUS", "TJK", "UZB"
    ]  # fmt: skip


def test_measures_and_withdrawal_give_the_same_statuses_either_way(record: Record) -> None:
    execute(record, NotifyWithdrawal(on=date(2026, 3, 1), state="UZB"), "delegation:UZB")
    represent = MakeRepresentation(on=DAY, state="PAK", measure="suspension", grounds="x")
    execute(record, represent, "secretariat")
    execute(record, Suspend(on=DAY, state="PAK", positions=ALL_BUT_PAK), "secretariat")
    execute(record, LiftSuspension(on=date(2026, 9, 1), state="PAK"), "secretariat")
    execute(record, represent.model_copy(update={"on": date(2026, 10, 1)}), "secretariat")
    suspend = Suspend(on=date(2026, 10, 2), state="PAK", positions=ALL_BUT_PAK)
    execute(record, suspend, "secretariat")
    expulsion = MakeRepresentation(
        on=date(2027, 1, 1), state="PAK", measure="expulsion", grounds="x"
    )
    execute(record, expulsion, "secretariat")
    positions = {s: p for s, p in ALL_BUT_PAK.items() if s != "UZB"}
    expel = Expel(on=date(2027, 1, 2), state="PAK", positions=positions, effective=date(2027, 2, 1))
    execute(record, expel, "chair:CHS")
    _assert_same_statuses(record)
    assert record.statuses(date(2027, 2, 1)).status_of("PAK") is Status.EXPELLED
    assert record.statuses(date(2027, 3, 1)).status_of("UZB") is Status.WITHDRAWN
    assert record.statuses(date(2026, 7, 1)).status_of("PAK") is Status.SUSPENDED


def test_only_status_events_are_read(record: Record) -> None:
    read = record.ledger.events(types=STATUS_EVENTS)
    assert read
    assert {r.event.type for r in read} <= STATUS_EVENTS
    everything = current_versions(record.ledger.events())
    expected = [r for r in everything if r.event.type in STATUS_EVENTS]
    assert [r.event for r in current_versions(read)] == [r.event for r in expected]
    assert len(read) < len(everything) / 2
