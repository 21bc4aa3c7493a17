"""The meeting room: agenda, positions as they are stated, the rule in force and the outcome,
and the secretariat's conduct of the meeting.

Who sees what while an item is open: the secretariat (which services the meeting) sees every
delegation's position and what closing would decide now; a delegation sees and sets its own
state's position only, how many have spoken and who is yet to speak; observers and the public
see that the item is open. Once the item is closed the outcome, with objections and
reservations, is on record for everyone, as in the minutes.

The secretariat convenes a meeting, tables items, records the roll call and closes items from
these pages; closing is refused, with the reason, while the charter's quorum does not hold
(:func:`comity.procedures.meetings.readiness`). A delegation changing a position it stated
confirms the change on a page of its own. Every form's refusal is a page in the reader's
language (:mod:`comity.web.errors`).

Every viewer's page follows the record live: ``/meetings/{slug}/stream`` sends a server-sent
event whenever the ledger's head moves, and the page (``static/meeting.js``) reloads the
agenda fragment with htmx.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import AsyncIterator, Mapping
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
from comity.api.routers.meetings import minutes_format, minutes_response, visible_to
from comity.api.routers.session import set_session_cookie
from comity.charter.rules import POSITION_TITLES, Position
from comity.errors import AuthenticationError, CsrfError, UnknownMeetingError
from comity.events import DocumentKind, ItemKind
from comity.i18n import N_
from comity.identity import RoleKind, sees_position
from comity.procedures import (
    CloseItem,
    Command,
    ConveneMeeting,
    RecordAttendance,
    StatePosition,
    TableItem,
    execute,
    minutes,
    parse_command,
    readiness,
)
from comity.procedures.minutes import outcome_line, presented
from comity.record import Record
from comity.state import InstitutionalState
from comity.state.model import ItemRecord, MeetingRecord
from comity.states import state_name
from comity.web import templates

router = APIRouter(include_in_schema=False, dependencies=CALLER_INPUTS)

LOGIN_CSRF_COOKIE = "comity_login_csrf"
#: How long one event stream stays open; the browser's EventSource reconnects by itself.
STREAM_SECONDS = 300.0
POLL_SECONDS = 0.5

templates.env.globals.update(position_titles={p.value: POSITION_TITLES[p] for p in Position})
templates.env.filters["state_name"] = state_name


def _meeting(state: InstitutionalState, slug: str) -> MeetingRecord:
    found = state.meeting_records.get(slug)
    if found is None:
        raise UnknownMeetingError(
            N_("no meeting {meeting!r} on record"), value=slug, params={"meeting": slug}
        )
    return found


def _meeting_state(
    record: Record, slug: str, today: date
) -> tuple[InstitutionalState, MeetingRecord]:
    """The organisation on the meeting's last day (positions stated up to then), or on
    ``today`` (the app's clock, as the procedures' future-date check reads it) if later."""
    meeting = _meeting(record.state(today), slug)
    state = record.state(max(meeting.last_day, today), require_charter=True)
    return state, _meeting(state, slug)


def _is_secretariat(caller: Caller) -> bool:
    return caller.role.kind is RoleKind.SECRETARIAT


def _readiness_view(
    state: InstitutionalState, meeting: MeetingRecord, item: ItemRecord, caller: Caller
) -> dict[str, Any] | None:
    """For an open item: who is yet to speak (the secretariat and delegations), and for the
    secretariat what closing now would give or what blocks it."""
    if item.closed is not None or caller.role.kind not in (
        RoleKind.SECRETARIAT,
        RoleKind.DELEGATION,
    ):
        return None
    ready = readiness(state, meeting, item)
    view: dict[str, Any] = {"yet_to_speak": ready.yet_to_speak, "absent": ready.absent}
    if _is_secretariat(caller):
        view.update(
            may_close=ready.may_close,
            quorum_met=ready.quorum_met,
            hearing_required=ready.hearing_required,
            needed=ready.needed,
            would_pass=ready.outcome.adopted,
            reason=ready.outcome.explain(i18n.active()),
            reference=ready.reference,
        )
    return view


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
                "kind": item.tabled.kind.value,
                "closed": item.closed,
                # The outcome as one phrase in the reader's language where the rule allows.
                "outcome": presented_outcome(item) if item.closed else None,
                "stated": len(item.positions),
                "eligible": len(eligible),
                "positions": visible,
                "own": item.positions.get(own) if own else None,
                "may_state": own is not None and own in eligible and item.closed is None,
                "ready": _readiness_view(state, meeting, item, caller),
            }
        )
    return items


def presented_outcome(item: ItemRecord) -> dict[str, str]:
    """A closed item's outcome as the minutes say it: one phrase, and the rule's name."""
    assert item.closed is not None
    outcome = item.closed.outcome
    status = "adopted" if outcome.adopted else "not adopted"
    said = outcome_line(outcome.model_dump(mode="json"), status, i18n.active())
    return {"text": said.text, "lang": said.lang, "rule": outcome.rule}


def _context(record: Record, slug: str, caller: Caller, today: date) -> dict[str, Any]:
    state, meeting = _meeting_state(record, slug, today)
    body = state.charter.body(meeting.convened.body)
    return {
        "meeting": meeting.convened,
        "body": body,
        "rule": body.decision_rule["rule"] if body.decision_rule else None,
        "eligible": state.eligible(body.code),
        "present": meeting.present,
        "items": _items_view(state, meeting, caller),
        "positions": [p.value for p in Position],
        "item_kinds": [k.value for k in ItemKind],
        "document_kinds": [k.value for k in DocumentKind],
        "caller": caller,
        "is_secretariat": _is_secretariat(caller),
        "csrf": caller.session.csrf_token if caller.session else "",
        "stated_on": _position_day(meeting, today),
    }


def _position_day(meeting: MeetingRecord, today: date) -> date:
    """The day a position stated now is recorded on: today, within the meeting's days."""
    return min(max(today, meeting.convened.valid_from), meeting.last_day)


