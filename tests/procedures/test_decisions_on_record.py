"""The record refuses the implausible (issue #22, part 3): an act that rests on a body's
decision names that decision, or the outside source it is recorded from; an event dated
after today is refused unless marked as scheduled."""

from __future__ import annotations

from datetime import date

import pytest

from comity.errors import (
    DecisionNotOnRecordError,
    FutureDateError,
    MalformedCommandError,
)
from comity.events import (
    AccessionProcedureStarted,
    Source,
    StateAdmitted,
    StatusGranted,
)
from comity.procedures import (
    ApplyForMembership,
    ApplyForStatus,
    CloseItem,
    ConveneMeeting,
    GrantStatus,
    StartAdmission,
    StatePosition,
    TableItem,
    execute,
    parse_command,
)
from comity.record import Record
from comity.reference import load_history
from procedures.helpers import all_present_and_heard, refused

# A hypothetical summit of the Council of Heads of State at Bishkek, 15-16 June 2026, after
# Vietnam applied for partner status (the one status from Tianjin, 1 September 2025).
SUMMIT = "chs-2026-bishkek"
DAY = date(2026, 6, 16)
#: A fixed "today" for the tests, so that none depends on the day it runs.
TODAY = date(2026, 7, 1)
GRANT = GrantStatus(on=DAY, state="VNM", status="partner")
OUTSIDE = Source(
    title="Hypothetical communiqué of the Bishkek summit (test scenario)",
    kind="secondary",
    url="https://example.org/communique",
)


def _apply(record: Record) -> None:
    execute(
        record, ApplyForStatus(on=date(2025, 10, 1), state="VNM", status="partner"), "secretariat"
    )


def _summit(record: Record, *, item: str = "vnm-partner", objection: bool = False) -> None:
    execute(
        record,
        ConveneMeeting(
            on=date(2026, 6, 15), meeting=SUMMIT, body="CHS", place="Bishkek", ends_on=DAY
        ),
        "secretariat",
    )
    title = "Granting Vietnam the status of partner"
    execute(record, TableItem(on=DAY, meeting=SUMMIT, item=item, title=title), "chair:CHS")
    if objection:
        execute(
            record,
            StatePosition(on=DAY, meeting=SUMMIT, item=item, state="IND", position="objection"),
            "delegation:IND",
        )
    all_present_and_heard(record, SUMMIT, item, DAY)
    execute(record, CloseItem(on=DAY, meeting=SUMMIT, item=item), "chair:CHS")


def test_a_grant_naming_no_decision_is_refused(record: Record) -> None:
    _apply(record)
    # The secretariat alone, on a day with no meeting of the Council: the case of the issue.
    error = refused(record, GRANT, "secretariat", DecisionNotOnRecordError)
    assert error.params["body"] == "CHS"
    assert "--meeting" in error.message
    assert "--source-title" in error.message


def test_a_grant_naming_the_adopted_item_carries_the_reference(record: Record) -> None:
    _apply(record)
    _summit(record)
    command = GRANT.model_copy(update={"meeting": SUMMIT, "item": "vnm-partner"})
    [recorded] = execute(record, command, "secretariat")
    event = recorded.event
    assert isinstance(event, StatusGranted)
    assert (event.meeting, event.item) == (SUMMIT, "vnm-partner")
    # The place and the decision's title come from the meeting and the item.
    assert event.place == "Bishkek"
    assert event.decision == "Granting Vietnam the status of partner"
    assert record.state(DAY).status_of("VNM") == "partner"


def test_references_that_do_not_hold_are_refused(record: Record) -> None:
    _apply(record)
    _summit(record, objection=True)  # India objects: consensus fails (Charter Art. 16)
    for meeting, item, fragment in [
        ("chs-2099-nowhere", "vnm-partner", "no meeting"),
        (SUMMIT, "no-such-item", "was not closed"),
        (SUMMIT, "vnm-partner", "was not adopted"),
    ]:
        command = GRANT.model_copy(update={"meeting": meeting, "item": item})
        error = refused(record, command, "secretariat", DecisionNotOnRecordError)
        assert fragment in error.message, error.message


