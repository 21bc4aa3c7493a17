"""The cost of consensus: how likely a proposal is to pass as the organisation grows.

Two models of how members vote.

*Coin model* (Coleman 1971). Each member supports a proposal with probability 1/2,
independently; the passage probability of a rule is then the share of coalitions that win,
``A = |W| / 2**n``, computed exactly by :func:`comity.lab.power.passage_probability`. Under
consensus among ``n`` members ``A = 2**-n``; under a majority with quota ``k``,
``A = sum_{j >= k} C(n, j) / 2**n``. :func:`monte_carlo_passage` estimates the same by
simulation (with any support probability ``p``), as a check.

*Spatial model* (Euclidean preferences; e.g. Tsebelis 2002, ch. 1). Member ``i`` has an ideal
point ``x_i`` in ``R^d``; a proposal ``y`` is drawn from ``N(mu, sigma^2 I)`` and set against
the status quo ``q``. A member supports the proposal when it is closer to its ideal point:

.. math:: \\|x_i - y\\|^2 < \\|x_i - q\\|^2 \\iff 2\\,x_i \\cdot (y - q) > \\|y\\|^2 - \\|q\\|^2

so a batch of ``B`` proposals is decided by one ``B x d`` by ``d x n`` matrix product and
one comparison, and every rule is evaluated on the same support matrix by one more product
with the rules' weight vectors. Each (proposal, member) pair is one *simulated vote*.
Reported per rule: the adoption rate with a 95 % Wilson score interval (Wilson 1927;
Agresti & Coull 1998), the mean position of adopted proposals and their mean distance from
the status quo.

Random draws come from a seeded :class:`numpy.random.Generator`; a sweep gives each of its
tasks an independent stream spawned from one :class:`numpy.random.SeedSequence`, so results do
not depend on where or in which order the tasks run (locally, or on Dask or Ray when one of
them is installed).

References
----------
Agresti, A., & Coull, B. A. (1998). Approximate is better than "exact" for interval
    estimation of binomial proportions. *The American Statistician* 52, 119-126.
Coleman, J. S. (1971). Control of collectivities and the power of a collectivity to act.
    In B. Lieberman (ed.), *Social Choice*, 269-300. Gordon and Breach.
Tsebelis, G. (2002). *Veto Players: How Political Institutions Work*. Princeton UP.
Wilson, E. B. (1927). Probable inference, the law of succession, and statistical inference.
    *Journal of the American Statistical Association* 22, 209-212.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from comity.charter.rules import rule_from_spec
from comity.errors import InputError
from comity.i18n import N_
from comity.lab._plotting import new_figure, save_figure
from comity.lab.backends import Backend, available_backends, run
from comity.lab.games import game_for_rule
from comity.lab.power import (
    DoubleMajorityGame,
    PredicateGame,
    SimpleGame,
    passage_probability,
)

__all__ = [
    "DEFAULT_RULES",
    "DEFAULT_SIZES",
    "Backend",
    "Estimate",
    "SpatialModel",
    "SpatialResult",
    "SweepResult",
    "SweepTask",
    "available_backends",
    "exact_passage",
    "ideal_points_from_votes",
    "monte_carlo_passage",
    "plot_passage",
    "random_model",
    "read_ideal_points",
    "read_votes",
    "simulate_spatial",
    "size_game",
    "sweep",
    "wilson_interval",
]

FloatArray = npt.NDArray[np.float64]
#: The SCO's sizes: 6 (2001), 8 (2017), 9 (2023), 10 (2024); then hypothetical enlargements.
DEFAULT_SIZES = (6, 8, 9, 10, 12, 15, 20, 25)
DEFAULT_RULES = ("consensus", "consensus_minus_one", "qualified_majority", "simple_majority")
#: Proposals decided per batch: large enough for BLAS, small enough for the cache.
CHUNK = 1 << 15
Z95 = 1.959963984540054  # the 97.5 % quantile of the standard normal


def member_names(n: int) -> tuple[str, ...]:
    """Names of a hypothetical electorate: ``M01 ... Mnn``."""
    return tuple(f"M{i + 1:02d}" for i in range(n))


def size_game(rule: str, names: Sequence[str] | int) -> SimpleGame:
    """The game of ``rule`` (a charter rule's name or spec) among ``names`` (or ``n``
    hypothetical members); for consensus minus one the last member is the state concerned.

    >>> size_game("qualified_majority", 9).quota
    6
    """
    players = member_names(names) if isinstance(names, int) else tuple(names)
    chosen = rule_from_spec(rule)
    concerned = players[-1] if chosen.needs_concerned else None
    return game_for_rule(chosen, players, concerned=concerned)


def exact_passage(
    rules: Sequence[str] = DEFAULT_RULES, sizes: Sequence[int] = DEFAULT_SIZES
) -> dict[str, dict[int, Fraction]]:
    """Coleman's passage probability of each rule at each size, exactly.

    >>> exact_passage(["consensus", "simple_majority"], [6])
    {'consensus': {6: Fraction(1, 64)}, 'simple_majority': {6: Fraction(11, 32)}}
    """
    _check_sizes(sizes)
    return {rule: {n: passage_probability(size_game(rule, n)) for n in sizes} for rule in rules}


def _check_sizes(sizes: Sequence[int]) -> None:
    if not sizes:
        raise InputError(N_("give at least one membership size"), params={})
    for n in sizes:
        if n < 2:
            raise InputError(
                N_("a membership size is at least 2, got {n}"), value=n, params={"n": n}
            )


# -- estimates -------------------------------------------------------------------------------


def wilson_interval(successes: int, trials: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval for a binomial proportion (95 % by default).

    .. math:: \\frac{\\hat p + \\frac{z^2}{2N} \\pm z \\sqrt{\\frac{\\hat p (1 - \\hat p)}{N}
              + \\frac{z^2}{4N^2}}}{1 + \\frac{z^2}{N}}

    Unlike the normal approximation it stays inside ``[0, 1]`` and is not empty when no
    trial succeeds (Wilson 1927; Agresti & Coull 1998).

    >>> low, high = wilson_interval(0, 100)
    >>> round(low, 12), round(high, 4)
    (0.0, 0.037)
    """
    if trials <= 0:
        raise InputError(N_("an estimate needs at least one trial"), value=trials, params={})
    p = successes / trials
    denominator = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denominator
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True)
class Estimate:
    """A proportion estimated by simulation, with its 95 % Wilson interval."""

    successes: int
    trials: int

    @property
    def rate(self) -> float:
        return self.successes / self.trials

    @property
    def interval(self) -> tuple[float, float]:
        return wilson_interval(self.successes, self.trials)

    def to_json(self) -> dict[str, Any]:
        low, high = self.interval
        return {"rate": self.rate, "ci95": [low, high], "trials": self.trials}


