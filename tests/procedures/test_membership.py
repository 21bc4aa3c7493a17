"""Status grants and admission, end to end on every backend, and the real enlargements
replayed through the procedures."""

from __future__ import annotations

from datetime import date

import pytest

from comity.errors import (
    ActorNotAllowedError,
    MalformedCommandError,
    WrongDateError,
    WrongOrderError,
    WrongStatusError,
)
from comity.events import Instrument, Status
from comity.ledger import Ledger
from comity.procedures import (
    Admit,
    ApplyForMembership,
    ApplyForStatus,
    DepositInstrument,
    GrantStatus,
    SignObligationsMemorandum,
    SignStatusMemorandum,
    StartAdmission,
    execute,
    parse_command,
)
from comity.queries import state_report
from comity.record import Record
from comity.reference import load_history
from comity.state import fold
from procedures.helpers import REPLAYED, load_without_admissions, refused


def test_partner_status_applied_granted_and_memorandum_signed(record: Record) -> None:
    # A hypothetical application after Tianjin (2025-09-01), when "partner" is the one status.
    execute(
        record,
        ApplyForStatus(on=date(2025, 10, 1), state="VNM", status="partner"),
        "delegation:VNM",
    )
    execute(record, GrantStatus(on=date(2026, 6, 16), state="VNM", status="partner"), "chair:CHS")
    execute(
        record,
        SignStatusMemorandum(on=date(2026, 9, 1), state="VNM", status="partner"),
        "secretariat",
    )
    assert record.state(date(2026, 6, 15)).status_of("VNM") is None
    # The status runs from the Council's decision (charter: runs_from decision).
    assert record.state(date(2026, 6, 16)).status_of("VNM") is Status.PARTNER
    actors = [r.actor for r in record.ledger.events()[-3:]]
    assert actors == ["delegation:VNM", "chair:CHS", "secretariat"]


def test_status_refusals_write_nothing(record: Record) -> None:
    day = date(2025, 10, 1)
    refused(
        record,
        ApplyForStatus(on=day, state="VNM", status="partner"),
        "delegation:CHN",
        ActorNotAllowedError,
    )
    refused(
        record,
        ApplyForStatus(on=day, state="CHN", status="partner"),
        "delegation:CHN",
        WrongStatusError,
    )
    refused(
        record, GrantStatus(on=day, state="VNM", status="partner"), "secretariat", WrongOrderError
    )
    # Observer status was merged into "partner" at Tianjin; none before the 2004 Regulation.
    refused(
        record,
        ApplyForStatus(on=day, state="VNM", status="observer"),
        "secretariat",
        WrongDateError,
    )
    refused(
        record,
        ApplyForStatus(on=date(2003, 1, 1), state="VNM", status="observer"),
        "secretariat",
        WrongDateError,
    )
    refused(
        record,
        SignStatusMemorandum(on=day, state="VNM", status="partner"),
        "secretariat",
        WrongOrderError,
    )
    with pytest.raises(MalformedCommandError):
        parse_command(ApplyForStatus, {"on": "2025-10-01", "state": "VNM", "status": "member"})


def test_admission_steps_and_outstanding_obligations(record: Record) -> None:
    # Mongolia, an observer since 2004, through a hypothetical admission.
    execute(record, ApplyForMembership(on=date(2026, 1, 15), state="MNG"), "delegation:MNG")
    execute(record, StartAdmission(on=date(2026, 6, 16), state="MNG"), "secretariat")
    applicant = record.state(date(2026, 6, 16))
    # Still a partner (an observer until the Tianjin merger): the procedure runs beside it.
    assert applicant.status_of("MNG") is Status.PARTNER
    procedure = applicant.admission("MNG")
    assert procedure is not None
    assert procedure.start == date(2026, 6, 16)
    report = state_report(applicant, "MNG")["admission"]
    assert (report["applied"], report["since"]) == ("2026-01-15", "2026-06-16")
    refused(
        record, StartAdmission(on=date(2026, 7, 1), state="MNG"), "secretariat", WrongOrderError
    )
    assert applicant.outstanding_obligations("MNG") == [
        "memorandum of obligations",
        "accession to sco-charter",
        "accession to good-neighbourliness-treaty-2007",
        "accession to shanghai-convention-2001",
        "accession to rats-agreement-2002",
    ]
    refused(record, Admit(on=date(2026, 7, 1), state="MNG"), "secretariat", WrongOrderError)
    execute(record, SignObligationsMemorandum(on=date(2026, 9, 1), state="MNG"), "secretariat")
    for doc in ("sco-charter", "good-neighbourliness-treaty-2007", "shanghai-convention-2001"):
        execute(
            record,
            DepositInstrument(
                on=date(2026, 12, 1), document=doc, state="MNG", instrument=Instrument.ACCESSION
            ),
            "delegation:MNG",
        )
    error = refused(record, Admit(on=date(2027, 1, 1), state="MNG"), "chair:CHS", WrongOrderError)
    assert "accession to rats-agreement-2002" in error.message
    execute(
        record,
        DepositInstrument(
            on=date(2027, 2, 1),
            document="rats-agreement-2002",
            state="MNG",
            instrument=Instrument.ACCESSION,
        ),
        "delegation:MNG",
    )
    execute(record, Admit(on=date(2027, 6, 15), state="MNG"), "chair:CHS")
    member = record.state(date(2027, 6, 15))
    assert member.status_of("MNG") is Status.MEMBER
    assert member.admission("MNG") is None
    assert [(p.start, p.end, p.ended_by) for p in member.admissions["MNG"]] == [
        (date(2026, 6, 16), date(2027, 6, 15), "admission")
    ]
    assert "MNG" in member.documents["sco-charter"].parties


