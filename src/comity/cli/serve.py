"""``comity serve``: the HTTP service."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from comity.cli.common import app, err


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
    err.print(f"comity serving on http://{host}:{port} (API docs at /docs)")
    uvicorn.run(
        "comity.api.app:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
    )
