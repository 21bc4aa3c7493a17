"""Economic weight: the member states' share of the world's GDP and population.

For an indicator ``x`` (GDP in current US dollars, or population) in year ``t`` and the set
``M`` of member states,

.. math:: s_t = \\frac{\\sum_{i \\in M,\\, x_{i,t} \\text{ known}} x_{i,t}}{x_{\\mathrm{WLD},t}}

where ``WLD`` is the World Bank's world aggregate of the same vintage, so numerator and
denominator agree. Members with no value that year are listed as ``missing`` and left out of
the sum (the share is then a lower bound); a year without a world total (GDP in 2024, in the
shipped extract) has no share. Membership comes from the record: the CLI takes the members on
31 December of the year unless told another date.

>>> from comity.lab.worldbank import load_series
>>> result = world_share(load_series("population"), ["CHN", "IND"], 2020)
>>> round(result.share, 3), result.missing
(0.358, ())
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from comity.errors import InputError
from comity.i18n import N_
from comity.lab._plotting import new_figure, save_figure
from comity.lab.worldbank import WORLD, Series
from comity.state import MEMBER_STATUSES, InstitutionalState

__all__ = ["Share", "accessions", "plot_shares", "shares_over_time", "world_share"]


@dataclass(frozen=True)
class Share:
    """The members' share of the world total of an indicator in one year."""

    indicator: str
    year: int
    members: tuple[str, ...]
    share: float | None
    missing: tuple[str, ...]
    total: float
    world: float | None
    source: str

    def to_json(self) -> dict[str, Any]:
        """``{"indicator", "year", "members", "share", "missing", "total", "world", "source"}``."""
        return {
            "indicator": self.indicator,
            "year": self.year,
            "members": list(self.members),
            "share": self.share,
            "missing": list(self.missing),
            "total": self.total,
            "world": self.world,
            "source": self.source,
        }


def world_share(series: Series, members: Sequence[str], year: int) -> Share:
    """The members' share of the world total in ``year`` (see the module's formula);
    ``share`` is None when the data have no world total for that year.

    Raises
    ------
    InputError
        When ``year`` is before the data begin or in the future.
    """
    years = series.years()
    if not years or not years[0] <= year <= max(years[-1], date.today().year):
        key = series.indicator.key
        if not years:
            raise InputError(
                N_("the {indicator} data cover the years none, not {year}"),
                value=year,
                params={"indicator": key, "year": year},
            )
        raise InputError(
            N_("the {indicator} data cover the years {first}-{last}, not {year}"),
            value=year,
            params={"indicator": key, "first": years[0], "last": years[-1], "year": year},
        )
    world = series.value(WORLD, year)
    ordered = tuple(sorted(set(members)))
    known = {m: v for m in ordered if (v := series.value(m, year)) is not None}
    total = math.fsum(known.values())
    return Share(
        indicator=series.indicator.key,
        year=year,
        members=ordered,
        share=total / world if world else None,
        missing=tuple(m for m in ordered if m not in known),
        total=total,
        world=world,
        source=series.source,
    )


def shares_over_time(series: Series, membership: Mapping[int, Sequence[str]]) -> list[Share]:
    """The share in each year of ``membership`` (year -> members) that has a world total
    and at least one member."""
    known = set(series.years())
    return [
        world_share(series, members, year)
        for year, members in sorted(membership.items())
        if year in known and members
    ]


def shares_by_indicator(
    series: Iterable[Series], membership: Mapping[int, Sequence[str]]
) -> dict[str, list[Share]]:
    """Each indicator's shares by year, labelled as :func:`plot_shares` shows them, e.g.
    ``gdp (NY.GDP.MKTP.CD)``."""
    return {
        f"{s.indicator.key} ({s.indicator.code})": shares_over_time(s, membership) for s in series
    }


def _percent(share: Share) -> float:
    return 100 * share.share if share.share is not None else math.nan


def accessions(state: InstitutionalState) -> list[tuple[date, str]]:
    """When each state became a member, by the record up to the state's date: the start of
    every membership that followed a spell of another status (or none)."""
    found: list[tuple[date, str]] = []
    for code, spells in state.spells.items():
        was_member = False
        for spell in spells:
            is_member = spell.status in MEMBER_STATUSES
            if is_member and not was_member:
                found.append((spell.start, code))
            was_member = is_member
    return sorted(found)


def _year_fraction(day: date) -> float:
    start = date(day.year, 1, 1)
    return day.year + (day - start).days / (date(day.year + 1, 1, 1) - start).days


def plot_shares(
    shares: Mapping[str, Sequence[Share]],
    joined: Sequence[tuple[date, str]],
    path: str | Path,
) -> Path:
    """Draw each indicator's world share (in %) over the years, with accession dates marked
    by dashed lines labelled with the states that joined.

    ``shares`` maps an indicator's label to its shares by year; the format follows the
    suffix of ``path`` (``.png`` or ``.svg``).
    """
    figure, target = new_figure(path, (8.0, 4.5))
    axes = figure.add_subplot()
    years: list[int] = []
    top = 0.0
    for label, series in shares.items():
        xs = [s.year for s in series]
        years += xs
        axes.plot(xs, [_percent(s) for s in series], marker="o", markersize=3, label=label)
        top = max([top, *(_percent(s) for s in series if s.share is not None)])
    if not years:
        raise InputError(
            N_("nothing to plot: no year has both members and a world total"), params={}
        )
    first, last = min(years), max(years)
    by_day: dict[date, list[str]] = {}
    for day, code in joined:
        if first <= day.year <= last:
            by_day.setdefault(day, []).append(code)
    for day, codes in sorted(by_day.items()):
        x = _year_fraction(day)
        axes.axvline(x, color="grey", linestyle="--", linewidth=0.8)
        axes.annotate(
            " ".join(sorted(codes)),
            (x, 1.0),
            xycoords=("data", "axes fraction"),
            rotation=90,
            va="top",
            ha="right",
            fontsize=7,
            color="dimgrey",
        )
    axes.set_xlabel("year (membership on 31 December)")
    axes.set_ylabel("share of the world total (%)")
    axes.set_title("SCO member states' share of the world")
    axes.set_ylim(0, 1.3 * top)  # room above the curves for the accession labels
    axes.legend(loc="lower right")
    return save_figure(figure, target)
