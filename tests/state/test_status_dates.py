"""Official statuses on every boundary date, with the admission procedure beside them.

Issue #15: a state whose admission procedure runs keeps its status (the SCO knows member
states, observers, dialogue partners and, from Tianjin, partners; "applicant" is none of
them). Issue #24: dialogue partners from the Council's decision, with the memorandum recorded
as its own event. Each fact is checked on the day before and the day of its change, on the
reference history folded in memory and through ``Record.statuses`` (the status index) and
``Record.state`` on every ledger backend (memory, SQLite, PostgreSQL).
"""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

import pytest

from comity.charter import CharterDefinition, ParameterNode, load_charter
from comity.charters import charter_dir, read_yaml
from comity.events import (
    AccessionProcedureStarted,
    Status,
    StatusGranted,
    StatusMemorandumSigned,
    parse_event,
)
from comity.ledger import Ledger
from comity.ledger.codec import encode
from comity.queries import members, state_report
from comity.record import Record
from comity.reference import load_history
from comity.state import InstitutionalState, fold

HISTORY = load_history()
BY_ID = {e.id: e for e in HISTORY}
CHARTER = load_charter()
DAY = timedelta(days=1)


def at(day: date) -> InstitutionalState:
    return fold(CHARTER, HISTORY, day)


# (state, observer since, admission procedure started, admitted, sources): 04-membership.yaml
# and 05-statuses.yaml carry the sources in full.
ADMISSIONS = [
    # Astana, 5 July 2005 (Xinhua via China Daily, 6 July 2005); Ufa, 10 July 2015 (PRIME;
    # Xinhua); Astana, 9 June 2017 (SCO Secretariat, 9 June 2017).
    ("IND", date(2005, 7, 5), date(2015, 7, 10), date(2017, 6, 9)),
    ("PAK", date(2005, 7, 5), date(2015, 7, 10), date(2017, 6, 9)),
    # Dushanbe, 17 September 2021 (Sputnik via UrduPoint); New Delhi, 4 July 2023 (Sputnik).
    ("IRN", date(2005, 7, 5), date(2021, 9, 17), date(2023, 7, 4)),
    # Observer from Ufa, 10 July 2015 (Xinhua); Samarkand, 16 September 2022 (TASS);
    # Astana, 4 July 2024 (President of Russia, 4 July 2024).
    ("BLR", date(2015, 7, 10), date(2022, 9, 16), date(2024, 7, 4)),
]


@pytest.mark.parametrize(("state", "observer", "started", "admitted"), ADMISSIONS)
def test_an_observer_stays_an_observer_while_its_admission_procedure_runs(
    state: str, observer: date, started: date, admitted: date
) -> None:
    before = at(started - DAY)
    assert before.status_of(state) == "observer"
    assert before.admission(state) is None
    for day in (started, admitted - DAY):
        during = at(day)
        current = during.current(state)
        assert current is not None, day
        assert current.status == "observer", day
        assert current.start == observer, day
        procedure = during.admission(state)
        assert procedure is not None, day
        assert procedure.start == started, day
        assert procedure.started.id == f"sco.accession.{state.lower()}.procedure"
        # The rights in force are the observer's (Regulation on Observer Status, 2004).
        assert during.rights_of(state) == CHARTER.as_of(day).rights(current.status), day
    member = at(admitted)
    assert member.status_of(state) == "member"
    assert member.admission(state) is None
    [ended] = member.admissions[state]
    assert (ended.start, ended.end, ended.ended_by) == (started, admitted, "admission")


