"""The UN-votes lab modules import no database, web or CLI code, even when they run."""

from __future__ import annotations

from layering import run_without_infrastructure


def test_unga_analyses_run_without_infrastructure() -> None:
    # The decision rules are imported on first use, so the analyses are run, not just imported.
    result = run_without_infrastructure(
        """
from comity.lab import ideal_points, positions, unga_fetch, _rdata
votes = positions.load_votes()
positions.feasibility(votes, ["CHN", "RUS"], start=2019, weights={"CHN": 2, "RUS": 1})
ideal_points.ideal_points(votes, spans=[(2019, 2019)])
"""
    )
    assert result.returncode == 0, result.stderr