def _rule_matrix(games: Sequence[SimpleGame]) -> tuple[FloatArray, FloatArray, list[int]]:
    """Weight columns and quotas of every quota test, and which game each belongs to."""
    columns: list[Sequence[int]] = []
    quotas: list[int] = []
    owner: list[int] = []
    for g, game in enumerate(games):
        if isinstance(game, PredicateGame):
            raise InputError(N_("simulations take weighted or double-majority games"), params={})
        columns.append(game.weights)
        quotas.append(game.quota)
        owner.append(g)
        if isinstance(game, DoubleMajorityGame):
            columns.append(game.second_weights)
            quotas.append(game.second_quota)
            owner.append(g)
    weights = np.array(columns, dtype=np.float64).T
    scale = np.maximum(weights.sum(axis=0), 1.0)
    # Scaled to totals of 1 so that float32 keeps the sums exact enough; the quotas move
    # down by half the smallest weight step to absorb rounding.
    return weights / scale, (np.array(quotas, dtype=np.float64) - 0.5) / scale, owner


class _Decider:
    """Evaluates many games on a support matrix with one matrix product."""

    def __init__(self, games: Sequence[SimpleGame]) -> None:
        weights, quotas, owner = _rule_matrix(games)
        steps = weights[weights > 0]
        if steps.size and quotas.size and (steps.min() < 1e-6):
            self.dtype: type[np.floating[Any]] = np.float64
        else:
            self.dtype = np.float32
        self.weights = weights.astype(self.dtype)
        self.quotas = quotas.astype(self.dtype)
        self.owner = np.array(owner)
        self.games = len(games)

    def adopted(self, support: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
        """``(B, games)``: whether each game adopts each row's proposal."""
        met: npt.NDArray[np.bool_] = (support.astype(self.dtype) @ self.weights) >= self.quotas
        if len(self.owner) == self.games:
            return met
        result = np.ones((support.shape[0], self.games), dtype=np.bool_)
        for column, g in enumerate(self.owner):
            result[:, g] &= met[:, column]
        return result


def monte_carlo_passage(
    game: SimpleGame,
    trials: int,
    rng: np.random.Generator,
    *,
    p: float = 0.5,
) -> Estimate:
    """Estimate the passage probability when each member supports with probability ``p``.

    With ``p = 1/2`` the exact value is :func:`~comity.lab.power.passage_probability`.

    >>> rng = np.random.default_rng(7)
    >>> estimate = monte_carlo_passage(size_game("simple_majority", 5), 100_000, rng)
    >>> low, high = estimate.interval
    >>> bool(low <= 0.5 <= high)
    True
    """
    if not 0 <= p <= 1:
        raise InputError(
            N_("a support probability is between 0 and 1, got {p}"), value=p, params={"p": p}
        )
    if trials <= 0:
        raise InputError(N_("simulate at least one vote"), value=trials, params={})
    decider = _Decider([game])
    adopted = 0
    for start in range(0, trials, CHUNK):
        size = min(CHUNK, trials - start)
        support = rng.random((size, game.n)) < p
        adopted += int(decider.adopted(support)[:, 0].sum())
    return Estimate(adopted, trials)


# -- the spatial model -----------------------------------------------------------------------


_NEEDS_COORDINATES = {
    "status_quo": N_("the status quo needs {d} coordinates"),
    "proposal_mean": N_("the proposal mean needs {d} coordinates"),
}


@dataclass(frozen=True)
class SpatialModel:
    """Members' ideal points, the status quo and the distribution of proposals.

    Parameters
    ----------
    ideal_points
        ``(n, d)`` array, one row per member.
    status_quo
        ``(d,)``: what stays in force when a proposal fails. ``None`` (the default) draws a
        new status quo for every proposal, from the proposals' own distribution.
    proposal_mean, proposal_sd
        Proposals are drawn from ``N(proposal_mean, proposal_sd**2 I)``.
    names
        The members' names (``M01 ...`` when omitted).
    """

    ideal_points: FloatArray
    status_quo: FloatArray | None = None
    proposal_mean: FloatArray | None = None
    proposal_sd: float = 1.0
    names: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        points = np.atleast_2d(np.asarray(self.ideal_points, dtype=np.float64))
        n, d = points.shape
        if n < 1 or d < 1:
            raise InputError(
                N_("a spatial model needs at least one member in at least 1 dimension"), params={}
            )
        if not np.isfinite(points).all():
            raise InputError(N_("ideal points must be finite numbers"), params={})
        object.__setattr__(self, "ideal_points", points)
        for name in ("status_quo", "proposal_mean"):
            value = getattr(self, name)
            if value is None and name == "status_quo":
                continue
            vector = np.zeros(d) if value is None else np.asarray(value, dtype=np.float64)
            if vector.shape != (d,) or not np.isfinite(vector).all():
                raise InputError(_NEEDS_COORDINATES[name], value=name, params={"d": d})
            object.__setattr__(self, name, vector)
        if not self.proposal_sd > 0:
            raise InputError(
                N_("the proposals' spread must be positive"), value=self.proposal_sd, params={}
            )
        names = self.names or member_names(n)
        if len(names) != n:
            raise InputError(
                N_("need one name per member: {n} members, {names} names"),
                params={"n": n, "names": len(names)},
            )
        object.__setattr__(self, "names", tuple(names))

    @property
    def n(self) -> int:
        return int(self.ideal_points.shape[0])

    @property
    def dims(self) -> int:
        return int(self.ideal_points.shape[1])

    def first(self, n: int) -> SpatialModel:
        """The model restricted to its first ``n`` members."""
        if not 1 <= n <= self.n:
            raise InputError(
                N_("the model has {members} members, not {n}"),
                value=n,
                params={"members": self.n, "n": n},
            )
        return SpatialModel(
            self.ideal_points[:n],
            self.status_quo,
            self.proposal_mean,
            self.proposal_sd,
            self.names[:n],
        )

    def support(self, proposals: FloatArray, quo: FloatArray) -> npt.NDArray[np.bool_]:
        """``(B, n)``: which member prefers which proposal to the status quo (``(d,)``, or
        ``(B, d)``: one per proposal).

        >>> model = SpatialModel(np.array([[0.0], [3.0]]))
        >>> model.support(np.array([[1.0]]), np.array([2.0])).tolist()
        [[True, False]]
        """
        quos = np.broadcast_to(quo, proposals.shape)
        lhs = (proposals - quos) @ (2.0 * self.ideal_points.T)
        rhs = np.einsum("ij,ij->i", proposals, proposals) - np.einsum("ij,ij->i", quos, quos)
        result: npt.NDArray[np.bool_] = lhs > rhs[:, None]
        return result


@dataclass(frozen=True)
class SpatialResult:
    """One rule's record over the simulated proposals."""

    rule: str
    adoption: Estimate
    mean_position: tuple[float, ...] | None
    mean_distance: float | None  # of adopted proposals from the status quo

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            **self.adoption.to_json(),
            "mean_position": list(self.mean_position) if self.mean_position else None,
            "mean_distance_from_status_quo": self.mean_distance,
        }


