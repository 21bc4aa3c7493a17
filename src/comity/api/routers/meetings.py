"""Meetings: the list, and a meeting's minutes with the positions the caller may see."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from comity.api.auth import CallerDep
from comity.api.deps import CONDITIONAL, AsOf, KnownAt, RecordDep
from comity.api.tables import answer
from comity.errors import NotAcceptableError, UnknownMeetingError
from comity.i18n import N_
from comity.identity import Role, RoleKind, sees_position
from comity.procedures import minutes, readiness, to_akoma_ntoso, to_markdown
from comity.state import InstitutionalState

router = APIRouter(tags=["meetings"], dependencies=[CONDITIONAL])


@router.get("/meetings")
def list_meetings(
    request: Request, response: Response, record: RecordDep, as_of: AsOf, known_at: KnownAt
) -> Any:
    """Meetings convened by ``as_of``, newest first, with their agenda's size."""

    def rows() -> list[dict[str, Any]]:
        state = record.state(as_of, known_at=known_at)
        found = sorted(
            state.meeting_records.values(), key=lambda m: m.convened.valid_from, reverse=True
        )
        return [
            {
                "meeting": m.convened.meeting,
                "name": m.convened.name,
                "body": m.convened.body,
                "place": m.convened.place,
                "from": m.convened.valid_from.isoformat(),
                "to": m.last_day.isoformat(),
                "chair": m.convened.chair,
                "items": len(m.items),
            }
            for m in found
        ]

    return answer(request, response, record, rows)


#: The forms of a meeting's minutes, by ``format``, and their media types.
MINUTES_FORMATS = {
    "json": "application/json",
    "akn": "application/akn+xml",
    "md": "text/markdown; charset=utf-8",
}


def minutes_format(value: str) -> str:
    """``value`` if the minutes come in that form, else a 406 naming the forms."""
    if value not in MINUTES_FORMATS:
        raise NotAcceptableError(
            N_("the minutes come as json, akn (Akoma Ntoso) or md (Markdown), not {format!r}"),
            value=value,
            params={"format": value},
        )
    return value


def visible_to(data: dict[str, Any], role: Role) -> dict[str, Any]:
    """The minutes with only the positions ``role`` may see while an item is open."""
    for item in data["items"]:
        closed = item["closed"] is not None
        item["positions"] = [
            p for p in item["positions"] if sees_position(role, p["state"], item_closed=closed)
        ]
        item["reservations"] = [
            r for r in item["reservations"] if sees_position(role, r["state"], item_closed=closed)
        ]
    return data


def minutes_response(data: dict[str, Any], form: str) -> Response:
    """The minutes in Akoma Ntoso or Markdown (in the request's language), as a download."""
    body = to_akoma_ntoso(data) if form == "akn" else to_markdown(data).encode()
    extension = "xml" if form == "akn" else "md"
    return Response(
        body,
        media_type=MINUTES_FORMATS[form],
        headers={
            "Content-Disposition": f'inline; filename="{data["meeting"]}.{extension}"',
            "Vary": "Authorization, Cookie, Accept-Language",
            "Cache-Control": "private, no-store",
        },
    )


def with_readiness(
    data: dict[str, Any], state: InstitutionalState, meeting: str, role: Role
) -> dict[str, Any]:
    """For the secretariat and delegations, each open item's ``readiness``: the member states
    not recorded present, those yet to speak, and whether the quorum lets it close; for the
    secretariat also what its rule would decide now (``would_pass`` and ``reason``)."""
    if role.kind not in (RoleKind.SECRETARIAT, RoleKind.DELEGATION):
        return data
    held = state.meeting_records[meeting]
    for item in data["items"]:
        record = held.items[item["item"]]
        if record.closed is not None:
            continue
        ready = readiness(state, held, record)
        item["readiness"] = {
            "absent": list(ready.absent),
            "yet_to_speak": list(ready.yet_to_speak),
            "may_close": ready.may_close,
            "rule": ready.reference,
        }
        if role.kind is RoleKind.SECRETARIAT:
            item["readiness"]["would_pass"] = ready.outcome.adopted
            item["readiness"]["reason"] = ready.outcome.reason
    return data


@router.get("/meetings/{meeting}")
def get_meeting(
    meeting: str,
    response: Response,
    record: RecordDep,
    caller: CallerDep,
    as_of: AsOf,
    known_at: KnownAt,
    format: Annotated[
        str,
        Query(description="json (default), akn (Akoma Ntoso 3.0 XML) or md (Markdown)"),
    ] = "json",
) -> Any:
    """The minutes as the record stands on ``as_of``: while an item is open only the
    positions the caller may see (the secretariat all, a delegation its own). ``format=akn``
    gives the Akoma Ntoso document, ``format=md`` Markdown; any other format is a 406."""
    form = minutes_format(format)
    state = record.state(as_of, known_at=known_at)
    if meeting not in state.meeting_records:
        raise UnknownMeetingError(
            N_("no meeting {meeting!r} by {day}"),
            value=meeting,
            params={"meeting": meeting, "day": as_of},
        )
    seen = minutes(
        state, meeting, sees=lambda s, closed: sees_position(caller.role, s, item_closed=closed)
    )
    data = visible_to(seen, caller.role)
    if form != "json":
        return minutes_response(data, form)
    data = with_readiness(data, state, meeting, caller.role)
    # The answer depends on who asks, so it carries no ETag (which names only the record's
    # state) and no cache may give it to someone else.
    response.headers["Vary"] = "Authorization, Cookie"
    response.headers["Cache-Control"] = "private, no-store"
    return data
