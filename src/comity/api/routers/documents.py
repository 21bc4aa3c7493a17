"""Documents, their entry into force and parties."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from comity import queries
from comity.api.deps import CONDITIONAL, AsOf, KnownAt, RecordDep
from comity.api.schemas import Document
from comity.api.tables import CSV_TABLE, FormatQuery, answer

router = APIRouter(tags=["documents"], dependencies=[CONDITIONAL])


@router.get("/documents", response_model=list[Document], responses=CSV_TABLE)
def list_documents(
    request: Request,
    response: Response,
    record: RecordDep,
    as_of: AsOf,
    known_at: KnownAt,
    format_: FormatQuery = None,
) -> Any:
    """Documents signed or adopted by ``as_of``, with entry into force and parties."""
    return answer(
        request,
        response,
        record,
        lambda: queries.documents(record.state(as_of, known_at=known_at)),
        format_=format_,
        columns=(
            "id",
            "title",
            "kind",
            "signed",
            "adopted",
            "in_force",
            "stage",
            "participation",
            "parties",
        ),
        filename=f"documents-{as_of}.csv",
    )
