"""Time comity's UN General Assembly analyses against a naive plain-Python reading of the
same CSVs (csv module and dicts, one roll call at a time), in one process.

The full extract: 2,491 roll calls, 29 states. Each figure is the best of up to five runs
within a few seconds; the naive results are checked to equal comity's.

Run with ``.venv/bin/python bench/bench_positions.py``; the table is printed as Markdown.
"""

from __future__ import annotations

import csv
import io
import os
import platform
import time
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import numpy as np

from comity.lab import positions
from comity.lab.ideal_points import ideal_points, periods
from comity.lab.positions import (
    RULE_NAMES,
    agreement,
    enlargement_effect,
    feasibility,
    load_votes,
    shipped_csv,
    what_if,
)

T = TypeVar("T")
MEMBERS = ["BLR", "CHN", "IND", "IRN", "KAZ", "KGZ", "PAK", "RUS", "TJK", "UZB"]
FOUNDERS = ["CHN", "KAZ", "KGZ", "RUS", "TJK", "UZB"]
COMPOSITIONS = {
    "6": FOUNDERS,
    "8": [*FOUNDERS, "IND", "PAK"],
    "9": [*FOUNDERS, "IND", "PAK", "IRN"],
    "10": MEMBERS,
}
WEIGHTS = {s: 10 + i for i, s in enumerate(sorted({*MEMBERS, "TUR"}))}


def best_time(run: Callable[[], T], budget: float = 3.0) -> tuple[float, T]:
    times: list[float] = []
    started = time.perf_counter()
    while True:
        t0 = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - t0)
        if len(times) == 5 or time.perf_counter() - started > budget:
            return min(times), result


# -- the naive implementation ----------------------------------------------------------------

Calls = list[tuple[int, set[str], dict[str, str]]]


def naive_load() -> Calls:
    votes: dict[int, dict[str, str]] = {}
    for row in csv.DictReader(io.StringIO(shipped_csv("votes.csv").decode("utf-8"))):
        votes.setdefault(int(row["rcid"]), {})[row["iso3"]] = row["vote"]
    calls = []
    for row in csv.DictReader(io.StringIO(shipped_csv("roll_calls.csv").decode("utf-8"))):
        issues = {c for c in ("me", "nu", "di", "hr", "co", "ec") if row[c] == "1"}
        calls.append((int(row["date"][:4]), issues, votes.get(int(row["rcid"]), {})))
    return calls


def naive_agreement(calls: Calls, states: Sequence[str]) -> dict[tuple[str, str], float]:
    found = {}
    for a in states:
        for b in states:
            same = both = 0
            for _, _, v in calls:
                if a in v and b in v:
                    both += 1
                    same += v[a] == v[b]
            found[a, b] = same / both if both else float("nan")
    return found


def naive_adopted(v: dict[str, str], members: Sequence[str], rule: str) -> bool:
    yes = sum(v.get(m) == "yes" for m in members)
    no = sum(v.get(m) == "no" for m in members)
    n = len(members)
    weight_yes = sum(WEIGHTS[m] for m in members if v.get(m) == "yes")
    total = sum(WEIGHTS[m] for m in members)
    return {
        "consensus": no == 0,
        "unanimity": yes == n,
        "consensus_minus_one": no <= 1,
        "simple_majority": 2 * yes > yes + no,
        "qualified_majority": 3 * yes >= 2 * n,
        "weighted_majority": 2 * weight_yes >= total,
        "double_majority": 2 * yes >= n and 2 * weight_yes >= total,
    }[rule]


def naive_feasibility(calls: Calls, members: Sequence[str]) -> dict[str, int]:
    return {r: sum(naive_adopted(v, members, r) for _, _, v in calls) for r in RULE_NAMES}


def naive_by_issue(calls: Calls, members: Sequence[str]) -> dict[str, int]:
    return {
        code: sum(naive_adopted(v, members, "consensus") for _, i, v in calls if code in i)
        for code in ("me", "nu", "di", "hr", "co", "ec")
    }


