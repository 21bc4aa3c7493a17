"""One state's status on a date and its history."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from comity import queries
from comity.api.deps import CONDITIONAL, AsOf, KnownAt, RecordDep
from comity.api.schemas import StateReport
from comity.api.tables import answer
from comity.states import parse_state

router = APIRouter(tags=["states"], dependencies=[CONDITIONAL])


@router.get("/states/{iso3}", response_model=StateReport)
def get_state(
    iso3: str,
    request: Request,
    response: Response,
    record: RecordDep,
    as_of: AsOf,
    known_at: KnownAt,
) -> Any:
    """A state's status on ``as_of``, its rights then, and its status history."""
    code = parse_state(iso3)
    return answer(
        request,
        response,
        record,
        lambda: queries.state_report(record.state(as_of, known_at=known_at), code),
    )
