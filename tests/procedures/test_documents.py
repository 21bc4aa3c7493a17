"""The life of a document: adoption, signature, deposits, entry into force by its own clause
(general and per party), reservations and objections, denunciation, the status matrix."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from comity import queries
from comity.charter import load_charter
from comity.charter.rules import Position
from comity.errors import (
    ActorNotAllowedError,
    MalformedCommandError,
    UnknownDocumentError,
    WrongDateError,
    WrongOrderError,
    WrongStatusError,
)
from comity.events import Instrument, InstrumentDeposited, ReservationMade, ReservationObjected
from comity.procedures import (
    CloseItem,
    ConveneMeeting,
    Denounce,
    DepositInstrument,
    DraftDocument,
    MakeReservation,
    ObjectToReservation,
    OpenForSignature,
    SignDocument,
    StatePosition,
    TableItem,
    execute,
    parse_command,
)
from comity.record import Record
from comity.reference import load_history
from comity.state import fold
from procedures.helpers import all_present_and_heard, refused

DOC = "energy-2026"
ADOPTED = date(2026, 6, 16)
CLAUSE = {"instruments": 2, "days_after": 30, "denunciation_months": 6}


def adopt(record: Record) -> None:
    meeting = "chs-2026-bishkek"
    execute(
        record,
        ConveneMeeting(
            on=date(2026, 6, 15), meeting=meeting, body="CHS", place="Bishkek", ends_on=ADOPTED
        ),
        "secretariat",
    )
    draft = DraftDocument(id=DOC, title="Agreement on energy cooperation", kind="agreement")
    execute(
        record,
        TableItem(
            on=date(2026, 6, 15), meeting=meeting, item="energy", title="Energy", document=draft
        ),
        "secretariat",
    )
    execute(
        record,
        StatePosition(
            on=ADOPTED, meeting=meeting, item="energy", state="CHN", position=Position.SUPPORT
        ),
        "delegation:CHN",
    )
    all_present_and_heard(record, meeting, "energy", ADOPTED)
    execute(record, CloseItem(on=ADOPTED, meeting=meeting, item="energy"), "chair:CHS")


def sign(record: Record, state: str, day: date = ADOPTED) -> None:
    execute(record, SignDocument(on=day, document=DOC, state=state), f"delegation:{state}")


def deposit(record: Record, state: str, day: date) -> None:
    execute(record, DepositInstrument(on=day, document=DOC, state=state), f"delegation:{state}")


def test_entry_into_force_follows_the_documents_own_clause(record: Record) -> None:
    adopt(record)
    execute(
        record,
        OpenForSignature(
            on=ADOPTED, document=DOC, depositary="Secretariat", entry_into_force=CLAUSE
        ),
        "secretariat",
    )
    for state in ("CHN", "KAZ", "RUS"):
        sign(record, state)
    deposit(record, "CHN", date(2026, 9, 1))
    deposit(record, "KAZ", date(2026, 10, 1))  # the second instrument: in force 30 days later
    deposit(record, "RUS", date(2027, 1, 15))  # later: bound from its deposit
    assert record.state(date(2026, 10, 30)).documents[DOC].in_force is None
    state = record.state(date(2027, 1, 15))
    doc = state.documents[DOC]
    assert doc.in_force == date(2026, 10, 31)
    assert doc.parties == {
        "CHN": date(2026, 10, 31),
        "KAZ": date(2026, 10, 31),
        "RUS": date(2027, 1, 15),
    }
    assert state.party_status(doc, "RUS") == "party"
    assert state.party_status(record.state(date(2026, 12, 1)).documents[DOC], "RUS") == "signed"
    [row] = [r for r in queries.party_statuses(state) if r["id"] == DOC]
    assert row["stage"] == "in force"
    assert row["adopted_in"] == "chs-2026-bishkek/energy"


def test_reservations_objections_and_denunciation(record: Record) -> None:
    adopt(record)
    execute(
        record, OpenForSignature(on=ADOPTED, document=DOC, entry_into_force=CLAUSE), "secretariat"
    )
    for state in ("CHN", "IND", "PAK"):
        sign(record, state)
    reservation = MakeReservation(
        on=ADOPTED,
        document=DOC,
        state="IND",
        reservation="ind-1",
        text="Art. 3 applies subject to national law",
    )
    execute(record, reservation, "delegation:IND")
    execute(
        record,
        ObjectToReservation(on=date(2026, 7, 1), document=DOC, reservation="ind-1", state="PAK"),
        "delegation:PAK",
    )
    deposit(record, "CHN", date(2026, 8, 1))
    deposit(record, "PAK", date(2026, 8, 1))
    [notice] = execute(
        record, Denounce(on=date(2027, 1, 10), document=DOC, state="PAK"), "delegation:PAK"
    )
    assert notice.event.effective == date(2027, 7, 10)  # type: ignore[union-attr]
    before, after = record.state(date(2027, 7, 9)), record.state(date(2027, 7, 10))
    assert before.party_status(before.documents[DOC], "PAK") == "denouncing"
    assert after.party_status(after.documents[DOC], "PAK") == "denounced"
    assert "PAK" not in after.documents[DOC].parties
    [row] = [r for r in queries.party_statuses(after) if r["id"] == DOC]
    assert row["reservations"][0]["objections"] == ["PAK"]
    assert row["reservations"][0]["void"] is False  # Art. 24 voids reservations to the Charter
    grid = queries.status_matrix(after)
    assert grid["matrix"][DOC]["PAK"] == "denounced"
    assert grid["matrix"][DOC]["IND"] == "signed"
    assert grid["matrix"]["sco-charter"]["KAZ"] == "party"
    rows = list(csv.reader(io.StringIO(queries.status_matrix_csv(grid))))
    assert rows[0] == ["document", "stage", "participation", *grid["states"]]
    assert [r[0] for r in rows[1:]] == grid["documents"]


def test_document_refusals_write_nothing(record: Record) -> None:
    refused(record, OpenForSignature(on=ADOPTED, document=DOC), "secretariat", UnknownDocumentError)
    adopt(record)
    refused(
        record,
        SignDocument(on=ADOPTED, document=DOC, state="CHN"),
        "delegation:CHN",
        WrongOrderError,
    )
    bad_clause = OpenForSignature(on=ADOPTED, document=DOC, entry_into_force={"instruments": 0})
    refused(record, bad_clause, "secretariat", MalformedCommandError)
    refused(
        record, OpenForSignature(on=ADOPTED, document=DOC), "delegation:CHN", ActorNotAllowedError
    )
    execute(
        record, OpenForSignature(on=ADOPTED, document=DOC, entry_into_force=CLAUSE), "secretariat"
    )
    refused(
        record,
        SignDocument(on=ADOPTED, document=DOC, state="MNG"),
        "delegation:MNG",
        WrongStatusError,
    )
    refused(
        record,
        SignDocument(on=ADOPTED, document=DOC, state="CHN"),
        "delegation:RUS",
        ActorNotAllowedError,
    )
    unsigned = DepositInstrument(on=date(2026, 9, 1), document=DOC, state="CHN")
    refused(record, unsigned, "delegation:CHN", WrongOrderError)
    sign(record, "CHN")
    sign(record, "KAZ")
    refused(
        record,
        SignDocument(on=ADOPTED, document=DOC, state="CHN"),
        "delegation:CHN",
        WrongOrderError,
    )
    accede = DepositInstrument(
        on=date(2026, 9, 1), document=DOC, state="CHN", instrument=Instrument.ACCESSION
    )
    refused(record, accede, "delegation:CHN", WrongOrderError)
    deposit(record, "CHN", date(2026, 9, 1))
    deposit(record, "KAZ", date(2026, 9, 1))
    refused(record, unsigned, "delegation:CHN", WrongOrderError)  # deposited already
    early = Denounce(on=date(2027, 1, 1), document=DOC, state="KAZ", effective=date(2027, 3, 1))
    refused(record, early, "delegation:KAZ", WrongDateError)
    refused(
        record,
        Denounce(on=date(2027, 1, 1), document=DOC, state="RUS"),
        "delegation:RUS",
        WrongStatusError,
    )
    charter = Denounce(on=date(2027, 1, 1), document="sco-charter", state="KAZ")
    refused(record, charter, "delegation:KAZ", WrongOrderError)  # leave it by withdrawing
    no_reservation = ObjectToReservation(on=ADOPTED, document=DOC, reservation="x", state="KAZ")
    refused(record, no_reservation, "delegation:KAZ", WrongOrderError)
    with pytest.raises(MalformedCommandError):
        parse_command(
            MakeReservation,
            {
                "on": "2026-06-16",
                "document": DOC,
                "state": "IND",
                "reservation": "Bad Id",
                "text": "t",
            },
        )


def test_a_reservation_to_the_charter_is_void_on_objection_by_two_thirds_of_members() -> None:
    # Charter Art. 24. On 2023-08-01 there are nine member states: six objections are two thirds.
    history = load_history()
    day = date(2023, 8, 1)
    extra = [
        InstrumentDeposited(
            valid_from=date(2023, 7, 4), document="sco-charter", state="IRN", instrument="accession"
        ),
        ReservationMade(
            valid_from=date(2023, 7, 4),
            document="sco-charter",
            state="IRN",
            reservation="irn-1",
            text="hypothetical",
        ),
    ]
    objectors = ["CHN", "IND", "KAZ", "KGZ", "PAK", "RUS"]
    for count in (5, 6):
        objections = [
            ReservationObjected(
                valid_from=day, document="sco-charter", reservation="irn-1", state=s
            )
            for s in objectors[:count]
        ]
        state = fold(load_charter(), [*history, *extra, *objections], day)
        assert len(state.members()) == 9
        record = state.documents["sco-charter"]
        assert state.reservation_void(record, record.reservations["irn-1"]) is (count == 6)
