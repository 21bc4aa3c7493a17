"""Reforms side by side: the charter as it is and as reformed, with the lab's figures."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from comity.api.auth import CALLER_INPUTS
from comity.api.deps import RecordDep
from comity.charter.compare import reform_changes, reform_summary
from comity.dates import parse_date
from comity.lab.reform import compare_reform
from comity.web import templates

router = APIRouter(include_in_schema=False, dependencies=CALLER_INPUTS)


def _shown(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


@router.get("/reforms", response_class=HTMLResponse)
def reforms_page(request: Request, record: RecordDep) -> HTMLResponse:
    reforms = [reform_summary(r) for r in record.definition.reforms.values()]
    return templates.TemplateResponse(request, "reforms.html", {"reforms": reforms})


@router.get("/reforms/{reform}", response_class=HTMLResponse)
def reform_page(
    request: Request,
    reform: str,
    record: RecordDep,
    as_of: Annotated[str | None, Query()] = None,
) -> HTMLResponse:
    found = record.definition.reform(reform)
    day = parse_date(as_of, what="as_of dates") if as_of else None
    report = compare_reform(record.definition, record.current_events(), reform, day)
    changes = [
        {**c.to_json(), "before_text": _shown(c.before), "after_text": _shown(c.after)}
        for c in reform_changes(record.definition, reform)
    ]
    bodies = [
        {
            "code": b.body,
            "rule_before": b.rule_before,
            "rule_after": b.rule_after,
            "before": float(b.before.passage_probability) if b.before else None,
            "after": float(b.after.passage_probability) if b.after else None,
            "changed": b.changed,
        }
        for b in report.bodies
    ]
    return templates.TemplateResponse(
        request,
        "reform.html",
        {
            "reform": reform_summary(found),
            "changes": changes,
            "bodies": bodies,
            "as_of": report.as_of,
        },
    )
