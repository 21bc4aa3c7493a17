"""The research lab on the command line: ``comity lab power|simulate|reform|share`` (``unga``
is in :mod:`comity.cli.lab_unga`, ``comity data fetch`` in :mod:`comity.cli.data`). Each
command is a few lines over one library call in :mod:`comity.lab`; ``--json`` prints data,
``--plot FILE`` writes a PNG or SVG chart."""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from comity.charter.rules import parse_fraction
from comity.cli.common import (
    AsOfOption,
    JsonOption,
    PlotOption,
    check_plot,
    day_option,
    emit_json,
    errors,
    lab_app,
    out,
    plot_written,
    progress_bar,
    today,
    with_record,
)
from comity.cli.data import data_app, worldbank_folder
from comity.dates import parse_date
from comity.errors import InputError
from comity.i18n import N_, _
from comity.lab.backends import BACKENDS
from comity.lab.games import ABSTENTION_TREATMENTS, AbstentionTreatment, body_game
from comity.lab.power import PowerReport
from comity.lab.reform import ReformReport, compare_reform, plot_reform
from comity.lab.reports import (
    PassageSweep,
    PowerAnalysis,
    body_power,
    passage_sweep,
    spatial_model,
    weighted_game_power,
)
from comity.lab.share import (
    accessions,
    plot_shares,
    shares_by_indicator,
    world_share,
)
from comity.lab.simulate import (
    DEFAULT_RULES,
)
from comity.lab.worldbank import INDICATORS, indicator, load_series
from comity.record import Record
from comity.states import parse_state

RuleOption = Annotated[
    str | None,
    typer.Option(
        help="consensus, consensus_minus_one, unanimity, simple_majority, qualified_majority, "
        "weighted_majority, double_majority (default: the body's rule on that date)."
    ),
]
INDICES = ("banzhaf", "shapley", "coleman", "all")

__all__ = ["PlotOption", "check_plot", "data_app", "lab_app", "progress_bar"]


def _numbers(text: str, what: str) -> list[int]:
    values: list[int] = []
    for part in text.split(","):
        try:
            values.append(int(part.strip()))
        except ValueError:
            raise InputError(
                N_("{what} are whole numbers separated by commas, e.g. 4,4,4,2,2,1; got {part!r}"),
                value=part.strip(),
                params={"what": what, "part": part.strip()},
            ) from None
    return values


def _state_weights(text: str) -> dict[str, Fraction]:
    weights: dict[str, Fraction] = {}
    for part in text.split(","):
        state, sep, value = part.partition("=")
        if not sep:
            raise InputError(
                N_(
                    "with --body, weights name their states: ISO3=number, e.g. "
                    "CHN=1412,IND=1428; got {part!r}"
                ),
                value=part.strip(),
                params={"part": part.strip()},
            )
        weights[parse_state(state)] = parse_fraction(value, f"weight of {state.strip()}")
    return weights


def _abstention(text: str) -> AbstentionTreatment:
    for treatment in ABSTENTION_TREATMENTS:
        if text.strip().lower() == treatment:
            return treatment
    raise InputError(
        N_("--abstention is one of {choices}, got {text!r}"),
        value=text,
        params={"choices": ", ".join(ABSTENTION_TREATMENTS), "text": text},
    )


def _fraction_text(value: Fraction) -> str:
    return f"{float(value):.4f}"


def _power_table(report: PowerReport, index: str) -> Table:
    table = Table()
    columns: list[tuple[str, tuple[Fraction, ...]]] = []
    if index in ("banzhaf", "all"):
        columns += [("Banzhaf", report.banzhaf), (_("Banzhaf abs."), report.banzhaf_absolute)]
    if index in ("shapley", "all"):
        columns.append(("Shapley-Shubik", report.shapley_shubik))
    if index in ("coleman", "all"):
        columns += [
            (_("prevent"), report.power_to_prevent),
            (_("initiate"), report.power_to_initiate),
        ]
    table.add_column(_("member"))
    for name, _values in columns:
        table.add_column(name, justify="right")
    table.add_column(_("veto"))
    for i, name in enumerate(report.names):
        veto = _("yes") if name in report.veto_players else ""
        table.add_row(name, *(_fraction_text(values[i]) for _name, values in columns), veto)
    return table