def simulate_spatial(
    model: SpatialModel,
    games: Mapping[str, SimpleGame],
    proposals: int,
    rng: np.random.Generator,
) -> dict[str, SpatialResult]:
    """Draw ``proposals`` proposals, let every member vote, decide each by every rule.

    Returns
    -------
    dict
        For each rule name, its adoption rate (with a 95 % interval), the mean position of
        the adopted proposals and their mean distance from the status quo.

    Examples
    --------
    The median member's ideal point is the status quo: no majority beats it (the median
    voter theorem), and consensus never moves it either.

    >>> model = SpatialModel(np.array([[-1.0], [0.0], [1.0]]), status_quo=np.array([0.0]))
    >>> games = {r: size_game(r, 3) for r in ("simple_majority", "consensus")}
    >>> result = simulate_spatial(model, games, 10_000, np.random.default_rng(1))
    >>> result["simple_majority"].adoption.successes, result["consensus"].adoption.successes
    (0, 0)
    """
    if proposals <= 0:
        raise InputError(N_("simulate at least one proposal"), value=proposals, params={})
    names = list(games)
    for name, game in games.items():
        if game.n != model.n:
            raise InputError(
                N_("the {name} game has {players} players and the model {members} members"),
                value=name,
                params={"name": name, "players": game.n, "members": model.n},
            )
    decider = _Decider([games[g] for g in names])
    # One row per rule: [adopted, sum of positions..., sum of distances from the status quo].
    totals = np.zeros((len(names), 2 + model.dims))
    mean, sd, q = model.proposal_mean, model.proposal_sd, model.status_quo
    assert mean is not None  # set in __post_init__
    # The hot loop runs in float32 (half the memory traffic of float64); the totals are
    # accumulated in float64. A vote within float32 rounding of a tie may go either way.
    towards = (2.0 * model.ideal_points.T).astype(np.float32)
    mean32 = mean.astype(np.float32)

    def draw(size: int) -> npt.NDArray[np.float32]:
        points = rng.standard_normal((size, model.dims), dtype=np.float32)
        points *= sd
        points += mean32
        return points

    for start in range(0, proposals, CHUNK):
        size = min(CHUNK, proposals - start)
        ys = draw(size)
        squares = np.einsum("ij,ij->i", ys, ys)
        if q is None:
            quos = draw(size)
            shift = quos @ towards
            threshold = squares - np.einsum("ij,ij->i", quos, quos)
            moved = ys - quos
            distance = np.sqrt(np.einsum("ij,ij->i", moved, moved))
        else:
            quo32 = q.astype(np.float32)
            shift = (quo32 @ towards)[None, :]
            threshold = squares - float(q @ q)
            distance = np.sqrt(np.maximum(squares - 2.0 * (ys @ quo32) + float(q @ q), 0.0))
        support = (ys @ towards - shift) > threshold[:, None]
        passed = decider.adopted(support)
        stats = np.column_stack([np.ones(size), ys, distance])
        totals += passed.astype(np.float64).T @ stats
    adopted = np.rint(totals[:, 0]).astype(np.int64)
    position_sums, distance_sums = totals[:, 1 : 1 + model.dims], totals[:, -1]
    results: dict[str, SpatialResult] = {}
    for g, name in enumerate(names):
        count = int(adopted[g])
        results[name] = SpatialResult(
            name,
            Estimate(count, proposals),
            tuple(float(x) for x in position_sums[g] / count) if count else None,
            float(distance_sums[g] / count) if count else None,
        )
    return results


