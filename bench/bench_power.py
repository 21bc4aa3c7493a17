"""Time comity's exact voting-power indices against ``powerindex`` 0.3.5, in one process.

Seeded random integer weights 1..100 and quota half the total weight plus one, for
n = 10, 50, 100, 200. Each timing is the best of up to five runs within a few seconds.

Run with ``.venv/bin/python bench/bench_power.py``; the table is printed as Markdown.
"""

from __future__ import annotations

import os
import platform
import random
import time
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import TypeVar

import numpy as np
import powerindex  # type: ignore[import-untyped]

from comity.lab.power import WeightedGame, banzhaf, shapley_shubik

SIZES = (10, 50, 100, 200)
SEED = 2024
# powerindex converts n! to a float in Shapley-Shubik, which overflows from n = 171; before
# failing it builds an n x n x quota table of Python lists (minutes and gigabytes at n = 200).
POWERINDEX_SS_LIMIT = 170

T = TypeVar("T")
Index = Callable[[WeightedGame], tuple[Fraction, ...]]


def seeded_game(n: int) -> WeightedGame:
    rng = random.Random(SEED + n)
    weights = tuple(rng.randint(1, 100) for _ in range(n))
    return WeightedGame(weights, sum(weights) // 2 + 1)


def best_time(run: Callable[[], T], budget: float = 3.0) -> tuple[float, T]:
    times: list[float] = []
    started = time.perf_counter()
    while True:
        t0 = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - t0)
        if len(times) == 5 or time.perf_counter() - started > budget:
            return min(times), result


def max_difference(exact: Sequence[Fraction], approximate: Sequence[float]) -> float:
    return max(abs(float(x) - y) for x, y in zip(exact, approximate, strict=True))


def main() -> None:
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.system()}; "
        f"Python {platform.python_version()}, numpy {np.__version__}, powerindex 0.3.5"
    )
    print()
    print("| n | index | comity (s) | powerindex (s) | powerindex / comity | max abs diff |")
    print("|---:|---|---:|---:|---:|---:|")
    indices: list[tuple[str, Index, str, int | None]] = [
        ("Banzhaf", banzhaf, "b", None),
        ("Shapley-Shubik", shapley_shubik, "ss", POWERINDEX_SS_LIMIT),
    ]
    for name, index, code, limit in indices:
        for n in SIZES:
            game = seeded_game(n)
            ours, exact = best_time(lambda: index(game))  # noqa: B023 (run at once)
            if limit is not None and n > limit:
                print(f"| {n} | {name} | {ours:.4f} | fails (OverflowError, n! to float) | - | - |")
                continue
            weights = list(game.weights)
            theirs, floats = best_time(
                lambda: powerindex.calculate_power_index(weights, game.quota, code)  # noqa: B023
            )
            print(
                f"| {n} | {name} | {ours:.4f} | {theirs:.4f} | {theirs / ours:.1f}x "
                f"| {max_difference(exact, floats):.1e} |"
            )


if __name__ == "__main__":
    main()
