"""Decision rules: Charter Art. 16 and the reform rules, as specifications."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from comity.charter.rules import (
    Consensus,
    ConsensusMinusOne,
    DoubleMajority,
    Position,
    QualifiedMajority,
    SimpleMajority,
    Unanimity,
    WeightedMajority,
    parse_positions,
    rule_from_spec,
)
from comity.errors import (
    InputError,
    MalformedPositionsError,
    NotEligibleError,
    UnknownRuleError,
    UnknownStateError,
)
from strategies import STATES, electorates

FOUNDERS = ["CHN", "KAZ", "KGZ", "RUS", "TJK", "UZB"]
S, OBJ, R, A, X = (
    Position.SUPPORT,
    Position.OBJECTION,
    Position.RESERVATION,
    Position.ABSTENTION,
    Position.ABSENCE,
)


def test_consensus_fails_on_one_objection() -> None:
    outcome = Consensus().evaluate(FOUNDERS, {"CHN": S, "UZB": OBJ})
    assert not outcome.adopted
    assert outcome.objections == ("UZB",)
    assert outcome.reason == "not adopted: objection by UZB"


def test_consensus_reservation_does_not_block_and_is_put_on_record() -> None:
    # Charter Art. 16: a viewpoint on aspects of a decision "shall not be an obstacle to
    # taking the decision as a whole" and is put on record in the minutes.
    outcome = Consensus().evaluate(FOUNDERS, {"KAZ": R, "RUS": R})
    assert outcome.adopted
    assert outcome.reservations == ("KAZ", "RUS")
    assert "reservations by KAZ, RUS put on record" in outcome.reason


def test_consensus_silence_and_abstention_do_not_block() -> None:
    # Art. 16: adopted "if no member State has raised objections".
    assert Consensus().evaluate(FOUNDERS, {"CHN": A}).adopted
    assert Consensus().evaluate(FOUNDERS, {}).adopted


@given(electorates())
def test_consensus_adopted_exactly_when_no_eligible_member_objects(
    case: tuple[list[str], dict[str, Position]],
) -> None:
    eligible, positions = case
    outcome = Consensus().evaluate(eligible, positions)
    assert outcome.adopted == (OBJ not in positions.values())


@given(electorates(min_size=2), st.data())
def test_consensus_minus_one_ignores_only_the_state_concerned(
    case: tuple[list[str], dict[str, Position]], data: st.DataObject
) -> None:
    eligible, positions = case
    concerned = data.draw(st.sampled_from(eligible))
    outcome = ConsensusMinusOne().evaluate(eligible, positions, concerned=concerned)
    others_object = any(p is OBJ for s, p in positions.items() if s != concerned)
    assert outcome.adopted == (not others_object)
    assert concerned not in outcome.counted
    assert len(outcome.counted) == len(eligible) - 1


def test_consensus_minus_one_expels_over_the_objection_of_the_state_concerned() -> None:
    outcome = ConsensusMinusOne().evaluate(FOUNDERS, {"TJK": OBJ}, concerned="TJK")
    assert outcome.adopted
    assert outcome.objections == ()


def test_consensus_minus_one_needs_a_concerned_eligible_state() -> None:
    with pytest.raises(InputError, match="needs the state concerned"):
        ConsensusMinusOne().evaluate(FOUNDERS, {})
    with pytest.raises(NotEligibleError):
        ConsensusMinusOne().evaluate(FOUNDERS, {}, concerned="IND")


def test_a_state_concerned_is_refused_for_rules_that_count_everyone() -> None:
    with pytest.raises(InputError, match="consensus_minus_one"):
        Consensus().evaluate(FOUNDERS, {}, concerned="CHN")


def test_an_observer_cannot_take_part_in_a_decision() -> None:
    # Mongolia was an observer from 2004: it may not object in a members' body.
    with pytest.raises(NotEligibleError, match="MNG may not take part"):
        Consensus().evaluate(FOUNDERS, {"MNG": OBJ})


@given(electorates())
def test_unanimity_needs_every_counted_member_in_favour(
    case: tuple[list[str], dict[str, Position]],
) -> None:
    eligible, positions = case
    outcome = Unanimity().evaluate(eligible, positions)
    assert outcome.adopted == all(positions.get(s, X) in (S, R) for s in eligible)


def test_unanimity_fails_on_an_absence() -> None:
    outcome = Unanimity().evaluate(["CHN", "RUS"], {"CHN": S})
    assert not outcome.adopted
    assert "absence: RUS" in outcome.reason


@given(electorates())
def test_unanimity_adoption_implies_consensus_adoption(
    case: tuple[list[str], dict[str, Position]],
) -> None:
    eligible, positions = case
    if Unanimity().evaluate(eligible, positions).adopted:
        assert Consensus().evaluate(eligible, positions).adopted


def test_simple_majority_of_votes_cast_counted_by_hand() -> None:
    # 3 in favour (2 support + 1 reservation), 2 objections, 1 abstention: 3 > 5/2.
    positions = {"CHN": S, "RUS": S, "KAZ": R, "KGZ": OBJ, "TJK": OBJ, "UZB": A}
    outcome = SimpleMajority().evaluate(FOUNDERS, positions)
    assert outcome.adopted
    assert outcome.reason.startswith("adopted: 3 in favour of 5")


def test_simple_majority_tie_fails() -> None:
    outcome = SimpleMajority().evaluate(["CHN", "RUS"], {"CHN": S, "RUS": OBJ})
    assert not outcome.adopted


@given(electorates())
def test_simple_majority_matches_a_plain_count(
    case: tuple[list[str], dict[str, Position]],
) -> None:
    eligible, positions = case
    favour = sum(p in (S, R) for p in positions.values())
    against = sum(p is OBJ for p in positions.values())
    outcome = SimpleMajority().evaluate(eligible, positions)
    assert outcome.adopted == (favour + against > 0 and 2 * favour > favour + against)


@given(electorates())
def test_two_thirds_of_members_matches_a_plain_count(
    case: tuple[list[str], dict[str, Position]],
) -> None:
    eligible, positions = case
    favour = sum(p in (S, R) for p in positions.values())
    outcome = QualifiedMajority().evaluate(eligible, positions)
    assert outcome.adopted == (favour >= math.ceil(Fraction(2, 3) * len(eligible)))


def test_qualified_majority_of_ten_needs_seven() -> None:
    ten = ["BLR", "CHN", "IND", "IRN", "KAZ", "KGZ", "PAK", "RUS", "TJK", "UZB"]
    seven = dict.fromkeys(ten[:7], S)
    six = dict.fromkeys(ten[:6], S)
    assert QualifiedMajority().evaluate(ten, seven).adopted
    assert not QualifiedMajority().evaluate(ten, six).adopted


def test_weighted_majority_counts_weight_not_heads() -> None:
    rule = WeightedMajority(
        {"CHN": Fraction(14), "RUS": Fraction(1), "KAZ": Fraction(1)}, Fraction(1, 2)
    )
    assert rule.evaluate(["CHN", "RUS", "KAZ"], {"CHN": S, "RUS": OBJ, "KAZ": OBJ}).adopted
    assert not rule.evaluate(["CHN", "RUS", "KAZ"], {"CHN": OBJ, "RUS": S, "KAZ": S}).adopted


def test_weighted_majority_needs_every_weight() -> None:
    rule = WeightedMajority({"CHN": Fraction(1)}, Fraction(1, 2))
    with pytest.raises(InputError, match="no weight for RUS"):
        rule.evaluate(["CHN", "RUS"], {})


def test_double_majority_needs_both_members_and_weight() -> None:
    weights = {
        "CHN": Fraction(14),
        "IND": Fraction(14),
        "KAZ": Fraction(1),
        "KGZ": Fraction(1),
        "TJK": Fraction(1),
    }
    rule = DoubleMajority(weights, Fraction(1, 2), Fraction(3, 5))
    states = list(weights)
    # Three small states: a majority of members, 3/31 of the weight.
    small = rule.evaluate(states, {"KAZ": S, "KGZ": S, "TJK": S})
    assert not small.adopted
    assert "not met" in small.reason
    # CHN and IND: 28/31 of the weight but 2 of 5 members.
    assert not rule.evaluate(states, {"CHN": S, "IND": S}).adopted
    assert rule.evaluate(states, {"CHN": S, "IND": S, "KAZ": S}).adopted


@given(electorates())
def test_double_majority_with_equal_weights_is_a_majority_of_members(
    case: tuple[list[str], dict[str, Position]],
) -> None:
    eligible, positions = case
    equal = dict.fromkeys(eligible, Fraction(1))
    double = DoubleMajority(equal, Fraction(1, 2), Fraction(1, 2))
    members = QualifiedMajority(threshold=Fraction(1, 2))
    assert (
        double.evaluate(eligible, positions).adopted
        == members.evaluate(eligible, positions).adopted
    )


def test_outcome_counts_every_position() -> None:
    outcome = Consensus().evaluate(FOUNDERS, {"CHN": S, "RUS": R, "KAZ": A, "KGZ": OBJ})
    assert outcome.counts() == {
        "support": 1,
        "objection": 1,
        "reservation": 1,
        "abstention": 1,
        "absence": 2,
    }


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("CHN", MalformedPositionsError),
        ("CHN=maybe", MalformedPositionsError),
        ("CHN=yes,CHN=no", MalformedPositionsError),
        ("XXX=yes", UnknownStateError),
        ("=yes", MalformedPositionsError),
    ],
)
def test_malformed_positions_are_refused(text: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        parse_positions(text)


@given(st.dictionaries(st.sampled_from(STATES), st.sampled_from(list(Position))))
def test_positions_round_trip_through_text(positions: dict[str, Position]) -> None:
    text = ",".join(f"{s}={p.value}" for s, p in positions.items())
    assert parse_positions(text) == positions


def test_rules_are_built_from_charter_data_and_back() -> None:
    for name in (
        "consensus",
        "consensus_minus_one",
        "unanimity",
        "simple_majority",
        "qualified_majority",
    ):
        rule = rule_from_spec(name)
        assert rule_from_spec(rule.spec()) == rule
    weighted = rule_from_spec(
        {"rule": "weighted_majority", "threshold": "3/5", "weights": {"CHN": 2, "RUS": 1}}
    )
    assert rule_from_spec(weighted.spec()) == weighted
    with pytest.raises(UnknownRuleError):
        rule_from_spec("majority_of_the_wise")
    with pytest.raises(InputError, match="takes no parameter quorum"):
        rule_from_spec({"rule": "consensus", "quorum": 3})
    with pytest.raises(InputError, match="needs weights"):
        rule_from_spec("weighted_majority")