def read_ideal_points(text: str, source: str = "ideal points") -> SpatialModel:
    """Read ideal points from CSV: a header ``state,x1[,x2,...]`` then one row per member.

    >>> read_ideal_points("state,x\\nCHN,0.5\\nIND,-0.5\\n").names
    ('CHN', 'IND')
    """
    rows = list(csv.reader(io.StringIO(text)))
    if len(rows) < 2 or len(rows[0]) < 2:
        raise InputError(
            N_("{source}: expected a header state,x1[,x2...] and one row per member"),
            params={"source": source},
        )
    names: list[str] = []
    points: list[list[float]] = []
    for line, row in enumerate(rows[1:], start=2):
        if not row:
            continue
        if len(row) != len(rows[0]):
            raise InputError(
                N_("{source}, line {line}: expected {columns} columns"),
                params={"source": source, "line": line, "columns": len(rows[0])},
            )
        try:
            points.append([float(x) for x in row[1:]])
        except ValueError as e:
            raise InputError(
                N_("{source}, line {line}: {problem}"),
                value=line,
                params={"source": source, "line": line, "problem": e},
            ) from None
        names.append(row[0].strip())
    return SpatialModel(np.array(points), names=tuple(names))


def ideal_points_from_votes(votes: FloatArray, dims: int = 2) -> FloatArray:
    """Estimate ideal points from a roll-call matrix by its leading principal components.

    ``votes`` is ``(members, roll calls)`` coded ``+1`` yes, ``-1`` no, ``0`` abstained or
    absent. The matrix is centred per roll call and the members' scores on the first
    ``dims`` components (``U_k S_k`` of the singular value decomposition) are scaled to unit
    standard deviation on the first dimension: a classical scaling of voting records
    (cf. Poole 2005, *Spatial Models of Parliamentary Voting*, ch. 2).

    >>> votes = np.array([[1, 1, -1], [1, -1, -1], [-1, -1, 1]], dtype=float)
    >>> points = ideal_points_from_votes(votes, 1)
    >>> points.shape, bool(points[0, 0] * points[2, 0] < 0)
    ((3, 1), True)
    """
    matrix = np.asarray(votes, dtype=np.float64)
    if matrix.ndim != 2 or matrix.shape[0] < 2 or matrix.shape[1] < 1:
        raise InputError(
            N_("a roll-call matrix needs at least two members and one vote"), params={}
        )
    if not 1 <= dims <= min(matrix.shape):
        raise InputError(
            N_("cannot estimate {dims} dimensions from a {shape} matrix"),
            params={"dims": dims, "shape": matrix.shape},
        )
    centred = matrix - matrix.mean(axis=0)
    u, s, _ = np.linalg.svd(centred, full_matrices=False)
    scores: FloatArray = u[:, :dims] * s[:dims]
    spread = scores[:, 0].std()
    return scores / spread if spread > 0 else scores


