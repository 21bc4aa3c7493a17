"""Agreement with the independent ``powerindex`` package on games where it is correct.

``powerindex`` 0.3.5 works in floating point and slices wrongly when one weight reaches the
quota, so the games here keep every weight below the quota and ``n`` at most 40.
"""

import random

import powerindex  # type: ignore[import-untyped]
import pytest

from comity.lab.power import WeightedGame, banzhaf, shapley_shubik, to_floats


def random_game(seed: int) -> WeightedGame:
    rng = random.Random(seed)
    n = rng.randint(3, 40)
    weights = [rng.randint(1, 60) for _ in range(n)]
    total = sum(weights)
    quota = rng.randint(max(max(weights) + 1, total // 2 + 1), total)
    return WeightedGame(tuple(weights), quota)


@pytest.mark.parametrize("seed", range(12))
def test_banzhaf_agrees_with_powerindex(seed: int) -> None:
    game = random_game(seed)
    expected = powerindex.calculate_power_index(list(game.weights), game.quota, "b")
    assert to_floats(banzhaf(game)) == pytest.approx(expected, rel=1e-9, abs=1e-15)


@pytest.mark.parametrize("seed", range(12))
def test_shapley_shubik_agrees_with_powerindex(seed: int) -> None:
    game = random_game(seed)
    expected = powerindex.calculate_power_index(list(game.weights), game.quota, "ss")
    assert to_floats(shapley_shubik(game)) == pytest.approx(expected, rel=1e-9, abs=1e-15)


def test_shapley_shubik_beyond_where_powerindex_overflows() -> None:
    # powerindex turns n! into a float, which overflows from n = 171; comity stays exact.
    weights = tuple([1] * 172)
    game = WeightedGame(weights, 87)
    with pytest.raises(OverflowError):
        powerindex.calculate_power_index(list(weights), 87, "ss")
    assert shapley_shubik(game) == (shapley_shubik(game)[0],) * 172
    assert sum(shapley_shubik(game)) == 1
