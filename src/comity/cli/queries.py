"""Query commands: who held which status when, bodies, documents, history, decisions,
verification."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from comity import i18n, queries
from comity.charter.rules import RULE_TITLES, parse_positions, parse_weights
from comity.cli.common import (
    AsOfOption,
    JsonOption,
    app,
    day_option,
    emit_json,
    errors,
    load_with_progress,
    out,
    with_record,
)
from comity.dates import parse_date
from comity.errors import InputError
from comity.i18n import N_, _, names
from comity.identity import PUBLIC
from comity.record import Record, archive_sqlite_file, current_versions
from comity.settings import Settings
from comity.state.disclosure import Disclosure
from comity.states import parse_state


@app.command()
def init(
    ctx: typer.Context,
    force: Annotated[
        bool,
        typer.Option("--force", help="Start a new SQLite ledger; the old file is kept as .bak."),
    ] = False,
    json_: JsonOption = False,
) -> None:
    """Create the ledger's schema and load the SCO's reference history (idempotent).

    Reference events already recorded are skipped; corrected ones (same id, new content)
    are appended and supersede the earlier record, which stays in the ledger.

    Example: comity init
    """
    with errors():
        url = ctx.obj or Settings().database_url()
        archived = archive_sqlite_file(url, now=datetime.now(UTC)) if force else None
        record = Record.open(url)
        try:
            loaded = load_with_progress(record, force_reload=True)
            sequence, head = record.ledger.head()
        finally:
            record.close()
    result = {
        "database": url,
        "loaded": loaded,
        "events": sequence,
        "head": head,
        "archived": str(archived) if archived else None,
    }
    if json_:
        emit_json(result)
        return
    if archived:
        out.print(_("previous ledger kept as %(path)s") % {"path": archived}, highlight=False)
    out.print(
        _("%(loaded)s reference events loaded; the ledger holds %(events)s events")
        % {"loaded": loaded, "events": sequence}
    )
    out.print(_("head %(head)s") % {"head": head})


@app.command()
def members(
    ctx: typer.Context,
    as_of: AsOfOption = None,
    status: Annotated[
        str,
        typer.Option(
            help="member, observer, dialogue_partner, partner, all, or applicant (the states"
            " with an admission procedure under way, whatever their status)."
        ),
    ] = "member",
    json_: JsonOption = False,
) -> None:
    """States holding a status on a date (member states by default), each with its admission
    procedure if one is under way.

    Example: comity members --as-of 2016-01-01 --status observer
    """
    with errors():
        day = day_option(as_of)
        queries.statuses_for(status)
        rows = with_record(ctx, lambda r: queries.members(r.statuses(day), status))
    if json_:
        emit_json(rows)
        return
    if status.strip().lower() == queries.ADMISSION_FILTER:
        title = _("SCO states with an admission procedure under way on %(day)s") % {
            "day": i18n.format_date(day)
        }
    else:
        title = _("SCO states with status %(status)s on %(day)s") % {
            "status": names.text("status", status),
            "day": i18n.format_date(day),
        }
    table = Table(title=title, title_justify="left")
    for column in (_("state"), _("name"), _("status"), _("since")):
        table.add_column(column)
    for row in rows:
        table.add_row(row["state"], row["name"], _status_cell(row), row["since"] or "")
    out.print(table)
    out.print(i18n.ngettext("%(n)s state", "%(n)s states", len(rows)) % {"n": len(rows)})


def _status_cell(row: dict[str, str | None]) -> str:
    """The official status, and beside it the admission procedure under way, if any
    (``observer · admission under way since 2015-07-10``; ISO dates, as in the since column)."""
    status = names.text("status", row["status"]) if row["status"] else _("no status")
    if not row.get("admission_since"):
        return status
    admission = _("admission under way since %(day)s") % {"day": row["admission_since"]}
    return f"{status} · {admission}"


@app.command("state")
def state_(
    ctx: typer.Context,
    iso3: Annotated[str, typer.Argument(help="ISO 3166-1 alpha-3 code, e.g. IND.")],
    as_of: AsOfOption = None,
    json_: JsonOption = False,
) -> None:
    """A state's status on a date and its status history.

    Example: comity state IRN --as-of 2023-07-04
    """
    with errors():
        day = day_option(as_of)
        code = parse_state(iso3)
        report = with_record(ctx, lambda r: queries.state_report(r.state(day), code))
    if json_:
        emit_json(report)
        return
    status = names.text("status", report["status"]) if report["status"] else _("no status")
    on = {"name": escape(report["name"]), "code": code, "day": i18n.format_date(day)}
    if report["since"]:
        line = _("[bold]%(name)s[/] (%(code)s) on %(day)s: %(status)s since %(since)s")
        out.print(line % {**on, "status": status, "since": i18n.format_date(report["since"])})
    else:
        out.print(
            _("[bold]%(name)s[/] (%(code)s) on %(day)s: %(status)s") % {**on, "status": status}
        )
    if report["pending"]:
        pending = report["pending"]
        out.print(
            _("%(status)s status decided %(day)s, awaiting memorandum")
            % {
                "status": names.text("status", pending["status"]),
                "day": i18n.format_date(pending["decided"]),
            }
        )
    admission = report["admission"]
    if admission:
        out.print(
            _("admission under way since %(day)s") % {"day": i18n.format_date(admission["since"])}
        )
        if admission["memorandum_signed"]:
            out.print(
                _("memorandum of obligations signed %(day)s")
                % {"day": i18n.format_date(admission["memorandum_signed"])}
            )
        if admission["outstanding_obligations"]:
            out.print(
                _("outstanding: %(items)s")
                % {"items": escape("; ".join(admission["outstanding_obligations"]))}
            )
    table = Table(show_header=True)
    for column in (_("status"), _("from"), _("to"), _("source")):
        table.add_column(column, overflow="fold")
    for spell in report["history"]:
        table.add_row(
            names.text("status", spell["status"]),
            spell["from"],
            spell["to"] or "",
            spell["source"] or "",
        )
    out.print(table)
    for procedure in report["admissions"]:
        if procedure["to"]:
            out.print(
                _("admission procedure from %(start)s to %(end)s, ended by the admission")
                % {"start": procedure["from"], "end": procedure["to"]}
            )


@app.command()
def bodies(ctx: typer.Context, as_of: AsOfOption = None, json_: JsonOption = False) -> None:
    """The organisation's bodies on a date and how each decides.

    Example: comity bodies --as-of 2004-01-01
    """
    with errors():
        day = day_option(as_of)
        rows = with_record(ctx, lambda r: queries.bodies(r.state(day, require_charter=True)))
    if json_:
        emit_json(rows)
        return
    table = Table(
        title=_("SCO bodies on %(day)s") % {"day": i18n.format_date(day)}, title_justify="left"
    )
    for column in (_("code"), _("name"), _("decides by"), _("under")):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(
            row["code"],
            names.text("body", row["code"], row["name"]),
            row["decision_rule"] or "-",
            row["rule_reference"] or "",
        )
    out.print(table)


@app.command()
def documents(
    ctx: typer.Context,
    as_of: AsOfOption = None,
    matrix: Annotated[
        bool, typer.Option("--matrix", help="A documents x states matrix of party status.")
    ] = False,
    parties: Annotated[
        bool, typer.Option("--parties", help="Each document's status for each state.")
    ] = False,
    format_: Annotated[
        str, typer.Option("--format", help="With --matrix: csv or json (default: a table).")
    ] = "table",
    json_: JsonOption = False,
) -> None:
    """Documents signed or adopted by a date, with entry into force and parties; with
    --parties or --matrix, every state's status (party, signed, deposited, denounced...).

    Example: comity documents --as-of 2003-09-19 --matrix --format csv
    """
    with errors():
        day = day_option(as_of)
        chosen = "json" if json_ else format_.strip().lower()
        if chosen not in ("table", "csv", "json"):
            raise InputError(
                N_("--format is table, csv or json, got {format!r}"),
                value=format_,
                params={"format": format_},
            )
        if matrix:
            grid = with_record(ctx, lambda r: queries.status_matrix(r.state(day)))
        elif parties:
            detail = with_record(ctx, lambda r: queries.party_statuses(r.state(day)))
        else:
            rows = with_record(ctx, lambda r: queries.documents(r.state(day)))
    if matrix:
        if chosen == "csv":
            typer.echo(queries.status_matrix_csv(grid), nl=False)
        elif chosen == "json":
            emit_json(grid)
        else:
            table = Table(
                title=_("Party status on %(day)s") % {"day": i18n.format_date(day)},
                title_justify="left",
            )
            table.add_column(_("document"), overflow="fold")
            table.add_column(_("stage"), overflow="fold")
            for state in grid["states"]:
                table.add_column(state)
            for doc_id in grid["documents"]:
                cells = grid["matrix"][doc_id]
                stage = f"{_(grid['stage'][doc_id])}; {_(grid['participation'][doc_id])}"
                table.add_row(doc_id, stage, *(cells[s] or "" for s in grid["states"]))
            out.print(table)
        return
    if parties:
        if chosen != "table":
            emit_json(detail)
            return
        table = Table(
            title=_("SCO documents by party on %(day)s") % {"day": i18n.format_date(day)},
            title_justify="left",
        )
        for column in ("id", _("stage"), _("status by state"), _("reservations")):
            table.add_column(column, overflow="fold")
        for row in detail:
            table.add_row(
                row["id"],
                f"{_(row['stage'])}; {_(row['participation'])}",
                " ".join(f"{s}={v}" for s, v in row["status"].items()),
                " ".join(
                    f"{r['state']}:{r['id']}{_(' (void)') if r['void'] else ''}"
                    for r in row["reservations"]
                ),
            )
        out.print(table)
        return
    if chosen != "table":
        emit_json(rows)
        return
    table = Table(
        title=_("SCO documents on %(day)s") % {"day": i18n.format_date(day)}, title_justify="left"
    )
    for column in ("id", _("title"), _("signed"), _("in force"), _("parties")):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(
            row["id"],
            names.text("document", row["id"], row["title"]),
            row["signed"] or _("adopted %(day)s") % {"day": row["adopted"]},
            row["in_force"] or "",
            " ".join(row["parties"]),
        )
    out.print(table)


@app.command()
def history(
    ctx: typer.Context,
    from_: Annotated[str | None, typer.Option("--from", help="First date, YYYY-MM-DD.")] = None,
    to: Annotated[str | None, typer.Option("--to", help="Last date, YYYY-MM-DD.")] = None,
    json_: JsonOption = False,
) -> None:
    """The recorded events between two dates, each with its source; what the charter keeps
    confidential for now (positions on open items) is described without its content, as
    the public record shows it.

    Example: comity history --from 2017-01-01 --to 2017-12-31
    """
    with errors():
        start = parse_date(from_, what="--from dates") if from_ else None
        end = parse_date(to, what="--to dates") if to else None
        if start and end and start > end:
            raise InputError(
                N_("--from ({start}) is after --to ({end})"),
                value=from_,
                params={"start": start, "end": end},
            )
        rows = with_record(ctx, lambda r: _public_history(r, start, end))
    if json_:
        emit_json(rows)
        return
    table = Table(show_header=True)
    for column in (_("date"), _("event"), _("source")):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(row["date"], escape(row["description"]), escape(row["source"] or ""))
    out.print(table)
    out.print(i18n.ngettext("%(n)s event", "%(n)s events", len(rows)) % {"n": len(rows)})


def _public_history(record: Record, start: date | None, end: date | None) -> list[dict[str, Any]]:
    recorded = current_versions(record.recorded())
    disclosure = Disclosure(record.definition, [x.event for x in recorded])
    return queries.history(
        [(x.sequence, x.actor, x.event) for x in recorded],
        start=start,
        end=end,
        withheld=lambda event: disclosure.withheld(event, PUBLIC),
    )


@app.command()
def decide(
    ctx: typer.Context,
    positions: Annotated[
        str,
        typer.Option(help='Positions, e.g. "CHN=yes,IND=object,RUS=reserve"; others absent.'),
    ],
    rule: Annotated[
        str | None,
        typer.Option(
            help="consensus, consensus_minus_one, unanimity, simple_majority, "
            "qualified_majority, weighted_majority, double_majority "
            "(default: the body's rule on that date)."
        ),
    ] = None,
    body: Annotated[str, typer.Option(help="Body code, e.g. CHS, CMFA, CNC.")] = "CHS",
    as_of: AsOfOption = None,
    concerned: Annotated[
        str | None, typer.Option(help="The state concerned (consensus_minus_one).")
    ] = None,
    weights: Annotated[
        str | None, typer.Option(help="Weights for weighted rules, e.g. CHN=1412,IND=1428.")
    ] = None,
    json_: JsonOption = False,
) -> None:
    """Evaluate a hypothetical decision with the body's members on a date.

    Example: comity decide --positions "CHN=yes,IND=object" --as-of 2024-07-04
    """
    with errors():
        day = day_option(as_of)
        parsed = parse_positions(positions)
        weight_map = parse_weights(weights)
        outcome = with_record(
            ctx,
            lambda r: queries.decide(
                r.state(day, require_charter=True),
                parsed,
                body=body.strip().upper(),
                rule=rule,
                concerned=concerned,
                weights=weight_map,
            ),
        )
        result = queries.decision_json(outcome, body=body.strip().upper(), as_of=day)
    if json_:
        emit_json(result)
        return
    rule_name = result["rule"]
    if i18n.active() != i18n.DEFAULT and rule_name in RULE_TITLES:
        rule_name = _(RULE_TITLES[rule_name])
    said = {
        "rule": rule_name,
        "body": names.text("body", result["body"], result["body"]),
        "day": day.isoformat() if i18n.active() == i18n.DEFAULT else i18n.format_date(day),
    }
    if result["adopted"]:
        verdict = _("ADOPTED under %(rule)s in %(body)s on %(day)s") % said
        out.print(f"[bold green]{escape(verdict)}[/]", highlight=False)
    else:
        verdict = _("NOT ADOPTED under %(rule)s in %(body)s on %(day)s") % said
        out.print(f"[bold red]{escape(verdict)}[/]", highlight=False)
    out.print(outcome.explain(), highlight=False)
    out.print(_("eligible: %(states)s") % {"states": " ".join(result["eligible"])}, highlight=False)


@app.command()
def verify(ctx: typer.Context, json_: JsonOption = False) -> None:
    """Recompute the ledger's hash chain; exit status 1 if it is broken.

    Example: comity verify --json
    """
    with errors():
        result = with_record(ctx, lambda r: r.ledger.verify())
    data = {
        "ok": result.ok,
        "events": result.events,
        "head": result.head,
        "first_bad": result.first_bad,
    }
    if json_:
        emit_json(data)
    elif result.ok:
        said = i18n.ngettext(
            "%(n)s event, head %(head)s", "%(n)s events, head %(head)s", result.events
        )
        label = _("ok")
        out.print(f"[green]{escape(label)}[/]: " + said % {"n": result.events, "head": result.head})
    else:
        said = i18n.ngettext(
            "the chain breaks at event %(bad)s (%(n)s event before it verifies)",
            "the chain breaks at event %(bad)s (%(n)s events before it verify)",
            result.events,
        )
        label = _("broken")
        out.print(
            f"[bold red]{escape(label)}[/]: " + said % {"bad": result.first_bad, "n": result.events}
        )
    if not result.ok:
        raise typer.Exit(1)