def random_model(
    n: int, dims: int = 2, *, seed: int = 0, status_quo: Sequence[float] | None = None
) -> SpatialModel:
    """``n`` members with ideal points drawn from ``N(0, I_dims)`` (seeded), proposals from
    ``N(0, I)``, the status quo at ``status_quo`` (default: drawn like the proposals).

    >>> random_model(3, 2, seed=1).ideal_points.shape
    (3, 2)
    """
    if n < 1 or dims < 1:
        raise InputError(
            N_("a random model needs at least one member and one dimension"), params={}
        )
    points = np.random.default_rng(seed).standard_normal((n, dims))
    quo = None if status_quo is None else np.asarray(status_quo, dtype=np.float64)
    return SpatialModel(points, quo)


def read_votes(text: str, dims: int = 2, source: str = "votes") -> SpatialModel:
    """Estimate a model from a roll-call CSV: header ``state,<vote ids>...``, one row per
    member, each vote ``yes``/``1``, ``no``/``-1`` or ``abstain``/``0``/empty; ideal points
    by :func:`ideal_points_from_votes`.

    >>> read_votes("state,a,b\\nCHN,yes,no\\nRUS,yes,yes\\nIND,no,abstain\\n", 1).names
    ('CHN', 'RUS', 'IND')
    """
    codes = {"yes": 1.0, "1": 1.0, "no": -1.0, "-1": -1.0, "abstain": 0.0, "0": 0.0, "": 0.0}
    rows = [r for r in csv.reader(io.StringIO(text)) if r]
    if len(rows) < 3 or len(rows[0]) < 2:
        raise InputError(
            N_("{source}: expected a header state,vote... and a row per member"),
            params={"source": source},
        )
    names: list[str] = []
    matrix: list[list[float]] = []
    for line, row in enumerate(rows[1:], start=2):
        if len(row) != len(rows[0]):
            raise InputError(
                N_("{source}, line {line}: expected {columns} columns"),
                params={"source": source, "line": line, "columns": len(rows[0])},
            )
        try:
            matrix.append([codes[v.strip().lower()] for v in row[1:]])
        except KeyError as e:
            raise InputError(
                N_("{source}, line {line}: a vote is yes, no or abstain, got {vote!r}"),
                value=e.args[0],
                params={"source": source, "line": line, "vote": e.args[0]},
            ) from None
        names.append(row[0].strip())
    points = ideal_points_from_votes(np.array(matrix), dims)
    return SpatialModel(points, names=tuple(names))


