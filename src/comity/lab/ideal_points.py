"""Ideal points: each state's position, in one or two dimensions, estimated from its votes.

The model is the Bayesian item-response model of roll-call voting of Clinton, Jackman &
Rivers (2004): state ``i`` has an ideal point ``x_i`` in ``R^d`` (``d`` = 1 or 2), roll call
``j`` has a difficulty ``a_j`` and a discrimination ``b_j`` in ``R^d``, and

.. math:: y^*_{ij} = a_j + b_j^\\top x_i + \\varepsilon_{ij}, \\qquad
          \\varepsilon_{ij} \\sim N(0, 1), \\qquad
          y_{ij} = \\mathbf{1}[y^*_{ij} > 0]

with ``y_ij = 1`` a yes and ``y_ij = 0`` a no, under the priors ``x_i ~ N(0, I)`` and
``(a_j, b_j) ~ N(0, s^2 I)`` (``s^2 = 25``). The posterior mode is found by the EM algorithm of
Imai, Lo & Olmsted (2016), which treats ``y*`` as missing data:

* E step: ``z_ij = E[y*_ij | y_ij] = m_ij + phi(m_ij) / Phi(m_ij)`` for a yes,
  ``m_ij - phi(m_ij) / (1 - Phi(m_ij))`` for a no, and ``m_ij`` where there is no vote, with
  ``m_ij = a_j + b_j' x_i``;
* M step: the ridge regressions ``(a_j, b_j) = (X'X + I/s^2)^{-1} X' z_j`` (``X`` = ``[1, x]``)
  and ``x_i = (B'B + I)^{-1} B' (z_i - a)``, both in closed form for all rows at once;

until the correlation of successive ideal points exceeds ``1 - 1e-6`` in every dimension
(their stopping rule). An abstention is, by choice (``abstention``), missing (the default, as
in Clinton, Jackman & Rivers' binary model) or a no ("not in favour").

**Uncertainty.** ``"laplace"`` (default): the inverse of the Fisher information of ``x_i``
given the roll calls' parameters, ``(I + sum_j b_j b_j' phi(m_ij)^2 / (Phi(m_ij)
(1 - Phi(m_ij))))^{-1}`` (it ignores the roll calls' own uncertainty, so it is a lower bound);
``"bootstrap"``: the parametric bootstrap that Imai, Lo & Olmsted recommend: votes are drawn
from the fitted model, the model refitted, and the standard deviation taken over replicates
aligned to the estimate.

**Identification.** The model is unchanged by a shift, a rescaling and (in two dimensions) a
rotation or reflection of the space. Estimates are therefore normalised: centred, rotated to
their principal axes (dimension 1 the one along which the states differ most), scaled to unit
standard deviation on each dimension, and reflected so that the first anchor (default
``USA``) is positive on dimension 1 and the second (default ``CHN``) positive on dimension 2.
Periods are estimated separately, so a position is comparable across periods only relative to
the others (as in Voeten 2000); Bailey, Strezhnev & Voeten (2017) bridge periods instead.

>>> rng = np.random.default_rng(1)
>>> truth = np.linspace(-1.5, 1.5, 12)
>>> votes, _ = simulate_votes(truth[:, None], 300, rng)
>>> fit = fit_ideal_points(votes, [f"S{i}" for i in range(12)], anchors=("S11",))
>>> bool(np.corrcoef(fit.x[:, 0], truth)[0, 1] > 0.95)
True

References
----------
Bailey, M. A., Strezhnev, A., & Voeten, E. (2017). Estimating dynamic state preferences from
    United Nations voting data. *Journal of Conflict Resolution* 61(2), 430-456.
Clinton, J., Jackman, S., & Rivers, D. (2004). The statistical analysis of roll call data.
    *American Political Science Review* 98(2), 355-370.
Imai, K., Lo, J., & Olmsted, J. (2016). Fast estimation of ideal points with massive data.
    *American Political Science Review* 110(4), 631-656.
Press, W. H., Teukolsky, S. A., Vetterling, W. T., & Flannery, B. P. (2007). *Numerical
    Recipes*, 3rd ed., section 6.2.2 (the Chebyshev fit to erfc used for Phi).
Voeten, E. (2000). Clashing in the Assembly. *International Organization* 54(2), 185-215.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from comity.errors import InputError
from comity.i18n import N_
from comity.lab.positions import ABSENT, ABSTAIN, NO, YES, Votes

__all__ = [
    "IdealPoints",
    "PeriodFit",
    "fit_ideal_points",
    "ideal_points",
    "norm_log_cdf",
    "periods",
    "plot_ideal_points",
    "simulate_votes",
]

Float = NDArray[np.float64]
Uncertainty = Literal["laplace", "bootstrap"]
IdealAbstention = Literal["missing", "no"]

ITEM_PRIOR_VARIANCE = 25.0
TOLERANCE = 1e-6
MAX_ITERATIONS = 2000
DEFAULT_ANCHORS = ("USA", "CHN")


# -- the normal distribution, without scipy --------------------------------------------------


def _log_erfc_positive(z: Float) -> Float:
    """``log erfc(z)`` for ``z >= 0``: Numerical Recipes' Chebyshev fit, relative error below
    1.2e-7 everywhere, and no underflow in the tail (it is computed as a logarithm)."""
    t = 1.0 / (1.0 + 0.5 * z)
    poly = -1.26551223 + t * (
        1.00002368
        + t
        * (
            0.37409196
            + t
            * (
                0.09678418
                + t
                * (
                    -0.18628806
                    + t
                    * (
                        0.27886807
                        + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))
                    )
                )
            )
        )
    )
    result: Float = np.log(t) - z * z + poly
    return result


def norm_log_cdf(x: Float) -> Float:
    """``log Phi(x)`` of the standard normal, accurate in both tails.

    >>> [round(float(v), 6) for v in np.exp(norm_log_cdf(np.array([-1.0, 0.0, 1.96])))]
    [0.158655, 0.5, 0.975002]
    >>> round(float(norm_log_cdf(np.array([-40.0]))[0]), 2)  # Phi(-40) is about 4e-350
    -804.61
    """
    x = np.asarray(x, dtype=np.float64)
    z = np.abs(x) / math.sqrt(2.0)
    log_tail = math.log(0.5) + _log_erfc_positive(z)  # log Phi(-|x|)
    result: Float = np.where(x < 0, log_tail, np.log1p(-np.exp(log_tail)))
    return result


def _mills(m: Float) -> Float:
    """``phi(m) / Phi(m)``, computed through logarithms so that it is finite for any ``m``."""
    log_pdf = -0.5 * m * m - 0.5 * math.log(2.0 * math.pi)
    result: Float = np.exp(log_pdf - norm_log_cdf(m))
    return result


# -- one fit ---------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class PeriodFit:
    """Ideal points of ``states`` (rows of ``x``, one column per dimension) with standard
    errors ``se``, from ``roll_calls`` roll calls; ``label`` names the period."""

    label: str
    states: tuple[str, ...]
    x: Float
    se: Float
    roll_calls: int
    iterations: int
    converged: bool
    uncertainty: Uncertainty

    @property
    def dims(self) -> int:
        return int(self.x.shape[1])

    def position(self, state: str) -> tuple[tuple[float, ...], tuple[float, ...]]:
        """``(estimate, standard error)`` of a state, one value per dimension."""
        i = self.states.index(state)
        return tuple(float(v) for v in self.x[i]), tuple(float(v) for v in self.se[i])

    def to_json(self) -> dict[str, Any]:
        return {
            "period": self.label,
            "roll_calls": self.roll_calls,
            "iterations": self.iterations,
            "converged": self.converged,
            "uncertainty": self.uncertainty,
            "positions": {
                s: {
                    "x": [round(float(v), 4) for v in self.x[i]],
                    "se": [round(float(v), 4) for v in self.se[i]],
                }
                for i, s in enumerate(self.states)
            },
        }


def _coded(matrix: NDArray[np.int8], abstention: IdealAbstention) -> Float:
    """1 for yes, 0 for no, NaN for no vote (and for an abstention unless it counts as no)."""
    y = np.full(matrix.shape, np.nan)
    y[matrix == YES] = 1.0
    y[matrix == NO] = 0.0
    if abstention == "no":
        y[matrix == ABSTAIN] = 0.0
    elif abstention != "missing":
        raise InputError(
            N_("for ideal points an abstention is 'missing' or 'no', got {abstention!r}"),
            value=abstention,
            params={"abstention": abstention},
        )
    y[matrix == ABSENT] = np.nan
    return y


def _em(
    y: Float, x0: Float, max_iterations: int, tolerance: float
) -> tuple[Float, Float, Float, int, bool]:
    """EM for the probit model of ``y`` (states x roll calls, NaN missing), from ``x0``.

    Returns ``(x, a, b, iterations, converged)``.
    """
    n, _ = y.shape
    d = x0.shape[1]
    # sign: +1 for a yes, -1 for a no, 0 for no vote; then E[y* | y] = m + sign * mills(sign m)
    # covers all three cases at once (mills(0) is finite and multiplied by 0).
    sign: Float = np.nan_to_num(2.0 * y - 1.0, nan=0.0)
    x = x0.copy()
    item_prior = np.eye(d + 1) / ITEM_PRIOR_VARIANCE
    a: Float = np.zeros(y.shape[1])
    b: Float = np.zeros((y.shape[1], d))
    converged = False
    iteration = 0
    for iteration in range(1, max_iterations + 1):
        design = np.hstack([np.ones((n, 1)), x])
        z: Float = sign
        if iteration > 1:
            m = a[None, :] + x @ b.T
            z = np.asarray(m + sign * _mills(sign * m), dtype=np.float64)
        items = np.asarray(
            np.linalg.solve(design.T @ design + item_prior, design.T @ z), dtype=np.float64
        )
        a, b = items[0], items[1:].T
        previous = x
        x = np.asarray(np.linalg.solve(b.T @ b + np.eye(d), b.T @ (z - a[None, :]).T).T)
        if iteration > 1 and _stable(previous, x, tolerance):
            converged = True
            break
    return x, a, b, iteration, converged


def _stable(previous: Float, current: Float, tolerance: float) -> bool:
    for k in range(current.shape[1]):
        p, c = previous[:, k], current[:, k]
        if p.std() == 0 or c.std() == 0:
            return bool(np.allclose(p, c, atol=tolerance))
        if np.corrcoef(p, c)[0, 1] < 1 - tolerance:
            return False
    return True


def _laplace_cov(y: Float, x: Float, a: Float, b: Float) -> NDArray[np.float64]:
    """Per state, the inverse Fisher information of ``x_i`` given the items (d x d each)."""
    m = a[None, :] + x @ b.T
    log_cdf, log_sf = norm_log_cdf(m), norm_log_cdf(-m)
    log_pdf = -0.5 * m * m - 0.5 * math.log(2.0 * math.pi)
    weight = np.exp(2 * log_pdf - log_cdf - log_sf)
    weight[np.isnan(y)] = 0.0
    d = x.shape[1]
    info = np.einsum("ij,jk,jl->ikl", weight, b, b) + np.eye(d)[None, :, :]
    cov: NDArray[np.float64] = np.linalg.inv(info)
    return cov


def _normalise(
    x: Float, states: Sequence[str], anchors: Sequence[str]
) -> tuple[Float, Float, Float]:
    """Centre, rotate to principal axes, scale to unit sd and reflect by the anchors.

    Returns ``(x_normalised, centre, transform)`` with ``x_normalised = (x - centre) @ T``.
    """
    centre = x.mean(axis=0)
    centred = x - centre
    d = x.shape[1]
    if d > 1:
        _, _, vt = np.linalg.svd(centred, full_matrices=False)
        rotation = vt.T
    else:
        rotation = np.eye(1)
    rotated = centred @ rotation
    scale = rotated.std(axis=0)
    scale[scale == 0] = 1.0
    transform = rotation / scale[None, :]
    present = [s for s in anchors if s in states]
    for k, anchor in enumerate(present[:d]):
        if (centred @ transform)[states.index(anchor), k] < 0:
            transform[:, k] = -transform[:, k]
    return centred @ transform, centre, transform


def _procrustes(replicate: Float, target: Float) -> Float:
    """The orthogonal rotation (or reflection) of ``replicate`` closest to ``target``."""
    u, _, vt = np.linalg.svd(replicate.T @ target)
    aligned: Float = replicate @ (u @ vt)
    return aligned


def simulate_votes(
    x: Float, roll_calls: int, rng: np.random.Generator, *, spread: float = 1.5
) -> tuple[NDArray[np.int8], tuple[Float, Float]]:
    """Votes of states at ideal points ``x`` (n x d) on random roll calls, drawn from the
    model: ``a_j ~ N(0, 1)``, ``b_j ~ N(0, spread^2 I)``; coded as :data:`YES` / :data:`NO`.

    Returns the states x roll calls codes and the roll calls' ``(a, b)``.
    """
    n, d = x.shape
    a = rng.normal(0.0, 1.0, roll_calls)
    b = rng.normal(0.0, spread, (roll_calls, d))
    probability_yes = np.exp(norm_log_cdf(a[None, :] + x @ b.T))
    codes = np.where(rng.random((n, roll_calls)) < probability_yes, YES, NO).astype(np.int8)
    return codes, (a, b)


def fit_ideal_points(
    votes: NDArray[np.int8],
    states: Sequence[str],
    *,
    dims: int = 1,
    abstention: IdealAbstention = "missing",
    uncertainty: Uncertainty = "laplace",
    replicates: int = 50,
    anchors: Sequence[str] = DEFAULT_ANCHORS,
    seed: int = 0,
    label: str = "",
    max_iterations: int = MAX_ITERATIONS,
    tolerance: float = TOLERANCE,
) -> PeriodFit:
    """Ideal points from a states x roll calls matrix of vote codes.

    Parameters
    ----------
    votes
        Codes :data:`~comity.lab.positions.YES`, ``ABSTAIN``, ``NO``, ``ABSENT``; one row per
        state (``states``), one column per roll call.
    dims
        1 or 2.
    abstention
        ``"missing"`` or ``"no"``.
    uncertainty
        ``"laplace"`` or ``"bootstrap"`` (with ``replicates`` draws, seeded by ``seed``).
    anchors
        States put on the positive side of dimension 1 and 2, in order; the first of them
        present in ``states`` is used for dimension 1 and the next for dimension 2.

    Returns
    -------
    PeriodFit
        Normalised ideal points and standard errors (see the module's text).
    """
    if dims not in (1, 2):
        raise InputError(
            N_("ideal points have 1 or 2 dimensions, got {dims}"), value=dims, params={"dims": dims}
        )
    if uncertainty not in ("laplace", "bootstrap"):
        raise InputError(
            N_("uncertainty is 'laplace' or 'bootstrap', got {uncertainty!r}"),
            value=uncertainty,
            params={"uncertainty": uncertainty},
        )
    states = tuple(states)
    y = _coded(np.asarray(votes), abstention)
    if y.shape[0] != len(states):
        raise InputError(
            N_("{rows} rows of votes for {states} states"),
            params={"rows": y.shape[0], "states": len(states)},
        )
    # A roll call with one side empty carries no information on positions.
    informative = (np.nansum(y == 1.0, axis=0) > 0) & (np.nansum(y == 0.0, axis=0) > 0)
    y = y[:, informative]
    if y.shape[1] < dims + 1 or len(states) < dims + 2:
        raise InputError(
            N_(
                "too little to estimate {dims}-dimensional positions: {states} states, "
                "{roll_calls} divided roll calls"
            ),
            value=label or None,
            params={"dims": dims, "states": len(states), "roll_calls": y.shape[1]},
        )
    start = _starting_points(y, dims)
    x, a, b, iterations, converged = _em(y, start, max_iterations, tolerance)
    estimate, _, transform = _normalise(x, states, anchors)
    if uncertainty == "laplace":
        cov = _laplace_cov(y, x, a, b)
        cov_norm = np.einsum("lk,ilm,mn->ikn", transform, cov, transform)
        se = np.sqrt(np.einsum("ikk->ik", cov_norm))
    else:
        rng = np.random.default_rng(seed)
        draws = []
        observed = ~np.isnan(y)
        probability = np.exp(norm_log_cdf(a[None, :] + x @ b.T))
        for _ in range(replicates):
            simulated = np.where(rng.random(y.shape) < probability, 1.0, 0.0)
            simulated[~observed] = np.nan
            xr, *_ = _em(simulated, x, max_iterations, tolerance)
            normalised, _, _ = _normalise(xr, states, anchors)
            draws.append(_procrustes(normalised, estimate) if dims > 1 else normalised)
        se = np.std(np.array(draws), axis=0, ddof=1)
    return PeriodFit(
        label=label,
        states=states,
        x=estimate,
        se=se,
        roll_calls=int(y.shape[1]),
        iterations=iterations,
        converged=converged,
        uncertainty=uncertainty,
    )


def _starting_points(y: Float, dims: int) -> Float:
    """Principal components of the centred vote matrix (missing as the roll call's mean),
    the usual start (Imai, Lo & Olmsted 2016, section 2.3)."""
    means = np.nanmean(y, axis=0)
    filled = np.where(np.isnan(y), means[None, :], y) - means[None, :]
    # The states' Gram matrix is small (states x states): its eigenvectors are the left
    # singular vectors of the vote matrix, at a fraction of an SVD's cost.
    values, vectors = np.linalg.eigh(filled @ filled.T)
    top = np.argsort(values)[::-1][:dims]
    start: Float = vectors[:, top] * math.sqrt(len(y))
    return start


# -- over periods ----------------------------------------------------------------------------


def periods(start: int, end: int, length: int) -> list[tuple[int, int]]:
    """Consecutive periods of ``length`` years from ``start``; the last may be shorter.

    >>> periods(1992, 2020, 10)
    [(1992, 2001), (2002, 2011), (2012, 2020)]
    """
    if length < 1:
        raise InputError(
            N_("a period is at least one year long, got {length}"),
            value=length,
            params={"length": length},
        )
    if start > end:
        raise InputError(
            N_("the period runs backwards: from {start} to {end}"),
            value=start,
            params={"start": start, "end": end},
        )
    return [(y, min(y + length - 1, end)) for y in range(start, end + 1, length)]


@dataclass(frozen=True, eq=False)
class IdealPoints:
    """Ideal points of the states, one :class:`PeriodFit` per period."""

    fits: tuple[PeriodFit, ...]
    periods: tuple[tuple[int, int], ...]
    dims: int
    abstention: IdealAbstention

    def to_json(self) -> dict[str, Any]:
        return {
            "method": "Clinton-Jackman-Rivers probit IRT, EM (Imai-Lo-Olmsted 2016)",
            "dims": self.dims,
            "abstention": self.abstention,
            "periods": [
                {"from": p[0], "to": p[1], **fit.to_json()}
                for p, fit in zip(self.periods, self.fits, strict=True)
            ],
        }

    def series(self, state: str, dim: int = 0) -> list[tuple[int, int, float, float]]:
        """``(from, to, estimate, se)`` of a state on a dimension, period by period."""
        found = []
        for (a, b), fit in zip(self.periods, self.fits, strict=True):
            if state in fit.states:
                i = fit.states.index(state)
                found.append((a, b, float(fit.x[i, dim]), float(fit.se[i, dim])))
        return found


def ideal_points(
    votes: Votes,
    *,
    states: Sequence[str] | None = None,
    spans: Sequence[tuple[int, int]] | None = None,
    dims: int = 1,
    min_votes: int = 20,
    abstention: IdealAbstention = "missing",
    uncertainty: Uncertainty = "laplace",
    replicates: int = 50,
    anchors: Sequence[str] = DEFAULT_ANCHORS,
    seed: int = 0,
) -> IdealPoints:
    """Ideal points of ``states`` (default: every state in the data) in each period of
    ``spans`` (default: five-year periods over the data), fitted separately.

    A state with fewer than ``min_votes`` yes or no votes in a period (for instance
    Uzbekistan before December 1994) is left out of that period.

    >>> from comity.lab.positions import load_votes
    >>> result = ideal_points(load_votes(), spans=[(2010, 2019)])
    >>> fit = result.fits[0]
    >>> sorted(["USA", "CHN", "DEU"], key=lambda state: fit.position(state)[0][0])
    ['CHN', 'DEU', 'USA']
    """
    years = votes.roll_calls.year
    if spans is None:
        spans = periods(int(years.min()), int(years.max()), 5)
    chosen = tuple(states) if states is not None else votes.states
    columns = votes.columns(chosen)
    codes = tuple(votes.states[c] for c in columns)
    fits = []
    for a, b in spans:
        mask = votes.period(a, b)
        block = votes.matrix[np.ix_(mask, columns)].T
        decided = _coded(block, abstention)
        enough = (~np.isnan(decided)).sum(axis=1) >= min_votes
        fits.append(
            fit_ideal_points(
                block[enough],
                [s for s, keep in zip(codes, enough, strict=True) if keep],
                dims=dims,
                abstention=abstention,
                uncertainty=uncertainty,
                replicates=replicates,
                anchors=anchors,
                seed=seed,
                label=f"{a}-{b}" if a != b else str(a),
            )
        )
    return IdealPoints(tuple(fits), tuple(spans), dims, abstention)


# -- plot ------------------------------------------------------------------------------------

GROUP_STYLE: dict[str, tuple[str, str]] = {
    "member": ("tab:red", "o"),
    "observer": ("tab:blue", "s"),
    "partner": ("tab:green", "^"),
    "other": ("grey", "x"),
}


def plot_ideal_points(
    result: IdealPoints,
    path: str | Path,
    *,
    groups: Mapping[str, str] | None = None,
    title: str | None = None,
) -> Path:
    """Draw the ideal points over time, states coloured by their group (``groups`` maps a
    state to ``member``, ``observer`` or ``partner``; others are ``other``).

    One dimension: position against the period's middle year, with 95 % intervals
    (``1.96 se``). Two dimensions: each state's path through the periods, its latest
    position marked and labelled. The format follows the suffix of ``path``.
    """
    from comity.lab._plotting import new_figure, save_figure

    groups = groups or {}
    figure, target = new_figure(path, (9.0, 6.0))
    axes = figure.add_subplot()
    seen: set[str] = set()
    states = sorted({s for fit in result.fits for s in fit.states})
    for state in states:
        group = groups.get(state, "other")
        colour, marker = GROUP_STYLE.get(group, GROUP_STYLE["other"])
        legend = group if group not in seen else None
        seen.add(group)
        if result.dims == 1:
            rows = result.series(state)
            middle = [(a + b) / 2 for a, b, _, _ in rows]
            values = [v for _, _, v, _ in rows]
            axes.errorbar(
                middle,
                values,
                yerr=[1.96 * se for _, _, _, se in rows],
                color=colour,
                marker=marker,
                markersize=4,
                linewidth=1,
                capsize=2,
                alpha=0.8,
                label=legend,
            )
            if rows:
                axes.annotate(state, (middle[-1], values[-1]), xytext=(4, 0),
                              textcoords="offset points", fontsize=7, color=colour)  # fmt: skip
        else:
            path_points = [
                fit.x[fit.states.index(state)] for fit in result.fits if state in fit.states
            ]
            xs = [p[0] for p in path_points]
            ys = [p[1] for p in path_points]
            axes.plot(xs, ys, color=colour, linewidth=0.8, alpha=0.6)
            axes.scatter(xs[-1:], ys[-1:], color=colour, marker=marker, s=30, label=legend)
            axes.annotate(state, (xs[-1], ys[-1]), xytext=(3, 3), textcoords="offset points",
                          fontsize=7, color=colour)  # fmt: skip
    if result.dims == 1:
        axes.set_xlabel("period (middle year)")
        axes.set_ylabel("ideal point, dimension 1 (USA positive)")
    else:
        axes.set_xlabel("dimension 1 (USA positive)")
        axes.set_ylabel("dimension 2")
        first, last = result.fits[0].label, result.fits[-1].label
        axes.text(0.01, 0.01, f"paths from {first} to {last}; marker: {last}",
                  transform=axes.transAxes, fontsize=7, color="dimgrey")  # fmt: skip
    axes.set_title(title or "UN General Assembly ideal points (Clinton-Jackman-Rivers, EM)")
    axes.legend(loc="best", fontsize=8)
    return save_figure(figure, target)
