"""The ledger in SQL: SQLite (the embedded default) or PostgreSQL, with the same code.

Appending reads the last row and writes the next ones, so two writers must never interleave.
Each backend serialises appenders with the cheapest lock that covers exactly that:

- SQLite: ``BEGIN IMMEDIATE`` takes the database's write lock before the last row is read;
  other writers wait up to ``busy_timeout``. The file is in WAL mode, so readers never block
  writers and the one writer never blocks readers. ``synchronous=FULL`` syncs the WAL at
  every commit: an append that returned survives a power cut (NORMAL could lose the last
  commits, which for a record of institutional acts is not acceptable; appends are rare).
- PostgreSQL: ``LOCK TABLE events IN SHARE ROW EXCLUSIVE MODE``, which only one transaction
  can hold and which does not block readers. It is keyed on the table itself, so it also
  covers writers in other processes and hosts.

Behind the locks, the primary key on ``sequence`` and the chain trigger refuse any row that
would fork or gap the chain; such a refusal is retried a few times and then reported as
:class:`~comity.errors.LedgerConflictError`. That refusal also lets a ledger skip reading
the head (and, on PostgreSQL, the lock) when it wrote the last row itself: it chains after
that row, and if another writer came between, the row is refused and the append goes again
the careful way. Connection failures become :class:`~comity.errors.LedgerUnavailableError`.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Collection, Generator, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing, contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any, Final

import sqlalchemy as sa
from sqlalchemy import event as sa_event
from sqlalchemy.engine import Connection, Engine

from comity.chaincheck import (
    POSTGRESQL_HASHES,
    POSTGRESQL_LINKS,
    POSTGRESQL_SETTINGS,
    open_read_only,
    sqlite_stretch_verifies,
)
from comity.errors import (
    LedgerConflictError,
    LedgerError,
    LedgerNotEmptyError,
    LedgerUnavailableError,
)
from comity.events import Event
from comity.i18n import N_
from comity.ledger.base import Ledger, RecordedEvent, Verification
from comity.ledger.codec import (
    Confidential,
    EncodedEvent,
    check_account,
    check_actor,
    check_known_at,
    check_valid_until,
    decode,
    encode,
    link,
    recorded,
    utc_now,
)
from comity.ledger.hashing import GENESIS, StoredRow, format_recorded_at
from comity.ledger.schema import events_table, read_stored_timestamp
from comity.ledger.verify import RAW_COLUMNS, chained, verify_raw

__all__ = ["SqlLedger", "create_ledger_engine", "open_ledger"]

BUSY_TIMEOUT_MS: Final = 30_000
"""How long an SQLite writer waits for another writer's lock before giving up."""

APPEND_ATTEMPTS: Final = 5
"""How often :meth:`SqlLedger.append` tries when the database refuses a row as a conflict."""

_VERIFY_BATCH = 5_000
#: From this many rows an SQLite ledger is checked in stretches by several processes; below
#: it, starting a process would cost more than it saves.
_PARALLEL_FROM = 100_000
#: After a wrong guess of the head, appends read it under the lock this many times.
_UNGUESSED_AFTER_MISS = 100
_MAX_PROCESSES = 8
_RESTORE_BATCH = 2_000
_MIGRATION_LOCK = 0x636F6D697479  # "comity": serialises first starts on one PostgreSQL database
_WRITE = "comity_write"  # execution option: this transaction will write
# PostgreSQL states that mean "lost a race, try again": serialization failure, deadlock,
# lock not available.
_RETRYABLE_SQLSTATES = frozenset({"40001", "40P01", "55P03"})
_COLUMNS = (
    events_table.c.sequence,
    events_table.c.type,
    events_table.c.payload,
    events_table.c.valid_from,
    events_table.c.recorded_at,
    events_table.c.actor,
    events_table.c.source,
    events_table.c.prev_hash,
    events_table.c.hash,
    events_table.c.recipe,
    events_table.c.account,
    events_table.c.sealed,
    events_table.c.salt,
    events_table.c.secret,
)


