"""The SCO's treaty base on the dates it changed: entry into force, who may join each treaty,
and the later members' accessions (history 02, 09 and 10; charter.yaml, final_clauses and
admission). Each fact is tested the day before and the day of the change."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

import pytest

from comity import queries
from comity.charter import CharterDefinition, load_charter
from comity.events import EnteredIntoForce, Event, Instrument, InstrumentDeposited, StateAdmitted
from comity.procedures.membership import missing_accessions
from comity.reference import load_history
from comity.state import InstitutionalState, fold

DEFINITION: CharterDefinition = load_charter()
HISTORY = load_history()
DAY = timedelta(days=1)


@cache
def at(day: date) -> InstitutionalState:
    return fold(DEFINITION, HISTORY, day)


def row(day: date, doc: str) -> dict[str, object]:
    [found] = [r for r in queries.party_statuses(at(day)) if r["id"] == doc]
    return found


def status(day: date, doc: str, state: str) -> str | None:
    record = at(day).documents.get(doc)
    return at(day).party_status(record, state) if record else None


# --- Entry into force -----------------------------------------------------------------------


def test_rats_agreement_in_force_by_the_launch_of_rats() -> None:
    # The day was not found: the Agreement was in force at the latest when RATS was launched in
    # Tashkent on 17 June 2004 (Xinhua via China News Service), the bound comity records.
    launch = date(2004, 6, 17)
    assert row(launch - DAY, "rats-agreement-2002")["stage"] == "in force: unknown"
    assert row(launch, "rats-agreement-2002")["stage"] == "in force"
    assert at(launch).documents["rats-agreement-2002"].in_force == launch
    assert status(launch, "rats-agreement-2002", "KAZ") == "party"


def test_rats_agreement_is_open_to_accession_after_entry_into_force() -> None:
    # Its final clauses (charter.yaml, final_clauses): never "open for signature".
    for day in (date(2002, 6, 7), date(2004, 6, 17), date(2024, 7, 5)):
        assert row(day, "rats-agreement-2002")["participation"] == (
            "open to accession after entry into force"
        )


def test_privileges_and_immunities_convention_in_force_4_october_2007() -> None:
    # Kazakhstan's legal database: "Вступила в силу 4 октября 2007 года" (zakon.kz).
    eif = date(2007, 10, 4)
    assert row(eif - DAY, "privileges-immunities-convention-2004")["stage"] == "in force: unknown"
    assert row(eif, "privileges-immunities-convention-2004")["stage"] == "in force"


def test_convention_on_countering_extremism_signed_at_astana_and_in_force_for_russia() -> None:
    # Signed in Astana on 9 June 2017 (Kazakhstan, Law No. 303-VI); in force for Russia on
    # 12 October 2019 (Russian MFA, 8 November 2019). No other party's date was found.
    signed, eif = date(2017, 6, 9), date(2019, 10, 12)
    doc = "sco-convention-countering-extremism-2017"
    assert doc not in at(signed - DAY).documents
    assert row(signed, doc)["stage"] == "in force: unknown"
    assert status(signed, doc, "KAZ") == "signed"
    assert status(eif - DAY, doc, "RUS") == "signed"
    assert status(eif, doc, "RUS") == "party"
    assert status(eif, doc, "KAZ") == "signed"
    assert row(eif, doc)["participation"] == "open to accession"


def test_the_2003_protocol_is_on_record_and_its_entry_into_force_unknown() -> None:
    # Signed in Tashkent on 5 September 2003 (docs.cntd.ru); its entry into force not found.
    signed = date(2003, 9, 5)
    assert "charter-protocol-2003" not in at(signed - DAY).documents
    assert row(signed, "charter-protocol-2003")["stage"] == "in force: unknown"
    assert row(date(2024, 7, 5), "charter-protocol-2003")["stage"] == "in force: unknown"
    assert row(signed, "charter-protocol-2003")["participation"] == "closed"


def test_missing_treaties_are_on_the_record_with_their_signature() -> None:
    # Signature dates from the member states' legal databases (09-treaty-base.yaml).
    signed = {
        "privileges-immunities-convention-2004": date(2004, 6, 17),
        "drug-trafficking-agreement-2004": date(2004, 6, 17),
        "rats-data-bank-agreement-2004": date(2004, 6, 17),
        "joint-antiterrorist-measures-agreement-2006": date(2006, 6, 15),
        "joint-military-exercises-agreement-2007": date(2007, 6, 27),
        "rats-agreement-protocol-2007": date(2007, 8, 16),
        "joint-antiterrorist-exercises-agreement-2008": date(2008, 8, 28),
        "information-security-agreement-2009": date(2009, 6, 16),
        "road-transport-agreement-2014": date(2014, 9, 12),
        "sco-convention-countering-extremism-2017": date(2017, 6, 9),
    }
    for doc, day in signed.items():
        assert doc not in at(day - DAY).documents, doc
        assert at(day).documents[doc].signed == day, doc


# --- Stages from the final clauses ----------------------------------------------------------


@pytest.mark.parametrize("doc", ["s5-cbm-agreement-1996", "s5-reduction-agreement-1997"])
def test_shanghai_five_agreements_are_closed(doc: str) -> None:
    # Between China and the "Joint Party" of Kazakhstan, Kyrgyzstan, Russia and Tajikistan
    # (CIS Legislation, text of the 1997 Agreement); their entry into force is not recorded.
    for day in (date(2001, 6, 15), date(2024, 7, 5)):
        assert row(day, doc)["participation"] == "closed"
        assert row(day, doc)["stage"] == "in force: unknown"


@pytest.mark.parametrize("doc", ["sco-declaration-2001", "s5-uzbekistan-accession-statement-2001"])
def test_declarations_are_not_treaties(doc: str) -> None:
    assert row(date(2001, 6, 15), doc)["stage"] == "not a treaty"
    assert row(date(2001, 6, 15), doc)["participation"] == "not a treaty"


@pytest.mark.parametrize(
    "day", [date(2002, 6, 7), date(2010, 1, 1), date(2017, 6, 9), date(2025, 12, 31)]
)
def test_no_reference_treaty_shows_open_for_signature(day: date) -> None:
    # "Open for signature" is the procedure's stage (DocumentOpenedForSignature), not a default.
    assert all(r["stage"] != "open for signature" for r in queries.party_statuses(at(day)))


def test_matrix_api_and_csv_carry_the_same_stage() -> None:
    grid = queries.status_matrix(at(date(2024, 7, 5)))
    listed = {d["id"]: d for d in queries.documents(at(date(2024, 7, 5)))}
    for doc in grid["documents"]:
        if doc in listed:
            assert grid["stage"][doc] == listed[doc]["stage"]
            assert grid["participation"][doc] == listed[doc]["participation"]
    header = queries.status_matrix_csv(grid).splitlines()[0]
    assert header.startswith("document,stage,participation,")


# --- The later members' accessions ----------------------------------------------------------

CORE = (
    "sco-charter",
    "good-neighbourliness-treaty-2007",
    "shanghai-convention-2001",
    "rats-agreement-2002",
)


@pytest.mark.parametrize(
    ("state", "acceded"),
    [
        # India: announced at the Astana summit, 9 June 2017 (Jagran Josh).
        ("IND", date(2017, 6, 9)),
        # Pakistan: federal cabinet, 26 May 2017 (APP).
        ("PAK", date(2017, 5, 26)),
        # Iran: the Majlis, 27 November 2022 (IFP News).
        ("IRN", date(2022, 11, 27)),
        # Belarus: the accession law, published 13 July 2023 (BelTA; Sputnik).
        ("BLR", date(2023, 7, 13)),
    ],
)
def test_later_members_accede_to_the_treaty_base(state: str, acceded: date) -> None:
    for doc in (*CORE, "sco-convention-against-terrorism-2009"):
        assert status(acceded - DAY, doc, state) is None, doc
        assert status(acceded, doc, state) in ("party", "deposited"), doc
        deposit = at(acceded).documents[doc].deposits[state]
        assert deposit == (acceded, Instrument.ACCESSION), doc


@pytest.mark.parametrize(
    ("state", "admitted"),
    [
        ("IND", date(2017, 6, 9)),
        ("PAK", date(2017, 6, 9)),
        ("IRN", date(2023, 7, 4)),
        ("BLR", date(2024, 7, 4)),
    ],
)
def test_matrix_on_the_admission_day_shows_the_accessions(state: str, admitted: date) -> None:
    grid = queries.status_matrix(at(admitted))
    for doc in (*CORE, "sco-convention-against-terrorism-2009"):
        assert grid["matrix"][doc][state] == "party", doc
    # The Charter binds a state from its admission (Art. 13), not from its instrument.
    assert status(admitted - DAY, "sco-charter", state) in (None, "deposited")


def before_admission(state: str, day: date, *, accessions: bool = True) -> InstitutionalState:
    """The record on the day of ``state``'s admission as the final decision finds it: without
    the admission itself (and, to show the check can fail, without its instruments)."""
    events = [
        e
        for e in HISTORY
        if not (isinstance(e, StateAdmitted) and e.state == state)
        and (accessions or not (isinstance(e, InstrumentDeposited) and e.state == state))
    ]
    return fold(DEFINITION, events, day)


@pytest.mark.parametrize(
    ("state", "day"),
    [
        ("IND", date(2017, 6, 9)),
        ("PAK", date(2017, 6, 9)),
        ("IRN", date(2023, 7, 4)),
        ("BLR", date(2024, 7, 4)),
    ],
)
def test_the_reference_admissions_pass_the_accession_check(state: str, day: date) -> None:
    assert missing_accessions(before_admission(state, day), state) == []


def test_without_its_accessions_an_admission_would_be_refused() -> None:
    # The check can fail: the same history less Iran's instruments misses every one of them.
    missing = missing_accessions(before_admission("IRN", date(2023, 7, 4), accessions=False), "IRN")
    assert missing[:4] == list(CORE)
    assert "sco-convention-countering-extremism-2017" in missing


def test_an_accession_binds_after_the_delay_of_the_final_clauses() -> None:
    # Road-transport agreement, Art. 23: for an acceding member state in force 30 days after
    # the depositary receives its instrument (ГАРАНТ). Its general entry into force was not
    # found; a hypothetical one (2016-01-01) and a deposit show the delay the clause sets.
    doc = "road-transport-agreement-2014"
    events: list[Event] = [
        *HISTORY,
        EnteredIntoForce(valid_from=date(2016, 1, 1), document=doc),
        InstrumentDeposited(
            valid_from=date(2026, 3, 1), document=doc, state="MNG", instrument="accession"
        ),
    ]
    bound = date(2026, 3, 1) + timedelta(days=30)
    assert "MNG" not in fold(DEFINITION, events, bound - DAY).documents[doc].parties
    assert fold(DEFINITION, events, bound).documents[doc].parties["MNG"] == bound
