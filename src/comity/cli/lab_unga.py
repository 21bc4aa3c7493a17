"""``comity lab unga``: the members' positions in the UN General Assembly, and how often they
could have agreed under each rule of the charter; ``comity data fetch --source unga``
refreshes the votes. A few lines over :mod:`comity.lab.positions` and
:mod:`comity.lab.ideal_points`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Annotated, Any, cast

import typer
from rich.markup import escape
from rich.table import Table

from comity.charter.rules import parse_weights
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
    with_record,
)
from comity.cli.data import unga_folder, worldbank_folder
from comity.errors import InputError
from comity.events import Status
from comity.i18n import N_, _
from comity.lab.positions import (
    ABSENCE_TREATMENTS,
    ABSTENTION_TREATMENTS,
    ISSUES,
    RULE_NAMES,
    WEIGHTED_RULES,
    Feasibility,
    Tally,
    Treatment,
    Votes,
    agreement,
    compositions,
    enlargement_days,
    load_votes,
    parse_sessions,
    population_weights,
    select_sessions,
    source_for,
    source_for_sessions,
)
from comity.lab.reports import UngaReport, unga_report
from comity.record import Record
from comity.state import MEMBER_STATUSES
from comity.states import parse_state

GROUPS = {
    Status.OBSERVER: "observer",
    Status.DIALOGUE_PARTNER: "partner",
    Status.PARTNER: "partner",
}


SHORT_RULES = {
    "consensus": "consensus",
    "unanimity": "all yes",
    "consensus_minus_one": "cons. -1",
    "simple_majority": "simple",
    "qualified_majority": "2/3",
    "weighted_majority": "weighted",
    "double_majority": "double",
}
SHORT_ISSUES = {
    "me": "Middle East",
    "nu": "nuclear",
    "di": "disarmament",
    "hr": "human rights",
    "co": "colonialism",
    "ec": "development",
}


def _choice(text: str, allowed: Sequence[str], option: str) -> str:
    value = text.strip().lower()
    if value not in allowed:
        raise InputError(
            N_("{option} is one of {choices}, got {text!r}"),
            value=text,
            params={"option": option, "choices": ", ".join(allowed), "text": text},
        )
    return value


def _states(text: str) -> list[str]:
    return list(dict.fromkeys(parse_state(s) for s in text.split(",") if s.strip()))


def _share(t: Tally) -> str:
    return "-" if t.share is None else f"{100 * t.share:.1f}%"


def _rules_table(results: Mapping[str, Feasibility], title: str) -> Table:
    table = Table(title=title)
    table.add_column(_("members"), no_wrap=True)
    rules = next(iter(results.values())).rules
    for rule in rules:
        table.add_column(SHORT_RULES.get(rule, rule), justify="right")
    for label, result in results.items():
        table.add_row(label, *(_share(result.tally(rule)) for rule in rules))
    return table


def _breakdown_table(results: Mapping[str, Feasibility], by: str, rule: str, title: str) -> Table:
    table = Table(title=title)
    table.add_column(by, no_wrap=True)
    for label in results:
        table.add_column(label, justify="right")
    table.add_column(_("roll calls"), justify="right")
    first = next(iter(results.values()))
    keys: list[Any] = list(ISSUES) if by == "issue" else sorted(first.by_year())
    broken = {
        label: (r.by_issue() if by == "issue" else r.by_year()) for label, r in results.items()
    }
    for key in keys:
        name = f"{key} {SHORT_ISSUES[key]}" if by == "issue" else str(key)
        cells = [_share(broken[label][key][rule]) for label in results]
        table.add_row(name, *cells, str(broken[next(iter(results))][key][rule].total))
    return table


def _session_table(report: UngaReport) -> Table:
    """Agreement of each pair of states (at most 10 pairs), UN session by session."""
    states = report.agreement.states
    pairs = [(a, b) for i, a in enumerate(states) for b in states[i + 1 :]][:10]
    table = Table(title=_("agreement index by UN session"))
    table.add_column(_("session"), justify="right")
    table.add_column(_("roll calls"), justify="right")
    for a, b in pairs:
        table.add_column(f"{a}-{b}", justify="right")
    for session, found in report.by_session.items():
        cells = []
        for a, b in pairs:
            share, n = found.pair(a, b)
            cells.append("-" if share is None else f"{share:.3f} ({n})")
        table.add_row(str(session), str(found.roll_calls), *cells)
    return table


def _agreement_table(votes: Votes, states: list[str], **period: Any) -> Table:
    found = agreement(votes, states, **period)
    table = Table(title=_("agreement index (%(n)s roll calls)") % {"n": found.roll_calls})
    table.add_column("")
    for s in found.states:
        table.add_column(s, justify="right")
    for i, a in enumerate(found.states):
        share = found.share[i]
        table.add_row(a, *("" if v != v else f"{v:.2f}" for v in share))
    return table


@lab_app.command("unga")
def unga(
    ctx: typer.Context,
    as_of: AsOfOption = None,
    states: Annotated[
        str | None,
        typer.Option(help="ISO3 codes instead of the members on --as-of, e.g. CHN,RUS,IND."),
    ] = None,
    from_: Annotated[int | None, typer.Option("--from", help="First year (default 1992).")] = None,
    to: Annotated[int | None, typer.Option("--to", help="Last year (default 2020).")] = None,
    rule: Annotated[
        str | None,
        typer.Option(
            help="Only this rule (besides consensus and unanimity): " + ", ".join(RULE_NAMES) + "."
        ),
    ] = None,
    by: Annotated[
        str | None,
        typer.Option(help="Break down by issue or by year, or the agreement by UN session."),
    ] = None,
    abstention: Annotated[
        str, typer.Option(help="An abstention counts as an abstention or as an objection.")
    ] = "abstention",
    absence: Annotated[
        str,
        typer.Option(
            help="A missing vote: absent (blocks no consensus), not_member (left out of that "
            "roll call's electorate) or skip (roll call left out)."
        ),
    ] = "absent",
    weights: Annotated[
        str | None,
        typer.Option(
            help="Weights for the weighted and double majority, ISO3=number (default: "
            "World Bank population in the --to year)."
        ),
    ] = None,
    enlargement: Annotated[
        bool,
        typer.Option(
            "--enlargement", help="Compare the 6 founders and the members after 2017, 2023, 2024."
        ),
    ] = False,
    what_if_: Annotated[
        str | None, typer.Option("--what-if", help="A state to admit hypothetically, e.g. TUR.")
    ] = None,
    ideal: Annotated[
        int,
        typer.Option("--ideal-points", help="Estimate ideal points in 1 or 2 dimensions (0: no)."),
    ] = 0,
    period_years: Annotated[
        int, typer.Option(help="Length of the ideal-point periods in years.")
    ] = 5,
    source: Annotated[
        str | None,
        typer.Option(
            help="UN votes: unvotes (Voeten, 1992-Jan 2020), dgacm (UN DGACM XML, Nov "
            "2019-Jun 2026) or joined (default: the series that covers --from/--to)."
        ),
    ] = None,
    sessions: Annotated[
        str | None,
        typer.Option(help="Only the roll calls of these UN sessions, e.g. 75-80 (or 74)."),
    ] = None,
    json_: JsonOption = False,
    plot: PlotOption = None,
) -> None:
    """Could the SCO's members have agreed on UN General Assembly votes, under each rule?

    Each roll call (Voeten's UNGA data, 1992-2020, or DGACM's, 2019-2026: --source) is read
    as a draft on which the members seek a common position: yes is support, no an objection
    (a state that did not vote objects to nothing: --absence). Prints the share adopted under
    consensus (no member against), unanimity (all yes), consensus minus one, simple,
    two-thirds, weighted and double majority, and the members' agreement index.
    --enlargement compares the compositions after each enlargement on the same roll calls,
    --what-if the admission of one more state; --ideal-points estimates positions (probit
    IRT, Clinton-Jackman-Rivers, by EM). --plot draws the agreement heatmap, or the
    feasibility by year (--enlargement), or the ideal points.

    Example: comity lab unga --as-of 2017-06-09 --from 2010 --to 2019 --enlargement --by issue

    Example: comity lab unga --as-of 2024-07-04 --sessions 75-80 --enlargement
    """
    with errors():
        check_plot(plot)
        treatment, breakdown, focus = _options(abstention, absence, by, rule, ideal)
        if states and as_of:
            raise InputError(N_("give --states or --as-of, not both"), params={})
        applicant = parse_state(what_if_) if what_if_ else None
        day = day_option(as_of)
        if sessions:
            first, last = parse_sessions(sessions)
            votes = load_votes(unga_folder(), source or source_for_sessions(first, last))
            votes = select_sessions(votes, first, last)
        else:
            votes = load_votes(unga_folder(), source or source_for(from_, to))
        end = to if to is not None else int(votes.roll_calls.year.max())
        # The ledger is opened only for what it alone knows: members, statuses, enlargements.
        record_view: dict[str, Any] = {"members": [], "groups": {}, "compositions": {}}
        if not states or enlargement or (ideal and plot is not None):
            record_view = _from_record(ctx, day, need_members=not states, need_all=enlargement)
        members = _states(states) if states else record_view["members"]
        phases = record_view["compositions"]
        rules = [focus] if rule else list(RULE_NAMES)
        everyone = sorted({*members, *(s for c in phases.values() for s in c)})
        weight_map = _weights(weights, rules, [*everyone, *([applicant] if applicant else [])], end)
        report = unga_report(
            votes,
            members,
            as_of=None if states else day,
            start=from_,
            end=end,
            rules=rules,
            treatment=treatment,
            weights=weight_map,
            breakdown=breakdown,
            compositions=phases if enlargement else None,
            applicant=applicant,
            ideal=ideal,
            period_years=period_years,
        )
        if plot is not None:
            report.plot(plot, rule=focus, groups=record_view["groups"])
    if json_:
        emit_json(report.to_json())
        return
    _print(votes, report, focus, plot)


def _options(
    abstention: str, absence: str, by: str | None, rule: str | None, ideal: int
) -> tuple[Treatment, str | None, str]:
    """The treatment, the breakdown and the rule in focus, as the options give them."""
    treatment = Treatment(
        abstention=cast(Any, _choice(abstention, ABSTENTION_TREATMENTS, "--abstention")),
        absence=cast(Any, _choice(absence, ABSENCE_TREATMENTS, "--absence")),
    )
    breakdown = _choice(by, ("issue", "year", "session"), "--by") if by else None
    focus = _choice(rule, RULE_NAMES, "--rule") if rule else "consensus"
    if ideal not in (0, 1, 2):
        raise InputError(
            N_("--ideal-points is 0, 1 or 2, got {ideal}"),
            value=ideal,
            params={"ideal": ideal},
        )
    return treatment, breakdown, focus


def _print(votes: Votes, report: UngaReport, focus: str, plot: Path | None) -> None:
    result, compared, breakdown = report.result, report.compared, report.breakdown
    data = report.to_json()
    heading = _("UN General Assembly %(start)s-%(end)s") % {
        "start": result.start,
        "end": result.end,
    }
    said = (
        _("%(n)s roll calls; %(members)s members on %(day)s: %(states)s")
        if data["as_of"]
        else _("%(n)s roll calls; %(members)s states: %(states)s")
    ) % {
        "n": result.roll_calls,
        "members": len(result.members),
        "day": data["as_of"],
        "states": " ".join(result.members),
    }
    out.print(f"[bold]{escape(heading)}[/]: {escape(said)}")
    out.print(
        _("treatment: %(treatment)s; source: %(source)s")
        % {"treatment": result.treatment.describe(), "source": votes.source},
        highlight=False,
    )
    # With --what-if the rows are the members without and with the applicant.
    label = _("on %(day)s") % {"day": data["as_of"]} if data["as_of"] else _("given")
    first = {} if "what_if" in data else {label: result}
    shown = {**first, **compared}
    out.print(_rules_table(shown, _("share of roll calls on which a common position is adopted")))
    if breakdown in ("issue", "year"):
        title = _("%(rule)s, by %(by)s") % {"rule": focus, "by": breakdown}
        out.print(_breakdown_table(shown, breakdown, focus, title))
    if report.by_session:
        out.print(_session_table(report))
    if len(result.members) <= 12:
        out.print(_agreement_table(votes, list(result.members), start=result.start, end=result.end))
    if "weights" in data:
        listed = ", ".join(f"{s}={w}" for s, w in data["weights"].items())
        out.print(_("weights: %(weights)s") % {"weights": listed})
    for period in data.get("ideal_points", {}).get("periods", []):
        ranked = sorted(period["positions"].items(), key=lambda kv: kv[1]["x"][0])
        out.print(
            _("ideal points %(period)s: %(positions)s")
            % {
                "period": period["period"],
                "positions": " ".join(f"{s} {p['x'][0]:+.2f}" for s, p in ranked),
            }
        )
    plot_written(plot)


def _weights(
    text: str | None, rules: Sequence[str], states: Sequence[str], year: int
) -> dict[str, Any] | None:
    """The weights given, else the states' population in ``year`` (World Bank; the shipped
    extract ends in 2024), when a weighted rule is asked for."""
    if not any(r in WEIGHTED_RULES for r in rules):
        return None
    if text:
        return dict(parse_weights(text) or {})
    return dict(population_weights(states, min(year, 2024), worldbank_folder()))


def _from_record(
    ctx: typer.Context, day: date, *, need_members: bool, need_all: bool
) -> dict[str, Any]:
    """Members and statuses on ``day``, and the compositions after each enlargement."""

    def read(record: Record) -> dict[str, Any]:
        enlarged = enlargement_days(record.current_events(types=["StateAdmitted"]))
        days = [day, *enlarged] if need_all else [day]
        found = record.states_on(days)
        on_day = found[0]
        groups = {s: "member" for s in on_day.members()}
        for state in on_day.spells:
            status = on_day.status_of(state)
            if status in GROUPS:
                groups[state] = GROUPS[status]
            elif status in MEMBER_STATUSES:
                groups[state] = "member"
        by_day = {d: list(s.members()) for d, s in zip(days, found, strict=True)}
        return {
            "members": list(on_day.members()),
            "groups": groups,
            "compositions": compositions(by_day.__getitem__, enlarged) if need_all else {},
        }

    view = with_record(ctx, read)
    if need_members and not view["members"]:
        raise InputError(
            N_("the SCO had no member states on {day}"),
            value=day.isoformat(),
            params={"day": day},
        )
    return view
