"""The meeting room: agenda, positions as they are stated, the rule in force and the outcome.

Who sees what while an item is open: the secretariat (which services the meeting) sees every
delegation's position; a delegation sees and sets its own state's position only, and how many
have spoken; observers and the public see that the item is open. Once the item is closed the
outcome, with objections and reservations, is on record for everyone, as in the minutes.

Every viewer's page follows the record live: ``/meetings/{slug}/stream`` sends a server-sent
event whenever the ledger's head moves, and the page (``static/meeting.js``) reloads the
agenda fragment with htmx.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import AsyncIterator
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Cookie, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse

from comity import i18n
from comity.api.auth import (
    CALLER_INPUTS,
    CSRF_INPUT,
    SESSION_COOKIE,
    Caller,
    CallerDep,
    IdentityDep,
    acting_actor,
    check_csrf,
    same_token,
)
from comity.api.deps import RecordDep
from comity.api.routers.session import set_session_cookie
from comity.charter.rules import Position
from comity.errors import AuthenticationError, CsrfError, UnknownMeetingError
from comity.i18n import N_
from comity.identity import RoleKind, sees_position
from comity.procedures import StatePosition, execute, parse_command
from comity.record import Record
from comity.state import InstitutionalState
from comity.state.describe import decision_reason
from comity.state.fold import MeetingRecord
from comity.web import templates

router = APIRouter(include_in_schema=False, dependencies=CALLER_INPUTS)

LOGIN_CSRF_COOKIE = "comity_login_csrf"
#: How long one event stream stays open; the browser's EventSource reconnects by itself.
STREAM_SECONDS = 300.0
POLL_SECONDS = 0.5


def _meeting(state: InstitutionalState, slug: str) -> MeetingRecord:
    found = state.meeting_records.get(slug)
    if found is None:
        raise UnknownMeetingError(
            N_("no meeting {meeting!r} on record"), value=slug, params={"meeting": slug}
        )
    return found


def _meeting_state(record: Record, slug: str) -> tuple[InstitutionalState, MeetingRecord]:
    """The organisation on the meeting's last day (positions stated up to then)."""
    today = record.state(date.today())
    meeting = _meeting(today, slug)
    state = record.state(max(meeting.last_day, date.today()), require_charter=True)
    return state, _meeting(state, slug)


def _items_view(
    state: InstitutionalState, meeting: MeetingRecord, caller: Caller
) -> list[dict[str, Any]]:
    own = caller.role.state if caller.role.kind is RoleKind.DELEGATION else None
    eligible = state.eligible(meeting.convened.body)
    items = []
    for slug, item in meeting.items.items():
        visible = {
            s: p
            for s, p in sorted(item.positions.items())
            if sees_position(caller.role, s, item_closed=item.closed is not None)
        }
        items.append(
            {
                "slug": slug,
                "title": item.tabled.title,
                "closed": item.closed,
                # The recorded reason in the reader's language where the rule allows it.
                "reason": decision_reason(item.closed.outcome, i18n.active())
                if item.closed
                else None,
                "stated": len(item.positions),
                "eligible": len(eligible),
                "positions": visible,
                "own": item.positions.get(own) if own else None,
                "may_state": own is not None and own in eligible and item.closed is None,
            }
        )
    return items


def _context(record: Record, slug: str, caller: Caller) -> dict[str, Any]:
    state, meeting = _meeting_state(record, slug)
    body = state.charter.body(meeting.convened.body)
    return {
        "meeting": meeting.convened,
        "body": body,
        "rule": body.decision_rule["rule"] if body.decision_rule else None,
        "eligible": state.eligible(body.code),
        "items": _items_view(state, meeting, caller),
        "positions": [p.value for p in Position],
        "caller": caller,
        "csrf": caller.session.csrf_token if caller.session else "",
        "stated_on": _position_day(meeting),
    }


def _position_day(meeting: MeetingRecord) -> date:
    """The day a position stated now is recorded on: today, within the meeting's days."""
    return min(max(date.today(), meeting.convened.valid_from), meeting.last_day)


@router.get("/meetings", response_class=HTMLResponse)
def meetings_page(request: Request, record: RecordDep) -> HTMLResponse:
    state = record.state(date.today())
    meetings = sorted(
        state.meeting_records.values(), key=lambda m: m.convened.valid_from, reverse=True
    )
    return templates.TemplateResponse(request, "meetings.html", {"meetings": meetings})


