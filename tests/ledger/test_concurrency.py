"""Several processes appending at once never fork the chain, skip or repeat a number.

Real processes, not threads: SQLite's and PostgreSQL's locks are what is being tested, and
they are per connection and per process. Workers are forked so they need nothing importable;
each opens its own ledger from the URL, as separate API workers would.
"""

from __future__ import annotations

import multiprocessing
import traceback
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from comity.events import StateAdmitted
from comity.ledger import GENESIS, open_ledger

WORKERS = 4
BATCHES = 8
BATCH_SIZE = 3


def _append_many(url: str, worker: int, start: Any, results: Any) -> None:
    try:
        start.wait(timeout=30)
        with open_ledger(url) as ledger:
            for batch in range(BATCHES):
                events = [
                    StateAdmitted(
                        valid_from=date(2001, 1, 1) + timedelta(days=i),
                        state="IND",
                        note=f"worker {worker} batch {batch} event {i}",
                    )
                    for i in range(BATCH_SIZE)
                ]
                recorded = ledger.append(events, actor=f"delegation:W{worker}")
                results.put(("ok", [r.sequence for r in recorded]))
    except BaseException:
        results.put(("error", traceback.format_exc()))


def _run_workers(url: str) -> list[list[int]]:
    context = multiprocessing.get_context("fork")
    start = context.Barrier(WORKERS)
    results = context.Queue()
    processes = [
        context.Process(target=_append_many, args=(url, worker, start, results))
        for worker in range(WORKERS)
    ]
    for process in processes:
        process.start()
    batches: list[list[int]] = []
    errors: list[str] = []
    for _ in range(WORKERS * BATCHES):
        status, value = results.get(timeout=60)
        if status == "error":
            errors.append(value)
            break
        batches.append(value)
    for process in processes:
        process.join(timeout=60)
    results.close()
    results.join_thread()
    assert not errors, errors[0]
    assert all(p.exitcode == 0 for p in processes)
    return batches


def _assert_one_unbroken_chain(url: str, batches: list[list[int]]) -> None:
    total = WORKERS * BATCHES * BATCH_SIZE
    assert len(batches) == WORKERS * BATCHES
    # Each batch got a run of consecutive numbers: batches never interleave.
    assert all(b == list(range(b[0], b[0] + BATCH_SIZE)) for b in batches)
    assert sorted(s for b in batches for s in b) == list(range(1, total + 1))
    with open_ledger(url) as ledger:
        rows = ledger.events()
        assert [r.sequence for r in rows] == list(range(1, total + 1))
        prev_hashes = [r.prev_hash for r in rows]
        assert len(set(prev_hashes)) == total  # no fork: no two rows extend the same row
        assert prev_hashes == [GENESIS, *(r.hash for r in rows[:-1])]
        verification = ledger.verify()
        assert (verification.ok, verification.events) == (True, total)
        # Each worker's own events are in its own order.
        for worker in range(WORKERS):
            notes = [r.event.note for r in rows if r.actor == f"delegation:W{worker}"]
            expected: Callable[[int], str] = lambda n, w=worker: (  # noqa: E731
                f"worker {w} batch {n // BATCH_SIZE} event {n % BATCH_SIZE}"
            )
            assert notes == [expected(n) for n in range(BATCHES * BATCH_SIZE)]


def test_concurrent_appenders_build_one_unbroken_chain(ledger_url: str) -> None:
    _assert_one_unbroken_chain(ledger_url, _run_workers(ledger_url))


def test_concurrent_first_starts_migrate_once(blank_url: str) -> None:
    """Every worker opens a database nobody has set up yet; the schema is created once."""
    _assert_one_unbroken_chain(blank_url, _run_workers(blank_url))
