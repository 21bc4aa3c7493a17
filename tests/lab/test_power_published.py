"""Voting power in games whose values are worked out by hand or published."""

from fractions import Fraction

import pytest

from comity.errors import InputError
from comity.lab.power import (
    WeightedGame,
    banzhaf,
    banzhaf_absolute,
    blocking_coalitions,
    dummy_players,
    minimal_blocking_coalitions,
    minimal_winning_coalitions,
    passage_probability,
    power_to_initiate,
    power_to_prevent,
    shapley_shubik,
    swing_counts,
    veto_players,
    winning_coalitions,
)

F = Fraction

# Council of the EEC, 1958-1972: France, Germany, Italy 4 votes each; Belgium, Netherlands 2;
# Luxembourg 1; qualified majority 12 of 17. Felsenthal & Machover (1998), The Measurement of
# Voting Power, use it to show that Luxembourg was a dummy. The values below were also checked
# by enumerating all 720 voting orders and all 64 coalitions by hand-written loops.
EEC_1958 = WeightedGame((4, 4, 4, 2, 2, 1), 12, names=("FRA", "DEU", "ITA", "BEL", "NLD", "LUX"))


def test_eec_1958_luxembourg_is_a_dummy() -> None:
    assert dummy_players(EEC_1958) == ("LUX",)
    assert banzhaf(EEC_1958)[-1] == 0
    assert shapley_shubik(EEC_1958)[-1] == 0


def test_eec_1958_shapley_shubik() -> None:
    assert shapley_shubik(EEC_1958) == (F(7, 30), F(7, 30), F(7, 30), F(3, 20), F(3, 20), F(0))


def test_eec_1958_normalised_banzhaf() -> None:
    assert swing_counts(EEC_1958) == (10, 10, 10, 6, 6, 0)
    assert banzhaf(EEC_1958) == (F(5, 21), F(5, 21), F(5, 21), F(1, 7), F(1, 7), F(0))
    assert banzhaf_absolute(EEC_1958) == (F(5, 16), F(5, 16), F(5, 16), F(3, 16), F(3, 16), F(0))


def test_eec_1958_coalition_counts() -> None:
    # Winning: all three large members (12) with any of the 8 subsets of the small ones, or two
    # large members with both Belgium and the Netherlands (3 ways, Luxembourg in or out).
    assert winning_coalitions(EEC_1958) == 14
    assert passage_probability(EEC_1958) == F(14, 64)
    assert blocking_coalitions(EEC_1958) == 50
    # Minimal winning: the three large members, or two large ones with Belgium and Netherlands.
    assert minimal_winning_coalitions(EEC_1958) == 4
    # Minimal blocking: any two large members, or one large member with Belgium, or with the
    # Netherlands (complements of the maximal losing coalitions).
    assert minimal_blocking_coalitions(EEC_1958) == 3 + 3 + 3
    assert veto_players(EEC_1958) == ()
    assert power_to_prevent(EEC_1958)[0] == F(10, 14)
    assert power_to_initiate(EEC_1958)[0] == F(10, 50)


@pytest.mark.parametrize("n", [1, 2, 3, 7, 12])
def test_unanimity_makes_everyone_a_veto_player_with_equal_power(n: int) -> None:
    names = [f"S{i}" for i in range(n)]
    game = WeightedGame.unanimity(names)
    assert veto_players(game) == tuple(names)
    assert banzhaf(game) == (F(1, n),) * n
    assert shapley_shubik(game) == (F(1, n),) * n
    assert passage_probability(game) == F(1, 2**n)
    assert power_to_prevent(game) == (1,) * n
    assert minimal_winning_coalitions(game) == 1
    assert minimal_blocking_coalitions(game) == n


def test_consensus_minus_one_leaves_the_concerned_state_a_dummy() -> None:
    names = ["CHN", "IND", "IRN", "KAZ", "KGZ", "PAK", "RUS", "TJK", "UZB", "BLR"]
    game = WeightedGame.consensus_minus_one(names, "PAK")
    others = tuple(name for name in names if name != "PAK")
    assert dummy_players(game) == ("PAK",)
    assert veto_players(game) == others
    assert banzhaf(game) == tuple(F(0) if name == "PAK" else F(1, 9) for name in names)
    # The concerned state's vote is irrelevant: half of all coalitions include it.
    assert passage_probability(game) == F(2, 2**10)


def test_consensus_minus_one_needs_the_concerned_state_among_the_players() -> None:
    with pytest.raises(InputError):
        WeightedGame.consensus_minus_one(["CHN", "RUS"], "IND")


def test_simple_majority_quota_is_more_than_half() -> None:
    assert WeightedGame.simple_majority(list("ABCDEF")).quota == 4
    assert WeightedGame.simple_majority(list("ABCDEFG")).quota == 4


def test_qualified_majority_quota_rounds_up_exactly() -> None:
    # 0.55 * 20 is 11.000000000000002 in floating point; the quota must still be 11.
    names = [f"S{i}" for i in range(20)]
    assert WeightedGame.qualified_majority(names, 0.55).quota == 11
    assert WeightedGame.qualified_majority(names, "2/3").quota == 14
    assert WeightedGame.qualified_majority(names, F(1)).quota == 20


def test_symmetric_majority_gives_equal_power() -> None:
    game = WeightedGame.simple_majority(list("ABCDE"))
    assert banzhaf(game) == (F(1, 5),) * 5
    assert shapley_shubik(game) == (F(1, 5),) * 5
    # Winning: coalitions of 3, 4 or 5 of 5 members, half of all 32.
    assert passage_probability(game) == F(1, 2)
