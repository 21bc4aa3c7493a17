"""``comity serve --workers 2`` on PostgreSQL, as a deployment runs it: several processes
sharing one ledger serve reads and writes consistently.

A short form of ``bench/bench_http.py`` (about 10 s of load; no timing is asserted, only
that every request completed as expected), and concurrent writes from several clients that
must all land in one hash chain that verifies.
"""

from __future__ import annotations

import importlib.util
import sys
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import httpx
import pytest

from conftest import postgres_schema_url

pytestmark = pytest.mark.postgres

V1 = "/api/v1"
DAY = "2026-05-20"


def _bench() -> ModuleType:
    path = Path(__file__).parents[2] / "bench" / "bench_http.py"
    spec = importlib.util.spec_from_file_location("bench_http", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bench_http", module)
    spec.loader.exec_module(module)
    return module


bench = _bench()


@pytest.fixture(scope="module")
def deployment() -> Iterator[tuple[str, str]]:
    """(ledger URL, base URL) of ``comity serve --workers 2`` on a fresh PostgreSQL schema:
    the workers start together on an empty database, which must be set up once."""
    with postgres_schema_url() as url, bench.serving(url, workers=2) as base:
        yield url, base


def test_a_short_load_run_completes_without_errors(deployment: tuple[str, str]) -> None:
    url, base = deployment
    results = bench.load(base, url, clients=4, seconds=2)
    assert [r.scenario.split(":")[0] for r in results] == ["peer", *["read"] * 3, "write"]
    for result in results:
        assert result.errors == []
        assert result.latencies, result.scenario


def test_concurrent_writes_from_several_clients_all_land_in_one_verified_chain(
    deployment: tuple[str, str],
) -> None:
    url, base = deployment
    secretariat, *delegations = bench.tokens(
        url, ["secretariat", "delegation:IND", "delegation:PAK", "delegation:KAZ"]
    )
    states = ["IND", "PAK", "KAZ"]
    meeting = f"cmfa-{uuid.uuid4().hex[:8]}"
    with httpx.Client(base_url=base, timeout=60) as api:
        chair = {"Authorization": f"Bearer {secretariat}"}
        convened = api.post(
            f"{V1}/procedures/convene_meeting",
            json={"meeting": meeting, "body": "CMFA", "place": "Bishkek", "on": DAY},
            headers=chair,
        )
        assert convened.status_code == 201, convened.text
        items = [f"item-{n}" for n in range(4)]
        for item in items:
            tabled = api.post(
                f"{V1}/procedures/table_item",
                json={"meeting": meeting, "item": item, "title": item, "on": DAY},
                headers=chair,
            )
            assert tabled.status_code == 201, tabled.text
        before = api.get(f"{V1}/verify").json()["events"]

    statuses: list[int] = []
    lock = threading.Lock()

    def delegation(state: str, token: str) -> None:
        with httpx.Client(base_url=base, timeout=60) as client:
            for item in items:
                answer = client.post(
                    f"{V1}/procedures/state_position",
                    json={
                        "meeting": meeting,
                        "item": item,
                        "state": state,
                        "position": "support",
                        "on": DAY,
                    },
                    headers={"Authorization": f"Bearer {token}"},
                )
                with lock:
                    statuses.append(answer.status_code)

    threads = [
        threading.Thread(target=delegation, args=pair)
        for pair in zip(states, delegations, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [201] * (len(states) * len(items))

    # Each worker answers from the shared ledger: ask several times, over fresh connections.
    for _ in range(4):
        verified = httpx.get(f"{base}{V1}/verify", timeout=60).json()
        assert verified["ok"] is True
        assert verified["events"] == before + len(states) * len(items)
