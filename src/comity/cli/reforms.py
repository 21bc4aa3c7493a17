"""``comity reform``: the charter as it is and as reformed, side by side."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from comity import i18n
from comity.charter.compare import reform_changes, reform_summary
from comity.charter.model import load_charter
from comity.cli.common import (
    JsonOption,
    app,
    day_option,
    emit_json,
    errors,
    out,
    today,
    with_record,
)
from comity.i18n import _
from comity.lab.reform import compare_reform

reform_app = typer.Typer(help="Reform overlays of the charter: list, show, compare.")
app.add_typer(reform_app, name="reform")


def _short(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value


@reform_app.command("list")
def list_(json_: JsonOption = False) -> None:
    """The reforms comity knows, with their effective dates.

    Example: comity reform list
    """
    with errors():
        reforms = [reform_summary(r) for r in load_charter().reforms.values()]
    if json_:
        emit_json(reforms)
        return
    table = Table("id", _("effective"), _("title"))
    for r in reforms:
        table.add_row(r["id"], r["effective"], r["title"])
    out.print(table)


@reform_app.command("show")
def show(
    reform: Annotated[str, typer.Argument(help="Reform id, e.g. cnc-majority.")],
    json_: JsonOption = False,
) -> None:
    """A reform parameter by parameter: the charter's value it replaces, and its own.

    Example: comity reform show cnc-majority
    """
    with errors():
        definition = load_charter()
        found = definition.reform(reform)
        changes = reform_changes(definition, reform)
    if json_:
        emit_json({**reform_summary(found), "changes": [c.to_json() for c in changes]})
        return
    out.print(
        _("[bold]%(title)s[/] (%(id)s), from %(day)s")
        % {"title": escape(found.title), "id": found.id, "day": i18n.format_date(found.effective)}
    )
    out.print(found.description, highlight=False)
    table = Table(_("parameter"), _("as it is"), _("as reformed"), title_justify="left")
    for change in changes:
        table.add_row(change.path, _short(change.before), _short(change.after))
    out.print(table)


@reform_app.command("compare")
def compare(
    ctx: typer.Context,
    reform: Annotated[str, typer.Argument(help="Reform id, e.g. cnc-majority.")],
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Members on this date (default: in force).")
    ] = None,
    json_: JsonOption = False,
) -> None:
    """The charter as it is and as reformed: parameters, then each body's rule, voting power
    and passage probability before and after (the lab's figures).

    Example: comity reform compare cnc-majority --as-of 2027-01-01
    """
    with errors():
        definition = load_charter()
        changes = reform_changes(definition, reform)
        day = day_option(as_of) if as_of else None
        report = with_record(
            ctx,
            lambda r: compare_reform(r.definition, r.current_events(), reform, day, today=today()),
        )
    if json_:
        emit_json({"changes": [c.to_json() for c in changes], **report.to_json()})
        return
    table = Table(_("parameter"), _("as it is"), _("as reformed"), _("from"))
    for change in changes:
        table.add_row(
            change.path, _short(change.before), _short(change.after), str(change.effective)
        )
    out.print(table)
    bodies = Table(_("body"), _("rule as it is"), _("as reformed"), _("passage before"), _("after"))
    for body in report.bodies:
        before = body.before.passage_probability if body.before else None
        after = body.after.passage_probability if body.after else None
        bodies.add_row(
            body.body,
            body.rule_before,
            body.rule_after,
            f"{float(before):.6f}" if before is not None else "-",
            f"{float(after):.6f}" if after is not None else "-",
        )
    out.print(bodies)
