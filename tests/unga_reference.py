"""An independent, plain-Python reading of the shipped UN General Assembly CSVs (csv module,
dicts, no numpy), against which :mod:`comity.lab.positions` is checked.

Each rule is written out again from the SCO Charter's Article 16 and the reform rules'
definitions, one roll call at a time, rather than taken from comity.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cache

from comity.lab.positions import shipped_csv

ISSUE_CODES = ("me", "nu", "di", "hr", "co", "ec")


@dataclass(frozen=True)
class Call:
    rcid: int
    year: int
    issues: frozenset[str]
    votes: Mapping[str, str]  # iso3 -> "yes" | "abstain" | "no"; absent states missing


@cache
def calls() -> tuple[Call, ...]:
    votes: dict[int, dict[str, str]] = {}
    for row in csv.DictReader(io.StringIO(shipped_csv("votes.csv").decode("utf-8"))):
        votes.setdefault(int(row["rcid"]), {})[row["iso3"]] = row["vote"]
    found = []
    for row in csv.DictReader(io.StringIO(shipped_csv("roll_calls.csv").decode("utf-8"))):
        rcid = int(row["rcid"])
        found.append(
            Call(
                rcid,
                int(row["date"][:4]),
                frozenset(c for c in ISSUE_CODES if row[c] == "1"),
                votes.get(rcid, {}),
            )
        )
    return tuple(found)


def period(start: int, end: int, issue: str | None = None) -> list[Call]:
    return [c for c in calls() if start <= c.year <= end and (issue is None or issue in c.issues)]


def agreement(a: str, b: str, start: int, end: int, half: bool = False) -> tuple[float, int]:
    """Share of roll calls on which ``a`` and ``b`` voted alike, among those both voted on."""
    agree, both = 0.0, 0
    for call in period(start, end):
        if a in call.votes and b in call.votes:
            both += 1
            va, vb = call.votes[a], call.votes[b]
            if va == vb:
                agree += 1
            elif half and "abstain" in (va, vb):
                agree += 0.5
    return agree / both, both


def adopted(
    call: Call,
    members: Sequence[str],
    rule: str,
    *,
    abstention: str = "abstention",
    absence: str = "absent",
    weights: Mapping[str, int] | None = None,
) -> bool | None:
    """Would ``rule`` adopt a common position of ``members`` on ``call``? None: not used."""
    if absence == "skip" and any(m not in call.votes for m in members):
        return None
    electorate = [m for m in members if absence != "not_member" or m in call.votes]
    if not electorate:
        return None
    yes = [m for m in electorate if call.votes.get(m) == "yes"]
    no = [m for m in electorate if call.votes.get(m) == "no"]
    abstaining = [m for m in electorate if call.votes.get(m) == "abstain"]
    if abstention == "objection":
        no, abstaining = no + abstaining, []
    if rule == "consensus":
        return not no
    if rule == "consensus_minus_one":
        return len(no) <= 1
    if rule == "unanimity":
        return len(yes) == len(electorate)
    if rule == "simple_majority":
        return len(yes) > Fraction(len(yes) + len(no), 2)
    if rule == "qualified_majority":
        return len(yes) >= Fraction(2, 3) * len(electorate)
    assert weights is not None
    total = sum(weights[m] for m in electorate)
    weight_yes = sum(weights[m] for m in yes)
    weight_met = total > 0 and 2 * weight_yes >= total
    if rule == "weighted_majority":
        return weight_met
    if rule == "double_majority":
        return 2 * len(yes) >= len(electorate) and weight_met
    raise AssertionError(rule)


def tally(
    members: Sequence[str],
    rule: str,
    start: int,
    end: int,
    *,
    issue: str | None = None,
    **options: object,
) -> tuple[int, int]:
    """(adopted, roll calls used) over a period."""
    results = [adopted(c, members, rule, **options) for c in period(start, end, issue)]  # type: ignore[arg-type]
    used = [r for r in results if r is not None]
    return sum(used), len(used)
