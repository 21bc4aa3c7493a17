"""The FastAPI application: ``create_app(url)`` for tests and embedding, ``app_from_env`` for
``comity serve`` and ASGI servers (it reads ``COMITY_DB``)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import date
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.openapi.utils import get_openapi

from comity import __version__, i18n
from comity.api import problems
from comity.api.auth import CSRF_HEADER, SAFE_METHODS, SESSION_COOKIE
from comity.api.deps import ERROR_PAGE_INPUTS, LANGUAGE_INPUTS
from comity.api.limits import BodySizeLimit
from comity.api.routers import (
    bodies,
    decisions,
    documents,
    history,
    ledger,
    meetings,
    members,
    procedures,
    reforms,
    session,
    states,
)
from comity.identity import IdentityStore
from comity.ledger import SqlLedger
from comity.record import Record
from comity.settings import Settings

API_PREFIX = "/api/v1"

DESCRIPTION = """\
The institutional record of the Shanghai Cooperation Organisation, as comity keeps it:
who held which status on any date (`as_of`), as the record stood at any moment
(`known_at`), the bodies and their decision rules, documents and their entry into force,
the hash-chained history, and hypothetical decisions evaluated under the charter.

Errors are RFC 9457 problem details (`application/problem+json`) with a stable `code`.

## Authentication
Reading the public record needs no account. To run procedures (or read what a role may),
authenticate in one of two ways (**Authorize** above):

- `bearerToken`: `Authorization: Bearer <token>`, a token issued by
  `comity users token NAME` (for scripts and other programs; no CSRF token needed, since
  browsers never send it on their own).
- `sessionCookie`: the `comity_session` cookie set by `POST /api/v1/session` (the web UI's
  login). A write made with it (any method but GET, HEAD and OPTIONS: the procedures,
  `DELETE /api/v1/session`) must also send the session's CSRF token, which the login's answer
  gives as `csrf_token`, in the **`X-CSRF-Token`** header (`csrfToken`; a form may send it as
  the field `csrf_token` instead); without it the write is refused with `403 csrf_failed`.
"""

#: The ways to authenticate, as OpenAPI security schemes (shown by Swagger's "Authorize").
SECURITY_SCHEMES: dict[str, dict[str, str]] = {
    "bearerToken": {
        "type": "http",
        "scheme": "bearer",
        "description": "A token from `comity users token NAME`: `Authorization: Bearer <token>`.",
    },
    "sessionCookie": {
        "type": "apiKey",
        "in": "cookie",
        "name": SESSION_COOKIE,
        "description": "The session cookie set by `POST /api/v1/session` (log in).",
    },
    "csrfToken": {
        "type": "apiKey",
        "in": "header",
        "name": CSRF_HEADER,
        "description": "The session's CSRF token (`csrf_token` in the login's answer). Required"
        " with the session cookie on every write (any method but GET, HEAD and OPTIONS);"
        " not with a bearer token.",
    },
}
#: Reads: a token, a session, or nobody (the public record). Writes: a token, or a session
#: with its CSRF token. Logging in needs none of them.
READ_SECURITY: list[dict[str, list[str]]] = [{"bearerToken": []}, {"sessionCookie": []}, {}]
WRITE_SECURITY: list[dict[str, list[str]]] = [
    {"bearerToken": []},
    {"sessionCookie": [], "csrfToken": []},
]
LOGIN = ("post", f"{API_PREFIX}/session")


# Everything the pages load comes from comity itself; nothing may frame them.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


def create_app(
    url: str | None = None,
    *,
    settings: Settings | None = None,
    today: Callable[[], date] = date.today,
) -> FastAPI:
    """An application serving the ledger at ``url`` (default: the settings' ``COMITY_DB``).

    On start-up the ledger is opened, migrated, and loaded with the reference history if it
    is empty, so a new deployment serves the organisation's history at once. ``today`` is
    the clock procedures are checked against (an event after today is refused unless
    scheduled); a test passes a fixed one.
    """
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        record = Record.open(url, settings)
        record.ensure_initialised()
        app.state.record = record
        app.state.settings = settings
        app.state.today = today
        app.state.database_url = url or settings.database_url()
        if isinstance(record.ledger, SqlLedger):
            identity = IdentityStore(record.ledger.engine)
            identity.migrate()
            app.state.identity = identity
        try:
            yield
        finally:
            record.close()

    app = FastAPI(
        title="comity",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        openapi_url="/openapi.json",
        docs_url=None,  # served by the web package from local assets (no CDN)
        redoc_url=None,
        # Read by the language middleware and the error pages on every request; declared on
        # every route.
        dependencies=[LANGUAGE_INPUTS, ERROR_PAGE_INPUTS],
    )
    from comity.web.errors import error_page, wants_page

    def page(request: Request, status: int, code: str, detail: str) -> Response | None:
        return error_page(request, status, code, detail) if wants_page(request) else None

    problems.install(app, page)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)

    @app.middleware("http")
    async def language(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        # ?lang= (the switcher), then the remembered choice, then the browser's languages.
        i18n.set_language(
            i18n.negotiate(
                request.query_params.get("lang"),
                request.cookies.get(i18n.COOKIE),
                accept_language=request.headers.get("accept-language"),
            )
        )
        response = await call_next(request)
        response.headers.setdefault("Content-Language", i18n.html_lang())
        response.headers["Vary"] = ", ".join(
            v for v in (response.headers.get("Vary"), "Accept-Language, Cookie") if v
        )
        return response

    @app.middleware("http")
    async def security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        for header, value in SECURITY_HEADERS.items():
            response.headers.setdefault(header, value)
        return response

    for module in (
        members,
        states,
        bodies,
        documents,
        history,
        decisions,
        ledger,
        session,
        procedures,
        reforms,
        meetings,
    ):
        app.include_router(module.router, prefix=API_PREFIX)

    # The web UI lives in its own package; the API does not depend on it.
    from comity import web
    from comity.web import lab as web_lab
    from comity.web import meetings as web_meetings
    from comity.web import reforms as web_reforms

    app.include_router(web.router)
    app.include_router(web_lab.router)
    app.include_router(web_meetings.router)
    app.include_router(web_reforms.router)
    app.mount("/static", web.static, name="static")

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = with_security(
                get_openapi(
                    title=app.title,
                    version=app.version,
                    description=app.description,
                    routes=app.routes,
                )
            )
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app


def with_security(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` with the security schemes, and on each operation the ways it may be called:
    the callers' identity is read by :func:`comity.api.auth.current_caller` for every route,
    so it is stated here once rather than on each route."""
    schema.setdefault("components", {})["securitySchemes"] = SECURITY_SCHEMES
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            if (method, path) == LOGIN:
                continue
            safe = method.upper() in SAFE_METHODS
            operation["security"] = READ_SECURITY if safe else WRITE_SECURITY
    return schema


def app_from_env() -> FastAPI:
    """The application for an ASGI server's factory mode (configuration from COMITY_*)."""
    return create_app()
