"""Pairwise agreement of states' UN General Assembly votes (the agreement index; Lijphart's
with ``abstention="half"``), and its heatmap. See :mod:`comity.lab.positions` for the formula
and the references.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from comity.errors import InputError
from comity.i18n import N_
from comity.lab.votes import ABSENT, ABSTAIN, NO, YES, IntArray, Votes, issue_mask, load_votes

__all__ = [
    "Agreement",
    "AgreementAbstention",
    "agreement",
    "agreement_by_session",
    "load_votes",
    "plot_agreement",
]


AgreementAbstention = Literal["vote", "half"]


@dataclass(frozen=True, eq=False)
class Agreement:
    """Pairwise agreement: ``agree[a, b] / both[a, b]`` is the agreement index of states
    ``a`` and ``b`` over the ``both[a, b]`` roll calls on which both have a recorded vote."""

    states: tuple[str, ...]
    agree: NDArray[np.float64]
    both: IntArray
    roll_calls: int
    abstention: AgreementAbstention

    @property
    def share(self) -> NDArray[np.float64]:
        """The agreement index; NaN for a pair that never voted on the same roll call."""
        with np.errstate(invalid="ignore", divide="ignore"):
            result: NDArray[np.float64] = np.where(
                self.both > 0, self.agree / np.maximum(self.both, 1), np.nan
            )
        return result

    def pair(self, a: str, b: str) -> tuple[float | None, int]:
        """``(index, count)`` for two states."""
        i, j = self.states.index(a), self.states.index(b)
        n = int(self.both[i, j])
        return (float(self.agree[i, j]) / n if n else None), n

    def to_json(self) -> dict[str, Any]:
        """``{"states", "roll_calls", "abstention", "share": {a: {b: x}}, "count": {...}}``."""
        share = self.share
        return {
            "states": list(self.states),
            "roll_calls": self.roll_calls,
            "abstention": self.abstention,
            "share": {
                a: {
                    b: None if math.isnan(share[i, j]) else round(float(share[i, j]), 6)
                    for j, b in enumerate(self.states)
                }
                for i, a in enumerate(self.states)
            },
            "count": {
                a: {b: int(self.both[i, j]) for j, b in enumerate(self.states)}
                for i, a in enumerate(self.states)
            },
        }


def agreement(
    votes: Votes,
    states: Sequence[str],
    *,
    start: int | None = None,
    end: int | None = None,
    issue: str | None = None,
    abstention: AgreementAbstention = "vote",
    session: int | None = None,
) -> Agreement:
    """Pairwise agreement of ``states`` over the roll calls of years ``start`` to ``end``.

    .. math:: A_{ab} = \\frac{f_{ab} + h \\, g_{ab}}{|T_{ab}|}, \\qquad
              f = \\sum_{k \\in \\{y, a, n\\}} V_k^\\top V_k, \\quad
              g = V_a^\\top (V_y + V_n) + (V_y + V_n)^\\top V_a

    with ``V_k`` the roll-call x state indicator matrix of vote ``k`` and ``h`` 0 (an
    abstention is a vote of its own) or 1/2 (Lijphart 1963). ``issue`` keeps only the roll
    calls flagged with that issue code (:data:`ISSUES`).

    >>> result = agreement(load_votes(), ["CHN", "RUS", "USA"], start=2010, end=2020)
    >>> share, count = result.pair("CHN", "RUS")
    >>> round(share, 3), count
    (0.754, 901)
    """
    if abstention not in ("vote", "half"):
        raise InputError(
            N_("abstention is 'vote' or 'half', got {abstention!r}"),
            value=abstention,
            params={"abstention": abstention},
        )
    columns = votes.columns(states)
    mask = votes.period(start, end) & issue_mask(votes, issue)
    if session is not None:
        mask &= votes.roll_calls.session == session
    m = votes.matrix[np.ix_(mask, columns)]
    indicator = {k: (m == k).astype(np.float64) for k in (YES, ABSTAIN, NO)}
    present = (m != ABSENT).astype(np.float64)
    agree = sum(v.T @ v for v in indicator.values())
    if abstention == "half":
        decided = indicator[YES] + indicator[NO]
        agree = agree + 0.5 * (indicator[ABSTAIN].T @ decided + decided.T @ indicator[ABSTAIN])
    both = np.rint(present.T @ present).astype(np.int64)
    return Agreement(
        tuple(votes.states[c] for c in columns),
        np.asarray(agree, dtype=np.float64),
        both,
        int(mask.sum()),
        abstention,
    )


def agreement_by_session(
    votes: Votes,
    states: Sequence[str],
    *,
    start: int | None = None,
    end: int | None = None,
    issue: str | None = None,
    abstention: AgreementAbstention = "vote",
) -> dict[int, Agreement]:
    """:func:`agreement` in each UN session that has roll calls in years ``start`` to ``end``:
    with ``abstention="vote"`` the measure of the ``USAgree``... columns of Bailey, Strezhnev
    & Voeten's ideal-point file (identical votes over the roll calls on which both voted, per
    session; tests/lab/test_bsv_published.py).

    >>> found = agreement_by_session(load_votes(), ["RUS", "CHN"], start=2019)
    >>> found[74].pair("RUS", "CHN")[1], round(found[74].pair("RUS", "CHN")[0] or 0, 7)
    (87, 0.7931034)
    """
    mask = votes.period(start, end) & issue_mask(votes, issue)
    return {
        int(n): agreement(
            votes, states, start=start, end=end, issue=issue, abstention=abstention, session=n
        )
        for n in np.unique(votes.roll_calls.session[mask])
    }


def plot_agreement(result: Agreement, path: str | Path, *, title: str | None = None) -> Path:
    """Draw the agreement matrix as a heatmap (0 to 1), each cell labelled with its index;
    written in the format of the suffix of ``path`` (``.png`` or ``.svg``)."""
    from comity.lab._plotting import new_figure, save_figure

    n = len(result.states)
    size = max(4.0, 0.45 * n + 2.0)
    figure, target = new_figure(path, (size + 1.0, size))
    axes = figure.add_subplot()
    share = result.share
    image = axes.imshow(np.ma.masked_invalid(share), vmin=0.0, vmax=1.0, cmap="viridis")
    axes.set_xticks(range(n), result.states, rotation=90, fontsize=8)
    axes.set_yticks(range(n), result.states, fontsize=8)
    if n <= 16:
        for i in range(n):
            for j in range(n):
                if not math.isnan(share[i, j]):
                    colour = "black" if share[i, j] > 0.6 else "white"
                    axes.text(
                        j, i, f"{share[i, j]:.2f}", ha="center", va="center", fontsize=7, c=colour
                    )
    figure.colorbar(image, ax=axes, label="agreement index")
    axes.set_title(title or f"UN General Assembly agreement ({result.roll_calls} roll calls)")
    return save_figure(figure, target)