@lab_app.command()
def power(
    ctx: typer.Context,
    weights: Annotated[
        str | None,
        typer.Option(
            help="Weights 4,4,4,2,2,1 (with --quota), or ISO3=number for a weighted rule of a body."
        ),
    ] = None,
    quota: Annotated[
        int | None, typer.Option(help="Quota of the weighted game given by --weights.")
    ] = None,
    names: Annotated[
        str | None, typer.Option(help="Player names for --weights, e.g. FR,DE,IT,BE,NL,LU.")
    ] = None,
    body: Annotated[
        str, typer.Option(help="Body code for the real electorate, e.g. CHS, CMFA, CNC.")
    ] = "CHS",
    as_of: AsOfOption = None,
    rule: RuleOption = None,
    concerned: Annotated[
        str | None, typer.Option(help="The state concerned (consensus_minus_one).")
    ] = None,
    abstention: Annotated[
        str, typer.Option(help="A member not in favour: objection (no) or abstention.")
    ] = "objection",
    index: Annotated[
        str, typer.Option(help="Columns to show: banzhaf, shapley, coleman or all.")
    ] = "all",
    json_: JsonOption = False,
    plot: PlotOption = None,
) -> None:
    """Voting power in a weighted game, or in a body of the SCO on a date.

    Banzhaf (normalised and absolute), Shapley-Shubik, Coleman's power to prevent and to
    initiate, the passage probability, veto and dummy players, the numbers of minimal
    winning and blocking coalitions; all exact. Without --quota, the game is the body's
    members on --as-of under its rule (or --rule).

    Example: comity lab power --weights 4,4,4,2,2,1 --quota 12 --names FR,DE,IT,BE,NL,LU
    """
    with errors():
        check_plot(plot)
        if index not in INDICES:
            raise InputError(
                N_("--index is one of {choices}, got {index!r}"),
                value=index,
                params={"choices": ", ".join(INDICES), "index": index},
            )
        analysis = _power_analysis(ctx, weights, quota, names, body, as_of, rule, concerned,
                                   _abstention(abstention))  # fmt: skip
        if plot is not None:
            analysis.plot(plot)
    if json_:
        emit_json(analysis.to_json())
        return
    _print_power(analysis, index, plot)


def _power_analysis(
    ctx: typer.Context,
    weights: str | None,
    quota: int | None,
    names: str | None,
    body: str,
    as_of: str | None,
    rule: str | None,
    concerned: str | None,
    treatment: AbstentionTreatment,
) -> PowerAnalysis:
    """The weighted game given by --weights and --quota, or the body's on --as-of."""
    if quota is not None:
        if not weights:
            raise InputError(
                N_("--quota needs --weights, e.g. --weights 4,4,4,2,2,1 --quota 12"), params={}
            )
        player_names = [n.strip() for n in names.split(",")] if names else None
        return weighted_game_power(_numbers(weights, "weights"), quota, player_names)
    if names:
        raise InputError(
            N_("--names goes with --weights and --quota; a body has its members"), params={}
        )
    day = day_option(as_of)
    weight_map = _state_weights(weights) if weights else None
    return with_record(
        ctx,
        lambda r: body_power(
            body_game(
                r.state(day, require_charter=True),
                body,
                rule=rule,
                concerned=concerned,
                weights=weight_map,
                abstention=treatment,
            )
        ),
    )


