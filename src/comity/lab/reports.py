"""The lab's analyses as report objects: one call computes everything an analysis shows, and
the command line (``comity lab power|simulate|unga``) and the web's lab page both render the
same object (its ``to_json()``, its table rows, its ``plot()``).

The EEC's Council of Ministers, 1958-1972: blocking takes 6 of the 17 votes, i.e. two large
states or a large and a middle one (3 + 3 x 2 = 9 minimal blocking coalitions), and Luxembourg
is a dummy.

>>> analysis = weighted_game_power([4, 4, 4, 2, 2, 1], 12, ["FR", "DE", "IT", "BE", "NL", "LU"])
>>> analysis.report.dummy_players, analysis.to_json()["minimal_blocking_coalitions"]
(('LU',), 9)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

from comity.errors import InputError
from comity.i18n import N_
from comity.lab.agreement import Agreement, agreement, agreement_by_session, plot_agreement
from comity.lab.backends import Backend, available_backends
from comity.lab.feasibility import (
    Feasibility,
    RuleLike,
    Treatment,
    enlargement_effect,
    feasibility,
    plot_enlargement,
    what_if,
)
from comity.lab.games import BodyGame
from comity.lab.ideal_points import IdealPoints, ideal_points, periods, plot_ideal_points
from comity.lab.power import (
    PowerReport,
    SimpleGame,
    WeightedGame,
    minimal_blocking_coalitions,
    plot_power,
    power_report,
)
from comity.lab.simulate import (
    DEFAULT_SIZES,
    SpatialModel,
    SweepResult,
    plot_passage,
    random_model,
    read_ideal_points,
    read_votes,
    sweep,
)
from comity.lab.votes import Votes

__all__ = [
    "PassageSweep",
    "PowerAnalysis",
    "UngaReport",
    "body_power",
    "passage_sweep",
    "spatial_model",
    "unga_report",
    "weighted_game_power",
]


# -- voting power ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PowerAnalysis:
    """Voting power in one game: the exact indices, the blocking coalitions and how the game
    was made (``description``, the first keys of the JSON; ``title``, one line)."""

    game: SimpleGame
    description: Mapping[str, Any]
    title: str
    report: PowerReport
    blocking: int | None

    def to_json(self) -> dict[str, Any]:
        return {
            **self.description,
            **self.report.to_json(),
            "passage_probability_exact": str(self.report.passage_probability),
            "minimal_blocking_coalitions": self.blocking,
        }

    def rows(self) -> list[dict[str, Any]]:
        """One row per member: its normalised Banzhaf and Shapley-Shubik index, and a veto."""
        report = self.report
        return [
            {
                "state": name,
                "banzhaf": float(report.banzhaf[i]),
                "shapley_shubik": float(report.shapley_shubik[i]),
                "veto": name in report.veto_players,
            }
            for i, name in enumerate(report.names)
        ]

    def plot(self, path: str | Path) -> Path:
        return plot_power(self.report, path, title=self.title)


def _analysis(game: SimpleGame, description: Mapping[str, Any], title: str) -> PowerAnalysis:
    return PowerAnalysis(
        game, description, title, power_report(game), minimal_blocking_coalitions(game)
    )


def weighted_game_power(
    weights: Sequence[int], quota: int, names: Sequence[str] | None = None
) -> PowerAnalysis:
    """Voting power in the weighted game ``[quota; weights]``."""
    game = WeightedGame(tuple(weights), quota, tuple(names or ()))
    description = {"game": "weighted", "weights": list(game.weights), "quota": quota}
    return _analysis(game, description, f"[{quota}; {', '.join(map(str, game.weights))}]")


def body_power(found: BodyGame) -> PowerAnalysis:
    """Voting power in a body on a date (:func:`comity.lab.games.body_game`)."""
    description = {
        "game": "body",
        "body": found.body,
        "as_of": found.as_of.isoformat(),
        "rule": found.rule.spec(),
        "concerned": found.concerned,
        "abstention": found.abstention,
    }
    return _analysis(found.game, description, found.describe())


# -- passage by membership size --------------------------------------------------------------


@dataclass(frozen=True)
class PassageSweep:
    """Passage probability by rule and membership size: exact and in the spatial model."""

    model: SpatialModel
    proposals: int
    seed: int
    results: list[SweepResult]
    #: The proposals' spreads asked for, in the order given.
    spreads: tuple[float, ...] = (1.0,)

    def to_json(self) -> dict[str, Any]:
        quo = self.model.status_quo
        return {
            "model": {
                "members": list(self.model.names),
                "dims": self.model.dims,
                "status_quo": [float(x) for x in quo] if quo is not None else None,
                "proposals": self.proposals,
                "seed": self.seed,
                "backends": list(available_backends()),
            },
            "results": [r.to_json() for r in self.results],
        }

    def plot(self, path: str | Path) -> Path:
        return plot_passage(self.results, path)


def spatial_model(
    *,
    ideal_points_csv: tuple[str, str] | None = None,
    votes_csv: tuple[str, str] | None = None,
    sizes: Sequence[int] | None = None,
    dims: int = 2,
    seed: int = 0,
    status_quo: Sequence[float] | None = None,
) -> tuple[SpatialModel, list[int]]:
    """The members' model and the sizes to sweep: ideal points read from a CSV ``(text,
    source)``, or estimated from a roll-call CSV, or drawn at random (seeded)."""
    if ideal_points_csv is not None and votes_csv is not None:
        raise InputError(N_("give --ideal-points or --votes, not both"), params={})
    if ideal_points_csv is not None:
        model = read_ideal_points(*ideal_points_csv)
    elif votes_csv is not None:
        model = read_votes(votes_csv[0], dims, votes_csv[1])
    else:
        size_list = list(sizes) if sizes else list(DEFAULT_SIZES)
        quo = list(status_quo) if status_quo else None
        return random_model(max(size_list), dims, seed=seed, status_quo=quo), size_list
    if status_quo is not None:
        model = SpatialModel(model.ideal_points, np.array(status_quo), names=model.names)
    return model, list(sizes) if sizes else [model.n]


def passage_sweep(
    model: SpatialModel,
    *,
    sizes: Sequence[int],
    spreads: Sequence[float] = (1.0,),
    rules: Sequence[str],
    proposals: int = 100_000,
    seed: int = 0,
    backend: Backend = "auto",
    progress: Callable[[int, int], None] | None = None,
) -> PassageSweep:
    """:func:`comity.lab.simulate.sweep` as a report."""
    results = sweep(
        model,
        sizes=sizes,
        spreads=spreads,
        rules=rules,
        proposals=proposals,
        seed=seed,
        backend=backend,
        progress=progress,
    )
    return PassageSweep(model, proposals, seed, results, tuple(spreads))


# -- UN General Assembly votes ---------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class UngaReport:
    """The members' positions on the UN General Assembly's roll calls: feasibility of a common
    position under each rule, their agreement, and what was asked besides (the compositions
    after each enlargement, an admission, ideal points)."""

    as_of: date | None
    source: str
    result: Feasibility
    agreement: Agreement
    breakdown: str | None
    enlargement: Mapping[str, Feasibility] = field(default_factory=dict)
    applicant: str | None = None
    before: Feasibility | None = None
    after: Feasibility | None = None
    fitted: IdealPoints | None = None
    by_session: Mapping[int, Agreement] = field(default_factory=dict)

    @property
    def compared(self) -> dict[str, Feasibility]:
        """The compositions compared: after each enlargement, and without and with the
        applicant."""
        found = dict(self.enlargement)
        if self.applicant is not None and self.before is not None and self.after is not None:
            found |= {
                f"without {self.applicant}": self.before,
                f"with {self.applicant}": self.after,
            }
        return found

    def to_json(self) -> dict[str, Any]:
        # By session is the agreement's breakdown (``by_session``), not the rules'.
        by = self.breakdown if self.breakdown != "session" else None
        data: dict[str, Any] = {
            "as_of": None if self.as_of is None else self.as_of.isoformat(),
            **self.result.to_json(by=by),
            "agreement": self.agreement.to_json(),
            "source": self.source,
        }
        if self.enlargement:
            data["enlargement"] = {k: v.to_json(by=by) for k, v in self.enlargement.items()}
        if self.applicant is not None and self.before is not None and self.after is not None:
            data["what_if"] = {
                "applicant": self.applicant,
                "before": self.before.to_json(by=by),
                "after": self.after.to_json(by=by),
            }
        if self.fitted is not None:
            data["ideal_points"] = self.fitted.to_json()
        if self.by_session:
            data["agreement_by_session"] = {
                str(n): found.to_json() for n, found in self.by_session.items()
            }
        return data

    def plot(
        self, path: str | Path, *, rule: str = "consensus", groups: Mapping[str, str] | None = None
    ) -> Path:
        """The ideal points if estimated, else the compositions compared year by year under
        ``rule``, else the agreement heatmap."""
        if self.fitted is not None:
            return plot_ideal_points(self.fitted, path, groups=groups)
        if self.compared:
            return plot_enlargement(self.compared, path, rule=rule)
        return plot_agreement(self.agreement, path)


def unga_report(
    votes: Votes,
    members: Sequence[str],
    *,
    as_of: date | None = None,
    start: int | None = None,
    end: int | None = None,
    rules: Sequence[RuleLike] | None = None,
    treatment: Treatment | None = None,
    weights: Mapping[str, int | Fraction] | None = None,
    breakdown: str | None = None,
    compositions: Mapping[str, Sequence[str]] | None = None,
    applicant: str | None = None,
    ideal: int = 0,
    period_years: int = 5,
) -> UngaReport:
    """Everything ``comity lab unga`` shows, for ``members`` (on ``as_of``, if they are the
    members on a date) over the roll calls of ``start`` to ``end`` (default: all the data's
    years): feasibility, agreement, and if asked the ``compositions`` compared, the admission
    of ``applicant`` and ideal points in ``ideal`` dimensions."""
    years = votes.roll_calls.year
    start = start if start is not None else int(years.min())
    end = end if end is not None else int(years.max())
    options: dict[str, Any] = {
        "start": start,
        "end": end,
        "rules": rules,
        "treatment": treatment or Treatment(),
        "weights": weights,
    }
    result = feasibility(votes, members, **options)
    found = agreement(votes, members, start=start, end=end)
    before = after = None
    if applicant is not None:
        before, after = what_if(votes, members, applicant, **options)
    fitted = None
    if ideal:
        fitted = ideal_points(votes, spans=periods(start, end, period_years), dims=ideal)
    return UngaReport(
        as_of=as_of,
        source=votes.source,
        result=result,
        agreement=found,
        breakdown=breakdown,
        enlargement=enlargement_effect(votes, compositions, **options) if compositions else {},
        applicant=applicant,
        before=before,
        after=after,
        fitted=fitted,
        by_session=(
            agreement_by_session(votes, members, start=start, end=end)
            if breakdown == "session"
            else {}
        ),
    )
