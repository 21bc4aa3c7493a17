"""Compliance commands: obligations and reports, the compliance view, disputes, rights in force
(reform ``compliance-system``; ``--reform`` chooses the charter a procedure runs under).

Example: comity compliance view --as-of 2027-07-01 --reform compliance-system --format csv
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from comity import queries
from comity.cli.common import JsonOption, app, day_option, emit_json, errors, out, with_record
from comity.cli.procedures import ActorOption, OnOption, ScheduledOption, StateArg, run
from comity.i18n import _
from comity.procedures import (
    CreateObligation,
    RaiseDispute,
    SubmitReport,
    store_evidence,
)
from comity.settings import Settings

compliance = typer.Typer(
    help="Obligations, reports, the compliance view, disputes and rights in force.",
    no_args_is_help=True,
)
app.add_typer(compliance, name="compliance")

ReformOption = Annotated[
    list[str] | None,
    typer.Option("--reform", help="Run under this reform overlay (repeatable)."),
]
AsOf = Annotated[str | None, typer.Option("--as-of", help="YYYY-MM-DD (default: today).")]


@compliance.command("obligation")
def obligation(
    ctx: typer.Context,
    obligation_id: Annotated[str, typer.Argument(help="A slug for the obligation.")],
    document: Annotated[str, typer.Option(help="The document or decision creating it.")],
    text: Annotated[str, typer.Option(help="What is owed.")],
    category: Annotated[str, typer.Option(help="A category, e.g. legislation.")],
    actor: ActorOption,
    due: Annotated[str | None, typer.Option(help="Due date, YYYY-MM-DD.")] = None,
    months: Annotated[int | None, typer.Option(help="Months after entry into force.")] = None,
    states: Annotated[str, typer.Option(help="Comma-separated ISO3 (default: bound).")] = "",
    reporting_months: Annotated[int | None, typer.Option(help="Report every N months.")] = None,
    on: OnOption = None,
    scheduled: ScheduledOption = False,
    reform: ReformOption = None,
    json_: JsonOption = False,
) -> None:
    """Record an obligation created by an adopted decision or a document in force.

    Example: comity compliance obligation ct-2009 --document sco-convention-against-terrorism-2009 --text "Designate authorities" --category institutions --due 2027-06-30 --on 2027-02-01 --actor secretariat --reform compliance-system
    """  # noqa: E501
    data: dict[str, Any] = {
        "obligation": obligation_id,
        "document": document,
        "text": text,
        "category": category,
        "due": due,
        "months_after_entry_into_force": months,
        "reporting_months": reporting_months,
        "states": [s for s in states.split(",") if s.strip()],
    }
    run(
        ctx,
        CreateObligation,
        data,
        actor=actor,
        on=on,
        scheduled=scheduled,
        reforms=reform or (),
        json_=json_,
    )


@compliance.command("report")
def report(
    ctx: typer.Context,
    obligation_id: Annotated[str, typer.Argument(help="The obligation.")],
    state: Annotated[str, typer.Option(help="The reporting state (ISO3).")],
    status: Annotated[str, typer.Option(help="implemented, partly, not_yet, not_applicable.")],
    actor: ActorOption,
    text: Annotated[str | None, typer.Option(help="Evidence as text.")] = None,
    evidence: Annotated[
        list[Path] | None,
        typer.Option(help="A file of evidence (repeatable); its SHA-256 is recorded."),
    ] = None,
    on: OnOption = None,
    scheduled: ScheduledOption = False,
    reform: ReformOption = None,
    json_: JsonOption = False,
) -> None:
    """A delegation reports on its own state's implementation of an obligation.

    Example: comity compliance report ct-2009 --state KAZ --status implemented --evidence order.pdf --on 2027-03-01 --actor delegation:KAZ --reform compliance-system
    """  # noqa: E501
    with errors():
        folder = Settings().data_folder()
        files = [store_evidence(p, folder).model_dump() for p in evidence or []]
    data = {"obligation": obligation_id, "state": state, "status": status, "text": text}
    run(
        ctx,
        SubmitReport,
        {**data, "evidence": files},
        actor=actor,
        on=on,
        scheduled=scheduled,
        reforms=reform or (),
        json_=json_,
    )


@compliance.command("dispute")
def dispute(
    ctx: typer.Context,
    dispute_id: Annotated[str, typer.Argument(help="A slug for the dispute.")],
    state: Annotated[str, typer.Option(help="The complainant (ISO3).")],
    respondent: Annotated[str, typer.Option(help="The other party (ISO3).")],
    subject: Annotated[str, typer.Option(help="compliance or interpretation.")],
    document: Annotated[str, typer.Option(help="The document concerned.")],
    text: Annotated[str, typer.Option(help="What the dispute is about.")],
    actor: ActorOption,
    on: OnOption = None,
    scheduled: ScheduledOption = False,
    reform: ReformOption = None,
    json_: JsonOption = False,
) -> None:
    """A member raises a dispute with another; consultations begin (Charter Art. 22).

    Example: comity compliance dispute kaz-uzb --state KAZ --respondent UZB --subject compliance --document sco-charter --text "..." --actor delegation:KAZ
    """  # noqa: E501
    data = {
        "dispute": dispute_id,
        "state": state,
        "concerned": respondent,
        "subject": subject,
        "document": document,
        "text": text,
    }
    run(
        ctx,
        RaiseDispute,
        data,
        actor=actor,
        on=on,
        scheduled=scheduled,
        reforms=reform or (),
        json_=json_,
    )


@compliance.command("view")
def view(
    ctx: typer.Context,
    as_of: AsOf = None,
    state: Annotated[str, typer.Option(help="Only these states (comma-separated).")] = "",
    format_: Annotated[str, typer.Option("--format", help="table or csv.")] = "table",
    reform: ReformOption = None,
    json_: JsonOption = False,
) -> None:
    """The compliance view: per obligation and state, due, reported or overdue, reminders.

    Example: comity compliance view --as-of 2027-07-01 --reform compliance-system --format csv
    """
    with errors():
        day = day_option(as_of)
        states = [s for s in state.split(",") if s.strip()]
        rows = with_record(
            ctx,
            lambda r: queries.compliance(r.state(day, reforms=reform or ()), states=states),
        )
    if json_:
        emit_json({"as_of": day.isoformat(), "rows": rows})
    elif format_ == "csv":
        typer.echo(queries.compliance_csv(rows), nl=False)
    else:
        for row in rows:
            said = (
                _("%(obligation)s %(state)s due %(due)s: %(status)s (reminder)")
                if row["reminder"]
                else _("%(obligation)s %(state)s due %(due)s: %(status)s")
            )
            out.print(said % row, highlight=False)


@compliance.command("rights")
def rights(
    ctx: typer.Context,
    state: StateArg,
    as_of: AsOf = None,
    json_: JsonOption = False,
) -> None:
    """A state's rights on a date, less those a measure in force suspends.

    Example: comity compliance rights UZB --as-of 2028-06-01
    """
    with errors():
        day = day_option(as_of)
        data = with_record(ctx, lambda r: queries.rights_in_force(r.state(day), state))
    if json_:
        emit_json(data)
        return
    out.print(
        _("%(state)s on %(as_of)s: %(rights)s")
        % {
            "state": data["state"],
            "as_of": data["as_of"],
            "rights": ", ".join(data["rights"]) or _("no rights"),
        },
        highlight=False,
    )
    for m in data["measures"]:
        said = _("measure %(penalty)s (%(measure)s) from %(from)s") % m
        out.print(f"  {said}", highlight=False)
