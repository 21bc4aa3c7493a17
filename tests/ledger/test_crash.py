"""Crash safety: a writer killed with SIGKILL at any moment loses nothing it acknowledged,
leaves no half-written batch, and leaves a chain that verifies and can be appended to.

A forked writer process appends batches of one to five events, and after each ``append``
returns it reports the batch's sequence numbers and last hash down a pipe: that report is
the acknowledgement a caller would act on. The test kills the writer after a random
(seeded) delay, which falls during connection set-up, the first migration, an open
transaction, a commit or the report, reopens the ledger as a restarting server would, and
checks it. The next writer carries on on the same database, so later kills also exercise
recovery after earlier ones.

SIGKILL ends the process, not the machine: the operating system still writes out what the
database handed it. Power loss is covered by SQLite's ``synchronous=FULL`` and PostgreSQL's
``fsync`` settings, not by this test.

``COMITY_CRASH_KILLS`` (default 10 per backend) and ``COMITY_CRASH_SEED`` change the run;
``bench/crash_soak.py`` runs hundreds of kills.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import select
import signal
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest

from comity.events import StateAdmitted
from comity.ledger import open_ledger
from conftest import SQL_BACKENDS, sql_url

KILLS = int(os.environ.get("COMITY_CRASH_KILLS", "10"))
SEED = int(os.environ.get("COMITY_CRASH_SEED", "8"))
LONGEST_RUN = 0.4  # seconds a writer may run before it is killed
ACTOR = "secretariat"


def _writer(url: str, trial: int, seed: int, report: int) -> None:
    """Append batches until killed, reporting each after ``append`` returned."""
    rng = random.Random(seed)
    with open_ledger(url) as ledger:
        for batch in range(1_000_000):
            size = rng.randint(1, 5)
            events = [
                StateAdmitted(
                    valid_from=date(2001, 6, 15) + timedelta(days=batch),
                    state="KAZ",
                    note=f"trial {trial} batch {batch} event {i + 1} of {size}",
                )
                for i in range(size)
            ]
            recorded = ledger.append(events, actor=ACTOR)
            line = f"{batch} {size} {recorded[0].sequence} {recorded[-1].sequence} "
            os.write(report, f"{line}{recorded[-1].hash}\n".encode())


@dataclass(frozen=True)
class Ack:
    batch: int
    size: int
    first: int
    last: int
    hash: str


def _run_and_kill(url: str, trial: int, rng: random.Random) -> list[Ack]:
    """Start a writer, kill it after a random delay, return what it acknowledged."""
    read_end, write_end = os.pipe()
    context = multiprocessing.get_context("fork")
    writer = context.Process(target=_writer, args=(url, trial, rng.randrange(2**32), write_end))
    writer.start()
    os.close(write_end)
    received = b""
    deadline = time.monotonic() + rng.uniform(0.0, LONGEST_RUN)
    try:
        # Read while it runs, so a full pipe never stalls the writer.
        while (left := deadline - time.monotonic()) > 0:
            if select.select([read_end], [], [], left)[0]:
                received += os.read(read_end, 65536)
        assert writer.pid is not None
        os.kill(writer.pid, signal.SIGKILL)
        writer.join(timeout=30)
        while chunk := os.read(read_end, 65536):
            received += chunk
    finally:
        os.close(read_end)
        if writer.is_alive():
            writer.kill()
    assert writer.exitcode == -signal.SIGKILL, f"the writer ended by itself ({writer.exitcode})"
    # A report cut off mid-write has no newline: that batch was not acknowledged.
    complete = received.decode().split("\n")[:-1]
    return [Ack(*map(int, line.split()[:4]), line.split()[4]) for line in complete]


def _check_after_restart(url: str, trial: int, acks: list[Ack], held_before: int) -> int:
    """Every acknowledged batch is there exactly; every batch there is whole; it verifies."""
    with open_ledger(url) as ledger:
        verification = ledger.verify()
        assert verification.ok, f"trial {trial}: chain breaks at {verification.first_bad}"
        recorded = ledger.events()
    assert verification.events == len(recorded)
    assert [r.sequence for r in recorded] == list(range(1, len(recorded) + 1))
    by_sequence = {r.sequence: r for r in recorded}
    for ack in acks:
        assert ack.last - ack.first + 1 == ack.size
        assert by_sequence[ack.last].hash == ack.hash, f"trial {trial}: batch {ack.batch} lost"
        for offset in range(ack.size):
            row = by_sequence[ack.first + offset]
            expected = f"trial {trial} batch {ack.batch} event {offset + 1} of {ack.size}"
            assert row.event.note == expected
    # What this writer left: whole batches 0, 1, ..., k, consecutive, where k is the last
    # acknowledged batch or the one after it (committed, killed before it could report).
    mine = recorded[held_before:]
    assert all(r.event.note.startswith(f"trial {trial} ") for r in mine)
    batches: dict[int, list[str]] = {}
    for r in mine:
        words = r.event.note.split()
        batches.setdefault(int(words[3]), []).append(words[5] + "/" + words[7])
    assert sorted(batches) == list(range(len(batches))), f"trial {trial}: a batch is missing"
    for batch, parts in batches.items():
        size = int(parts[0].split("/")[1])
        assert parts == [f"{i}/{size}" for i in range(1, size + 1)], (
            f"trial {trial}: batch {batch} is half-written: {parts}"
        )
    assert len(batches) - len(acks) in (0, 1)
    return len(recorded)


@pytest.mark.parametrize("backend", SQL_BACKENDS)
def test_a_killed_writer_loses_no_acknowledged_event_and_leaves_no_partial_batch(
    backend: str, tmp_path: Path
) -> None:
    rng = random.Random(f"{SEED}-{backend}")
    # Not migrated: the first writer may be killed while it creates the schema.
    with sql_url(backend, tmp_path, migrate=False) as url:
        held = 0
        acknowledged = 0
        for trial in range(KILLS):
            acks = _run_and_kill(url, trial, rng)
            acknowledged += len(acks)
            held = _check_after_restart(url, trial, acks, held)
        # The kills fell at different moments: most writers had acknowledged something.
        assert acknowledged > 0
        assert held > 0
