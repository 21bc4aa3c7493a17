"""``comity users``: accounts for the service (the password is read from standard input)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.table import Table

from comity.cli.common import JsonOption, app, emit_json, errors, out
from comity.errors import InputError
from comity.i18n import N_, _
from comity.identity import IdentityStore, Role
from comity.ledger import SqlLedger, open_ledger
from comity.settings import Settings

users_app = typer.Typer(help="Accounts of the service: secretariat, delegations, observers.")
app.add_typer(users_app, name="users")


def _store(ctx: typer.Context) -> tuple[SqlLedger, IdentityStore]:
    url = ctx.find_root().obj or Settings().database_url()
    ledger = open_ledger(url)
    store = IdentityStore(ledger.engine)
    store.migrate()
    return ledger, store


@users_app.command("add")
def add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Account name, e.g. ind-delegate.")],
    role: Annotated[str, typer.Option(help="secretariat, delegation:ISO3 or observer.")],
    json_: JsonOption = False,
) -> None:
    """Create an account; its password is the first line of standard input.

    Example: printf '%s\\n' "$PASSWORD" | comity users add ind-delegate --role delegation:IND
    """
    with errors():
        parsed = Role.parse(role)
        if parsed.kind.value == "public":
            raise InputError(
                N_("public is the role of anonymous visitors; it has no accounts"), params={}
            )
        password = sys.stdin.readline().rstrip("\r\n")
        ledger, store = _store(ctx)
        try:
            account = store.add_account(name, parsed, password)
        finally:
            ledger.close()
    if json_:
        emit_json({"name": account.name, "role": str(account.role)})
    else:
        out.print(
            _("account %(name)s (%(role)s) created") % {"name": account.name, "role": account.role},
            highlight=False,
        )


@users_app.command("token")
def token(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Account name.")],
    label: Annotated[str, typer.Option(help="What the token is for.")] = "api",
) -> None:
    """Issue a bearer token for the API (printed once; only its digest is kept).

    Example: comity users token ind-delegate --label laptop
    """
    with errors():
        ledger, store = _store(ctx)
        try:
            issued = store.issue_token(name, label)
        finally:
            ledger.close()
    sys.stdout.write(issued + "\n")


@users_app.command("list")
def list_(ctx: typer.Context, json_: JsonOption = False) -> None:
    """The accounts and their roles.

    Example: comity users list
    """
    with errors():
        ledger, store = _store(ctx)
        try:
            found = store.accounts()
        finally:
            ledger.close()
    if json_:
        emit_json([{"name": a.name, "role": str(a.role)} for a in found])
        return
    table = Table(_("name"), _("role"))
    for account in found:
        table.add_row(account.name, str(account.role))
    out.print(table)
