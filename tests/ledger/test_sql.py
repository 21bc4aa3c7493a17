"""What only the SQL store has: the schema, its migrations, the database's own guards,
SQLite's durability settings and the translation of driver errors."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import event as sa_event

import comity.ledger.sql
from comity.errors import LedgerConflictError, LedgerError, LedgerUnavailableError
from comity.events import Event, StateAdmitted
from comity.ledger import GENESIS, SqlLedger, open_ledger, row_hash
from comity.ledger.codec import encode
from comity.ledger.schema import events_table
from comity.ledger.sql import APPEND_ATTEMPTS, HEAD_REVISION, create_ledger_engine
from comity.state.fold import STATUS_EVENTS

MakeEvents = Callable[..., list[Event]]


_BEFORE_0004 = ("sequence", "type", "payload", "valid_from", "recorded_at", "actor", "source")
_OLD_TABLE = sa.Table(
    "events",
    sa.MetaData(),
    *(
        sa.Column(c.name, c.type)
        for c in events_table.columns
        if c.name in (*_BEFORE_0004, "prev_hash", "hash")
    ),
)


def _append_as_before_0004(url: str, events: list[Event], actor: str) -> None:
    """Append as comity did before migration 0004: nine columns, hash recipe 1."""
    engine = create_ledger_engine(url)
    try:
        with engine.begin() as connection:
            last = connection.execute(
                sa.select(_OLD_TABLE.c.sequence, _OLD_TABLE.c.hash)
                .order_by(_OLD_TABLE.c.sequence.desc())
                .limit(1)
            ).first()
            sequence, prev = (last[0], last[1]) if last else (0, GENESIS)
            moment = datetime(2025, 1, 1, tzinfo=UTC) + timedelta(seconds=sequence)
            values = []
            for event in events:
                item = encode(event)
                sequence += 1
                row = (
                    sequence,
                    item.type,
                    item.payload,
                    item.valid_from,
                    moment,
                    actor,
                    item.source,
                )
                digest = row_hash(prev, *row)
                values.append(
                    {**dict(zip(_BEFORE_0004, row, strict=True)), "prev_hash": prev, "hash": digest}
                )
                prev = digest
            connection.execute(sa.insert(_OLD_TABLE), values)
    finally:
        engine.dispose()


def _rows_as_before_0004(url: str) -> list[tuple[Any, ...]]:
    engine = create_ledger_engine(url)
    try:
        with engine.connect() as connection:
            query = sa.select(*_OLD_TABLE.columns).order_by(_OLD_TABLE.c.sequence)
            return [tuple(row) for row in connection.execute(query)]
    finally:
        engine.dispose()


def _scalar(ledger: SqlLedger, sql: str) -> object:
    with ledger.engine.connect() as connection:
        return connection.exec_driver_sql(sql).scalar()


@pytest.mark.parametrize("statement", ["UPDATE events SET actor = 'x'", "DELETE FROM events"])
def test_the_database_refuses_update_and_delete(
    ledger_url: str, make_events: MakeEvents, statement: str
) -> None:
    with open_ledger(ledger_url) as ledger:
        ledger.append(make_events(2), actor="secretariat")
        with pytest.raises(sa.exc.DBAPIError, match="append-only"), ledger.engine.begin() as c:
            c.exec_driver_sql(statement)
        assert ledger.count() == 2
        assert ledger.verify().ok


@pytest.mark.postgres
def test_postgresql_refuses_truncate(postgres_url: str, make_events: MakeEvents) -> None:
    with open_ledger(postgres_url) as ledger:
        ledger.append(make_events(2), actor="secretariat")
        with pytest.raises(sa.exc.DBAPIError, match="append-only"), ledger.engine.begin() as c:
            c.exec_driver_sql("TRUNCATE events")
        assert ledger.count() == 2


@pytest.mark.parametrize(
    ("sequence", "prev_hash"),
    [(2, GENESIS), (1, "a" * 64)],
    ids=["gap", "fork"],
)
def test_the_database_refuses_a_row_that_does_not_extend_the_chain(
    ledger_url: str, sequence: int, prev_hash: str
) -> None:
    row = {
        "sequence": sequence,
        "type": "StateAdmitted",
        "payload": '{"state":"IND"}',
        "valid_from": date(2017, 6, 9),
        "recorded_at": datetime(2024, 1, 1, tzinfo=UTC),
        "actor": "secretariat",
        "source": "[]",
        "prev_hash": prev_hash,
        "hash": "b" * 64,
    }
    with open_ledger(ledger_url) as ledger:
        with (
            pytest.raises(sa.exc.IntegrityError, match="next sequence number"),
            ledger.engine.begin() as connection,
        ):
            connection.execute(sa.insert(events_table), [row])
        assert ledger.count() == 0


def test_a_batch_failing_inside_the_transaction_writes_nothing(
    ledger_url: str, make_events: MakeEvents
) -> None:
    """A row refused by the database half-way through a batch takes the batch with it."""
    with open_ledger(ledger_url) as ledger:
        ledger.append(make_events(2), actor="secretariat")
        before = (ledger.count(), ledger.head())
        with ledger.engine.begin() as connection:
            if connection.dialect.name == "sqlite":
                connection.exec_driver_sql(
                    "CREATE TRIGGER refuse_fourth BEFORE INSERT ON events WHEN NEW.sequence = 4 "
                    "BEGIN SELECT RAISE(ABORT, 'fourth row refused'); END"
                )
            else:
                connection.exec_driver_sql(
                    "CREATE FUNCTION refuse_fourth() RETURNS trigger LANGUAGE plpgsql AS $$ "
                    "BEGIN IF NEW.sequence = 4 THEN RAISE EXCEPTION 'fourth row refused'; "
                    "END IF; RETURN NEW; END $$; "
                    "CREATE TRIGGER refuse_fourth BEFORE INSERT ON events "
                    "FOR EACH ROW EXECUTE FUNCTION refuse_fourth()"
                )
        with pytest.raises(LedgerError, match="fourth row refused"):
            ledger.append(make_events(3, tag="b"), actor="secretariat")
        assert (ledger.count(), ledger.head()) == before
        assert ledger.verify().ok


def test_migrating_again_changes_nothing(ledger_url: str, make_events: MakeEvents) -> None:
    with open_ledger(ledger_url) as ledger:
        ledger.append(make_events(2), actor="secretariat")
        ledger.migrate()
        ledger.migrate()
        assert ledger.count() == 2
        config = Config()
        config.set_main_option("script_location", "comity.ledger:migrations")
        head = ScriptDirectory.from_config(config).get_current_head()
        assert head == HEAD_REVISION == "0004"
        with ledger.engine.connect() as connection:
            assert MigrationContext.configure(connection).get_current_revision() == head


def test_the_migrated_table_has_the_columns_the_store_queries(ledger_url: str) -> None:
    with open_ledger(ledger_url) as ledger:
        inspector = sa.inspect(ledger.engine)
        columns = [c["name"] for c in inspector.get_columns("events")]
        assert columns == [c.name for c in events_table.columns]
        assert inspector.get_pk_constraint("events")["constrained_columns"] == ["sequence"]
        # One index beside the key (0003): appends write nothing else for most events.
        assert [i["name"] for i in inspector.get_indexes("events")] == ["events_status_changes"]
        assert inspector.get_unique_constraints("events") == []
        if ledger.engine.dialect.name == "sqlite":
            # The sequence is the rowid: no separate key index beside the table.
            assert _scalar(ledger, "SELECT count(*) FROM pragma_index_list('events')") == 1
            ledger.append([StateAdmitted(valid_from=date(2024, 1, 1), state="IRN")], actor="x")
            assert _scalar(ledger, "SELECT rowid FROM events WHERE sequence = 1") == 1


def test_the_migrations_ship_inside_the_package() -> None:
    import comity.ledger

    folder = Path(comity.ledger.__file__).parent / "migrations"
    assert (folder / "env.py").is_file()
    assert (folder / "versions" / "0001_events.py").is_file()


def test_open_ledger_creates_the_sqlite_folder_and_sets_durable_wal(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "comity.sqlite"
    with open_ledger(f"sqlite:///{path}") as ledger:
        assert path.is_file()
        assert _scalar(ledger, "PRAGMA journal_mode") == "wal"
        assert _scalar(ledger, "PRAGMA synchronous") == 2  # FULL
        assert _scalar(ledger, "PRAGMA busy_timeout") == 30_000


def test_an_unreachable_postgresql_server_is_reported_as_unavailable() -> None:
    # Port 1 on the loopback interface refuses connections at once.
    with pytest.raises(LedgerUnavailableError, match="cannot be reached") as caught:
        open_ledger("postgresql+psycopg://postgres@127.0.0.1:1/test?connect_timeout=2")
    assert isinstance(caught.value.__cause__, sa.exc.OperationalError)


def test_an_unusable_sqlite_path_is_reported_as_unavailable(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(LedgerUnavailableError):
        open_ledger(f"sqlite:///{blocker}/comity.sqlite")


@pytest.mark.parametrize("url", ["not a url", "oracle+nosuchdriver://x/y"])
def test_a_url_that_names_no_usable_database_is_refused(url: str) -> None:
    with pytest.raises(LedgerUnavailableError, match=r"sqlite:///"):
        open_ledger(url)


@pytest.mark.postgres
def test_postgresql_session_time_zone_does_not_change_hashes_or_times(
    postgres_url: str, make_events: MakeEvents
) -> None:
    """psycopg returns timestamps in the session's zone; the chain is defined in UTC."""
    with open_ledger(postgres_url) as ledger:
        appended = ledger.append(make_events(3), actor="secretariat")
    url = sa.make_url(postgres_url)
    options = f"{url.query['options']} -cTimeZone=Asia/Kathmandu"
    with open_ledger(url.update_query_dict({"options": options}).render_as_string(False)) as nepal:
        assert _scalar(nepal, "SHOW TIME ZONE") == "Asia/Kathmandu"
        assert nepal.events() == appended
        assert nepal.verify().ok
        later = nepal.append([StateAdmitted(valid_from=date(2024, 1, 1), state="IRN")], actor="x")
    with open_ledger(postgres_url) as ledger:
        assert ledger.events()[-1] == later[0]
        assert ledger.verify().ok


