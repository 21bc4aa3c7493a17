"""Meetings: the list, and a meeting's minutes with the positions the caller may see."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from comity.api.auth import CallerDep
from comity.api.deps import CONDITIONAL, AsOf, KnownAt, RecordDep
from comity.api.tables import answer
from comity.errors import UnknownMeetingError
from comity.i18n import N_
from comity.identity import sees_position
from comity.procedures import minutes

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


@router.get("/meetings/{meeting}")
def get_meeting(
    meeting: str,
    response: Response,
    record: RecordDep,
    caller: CallerDep,
    as_of: AsOf,
    known_at: KnownAt,
) -> Any:
    """The minutes as the record stands on ``as_of``: while an item is open only the
    positions the caller may see (the secretariat all, a delegation its own)."""
    state = record.state(as_of, known_at=known_at)
    if meeting not in state.meeting_records:
        raise UnknownMeetingError(
            N_("no meeting {meeting!r} by {day}"),
            value=meeting,
            params={"meeting": meeting, "day": as_of},
        )
    data = minutes(state, meeting)
    for item in data["items"]:
        closed = item["closed"] is not None
        item["positions"] = [
            p
            for p in item["positions"]
            if sees_position(caller.role, p["state"], item_closed=closed)
        ]
        item["reservations"] = [
            r
            for r in item["reservations"]
            if sees_position(caller.role, r["state"], item_closed=closed)
        ]
    # The answer depends on who asks, so it carries no ETag (which names only the record's
    # state) and no cache may give it to someone else.
    response.headers["Vary"] = "Authorization, Cookie"
    response.headers["Cache-Control"] = "private, no-store"
    return data
