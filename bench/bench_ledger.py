"""The ledger's speed next to the raw database's, measured in the same run.

- durable single-event appends: ``Ledger.append`` of one event per call (one commit each),
  next to plain ``INSERT`` + ``COMMIT`` of a row of the same width into a plain table, in
  the same durability mode: SQLite in WAL with ``synchronous=FULL``, PostgreSQL with its
  defaults (``fsync``, ``synchronous_commit=on``);
- batch appends: 100 events per call;
- verification: ``Ledger.verify()`` events/s on a ledger of synthetic events, next to the
  driver reading the same rows without doing anything (the floor any verification sits on)
  and SHA-256 alone over the recipe's bytes; the median of three runs;
- as-of queries: members on a date through ``Record.statuses`` (status events only, read
  through the index on the type) on the reference history plus a million synthetic events,
  next to the full replay (``Record.state``) on a smaller ledger.

Run with ``.venv/bin/python bench/bench_ledger.py [--events 1000000] [--seconds 5]
[--sqlite-only]``; PostgreSQL is ``COMITY_TEST_PG`` (default the test server), in a schema
of its own that is dropped afterwards. The tables are printed as Markdown.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import sqlite3
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import psycopg
import sqlalchemy as sa

from comity import queries
from comity.events import MeetingConvened
from comity.ledger import open_ledger
from comity.ledger.codec import EncodedEvent, encode, link
from comity.ledger.hashing import GENESIS, StoredRow, canonical_row_v2, format_recorded_at
from comity.ledger.verify import RAW_COLUMNS
from comity.record import Record
from comity.settings import Settings

DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
# The key as the ledger's: on SQLite the rowid itself (INTEGER PRIMARY KEY, since migration
# 0003), which is the cheapest key SQLite has; a BIGINT key would be an index beside it.
_PLAIN_TABLE = (
    "CREATE TABLE plain (sequence {key} PRIMARY KEY, type TEXT NOT NULL, payload TEXT NOT NULL,"
    " valid_from TEXT NOT NULL, recorded_at TEXT NOT NULL, actor TEXT NOT NULL,"
    " source TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL)"
)


def _event(i: int) -> MeetingConvened:
    return MeetingConvened(
        valid_from=date(2001, 6, 15) + timedelta(days=i % 9000),
        meeting=f"bench-{i}",
        body="CHS",
        place="Астана",
    )


#: Events made before the append rounds, used in turn (a ledger takes the same event twice).
_MADE_EVENTS = 10_000


def _rate(count: int, seconds: float) -> float:
    return count / seconds if seconds else float("inf")


def _timed(seconds: float, step: Callable[[int], int]) -> float:
    """Run ``step(i)`` (returning how many items it did) for about ``seconds``; items/s."""
    done, i, start = 0, 0, time.perf_counter()
    while (elapsed := time.perf_counter() - start) < seconds:
        done += step(i)
        i += 1
    return _rate(done, elapsed)


@contextmanager
def _postgres_url(base: str) -> Iterator[str]:
    schema = f"comity_bench_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base)
    with admin.begin() as connection:
        connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    try:
        url = sa.make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


def _sample_row() -> tuple[object, ...]:
    encoded = encode(_event(0))
    row = link([encoded], after=(0, GENESIS, None), actor="secretariat", now=datetime.now(UTC))[0]
    return (*row[:3], row.valid_from.isoformat(), row.recorded_at.isoformat(), *row[5:])


def bench_appends(url: str, backend: str, seconds: float) -> dict[str, float]:
    """Durable single-event and 100-event appends, and the raw database's plain INSERTs.

    Single appends and raw INSERTs alternate in rounds of a quarter second on the same
    database file or server, so that both meet the same disk and the same neighbours: a
    durable commit waits for the disk, whose latency varies by several times from one
    second to the next on a shared machine. The events are made beforehand, as the raw
    INSERTs' row is: making an event (pydantic's validation) is the caller's work, not the
    ledger's.
    """
    sample = _sample_row()
    made = [_event(i) for i in range(_MADE_EVENTS)]
    with open_ledger(url) as ledger, _raw_inserter(url, backend, sample) as insert:
        counts = {"append 1": 0, "raw insert 1": 0}
        spent = {"append 1": 0.0, "raw insert 1": 0.0}
        steps: dict[str, Callable[[int], int]] = {
            "append 1": lambda i: len(ledger.append([made[i % _MADE_EVENTS]], actor="secretariat")),
            "raw insert 1": insert,
        }
        i = 0
        while sum(spent.values()) < 2 * seconds:
            for name, step in steps.items():
                start = time.perf_counter()
                while time.perf_counter() - start < 0.25:
                    counts[name] += step(i)
                    i += 1
                spent[name] += time.perf_counter() - start
        results = {name: _rate(counts[name], spent[name]) for name in steps}
        # _MADE_EVENTS is a multiple of 100: each call takes the next hundred.
        hundreds = [made[k : k + 100] for k in range(0, _MADE_EVENTS, 100)]
        results["append 100"] = _timed(
            seconds,
            lambda i: len(ledger.append(hundreds[i % len(hundreds)], actor="secretariat")),
        )
    return results


@contextmanager
def _raw_inserter(
    url: str, backend: str, sample: tuple[object, ...]
) -> Iterator[Callable[[int], int]]:
    """One plain INSERT and COMMIT per call, into a table of the ledger's columns with no
    indexes but the primary key and no triggers, in the ledger's durability mode."""
    if backend == "sqlite":
        path = sa.make_url(url).database
        assert path
        raw = sqlite3.connect(path, isolation_level=None)
        raw.execute("PRAGMA journal_mode = WAL")
        raw.execute("PRAGMA synchronous = FULL")
        raw.execute(_PLAIN_TABLE.format(key="INTEGER"))

        def insert(i: int) -> int:
            raw.execute("BEGIN IMMEDIATE")
            raw.execute("INSERT INTO plain VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", (i, *sample[1:]))
            raw.execute("COMMIT")
            return 1

        try:
            yield insert
        finally:
            raw.close()
        return
    options = sa.make_url(url).query["options"]
    assert isinstance(options, str)
    with psycopg.connect(_libpq(url), options=options) as connection:
        connection.execute(_PLAIN_TABLE.format(key="BIGINT"))
        connection.commit()

        def insert_pg(i: int) -> int:
            connection.execute(
                "INSERT INTO plain VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)", (i, *sample[1:])
            )
            connection.commit()
            return 1

        yield insert_pg


