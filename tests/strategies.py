"""Hypothesis strategies shared by the test suite."""

from __future__ import annotations

from hypothesis import strategies as st

from comity.charter.rules import Position

#: Real ISO3 codes of states that have dealt with the SCO, enough for electorates.
STATES = ("CHN", "RUS", "KAZ", "KGZ", "TJK", "UZB", "IND", "PAK", "IRN", "BLR", "MNG", "AFG")

positions_st = st.sampled_from(list(Position))


@st.composite
def electorates(draw: st.DrawFn, min_size: int = 1) -> tuple[list[str], dict[str, Position]]:
    """Eligible states and positions for some of them (the rest absent)."""
    eligible = draw(st.lists(st.sampled_from(STATES), min_size=min_size, unique=True))
    stated = draw(st.lists(st.sampled_from(eligible), unique=True)) if eligible else []
    positions = {s: draw(positions_st) for s in stated}
    return eligible, positions