def _run(
    request: Request,
    record: Record,
    caller: Caller,
    csrf_token: str,
    command: type[Command],
    data: Mapping[str, Any],
) -> None:
    """Run a procedure from a meeting room form as the logged-in account's actor."""
    check_csrf(request, caller, csrf_token)
    if caller.session is None:
        raise CsrfError(
            N_("the meeting room's forms are used from a logged-in page; log in first"), params={}
        )
    actor = acting_actor(caller, None)
    execute(
        record,
        parse_command(command, data),
        actor,
        account=caller.account.name if caller.account else "",
        today=request.app.state.today(),
    )


@router.get("/meetings", response_class=HTMLResponse)
def meetings_page(request: Request, record: RecordDep, caller: CallerDep) -> HTMLResponse:
    today = request.app.state.today()
    state = record.state(today)
    meetings = sorted(
        state.meeting_records.values(), key=lambda m: m.convened.valid_from, reverse=True
    )
    bodies = [b for b in state.charter.bodies.values() if b.decision_rule is not None]
    return templates.TemplateResponse(
        request,
        "meetings.html",
        {
            "meetings": meetings,
            "bodies": bodies,
            "today": today,
            "is_secretariat": _is_secretariat(caller),
            "csrf": caller.session.csrf_token if caller.session else "",
        },
    )