def _libpq(url: str) -> str:
    parsed = sa.make_url(url)
    return parsed.set(drivername="postgresql", query={}).render_as_string(hide_password=False)


def synthetic_rows(
    count: int,
    *,
    batch: int = 10,
    after: tuple[int, str, datetime | None] = (0, GENESIS, None),
) -> Iterator[StoredRow]:
    """``count`` chained rows of synthetic meetings, 10 per recording time, continuing the
    chain from ``after`` (sequence, hash and recording time of the last row)."""
    encoded = [encode(_event(i)) for i in range(min(count, 9000))]
    start = max(datetime(2025, 1, 1, tzinfo=UTC), after[2] or datetime.min.replace(tzinfo=UTC))
    start += timedelta(seconds=1)
    for first in range(0, count, batch):
        items: list[EncodedEvent] = [
            encoded[i % len(encoded)] for i in range(first, min(count, first + batch))
        ]
        rows = link(items, after=after, actor="secretariat", now=start + timedelta(seconds=first))
        yield from rows
        after = (rows[-1].sequence, rows[-1].hash, rows[-1].recorded_at)


def fill(url: str, count: int, *, after: tuple[int, str, datetime | None] | None = None) -> None:
    """Write ``count`` synthetic rows quickly, through the driver (the chain trigger still
    checks each one), after the row ``after`` (default: into an empty ledger)."""
    rows = synthetic_rows(count, after=after or (0, GENESIS, None))
    columns = ", ".join(RAW_COLUMNS)
    parsed = sa.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        assert parsed.database
        raw = sqlite3.connect(parsed.database, isolation_level=None)
        raw.execute("BEGIN IMMEDIATE")
        raw.executemany(
            f"INSERT INTO events ({columns}) VALUES ({', '.join('?' * len(RAW_COLUMNS))})",
            (
                (*r[:3], r.valid_from.isoformat(), format_recorded_at(r.recorded_at), *r[5:])
                for r in rows
            ),
        )
        raw.execute("COMMIT")
        raw.close()
        return
    options = parsed.query["options"]
    assert isinstance(options, str)
    with (
        psycopg.connect(_libpq(url), options=options) as raw,
        raw.cursor() as cursor,
        cursor.copy(f"COPY events ({columns}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)
    # As a ledger in service would be: vacuumed, so that neither autovacuum nor the first
    # reader's setting of hint bits runs during the measurement.
    with psycopg.connect(_libpq(url), options=options, autocommit=True) as raw:
        raw.execute("VACUUM (ANALYZE) events")


def bench_verify(url: str, count: int, runs: int = 3) -> dict[str, float]:
    """verify() on ``count`` rows, next to reading them raw and to SHA-256 alone.

    The median of ``runs`` runs each: one run's figure on this shared machine moved by up to
    half between runs minutes apart, for the ledger and for the driver read alike.
    """
    rates: dict[str, list[float]] = {"verify": [], "driver read": []}
    with open_ledger(url) as ledger:
        for _ in range(runs):
            start = time.perf_counter()
            verification = ledger.verify()
            rates["verify"].append(_rate(verification.events, time.perf_counter() - start))
            assert (verification.ok, verification.events) == (True, count), verification
            with ledger.engine.connect() as connection:
                start = time.perf_counter()
                result = connection.exec_driver_sql(
                    f"SELECT {', '.join(RAW_COLUMNS)} FROM events ORDER BY sequence"
                )
                read = sum(1 for _ in result.cursor)  # type: ignore[union-attr]
                rates["driver read"].append(_rate(read, time.perf_counter() - start))
        texts = [
            canonical_row_v2(*row[:7], row.account, row.sealed)
            for row, _ in zip(ledger.stored_rows(), range(min(count, 200_000)), strict=False)
        ]
    results = {name: statistics.median(values) for name, values in rates.items()}
    start = time.perf_counter()
    for text in texts:
        hashlib.sha256(text).hexdigest()
    results["sha256 only"] = _rate(len(texts), time.perf_counter() - start)
    return results


def bench_as_of(url: str, count: int, replayed: int) -> dict[str, float]:
    """Milliseconds for members on a date as the CLI and API compute it (``Record.statuses``:
    the status events only, through the index on the type) on the reference history plus
    ``count`` synthetic events; the peer is the full replay (``Record.state``) on the
    reference history plus ``replayed`` synthetic events, in the same run."""
    day = date(2017, 6, 9)
    record = Record.open(url, Settings(db=url))
    try:
        record.ensure_initialised()
        fill(url, replayed, after=_last_row(record))
        started = time.perf_counter()
        replay = queries.members(record.state(day), "member")
        results = {
            "replay ms": (time.perf_counter() - started) * 1000,
            "replay events": float(record.ledger.count()),
        }
        fill(url, count - replayed, after=_last_row(record))
        timings = []
        for _ in range(5):
            start = time.perf_counter()
            members = queries.members(record.statuses(day), "member")
            timings.append(time.perf_counter() - start)
        assert members == replay, (members, replay)
        assert len(members) == 8, members
        return results | {
            "members as of": min(timings) * 1000,
            "events": float(record.ledger.count()),
        }
    finally:
        record.close()


def _last_row(record: Record) -> tuple[int, str, datetime | None]:
    [last] = record.ledger.events()[-1:]
    return last.sequence, last.hash, last.recorded_at


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000, help="ledger size to verify")
    parser.add_argument(
        "--as-of-events", type=int, default=1_000_000, help="ledger size for members-as-of"
    )
    parser.add_argument(
        "--replayed-events", type=int, default=10_000, help="ledger size for the full replay"
    )
    parser.add_argument("--seconds", type=float, default=5.0, help="per append measurement")
    parser.add_argument("--sqlite-only", action="store_true")
    args = parser.parse_args()
    pg_base = os.environ.get("COMITY_TEST_PG", DEFAULT_PG)
    backends = ["sqlite"] if args.sqlite_only else ["sqlite", "postgresql"]
    print(
        f"{datetime.now(UTC):%Y-%m-%d}, {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}"
    )
    print(
        "\n| backend | append 1 event (commits/s) | raw INSERT+COMMIT (/s) | ratio "
        "| append 100 (events/s) | verify (events/s) | driver read (rows/s) "
        "| SHA-256 only (rows/s) | members as of (ms) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|", flush=True)
    for backend in backends:
        with _database(backend, pg_base) as url:
            appends = bench_appends(url, backend, args.seconds)
        with _database(backend, pg_base) as url:
            open_ledger(url).close()
            fill(url, args.events)
            verify = bench_verify(url, args.events)
        try:
            with _database(backend, pg_base) as url:
                as_of = bench_as_of(url, args.as_of_events, args.replayed_events)
            latency = (
                f"{as_of['members as of']:,.1f} ({as_of['events']:,.0f} events); full replay "
                f"{as_of['replay ms']:,.1f} ({as_of['replay events']:,.0f} events)"
            )
        except Exception as e:  # the fold is other code; report rather than lose the rest
            latency = f"failed: {type(e).__name__}"
        print(
            f"| {backend} | {appends['append 1']:,.0f} | {appends['raw insert 1']:,.0f} "
            f"| {appends['append 1'] / appends['raw insert 1']:.2f} "
            f"| {appends['append 100']:,.0f} | {verify['verify']:,.0f} "
            f"| {verify['driver read']:,.0f} | {verify['sha256 only']:,.0f} | {latency} |",
            flush=True,
        )


@contextmanager
def _database(backend: str, pg_base: str) -> Iterator[str]:
    if backend == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{Path(folder) / 'bench.sqlite'}"
    else:
        with _postgres_url(pg_base) as url:
            yield url


if __name__ == "__main__":
    main()
