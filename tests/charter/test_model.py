"""The SCO charter as dated data: what was in force when, and reforms as overlays."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from comity.charter import Right, charter_as_of, load_charter
from comity.charter.parameters import ParameterNode
from comity.charter.rules import Consensus, QualifiedMajority
from comity.charter.treaties import EntryIntoForceCondition
from comity.errors import (
    CharterError,
    NoCharterInForceError,
    UnknownBodyError,
    UnknownReformError,
)
from comity.events import Status

# The Charter entered into force on 19 September 2003: Law of the Republic of Kazakhstan of
# 4 July 2003 No. 465, editorial note (Bulletin of International Treaties of the Republic of
# Kazakhstan, 2004, No. 8, Art. 44).
CHARTER_IN_FORCE = date(2003, 9, 19)


def test_no_charter_before_the_founding_declaration() -> None:
    # Declaration on the Establishment of the SCO, Shanghai, 15 June 2001.
    with pytest.raises(NoCharterInForceError, match="2001-06-15"):
        charter_as_of(date(2001, 6, 14))
    assert charter_as_of(date(2001, 6, 15)).statuses[Status.MEMBER].title == "Member state"


def test_every_council_decides_by_consensus_under_article_16() -> None:
    charter = charter_as_of(date(2025, 1, 1))
    for code in ("CHS", "CHG", "CMFA", "MHMA", "CNC", "RATSC"):
        assert charter.body(code).rule() == Consensus()
        assert (charter.body(code).rule_reference or "").startswith("Charter Art. 16")


def test_permanent_bodies_appear_with_the_charter() -> None:
    # Charter Art. 4 lists RATS and the Secretariat among the bodies.
    assert "SEC" not in charter_as_of(CHARTER_IN_FORCE - timedelta(days=1)).bodies
    charter = charter_as_of(CHARTER_IN_FORCE)
    assert charter.body("sec").seat == "Beijing"
    # Art. 10 as signed seated RATS in Bishkek; the 2003 Protocol moving it to Tashkent could
    # not be in force on the Charter's day (Art. 2: thirty days after the fourth ratification).
    assert charter.body("RATS").seat == "Bishkek"
    # RATS was launched in Tashkent on 17 June 2004 (Xinhua via Eastday; charter.yaml, RATS).
    assert charter_as_of(date(2004, 6, 16)).body("RATS").seat == "Bishkek"
    assert charter_as_of(date(2004, 6, 17)).body("RATS").seat == "Tashkent"


def test_unknown_body_names_the_bodies_in_force() -> None:
    with pytest.raises(UnknownBodyError, match="CHS"):
        charter_as_of(date(2020, 1, 1)).body("UNSC")


def test_observer_and_dialogue_partner_statuses_end_at_tianjin() -> None:
    # Tianjin, 1 September 2025: observers and dialogue partners become "SCO partners".
    before = charter_as_of(date(2025, 8, 31))
    after = charter_as_of(date(2025, 9, 1))
    assert {Status.OBSERVER, Status.DIALOGUE_PARTNER} <= set(before.statuses)
    assert Status.PARTNER not in before.statuses
    assert Status.PARTNER in after.statuses
    assert Status.OBSERVER not in after.statuses
    assert Status.DIALOGUE_PARTNER not in after.statuses
    # No former observer or dialogue partner lost a right by the merger.
    assert before.rights(Status.OBSERVER) <= after.rights(Status.PARTNER)
    assert before.rights(Status.DIALOGUE_PARTNER) <= after.rights(Status.PARTNER)


def test_only_member_statuses_take_part_in_decisions() -> None:
    charter = charter_as_of(date(2020, 1, 1))
    assert charter.deciding_statuses() == {Status.MEMBER, Status.WITHDRAWING}
    assert Right.TAKE_PART_IN_DECISIONS not in charter.rights(Status.OBSERVER)
    assert Right.TAKE_PART_IN_DECISIONS not in charter.rights(Status.SUSPENDED)
    assert charter.rights(Status.EXPELLED) == frozenset()


def test_observer_status_exists_from_its_regulation() -> None:
    # Regulation on Observer Status, Decision No. 9 of the CHS of 17 June 2004.
    assert Status.OBSERVER not in charter_as_of(date(2004, 6, 16)).statuses
    assert Status.OBSERVER in charter_as_of(date(2004, 6, 17)).statuses


def test_reform_overlay_changes_the_cnc_rule_from_its_date_only() -> None:
    reform = load_charter().reforms["cnc-majority"]
    day_before = reform.effective - timedelta(days=1)
    assert charter_as_of(day_before, reforms=["cnc-majority"]).body("CNC").rule() == Consensus()
    reformed = charter_as_of(reform.effective, reforms=["cnc-majority"])
    assert reformed.body("CNC").rule() == QualifiedMajority()
    assert reformed.reforms == ("cnc-majority",)
    # The heads of state keep consensus, and without the overlay nothing changes.
    assert reformed.body("CHS").rule() == Consensus()
    assert charter_as_of(reform.effective).body("CNC").rule() == Consensus()


def test_unknown_reform_is_refused_as_caller_input() -> None:
    # A misspelt name is the caller's fault (400 unknown_reform), not the charter data's.
    with pytest.raises(UnknownReformError, match="cnc-majority"):
        charter_as_of(date(2030, 1, 1), reforms=["abolish-consensus"])


def test_charter_entry_into_force_clause_is_data() -> None:
    condition = charter_as_of(CHARTER_IN_FORCE).treaties["sco-charter"]
    assert condition == EntryIntoForceCondition(instruments=4, days_after=30)


@given(st.dates(min_value=date(2001, 6, 15), max_value=date(2040, 12, 31)))
def test_every_day_since_the_founding_has_a_valid_charter(day: date) -> None:
    charter = charter_as_of(day, reforms=["cnc-majority"])
    assert charter.body("CHS").rule() == Consensus()
    assert Status.MEMBER in charter.statuses


def test_parameters_refuse_unknown_keys_and_missing_references() -> None:
    with pytest.raises(CharterError, match="unknown keys"):
        ParameterNode.load("", {"x": {"values": {date(2001, 1, 1): {"value": 1}}, "oops": 1}})
    with pytest.raises(CharterError, match="needs a reference"):
        ParameterNode.load("", {"x": {"values": {date(2001, 1, 1): {"value": 1}}}})
    with pytest.raises(CharterError, match="not a YYYY-MM-DD date"):
        ParameterNode.load("", {"x": {"values": {"2001": {"value": 1, "reference": "r"}}}})