@router.post("/meetings", dependencies=[CSRF_INPUT])
def convene_meeting(
    request: Request,
    record: RecordDep,
    caller: CallerDep,
    meeting: Annotated[str, Form(description="The meeting's slug, e.g. cmfa-2026-bishkek.")],
    body: Annotated[str, Form(description="The body's code, e.g. CMFA.")],
    place: Annotated[str, Form(description="Where it meets.")],
    on: Annotated[date, Form(description="Its first day, YYYY-MM-DD.")],
    csrf_token: Annotated[str, Form()] = "",
    ends_on: Annotated[str, Form(description="Its last day, YYYY-MM-DD (empty: one day).")] = "",
    name: Annotated[str, Form(description="Its name (empty: from the body's).")] = "",
    chair: Annotated[str, Form(description="ISO3 of the chair (empty: the charter's).")] = "",
) -> Response:
    """The secretariat convenes a meeting; the chair follows the body's chair rule."""
    data = {
        "meeting": meeting.strip(),
        "body": body,
        "place": place,
        "on": on,
        "ends_on": ends_on.strip() or None,
        "name": name.strip() or None,
        "chair": chair.strip() or None,
    }
    _run(request, record, caller, csrf_token, ConveneMeeting, data)
    return RedirectResponse(f"/meetings/{meeting.strip()}", status_code=303)


@router.get("/meetings/{slug}", response_model=None)
def meeting_room(
    request: Request,
    slug: str,
    record: RecordDep,
    caller: CallerDep,
    format: Annotated[
        str, Query(description="html (default), akn (Akoma Ntoso 3.0 XML) or md (Markdown)")
    ] = "html",
) -> Response:
    """The meeting room; ``format=akn`` or ``md`` gives its minutes, any other format a 406."""
    if format != "html":
        return _minutes(record, slug, caller, minutes_format(format), request.app.state.today())
    return templates.TemplateResponse(
        request, "meeting.html", _context(record, slug, caller, request.app.state.today())
    )


@router.get("/meetings/{slug}/agenda", response_class=HTMLResponse)
def agenda_fragment(
    request: Request, slug: str, record: RecordDep, caller: CallerDep
) -> HTMLResponse:
    return templates.TemplateResponse(
        request, "_agenda.html", _context(record, slug, caller, request.app.state.today())
    )


def _minutes(record: Record, slug: str, caller: Caller, form: str, today: date) -> Response:
    state, _ = _meeting_state(record, slug, today)
    return minutes_response(visible_to(minutes(state, slug), caller.role), form)


@router.get("/meetings/{slug}/minutes", response_model=None)
def minutes_page(
    request: Request,
    slug: str,
    record: RecordDep,
    caller: CallerDep,
    format: Annotated[
        str, Query(description="html (to print, default), akn (Akoma Ntoso) or md (Markdown)")
    ] = "html",
) -> Response:
    """The minutes to print (a page of their own) or to download, with the positions the
    reader may see, in the reader's language."""
    if format != "html":
        return _minutes(record, slug, caller, minutes_format(format), request.app.state.today())
    state, _ = _meeting_state(record, slug, request.app.state.today())
    data = visible_to(minutes(state, slug), caller.role)
    return templates.TemplateResponse(
        request, "minutes.html", {"minutes": presented(data), "slug": slug}
    )


@router.post("/meetings/{slug}/items", dependencies=[CSRF_INPUT])
def table_item(
    request: Request,
    slug: str,
    record: RecordDep,
    caller: CallerDep,
    item: Annotated[str, Form(description="The item's slug, e.g. water.")],
    title: Annotated[str, Form(description="The item's title.")],
    csrf_token: Annotated[str, Form()] = "",
    kind: Annotated[ItemKind, Form(description="decision or project.")] = ItemKind.DECISION,
    document_id: Annotated[str, Form(description="Slug of a draft tabled with it.")] = "",
    document_title: Annotated[str, Form(description="The draft's title.")] = "",
    document_kind: Annotated[DocumentKind, Form()] = DocumentKind.DECISION,
) -> Response:
    """The secretariat tables an item (and a draft) on the agenda."""
    _, meeting = _meeting_state(record, slug, request.app.state.today())
    draft = (
        {"id": document_id.strip(), "title": document_title or document_id, "kind": document_kind}
        if document_id.strip()
        else None
    )
    data = {
        "meeting": slug,
        "item": item.strip(),
        "title": title,
        "kind": kind,
        "document": draft,
        "on": _position_day(meeting, request.app.state.today()),
    }
    _run(request, record, caller, csrf_token, TableItem, data)
    return RedirectResponse(f"/meetings/{slug}#item-{item.strip()}", status_code=303)