def _print_power(analysis: PowerAnalysis, index: str, plot: Path | None) -> None:
    report = analysis.report
    heading = _("Voting power")
    out.print(f"[bold]{escape(heading)}[/]: {analysis.title}")
    out.print(_power_table(report, index))
    out.print(
        _("passage probability %(exact)s (%(approx)s)")
        % {
            "exact": report.passage_probability,
            "approx": f"{float(report.passage_probability):.4g}",
        }
    )
    out.print(
        _("veto players: %(players)s") % {"players": " ".join(report.veto_players) or _("none")}
    )
    out.print(
        _("dummy players: %(players)s") % {"players": " ".join(report.dummy_players) or _("none")}
    )
    out.print(
        _("minimal winning coalitions: %(winning)s; minimal blocking coalitions: %(blocking)s")
        % {"winning": report.minimal_winning_coalitions, "blocking": analysis.blocking}
    )
    plot_written(plot)


@lab_app.command()
def share(
    ctx: typer.Context,
    indicator_: Annotated[
        str, typer.Option("--indicator", help="gdp (current US$) or population.")
    ] = "gdp",
    year: Annotated[int, typer.Option(help="The year of the data.")] = 2019,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Membership on this date, YYYY-MM-DD (default: 31 Dec)."),
    ] = None,
    json_: JsonOption = False,
    plot: PlotOption = None,
) -> None:
    """The member states' share of world GDP or population in a year, from World Bank data.

    Membership is taken from the record on --as-of (default: 31 December of --year). The
    plot shows GDP and population shares over every year of the data, accessions marked.

    Example: comity lab share --indicator gdp --year 2019
    """
    with errors():
        check_plot(plot)
        found = indicator(indicator_)
        day = parse_date(as_of, what="--as-of dates") if as_of else date(year, 12, 31)
        if day.year != year:
            raise InputError(
                N_("--as-of {day} is not in {year}; membership is taken on a date of that year"),
                value=as_of,
                params={"day": day, "year": year},
            )
        folder = worldbank_folder()
        series = load_series(found.key, folder)
        all_series = {key: load_series(key, folder) for key in INDICATORS} if plot else {}
        years = sorted({y for s in all_series.values() for y in s.years()})
        days = [day] + [date(y, 12, 31) for y in years]
        states = with_record(ctx, lambda r: r.states_on(days))
        result = world_share(series, list(states[0].members()), year)
        if plot is not None:
            membership = {y: list(s.members()) for y, s in zip(years, states[1:], strict=True)}
            over_time = shares_by_indicator(all_series.values(), membership)
            plot_shares(over_time, accessions(states[-1]), plot)
    if json_:
        emit_json({**result.to_json(), "as_of": day.isoformat()})
        return
    if result.share is None:
        said = _("no world total of %(indicator)s for %(year)s in the data")
        out.print(f"[bold]{escape(said % {'indicator': found.title, 'year': year})}[/]")
    else:
        out.print(
            _("%(share)s of world %(indicator)s in %(year)s: %(n)s member states on %(day)s")
            % {
                "share": f"[bold]{100 * result.share:.2f}%[/]",
                "indicator": found.title,
                "year": year,
                "n": len(result.members),
                "day": day,
            }
        )
    out.print(_("members: %(members)s") % {"members": " ".join(result.members)})
    if result.missing:
        said = _("no %(year)s value for %(states)s: left out")
        out.print(f"[yellow]{escape(said % {'year': year, 'states': ' '.join(result.missing)})}[/]")
    if result.world is not None:
        out.print(
            _("%(total)s of %(world)s %(unit)s")
            % {"total": f"{result.total:.4g}", "world": f"{result.world:.4g}", "unit": found.unit}
        )
    out.print(_("source: %(source)s") % {"source": result.source})
    plot_written(plot)


def _floats(text: str, what: str) -> list[float]:
    try:
        return [float(x) for x in text.split(",")]
    except ValueError:
        raise InputError(
            N_("{what} are numbers separated by commas, got {text!r}"),
            value=text,
            params={"what": what, "text": text},
        ) from None


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as e:
        raise InputError(
            N_("cannot read {path}: {reason}"),
            value=str(path),
            params={"path": path, "reason": e.strerror},
        ) from None