def _stale_link(monkeypatch: pytest.MonkeyPatch, stale_calls: int) -> list[int]:
    """Make the first ``stale_calls`` appends chain after a head that is no longer the head,
    as a writer that read before another one committed would; returns a call counter."""
    calls = [0]
    real_link = comity.ledger.sql.link

    def link(encoded: Any, *, after: Any, **rest: Any) -> Any:
        calls[0] += 1
        if calls[0] <= stale_calls:
            after = (0, GENESIS, None)
        return real_link(encoded, after=after, **rest)

    monkeypatch.setattr(comity.ledger.sql, "link", link)
    return calls


def test_a_refused_stale_append_is_retried_with_the_new_head(
    ledger_url: str, make_events: MakeEvents, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_ledger(ledger_url) as ledger:
        ledger.append(make_events(2), actor="secretariat")
        calls = _stale_link(monkeypatch, stale_calls=2)
        appended = ledger.append(make_events(2, tag="b"), actor="secretariat")
        assert calls[0] == 3
        assert [r.sequence for r in appended] == [3, 4]
        assert ledger.verify().ok


def test_appends_refused_every_time_end_in_a_conflict_error(
    ledger_url: str, make_events: MakeEvents, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_ledger(ledger_url) as ledger:
        ledger.append(make_events(2), actor="secretariat")
        before = ledger.head()
        calls = _stale_link(monkeypatch, stale_calls=1_000)
        with pytest.raises(LedgerConflictError, match="try again") as caught:
            ledger.append(make_events(2, tag="b"), actor="secretariat")
        assert isinstance(caught.value.__cause__, sa.exc.IntegrityError)
        assert calls[0] == APPEND_ATTEMPTS
        assert ledger.head() == before


def test_head_revision_constant_is_alembics_head() -> None:
    # migrate() skips Alembic when the database is at HEAD_REVISION; a new migration must
    # move the constant, or databases would never be upgraded.
    config = Config()
    config.set_main_option("script_location", "comity.ledger:migrations")
    assert ScriptDirectory.from_config(config).get_current_head() == HEAD_REVISION


def _migrate_to(url: str, revision: str, *, down: bool = False) -> None:
    from alembic import command

    database = sa.make_url(url).database
    if url.startswith("sqlite") and database:
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_ledger_engine(url)
    config = Config()
    config.set_main_option("script_location", "comity.ledger:migrations")
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            (command.downgrade if down else command.upgrade)(config, revision)
    finally:
        engine.dispose()


def _indexes(ledger: SqlLedger) -> dict[str, list[str | None]]:
    found = sa.inspect(ledger.engine).get_indexes("events")
    return {i["name"]: i["column_names"] for i in found if i["name"]}


@pytest.mark.parametrize("made_at", ["0001", "0002", "0003"])
def test_an_older_ledger_is_upgraded_and_keeps_its_rows(
    blank_url: str, make_events: MakeEvents, made_at: str
) -> None:
    _migrate_to(blank_url, made_at)
    _append_as_before_0004(blank_url, make_events(3), actor="secretariat")
    _append_as_before_0004(
        blank_url, [StateAdmitted(valid_from=date(2024, 1, 1), state="IRN")], actor="x"
    )
    before = _rows_as_before_0004(blank_url)
    with open_ledger(blank_url) as ledger:
        assert _indexes(ledger) == {"events_status_changes": ["sequence"]}
        assert _rows_as_before_0004(blank_url) == before
        # 0004: the rows written before it are rows of recipe 1, with no account.
        assert {(r.recipe, r.account, r.sealed) for r in ledger.stored_rows()} == {(1, "", "")}
        assert ledger.verify().ok
        assert ledger._verify_in_bulk() is not None  # the bulk check still reads them
        # The guards came through the rebuild: still append-only, still one chain.
        with pytest.raises(sa.exc.DBAPIError, match="append-only"), ledger.engine.begin() as c:
            c.exec_driver_sql("DELETE FROM events")
        ledger.append(make_events(1, tag="after"), actor="secretariat", account="alice")
        ledger.append(
            make_events(1, tag="sealed"),
            actor="secretariat",
            confidential={"StateAdmitted": ["note"]},
        )
        assert ledger.count() == 6
        assert [r.recipe for r in ledger.stored_rows()] == [1, 1, 1, 1, 2, 2]
        assert ledger.events()[4].account == "alice"
        assert ledger.verify().ok
        # Rows of both recipes in one chain, vouched for in bulk as well.
        assert ledger._verify_in_bulk() is not None


def test_the_lean_table_downgrades_to_0002_and_back_with_its_rows(
    ledger_url: str, make_events: MakeEvents
) -> None:
    _migrate_to(ledger_url, "0003", down=True)
    _append_as_before_0004(ledger_url, make_events(4), actor="secretariat")
    before = _rows_as_before_0004(ledger_url)
    _migrate_to(ledger_url, "0002", down=True)
    with SqlLedger(create_ledger_engine(ledger_url)) as old:
        assert _indexes(old) == {
            "events_type_sequence": ["type", "sequence"],
            **(
                {"events_hash_key": ["hash"], "events_prev_hash_key": ["prev_hash"]}
                if old.engine.dialect.name == "postgresql"
                else {}
            ),
        }
    assert _rows_as_before_0004(ledger_url) == before
    with open_ledger(ledger_url) as ledger:
        assert _rows_as_before_0004(ledger_url) == before
        assert ledger.verify().ok


def test_a_ledger_with_rows_of_recipe_2_is_not_downgraded_below_0004(
    ledger_url: str, make_events: MakeEvents
) -> None:
    with open_ledger(ledger_url) as ledger:
        ledger.append(make_events(2), actor="secretariat", account="alice")
    with pytest.raises(RuntimeError, match="recipe 2"):
        _migrate_to(ledger_url, "0003", down=True)
    with open_ledger(ledger_url) as ledger:
        assert ledger.count() == 2
        assert ledger.verify().ok


def test_a_hand_made_table_is_not_rebuilt(sqlite_url: str, make_events: MakeEvents) -> None:
    # The SQLite rebuild edits the table's stored schema; one it does not recognise (here a
    # table made by hand with the same columns) stops the migration with nothing changed.
    blank = sqlite_url.replace("comity.sqlite", "hand.sqlite")
    _migrate_to(blank, "0002")
    _append_as_before_0004(blank, make_events(2), actor="secretariat")
    rows = _rows_as_before_0004(blank)
    columns = ", ".join(f"{c.name} TEXT" for c in _OLD_TABLE.columns[1:])
    engine = create_ledger_engine(blank)
    with engine.begin() as connection:
        for sql in (
            "DROP INDEX events_type_sequence",
            "ALTER TABLE events RENAME TO made_by_comity",
            f"CREATE TABLE events (sequence BIGINT PRIMARY KEY, {columns})",
            "INSERT INTO events SELECT * FROM made_by_comity",
            "CREATE INDEX events_type_sequence ON events (type, sequence)",
        ):
            connection.exec_driver_sql(sql)
    engine.dispose()
    with pytest.raises(RuntimeError, match="changed by hand"):
        open_ledger(blank)
    with SqlLedger(create_ledger_engine(blank)) as old:
        assert _scalar(old, "SELECT version_num FROM alembic_version") == "0002"
        assert "events_type_sequence" in _indexes(old)
    assert _rows_as_before_0004(blank) == rows


def test_the_status_events_are_read_through_the_partial_index(ledger_url: str) -> None:
    # Members on a date read only the status events (Record.statuses); the partial index
    # of migration 0003 serves that query only while it names exactly STATUS_EVENTS, so a
    # status event type added without a migration makes this fail.
    seen: list[tuple[str, Any]] = []
    with open_ledger(ledger_url) as ledger:
        sa_event.listen(
            ledger.engine,
            "before_cursor_execute",
            lambda _c, _cur, statement, parameters, _ctx, _many: seen.append(
                (statement, parameters)
            ),
        )
        ledger.events(types=STATUS_EVENTS, valid_until=date(2020, 1, 1), known_at=datetime.now(UTC))
        [(statement, parameters)] = [s for s in seen if s[0].lstrip().startswith("SELECT")]
        with ledger.engine.connect() as connection:
            cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
            if ledger.engine.dialect.name == "sqlite":
                cursor.execute(f"EXPLAIN QUERY PLAN {statement}", parameters)
            else:
                cursor.execute("SET enable_seqscan = off")  # the table is tiny
                cursor.execute(f"EXPLAIN {statement}", parameters)
            plan = " ".join(str(row) for row in cursor.fetchall())
    assert "events_status_changes" in plan, plan


def test_a_writer_connection_the_server_dropped_is_replaced_before_anything_is_sent(
    postgres_url: str, make_events: MakeEvents
) -> None:
    # Appends keep one connection; if the server ends it between appends (a restart, an
    # idle timeout), the next append notices on its first round trip, before any row was
    # sent, and goes again on a fresh connection: nothing lost, nothing twice.
    with open_ledger(postgres_url) as ledger:
        ledger.append(make_events(2), actor="secretariat")
        writer = ledger._writer.dbapi_connection.info.backend_pid
        with ledger.engine.connect() as connection:
            connection.exec_driver_sql(f"SELECT pg_terminate_backend({int(writer)})")
        appended = ledger.append(make_events(2, tag="b"), actor="secretariat")
        assert [r.sequence for r in appended] == [3, 4]
        assert ledger._writer.dbapi_connection.info.backend_pid != writer
        assert ledger.count() == 4
        assert ledger.verify().ok


def test_a_wrong_guess_of_the_head_is_refused_and_the_append_goes_through(
    ledger_url: str, make_events: MakeEvents
) -> None:
    # An append first guesses that the row this ledger wrote last is still the last (no
    # read of the head; on PostgreSQL two round trips and no lock). Two ledgers writing in
    # turn make every guess wrong: the chain trigger refuses it, nothing is written, and
    # the append goes through the careful way (lock, read the head); after a miss the head
    # is read for a while.
    with open_ledger(ledger_url) as one, open_ledger(ledger_url) as other:
        one.append(make_events(1, tag="a"), actor="secretariat")
        one.append(make_events(1, tag="b"), actor="secretariat")  # guessed right
        assert one._written_head is not None
        assert one._written_head[0] == 2
        other.append(make_events(2, tag="c"), actor="secretariat")
        [late] = one.append(make_events(1, tag="d"), actor="secretariat")  # guessed wrong
        assert late.sequence == 5
        assert one._unguessed > 0
        assert [r.sequence for r in one.events()] == [1, 2, 3, 4, 5]
        assert one.verify().ok
