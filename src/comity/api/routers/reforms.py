"""Reforms side by side, and the compliance view (obligations due, reported, overdue)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from comity import queries
from comity.api.deps import CONDITIONAL, AsOf, KnownAt, RecordDep
from comity.api.tables import CSV_TABLE, FormatQuery, answer
from comity.charter.compare import reform_changes, reform_summary
from comity.dates import parse_date
from comity.lab.reform import compare_reform

router = APIRouter(tags=["reforms and compliance"], dependencies=[CONDITIONAL])


@router.get("/reforms")
def list_reforms(record: RecordDep) -> list[dict[str, Any]]:
    """The reform overlays comity knows, with their effective dates."""
    return [reform_summary(r) for r in record.definition.reforms.values()]


@router.get("/reforms/{reform}")
def show_reform(reform: str, record: RecordDep) -> dict[str, Any]:
    """A reform parameter by parameter: the charter's value it replaces, and its own."""
    found = record.definition.reform(reform)
    return {
        **reform_summary(found),
        "changes": [c.to_json() for c in reform_changes(record.definition, reform)],
    }


@router.get("/reforms/{reform}/compare")
def compare(
    reform: str,
    request: Request,
    response: Response,
    record: RecordDep,
    as_of: Annotated[
        str | None, Query(description="Members on this date (default: in force)")
    ] = None,
) -> Any:
    """Parameters, then each body's rule, voting power and passage before and after."""
    day = parse_date(as_of, what="as_of dates") if as_of else None

    def report() -> dict[str, Any]:
        compared = compare_reform(record.definition, record.current_events(), reform, day)
        changes = [c.to_json() for c in reform_changes(record.definition, reform)]
        return {"changes": changes, **compared.to_json()}

    return answer(request, response, record, report)


@router.get("/compliance", responses=CSV_TABLE)
def compliance_view(
    request: Request,
    response: Response,
    record: RecordDep,
    as_of: AsOf,
    known_at: KnownAt,
    format_: FormatQuery = None,
) -> Any:
    """Per state and obligation on ``as_of``: due, reported, overdue (JSON or CSV)."""
    return answer(
        request,
        response,
        record,
        lambda: queries.compliance(record.state(as_of, known_at=known_at)),
        format_=format_,
        columns=queries.COMPLIANCE_COLUMNS,
        filename=f"compliance-{as_of}.csv",
    )
