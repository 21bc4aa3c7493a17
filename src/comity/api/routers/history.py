"""The recorded events, paginated."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from comity import queries
from comity.api.auth import CallerDep
from comity.api.deps import CONDITIONAL, KnownAt, RecordDep
from comity.api.schemas import HistoryPage
from comity.api.tables import CSV_TABLE, FormatQuery, answer
from comity.dates import parse_date
from comity.record import current_versions
from comity.state.disclosure import Disclosure

router = APIRouter(tags=["history"], dependencies=[CONDITIONAL])

MAX_LIMIT = 1000


@router.get("/history", response_model=HistoryPage, responses=CSV_TABLE)
def list_history(
    request: Request,
    response: Response,
    record: RecordDep,
    caller: CallerDep,
    known_at: KnownAt,
    from_: Annotated[str | None, Query(alias="from", description="First date, YYYY-MM-DD")] = None,
    to: Annotated[str | None, Query(description="Last date, YYYY-MM-DD")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
    format_: FormatQuery = None,
) -> Any:
    """Recorded events with dates in [from, to], oldest first, ``limit`` at a time.

    ``next`` is the URL of the following page (null on the last). With ``format=csv`` the
    page's items come as CSV. What the charter keeps confidential (a delegation's position
    on an open item) is described without its content, unless the caller may see it.
    """
    start = parse_date(from_, what="from dates") if from_ else None
    end = parse_date(to, what="to dates") if to else None

    def page() -> dict[str, Any]:
        recorded = current_versions(record.recorded(known_at=known_at))
        # Confidential content revealed by now is no longer confidential in an older view.
        disclosure = (
            Disclosure(record.definition, [r.event for r in recorded])
            if known_at is None
            else record.disclosure()
        )
        rows = queries.history(
            [(r.sequence, r.actor, r.event) for r in recorded],
            start=start,
            end=end,
            withheld=lambda event: disclosure.withheld(event, caller.role),
        )
        following = offset + limit
        next_url = (
            str(request.url.include_query_params(offset=following))
            if following < len(rows)
            else None
        )
        return {
            "items": rows[offset:following],
            "total": len(rows),
            "limit": limit,
            "offset": offset,
            "next": next_url,
        }

    return answer(
        request,
        response,
        record,
        page,
        format_=format_,
        columns=("date", "sequence", "type", "id", "description", "actor", "source"),
        rows=lambda data: data["items"],
        filename="history.csv",
        reader=str(caller.role),
    )
