"""Who is at the keyboard when a CLI command writes to the record.

The CLI is the operator's tool: whoever can open the database can write to it, with or
without comity. What the CLI can do is refuse to *claim* a delegation's act on its behalf:
``--actor delegation:ISO3`` needs the credentials of an account of that delegation, checked
against the accounts in the same database (``comity users``). The secretariat and the chairs
it services act from the CLI as the operator; with credentials given, those are checked too.

Credentials, in this order: a bearer token in ``$COMITY_TOKEN``; or ``--user NAME`` (or
``$COMITY_USER``) with the password in ``$COMITY_PASSWORD``, typed without echo on a
terminal, or else the first line of standard input.
"""

from __future__ import annotations

import getpass
import os
import sys

from comity.errors import AuthenticationError, PermissionDeniedError
from comity.i18n import N_, _
from comity.identity import Account, IdentityStore, may_act_as
from comity.ledger import SqlLedger
from comity.procedures import Actor, Role
from comity.record import Record

USER_ENV = "COMITY_USER"
PASSWORD_ENV = "COMITY_PASSWORD"
TOKEN_ENV = "COMITY_TOKEN"


def read_password(prompt: str) -> str:
    """A password: typed without echo when standard input is a terminal, else its first line."""
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    return sys.stdin.readline().rstrip("\r\n")


def _identity(record: Record) -> IdentityStore:
    if not isinstance(record.ledger, SqlLedger):  # pragma: no cover - the CLI opens SQL only
        raise AuthenticationError(N_("accounts are kept in an SQL ledger only"), params={})
    store = IdentityStore(record.ledger.engine)
    store.migrate()
    return store


def authenticate(record: Record, user: str | None) -> Account | None:
    """The account whose credentials were given (None when none were)."""
    token = os.environ.get(TOKEN_ENV, "").strip()
    if token:
        account = _identity(record).account_for_token(token)
        if account is None:
            raise AuthenticationError(
                N_("unknown or revoked token in {variable}"), params={"variable": TOKEN_ENV}
            )
        return account
    if not user:
        return None
    store = _identity(record)
    password = os.environ.get(PASSWORD_ENV) or read_password(
        _("Password of %(user)s: ") % {"user": user}
    )
    return store.authenticate(user, password)


def check_actor(record: Record, actor: Actor, user: str | None) -> Account | None:
    """Refuse a delegation's act without that delegation's credentials, and any act whose
    credentials do not allow ``actor``; the account that acts, if credentials were given."""
    account = authenticate(record, user)
    if account is None:
        if actor.role is Role.DELEGATION:
            raise AuthenticationError(
                N_(
                    "{actor} acts from the CLI only with an account of that delegation: give"
                    " --user NAME (password from {password} or typed when asked) or a token in"
                    " {token}"
                ),
                value=str(actor),
                params={"actor": str(actor), "password": PASSWORD_ENV, "token": TOKEN_ENV},
            )
        return None
    if not may_act_as(account.role, str(actor)):
        raise PermissionDeniedError(
            N_("the account {name} ({role}) may not act as {actor}"),
            value=account.name,
            params={"name": account.name, "role": account.role, "actor": str(actor)},
        )
    return account