@lab_app.command()
def simulate(
    sizes: Annotated[
        str | None,
        typer.Option(help="Membership sizes, e.g. 6,8,9,10,12,15 (default: the SCO's and more)."),
    ] = None,
    rules: Annotated[str, typer.Option(help="Rules to compare, comma-separated.")] = ",".join(
        DEFAULT_RULES
    ),
    proposals: Annotated[
        int, typer.Option(help="Proposals drawn per size in the spatial model (0: exact only).")
    ] = 100_000,
    seed: Annotated[int, typer.Option(help="Seed of the random draws.")] = 0,
    dims: Annotated[int, typer.Option(help="Dimensions of the policy space.")] = 2,
    spread: Annotated[
        str, typer.Option(help="Standard deviation(s) of the proposals, e.g. 0.5,1,2.")
    ] = "1",
    status_quo: Annotated[
        str | None, typer.Option(help="The status quo's coordinates (default: the origin).")
    ] = None,
    ideal_points: Annotated[
        Path | None, typer.Option(help="CSV state,x1[,x2...] of the members' ideal points.")
    ] = None,
    votes: Annotated[
        Path | None,
        typer.Option(help="CSV state,vote1,... (yes/no/abstain): ideal points estimated."),
    ] = None,
    backend: Annotated[
        str, typer.Option(help="auto, local, dask or ray (auto: Dask or Ray if installed).")
    ] = "auto",
    json_: JsonOption = False,
    plot: PlotOption = None,
) -> None:
    """Passage probability by rule as membership grows: exact (each member in favour with
    probability 1/2) and in a spatial model of proposals against a status quo (simulated).

    Members' ideal points are random (seeded), or read from --ideal-points, or estimated
    from a roll-call record given as --votes. Results carry 95 % Wilson intervals.

    Example: comity lab simulate --sizes 6,8,9,10,15 --proposals 200000 --seed 1
    """
    with errors():
        check_plot(plot)
        rule_names = [r.strip() for r in rules.split(",") if r.strip()]
        spreads = _floats(spread, "--spread values")
        model, size_list = spatial_model(
            ideal_points_csv=(_read_text(ideal_points), str(ideal_points))
            if ideal_points
            else None,
            votes_csv=(_read_text(votes), str(votes)) if votes else None,
            sizes=_numbers(sizes, "sizes") if sizes else None,
            dims=dims,
            seed=seed,
            status_quo=_floats(status_quo, "coordinates") if status_quo else None,
        )
        if backend not in BACKENDS:
            raise InputError(
                N_("--backend is auto, local, dask or ray, got {backend!r}"),
                value=backend,
                params={"backend": backend},
            )
        with progress_bar(_("simulating")) as bar:
            task = bar.add_task("sweep", total=len(size_list) * len(spreads))
            found = passage_sweep(
                model,
                sizes=size_list,
                spreads=spreads,
                rules=rule_names,
                proposals=proposals,
                seed=seed,
                backend=backend,  # type: ignore[arg-type]
                progress=lambda done, total: bar.update(task, completed=done, total=total),
            )
        if plot is not None:
            found.plot(plot)
    if json_:
        emit_json(found.to_json())
        return
    _print_passage(found, plot)


def _print_passage(found: PassageSweep, plot: Path | None) -> None:
    several = len(found.spreads) > 1
    table = Table()
    table.add_column("n", justify="right")
    if several:
        table.add_column("sd", justify="right")
    table.add_column(_("rule"), justify="left")
    for column in (_("exact"), _("spatial [95% CI]"), _("dist")):
        table.add_column(column, justify="right")
    for result in found.results:
        for rule, exact in result.exact.items():
            spatial = result.spatial.get(rule)
            estimate = ""
            if spatial:
                low, high = spatial.adoption.interval
                estimate = f"{spatial.adoption.rate:.3g} [{low:.3g}, {high:.3g}]"
            distance = spatial.mean_distance if spatial else None
            table.add_row(
                str(result.size),
                *([f"{result.spread:g}"] if several else []),
                rule,
                f"{float(exact):.3g}",
                estimate,
                f"{distance:.2f}" if distance is not None else "",
            )
    said = _(
        "exact with members in favour at random (p = 1/2); spatial: %(proposals)s proposals "
        "per size, %(dims)s-dimensional, seed %(seed)s"
    ) % {"proposals": found.proposals, "dims": found.model.dims, "seed": found.seed}
    heading = _("Passage probability")
    out.print(f"[bold]{escape(heading)}[/]: {escape(said)}")
    out.print(table)
    out.print(_("dist: mean distance of the adopted proposals from their status quo"))
    plot_written(plot)


