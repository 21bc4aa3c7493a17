"""ASEAN's reference history, folded, against facts from cited sources.

The second organisation comity carries: loaded by the same loader and validated by the same
models as the SCO's (comity.reference.load_history, comity.charter.load_charter). Each change
is checked on the day before and on the day itself, so an off-by-one in the data or the fold
fails. Sources are those of src/comity/charters/asean/history/*.yaml, named in each row.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from comity.charter import load_charter
from comity.charter.treaties import EntryIntoForceCondition
from comity.events import EnteredIntoForce, InstrumentDeposited, Status
from comity.ledger import MemoryLedger
from comity.record import Record
from comity.reference import load_history
from comity.state import InstitutionalState, fold

HISTORY = load_history("asean")
CHARTER = load_charter("asean")
FOUNDERS = {"IDN", "MYS", "PHL", "SGP", "THA"}


def at(day: date) -> InstitutionalState:
    return fold(CHARTER, HISTORY, day)


# (states admitted, first day as members, source)
ADMISSIONS = [
    (
        FOUNDERS,
        date(1967, 8, 8),
        "ASEAN Declaration, Bangkok, 8 August 1967 (ASEAN, 'ASEAN Origins')",
    ),
    # Brunei: 7 January 1984 (Business in ASEAN; VOI); 8 January in the ASEAN-Japan Centre's
    # outline. comity uses the 7th (the note on asean.admission.brn).
    ({"BRN"}, date(1984, 1, 7), "Business in ASEAN, Introduction to ASEAN; VOI, 7 January 2023"),
    ({"VNM"}, date(1995, 7, 28), "ASEAN-Japan Centre, Outline of ASEAN; VietnamPlus"),
    ({"LAO", "MMR"}, date(1997, 7, 23), "ASEAN-Japan Centre, Outline of ASEAN"),
    ({"KHM"}, date(1999, 4, 30), "ASEAN-Japan Centre, Outline of ASEAN"),
    # Declaration on the Admission of Timor-Leste, 47th ASEAN Summit (IANS, VNA, 26 Oct 2025).
    ({"TLS"}, date(2025, 10, 26), "Declaration on the Admission of Timor-Leste, 26 October 2025"),
]


def _members_before(day: date) -> set[str]:
    return set().union(*(states for states, first, _ in ADMISSIONS if first < day))


@pytest.mark.parametrize(("states", "first", "source"), ADMISSIONS)
def test_members_on_the_day_before_and_the_day_of_each_admission(
    states: set[str], first: date, source: str
) -> None:
    before = set(at(first - timedelta(days=1)).members())
    on = set(at(first).members())
    assert before == _members_before(first), source
    assert on == _members_before(first) | states, source
    assert not states & before
    day = at(first)
    if first > date(1976, 2, 24):
        # Every state admitted after 1976 was a party to the Treaty of Amity and Cooperation by
        # the day of its admission (table of parties: Brunei on 7 January 1984, Vietnam and
        # Laos 1992, Cambodia and Myanmar 1995, Timor-Leste 2007).
        assert states <= set(day.documents["tac-1976"].parties), source
    if first >= date(2008, 12, 15):
        # Charter Art. 6(4): admitted upon acceding to the Charter, bound from that day.
        assert {day.documents["asean-charter"].parties[s] for s in states} == {first}


def test_ten_members_from_cambodia_to_timor_leste_and_eleven_after() -> None:
    # ASEAN-10 from 30 April 1999; the first enlargement since then is Timor-Leste's.
    assert len(at(date(1999, 4, 30)).members()) == 10
    assert len(at(date(2025, 10, 25)).members()) == 10
    assert len(at(date(2025, 10, 26)).members()) == 11


def test_brunei_date_records_the_disagreement() -> None:
    admitted = next(e for e in HISTORY if e.id == "asean.admission.brn")
    assert admitted.valid_from == date(1984, 1, 7)
    assert admitted.note is not None
    assert "8 January" in admitted.note
    assert any("January 8, 1984" in s.title for s in admitted.sources)


def test_timor_leste_observer_then_member() -> None:
    # ASEAN Leaders' Statement, Phnom Penh, 11 November 2022: observer status and admission
    # in principle; Chairman's Statement of the 46th Summit (26-27 May 2025): decision to
    # admit at the 47th; Declaration on the Admission, 26 October 2025.
    assert at(date(2022, 11, 10)).status_of("TLS") is None
    on = at(date(2022, 11, 11))
    assert on.status_of("TLS") is Status.OBSERVER
    assert on.admission("TLS") is not None  # the admission procedure runs beside the status
    decided = at(date(2025, 5, 26))
    assert decided.status_of("TLS") is Status.OBSERVER  # a decision to admit later
    assert "chair-statement-46th-summit-2025" in decided.documents
    assert at(date(2025, 10, 25)).status_of("TLS") is Status.OBSERVER
    admitted = at(date(2025, 10, 26))
    assert admitted.status_of("TLS") is Status.MEMBER
    assert admitted.admission("TLS") is None
    assert [s.status for s in admitted.spells["TLS"]] == [Status.OBSERVER, Status.MEMBER]


def test_observers_have_no_part_in_decisions() -> None:
    state = at(date(2024, 1, 1))
    assert "TLS" not in state.eligible("SUMMIT")
    assert set(state.eligible("SUMMIT")) == _members_before(date(2025, 10, 26))
    assert "TLS" in at(date(2025, 10, 26)).eligible("SUMMIT")


def test_bodies_before_and_after_the_charter() -> None:
    # Bangkok Declaration para. 3: the annual Ministerial Meeting; Charter Arts. 7-12 from its
    # entry into force on 15 December 2008.
    before = CHARTER.as_of(date(2008, 12, 14))
    assert set(before.bodies) == {"AMM", "SUMMIT"}
    assert before.constitution is None
    after = CHARTER.as_of(date(2008, 12, 15))
    assert set(after.bodies) == {"SUMMIT", "ACC", "APSCC", "AECC", "ASCCC", "SMB", "SEC", "CPR"}
    assert after.constitution == "asean-charter"
    assert after.body("summit").decision_rule == {"rule": "consensus"}  # Art. 20(1)
    assert after.body("SEC").seat == "Jakarta"
    assert after.procedures.admission is not None
    assert after.procedures.admission.decided_by == "SUMMIT"  # Art. 6(3)
    assert after.procedures.admission.memorandum is False
    # No withdrawal, suspension or expulsion clause in the ASEAN Charter.
    assert after.procedures.withdrawal is None
    assert after.procedures.suspension is None
    assert after.procedures.expulsion is None
    assert set(after.statuses) == {Status.MEMBER, Status.OBSERVER, Status.GUEST}


def test_charter_signature_ratifications_and_entry_into_force() -> None:
    assert "asean-charter" not in at(date(2007, 11, 19)).documents
    signed = at(date(2007, 11, 20)).documents["asean-charter"]
    assert signed.signed == date(2007, 11, 20)
    assert len(signed.signatories) == 10
    assert at(date(2008, 12, 14)).documents["asean-charter"].in_force is None
    record = at(date(2008, 12, 15)).documents["asean-charter"]
    assert record.in_force == date(2008, 12, 15)
    assert set(record.parties) == FOUNDERS | {"BRN", "VNM", "LAO", "MMR", "KHM"}
    # Timor-Leste is bound from its admission (Art. 6(4): upon its accession to the Charter).
    assert "TLS" not in at(date(2025, 10, 25)).documents["asean-charter"].parties
    assert at(date(2025, 10, 26)).documents["asean-charter"].parties["TLS"] == date(2025, 10, 26)


def test_entry_into_force_computed_from_the_deposits_matches_the_record() -> None:
    # Art. 47(4): the thirtieth day following the tenth deposit. With Thailand's deposit of
    # 15 November 2008 (the Secretariat's date) that is 15 December; with Bernama's 14 November
    # it would be 14 December, which is why comity keeps the Secretariat's date.
    without = [
        e for e in HISTORY if not isinstance(e, EnteredIntoForce) or e.document != "asean-charter"
    ]
    computed = fold(CHARTER, without, date(2009, 1, 1)).documents["asean-charter"]
    assert computed.recorded_in_force is None
    assert computed.computed_in_force == date(2008, 12, 15)
    deposits = {
        e.state: e.valid_from
        for e in HISTORY
        if isinstance(e, InstrumentDeposited) and e.document == "asean-charter"
    }
    assert len(deposits) == 10
    assert deposits["THA"] == date(2008, 11, 15)
    condition = EntryIntoForceCondition(instruments=10, days_after=30)
    bernama = condition.apply({**deposits, "THA": date(2008, 11, 14)})
    assert bernama.general == date(2008, 12, 14)


# Accessions to the Treaty of Amity and Cooperation of states outside ASEAN (table of parties,
# Wikipedia; the United States on 22 July 2009: Secretary Clinton's signature).
TAC_OUTSIDERS = [
    ("PNG", date(1989, 7, 6)),
    ("CHN", date(2003, 10, 8)),
    ("IND", date(2003, 10, 8)),
    ("PAK", date(2004, 7, 2)),
    ("RUS", date(2004, 11, 29)),
    ("USA", date(2009, 7, 22)),
    ("IRN", date(2018, 8, 1)),
]


@pytest.mark.parametrize(("state", "first"), TAC_OUTSIDERS)
def test_treaty_of_amity_has_non_members_as_parties(state: str, first: date) -> None:
    before = at(first - timedelta(days=1))
    on = at(first)
    assert state not in before.documents["tac-1976"].parties
    assert on.documents["tac-1976"].parties[state] == first
    assert on.party_status(on.documents["tac-1976"], state) == "party"
    assert state not in on.members()  # a High Contracting Party, not a member


def test_treaty_of_amity_founders_and_sco_members_among_its_parties() -> None:
    parties = at(date(2025, 12, 31)).documents["tac-1976"].parties
    assert {s for s, d in parties.items() if d == date(1976, 2, 24)} == FOUNDERS
    # SCO member states that are High Contracting Parties (of those in the table read).
    assert {"CHN", "IND", "IRN", "PAK", "RUS"} <= set(parties)
    # The table lists the 5 founders and 34 states that acceded to November 2022, 6 of them
    # ASEAN members later (the European Union, a party from 2012, is not a state): counted by
    # hand from the table.
    assert len(parties) == 39
    assert len(set(parties) - set(at(date(2025, 12, 31)).members())) == 28


@pytest.mark.parametrize(
    ("day", "person"),
    [
        (date(2008, 1, 1), "Surin Pitsuwan"),
        (date(2012, 12, 31), "Surin Pitsuwan"),
        (date(2013, 1, 1), "Le Luong Minh"),
        (date(2018, 1, 1), "Lim Jock Hoi"),
        (date(2023, 1, 1), "Kao Kim Hourn"),
    ],
)
def test_secretaries_general(day: date, person: str) -> None:
    # ASEAN 2023 (Kominfo), "ASEAN Secretary-Generals from Time to Time".
    holder = at(day).office_holder("secretary_general")
    assert holder is not None
    assert holder.person == person


def test_every_event_is_sourced_and_named_for_asean() -> None:
    assert all(e.sources for e in HISTORY)
    assert all(e.id and e.id.startswith("asean.") for e in HISTORY)


def test_a_record_of_asean_loads_and_answers() -> None:
    record = Record(MemoryLedger(), "asean")
    assert record.load_reference() == len(HISTORY)
    assert record.load_reference() == 0  # idempotent
    members = record.statuses(date(1997, 7, 23)).members()
    assert set(members) == FOUNDERS | {"BRN", "VNM", "LAO", "MMR"}


def test_the_sco_stays_the_default() -> None:
    assert load_charter().name == "Shanghai Cooperation Organisation"
    assert not any(e.id and e.id.startswith("asean.") for e in load_history())


def test_summits_since_the_charter() -> None:
    # The 14th Summit (Cha-am Hua Hin, 27 February - 1 March 2009) is the first under the
    # Charter (in force 15 December 2008); the 47th opened on 26 October 2025 in Kuala Lumpur.
    state = at(date(2025, 12, 31))
    after = [m for m in state.meetings if m.body == "SUMMIT" and m.valid_from >= date(2008, 12, 15)]
    assert after[0].meeting == "summit-14"
    assert after[0].chair == "THA"
    last = state.last_meeting("SUMMIT")
    assert last is not None
    assert (last.meeting, last.valid_from, last.place) == (
        "summit-47",
        date(2025, 10, 26),
        "Kuala Lumpur",
    )


def test_translations_cover_every_body_and_source_every_cited_name() -> None:
    from comity.i18n import names

    table = names.table("asean")
    bodies = {
        code
        for day in (date(2008, 12, 14), date(2008, 12, 15))
        for code in CHARTER.as_of(day).bodies
    }
    assert bodies <= set(table["bodies"])
    cited = {
        entry.get(key)
        for section in ("statuses", "bodies", "documents", "places")
        for entry in table[section].values()
        for key in ("source", "source_ru", "source_zh")
    }
    assert cited - {None} <= set(table["sources"])


@pytest.mark.parametrize(
    ("day", "observers"),
    [
        (date(2022, 11, 10), set()),
        (date(2022, 11, 11), {"TLS"}),  # ASEAN Leaders' Statement, Phnom Penh
        (date(2025, 10, 25), {"TLS"}),
        (date(2025, 10, 26), set()),  # admitted: Declaration on the Admission
    ],
)
def test_observers_on_the_boundary_dates(day: date, observers: set[str]) -> None:
    # Papua New Guinea's observer status (from 1976, no day in the sources read) is not in
    # the record: cow_comparison.yaml.
    assert set(at(day).with_status([Status.OBSERVER])) == observers
