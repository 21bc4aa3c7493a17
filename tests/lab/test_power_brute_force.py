"""Every index equals plain enumeration of coalitions on small random games, exactly.

The reference below loops over all ``2**n`` coalitions in pure Python and shares no code with
``comity.lab``; hypothesis draws weighted, double-majority and arbitrary monotone games.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from comity.lab.power import (
    DoubleMajorityGame,
    PredicateGame,
    SimpleGame,
    WeightedGame,
    banzhaf,
    banzhaf_absolute,
    blocking_coalitions,
    dummy_players,
    minimal_blocking_coalitions,
    minimal_winning_coalitions,
    passage_probability,
    power_report,
    power_to_initiate,
    power_to_prevent,
    shapley_shubik,
    swing_counts,
    veto_players,
    winning_coalitions,
)

MAX_N = 10


@dataclass(frozen=True)
class Enumerated:
    eta: tuple[int, ...]
    shapley_shubik: tuple[Fraction, ...]
    winning: int
    minimal_winning: int
    minimal_blocking: int
    veto: tuple[int, ...]


def enumerate_game(n: int, wins: Callable[[int], bool]) -> Enumerated:
    """Indices by definition, from a predicate on bit masks."""
    table = [wins(mask) for mask in range(1 << n)]
    full = (1 << n) - 1
    eta = [0] * n
    pivotal_orders = [0] * n
    for mask in range(1 << n):
        if table[mask]:
            continue
        size = bin(mask).count("1")
        for i in range(n):
            if not mask >> i & 1 and table[mask | 1 << i]:
                eta[i] += 1
                pivotal_orders[i] += math.factorial(size) * math.factorial(n - 1 - size)

    def minimal(family: list[bool]) -> int:
        return sum(
            1
            for mask in range(1 << n)
            if family[mask] and all(not family[mask & ~(1 << i)] for i in range(n) if mask >> i & 1)
        )

    blocking = [not table[full & ~mask] for mask in range(1 << n)]
    return Enumerated(
        eta=tuple(eta),
        shapley_shubik=tuple(Fraction(p, math.factorial(n)) for p in pivotal_orders),
        winning=sum(table),
        minimal_winning=minimal(table),
        minimal_blocking=minimal(blocking),
        veto=tuple(i for i in range(n) if not table[full & ~(1 << i)]),
    )


def weight_of(weights: tuple[int, ...], mask: int) -> int:
    return sum(w for i, w in enumerate(weights) if mask >> i & 1)


def reference(game: SimpleGame) -> Enumerated:
    if isinstance(game, WeightedGame):
        return enumerate_game(game.n, lambda m: weight_of(game.weights, m) >= game.quota)
    if isinstance(game, DoubleMajorityGame):
        return enumerate_game(
            game.n,
            lambda m: (
                weight_of(game.weights, m) >= game.quota
                and weight_of(game.second_weights, m) >= game.second_quota
            ),
        )
    table = game.table()
    return enumerate_game(game.n, lambda m: bool(table[m]))


@st.composite
def weighted_games(draw: st.DrawFn, max_weight: int = 12) -> WeightedGame:
    weights = draw(st.lists(st.integers(0, max_weight), min_size=1, max_size=MAX_N))
    if sum(weights) == 0:
        weights[0] = 1
    quota = draw(st.integers(1, sum(weights)))
    return WeightedGame(tuple(weights), quota)


@st.composite
def double_majority_games(draw: st.DrawFn) -> DoubleMajorityGame:
    n = draw(st.integers(1, MAX_N))
    first = draw(st.lists(st.integers(0, 4), min_size=n, max_size=n))
    second = draw(st.lists(st.integers(0, 30), min_size=n, max_size=n))
    first[0], second[-1] = max(first[0], 1), max(second[-1], 1)
    return DoubleMajorityGame(
        tuple(first),
        draw(st.integers(1, sum(first))),
        tuple(second),
        draw(st.integers(1, sum(second))),
    )


@st.composite
def predicate_games(draw: st.DrawFn) -> PredicateGame:
    """A monotone game: winning means containing one of a few drawn coalitions."""
    n = draw(st.integers(1, 8))
    generators = draw(st.lists(st.integers(1, (1 << n) - 1), min_size=1, max_size=6))
    names = [f"V{i}" for i in range(n)]

    def rule(coalition: frozenset[str]) -> bool:
        mask = sum(1 << i for i, name in enumerate(names) if name in coalition)
        return any(mask & g == g for g in generators)

    return PredicateGame.from_predicate(names, rule)


games = st.one_of(weighted_games(), double_majority_games(), predicate_games())


@settings(max_examples=150, deadline=None)
@given(games)
def test_every_index_equals_enumeration(game: SimpleGame) -> None:
    expected = reference(game)
    n = game.n
    assert swing_counts(game) == expected.eta
    assert banzhaf(game) == tuple(Fraction(e, sum(expected.eta)) for e in expected.eta)
    assert banzhaf_absolute(game) == tuple(Fraction(e, 2 ** (n - 1)) for e in expected.eta)
    assert shapley_shubik(game) == expected.shapley_shubik
    assert winning_coalitions(game) == expected.winning
    assert blocking_coalitions(game) == 2**n - expected.winning
    assert passage_probability(game) == Fraction(expected.winning, 2**n)
    assert power_to_prevent(game) == tuple(Fraction(e, expected.winning) for e in expected.eta)
    assert power_to_initiate(game) == tuple(
        Fraction(e, 2**n - expected.winning) for e in expected.eta
    )
    assert minimal_winning_coalitions(game) == expected.minimal_winning
    assert minimal_blocking_coalitions(game) == expected.minimal_blocking
    assert veto_players(game) == tuple(game.names[i] for i in expected.veto)
    assert dummy_players(game) == tuple(
        name for name, e in zip(game.names, expected.eta, strict=True) if e == 0
    )


@settings(max_examples=60, deadline=None)
@given(games)
def test_report_agrees_with_the_separate_functions(game: SimpleGame) -> None:
    report = power_report(game)
    assert report.banzhaf == banzhaf(game)
    assert report.banzhaf_absolute == banzhaf_absolute(game)
    assert report.shapley_shubik == shapley_shubik(game)
    assert report.passage_probability == passage_probability(game)
    assert report.power_to_prevent == power_to_prevent(game)
    assert report.power_to_initiate == power_to_initiate(game)
    assert report.veto_players == veto_players(game)
    assert report.dummy_players == dummy_players(game)
    assert report.minimal_winning_coalitions == minimal_winning_coalitions(game)


@settings(max_examples=100, deadline=None)
@given(games)
def test_normalised_banzhaf_and_shapley_shubik_each_sum_to_one(game: SimpleGame) -> None:
    assert sum(banzhaf(game)) == 1
    assert sum(shapley_shubik(game)) == 1


@settings(max_examples=100, deadline=None)
@given(games)
def test_a_dummy_has_no_power_and_a_veto_player_prevents_everything(game: SimpleGame) -> None:
    report = power_report(game)
    for i, name in enumerate(game.names):
        if name in report.dummy_players:
            assert report.banzhaf[i] == report.shapley_shubik[i] == 0
            assert report.power_to_prevent[i] == report.power_to_initiate[i] == 0
        if name in report.veto_players:
            assert report.power_to_prevent[i] == 1


@settings(max_examples=100, deadline=None)
@given(weighted_games(max_weight=5))
def test_players_with_equal_weight_have_equal_power(game: WeightedGame) -> None:
    report = power_report(game)
    for i in range(game.n):
        for j in range(i):
            if game.weights[i] == game.weights[j]:
                assert report.banzhaf[i] == report.banzhaf[j]
                assert report.shapley_shubik[i] == report.shapley_shubik[j]


@settings(max_examples=100, deadline=None)
@given(weighted_games(max_weight=8))
def test_a_heavier_player_never_has_less_power(game: WeightedGame) -> None:
    eta, phi = swing_counts(game), shapley_shubik(game)
    for i in range(game.n):
        for j in range(game.n):
            if game.weights[i] >= game.weights[j]:
                assert eta[i] >= eta[j]
                assert phi[i] >= phi[j]


@settings(max_examples=60, deadline=None)
@given(weighted_games(max_weight=20), st.integers(2, 5))
def test_scaling_weights_and_quota_changes_nothing(game: WeightedGame, factor: int) -> None:
    scaled = WeightedGame(tuple(w * factor for w in game.weights), game.quota * factor)
    assert power_report(scaled) == power_report(game)