def create_ledger_engine(url: str | sa.URL, **kwargs: Any) -> Engine:
    """An engine configured for the ledger: SQLite in WAL mode, PostgreSQL via psycopg 3.

    For SQLite, comity issues BEGIN itself (the ``sqlite3`` module's implicit transactions
    would not take the write lock up front) and sets the durability pragmas on each new
    connection. Raises :class:`~comity.errors.LedgerUnavailableError` for a URL that names
    no database comity can use.
    """
    try:
        parsed = sa.make_url(url)
        if parsed.get_backend_name() == "postgresql":
            kwargs.setdefault("pool_pre_ping", True)
        engine = sa.create_engine(parsed, **kwargs)
    except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError) as e:
        raise LedgerUnavailableError(
            N_(
                "not a database URL comity can use ({problem}); use "
                "sqlite:///path/to/file.sqlite or postgresql+psycopg://user@host/database"
            ),
            params={"problem": str(e)},
            value=str(url),
        ) from e
    if engine.dialect.name == "sqlite":
        sa_event.listen(engine, "connect", _sqlite_connect)
        sa_event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        # busy_timeout first: switching to WAL needs a lock another process may hold.
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        _switch_to_wal(cursor)
        cursor.execute("PRAGMA synchronous = FULL")
    finally:
        cursor.close()


