"""Helpers for tests that run a meeting through a served comity: the charter's quorum
(charter.yaml, bodies.*.quorum: all member states present and heard) before an item closes."""

from __future__ import annotations

from datetime import date

from comity.charter.rules import Position
from comity.ledger import open_ledger
from comity.procedures import RecordAttendance, StatePosition, execute
from comity.record import Record


def all_present_and_heard(
    ledger_url: str, meeting: str, item: str, day: date, *, silent: tuple[str, ...] = ()
) -> tuple[str, ...]:
    """Record every member state taking part as present, and support from each that has not
    spoken on ``item`` (except ``silent``), through the procedures on the served ledger.
    Returns the member states taking part."""
    with open_ledger(ledger_url) as ledger:
        record = Record(ledger)
        state = record.state(day)
        held = state.meeting_records[meeting]
        eligible = state.eligible(held.convened.body)
        roll = RecordAttendance(on=day, meeting=meeting, present=eligible)
        execute(record, roll, "secretariat")
        spoken = held.items[item].positions
        for member in eligible:
            if member not in spoken and member not in silent:
                command = StatePosition(
                    on=day, meeting=meeting, item=item, state=member, position=Position.SUPPORT
                )
                execute(record, command, f"delegation:{member}")
        return eligible
