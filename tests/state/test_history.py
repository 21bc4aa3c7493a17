"""The SCO's reference history, folded, against facts from cited sources.

Each row below is checked on the day before and on the day of the change, so an off-by-one
in the data or the fold fails. Summit declarations are the SCO's own record of the decisions
taken that day; dates were cross-checked against the Secretariat's news items.
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest

from comity.charter import load_charter
from comity.events import StateAdmitted, Status
from comity.reference import load_history
from comity.state import InstitutionalState, fold

HISTORY = load_history()
CHARTER = load_charter()
FOUNDERS = {"CHN", "KAZ", "KGZ", "RUS", "TJK", "UZB"}


def at(day: date) -> InstitutionalState:
    return fold(CHARTER, HISTORY, day)


# (state, status, first day, source)
TRANSITIONS = [
    *[
        (
            s,
            Status.MEMBER,
            date(2001, 6, 15),
            "Declaration on the Establishment of the SCO, Shanghai, 15 June 2001",
        )
        for s in FOUNDERS
    ],
    ("MNG", Status.OBSERVER, date(2004, 6, 17), "Tashkent Declaration, CHS, 17 June 2004"),
    ("IND", Status.OBSERVER, date(2005, 7, 5), "Astana Declaration, CHS, 5 July 2005"),
    ("PAK", Status.OBSERVER, date(2005, 7, 5), "Astana Declaration, CHS, 5 July 2005"),
    ("IRN", Status.OBSERVER, date(2005, 7, 5), "Astana Declaration, CHS, 5 July 2005"),
    (
        "LKA",
        Status.DIALOGUE_PARTNER,
        date(2009, 6, 16),
        "Yekaterinburg Declaration, CHS, 16 June 2009 (memorandum signed 2010)",
    ),
    (
        "BLR",
        Status.DIALOGUE_PARTNER,
        date(2009, 6, 16),
        "Yekaterinburg Declaration, CHS, 16 June 2009",
    ),
    ("AFG", Status.OBSERVER, date(2012, 6, 7), "Beijing Declaration, CHS, 7 June 2012"),
    ("TUR", Status.DIALOGUE_PARTNER, date(2012, 6, 7), "Beijing Declaration, CHS, 7 June 2012"),
    ("BLR", Status.OBSERVER, date(2015, 7, 10), "Ufa Declaration, CHS, 10 July 2015"),
    *[
        (s, Status.DIALOGUE_PARTNER, date(2015, 7, 10), "Ufa Declaration, CHS, 10 July 2015")
        for s in ("ARM", "AZE", "KHM", "NPL")
    ],
    ("IND", Status.MEMBER, date(2017, 6, 9), "Astana Declaration, CHS, 9 June 2017"),
    ("PAK", Status.MEMBER, date(2017, 6, 9), "Astana Declaration, CHS, 9 June 2017"),
    *[
        (
            s,
            Status.DIALOGUE_PARTNER,
            date(2021, 9, 17),
            "Dushanbe Declaration, CHS, 17 September 2021",
        )
        for s in ("EGY", "QAT", "SAU")
    ],
    (
        "IRN",
        Status.MEMBER,
        date(2023, 7, 4),
        "New Delhi Declaration, CHS (virtual summit), 4 July 2023",
    ),
    ("BLR", Status.MEMBER, date(2024, 7, 4), "Astana Declaration, CHS, 4 July 2024"),
    ("LAO", Status.PARTNER, date(2025, 9, 1), "Tianjin Declaration, CHS, 1 September 2025"),
    *[
        (
            s,
            Status.PARTNER,
            date(2025, 9, 1),
            "Tianjin Declaration, CHS, 1 September 2025: observers and dialogue partners merged "
            "into SCO partners",
        )
        for s in ("MNG", "AFG", "TUR", "EGY", "QAT", "SAU", "MMR")
    ],
]


@pytest.mark.parametrize(
    ("state", "status", "first_day", "source"),
    TRANSITIONS,
    ids=[f"{s}-{st.value}-{d}" for s, st, d, _ in TRANSITIONS],
)
def test_status_starts_on_the_day_of_the_decision_not_before(
    state: str, status: Status, first_day: date, source: str
) -> None:
    before = at(first_day - timedelta(days=1)).current(state)
    on = at(first_day).current(state)
    assert on is not None, source
    assert on.status is status, source
    assert on.start == first_day, source
    assert before is None or before.status is not status, source


@pytest.mark.parametrize(
    ("day", "count"),
    [
        (date(2001, 6, 14), 0),
        (date(2001, 6, 15), 6),
        (date(2017, 6, 8), 6),
        (date(2017, 6, 9), 8),
        # One seed article counts nine members in 2022; Iran joined on 4 July 2023.
        (date(2022, 12, 31), 8),
        (date(2023, 7, 3), 8),
        (date(2023, 7, 4), 9),
        (date(2024, 7, 3), 9),
        (date(2024, 7, 4), 10),
        (date(2025, 12, 31), 10),
    ],
)
def test_number_of_member_states(day: date, count: int) -> None:
    assert len(at(day).members()) == count


@pytest.mark.parametrize("state", ["ARE", "BHR", "KWT", "MDV", "MMR"])
def test_samarkand_2022_only_started_the_dialogue_partner_procedure(state: str) -> None:
    # Samarkand, 16 September 2022: the Council decided to *start the procedure* of granting
    # dialogue-partner status (TASS and Xinhua, 16 September 2022); the memoranda followed
    # at the foreign ministers' meeting in Goa, 4-5 May 2023 (Financial Express, 6 May 2023),
    # Bahrain's in Beijing on 15 July 2023 (Bahrain News Agency, 15 July 2023).
    decided = at(date(2022, 9, 16))
    assert decided.current(state) is None
    assert decided.pending_grants[state].status is Status.DIALOGUE_PARTNER
    by_year_end = at(date(2023, 12, 31)).current(state)
    assert by_year_end is not None
    assert by_year_end.status is Status.DIALOGUE_PARTNER
    assert date(2023, 5, 4) <= by_year_end.start <= date(2023, 7, 15)


def test_ten_members_after_belarus() -> None:
    assert set(at(date(2024, 7, 4)).members()) == FOUNDERS | {"IND", "PAK", "IRN", "BLR"}


def test_no_observers_or_dialogue_partners_after_tianjin() -> None:
    state = at(date(2025, 9, 1))
    assert state.with_status({Status.OBSERVER, Status.DIALOGUE_PARTNER}) == {}
    assert "LAO" in state.with_status({Status.PARTNER})


def test_belarus_status_history_in_order() -> None:
    spells = at(date(2025, 1, 1)).spells["BLR"]
    # Dialogue partner (Yekaterinburg, 16 June 2009), observer (Ufa, 10 July 2015) until its
    # admission (Astana, 4 July 2024): the admission procedure started at Samarkand on
    # 16 September 2022 is no status of its own (TASS, 16 September 2022).
    assert [s.status for s in spells] == [
        Status.DIALOGUE_PARTNER,
        Status.OBSERVER,
        Status.MEMBER,
    ]
    assert spells[1].start == date(2015, 7, 10)
    assert spells[-1].start == date(2024, 7, 4)
    assert all(a.end == b.start for a, b in itertools.pairwise(spells))


def test_every_admission_is_preceded_by_a_procedure_for_post_charter_members() -> None:
    for event in HISTORY:
        if isinstance(event, StateAdmitted) and not event.founding:
            day_before = at(event.valid_from - timedelta(days=1))
            assert day_before.admission(event.state) is not None, event.state
            # ... run by an observer, which stays one until the admission.
            assert day_before.status_of(event.state) is Status.OBSERVER, event.state


def test_charter_dates() -> None:
    # Signed at St Petersburg on 7 June 2002; in force 19 September 2003 (Kazakhstan, Law
    # No. 465 of 4 July 2003, editorial note).
    charter = at(date(2025, 1, 1)).documents["sco-charter"]
    assert charter.signed == date(2002, 6, 7)
    assert charter.in_force == date(2003, 9, 19)
    assert at(date(2003, 9, 18)).documents["sco-charter"].in_force is None


def test_charter_binds_each_member_from_its_admission() -> None:
    parties = at(date(2025, 1, 1)).documents["sco-charter"].parties
    assert parties["KAZ"] == date(2003, 9, 19)
    assert parties["IND"] == date(2017, 6, 9)
    assert parties["BLR"] == date(2024, 7, 4)
    assert "MNG" not in parties


def test_good_neighbourliness_treaty_signed_at_bishkek() -> None:
    # Treaty on Long-Term Good-Neighbourliness, Friendship and Cooperation, Bishkek,
    # 16 August 2007 (Kazakhstan's ratification law, zakonpravo.kz).
    treaty = next(
        d
        for d in at(date(2025, 1, 1)).documents.values()
        if "Good-Neighbourliness" in d.title or "Good-Neighborliness" in d.title
    )
    assert treaty.signed == date(2007, 8, 16)
    assert treaty.place == "Bishkek"


def test_qingdao_summit_was_in_2018() -> None:
    # One seed article dates the Qingdao summit to 2021; it was held on 9-10 June 2018.
    meetings = [m for m in at(date(2025, 12, 31)).meetings if m.place == "Qingdao"]
    assert [m.valid_from for m in meetings] == [date(2018, 6, 9)]


def test_every_reference_event_has_an_id_and_a_source() -> None:
    assert HISTORY
    assert all(e.id and e.sources for e in HISTORY)
    assert len({e.id for e in HISTORY}) == len(HISTORY)