def _reform_report(
    record: Record, reform: str, as_of: str | None, since: str | None
) -> ReformReport:
    start = parse_date(since, what="--since dates") if since else None
    day = day_option(as_of) if as_of else None
    return compare_reform(
        record.definition, record.current_events(), reform, day, since=start, today=today()
    )


@lab_app.command()
def reform(
    ctx: typer.Context,
    reform_id: Annotated[str, typer.Argument(help="The reform, e.g. cnc-majority.")],
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Compare the bodies on this date (default: today, or the reform's date if later).",
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(help="Apply the reform from this date instead of its own (replay the past)."),
    ] = None,
    json_: JsonOption = False,
    plot: PlotOption = None,
) -> None:
    """What a reform would change: each body's rule and its members' voting power before and
    after, and the recorded decisions whose outcome the reformed rule would change.

    Example: comity lab reform cnc-majority
    """
    with errors():
        check_plot(plot)
        report = with_record(ctx, lambda r: _reform_report(r, reform_id, as_of, since))
        if plot is not None:
            plot_reform(report, plot)
    if json_:
        emit_json(report.to_json())
        return
    _print_reform(report, plot)


def _print_reform(report: ReformReport, plot: Path | None) -> None:
    said = (
        _("from %(effective)s (in force on %(as_of)s); %(n)s members: %(members)s")
        if report.effective <= report.as_of
        else _("from %(effective)s (not yet in force on %(as_of)s); %(n)s members: %(members)s")
    )
    out.print(f"[bold]{report.reform.title}[/] ({report.reform.id})")
    out.print(
        said
        % {
            "effective": report.effective,
            "as_of": report.as_of,
            "n": len(report.members),
            "members": " ".join(report.members),
        }
    )
    table = Table()
    for column, justify in (
        (_("body"), "left"),
        (_("rule as is"), "left"),
        (_("with reform"), "left"),
        (_("passage as is"), "right"),
        (_("with reform"), "right"),
        (_("veto"), "left"),
    ):
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    for body in report.bodies:
        if body.before is None and body.after is None:
            continue
        before = float(body.before.passage_probability) if body.before else None
        after = float(body.after.passage_probability) if body.after else None
        vetoes = (
            f"{len(body.before.veto_players) if body.before else '-'} -> "
            f"{len(body.after.veto_players) if body.after else '-'}"
        )
        marker = "[bold yellow]" if body.changed else ""
        table.add_row(
            f"{marker}{body.body}",
            body.rule_before,
            f"{marker}{body.rule_after}",
            f"{before:.4g}" if before is not None else "-",
            f"{marker}{after:.4g}" if after is not None else "-",
            vetoes,
        )
    out.print(table)
    changed = [d for d in report.decisions if d.differs]
    if not report.decisions:
        out.print(
            _("no recorded decisions with positions from %(start)s to %(end)s")
            % {"start": report.effective, "end": report.as_of}
        )
    else:
        out.print(
            _("%(n)s recorded decisions replayed; %(changed)s would differ")
            % {"n": len(report.decisions), "changed": len(changed)}
        )
        for d in changed:
            said = (
                _("%(day)s %(body)s %(what)s: adopted under %(rule)s")
                if d.adopted_after
                else _("%(day)s %(body)s %(what)s: not adopted under %(rule)s")
            )
            out.print(
                "  " + said % {"day": d.day, "body": d.body, "what": d.what, "rule": d.rule_after}
            )
    plot_written(plot)
