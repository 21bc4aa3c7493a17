"""Logging in and out (session cookie) and asking who one is."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from comity.api.auth import CSRF_INPUT, SESSION_COOKIE, CallerDep, IdentityDep, check_csrf
from comity.identity.store import SESSION_SECONDS

router = APIRouter(tags=["session"])


class Credentials(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=1024)


def set_session_cookie(request: Request, response: Response, session_id: str) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        session_id,
        max_age=SESSION_SECONDS,
        httponly=True,
        secure=request.app.state.settings.cookie_secure,
        samesite="lax",
        path="/",
    )


@router.post("/session")
def log_in(
    credentials: Credentials,
    request: Request,
    response: Response,
    caller: CallerDep,
    identity: IdentityDep,
) -> dict[str, Any]:
    """Log in: a new session (and cookie) on every login; the old one is closed."""
    account = identity.authenticate(credentials.name, credentials.password)
    if caller.session_id:
        identity.close_session(caller.session_id)
    session_id, session = identity.open_session(account)
    set_session_cookie(request, response, session_id)
    return {"name": account.name, "role": str(account.role), "csrf_token": session.csrf_token}


@router.get("/session")
def who_am_i(caller: CallerDep) -> dict[str, Any]:
    """The caller's account and role (``public`` when anonymous)."""
    return {"name": caller.account.name if caller.account else None, "role": str(caller.role)}


@router.delete("/session", dependencies=[CSRF_INPUT])
def log_out(
    request: Request, response: Response, caller: CallerDep, identity: IdentityDep
) -> dict[str, Any]:
    """Close the session (needs the CSRF token) and clear the cookie."""
    check_csrf(request, caller)
    if caller.session_id:
        identity.close_session(caller.session_id)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return {"name": None, "role": "public"}