@router.get("/meetings/{slug}", response_class=HTMLResponse)
def meeting_room(request: Request, slug: str, record: RecordDep, caller: CallerDep) -> HTMLResponse:
    return templates.TemplateResponse(request, "meeting.html", _context(record, slug, caller))


@router.get("/meetings/{slug}/agenda", response_class=HTMLResponse)
def agenda_fragment(
    request: Request, slug: str, record: RecordDep, caller: CallerDep
) -> HTMLResponse:
    return templates.TemplateResponse(request, "_agenda.html", _context(record, slug, caller))


@router.post("/meetings/{slug}/items/{item}/position", dependencies=[CSRF_INPUT])
def state_position(
    request: Request,
    slug: str,
    item: str,
    record: RecordDep,
    caller: CallerDep,
    position: Annotated[Position, Form()],
    csrf_token: Annotated[str, Form()] = "",
    statement: Annotated[str, Form()] = "",
    opt_out: Annotated[bool, Form()] = False,
) -> Response:
    """A delegation states its own state's position from the meeting room."""
    check_csrf(request, caller, csrf_token)
    if caller.session is None:
        raise CsrfError(N_("positions are stated from a logged-in page; log in first"), params={})
    actor = acting_actor(caller, None)
    _, meeting = _meeting_state(record, slug)
    # Validated as the API's commands are: a form's bad value is a 400, not a crash.
    command = parse_command(
        StatePosition,
        {
            "meeting": slug,
            "item": item,
            "state": caller.role.state or "",
            "position": position,
            "statement": statement or None,
            "opt_out": opt_out,
            "on": _position_day(meeting),
        },
    )
    execute(record, command, actor)
    return RedirectResponse(f"/meetings/{slug}#item-{item}", status_code=303)


@router.get("/meetings/{slug}/stream")
async def meeting_stream(
    request: Request,
    slug: str,
    record: RecordDep,
    seconds: Annotated[float, Query(gt=0, le=STREAM_SECONDS)] = STREAM_SECONDS,
) -> StreamingResponse:
    """Server-sent events: ``changed`` whenever the record moves (bounded in time)."""
    _meeting_state(record, slug)

    async def events() -> AsyncIterator[str]:
        loop = asyncio.get_running_loop()
        last = await asyncio.to_thread(record.ledger.head)
        yield f"retry: 2000\nevent: ready\ndata: {last[0]}\n\n"
        deadline = loop.time() + seconds
        while loop.time() < deadline and not await request.is_disconnected():
            await asyncio.sleep(POLL_SECONDS)
            head = await asyncio.to_thread(record.ledger.head)
            if head != last:
                last = head
                yield f"event: changed\ndata: {head[0]}\n\n"

    return StreamingResponse(
        events(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/") -> HTMLResponse:
    token = secrets.token_urlsafe(32)
    response = templates.TemplateResponse(
        request, "login.html", {"csrf": token, "next": _safe_next(next), "error": None}
    )
    response.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict", path="/login")
    return response


def _safe_next(target: str) -> str:
    """Only local paths: a login form must not redirect to another site."""
    return target if target.startswith("/") and not target.startswith("//") else "/"


@router.post("/login")
def login(
    request: Request,
    identity: IdentityDep,
    name: Annotated[str, Form()],
    password: Annotated[str, Form()],
    csrf_token: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/",
    expected: Annotated[
        str, Cookie(alias=LOGIN_CSRF_COOKIE, description="The login page's CSRF token")
    ] = "",
) -> Response:
    """Log in from the form (double-submit CSRF token), with a new session id."""
    if not expected or not same_token(csrf_token, expected):
        raise CsrfError(N_("the login form has expired; reload it and try again"), params={})
    try:
        account = identity.authenticate(name, password)
    except AuthenticationError:
        token = secrets.token_urlsafe(32)
        response = templates.TemplateResponse(
            request,
            "login.html",
            {
                "csrf": token,
                "next": _safe_next(next),
                "error": "Unknown account or wrong password.",
            },
            status_code=401,
        )
        response.set_cookie(
            LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict", path="/login"
        )
        return response
    old = request.cookies.get(SESSION_COOKIE)
    if old:
        identity.close_session(old)
    session_id, _ = identity.open_session(account)
    redirect = RedirectResponse(_safe_next(next), status_code=303)
    set_session_cookie(request, redirect, session_id)
    redirect.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return redirect


@router.post("/logout", dependencies=[CSRF_INPUT])
def logout(
    request: Request,
    identity: IdentityDep,
    caller: CallerDep,
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    check_csrf(request, caller, csrf_token)
    if caller.session_id:
        identity.close_session(caller.session_id)
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