def naive_by_year(calls: Calls, members: Sequence[str]) -> dict[int, int]:
    years = sorted({y for y, _, _ in calls})
    return {
        year: sum(naive_adopted(v, members, "consensus") for y, _, v in calls if y == year)
        for year in years
    }


def naive_enlargement(calls: Calls) -> dict[str, dict[str, int]]:
    return {label: naive_feasibility(calls, m) for label, m in COMPOSITIONS.items()}


# -- the runs --------------------------------------------------------------------------------


def cold_load() -> Any:
    positions._load_shipped.cache_clear()
    return load_votes()


def main() -> None:
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.system()}; "
        f"Python {platform.python_version()}, numpy {np.__version__}"
    )
    print()
    votes = load_votes()
    calls = naive_load()
    rows: list[tuple[str, float, float | None]] = []

    def compare(name: str, ours: Callable[[], Any], naive: Callable[[], Any] | None) -> None:
        ours_time, _ = best_time(ours)
        naive_time = best_time(naive)[0] if naive is not None else None
        rows.append((name, ours_time, naive_time))

    result = feasibility(votes, MEMBERS, weights=WEIGHTS)
    expected = naive_feasibility(calls, MEMBERS)
    assert {r: result.tally(r).adopted for r in RULE_NAMES} == expected
    share = agreement(votes, MEMBERS)
    naive_share = naive_agreement(calls, MEMBERS)
    assert all(
        abs((share.pair(a, b)[0] or 0) - naive_share[a, b]) < 1e-12
        for a in MEMBERS
        for b in MEMBERS
    )
    by_issue = result.by_issue()
    assert {k: v["consensus"].adopted for k, v in by_issue.items()} == naive_by_issue(
        calls, MEMBERS
    )

    compare("load the extract (2,491 x 29)", cold_load, naive_load)
    compare("agreement matrix, 10 states", lambda: agreement(votes, MEMBERS),
            lambda: naive_agreement(calls, MEMBERS))  # fmt: skip
    compare("agreement matrix, all 29 states", lambda: agreement(votes, votes.states),
            lambda: naive_agreement(calls, votes.states))  # fmt: skip
    compare("feasibility, 7 rules, 10 members",
            lambda: feasibility(votes, MEMBERS, weights=WEIGHTS),
            lambda: naive_feasibility(calls, MEMBERS))  # fmt: skip
    compare("... by issue (consensus)",
            lambda: feasibility(votes, MEMBERS, rules=["consensus"]).by_issue(),
            lambda: naive_by_issue(calls, MEMBERS))  # fmt: skip
    compare("... by year (consensus)",
            lambda: feasibility(votes, MEMBERS, rules=["consensus"]).by_year(),
            lambda: naive_by_year(calls, MEMBERS))  # fmt: skip
    compare("enlargement 6/8/9/10, 7 rules",
            lambda: enlargement_effect(votes, COMPOSITIONS, weights=WEIGHTS),
            lambda: naive_enlargement(calls))  # fmt: skip
    compare("what if TUR joined, 7 rules",
            lambda: what_if(votes, MEMBERS, "TUR", weights=WEIGHTS),
            lambda: (naive_feasibility(calls, MEMBERS),
                     naive_feasibility(calls, [*MEMBERS, "TUR"])))  # fmt: skip
    compare("ideal points 1-D, one period (2010-2019)",
            lambda: ideal_points(votes, spans=[(2010, 2019)]), None)  # fmt: skip
    compare("ideal points 2-D, one period (2010-2019)",
            lambda: ideal_points(votes, spans=[(2010, 2019)], dims=2), None)  # fmt: skip
    compare("ideal points 1-D, six 5-year periods",
            lambda: ideal_points(votes, spans=periods(1992, 2020, 5)), None)  # fmt: skip

    print("| analysis | comity (s) | naive Python (s) | naive / comity |")
    print("|---|---:|---:|---:|")
    for name, ours, naive in rows:
        if naive is None:
            print(f"| {name} | {ours:.4f} | - | - |")
        else:
            print(f"| {name} | {ours:.4f} | {naive:.4f} | {naive / ours:.0f}x |")


if __name__ == "__main__":
    main()
