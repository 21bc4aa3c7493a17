"""RFC 9457 problem details for every error the API returns.

One handler maps the :class:`~comity.errors.ComityError` tree to HTTP: the body always
carries the stable machine-readable ``code`` (the same as the CLI prints), a ``title`` per
code, the sentence that teaches the right form as ``detail``, and the offending ``value``.
``title`` and ``detail`` are in the request's language (:mod:`comity.i18n.errors`).
"""

from __future__ import annotations

from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from comity import errors as e
from comity import i18n
from comity.i18n import N_
from comity.i18n import errors as i18n_errors

MEDIA_TYPE = "application/problem+json"

# Most specific first: the first class an error is an instance of decides. Only the server's
# own faults are 5xx: its charter or reference data, its database, its outside data; every
# error a caller's input can cause is a 4xx (tests/api/test_problems.py pins the 5xx ones).
_STATUS: list[tuple[type[e.ComityError], int]] = [
    (e.AccountDisabledError, 403),  # the password was right: who it is, is known
    (e.AuthenticationError, 401),
    (e.TooManyAttemptsError, 429),
    (e.AccountExistsError, 409),
    (e.AccessError, 403),
    (e.NotAcceptableError, 406),
    (e.NotEligibleError, 422),
    (e.NoCharterInForceError, 422),
    (e.ActorNotAllowedError, 403),
    (e.WrongDateError, 422),
    (e.ProcedureError, 409),
    (e.InputError, 400),
    (e.LedgerConflictError, 409),
    (e.LedgerUnavailableError, 503),
    (e.ChainBrokenError, 500),
    (e.ComityError, 500),
]

#: Errors naming something the client asked for by path: 404 when the value is in the path.
_LOOKUPS = (
    e.UnknownStateError,
    e.UnknownBodyError,
    e.UnknownDocumentError,
    e.UnknownReformError,
    e.UnknownMeetingError,
)


def problem(status: int, code: str, detail: str, *, instance: str, **extra: Any) -> JSONResponse:
    """A problem-details response; ``title`` in the request's language (``code`` never)."""
    body: dict[str, Any] = {
        "type": f"urn:comity:problem:{code}",
        "title": i18n_errors.title(code),
        "status": status,
        "detail": detail,
        "instance": instance,
        "code": code,
        **{k: v for k, v in extra.items() if v is not None},
    }
    return JSONResponse(
        body,
        status_code=status,
        media_type=MEDIA_TYPE,
        headers={"Content-Language": i18n.html_lang()},
    )


def status_of(kind: type[e.ComityError]) -> int:
    """The HTTP status of an error class (a lookup's may be 404 instead: :func:`status_for`)."""
    return next(status for cls, status in _STATUS if issubclass(kind, cls))


def status_for(error: e.ComityError, request: Request) -> int:
    if isinstance(error, _LOOKUPS) and error.value is not None:
        in_path = {str(v).upper() for v in request.path_params.values()}
        if str(error.value).strip().upper() in in_path:
            return 404
    return status_of(type(error))


#: Renders an error as a page for a request that wants one (the web package's), else None.
PageRenderer = Callable[[Request, int, str, str], Response | None]


def install(app: FastAPI, page: PageRenderer | None = None) -> None:
    """Register the handlers on ``app``; ``page`` may answer a web form's error as HTML."""

    @app.exception_handler(e.ComityError)
    async def comity_error(request: Request, error: e.ComityError) -> Response:
        if page is not None:
            shown = page(request, status_for(error, request), error.code, i18n_errors.detail(error))
            if shown is not None:
                return shown
        data = error.to_dict()
        response = problem(
            status_for(error, request),
            error.code,
            i18n_errors.detail(error),
            instance=request.url.path,
            value=data.get("value"),
        )
        if isinstance(error, e.AuthenticationError):
            response.headers["WWW-Authenticate"] = 'Bearer realm="comity"'
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> Response:
        issues = [
            {
                "location": ".".join(str(p) for p in issue.get("loc", ())),
                "message": issue.get("msg", ""),
            }
            for issue in error.errors()
        ]
        # The detail in the reader's language (pydantic's English in ``errors``, for scripts).
        found = error.errors()
        reason = i18n_errors.Issue.of(found[0]) if found else i18n.Term(N_("invalid request"))
        detail = i18n.format_message(
            N_("{where}: {reason}"),
            {"where": i18n_errors.where(found[0]) if found else "", "reason": reason},
        )
        # A procedure's command refused by its schema has the CLI's code for the same fault.
        on_procedure = request.url.path.startswith("/api/v1/procedures/")
        if page is not None:
            shown = page(request, 400, "invalid_request", detail)
            if shown is not None:
                return shown
        return problem(
            400,
            "malformed_command" if on_procedure else "invalid_request",
            detail,
            instance=request.url.path,
            errors=issues,
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed", 413: "request_too_large"}.get(
            error.status_code, "http_error"
        )
        detail = str(error.detail) if error.detail else HTTPStatus(error.status_code).phrase
        return problem(error.status_code, code, detail, instance=request.url.path)
