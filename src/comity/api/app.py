"""The FastAPI application: ``create_app(url)`` for tests and embedding, ``app_from_env`` for
``comity serve`` and ASGI servers (it reads ``COMITY_DB``)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request, Response

from comity import __version__, i18n
from comity.api import problems
from comity.api.deps import LANGUAGE_INPUTS
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
"""


# Everything the pages load comes from comity itself; nothing may frame them.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


def create_app(url: str | None = None, *, settings: Settings | None = None) -> FastAPI:
    """An application serving the ledger at ``url`` (default: the settings' ``COMITY_DB``).

    On start-up the ledger is opened, migrated, and loaded with the reference history if it
    is empty, so a new deployment serves the organisation's history at once.
    """
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        record = Record.open(url, settings)
        record.ensure_initialised()
        app.state.record = record
        app.state.settings = settings
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
        # Read by the language middleware on every request; declared on every route.
        dependencies=[LANGUAGE_INPUTS],
    )
    problems.install(app)
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

    return app


def app_from_env() -> FastAPI:
    """The application for an ASGI server's factory mode (configuration from COMITY_*)."""
    return create_app()
