"""Simulated votes per second per core in the spatial model, against a naive numpy loop.

comity's :func:`comity.lab.simulate.simulate_spatial` decides batches of proposals with matrix
products; the peer is the plain-numpy implementation one writes first: a Python loop over
proposals, each with ``numpy.linalg.norm`` distances of the members to the proposal and to the
status quo, then the rules' quotas. Both run here, in one process, on one core (BLAS limited to
one thread), for 10 and 25 members in two dimensions with the four default rules; a simulated
vote is one member's vote on one proposal. Each figure is the best of five runs.

Run with ``.venv/bin/python bench/bench_simulate.py``; the table is printed as Markdown.
"""

from __future__ import annotations

import os

for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_variable] = "1"  # one core: set before numpy loads its BLAS

import platform  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from functools import partial  # noqa: E402

import numpy as np  # noqa: E402

from comity.lab.power import SimpleGame, WeightedGame  # noqa: E402
from comity.lab.simulate import (  # noqa: E402
    DEFAULT_RULES,
    SpatialModel,
    simulate_spatial,
    size_game,
)

SEED = 2024
FAST_PROPOSALS = 2_000_000
NAIVE_PROPOSALS = 20_000
GOAL = 10e6


def naive(model: SpatialModel, games: dict[str, WeightedGame], proposals: int) -> dict[str, int]:
    """One proposal at a time: distances with numpy, rules with their quotas."""
    rng = np.random.default_rng(SEED)
    points = model.ideal_points
    adopted = dict.fromkeys(games, 0)
    for _ in range(proposals):
        proposal = rng.standard_normal(model.dims)
        quo = rng.standard_normal(model.dims)
        support = np.linalg.norm(points - proposal, axis=1) < np.linalg.norm(points - quo, axis=1)
        for name, game in games.items():
            if np.dot(support, game.weights) >= game.quota:
                adopted[name] += 1
    return adopted


def _fast(model: SpatialModel, games: dict[str, SimpleGame]) -> None:
    simulate_spatial(model, games, FAST_PROPOSALS, np.random.default_rng(SEED))


def best(run: Callable[[], object], repeats: int = 5) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.system()}; "
        f"Python {platform.python_version()}, numpy {np.__version__}; BLAS threads: 1"
    )
    print()
    print("| members | implementation | proposals | seconds | votes/s | vs naive |")
    print("|---:|---|---:|---:|---:|---:|")
    for n in (10, 25):
        model = SpatialModel(np.random.default_rng(SEED).standard_normal((n, 2)))
        games = {rule: size_game(rule, n) for rule in DEFAULT_RULES}
        weighted = {k: g for k, g in games.items() if isinstance(g, WeightedGame)}
        fast = best(partial(_fast, model, games))
        slow = best(partial(naive, model, weighted, NAIVE_PROPOSALS), repeats=3)
        fast_rate = FAST_PROPOSALS * n / fast
        slow_rate = NAIVE_PROPOSALS * n / slow
        print(
            f"| {n} | naive numpy loop | {NAIVE_PROPOSALS:,} | {slow:.3f} | {slow_rate:,.0f} | 1x |"
        )
        print(
            f"| {n} | comity simulate_spatial | {FAST_PROPOSALS:,} | {fast:.3f} | "
            f"{fast_rate:,.0f} | {fast_rate / slow_rate:,.0f}x |"
        )
        verdict = "meets" if fast_rate >= GOAL else "MISSES"
        print(f"<!-- n={n}: {fast_rate / 1e6:.1f} M votes/s/core {verdict} the 10 M goal -->")


if __name__ == "__main__":
    main()