@pytest.mark.parametrize(
    ("day", "observers"),
    [
        # Ufa, 10 July 2015: Belarus an observer; India's and Pakistan's procedures started.
        (date(2015, 7, 9), ["AFG", "IND", "IRN", "MNG", "PAK"]),
        (date(2016, 1, 1), ["AFG", "BLR", "IND", "IRN", "MNG", "PAK"]),
        (date(2017, 6, 8), ["AFG", "BLR", "IND", "IRN", "MNG", "PAK"]),
        (date(2017, 6, 9), ["AFG", "BLR", "IRN", "MNG"]),
        # Iran an observer until its admission on 4 July 2023 (issue #15).
        (date(2022, 6, 1), ["AFG", "BLR", "IRN", "MNG"]),
        (date(2023, 7, 3), ["AFG", "BLR", "IRN", "MNG"]),
        (date(2023, 7, 4), ["AFG", "BLR", "MNG"]),
        (date(2024, 7, 3), ["AFG", "BLR", "MNG"]),
        (date(2024, 7, 4), ["AFG", "MNG"]),
    ],
)
def test_every_observer_is_listed_with_its_admission_beside_it(
    day: date, observers: list[str]
) -> None:
    state = at(day)
    rows = members(state, "observer")
    assert [r["state"] for r in rows] == observers
    in_admission = {s: p.start.isoformat() for s, p in state.in_admission().items()}
    assert {r["state"]: r["admission_since"] for r in rows if r["admission_since"]} == {
        s: d for s, d in in_admission.items() if s in observers
    }
    # The old "applicant" filter: the states in the procedure, with their official status.
    assert [(r["state"], r["status"]) for r in members(state, "applicant")] == [
        (s, "observer") for s in in_admission
    ]


def test_india_on_new_years_day_2016_is_an_observer_in_its_admission_procedure() -> None:
    # The case: the Ufa decision (10 July 2015) started India's admission procedure;
    # it did not end its observer status (Astana, 5 July 2005).
    report = state_report(at(date(2016, 1, 1)), "IND")
    assert (report["status"], report["since"]) == ("observer", "2005-07-05")
    assert report["admission"]["since"] == "2015-07-10"
    assert report["admission"]["place"] == "Ufa"
    # PRIME, 10 July 2015: the heads of state decided to start the procedure of admitting
    # India and Pakistan as members.
    assert report["admission"]["decision"] == (
        "Decision of the CHS on starting the procedure of admission of India and Pakistan as"
        " member states"
    )
    assert report["admission"]["body"] == "CHS"
    assert report["admission"]["memorandum_signed"] is None
    assert "memorandum of obligations" in report["outstanding_obligations"]
    # Tashkent, 24 June 2016: India's memorandum of obligations (Kazinform, 24 June 2016).
    signed = state_report(at(date(2016, 6, 24)), "IND")["admission"]
    assert signed["memorandum_signed"] == "2016-06-24"
    assert "memorandum of obligations" not in signed["outstanding_obligations"]
    assert state_report(at(date(2016, 6, 23)), "IND")["admission"]["memorandum_signed"] is None


# Dialogue partners: (state, decision, memorandum or None). The status runs from the decision
# (charter.yaml, statuses.dialogue_partner, with the Secretariat's count of 18 March 2016).
DIALOGUE_PARTNERS = [
    ("TUR", date(2012, 6, 7), date(2013, 4, 26)),  # Turkish MFA, 5 Feb 2013; PanARMENIAN
    ("KHM", date(2015, 7, 10), date(2015, 9, 24)),  # Xinhua; UzTAG, 26 Sep 2015
    ("AZE", date(2015, 7, 10), date(2016, 3, 14)),  # Xinhua; Azerbaijan's economy ministry
    ("NPL", date(2015, 7, 10), date(2016, 3, 22)),  # Xinhua; SCO Secretariat, 19 Aug 2020
    ("ARM", date(2015, 7, 10), date(2016, 4, 16)),  # Xinhua; Gazeta.uz (Uzbek MFA), 16 Apr 2016
    ("EGY", date(2021, 9, 17), date(2022, 9, 14)),  # Sputnik; Uzbek MFA via TASS, 14 Sep 2022
    ("QAT", date(2021, 9, 17), date(2022, 9, 14)),  # Sputnik; Qatar's MFA, 14 Sep 2022
    ("SAU", date(2021, 9, 17), date(2022, 9, 16)),  # Sputnik; SPA / Uzmetronom (day unsure)
]


@pytest.mark.parametrize(("state", "decided", "memorandum"), DIALOGUE_PARTNERS)
def test_dialogue_partners_run_from_the_decision_and_the_memorandum_is_recorded(
    state: str, decided: date, memorandum: date
) -> None:
    assert at(decided - DAY).status_of(state) is None
    current = at(decided).current(state)
    assert current is not None
    assert (current.status, current.start) == ("dialogue_partner", decided)
    assert isinstance(current.event, StatusGranted)
    memo_id = f"sco.status.{state.lower()}.dialogue_partner.memorandum"
    assert isinstance(BY_ID[memo_id], StatusMemorandumSigned)
    assert BY_ID[memo_id].valid_from == memorandum
    assert memo_id not in {e.id for e in at(memorandum - DAY).events}
    on = at(memorandum)
    assert memo_id in {e.id for e in on.events}
    # The memorandum leaves the status (and the day it began) as it was.
    assert on.current(state) == current


