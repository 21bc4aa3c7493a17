"""JSON or CSV for answers that are tables, and 304 for answers the client has."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Annotated, Any, Literal

from fastapi import Query, Request, Response

from comity.api.deps import not_modified
from comity.csvtext import csv_table
from comity.record import Record

FormatQuery = Annotated[
    Literal["json", "csv"] | None,
    Query(alias="format", description="json (default) or csv; or send Accept: text/csv"),
]

#: For a table's route: the CSV answer it gives to ``format=csv`` or ``Accept: text/csv``.
CSV_TABLE: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {"schema": {"type": "string"}}}}
}


def wants_csv(request: Request, format_: str | None) -> bool:
    if format_ is not None:
        return format_ == "csv"
    accept = request.headers.get("accept", "")
    return "text/csv" in accept and "application/json" not in accept


def answer(
    request: Request,
    response: Response,
    record: Record,
    compute: Callable[[], Any],
    *,
    format_: str | None = None,
    columns: Sequence[str] | None = None,
    rows: Callable[[Any], Sequence[dict[str, Any]]] = lambda data: data,
    filename: str = "comity.csv",
    reader: str | None = None,
) -> Any:
    """Answer with 304 if the client's ETag matches, else JSON data or, for tables, CSV
    (``rows`` picks the table out of the data, e.g. a page's items). ``reader`` names the
    view of an answer that depends on who asks (see :func:`~comity.api.deps.not_modified`)."""
    if not_modified(request, response, record, reader=reader):
        return Response(status_code=304, headers=dict(response.headers))
    data = compute()
    if columns is not None and wants_csv(request, format_):
        return Response(
            csv_table(rows(data), columns),
            media_type="text/csv; charset=utf-8",
            headers={
                **dict(response.headers),
                "Content-Disposition": f'attachment; filename="{filename}"',
            },
        )
    return data
