"""Errors of the web pages as pages: a form refused (or a page asked of a browser) answers
with an HTML page in the reader's language, naming the fault and the way back, not with the
API's problem details. Scripts asking the web pages for anything but HTML keep the JSON.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse

from comity import i18n
from comity.i18n import errors as i18n_errors

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def wants_page(request: Request) -> bool:
    """A request to a web page (not ``/api``) from a form or a browser's navigation."""
    if request.url.path.startswith(("/api/", "/static/")):
        return False
    content_type = request.headers.get("content-type", "")
    accept = request.headers.get("accept", "")
    return content_type.startswith(FORM_TYPES) or "text/html" in accept


def error_page(request: Request, status: int, code: str, detail: str) -> HTMLResponse:
    """The error as a page: its title and sentence in the reader's language, its code."""
    from comity.web import templates  # late: the web package imports this module's users

    back = request.headers.get("referer", "")
    here = f"{request.url.scheme}://{request.url.netloc}/"
    response = templates.TemplateResponse(
        request,
        "error.html",
        {
            "status": status,
            "code": code,
            "title": i18n_errors.title(code),
            "detail": detail,
            # Only back to a page of this site.
            "back": back if back.startswith(here) else "/",
        },
        status_code=status,
    )
    response.headers["Content-Language"] = i18n.html_lang()
    return response
