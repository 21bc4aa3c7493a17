"""HTTP load on ``comity serve --workers N`` over PostgreSQL, with a peer measured in the
same run.

The server is started as a subprocess (``comity --db URL serve --workers 2``) on a loopback
port, on a fresh PostgreSQL schema (``COMITY_TEST_PG``, default the test server) that is
dropped afterwards. Then, one scenario after another, ``--clients`` threads each with their
own keep-alive connection send requests back to back for ``--seconds``:

- ``GET /healthz``: the peer, the same server's cheapest answer (routing, middleware, JSON),
  the floor under every other figure;
- reads: members on a date, one state's page, a page of the history;
- writes: ``POST /procedures/state_position`` in an open meeting, each client a different
  member state's delegation with its own bearer token (every write is appended to the
  hash chain in its own transaction).

Every answer must be the expected status (200 for reads, 201 for writes); any other answer
or a transport error counts as an error, and the run fails if there is one. After the writes
``/api/v1/verify`` must show an intact chain holding every write.

Run with ``.venv/bin/python bench/bench_http.py [--seconds 10] [--clients 8]
[--workers 2]``; the table is printed as Markdown. ``tests/api/test_load.py`` runs a short
form.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from comity.identity import IdentityStore, Role
from comity.ledger import open_ledger

DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
V1 = "/api/v1"
DAY = "2026-05-20"
PASSWORD = "correct horse battery staple"


@contextmanager
def fresh_schema(base: str) -> Iterator[str]:
    """The URL of a new, empty PostgreSQL schema, dropped when the block ends."""
    schema = f"comity_bench_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base, poolclass=NullPool)
    try:
        with admin.begin() as connection:
            connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
        url = sa.make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
        try:
            yield url.render_as_string(hide_password=False)
        finally:
            with admin.begin() as connection:
                connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
    finally:
        admin.dispose()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _comity() -> str:
    """The ``comity`` script installed next to this interpreter."""
    beside = Path(sys.executable).with_name("comity")
    return str(beside) if beside.exists() else shutil.which("comity") or "comity"


@contextmanager
def serving(url: str, *, workers: int, startup: float = 180) -> Iterator[str]:
    """``comity serve --workers N`` on ``url`` and a free loopback port; yields its base URL
    once ``/healthz`` answers (the first start loads the reference history)."""
    port = _free_port()
    env = os.environ | {"COMITY_COOKIE_SECURE": "false"}
    # The server's log goes to a file: a pipe nobody reads fills up and blocks the server.
    with tempfile.TemporaryFile("w+") as log:
        process = subprocess.Popen(
            [_comity(), "--db", url, "serve", "--port", str(port), "--workers", str(workers)],
            env=env,
            stdout=log,
            stderr=log,
            start_new_session=True,
        )

        def tail() -> str:
            log.seek(0)
            return log.read()[-3000:]

        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + startup
            while True:
                if process.poll() is not None:
                    raise RuntimeError(f"comity serve exited:\n{tail()}")
                try:
                    if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"comity serve did not start in time:\n{tail()}")
                time.sleep(0.2)
            yield base
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def tokens(url: str, roles: list[str]) -> list[str]:
    """A bearer token for a new account of each role."""
    found = []
    with open_ledger(url) as ledger:
        store = IdentityStore(ledger.engine)
        store.migrate()
        for role in roles:
            name = f"bench-{uuid.uuid4().hex[:10]}"
            store.add_account(name, Role.parse(role), PASSWORD)
            found.append(store.issue_token(name))
    return found


@dataclass
class Result:
    scenario: str
    clients: int
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def requests(self) -> int:
        return len(self.latencies) + len(self.errors)

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        """The ``p``-th percentile latency in milliseconds (nearest rank)."""
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        rank = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
        return ordered[rank] * 1000

    def row(self) -> str:
        return (
            f"| {self.scenario} | {self.clients} | {self.requests:,} | {len(self.errors)} | "
            f"{self.throughput:,.1f} | {self.percentile(50):.1f} | {self.percentile(99):.1f} |"
        )


# A request: (client number, request number) -> method, path, JSON body, headers.
Request = Callable[[int, int], tuple[str, str, Any, dict[str, str]]]


def drive(
    base: str, scenario: str, request: Request, *, clients: int, seconds: float, expect: int
) -> Result:
    """``clients`` threads sending ``request``s back to back for ``seconds``."""
    result = Result(scenario, clients)
    lock = threading.Lock()
    start = threading.Barrier(clients + 1)
    stop = time.monotonic() + seconds  # replaced below, once every client is ready

    def client(number: int) -> None:
        latencies: list[float] = []
        errors: list[str] = []
        with httpx.Client(base_url=base, timeout=60) as http:
            start.wait()
            i = 0
            while time.monotonic() < stop:
                method, path, body, headers = request(number, i)
                i += 1
                began = time.perf_counter()
                try:
                    response = http.request(method, path, json=body, headers=headers)
                except httpx.HTTPError as e:
                    errors.append(f"{method} {path}: {type(e).__name__}: {e}")
                    continue
                elapsed = time.perf_counter() - began
                if response.status_code == expect:
                    latencies.append(elapsed)
                else:
                    errors.append(f"{method} {path}: {response.status_code} {response.text[:300]}")
        with lock:
            result.latencies.extend(latencies)
            result.errors.extend(errors)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    stop = time.monotonic() + seconds
    began = time.perf_counter()
    start.wait()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - began
    return result


def run(url: str, *, workers: int, clients: int, seconds: float) -> list[Result]:
    """Every scenario against a new server on ``url``; raises if any request failed."""
    with serving(url, workers=workers) as base:
        return load(base, url, clients=clients, seconds=seconds)


def load(base: str, url: str, *, clients: int, seconds: float) -> list[Result]:
    """Every scenario against the server at ``base`` on the ledger at ``url``."""
    api = httpx.Client(base_url=base, timeout=60)
    members = [m["state"] for m in api.get(f"{V1}/members", params={"as_of": DAY}).json()]
    writers = [members[n % len(members)] for n in range(clients)]
    secretariat, *delegations = tokens(
        url, ["secretariat", *(f"delegation:{code}" for code in writers)]
    )
    meeting = f"cmfa-bench-{uuid.uuid4().hex[:8]}"
    chair = {"Authorization": f"Bearer {secretariat}"}
    for path, body in (
        ("convene_meeting", {"meeting": meeting, "body": "CMFA", "place": "Bishkek"}),
        ("table_item", {"meeting": meeting, "item": "load", "title": "Load"}),
    ):
        answer = api.post(f"{V1}/procedures/{path}", json=body | {"on": DAY}, headers=chair)
        if answer.status_code != 201:
            raise RuntimeError(f"{path}: {answer.status_code} {answer.text}")
    before = api.get(f"{V1}/verify").json()["events"]

    def get(path: str) -> Request:
        return lambda n, i: ("GET", path, None, {})

    def position(n: int, i: int) -> tuple[str, str, Any, dict[str, str]]:
        body = {
            "meeting": meeting,
            "item": "load",
            "state": writers[n],
            "position": ("support", "abstention")[i % 2],
            "on": DAY,
        }
        auth = {"Authorization": f"Bearer {delegations[n]}"}
        return "POST", f"{V1}/procedures/state_position", body, auth

    plan: list[tuple[str, Request, int]] = [
        ("peer: GET /healthz", get("/healthz"), 200),
        ("read: GET /members?as_of=2017-06-09", get(f"{V1}/members?as_of=2017-06-09"), 200),
        ("read: GET /states/IND", get(f"{V1}/states/IND"), 200),
        (
            "read: GET /history?limit=50&offset=100",
            get(f"{V1}/history?limit=50&offset=100"),
            200,
        ),
        ("write: POST /procedures/state_position", position, 201),
    ]
    results = [
        drive(base, name, request, clients=clients, seconds=seconds, expect=expect)
        for name, request, expect in plan
    ]
    verified = api.get(f"{V1}/verify").json()
    api.close()
    writes = len(results[-1].latencies)
    failures = [e for r in results for e in r.errors[:5]]
    if not verified["ok"] or verified["events"] != before + writes:
        failures.append(
            f"verify after the writes: ok={verified['ok']}, {verified['events']} events, "
            f"expected {before} + {writes}"
        )
    if failures:
        raise RuntimeError("requests failed:\n" + "\n".join(failures))
    return results


def table(results: list[Result]) -> str:
    head = (
        "| scenario | clients | requests | errors | requests/s | p50 (ms) | p99 (ms) |\n"
        "|---|---:|---:|---:|---:|---:|---:|"
    )
    return "\n".join([head, *(r.row() for r in results)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="per scenario")
    parser.add_argument("--clients", type=int, default=8, help="concurrent connections")
    parser.add_argument("--workers", type=int, default=2, help="comity serve --workers")
    args = parser.parse_args()
    base = os.environ.get("COMITY_TEST_PG", DEFAULT_PG)
    with fresh_schema(base) as url:
        results = run(url, workers=args.workers, clients=args.clients, seconds=args.seconds)
    print(
        f"comity serve --workers {args.workers} on PostgreSQL, {args.clients} clients, "
        f"{args.seconds:g} s per scenario; {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}\n"
    )
    print(table(results))
    peer = results[0].throughput
    for r in results[1:]:
        print(f"- {r.scenario}: {r.throughput / peer:.3f} of the peer's throughput")


if __name__ == "__main__":
    main()