def _switch_to_wal(cursor: Any) -> None:
    """``PRAGMA journal_mode = WAL``, waiting for other processes that set up the same new
    file: SQLite answers "locked" at once, without its busy handler, where waiting could
    deadlock (several processes opening a fresh database together met this)."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def _sqlite_begin(connection: Connection) -> None:
    writing = connection.get_execution_options().get(_WRITE, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")


def _sqlite_parent(url: sa.URL) -> Path | None:
    database = url.database
    if url.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return None
    if database.startswith("file:"):
        return None
    return Path(database).expanduser().parent


def _translate(error: sa.exc.DBAPIError) -> LedgerError:
    """Map a driver error to the ledger's error tree."""
    original = error.orig
    detail = str(original).strip().splitlines()[0] if original is not None else str(error)
    sqlstate = getattr(original, "sqlstate", None)
    if isinstance(error, sa.exc.IntegrityError) or sqlstate in _RETRYABLE_SQLSTATES:
        return LedgerConflictError(
            N_(
                "another writer appended at the same time and the database refused the rows "
                "({detail}); nothing was written, try again"
            ),
            params={"detail": detail},
        )
    if isinstance(error, sa.exc.OperationalError) and ("locked" in detail or "busy" in detail):
        return LedgerConflictError(
            N_(
                "another writer held the ledger for more than {seconds} s ({detail}); nothing "
                "was written, try again"
            ),
            params={"seconds": BUSY_TIMEOUT_MS // 1000, "detail": detail},
        )
    if error.connection_invalidated or isinstance(
        error, sa.exc.OperationalError | sa.exc.InterfaceError
    ):
        return LedgerUnavailableError(
            N_(
                "the ledger's database cannot be reached ({detail}); check that it runs and "
                "that COMITY_DB names it"
            ),
            params={"detail": detail},
        )
    return LedgerError(N_("the ledger's database failed: {detail}"), params={"detail": detail})


def _lost_a_race(error: LedgerConflictError) -> bool:
    """Whether trying again at once can succeed: the database refused a row or a lock order,
    rather than another writer holding the lock past the busy timeout (already waited for)."""
    cause = error.__cause__
    return isinstance(cause, sa.exc.IntegrityError) or (
        isinstance(cause, sa.exc.DBAPIError)
        and getattr(cause.orig, "sqlstate", None) in _RETRYABLE_SQLSTATES
    )


@contextmanager
def _translated() -> Iterator[None]:
    try:
        yield
    except sa.exc.DBAPIError as e:
        raise _translate(e) from e


#: The newest migration's revision id; tests/ledger check it against Alembic's own head.
HEAD_REVISION = "0004"


class SqlLedger(Ledger):
    """A :class:`~comity.ledger.base.Ledger` in an SQL database reached through ``engine``.

    Use :func:`open_ledger` to get one from a URL with the schema migrated. ``clock``
    returns the recording time (timezone-aware).
    """

    def __init__(self, engine: Engine, *, clock: Callable[[], datetime] = utc_now) -> None:
        self._engine = engine
        self._clock = clock
        # The connection appends go through, kept between appends; one append at a time.
        self._writer: Any = None
        self._writer_lock = threading.Lock()
        # The last row this ledger appended, and how many appends are left to read the
        # head under the lock before it is trusted again (see _append_on).
        self._written_head: tuple[int, str, datetime | None] | None = None
        self._unguessed = 0

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine, for tools and tests that need the database itself."""
        return self._engine

    def migrate(self) -> None:
        """Bring the schema to the newest revision; does nothing when it is already there.

        Runs in one transaction under a lock, so several processes starting on a fresh
        database at once create the table exactly once. Alembic is imported only when an
        upgrade is due: it costs most of a second, on every command otherwise.
        """
        if self._schema_revision() == HEAD_REVISION:
            return
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", "comity.ledger:migrations")
        with _translated(), self._write() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(
                    sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK}
                )
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    def _schema_revision(self) -> str | None:
        """The Alembic revision the database is at (None when it has none)."""
        with _translated(), self._engine.connect() as connection:
            if not sa.inspect(connection).has_table("alembic_version"):
                return None
            return connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()

    def append(
        self,
        events: Sequence[Event],
        *,
        actor: str,
        account: str = "",
        confidential: Confidential | None = None,
    ) -> list[RecordedEvent]:
        check_actor(actor)
        check_account(account)
        encoded = [encode(event, confidential) for event in events]
        if not encoded:
            return []
        for attempt in range(1, APPEND_ATTEMPTS + 1):
            try:
                rows = self._append_rows(encoded, actor, account)
            except LedgerConflictError as e:
                if attempt == APPEND_ATTEMPTS or not _lost_a_race(e):
                    raise
                continue
            return [recorded(row, item.event) for row, item in zip(rows, encoded, strict=True)]
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _append_rows(
        self, encoded: Sequence[EncodedEvent], actor: str, account: str
    ) -> list[StoredRow]:
        """One transaction: lock, read the last row, chain ``encoded`` after it, insert.

        Straight through the driver, on a connection the ledger keeps for writing: an append
        is one durable commit plus this, and SQLAlchemy's statement compiling, type
        processing, transaction events and pool checkout (with its ping of the server) cost
        about as much again as the commit (bench/RESULTS.md). Driver errors are wrapped as
        SQLAlchemy wraps them, so they translate as everywhere else.
        """
        with self._writer_lock:
            for fresh in (False, True):
                if self._writer is None:
                    self._writer = self._engine.raw_connection()
                committing = [False]
                try:
                    return self._append_on(self._writer, encoded, actor, account, committing)
                except BaseException as e:
                    lost = isinstance(e, LedgerUnavailableError) or not self._writer.is_valid
                    if lost:
                        self._drop_writer(invalidate=True)
                    # A connection that died before the commit was sent is replaced once (the
                    # pool pings a new one; the server rolled back what it had); after that,
                    # whether the commit happened is unknown, and only the caller may decide
                    # to try again.
                    if not (lost and isinstance(e, LedgerError)) or fresh or committing[0]:
                        raise
        raise AssertionError("unreachable: the second attempt returns or raises")

    def _append_on(
        self,
        raw: Any,
        encoded: Sequence[EncodedEvent],
        actor: str,
        account: str,
        committing: list[bool],
    ) -> list[StoredRow]:
        sqlite = self._engine.dialect.name == "sqlite"
        # The row this ledger wrote last is most likely still the last: chain after it
        # without reading the head. If another writer came between, the chain trigger (or
        # the primary key, under a concurrent insert) refuses the row, and the append is
        # tried again the careful way, reading the head under the lock.
        guess = self._written_head if self._unguessed == 0 else None
        cursor = raw.cursor()
        try:
            if sqlite:
                cursor.execute("BEGIN IMMEDIATE")
                after = guess if guess is not None else _last_row(cursor, sqlite=True)
            elif guess is not None:
                after = guess  # PostgreSQL: the insert and the commit, as a plain INSERT
            else:
                # The lock and the read share one round trip (psycopg's pipeline). The rows
                # and the commit do not: the server would carry out a commit sent with the
                # rows even after the client died, later than a restarted writer looks.
                with raw.dbapi_connection.pipeline():
                    cursor.execute(_LOCK_FOR_APPEND)
                    after = _last_row(cursor, sqlite=False)
            if guess is None:
                self._unguessed = max(0, self._unguessed - 1)
            rows = self._insert_linked(cursor, encoded, actor, account, after, sqlite=sqlite)
            committing[0] = True
            if sqlite:
                cursor.execute("COMMIT")
            else:
                raw.commit()
            self._written_head = (rows[-1].sequence, rows[-1].hash, rows[-1].recorded_at)
        except BaseException as e:
            if self._written_head is not None:
                # Guessed wrong, or failed otherwise: read the head under the lock for a
                # while, since another process is writing too.
                self._written_head = None
                self._unguessed = _UNGUESSED_AFTER_MISS
            _roll_back(raw, sqlite)
            driver_error = self._engine.dialect.loaded_dbapi.Error
            if isinstance(e, driver_error):
                wrapped = sa.exc.DBAPIError.instance(
                    _INSERT_ROW, None, e, driver_error, connection_invalidated=not raw.is_valid
                )
                if isinstance(wrapped, sa.exc.DBAPIError):
                    raise _translate(wrapped) from wrapped
            raise
        finally:
            cursor.close()
        return rows

    def _drop_writer(self, *, invalidate: bool) -> None:
        if self._writer is not None:
            if invalidate and self._writer.is_valid:
                self._writer.invalidate()
            self._writer.close()  # back to the pool, or discarded if invalidated
            self._writer = None

    def _insert_linked(
        self,
        cursor: Any,
        encoded: Sequence[EncodedEvent],
        actor: str,
        account: str,
        after: tuple[int, str, datetime | None],
        *,
        sqlite: bool,
    ) -> list[StoredRow]:
        rows = link(encoded, after=after, actor=actor, account=account, now=self._clock())
        insert = _INSERT_ROW_SQLITE if sqlite else _INSERT_ROW
        values = [_driver_values(row, sqlite) for row in rows]
        if len(values) == 1:
            cursor.execute(insert, values[0])
        else:
            cursor.executemany(insert, values)
        return rows

    def events(
        self,
        *,
        valid_until: date | None = None,
        known_at: datetime | None = None,
        types: Collection[str] | None = None,
    ) -> list[RecordedEvent]:
        valid_until = check_valid_until(valid_until)
        known_at = check_known_at(known_at)
        query = sa.select(*_COLUMNS).order_by(events_table.c.sequence)
        if valid_until is not None:
            query = query.where(events_table.c.valid_from <= valid_until)
        if known_at is not None:
            query = query.where(events_table.c.recorded_at <= known_at)
        if types is not None:
            # Named inline and sorted, as the partial index of status changes names them
            # (migration 0003): SQLite uses a partial index only for a query whose WHERE
            # repeats the index's own condition, and cannot look into bound parameters there.
            named: sa.BindParameter[list[str]] = sa.bindparam(
                "types", sorted(types), expanding=True, literal_execute=True
            )
            query = query.where(events_table.c.type.in_(named))
        with _translated(), self._engine.connect() as connection:
            rows = [StoredRow._make(row) for row in connection.execute(query)]
        return [decode(row) for row in rows]

    def head(self) -> tuple[int, str]:
        query = (
            sa.select(events_table.c.sequence, events_table.c.hash)
            .order_by(events_table.c.sequence.desc())
            .limit(1)
        )
        with _translated(), self._engine.connect() as connection:
            last = connection.execute(query).first()
        return (last[0], last[1]) if last else (0, GENESIS)

    def count(self) -> int:
        query = sa.select(sa.func.count()).select_from(events_table)
        with _translated(), self._engine.connect() as connection:
            return int(connection.execute(query).scalar_one())

    def stored_rows(self) -> Iterator[StoredRow]:
        query = sa.select(*_COLUMNS).order_by(events_table.c.sequence)
        with _translated(), self._engine.connect() as connection, connection.begin():
            result = connection.execution_options(yield_per=_VERIFY_BATCH).execute(query)
            try:
                for row in result:
                    yield StoredRow._make(row)
            finally:
                result.close()

    def verify(self) -> Verification:
        # First the bulk check in the database (comity.chaincheck), which can only vouch for
        # the whole chain; when it cannot, the reference check reads every row and names the
        # first bad one.
        with _translated():
            vouched = self._verify_in_bulk()
        if vouched is not None:
            return vouched
        # Rows are read with the driver's own cursor, as bytes in the recipe's text forms:
        # building SQLAlchemy rows and datetimes would cost more than hashing them.
        with (
            _translated(),
            self._engine.connect() as connection,
            connection.begin(),
            closing(_raw_batches(connection)) as batches,
        ):
            return verify_raw(batches)

    def _verify_in_bulk(self) -> Verification | None:
        """The chain up to the current head, verified in bulk; None if not vouched for."""
        last, head = self.head()
        if last == 0:
            return None
        try:
            if self._engine.dialect.name == "postgresql":
                vouched = self._postgresql_vouches(last)
            else:
                vouched = self._sqlite_vouches(last)
        # Any doubt (a column of another type, a worker that failed) is the reference
        # check's to settle, and it reports real database errors itself.
        except Exception:
            return None
        return Verification(ok=True, events=last, head=head, first_bad=None) if vouched else None

    def _postgresql_vouches(self, last: int) -> bool:
        def count(query: str) -> tuple[Any, ...]:
            with self._engine.connect() as connection, connection.begin():
                for setting in POSTGRESQL_SETTINGS:
                    connection.exec_driver_sql(setting)
                return tuple(connection.exec_driver_sql(query, {"last": last}).one())

        # Two connections, so the link check runs beside the parallel scan of the hashes.
        with ThreadPoolExecutor(2) as pool:
            hashes, links = pool.map(count, (POSTGRESQL_HASHES, POSTGRESQL_LINKS))
        return hashes == (last, 0, True) and links == (last, 0)

    def _sqlite_vouches(self, last: int) -> bool:
        with self._engine.connect() as connection:
            raw: Any = connection.connection.dbapi_connection
            # Rows numbered 0 or below would lie outside every stretch.
            held = raw.execute("SELECT count(*) FROM events WHERE sequence <= ?", (last,))
            if held.fetchone()[0] != last:
                return False
            path = self._engine.url.database
            workers = min(os.cpu_count() or 1, _MAX_PROCESSES)
            # Worker processes open the file by its path: not for in-memory or URI databases.
            plain_file = _sqlite_parent(self._engine.url) is not None
            if last < _PARALLEL_FROM or workers == 1 or not plain_file or not path:
                return sqlite_stretch_verifies(raw, 1, last)
        size = -(-last // workers)
        stretches = [(first, min(last, first + size - 1)) for first in range(1, last + 1, size)]
        others = [
            subprocess.Popen(
                [sys.executable, "-m", "comity.chaincheck", path, str(first), str(end)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for first, end in stretches[1:]
        ]
        try:
            with closing(open_read_only(path)) as own:
                mine = sqlite_stretch_verifies(own, *stretches[0])
        finally:
            exits = [worker.wait() for worker in others]
        return mine and exits == [0] * len(others)

    def restore(self, rows: Iterable[StoredRow]) -> Verification:
        events, head = 0, GENESIS
        with _translated(), self._write() as connection:
            if connection.dialect.name == "postgresql":
                connection.exec_driver_sql("LOCK TABLE events IN SHARE ROW EXCLUSIVE MODE")
            held = connection.execute(sa.select(sa.func.count()).select_from(events_table))
            if (count := int(held.scalar_one())) != 0:
                raise LedgerNotEmptyError(
                    N_(
                        "a backup is restored into an empty ledger only; this one holds "
                        "{count} events"
                    ),
                    params={"count": count},
                    value=count,
                )
            batch: list[dict[str, Any]] = []
            # One transaction: a row that does not fit raises out of it and nothing stays.
            for row in chained(rows):
                batch.append(row._asdict())
                events, head = row.sequence, row.hash
                if len(batch) == _RESTORE_BATCH:
                    connection.execute(sa.insert(events_table), batch)
                    batch = []
            if batch:
                connection.execute(sa.insert(events_table), batch)
        return Verification(ok=True, events=events, head=head, first_bad=None)

    def close(self) -> None:
        with self._writer_lock:
            self._drop_writer(invalidate=False)
        self._engine.dispose()

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with self._engine.connect() as connection:
            connection.execution_options(**{_WRITE: True})
            with connection.begin():
                yield connection


_LOCK_FOR_APPEND = "LOCK TABLE events IN SHARE ROW EXCLUSIVE MODE"
_LAST_ROW = "SELECT sequence, hash, recorded_at FROM events ORDER BY sequence DESC LIMIT 1"
# The placeholders of both drivers: sqlite3 takes "?" only, psycopg "%s" only.
_INSERT_COLUMNS = ", ".join(RAW_COLUMNS)
_INSERT_ROW = (
    f"INSERT INTO events ({_INSERT_COLUMNS}) VALUES ({', '.join(['%s'] * len(RAW_COLUMNS))})"
)
_INSERT_ROW_SQLITE = (
    f"INSERT INTO events ({_INSERT_COLUMNS}) VALUES ({', '.join('?' * len(RAW_COLUMNS))})"
)


def _last_row(cursor: Any, *, sqlite: bool) -> tuple[int, str, datetime | None]:
    """Sequence, hash and recording time of the last row (``(0, GENESIS, None)``: none)."""
    cursor.execute(_LAST_ROW)
    last = cursor.fetchone()
    if last is None:
        return (0, GENESIS, None)
    return (last[0], last[1], read_stored_timestamp(last[2]) if sqlite else last[2])


def _driver_values(row: StoredRow, sqlite: bool) -> tuple[Any, ...]:
    if not sqlite:
        return tuple(row)
    # SQLite keeps the date and the time as the recipe's text (see comity.ledger.schema).
    return (
        *row[:3],
        row.valid_from.isoformat(),
        format_recorded_at(row.recorded_at),
        *row[5:],
    )


def _roll_back(raw: Any, sqlite: bool) -> None:
    try:
        if sqlite:
            if raw.in_transaction:
                raw.execute("ROLLBACK")
        else:
            raw.rollback()
    except Exception:
        raw.invalidate()


# Every column as UTF-8 bytes (the sequence number as an integer), dates and times in the
# recipe's text forms. SQLite stores them so already; PostgreSQL formats them in UTC.
_RAW_SQLITE = f"SELECT {', '.join(RAW_COLUMNS)} FROM events ORDER BY sequence"
_RAW_POSTGRESQL = (
    "SELECT sequence, convert_to(type, 'UTF8'), convert_to(payload, 'UTF8'), "
    "convert_to(to_char(valid_from, 'YYYY-MM-DD'), 'UTF8'), "
    "convert_to(to_char(recorded_at AT TIME ZONE 'UTC', "
    """'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), 'UTF8'), """
    "convert_to(actor, 'UTF8'), convert_to(source, 'UTF8'), "
    "convert_to(prev_hash, 'UTF8'), convert_to(hash, 'UTF8'), recipe, "
    "convert_to(account, 'UTF8'), convert_to(sealed, 'UTF8'), convert_to(salt, 'UTF8'), "
    "convert_to(secret, 'UTF8') "
    "FROM events ORDER BY sequence"
)