@router.post("/meetings/{slug}/attendance", dependencies=[CSRF_INPUT])
def record_attendance(
    request: Request,
    slug: str,
    record: RecordDep,
    caller: CallerDep,
    csrf_token: Annotated[str, Form()] = "",
    present: Annotated[
        list[str], Form(description="ISO3 of each member state present (repeated).")
    ] = [],  # noqa: B006 (FastAPI copies a form default per request)
) -> Response:
    """The secretariat records the roll call: the delegations present."""
    _, meeting = _meeting_state(record, slug, request.app.state.today())
    data = {
        "meeting": slug,
        "present": present,
        "on": _position_day(meeting, request.app.state.today()),
    }
    _run(request, record, caller, csrf_token, RecordAttendance, data)
    return RedirectResponse(f"/meetings/{slug}#attendance", status_code=303)


@router.post("/meetings/{slug}/items/{item}/close", dependencies=[CSRF_INPUT])
def close_item(
    request: Request,
    slug: str,
    item: str,
    record: RecordDep,
    caller: CallerDep,
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    """The secretariat closes an item by the body's rule, once its quorum holds."""
    _, meeting = _meeting_state(record, slug, request.app.state.today())
    data = {"meeting": slug, "item": item, "on": _position_day(meeting, request.app.state.today())}
    _run(request, record, caller, csrf_token, CloseItem, data)
    return RedirectResponse(f"/meetings/{slug}#item-{item}", status_code=303)


@router.post(
    "/meetings/{slug}/items/{item}/position", response_model=None, dependencies=[CSRF_INPUT]
)
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
    confirm: Annotated[
        bool, Form(description="true: the delegation confirms changing its stated position.")
    ] = False,
) -> Response:
    """A delegation states its own state's position from the meeting room. Changing a
    position already stated (or staying out of a project) is confirmed first: a delegation
    re-submitting the form to fix its statement does not turn an objection into support."""
    check_csrf(request, caller, csrf_token)
    if caller.session is None:
        raise CsrfError(N_("positions are stated from a logged-in page; log in first"), params={})
    actor = acting_actor(caller, None)
    _, meeting = _meeting_state(record, slug, request.app.state.today())
    own = caller.role.state or ""
    # Validated as the API's commands are: a form's bad value is a 400, not a crash.
    command = parse_command(
        StatePosition,
        {
            "meeting": slug,
            "item": item,
            "state": own,
            "position": position,
            "statement": statement or None,
            "opt_out": opt_out,
            "on": _position_day(meeting, request.app.state.today()),
        },
    )
    stated = meeting.items[item].positions.get(own) if item in meeting.items else None
    if stated is not None and not confirm:
        if (stated.position, stated.opt_out, stated.statement) == (
            position.value,
            opt_out,
            statement or None,
        ):
            return RedirectResponse(f"/meetings/{slug}#item-{item}", status_code=303)
        if (stated.position, stated.opt_out) != (position.value, opt_out):
            return templates.TemplateResponse(
                request,
                "confirm_position.html",
                {
                    "meeting": meeting.convened,
                    "item": meeting.items[item].tabled,
                    "stated": stated,
                    "command": command,
                    "csrf": csrf_token,
                    "state": own,
                },
            )
    execute(
        record,
        command,
        actor,
        account=caller.account.name if caller.account else "",
        today=request.app.state.today(),
    )
    return RedirectResponse(f"/meetings/{slug}#item-{item}", status_code=303)


@router.get("/meetings/{slug}/stream")
async def meeting_stream(
    request: Request,
    slug: str,
    record: RecordDep,
    seconds: Annotated[float, Query(gt=0, le=STREAM_SECONDS)] = STREAM_SECONDS,
) -> StreamingResponse:
    """Server-sent events: ``changed`` whenever the record moves (bounded in time)."""
    _meeting_state(record, slug, request.app.state.today())

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
