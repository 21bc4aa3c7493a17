"""Hypothetical decisions: would these positions carry in this body on this date?"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from comity import i18n, queries
from comity.api.deps import CONDITIONAL, AsOf, KnownAt, RecordDep
from comity.api.schemas import Decision
from comity.api.tables import answer
from comity.charter.rules import parse_positions, parse_weights

router = APIRouter(tags=["decisions"], dependencies=[CONDITIONAL])


@router.get("/decisions/evaluate", response_model=Decision)
def evaluate_decision(
    request: Request,
    response: Response,
    record: RecordDep,
    as_of: AsOf,
    known_at: KnownAt,
    positions: Annotated[
        str, Query(description='e.g. "CHN=yes,IND=object,RUS=reserve"; others absent')
    ],
    body: Annotated[str, Query(description="Body code, e.g. CHS, CMFA, CNC")] = "CHS",
    rule: Annotated[str | None, Query(description="Another rule than the body's")] = None,
    concerned: Annotated[str | None, Query(description="State concerned")] = None,
    weights: Annotated[str | None, Query(description="e.g. CHN=1412,IND=1428")] = None,
) -> Any:
    """Evaluate a decision of ``body`` with its members on ``as_of``; nothing is recorded."""
    parsed = parse_positions(positions)
    weight_map = parse_weights(weights)
    code = body.strip().upper()

    def outcome() -> dict[str, Any]:
        state = record.state(as_of, known_at=known_at, require_charter=True)
        result = queries.decide(
            state, parsed, body=code, rule=rule, concerned=concerned, weights=weight_map
        )
        return queries.decision_json(result, body=code, as_of=as_of, lang=i18n.active())

    return answer(request, response, record, outcome)