def _raw_batches(connection: Connection) -> Generator[list[tuple[Any, ...]], None, None]:
    """The rows for :func:`~comity.ledger.verify.verify_raw`, streamed in batches inside the
    connection's transaction (one snapshot of the table)."""
    raw: Any = connection.connection.dbapi_connection
    if connection.dialect.name == "sqlite":
        text_factory = raw.text_factory
        raw.text_factory = bytes
        cursor = raw.cursor()
        try:
            cursor.execute(_RAW_SQLITE)
            while batch := cursor.fetchmany(_VERIFY_BATCH):
                yield batch
        finally:
            cursor.close()
            raw.text_factory = text_factory
        return
    # A server-side cursor, so that memory stays flat however long the ledger is.
    cursor = raw.cursor(name="comity_verify", binary=True)
    try:
        cursor.itersize = _VERIFY_BATCH
        cursor.execute(_RAW_POSTGRESQL)
        while batch := cursor.fetchmany(_VERIFY_BATCH):
            yield batch
    finally:
        cursor.close()


def open_ledger(url: str, *, clock: Callable[[], datetime] = utc_now) -> SqlLedger:
    """Open the ledger at ``url``, creating the SQLite file's folder and migrating the schema.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     with open_ledger(f"sqlite:///{folder}/new/comity.sqlite") as ledger:
    ...         ledger.head()
    (0, '0000000000000000000000000000000000000000000000000000000000000000')
    """
    engine = create_ledger_engine(url)
    folder = _sqlite_parent(engine.url)
    if folder is not None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            engine.dispose()
            raise LedgerUnavailableError(
                N_(
                    "cannot create the ledger's folder {folder} ({problem}); choose a writable "
                    "path in COMITY_DB"
                ),
                params={"folder": str(folder), "problem": e.strerror},
                value=str(folder),
            ) from e
    ledger = SqlLedger(engine, clock=clock)
    try:
        ledger.migrate()
    except BaseException:
        ledger.close()
        raise
    return ledger