# -- sweeps ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SweepTask:
    """One point of a parameter sweep: the first ``size`` members, proposals' spread."""

    size: int
    spread: float
    proposals: int
    rules: tuple[str, ...]
    seed: np.random.SeedSequence


@dataclass(frozen=True)
class SweepResult:
    """One task's results: exact passage (coin model) and the spatial model's record."""

    size: int
    spread: float
    exact: dict[str, Fraction]
    spatial: dict[str, SpatialResult]

    def to_json(self) -> dict[str, Any]:
        return {
            "size": self.size,
            "spread": self.spread,
            "rules": {
                rule: {
                    "exact_passage": float(self.exact[rule]),
                    "exact_passage_fraction": str(self.exact[rule]),
                    "spatial": self.spatial[rule].to_json() if rule in self.spatial else None,
                }
                for rule in self.exact
            },
        }


def run_task(model: SpatialModel, task: SweepTask) -> SweepResult:
    """Run one task (a pure function of its arguments, so any worker can run it)."""
    sub = model.first(task.size)
    sub = SpatialModel(sub.ideal_points, sub.status_quo, sub.proposal_mean, task.spread, sub.names)
    games = {rule: size_game(rule, sub.names) for rule in task.rules}
    exact = {rule: passage_probability(game) for rule, game in games.items()}
    spatial = (
        simulate_spatial(sub, games, task.proposals, np.random.default_rng(task.seed))
        if task.proposals
        else {}
    )
    return SweepResult(task.size, task.spread, exact, spatial)


