"""Who is calling: a bearer token, a session cookie, or the public.

Writes made with a session cookie must carry the session's CSRF token (header
``X-CSRF-Token`` or form field ``csrf_token``); bearer tokens are not sent by browsers on
their own, so they need none.

Both ways in are declared as OpenAPI security schemes (:data:`BEARER`, :data:`SESSION`) on
every route that reads the caller, and the CSRF header as a parameter (:data:`CSRF_INPUT`) on
every route that checks it, so the fuzz test sends all three.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, Request, Security
from fastapi.security import APIKeyCookie, HTTPAuthorizationCredentials, HTTPBearer

from comity.errors import AuthenticationError, CsrfError, PermissionDeniedError
from comity.i18n import N_
from comity.identity import (
    PUBLIC,
    Account,
    Action,
    IdentityStore,
    Role,
    Session,
    default_actor,
    may,
    may_act_as,
)

SESSION_COOKIE = "comity_session"
#: The header a cookie-authenticated write carries its session's CSRF token in.
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class Caller:
    role: Role
    account: Account | None = None
    session: Session | None = None
    session_id: str | None = None


def get_identity(request: Request) -> IdentityStore:
    store: IdentityStore = request.app.state.identity
    return store


IdentityDep = Annotated[IdentityStore, Depends(get_identity)]


BEARER = HTTPBearer(
    auto_error=False,
    description="An API token, from `comity users token NAME`; needs no CSRF token",
)
SESSION = APIKeyCookie(
    name=SESSION_COOKIE,
    auto_error=False,
    description="The session cookie set by logging in; writes need the X-CSRF-Token header",
)


def current_caller(
    request: Request,
    identity: IdentityDep,
    # Declared for the OpenAPI document; read below from the request, so that a malformed
    # Authorization header is refused rather than taken for no header at all.
    _token: Annotated[HTTPAuthorizationCredentials | None, Security(BEARER)] = None,
    _session: Annotated[str | None, Security(SESSION)] = None,
) -> Caller:
    header = request.headers.get("authorization")
    if header:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise AuthenticationError(
                N_("send the token as 'Authorization: Bearer <token>'"), params={}
            )
        account = identity.account_for_token(token.strip())
        if account is None:
            raise AuthenticationError(N_("unknown or revoked token"), params={})
        return Caller(account.role, account)
    session_id = request.cookies.get(SESSION_COOKIE)
    if session_id:
        session = identity.session(session_id)
        if session is not None:
            return Caller(session.account.role, session.account, session, session_id)
    return Caller(PUBLIC)


CallerDep = Annotated[Caller, Depends(current_caller)]
#: For routers whose pages read the caller outside a route's parameters (the templates' header).
CALLER_INPUTS = [Security(BEARER), Security(SESSION)]


def csrf_input(
    x_csrf_token: Annotated[
        str | None,
        Header(description="The session's CSRF token, on writes made with the session cookie"),
    ] = None,
) -> None:
    """Declares the header :func:`check_csrf` reads."""


CSRF_INPUT = Depends(csrf_input)


def require(caller: Caller, action: Action) -> None:
    """Refuse unless the caller's role may do ``action`` (401 when nobody is logged in)."""
    if may(caller.role, action):
        return
    if caller.account is None:
        raise AuthenticationError(
            N_("{action} needs an account; log in"),
            params={"action": action.value.replace("_", " ")},
        )
    raise PermissionDeniedError(
        N_("the role {role} may not {action}"),
        value=str(caller.role),
        params={"role": caller.role, "action": action.value.replace("_", " ")},
    )


def acting_actor(caller: Caller, acting_as: str | None) -> str:
    """The ledger actor for the caller's procedure: its role's own, or ``acting_as`` (e.g. the
    secretariat running a meeting as ``chair:CHS``), if its role allows that."""
    require(caller, Action.RUN_PROCEDURES)
    actor = acting_as.strip() if acting_as else default_actor(caller.role)
    if actor is None or not may_act_as(caller.role, actor):
        raise PermissionDeniedError(
            N_("the role {role} may not act as {actor}"),
            value=str(caller.role),
            params={"role": caller.role, "actor": actor},
        )
    return actor


def same_token(sent: str, expected: str) -> bool:
    """Whether ``sent`` is ``expected``, in constant time. Compared as bytes: a forged token
    may hold any character, and ``compare_digest`` refuses text that is not ASCII."""
    return secrets.compare_digest(sent.encode("utf-8", "replace"), expected.encode())


def check_csrf(request: Request, caller: Caller, form_token: str | None = None) -> None:
    """A cookie-authenticated write must echo the session's CSRF token."""
    if caller.session is None or request.method in SAFE_METHODS:
        return
    sent = request.headers.get(CSRF_HEADER) or form_token or ""
    if not same_token(sent, caller.session.csrf_token):
        raise CsrfError(
            N_("this form or request lacks the session's CSRF token; reload the page"), params={}
        )
