"""Who held which status on a date."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from comity import queries
from comity.api.deps import CONDITIONAL, AsOf, KnownAt, RecordDep
from comity.api.schemas import Member
from comity.api.tables import CSV_TABLE, FormatQuery, answer

router = APIRouter(tags=["members"], dependencies=[CONDITIONAL])


@router.get("/members", response_model=list[Member], responses=CSV_TABLE)
def list_members(
    request: Request,
    response: Response,
    record: RecordDep,
    as_of: AsOf,
    known_at: KnownAt,
    status: Annotated[
        str,
        Query(
            description="member (default), observer, dialogue_partner, partner, all, any "
            "status, or applicant: the states with an admission procedure under way, each "
            "with its official status"
        ),
    ] = "member",
    format_: FormatQuery = None,
) -> Any:
    """States holding a status on ``as_of`` (member states by default), each with the start
    of its admission procedure if one is under way."""
    queries.statuses_for(status)
    return answer(
        request,
        response,
        record,
        lambda: queries.members(record.statuses(as_of, known_at=known_at), status),
        format_=format_,
        columns=("state", "name", "status", "since", "admission_since"),
        filename=f"members-{as_of}.csv",
    )
