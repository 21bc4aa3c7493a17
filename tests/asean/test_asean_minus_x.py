"""Flexible participation ("ASEAN minus X", ASEAN Charter Art. 21(2)) folded into who takes
part in a commitment and from when.

Art. 21(2): "In the implementation of economic commitments, a formula for flexible
participation, including the ASEAN Minus X formula, may be applied where there is a consensus
to do so." The decision below is made up for the test (the commitment "test-commitment" is in
no record); the expected participants on each day are computed by hand from its dates.
"""

from __future__ import annotations

from datetime import date

from comity.charter import load_charter
from comity.events import (
    DecisionRecord,
    LaterParticipation,
    ParticipationDecided,
    Source,
    SourceKind,
    parse_event,
)
from comity.reference import load_history
from comity.state import fold
from comity.state.describe import describe

CHARTER = load_charter("asean")
HISTORY = load_history("asean")
SIX = ("BRN", "IDN", "MYS", "PHL", "SGP", "THA")
SOURCE = Source(title="ASEAN Charter Art. 21(2)", kind=SourceKind.PRIMARY)

DECISION = ParticipationDecided(
    valid_from=date(2010, 1, 1),
    document="test-commitment",
    body="AECC",
    participants=SIX,
    later=(
        LaterParticipation(state="VNM", joins=date(2015, 1, 1)),
        LaterParticipation(state="KHM", joins=date(2015, 1, 1)),
        LaterParticipation(state="LAO", joins=date(2018, 1, 1)),
        LaterParticipation(state="MMR"),  # no date fixed: when it declares itself ready
    ),
    outcome=DecisionRecord(
        adopted=True,
        rule="consensus",
        eligible=(*SIX, "KHM", "LAO", "MMR", "VNM"),
        supporters=(*SIX, "KHM", "LAO", "MMR", "VNM"),
        reason="adopted by consensus: no member objected",
    ),
    sources=(SOURCE,),
)


def taking_part(day: date, *extra: ParticipationDecided) -> tuple[str, ...]:
    state = fold(CHARTER, [*HISTORY, DECISION, *extra], day)
    return state.documents["test-commitment"].taking_part(day)


def test_participants_from_the_decision_and_later_ones_from_their_dates() -> None:
    assert taking_part(date(2010, 1, 1)) == SIX
    assert taking_part(date(2014, 12, 31)) == SIX
    assert taking_part(date(2015, 1, 1)) == tuple(sorted((*SIX, "KHM", "VNM")))
    assert taking_part(date(2017, 12, 31)) == tuple(sorted((*SIX, "KHM", "VNM")))
    assert taking_part(date(2018, 1, 1)) == tuple(sorted((*SIX, "KHM", "LAO", "VNM")))


def test_a_decision_is_not_a_vote_every_member_agreed() -> None:
    # Adopted by consensus, later participants included: none objected or opted out.
    assert DECISION.outcome is not None
    assert set(DECISION.outcome.supporters) == set(
        fold(CHARTER, HISTORY, date(2010, 1, 1)).members()
    )
    assert DECISION.outcome.objections == ()
    assert DECISION.outcome.opted_out == ()
    record = fold(CHARTER, [*HISTORY, DECISION], date(2010, 1, 1)).documents["test-commitment"]
    assert record.participation["MMR"] is None  # recorded as a later participant, no date


def test_a_later_decision_fixes_the_open_date() -> None:
    myanmar = ParticipationDecided(
        valid_from=date(2019, 6, 1),
        document="test-commitment",
        body="AECC",
        participants=("MMR",),
        sources=(SOURCE,),
    )
    assert "MMR" not in taking_part(date(2019, 5, 31), myanmar)
    assert "MMR" in taking_part(date(2019, 6, 1), myanmar)
    assert len(taking_part(date(2019, 6, 1), myanmar)) == 10


def test_the_event_round_trips_and_is_described() -> None:
    assert parse_event(DECISION.model_dump(mode="json")) == DECISION
    text = describe(DECISION, "en")
    assert "take part in" in str(text)
    assert "Singapore" in str(text)
