"""``comity users``: accounts for the service. Passwords are typed without echo on a terminal,
or read from the first line of standard input when it is a pipe (for scripts)."""

from __future__ import annotations

import getpass
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated, TypeVar

import typer
from rich.table import Table

from comity.cli.common import JsonOption, app, emit_json, errors, out
from comity.cli.credentials import read_password
from comity.errors import InputError
from comity.i18n import N_, _
from comity.identity import Account, IdentityStore, Role
from comity.ledger import SqlLedger, open_ledger
from comity.settings import Settings

users_app = typer.Typer(help="Accounts of the service: secretariat, delegations, observers.")
app.add_typer(users_app, name="users")

T = TypeVar("T")
NameArg = Annotated[str, typer.Argument(help="Account name, e.g. ind-delegate.")]


def _store(ctx: typer.Context) -> tuple[SqlLedger, IdentityStore]:
    url = ctx.find_root().obj or Settings().database_url()
    ledger = open_ledger(url)
    store = IdentityStore(ledger.engine)
    store.migrate()
    return ledger, store


def _with_store(ctx: typer.Context, use: Callable[[IdentityStore], T]) -> T:
    ledger, store = _store(ctx)
    try:
        return use(store)
    finally:
        ledger.close()


def new_password() -> str:
    """A new password; on a terminal it is typed twice, and the two must agree."""
    first = read_password(_("New password: "))
    if sys.stdin.isatty() and getpass.getpass(_("The same password again: ")) != first:
        raise InputError(N_("the two passwords typed differ; nothing was changed"), params={})
    return first


def _account_json(account: Account) -> dict[str, object]:
    return {"name": account.name, "role": str(account.role), "disabled": account.disabled}


@users_app.command("add")
def add(
    ctx: typer.Context,
    name: NameArg,
    role: Annotated[str, typer.Option(help="secretariat, delegation:ISO3 or observer.")],
    json_: JsonOption = False,
) -> None:
    """Create an account; its password is prompted for (without echo), or read from the first
    line of standard input in a script.

    Example: printf '%s\\n' "$PASSWORD" | comity users add ind-delegate --role delegation:IND
    """
    with errors():
        parsed = Role.parse(role)
        if parsed.kind.value == "public":
            raise InputError(
                N_("public is the role of anonymous visitors; it has no accounts"), params={}
            )
        password = new_password()
        account = _with_store(ctx, lambda s: s.add_account(name, parsed, password))
    if json_:
        emit_json({"name": account.name, "role": str(account.role)})
    else:
        out.print(
            _("account %(name)s (%(role)s) created") % {"name": account.name, "role": account.role},
            highlight=False,
        )


@users_app.command("passwd")
def passwd(ctx: typer.Context, name: NameArg) -> None:
    """Change an account's password (prompted for, or read from standard input); its open
    web sessions end.

    Example: comity users passwd ind-delegate
    """
    with errors():
        password = new_password()
        _with_store(ctx, lambda s: s.set_password(name, password))
    out.print(_("password of %(name)s changed") % {"name": name}, highlight=False)


@users_app.command("disable")
def disable(ctx: typer.Context, name: NameArg) -> None:
    """Disable an account: it can no longer log in, and its tokens and sessions stop working.

    Example: comity users disable ind-delegate
    """
    with errors():
        _with_store(ctx, lambda s: s.disable(name))
    out.print(_("account %(name)s disabled") % {"name": name}, highlight=False)


@users_app.command("enable")
def enable(ctx: typer.Context, name: NameArg) -> None:
    """Enable a disabled account again.

    Example: comity users enable ind-delegate
    """
    with errors():
        _with_store(ctx, lambda s: s.enable(name))
    out.print(_("account %(name)s enabled") % {"name": name}, highlight=False)


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
        issued = _with_store(ctx, lambda s: s.issue_token(name, label))
    sys.stdout.write(issued + "\n")


@users_app.command("tokens")
def tokens(ctx: typer.Context, name: NameArg, json_: JsonOption = False) -> None:
    """The tokens issued to an account: id, label and date (never the token itself).

    Example: comity users tokens ind-delegate
    """
    with errors():
        found = _with_store(ctx, lambda s: s.tokens(name))
    rows = [
        {
            "id": t.id,
            "label": t.label,
            "created_at": datetime.fromtimestamp(t.created_at, UTC).isoformat(timespec="seconds"),
        }
        for t in found
    ]
    if json_:
        emit_json(rows)
        return
    table = Table(_("id"), _("label"), _("issued"))
    for row in rows:
        table.add_row(row["id"], row["label"], row["created_at"])
    out.print(table)


@users_app.command("revoke-token")
def revoke_token(
    ctx: typer.Context,
    name: NameArg,
    token_id: Annotated[str, typer.Argument(help="The token's id, as 'users tokens' lists it.")],
) -> None:
    """Revoke one of an account's tokens: requests bearing it are refused from now on.

    Example: comity users revoke-token ind-delegate 3f9a0c1d2b7e
    """
    with errors():
        revoked = _with_store(ctx, lambda s: s.revoke_token(name, token_id))
    out.print(
        _("token %(id)s (%(label)s) of %(name)s revoked")
        % {"id": revoked.id, "label": revoked.label, "name": name},
        highlight=False,
    )


@users_app.command("list")
def list_(ctx: typer.Context, json_: JsonOption = False) -> None:
    """The accounts, their roles and whether they are disabled.

    Example: comity users list
    """
    with errors():
        found = _with_store(ctx, lambda s: s.accounts())
    if json_:
        emit_json([_account_json(a) for a in found])
        return
    table = Table(_("name"), _("role"), _("disabled"))
    for account in found:
        table.add_row(account.name, str(account.role), _("yes") if account.disabled else "")
    out.print(table)
