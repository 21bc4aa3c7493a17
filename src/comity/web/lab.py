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
from comity.lab.feasibility import compositions, enlargement_days, load_votes
from comity.lab.games import body_game
from comity.lab.reports import body_power, passage_sweep, unga_report
from comity.lab.share import accessions, plot_shares, shares_by_indicator
from comity.lab.simulate import DEFAULT_SIZES, random_model
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
    analysis = body_power(body_game(state, body, rule=rule or None))
    bodies = [code for code, b in state.charter.bodies.items() if b.decision_rule is not None]
    return templates.TemplateResponse(
        request,
        "lab.html",
        {
            "as_of": as_of,
            "body": analysis.description["body"],
            "bodies": bodies,
            "rule": rule or "",
            "rules": ["", "consensus", "unanimity", "simple_majority", "qualified_majority"],
            "described": analysis.title,
            "passage": float(analysis.report.passage_probability),
            "rows": analysis.rows(),
        },
    )


@router.get("/lab/charts/power.svg")
def power_chart(
    record: RecordDep,
    as_of: AsOf,
    body: Annotated[str, Query()] = "CHS",
    rule: Annotated[str | None, Query()] = None,
) -> Response:
    state = record.state(as_of, require_charter=True)
    analysis = body_power(body_game(state, body, rule=rule or None))
    return svg(analysis.plot)


@router.get("/lab/charts/passage.svg")
def passage_chart() -> Response:
    """Exact passage probability (each member in favour with probability 1/2) by size."""
    sizes = list(DEFAULT_SIZES)
    found = passage_sweep(
        random_model(max(sizes), 2, seed=1),
        sizes=sizes,
        spreads=[1.0],
        rules=list(PASSAGE_RULES),
        proposals=0,
        seed=1,
        backend="local",
    )
    return svg(found.plot)


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
    days = enlargement_days(record.current_events(types=["StateAdmitted"]))
    states = record.states_on(days)
    members = {day: list(s.members()) for day, s in zip(days, states, strict=True)}
    # The same report as ``comity lab unga --enlargement``, for the latest composition.
    latest = days[-1] if days else None
    report = unga_report(
        load_votes(),
        members[latest] if latest else [],
        as_of=latest,
        rules=["consensus"],
        compositions=compositions(members.__getitem__, days),
    )
    return svg(lambda path: report.plot(path, rule="consensus"))