def test_a_decision_of_another_day_or_body_does_not_hold(record: Record) -> None:
    _apply(record)
    _summit(record)
    later = GrantStatus(
        on=date(2026, 6, 20), state="VNM", status="partner", meeting=SUMMIT, item="vnm-partner"
    )
    error = refused(record, later, "secretariat", DecisionNotOnRecordError)
    assert "adopted on 2026-06-16, not on 2026-06-20" in error.message
    execute(
        record,
        ConveneMeeting(on=DAY, meeting="cmfa-2026", body="CMFA", place="Bishkek"),
        "secretariat",
    )
    execute(record, TableItem(on=DAY, meeting="cmfa-2026", item="vnm", title="VNM"), "secretariat")
    all_present_and_heard(record, "cmfa-2026", "vnm", DAY)
    execute(record, CloseItem(on=DAY, meeting="cmfa-2026", item="vnm"), "secretariat")
    other = GRANT.model_copy(update={"meeting": "cmfa-2026", "item": "vnm"})
    error = refused(record, other, "secretariat", DecisionNotOnRecordError)
    assert "meeting of CMFA; this is decided by CHS" in error.message


def test_an_act_recorded_from_an_outside_source_carries_it(record: Record) -> None:
    _apply(record)
    [recorded] = execute(record, GRANT.model_copy(update={"source": OUTSIDE}), "secretariat")
    assert recorded.event.sources == (OUTSIDE,)
    stored = record.ledger.events()[-1].event
    assert stored.sources == (OUTSIDE,)


def test_admission_steps_rest_on_decisions_too(record: Record) -> None:
    execute(record, ApplyForMembership(on=date(2026, 1, 15), state="MNG"), "secretariat")
    refused(record, StartAdmission(on=DAY, state="MNG"), "secretariat", DecisionNotOnRecordError)
    [started] = execute(record, StartAdmission(on=DAY, state="MNG", source=OUTSIDE), "secretariat")
    assert isinstance(started.event, AccessionProcedureStarted)


def test_meeting_and_item_are_named_together() -> None:
    with pytest.raises(MalformedCommandError):
        parse_command(
            GrantStatus, {"on": "2026-06-16", "state": "VNM", "status": "partner", "meeting": "m"}
        )


def test_the_reference_history_records_every_such_decision_with_its_sources() -> None:
    # The reference history is loaded as events, not through the procedures: each of these
    # acts carries its sources (02-statuses.yaml, 04-membership.yaml...), and nothing here
    # changes a byte of it (the new fields are left out of the payload when empty).
    acts = [
        e
        for e in load_history()
        if isinstance(e, StatusGranted | AccessionProcedureStarted | StateAdmitted)
    ]
    assert len(acts) > 30
    assert all(e.sources for e in acts)
    assert all("meeting" not in e.model_dump(mode="json") for e in acts)


def test_an_event_after_today_is_refused_unless_scheduled(record: Record) -> None:
    convene = ConveneMeeting(
        on=date(2026, 9, 1), meeting="cmfa-2026-09", body="CMFA", place="Dushanbe"
    )
    before = (record.ledger.count(), record.ledger.head())
    with pytest.raises(FutureDateError) as caught:
        execute(record, convene, "secretariat", today=TODAY)
    assert "2026-09-01 is after today (2026-07-01)" in caught.value.message
    assert (record.ledger.count(), record.ledger.head()) == before
    # Today itself, and any earlier day, are fine.
    execute(record, convene.model_copy(update={"on": TODAY}), "secretariat", today=TODAY)
    scheduled = convene.model_copy(update={"meeting": "cmfa-2026-10", "scheduled": True})
    [recorded] = execute(record, scheduled, "secretariat", today=TODAY)
    assert recorded.event.scheduled
    # The flag is recorded: in the stored payload, and read back.
    assert record.ledger.events()[-1].event.scheduled
    assert "scheduled" in recorded.event.model_dump(mode="json")


def test_unscheduled_events_keep_their_stored_form(record: Record) -> None:
    [recorded] = execute(
        record,
        ConveneMeeting(on=TODAY, meeting="cmfa-2026-07", body="CMFA", place="Dushanbe"),
        "secretariat",
        today=TODAY,
    )
    assert not recorded.event.scheduled
    assert "scheduled" not in recorded.event.model_dump(mode="json")
