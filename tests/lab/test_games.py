"""Decision rules of the charter as simple games: each mapping agrees, coalition by coalition,
with what the rule itself decides."""

from __future__ import annotations

import math
from datetime import date
from fractions import Fraction

import pytest

from comity.charter import load_charter
from comity.charter.rules import (
    Consensus,
    ConsensusMinusOne,
    DecisionRule,
    DoubleMajority,
    Majority,
    QualifiedMajority,
    SimpleMajority,
    Unanimity,
    WeightedMajority,
)
from comity.errors import InputError
from comity.lab.games import AbstentionTreatment, body_game, game_for_rule, rule_predicate_game
from comity.lab.power import passage_probability, veto_players, winning_coalitions
from comity.reference import load_history
from comity.state import fold

PLAYERS = ("CHN", "IND", "IRN", "KAZ", "KGZ", "PAK", "RUS")
WEIGHTS = {p: Fraction(i + 1, 3) for i, p in enumerate(PLAYERS)}

RULES: list[tuple[DecisionRule, str | None]] = [
    (Consensus(), None),
    (ConsensusMinusOne(), "PAK"),
    (Unanimity(), None),
    (SimpleMajority(), None),
    (QualifiedMajority(), None),
    (QualifiedMajority(Fraction(3, 4)), None),
    (Majority(Fraction(1, 2), "present", strict=True), None),
    (Majority(Fraction(3, 5), "cast", strict=False), None),
    (WeightedMajority(WEIGHTS, Fraction(3, 5)), None),
    (DoubleMajority(WEIGHTS, Fraction(1, 2), Fraction(2, 3)), None),
]


def _agree(rule: DecisionRule, concerned: str | None, treatment: AbstentionTreatment) -> None:
    game = game_for_rule(rule, PLAYERS, concerned=concerned, abstention=treatment)
    table = rule_predicate_game(rule, PLAYERS, concerned=concerned, abstention=treatment).table()
    for mask in range(1 << len(PLAYERS)):
        coalition = {p for i, p in enumerate(PLAYERS) if mask >> i & 1}
        assert game.is_winning(coalition) == bool(table[mask]), (rule, sorted(coalition))


@pytest.mark.parametrize(("rule", "concerned"), RULES, ids=lambda x: getattr(x, "name", x))
def test_game_wins_exactly_when_the_rule_adopts_with_objections(
    rule: DecisionRule, concerned: str | None
) -> None:
    _agree(rule, concerned, "objection")


@pytest.mark.parametrize(("rule", "concerned"), RULES[2:], ids=lambda x: getattr(x, "name", x))
def test_game_wins_exactly_when_the_rule_adopts_with_abstentions(
    rule: DecisionRule, concerned: str | None
) -> None:
    _agree(rule, concerned, "abstention")


def test_consensus_is_no_simple_game_when_members_abstain() -> None:
    # Charter Art. 16: only an objection blocks, so with abstentions everything would pass.
    with pytest.raises(InputError, match="never blocks"):
        game_for_rule(Consensus(), PLAYERS, abstention="abstention")


def test_consensus_makes_every_member_a_veto_player() -> None:
    game = game_for_rule(Consensus(), PLAYERS)
    assert veto_players(game) == PLAYERS
    assert passage_probability(game) == Fraction(1, 2 ** len(PLAYERS))


def test_consensus_minus_one_makes_the_state_concerned_a_dummy() -> None:
    game = game_for_rule(ConsensusMinusOne(), PLAYERS, concerned="PAK")
    assert "PAK" not in veto_players(game)
    # Unanimity of the six others; PAK's vote doubles the coalitions: 2 of 2**7.
    assert winning_coalitions(game) == 2


def test_simple_majority_passage_is_a_binomial_tail() -> None:
    n = len(PLAYERS)
    expected = Fraction(sum(math.comb(n, k) for k in range(n // 2 + 1, n + 1)), 2**n)
    assert passage_probability(game_for_rule(SimpleMajority(), PLAYERS)) == expected


def test_majority_of_votes_cast_with_abstentions_needs_one_supporter() -> None:
    game = game_for_rule(SimpleMajority(), PLAYERS, abstention="abstention")
    assert game.quota == 1


def test_zero_threshold_is_refused() -> None:
    with pytest.raises(InputError, match="nobody in favour"):
        game_for_rule(QualifiedMajority(Fraction(0)), PLAYERS)


def test_consensus_minus_one_needs_the_state_concerned() -> None:
    with pytest.raises(InputError, match="state concerned"):
        game_for_rule(ConsensusMinusOne(), PLAYERS)
    with pytest.raises(InputError, match="only with"):
        game_for_rule(Consensus(), PLAYERS, concerned="PAK")


def test_body_game_takes_the_members_on_the_date() -> None:
    # New Delhi, 4 July 2023: Iran the ninth member; Astana, 4 July 2024: Belarus the tenth.
    state = fold(load_charter(), load_history(), date(2024, 7, 4))
    found = body_game(state, "CHS")
    assert found.game.n == 10
    assert "BLR" in found.game.names
    assert found.rule.name == "consensus"
    two_thirds = body_game(state, "CHS", rule="qualified_majority")
    assert two_thirds.game.quota == 7
