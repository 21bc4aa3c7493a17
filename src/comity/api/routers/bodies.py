"""The bodies of the organisation and their decision rules."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from comity import queries
from comity.api.deps import CONDITIONAL, AsOf, KnownAt, RecordDep
from comity.api.schemas import Body
from comity.api.tables import answer

router = APIRouter(tags=["bodies"], dependencies=[CONDITIONAL])


@router.get("/bodies", response_model=list[Body])
def list_bodies(
    request: Request, response: Response, record: RecordDep, as_of: AsOf, known_at: KnownAt
) -> Any:
    """Bodies in the charter on ``as_of``, how each decides, and under which text."""
    return answer(
        request,
        response,
        record,
        lambda: queries.bodies(record.state(as_of, known_at=known_at, require_charter=True)),
    )
