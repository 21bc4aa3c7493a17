"""``comity serve``: the HTTP service."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from comity.cli.common import app, err
from comity.i18n import _


@app.command()
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[
        int, typer.Option(min=1, help="Worker processes (use several on PostgreSQL).")
    ] = 1,
) -> None:
    """Serve the API (and its docs at /docs) over HTTP; the history is loaded on first start.

    Example: comity serve --port 8000
    """
    import uvicorn

    if ctx.obj:
        # Worker processes read their configuration from the environment.
        os.environ["COMITY_DB"] = ctx.obj
    prepare(ctx.obj)
    err.print(
        _("comity serving on %(url)s (API docs at /docs)") % {"url": f"http://{host}:{port}"},
        highlight=False,
    )
    uvicorn.run(
        "comity.api.app:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        # A worker imports comity and reads the record before it answers the supervisor's
        # health check; uvicorn's default of 5 s killed and restarted workers forever.
        timeout_worker_healthcheck=STARTUP_SECONDS,
    )


#: How long a worker may take to start before uvicorn's supervisor replaces it.
STARTUP_SECONDS = 120


def prepare(url: str | None) -> None:
    """Migrate the database and load the reference history once, before any worker starts.

    Workers starting together on a new database would each try to, and all but one would
    fail on the tables and rows the first created.
    """
    from comity.identity import IdentityStore
    from comity.ledger import SqlLedger
    from comity.record import Record

    record = Record.open(url)
    try:
        record.ensure_initialised()
        if isinstance(record.ledger, SqlLedger):
            IdentityStore(record.ledger.engine).migrate()
    finally:
        record.close()
