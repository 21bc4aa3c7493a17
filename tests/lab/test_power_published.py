"""Voting power in games whose values are worked out by hand or published."""

from fractions import Fraction

import pytest

from comity.errors import InputError
from comity.lab.power import (
    DoubleMajorityGame,
    PredicateGame,
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


# -- the UN Security Council -----------------------------------------------------------------
# Shapley, L. S. & Shubik, M. (1954), "A Method for Evaluating the Distribution of Power in a
# Committee System", APSR 48(3): 787-792: in the Council of 11 (Charter of 1945, Art. 27(3):
# 7 votes including the concurring votes of the 5 permanent members) the permanent members
# hold 76/77 of the power, about .197 each, the six others together 1/77 (.013 in the paper).
# Since 1965 (Art. 27(3) as amended: 9 of 15, the 5 permanent included): 421/2145 and 4/2145
# (.1963 and .0019 as usually quoted, e.g. Brams, S. J. (1975), Game Theory and Politics).
# By hand: a non-permanent member is pivotal when it comes after all 5 permanent members and
# exactly 1 of the 5 other elected ones (11) or 3 of the 9 (15): 5 * 6! 4! / 11! = 1/462 and
# C(9,3) * 8! 6! / 15! = 4/2145; each permanent member has a fifth of the rest. As weighted
# games: permanent 5, elected 1, quota 27 of 31 (11); permanent 7, elected 1, quota 39 (15).
UNSC_1945 = WeightedGame((5,) * 5 + (1,) * 6, 27)
UNSC_1965 = WeightedGame((7,) * 5 + (1,) * 10, 39)


def _security_council(seats: int, needed: int) -> PredicateGame:
    """The Council by its rule rather than its weights: ``needed`` votes, all 5 permanent."""
    names = [f"P{i}" for i in range(5)] + [f"E{i}" for i in range(seats - 5)]
    permanent = frozenset(names[:5])
    return PredicateGame.from_predicate(
        names, lambda coalition: permanent <= coalition and len(coalition) >= needed
    )


def test_security_council_of_11_shapley_shubik_1954() -> None:
    ss = shapley_shubik(UNSC_1945)
    assert ss == (F(76, 385),) * 5 + (F(1, 462),) * 6
    assert sum(ss[5:]) == F(1, 77)
    assert round(float(ss[0]), 3) == 0.197  # as printed in the paper
    assert shapley_shubik(_security_council(11, 7)) == ss
    assert veto_players(UNSC_1945) == UNSC_1945.names[:5]


def test_security_council_of_15_since_1965() -> None:
    ss = shapley_shubik(UNSC_1965)
    assert ss == (F(421, 2145),) * 5 + (F(4, 2145),) * 10
    assert shapley_shubik(_security_council(15, 9)) == ss
    # Banzhaf (.167 and .0165 as usually quoted). By hand: a permanent member swings in every
    # winning coalition, the 5 with 4 or more of the 10 elected: 2**10 - 176 = 848; an elected
    # one where exactly 3 of the 9 others join the 5: C(9,3) = 84. Normalised 106/635, 21/1270.
    assert swing_counts(UNSC_1965) == (848,) * 5 + (84,) * 10
    assert banzhaf(UNSC_1965) == (F(106, 635),) * 5 + (F(21, 1270),) * 10


def test_security_council_cross_checked_with_powerindex() -> None:
    powerindex = pytest.importorskip("powerindex")
    for game in (UNSC_1945, UNSC_1965):
        for kind, exact in (("ss", shapley_shubik(game)), ("b", banzhaf(game))):
            expected = powerindex.calculate_power_index(list(game.weights), game.quota, kind)
            assert [float(x) for x in exact] == pytest.approx(expected, rel=1e-12)


# -- the EEC Council of 1958, both rules of Art. 148(2) of the Treaty of Rome -----------------
# Art. 148(2): with the weights above, acts "where this Treaty requires them to be adopted on a
# proposal from the Commission" need 12 votes (EEC_1958: Luxembourg a dummy); "in other cases,
# at least twelve votes in favour cast by at least four members". The second rule makes
# Luxembourg pivotal where the three large members are joined: {FRA, DEU, ITA} has 12 votes
# from 3 members and loses, {FRA, DEU, ITA, LUX} wins. Values by the hand-written enumeration
# below (all 720 orders, all 64 coalitions), independent of comity's counting.
EEC_1958_OTHER = DoubleMajorityGame((4, 4, 4, 2, 2, 1), 12, (1,) * 6, 4, names=EEC_1958.names)


def _by_enumeration(weights: tuple[int, ...]) -> tuple[list[F], list[int]]:
    from itertools import combinations, permutations

    def wins(members: list[int] | tuple[int, ...]) -> bool:
        return sum(weights[i] for i in members) >= 12 and len(members) >= 4

    pivots, n = [0] * 6, len(weights)
    for order in permutations(range(n)):
        for k in range(1, n + 1):
            if wins(order[:k]):
                pivots[order[k - 1]] += 1
                break
    swings = [0] * 6
    for size in range(n + 1):
        for coalition in combinations(range(n), size):
            if wins(coalition):
                for i in coalition:
                    swings[i] += not wins([j for j in coalition if j != i])
    return [F(p, 720) for p in pivots], swings


def test_eec_1958_other_cases_luxembourg_is_not_a_dummy() -> None:
    pivots, swings = _by_enumeration(EEC_1958_OTHER.weights)
    assert dummy_players(EEC_1958_OTHER) == ()
    assert EEC_1958_OTHER.is_winning({"FRA", "DEU", "ITA", "LUX"})
    assert not EEC_1958_OTHER.is_winning({"FRA", "DEU", "ITA"})
    ss = shapley_shubik(EEC_1958_OTHER)
    assert list(ss) == pivots
    assert ss == (F(13, 60),) * 3 + (F(1, 6),) * 2 + (F(1, 60),)
    assert list(swing_counts(EEC_1958_OTHER)) == swings == [9, 9, 9, 7, 7, 1]
    assert banzhaf(EEC_1958_OTHER) == (F(3, 14),) * 3 + (F(1, 6),) * 2 + (F(1, 42),)
    assert winning_coalitions(EEC_1958_OTHER) == 13  # the 14 of the first rule less {F,D,I}
