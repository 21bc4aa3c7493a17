"""The FastAPI application: ``create_app(url)`` for tests and embedding, ``app_from_env`` for
``comity serve`` and ASGI servers (it reads ``COMITY_DB``)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from comity import __version__
from comity.api import problems
from comity.api.routers import bodies, decisions, documents, history, ledger, members, states
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
        docs_url="/docs",
        redoc_url=None,
    )
    problems.install(app)
    for module in (members, states, bodies, documents, history, decisions, ledger):
        app.include_router(module.router, prefix=API_PREFIX)

    # The web UI lives in its own package; the API does not depend on it.
    from comity import web

    app.include_router(web.router)
    app.mount("/static", web.static, name="static")

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app


def app_from_env() -> FastAPI:
    """The application for an ASGI server's factory mode (configuration from COMITY_*)."""
    return create_app()