def sweep(
    model: SpatialModel,
    *,
    sizes: Sequence[int],
    spreads: Sequence[float] = (1.0,),
    rules: Sequence[str] = DEFAULT_RULES,
    proposals: int = 100_000,
    seed: int = 0,
    backend: Backend = "auto",
    progress: Callable[[int, int], None] | None = None,
) -> list[SweepResult]:
    """Run the spatial model for every size (the model's first ``n`` members) and spread.

    ``backend`` ``auto`` uses Dask if installed, else Ray if installed, else runs the
    tasks here one by one, calling ``progress(done, total)`` after each
    (:mod:`comity.lab.backends`).
    """
    _check_sizes(sizes)
    too_big = [n for n in sizes if n > model.n]
    if too_big:
        raise InputError(
            N_("the model has {members} members; sizes {sizes} are larger"),
            value=too_big[0],
            params={"members": model.n, "sizes": too_big},
        )
    for rule in rules:
        rule_from_spec(rule)  # unknown names fail before any work
    if proposals < 0:
        raise InputError(N_("the number of proposals is not negative"), value=proposals, params={})
    seeds = np.random.SeedSequence(seed).spawn(len(sizes) * len(spreads))
    tasks = [
        SweepTask(n, float(spread), proposals, tuple(rules), seeds[i * len(spreads) + j])
        for i, n in enumerate(sizes)
        for j, spread in enumerate(spreads)
    ]
    return run(run_task, model, tasks, backend, progress)


# -- plots -----------------------------------------------------------------------------------


def plot_passage(results: Sequence[SweepResult], path: str | Path) -> Path:
    """Draw passage probability against membership size, one line per rule: the exact coin
    model as lines, the spatial model's adoption rate as markers with 95 % intervals."""
    figure, target = new_figure(path, (7.5, 4.5))
    axes = figure.add_subplot()
    spreads = sorted({r.spread for r in results})
    rules = list(results[0].exact) if results else []
    colours = [f"C{i}" for i in range(len(rules))]
    first = [r for r in results if r.spread == spreads[0]] if spreads else []
    for rule, colour in zip(rules, colours, strict=True):
        sizes = [r.size for r in first]
        axes.plot(sizes, [float(r.exact[rule]) for r in first], color=colour, label=rule)
        for k, spread in enumerate(spreads):
            at = [r for r in results if r.spread == spread and rule in r.spatial]
            if not at:
                continue
            rates = np.array([r.spatial[rule].adoption.rate for r in at])
            bounds = np.array([r.spatial[rule].adoption.interval for r in at]).T
            axes.errorbar(
                [r.size + 0.1 * k for r in at],
                rates,
                yerr=np.abs(bounds - rates),
                fmt="os^vD"[k % 5],
                color=colour,
                markersize=4,
                linestyle="none",
                capsize=2,
                label=f"{rule}, spatial (sd {spread:g})" if len(spreads) > 1 else None,
            )
    axes.set_yscale("log")  # consensus falls as 2**-n: a straight line here
    axes.set_ylim(top=1.2)
    axes.set_xlabel("member states")
    axes.set_ylabel("passage probability")
    axes.set_title("Passage probability by rule (lines: coin model, exact; marks: spatial)")
    axes.legend(fontsize=7)
    return save_figure(figure, target)
