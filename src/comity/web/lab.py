"""The lab page: the same charts as ``comity lab ... --plot``, drawn by the lab's own plot
functions and served as SVG."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from comity.api.auth import CALLER_INPUTS
from comity.api.deps import AsOf, RecordDep
from comity.lab.games import body_game
from comity.lab.positions import (
    ENLARGEMENTS,
    compositions,
    enlargement_effect,
    load_votes,
    plot_enlargement,
)
from comity.lab.power import plot_power, power_report
from comity.lab.share import accessions, plot_shares, shares_by_indicator
from comity.lab.simulate import DEFAULT_SIZES, plot_passage, random_model, sweep
from comity.lab.worldbank import INDICATORS, load_series
from comity.settings import Settings
from comity.web import templates

router = APIRouter(include_in_schema=False, dependencies=CALLER_INPUTS)

#: Rules compared on the passage chart: today's and the reform candidates.
PASSAGE_RULES = ("consensus", "qualified_majority", "simple_majority")


def svg(draw: Callable[[Path], Any]) -> Response:
    """Run a lab plot function into a temporary SVG file and answer with its bytes."""
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "chart.svg"
        draw(target)
        return Response(
            target.read_bytes(),
            media_type="image/svg+xml",
            headers={"Cache-Control": "no-cache"},
        )


@router.get("/lab", response_class=HTMLResponse)
def lab_page(
    request: Request,
    record: RecordDep,
    as_of: AsOf,
    body: Annotated[str, Query()] = "CHS",
    rule: Annotated[str | None, Query()] = None,
) -> HTMLResponse:
    """Voting power in a body on a date, passage by membership size, economic weight."""
    state = record.state(as_of, require_charter=True)
    found = body_game(state, body, rule=rule or None)
    report = power_report(found.game)
    rows = [
        {
            "state": name,
            "banzhaf": float(report.banzhaf[i]),
            "shapley_shubik": float(report.shapley_shubik[i]),
            "veto": name in report.veto_players,
        }
        for i, name in enumerate(report.names)
    ]
    bodies = [code for code, b in state.charter.bodies.items() if b.decision_rule is not None]
    return templates.TemplateResponse(
        request,
        "lab.html",
        {
            "as_of": as_of,
            "body": found.body,
            "bodies": bodies,
            "rule": rule or "",
            "rules": ["", "consensus", "unanimity", "simple_majority", "qualified_majority"],
            "described": found.describe(),
            "passage": float(report.passage_probability),
            "rows": rows,
        },
    )


@router.get("/lab/charts/power.svg")
def power_chart(
    record: RecordDep,
    as_of: AsOf,
    body: Annotated[str, Query()] = "CHS",
    rule: Annotated[str | None, Query()] = None,
) -> Response:
    found = body_game(record.state(as_of, require_charter=True), body, rule=rule or None)
    report = power_report(found.game)
    return svg(lambda path: plot_power(report, path, title=found.describe()))


@router.get("/lab/charts/passage.svg")
def passage_chart() -> Response:
    """Exact passage probability (each member in favour with probability 1/2) by size."""
    sizes = list(DEFAULT_SIZES)
    results = sweep(
        random_model(max(sizes), 2, seed=1),
        sizes=sizes,
        spreads=[1.0],
        rules=list(PASSAGE_RULES),
        proposals=0,
        seed=1,
        backend="local",
    )
    return svg(lambda path: plot_passage(results, path))


@router.get("/lab/charts/shares.svg")
def shares_chart(record: RecordDep) -> Response:
    """GDP and population shares of the members over the years, accessions marked."""
    folder = Settings().data_folder() / "worldbank"
    series = {key: load_series(key, folder) for key in INDICATORS}
    years = sorted({y for s in series.values() for y in s.years()})
    states = record.states_on([date(y, 12, 31) for y in years])
    membership = {y: list(s.members()) for y, s in zip(years, states, strict=True)}
    over_time = shares_by_indicator(series.values(), membership)
    return svg(lambda path: plot_shares(over_time, accessions(states[-1]), path))


@router.get("/lab/charts/unga-enlargement.svg")
def unga_enlargement_chart(record: RecordDep) -> Response:
    """How often the members after each enlargement could have taken a common position on
    UN General Assembly votes (no member against), year by year, on the same roll calls."""
    states = record.states_on(list(ENLARGEMENTS))
    members = {day: list(s.members()) for day, s in zip(ENLARGEMENTS, states, strict=True)}
    compared = enlargement_effect(load_votes(), compositions(members.__getitem__))
    return svg(lambda path: plot_enlargement(compared, path, rule="consensus"))