def test_the_charter_cites_the_regulation_for_when_dialogue_partner_status_runs() -> None:
    rules = CHARTER.as_of(date(2016, 1, 1)).statuses[Status.DIALOGUE_PARTNER]
    assert rules.runs_from == "decision"
    assert "sections 2.1.1-2.1.2" in rules.reference
    assert "rus.sectsco.org/20160318/70531.html" in rules.reference
    # No "applicant" status in the charter: the regulations know none.
    assert Status.APPLICANT not in CHARTER.as_of(date(2016, 1, 1)).statuses


def _memorandum_reading() -> CharterDefinition:
    """The reference charter with dialogue-partner status running from the memorandum."""
    data = read_yaml(charter_dir().joinpath("charter.yaml"))
    values = data["parameters"]["statuses"]["dialogue_partner"]["values"]
    values[date(2008, 8, 28)]["value"]["runs_from"] = "memorandum"
    return CharterDefinition("sco", data["name"], ParameterNode.load("", data["parameters"]), [])


@pytest.mark.parametrize(("state", "decided", "memorandum"), DIALOGUE_PARTNERS)
def test_the_other_reading_runs_from_the_memorandum_on_the_same_events(
    state: str, decided: date, memorandum: date
) -> None:
    # Both events are recorded, so the reading is the charter's parameter alone.
    charter = _memorandum_reading()
    decided_only = fold(charter, HISTORY, decided)
    assert decided_only.status_of(state) is None
    assert decided_only.pending_grants[state].valid_from == decided
    assert fold(charter, HISTORY, memorandum - DAY).status_of(state) is None
    current = fold(charter, HISTORY, memorandum).current(state)
    assert current is not None
    assert (current.status, current.start) == ("dialogue_partner", memorandum)


def test_the_other_reading_leaves_sri_lanka_without_status_for_want_of_a_memorandum_day() -> None:
    # Sri Lanka's memorandum (May 2010, secondary) has no known day and is not recorded
    # (05-statuses.yaml); under the memorandum reading its grant of 16 June 2009 stays pending.
    state = fold(_memorandum_reading(), HISTORY, date(2020, 1, 1))
    assert state.status_of("LKA") is None
    assert state.pending_grants["LKA"].valid_from == date(2009, 6, 16)
    assert at(date(2020, 1, 1)).status_of("LKA") == "dialogue_partner"


def test_laos_is_a_partner_from_the_tianjin_decision() -> None:
    # Tianjin, 1 September 2025: the decision on Laos (24.kg; Trend) and the merger into the
    # single "SCO partner" status (TASS, Tianjin Declaration), the same day.
    event = BY_ID["sco.status.lao.dialogue_partner.decision"]
    assert isinstance(event, StatusGranted)
    assert event.status == "partner"
    assert at(date(2025, 8, 31)).status_of("LAO") is None
    assert at(date(2025, 8, 31)).pending_grants.get("LAO") is None
    current = at(date(2025, 9, 1)).current("LAO")
    assert current is not None
    assert (current.status, current.start, current.event.id) == (
        "partner",
        date(2025, 9, 1),
        "sco.status.lao.dialogue_partner.decision",
    )


def _disagreements() -> list[dict[str, object]]:
    data = read_yaml(charter_dir().joinpath("history", "05-statuses.yaml"))
    found: list[dict[str, object]] = data["disagreements"]
    return found


def test_every_disagreement_names_recorded_events_and_the_date_recorded() -> None:
    entries = _disagreements()
    assert len(entries) >= 10
    for entry in entries:
        events = entry["events"]
        assert isinstance(events, list), entry
        assert events, entry
        for event_id in events:
            event = BY_ID[event_id]
            assert event.sources, event_id
        assert entry["recorded"], entry
        assert entry["other"], entry
        # Where the entry gives the date recorded, the named events carry it.
        day = re.match(r"(\d{4}-\d{2}-\d{2})", str(entry["recorded"]))
        if day:
            assert {BY_ID[e].valid_from.isoformat() for e in events} == {day.group(1)}, entry
        for source in entry.get("sources", []):  # type: ignore[attr-defined]
            assert {"title", "kind", "url"} <= set(source), source


