"""Reforms on the real record: power before and after, and recorded decisions replayed."""

from __future__ import annotations

import math
from datetime import date
from fractions import Fraction
from pathlib import Path

from comity.charter import load_charter
from comity.events import AgendaItemTabled, DecisionRecord, ItemClosed, MeetingConvened
from comity.lab.reform import compare_reform, plot_reform
from comity.reference import load_history

TEN = ("BLR", "CHN", "IND", "IRN", "KAZ", "KGZ", "PAK", "RUS", "TJK", "UZB")


def test_cnc_majority_changes_only_the_council_of_national_coordinators() -> None:
    report = compare_reform(load_charter(), load_history(), "cnc-majority", date(2027, 1, 1))
    assert report.members == TEN
    bodies = {b.body: b for b in report.bodies}
    cnc, chs = bodies["CNC"], bodies["CHS"]
    assert [b.body for b in report.bodies if b.changed] == ["CNC"]
    assert (cnc.rule_before, cnc.rule_after) == ("consensus", "qualified_majority")
    assert cnc.before is not None
    assert cnc.after is not None
    assert cnc.before.passage_probability == Fraction(1, 2**10)
    # Two thirds of ten: at least 7 in favour.
    tail = sum(math.comb(10, k) for k in range(7, 11))
    assert cnc.after.passage_probability == Fraction(tail, 2**10)
    assert cnc.before.veto_players == TEN
    assert cnc.after.veto_players == ()
    assert chs.before == chs.after
    assert chs.rule_before == chs.rule_after == "consensus"
    assert report.decisions == ()


def test_before_its_date_a_reform_changes_nothing() -> None:
    report = compare_reform(load_charter(), load_history(), "cnc-majority", date(2025, 9, 1))
    assert not any(b.changed for b in report.bodies)


def test_a_recorded_decision_is_replayed_under_the_reformed_rule(tmp_path: Path) -> None:
    day = date(2024, 10, 1)
    supporters, objecting = TEN[:7], TEN[7:]
    recorded = [
        MeetingConvened(valid_from=day, meeting="cnc-2024-10", body="CNC", place="Beijing"),
        AgendaItemTabled(valid_from=day, meeting="cnc-2024-10", item="budget", title="Budget"),
        ItemClosed(
            valid_from=day,
            meeting="cnc-2024-10",
            item="budget",
            body="CNC",
            outcome=DecisionRecord(
                adopted=False,
                rule="consensus",
                eligible=TEN,
                supporters=supporters,
                objections=objecting,
                reason="not adopted: objection by RUS, TJK, UZB",
            ),
        ),
    ]
    events = [*load_history(), *recorded]
    report = compare_reform(
        load_charter(), events, "cnc-majority", date(2024, 12, 31), since=date(2024, 7, 4)
    )
    (replay,) = report.decisions
    assert replay.rule_after == "qualified_majority"
    assert replay.adopted is False
    assert replay.adopted_after is True
    assert replay.differs
    assert report.to_json()["decisions_differing"] == 1
    svg = plot_reform(report, tmp_path / "reform.svg")
    assert svg.read_bytes().startswith(b"<?xml")
