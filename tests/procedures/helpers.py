"""Helpers for the procedure tests: replaying the enlargements, checking refusals."""

from __future__ import annotations

from datetime import date
from functools import cache

import pytest

from comity.charter.rules import Position
from comity.errors import ComityError
from comity.events import Event
from comity.ledger import Ledger
from comity.procedures import Command, RecordAttendance, StatePosition, execute
from comity.record import Record, reference_actor
from comity.reference import load_history

#: The day of the measures scenarios (suspension, expulsion), and every member state but
#: Pakistan supporting a measure concerning Pakistan.
DAY = date(2026, 7, 1)
ALL_BUT_PAK = {
    s: Position.SUPPORT for s in ("BLR", "CHN", "IND", "IRN", "KAZ", "KGZ", "RUS", "TJK", "UZB")
}

#: Admission events of the reference history, left out when the admissions are replayed.
REPLAYED = ("IND", "PAK", "IRN", "BLR")


@cache
def history_without_admissions() -> tuple[Event, ...]:
    return tuple(
        e
        for e in load_history()
        if not (
            (e.id or "").startswith(("sco.accession.", "sco.admission."))
            and getattr(e, "state", None) in REPLAYED
        )
    )


def load_without_admissions(ledger: Ledger) -> Record:
    """The reference history minus the steps of the four enlargements, to replay them."""
    rec = Record(ledger)
    events = list(history_without_admissions())
    for start in range(0, len(events), 60):
        ledger.append(events[start : start + 60], actor=reference_actor("sco"))
    return rec


def refused(
    record: Record,
    command: Command,
    actor: str,
    error: type[ComityError],
    *,
    reforms: tuple[str, ...] = (),
) -> ComityError:
    """Run ``command`` (under ``reforms``), expect ``error``, and check the ledger is exactly
    as it was."""
    before = (record.ledger.count(), record.ledger.head())
    with pytest.raises(error) as caught:
        execute(record, command, actor, reforms=reforms)
    assert (record.ledger.count(), record.ledger.head()) == before
    return caught.value


def all_present_and_heard(record: Record, meeting: str, item: str, day: date) -> None:
    """The roll call of every member state taking part on ``day``, and support from each one
    that has not spoken on ``item``: what the charter's quorum needs before an item closes
    (charter.yaml, bodies.*.quorum)."""
    state = record.state(day)
    record_meeting = state.meeting_records[meeting]
    eligible = state.eligible(record_meeting.convened.body)
    execute(record, RecordAttendance(on=day, meeting=meeting, present=eligible), "secretariat")
    spoken = record_meeting.items[item].positions
    for member in eligible:
        if member not in spoken:
            command = StatePosition(
                on=day, meeting=meeting, item=item, state=member, position=Position.SUPPORT
            )
            execute(record, command, f"delegation:{member}")