# The same answers through the ledger, on every backend: the whole record and the status index.


@pytest.fixture
def record(ledger: Ledger) -> Record:
    rec = Record(ledger)
    rec.load_reference()
    return rec


def test_statuses_and_admissions_on_every_boundary_on_every_backend(record: Record) -> None:
    for state, _observer, started, admitted in ADMISSIONS:
        for day, status, since in (
            (started - DAY, "observer", None),
            (started, "observer", started.isoformat()),
            (admitted - DAY, "observer", started.isoformat()),
            (admitted, "member", None),
        ):
            for folded in (record.statuses(day), record.state(day)):
                row = next(r for r in members(folded, "all") if r["state"] == state)
                assert (row["status"], row["admission_since"]) == (status, since), (state, day)
    # Issue #15: members --as-of 2022-06-01 --status observer.
    observers = members(record.statuses(date(2022, 6, 1)), "observer")
    assert [(r["state"], r["admission_since"]) for r in observers] == [
        ("AFG", None),
        ("BLR", None),
        ("IRN", "2021-09-17"),
        ("MNG", None),
    ]
    for state, decided, _memorandum in DIALOGUE_PARTNERS:
        assert record.statuses(decided - DAY).status_of(state) is None
        assert record.statuses(decided).status_of(state) == "dialogue_partner"


# Tianjin, 1 September 2025 (TASS, text of the Tianjin Declaration; Interfax, 1 September 2025):
# the observers then, Afghanistan and Mongolia, and the fourteen dialogue partners become SCO
# partners; with Laos, seventeen (the Chinese foreign ministry via TASS).
BEFORE_TIANJIN = {
    "AFG": "observer",
    "MNG": "observer",
    **dict.fromkeys(
        [
            "ARE",
            "ARM",
            "AZE",
            "BHR",
            "EGY",
            "KHM",
            "KWT",
            "LKA",
            "MDV",
            "MMR",
            "NPL",
            "QAT",
            "SAU",
            "TUR",
        ],
        "dialogue_partner",
    ),
}


def test_the_tianjin_merger_makes_every_observer_and_dialogue_partner_a_partner() -> None:
    before = at(date(2025, 8, 31))
    held = {Status.OBSERVER, Status.DIALOGUE_PARTNER, Status.PARTNER}
    assert {s: spell.status for s, spell in before.with_status(held).items()} == BEFORE_TIANJIN
    on = at(date(2025, 9, 1))
    partners = on.with_status(held)
    assert set(partners) == {*BEFORE_TIANJIN, "LAO"}
    assert {spell.status for spell in partners.values()} == {"partner"}
    assert all(spell.start == date(2025, 9, 1) for spell in partners.values())


def test_stored_admission_events_read_and_encode_as_before() -> None:
    # Ledgers written before the admission procedure became a record of its own hold these
    # events; their payloads must read back and encode to the same bytes (so the same hashes).
    # The literal is what comity wrote at c87630b for the same event.
    stored = '{"body":"CHS","decision":null,"id":null,"note":null,"place":"Ufa","state":"IND"}'
    event = parse_event(
        {**json.loads(stored), "type": "AccessionProcedureStarted", "valid_from": "2015-07-10"}
    )
    assert isinstance(event, AccessionProcedureStarted)
    assert encode(event).payload == stored
    # "applicant" stays a value stored payloads may name, though nobody holds it as a status.
    assert Status("applicant") is Status.APPLICANT
    assert at(date(2016, 1, 1)).with_status({Status.APPLICANT}) == {}


def test_a_ledger_with_the_earlier_laos_event_takes_the_new_one_as_its_correction(
    ledger: Ledger,
) -> None:
    # The Laos decision was first recorded as a dialogue-partner grant; the same id now
    # records it under the single partner status (Tianjin, 1 September 2025).
    record = Record(ledger)
    laos = BY_ID["sco.status.lao.dialogue_partner.decision"]
    earlier = laos.model_copy(update={"status": Status.DIALOGUE_PARTNER})
    ledger.append([e if e.id != laos.id else earlier for e in HISTORY], actor="reference:sco")
    assert [e.id for e in record.missing_reference_events()] == [laos.id]
    assert record.load_reference() == 1
    current = record.statuses(date(2025, 9, 1)).current("LAO")
    assert current is not None
    assert current.event == laos
    assert (current.status, current.start) == ("partner", date(2025, 9, 1))
