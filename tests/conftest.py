"""Fixtures shared by every test folder: ledgers and database URLs on each backend.

- ``ledger``: a fresh, empty :class:`comity.ledger.Ledger`, once per backend (memory,
  SQLite, PostgreSQL). A test that takes it runs three times.
- ``ledger_url``: a URL of a fresh, migrated, empty database, once per SQL backend (SQLite,
  PostgreSQL), for code that opens the ledger itself (the CLI, the API).
- ``blank_url``: like ``ledger_url`` but not migrated (no tables yet).
- ``sqlite_url`` and ``postgres_url``: one backend each (mark tests that take
  ``postgres_url`` with ``@pytest.mark.postgres``).

PostgreSQL tests use the server named by ``COMITY_TEST_PG`` (default
``postgresql+psycopg://postgres@127.0.0.1:5432/test``). Each gets a schema of its own, chosen
through the URL's ``options=-csearch_path=...`` so that any code opening the URL, in any
process, lands in it; the schema is dropped afterwards. An unreachable server fails those
tests: a silently skipped backend is an untested backend. ``COMITY_TEST_PG=off`` skips them.
"""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
import uvicorn
from fastapi import FastAPI
from sqlalchemy.pool import NullPool
from starlette.middleware import Middleware

from comity.api import create_app
from comity.ledger import Ledger, MemoryLedger, open_ledger
from comity.settings import Settings

PG_ENV = "COMITY_TEST_PG"
DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"

_postgres = pytest.mark.postgres
SQL_BACKENDS = ["sqlite", pytest.param("postgresql", marks=_postgres)]
ALL_BACKENDS = ["memory", *SQL_BACKENDS]


@contextmanager
def postgres_schema_url() -> Iterator[str]:
    """The URL of an empty PostgreSQL schema that exists until the block ends."""
    base = os.environ.get(PG_ENV, DEFAULT_PG_URL)
    if base.strip().lower() == "off":
        pytest.skip(f"PostgreSQL tests are off ({PG_ENV}=off)")
    schema = f"comity_test_{uuid.uuid4().hex[:16]}"
    admin = sa.create_engine(base, poolclass=NullPool, connect_args={"connect_timeout": 5})
    try:
        try:
            with admin.begin() as connection:
                connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
        except sa.exc.OperationalError as e:
            pytest.fail(
                f"PostgreSQL is unreachable at {base} ({str(e.orig).strip()}); start it, point "
                f"{PG_ENV} at another server, or set {PG_ENV}=off to skip the PostgreSQL tests",
                pytrace=False,
            )
        url = sa.make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
        try:
            yield url.render_as_string(hide_password=False)
        finally:
            with admin.begin() as connection:
                connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
    finally:
        admin.dispose()


@contextmanager
def sql_url(backend: str, tmp_path: Path, *, migrate: bool = True) -> Iterator[str]:
    """A fresh, empty SQL database of ``backend`` (``sqlite``, ``postgresql``), migrated
    unless ``migrate`` is false."""
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'ledger' / 'comity.sqlite'}"
        if migrate:
            open_ledger(url).close()
        yield url
    elif backend == "postgresql":
        with postgres_schema_url() as url:
            if migrate:
                open_ledger(url).close()
            yield url
    else:
        raise ValueError(f"not an SQL backend: {backend!r}")


@pytest.fixture
def sqlite_url(tmp_path: Path) -> Iterator[str]:
    with sql_url("sqlite", tmp_path) as url:
        yield url


@pytest.fixture
def postgres_url(tmp_path: Path) -> Iterator[str]:
    with sql_url("postgresql", tmp_path) as url:
        yield url


@pytest.fixture(params=SQL_BACKENDS)
def ledger_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with sql_url(request.param, tmp_path) as url:
        yield url


@pytest.fixture(params=SQL_BACKENDS)
def blank_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with sql_url(request.param, tmp_path, migrate=False) as url:
        yield url


@pytest.fixture(params=ALL_BACKENDS)
def ledger(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Ledger]:
    if request.param == "memory":
        yield MemoryLedger()
        return
    with sql_url(request.param, tmp_path) as url, open_ledger(url) as store:
        yield store


# A real comity server on a loopback port, once per backend per module (API and web tests).


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class Served:
    """A running server: its URL, the ledger URL behind it, and a client."""

    def __init__(self, base_url: str, ledger_url: str, app: FastAPI) -> None:
        self.base_url = base_url
        self.ledger_url = ledger_url
        self.app = app
        self.client = httpx.Client(base_url=base_url, timeout=30)


@contextmanager
def running_server(
    url: str,
    settings: Settings | None = None,
    *,
    today: date | None = None,
    middleware: Middleware | None = None,
) -> Iterator[Served]:
    """comity's app on the ledger at ``url``, served by uvicorn on a free loopback port;
    ``middleware``, if given, wraps the whole application (e.g. to watch every request).

    Cookies are not marked Secure by default here: the test server speaks plain HTTP.
    ``today`` fixes the app's clock (procedures dated after it are refused unless scheduled).
    """
    port = _free_port()
    app = create_app(
        url,
        settings=settings or Settings(cookie_secure=False),
        **({"today": lambda: today} if today else {}),
    )
    if middleware is not None:
        app.user_middleware.insert(0, middleware)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the comity server did not start")
        time.sleep(0.05)
    running = Served(f"http://127.0.0.1:{port}", url, app)
    try:
        yield running
    finally:
        running.client.close()
        server.should_exit = True
        thread.join(timeout=30)


@pytest.fixture(scope="module", params=SQL_BACKENDS)
def served(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Served]:
    with (
        sql_url(request.param, tmp_path_factory.mktemp("api")) as url,
        running_server(url) as running,
    ):
        yield running


@pytest.fixture
def api(served: Served) -> httpx.Client:
    return served.client