def test_admission_refusals_write_nothing(record: Record) -> None:
    day = date(2026, 1, 15)
    refused(record, ApplyForMembership(on=day, state="MNG"), "delegation:KAZ", ActorNotAllowedError)
    refused(record, ApplyForMembership(on=day, state="KAZ"), "delegation:KAZ", WrongStatusError)
    refused(record, StartAdmission(on=day, state="MNG"), "secretariat", WrongOrderError)
    refused(record, SignObligationsMemorandum(on=day, state="MNG"), "secretariat", WrongStatusError)
    # No admission procedure before the Regulation of 11 June 2010.
    refused(
        record,
        ApplyForMembership(on=date(2009, 1, 1), state="MNG"),
        "delegation:MNG",
        WrongDateError,
    )
    with pytest.raises(MalformedCommandError):
        parse_command(Admit, {"on": "2026-13-01", "state": "MNG"})
    with pytest.raises(MalformedCommandError):
        parse_command(Admit, {"on": "2026-01-01", "state": "MNG", "votes": 3})


# The real enlargements: (state, application, procedure started, memorandum, admitted).
# The procedure, memorandum and admission dates are those of the reference history
# (04-membership.yaml, with sources). The applications' days were not confirmed (India:
# Dushanbe summit, September 2014; Pakistan: 2010; Iran: 2008; Belarus: July 2022), nor the
# days of the accession instruments; both are placed where the order of the steps needs them.
ENLARGEMENTS = [
    ("IND", date(2014, 9, 12), date(2015, 7, 10), date(2016, 6, 24), date(2017, 6, 9)),
    ("PAK", date(2010, 6, 11), date(2015, 7, 10), date(2016, 6, 24), date(2017, 6, 9)),
    ("IRN", date(2010, 6, 11), date(2021, 9, 17), date(2022, 9, 15), date(2023, 7, 4)),
    ("BLR", date(2022, 7, 1), date(2022, 9, 16), date(2023, 7, 4), date(2024, 7, 4)),
]


def test_replaying_the_real_admissions_gives_the_reference_dates(ledger: Ledger) -> None:
    record = load_without_admissions(ledger)
    for state, applied, started, memorandum, admitted in ENLARGEMENTS:
        delegation = f"delegation:{state}"
        execute(record, ApplyForMembership(on=applied, state=state), delegation)
        execute(record, StartAdmission(on=started, state=state), "chair:CHS")
        execute(record, SignObligationsMemorandum(on=memorandum, state=state), "secretariat")
        for doc in record.definition.as_of(admitted).procedures.admission.documents:  # type: ignore[union-attr]
            execute(
                record,
                DepositInstrument(
                    on=admitted, document=doc, state=state, instrument=Instrument.ACCESSION
                ),
                delegation,
            )
        execute(record, Admit(on=admitted, state=state), "chair:CHS")
    day = date(2025, 12, 31)
    replayed = record.state(day)
    reference = fold(record.definition, load_history(), day)
    for state, *_ in ENLARGEMENTS:
        assert [(s.status, s.start, s.end) for s in replayed.spells[state]] == [
            (s.status, s.start, s.end) for s in reference.spells[state]
        ], state
    assert list(replayed.members()) == list(reference.members())
    assert {s: [(p.start, p.end) for p in replayed.admissions[s]] for s in REPLAYED} == {
        s: [(p.start, p.end) for p in reference.admissions[s]] for s in REPLAYED
    }
    assert record.ledger.verify().ok
