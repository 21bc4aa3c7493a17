"""Shared matplotlib set-up for the lab's charts: the Agg canvas, no pyplot global state."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from comity.errors import InputError
from comity.i18n import N_

if TYPE_CHECKING:
    from matplotlib.figure import Figure

SUFFIXES = (".png", ".svg")


def plot_target(path: str | Path) -> Path:
    """The plot file, refused unless it ends in ``.png`` or ``.svg``.

    >>> plot_target("chart.svg").name
    'chart.svg'
    """
    target = Path(path)
    if target.suffix.lower() not in SUFFIXES:
        raise InputError(
            N_("plots are written as .png or .svg, got {name!r}"),
            value=target.suffix,
            params={"name": target.name},
        )
    return target


def new_figure(path: str | Path, size: tuple[float, float]) -> tuple[Figure, Path]:
    """A figure on its own Agg canvas, and the checked target path."""
    target = plot_target(path)
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=size, layout="constrained")
    FigureCanvasAgg(figure)
    return figure, target


def save_figure(figure: Figure, target: Path) -> Path:
    """Write the figure in the format of the suffix; SVG without a date, so it is
    reproducible."""
    metadata = {"Date": None} if target.suffix.lower() == ".svg" else {}
    figure.savefig(target, metadata=metadata)
    return target
