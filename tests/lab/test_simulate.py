"""The cost of consensus: exact passage probabilities, Monte Carlo, the spatial model."""

from __future__ import annotations

import math
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from comity.errors import InputError
from comity.lab.simulate import (
    SpatialModel,
    exact_passage,
    ideal_points_from_votes,
    monte_carlo_passage,
    plot_passage,
    random_model,
    read_votes,
    simulate_spatial,
    size_game,
    sweep,
    wilson_interval,
)

SIZES = (6, 8, 9, 10, 12, 15, 20)


def binomial_tail(n: int, k: int) -> Fraction:
    """P(at least k of n fair coins come up heads), by hand."""
    return Fraction(sum(math.comb(n, j) for j in range(k, n + 1)), 2**n)


def phi(x: float) -> float:
    return 0.5 * (1 + math.erf(x / math.sqrt(2)))


def test_consensus_passes_with_probability_one_in_two_to_the_n() -> None:
    exact = exact_passage(["consensus", "unanimity"], SIZES)
    for n in SIZES:
        assert exact["consensus"][n] == Fraction(1, 2**n)
        assert exact["unanimity"][n] == Fraction(1, 2**n)


def test_consensus_minus_one_doubles_the_chance() -> None:
    # The state concerned is a dummy: its vote does not matter, so 2 of 2**n coalitions win.
    exact = exact_passage(["consensus_minus_one"], SIZES)
    assert all(exact["consensus_minus_one"][n] == Fraction(2, 2**n) for n in SIZES)


def test_majorities_pass_with_binomial_tail_probabilities() -> None:
    exact = exact_passage(["simple_majority", "qualified_majority"], SIZES)
    for n in SIZES:
        assert exact["simple_majority"][n] == binomial_tail(n, n // 2 + 1)
        assert exact["qualified_majority"][n] == binomial_tail(n, math.ceil(2 * n / 3))


def test_wilson_interval_matches_newcombe_1998() -> None:
    # Newcombe (1998), Statistics in Medicine 17, 857-872, Table II: 81/263 and 15/148.
    low, high = wilson_interval(81, 263)
    assert (round(low, 4), round(high, 4)) == (0.2553, 0.3662)
    low, high = wilson_interval(15, 148)
    assert (round(low, 4), round(high, 4)) == (0.0624, 0.1605)


@pytest.mark.parametrize("rule", ["simple_majority", "qualified_majority", "consensus"])
def test_monte_carlo_brackets_the_exact_value(rule: str) -> None:
    game = size_game(rule, 9)
    estimate = monte_carlo_passage(game, 400_000, np.random.default_rng(20240704))
    low, high = estimate.interval
    exact = float(exact_passage([rule], [9])[rule][9])
    assert low <= exact <= high


def test_spatial_model_in_one_dimension_by_hand() -> None:
    # Members at -1, 0, 1; status quo at 2; proposals y ~ N(0, 1). Member x prefers y when
    # |x - y| < |x - 2|: x = 1 on (0, 2), x = 0 on (-2, 2), x = -1 on (-4, 2). So consensus
    # passes on (0, 2) and a majority (two of three) on (-2, 2).
    model = SpatialModel(np.array([[-1.0], [0.0], [1.0]]), status_quo=np.array([2.0]))
    games = {rule: size_game(rule, 3) for rule in ("consensus", "simple_majority")}
    result = simulate_spatial(model, games, 400_000, np.random.default_rng(5))
    low, high = result["consensus"].adoption.interval
    assert low <= phi(2) - phi(0) <= high
    low, high = result["simple_majority"].adoption.interval
    assert low <= phi(2) - phi(-2) <= high
    # The mean of N(0, 1) on (0, 2): (pdf(0) - pdf(2)) / (Phi(2) - Phi(0)) = 0.7228.
    truncated_mean = (1 - math.exp(-2)) / math.sqrt(2 * math.pi) / (phi(2) - phi(0))
    position = result["consensus"].mean_position
    assert position is not None
    assert position[0] == pytest.approx(truncated_mean, abs=0.005)
    # Every adopted proposal lies in (0, 2): distance from the status quo 2 - y.
    assert result["consensus"].mean_distance == pytest.approx(2 - truncated_mean, abs=0.005)


def test_the_median_status_quo_beats_every_proposal_under_majority() -> None:
    # Black's median voter theorem: with the status quo at the median ideal point, no
    # proposal gets a majority (and, being Pareto-optimal, none a consensus either).
    model = SpatialModel(np.array([[-1.0], [0.0], [1.0]]), status_quo=np.array([0.0]))
    games = {rule: size_game(rule, 3) for rule in ("consensus", "simple_majority")}
    result = simulate_spatial(model, games, 50_000, np.random.default_rng(1))
    assert result["simple_majority"].adoption.successes == 0
    assert result["consensus"].adoption.successes == 0
    assert result["consensus"].mean_position is None


def test_same_seed_same_result_and_consensus_never_beats_majority() -> None:
    model = random_model(10, 2, seed=3)
    games = {rule: size_game(rule, 10) for rule in ("consensus", "simple_majority")}
    first = simulate_spatial(model, games, 100_000, np.random.default_rng(9))
    second = simulate_spatial(model, games, 100_000, np.random.default_rng(9))
    assert first == second
    # A consensus needs everyone; every consensus is also a majority.
    assert first["consensus"].adoption.successes <= first["simple_majority"].adoption.successes


def test_sweep_runs_locally_with_progress_and_nested_sizes(tmp_path: Path) -> None:
    model = random_model(10, 2, seed=0)
    seen: list[tuple[int, int]] = []
    results = sweep(
        model,
        sizes=[6, 10],
        spreads=[1.0, 2.0],
        proposals=20_000,
        seed=1,
        backend="local",
        progress=lambda done, total: seen.append((done, total)),
    )
    assert seen == [(1, 4), (2, 4), (3, 4), (4, 4)]
    assert [(r.size, r.spread) for r in results] == [(6, 1.0), (6, 2.0), (10, 1.0), (10, 2.0)]
    assert results[0].exact["consensus"] == Fraction(1, 64)
    again = sweep(model, sizes=[6, 10], spreads=[1.0, 2.0], proposals=20_000, seed=1)
    assert [r.to_json() for r in again] == [r.to_json() for r in results]
    png = plot_passage(results, tmp_path / "passage.png")
    assert png.read_bytes().startswith(b"\x89PNG")


def test_a_backend_that_is_not_installed_is_refused() -> None:
    # Dask and Ray are optional; neither is a dependency of comity.
    pytest.importorskip("numpy")
    for backend in ("dask", "ray"):
        try:
            __import__(backend)
        except ImportError:
            with pytest.raises(InputError, match="not installed"):
                sweep(random_model(3), sizes=[3], proposals=10, backend=backend)  # type: ignore[arg-type]


def test_sizes_larger_than_the_model_are_refused() -> None:
    with pytest.raises(InputError, match="larger"):
        sweep(random_model(5), sizes=[6])


def test_ideal_points_from_votes_separate_two_blocs() -> None:
    votes = (
        "state,a,b,c,d\nAAA,yes,yes,no,yes\nBBB,yes,yes,no,abstain\n"
        "CCC,no,no,yes,no\nDDD,no,no,yes,no\n"
    )
    model = read_votes(votes, 1)
    x = model.ideal_points[:, 0]
    assert np.sign(x[0]) == np.sign(x[1]) != np.sign(x[2]) == np.sign(x[3])
    assert x[2] == pytest.approx(x[3])
    assert ideal_points_from_votes(np.array([[1.0, -1.0], [-1.0, 1.0]]), 1).shape == (2, 1)
