"""A real comity server on a loopback port, once per backend, and an HTTP client for it."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
import uvicorn

from comity.api import create_app
from conftest import SQL_BACKENDS, sql_url


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class Served:
    """A running server: its URL, the ledger URL behind it, and a client."""

    def __init__(self, base_url: str, ledger_url: str) -> None:
        self.base_url = base_url
        self.ledger_url = ledger_url
        self.client = httpx.Client(base_url=base_url, timeout=30)


@pytest.fixture(scope="module", params=SQL_BACKENDS)
def served(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Served]:
    with sql_url(request.param, tmp_path_factory.mktemp("api")) as url:
        port = _free_port()
        server = uvicorn.Server(
            uvicorn.Config(create_app(url), host="127.0.0.1", port=port, log_level="warning")
        )
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 30
        while not server.started:
            if time.monotonic() > deadline or not thread.is_alive():
                pytest.fail("the comity server did not start")
            time.sleep(0.05)
        running = Served(f"http://127.0.0.1:{port}", url)
        try:
            yield running
        finally:
            running.client.close()
            server.should_exit = True
            thread.join(timeout=30)


@pytest.fixture
def api(served: Served) -> httpx.Client:
    return served.client
