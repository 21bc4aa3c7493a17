"""Ideal points recover known positions from votes simulated by the model itself."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from comity.errors import InputError
from comity.lab.ideal_points import (
    fit_ideal_points,
    ideal_points,
    norm_log_cdf,
    periods,
    plot_ideal_points,
    simulate_votes,
)
from comity.lab.positions import ABSENT, ABSTAIN, NO, YES, load_votes

NAMES = [f"S{i:02d}" for i in range(24)]


def _standardised(x: np.ndarray) -> np.ndarray:
    return (x - x.mean(axis=0)) / x.std(axis=0)


@pytest.fixture(scope="module")
def one_dimension() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(7)
    truth = np.sort(rng.normal(0.0, 1.0, len(NAMES)))[:, None]
    votes, _ = simulate_votes(truth, 400, rng)
    return truth, votes


def test_one_dimension_recovers_known_positions_within_their_uncertainty(
    one_dimension: tuple[np.ndarray, np.ndarray],
) -> None:
    truth, votes = one_dimension
    fit = fit_ideal_points(votes, NAMES, anchors=(NAMES[-1],))
    assert fit.converged
    assert np.corrcoef(fit.x[:, 0], truth[:, 0])[0, 1] > 0.97
    # Sign fixed by the anchor: the state with the largest true position is positive.
    assert fit.position(NAMES[-1])[0][0] > 0
    # The normalised estimate lies within 2.5 standard errors of the standardised truth
    # for nearly every state (the prior's pull to 0 and the Laplace bound allow a few out).
    inside = np.abs(fit.x[:, 0] - _standardised(truth)[:, 0]) <= 2.5 * fit.se[:, 0]
    assert inside.mean() >= 0.8


def test_bootstrap_errors_are_comparable_to_laplace(
    one_dimension: tuple[np.ndarray, np.ndarray],
) -> None:
    _, votes = one_dimension
    laplace = fit_ideal_points(votes, NAMES, anchors=(NAMES[-1],))
    boot = fit_ideal_points(
        votes, NAMES, anchors=(NAMES[-1],), uncertainty="bootstrap", replicates=20, seed=3
    )
    assert np.allclose(boot.x, laplace.x)
    ratio = np.median(boot.se[:, 0] / laplace.se[:, 0])
    assert 0.5 < ratio < 3.0


def test_two_dimensions_recover_a_known_plane_up_to_rotation() -> None:
    rng = np.random.default_rng(11)
    truth = rng.normal(0.0, 1.0, (30, 2))
    votes, _ = simulate_votes(truth, 600, rng)
    names = [f"T{i:02d}" for i in range(30)]
    fit = fit_ideal_points(votes, names, dims=2)
    assert fit.dims == 2
    # Best linear map from the estimate to the truth explains nearly all of it.
    design = np.hstack([fit.x, np.ones((30, 1))])
    coefficients, *_ = np.linalg.lstsq(design, truth, rcond=None)
    residual = truth - design @ coefficients
    r_squared = 1 - residual.var(axis=0) / truth.var(axis=0)
    assert np.all(r_squared > 0.9)
    # Normalised: centred, unit variance, uncorrelated dimensions.
    assert np.allclose(fit.x.mean(axis=0), 0, atol=1e-9)
    assert np.allclose(fit.x.std(axis=0), 1)
    assert abs(np.corrcoef(fit.x.T)[0, 1]) < 1e-6


def test_missing_votes_and_abstentions_are_handled(
    one_dimension: tuple[np.ndarray, np.ndarray],
) -> None:
    truth, votes = one_dimension
    rng = np.random.default_rng(5)
    holes = votes.copy()
    holes[rng.random(votes.shape) < 0.2] = ABSENT
    holes[rng.random(votes.shape) < 0.05] = ABSTAIN
    fit = fit_ideal_points(holes, NAMES, anchors=(NAMES[-1],))
    assert np.corrcoef(fit.x[:, 0], truth[:, 0])[0, 1] > 0.95
    as_no = fit_ideal_points(holes, NAMES, anchors=(NAMES[-1],), abstention="no")
    assert np.corrcoef(as_no.x[:, 0], truth[:, 0])[0, 1] > 0.9


def test_unanimous_roll_calls_are_left_out() -> None:
    rng = np.random.default_rng(2)
    votes, _ = simulate_votes(np.linspace(-1, 1, 10)[:, None], 50, rng)
    unanimous = np.full((10, 7), YES, dtype=np.int8)
    fit = fit_ideal_points(np.hstack([votes, unanimous]), NAMES[:10])
    divided = int(((votes == YES).any(axis=0) & (votes == NO).any(axis=0)).sum())
    assert fit.roll_calls == divided


def test_real_votes_put_the_usa_and_germany_apart_from_the_sco_founders() -> None:
    # The 2010s: the USA (the anchor) at one end, Germany nearer to it than China is.
    result = ideal_points(load_votes(), spans=[(2010, 2019)])
    fit = result.fits[0]
    usa, deu, chn = (fit.position(s)[0][0] for s in ("USA", "DEU", "CHN"))
    assert usa > deu > chn
    assert result.to_json()["periods"][0]["positions"]["USA"]["x"][0] == round(usa, 4)


def test_states_without_enough_votes_are_left_out_of_a_period() -> None:
    # Uzbekistan has no recorded vote before December 1994 (PROVENANCE.md).
    result = ideal_points(load_votes(), spans=[(1992, 1993), (1995, 1996)])
    assert "UZB" not in result.fits[0].states
    assert "UZB" in result.fits[1].states
    assert [row[:2] for row in result.series("UZB")] == [(1995, 1996)]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"dims": 3}, "1 or 2 dimensions"), ({"uncertainty": "mcmc"}, "'laplace' or 'bootstrap'"),
     ({"abstention": "yes"}, "'missing' or 'no'")],
)  # fmt: skip
def test_invalid_options_are_refused(kwargs: dict[str, object], message: str) -> None:
    votes = np.array([[YES, NO, YES], [NO, YES, YES], [YES, YES, NO]], dtype=np.int8)
    with pytest.raises(InputError, match=message):
        fit_ideal_points(votes, ["A", "B", "C"], **kwargs)  # type: ignore[arg-type]


def test_too_little_data_is_refused() -> None:
    with pytest.raises(InputError, match="too little"):
        fit_ideal_points(np.array([[YES], [NO]], dtype=np.int8), ["A", "B"])


def test_periods_cover_the_years_without_overlap() -> None:
    assert periods(1992, 2020, 5)[-1] == (2017, 2020)
    assert periods(2000, 2000, 3) == [(2000, 2000)]
    with pytest.raises(InputError):
        periods(2000, 2010, 0)


@settings(max_examples=200, deadline=None)
@given(st.floats(min_value=-37.0, max_value=8.0))
def test_normal_log_cdf_matches_the_standard_library(x: float) -> None:
    exact = math.log(0.5 * math.erfc(-x / math.sqrt(2)))
    found = float(norm_log_cdf(np.array([x]))[0])
    assert found == pytest.approx(exact, rel=2e-6, abs=2e-7)


@pytest.mark.parametrize("dims", [1, 2])
def test_plot_marks_members_observers_and_partners(tmp_path: Path, dims: int) -> None:
    result = ideal_points(
        load_votes(),
        states=["CHN", "RUS", "IND", "PAK", "MNG", "TUR", "USA", "DEU"],
        spans=[(2000, 2009), (2010, 2019)],
        dims=dims,
    )
    groups = {"CHN": "member", "RUS": "member", "MNG": "observer", "TUR": "partner"}
    path = plot_ideal_points(result, tmp_path / "ideal.svg", groups=groups)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("<?xml")
    for word in ("member", "observer", "partner", "other"):
        assert word in text
