"""Exactness at sizes where floating point and fixed-width integers fail."""

import math
import random
from fractions import Fraction

from comity.lab.power import (
    DoubleMajorityGame,
    WeightedGame,
    banzhaf,
    minimal_winning_coalitions,
    power_report,
    shapley_shubik,
    swing_counts,
    winning_coalitions,
)


def seeded_game(n: int, max_weight: int, seed: int) -> WeightedGame:
    rng = random.Random(seed)
    weights = tuple(rng.randint(1, max_weight) for _ in range(n))
    return WeightedGame(weights, sum(weights) // 2 + 1)


def big_integer_swings(weights: tuple[int, ...], quota: int) -> list[int]:
    """Swing counts with Python integers: the count-by-weight list, divided per weight.

    ``counts[k]`` is the number of coalitions of weight ``k < quota``; dividing the generating
    function by ``1 + x**w`` is the recurrence ``c[k] = counts[k] - c[k - w]``.
    """
    counts = [1] + [0] * (quota - 1)
    for w in weights:
        for k in range(quota - 1, w - 1, -1):
            counts[k] += counts[k - w]
    swings: dict[int, int] = {}
    for w in set(weights):
        without = counts[:]
        for k in range(w, quota):
            without[k] = counts[k] - without[k - w]
        swings[w] = sum(without[max(0, quota - w) :])
    return [swings[w] for w in weights]


def test_banzhaf_for_100_players_with_weights_to_100_matches_big_integers() -> None:
    game = seeded_game(100, 100, seed=100)
    expected = big_integer_swings(game.weights, game.quota)
    assert max(expected) > 2**90  # far beyond int64
    assert list(swing_counts(game)) == expected
    assert banzhaf(game) == tuple(Fraction(e, sum(expected)) for e in expected)


def test_shapley_shubik_for_200_players_sums_exactly_to_one() -> None:
    game = seeded_game(200, 20, seed=200)
    phi = shapley_shubik(game)
    assert sum(phi) == 1
    assert all(x > 0 for x in phi)
    by_weight = {w: phi[i] for i, w in enumerate(game.weights)}
    assert all(phi[i] == by_weight[w] for i, w in enumerate(game.weights))


def test_winning_coalitions_among_2_to_the_250_are_counted_exactly() -> None:
    # With an odd total weight and quota half plus one, exactly half of all coalitions win:
    # a coalition wins precisely when its complement loses.
    game = WeightedGame((1,) * 249 + (2,), 126)
    assert winning_coalitions(game) == 2**249
    # Minimal winning: 126 players of weight 1, or the heavy player with 124 of them.
    assert minimal_winning_coalitions(game) == math.comb(249, 126) + math.comb(249, 124)


def test_double_majority_with_many_members_sums_to_one() -> None:
    # Member count and population (in millions), 27 members as in the EU Council, quota 55 %
    # of the members and 65 % of the population.
    rng = random.Random(27)
    population = tuple(rng.randint(1, 84) for _ in range(27))
    game = DoubleMajorityGame((1,) * 27, 15, population, -(-65 * sum(population) // 100))
    report = power_report(game)
    assert sum(report.banzhaf) == 1
    assert sum(report.shapley_shubik) == 1
    assert report.minimal_winning_coalitions is None  # too many players to enumerate
