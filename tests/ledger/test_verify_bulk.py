"""The bulk check in the database (comity.chaincheck) vouches for intact ledgers, whatever
text they hold, and never for a tampered one (tests/ledger/test_tampering.py asks it too, for
every kind of tampering); SQLite's stretches checked by worker processes give the same answers.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from contextlib import closing
from datetime import date

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.pool import NullPool

import comity.ledger.sql
from comity.chaincheck import open_read_only, sqlite_stretch_verifies
from comity.events import StateAdmitted
from comity.ledger import SqlLedger, open_ledger, stored_row_hash
from comity.ledger.hashing import GENESIS
from comity.record import Record
from conftest import DEFAULT_PG_URL, PG_ENV
from ledger.attacker import Attacker
from ledger.conftest import MakeEvents

TEXTS = [
    'quote " and \\ backslash',
    "\\u0041 is not A",
    "Астана 上海合作组织 🇺🇳",
    "line\u2028separator\u2029and DEL\x7f",
    "",
]


def _append_notes(ledger: SqlLedger, notes: list[str], actor: str = "secretariat") -> None:
    ledger.append(
        [StateAdmitted(valid_from=date(2001, 6, 15), state="KAZ", note=n) for n in notes],
        actor=actor,
    )


def test_the_bulk_check_vouches_for_text_of_every_kind(ledger_url: str) -> None:
    with open_ledger(ledger_url) as ledger:
        _append_notes(ledger, TEXTS)
        _append_notes(ledger, TEXTS, actor="delegation:ÉTAT")
        vouched = ledger._verify_in_bulk()
        assert vouched == ledger.verify()
        assert vouched is not None
        assert (vouched.ok, vouched.events, vouched.head) == (True, 10, ledger.head()[1])


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(notes=st.lists(st.text(), min_size=1, max_size=4))
def test_the_bulk_check_agrees_with_the_recipe_on_any_text(
    ledger_url: str, notes: list[str]
) -> None:
    # Every payload and source column is JSON text itself (controls escaped inside it), so
    # the columns never hold a raw control character and the bulk check vouches for all of it.
    with open_ledger(ledger_url) as ledger:
        try:
            _append_notes(ledger, notes)
        except Exception:
            return
        assert ledger._verify_in_bulk() is not None


def _sqlite_ledger(tmp_path: object, make_events: MakeEvents, batches: int) -> SqlLedger:
    ledger = open_ledger(f"sqlite:///{tmp_path}/stretches.sqlite")
    for i in range(batches):
        ledger.append(make_events(5, tag=f"b{i}"), actor="secretariat")
    return ledger


@pytest.fixture
def in_stretches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Check even a small SQLite ledger in four stretches, three of them in other processes."""
    monkeypatch.setattr(comity.ledger.sql, "_PARALLEL_FROM", 1)
    monkeypatch.setattr(os, "cpu_count", lambda: 4)


@pytest.mark.usefixtures("in_stretches")
def test_stretches_in_worker_processes_vouch_for_an_intact_ledger(
    tmp_path: object, make_events: MakeEvents
) -> None:
    with _sqlite_ledger(tmp_path, make_events, 8) as ledger:
        vouched = ledger._verify_in_bulk()
        assert vouched is not None
        assert (vouched.ok, vouched.events, vouched.head) == (True, 40, ledger.head()[1])


@pytest.mark.usefixtures("in_stretches")
@pytest.mark.parametrize("at", [1, 10, 11, 29, 40])
def test_a_change_in_any_stretch_is_refused_and_named_by_the_reference(
    tmp_path: object, make_events: MakeEvents, at: int
) -> None:
    with _sqlite_ledger(tmp_path, make_events, 8) as ledger:
        Attacker(ledger).set(at, actor="delegation:KAZ")
        assert ledger._verify_in_bulk() is None
        verification = ledger.verify()
        assert (verification.ok, verification.first_bad) == (False, at)


def test_a_rehashed_row_breaks_the_link_the_next_stretch_checks(
    tmp_path: object, make_events: MakeEvents
) -> None:
    # Row 20 changed and re-hashed by recipe: its own stretch (1-20) holds together, but the
    # next stretch starts from the stored hash of row 20, to which row 21 does not link.
    with _sqlite_ledger(tmp_path, make_events, 8) as ledger:
        rows = list(ledger.stored_rows())
        row = rows[19]._replace(actor="delegation:KAZ")
        forged = stored_row_hash(row.prev_hash, row)
        Attacker(ledger).set(20, actor=row.actor, hash=forged)
        path = str(ledger.engine.url.database)
        with closing(open_read_only(path)) as connection:
            assert sqlite_stretch_verifies(connection, 1, 20)
            assert not sqlite_stretch_verifies(connection, 21, 40)
        assert ledger.verify().first_bad == 21


def test_the_worker_command_exits_0_for_rows_that_verify_and_1_otherwise(
    tmp_path: object, make_events: MakeEvents
) -> None:
    with _sqlite_ledger(tmp_path, make_events, 2) as ledger:
        path = str(ledger.engine.url.database)

        def check(first: int, last: int) -> int:
            command = [sys.executable, "-m", "comity.chaincheck", path, str(first), str(last)]
            return subprocess.run(command, check=False).returncode

        assert check(1, 10) == 0
        assert check(6, 10) == 0
        assert check(1, 11) == 1  # there is no row 11
        assert ledger.head()[1] != GENESIS


def test_the_bulk_check_vouches_for_the_reference_history(ledger_url: str) -> None:
    with open_ledger(ledger_url) as ledger:
        Record(ledger).load_reference()
        vouched = ledger._verify_in_bulk()
        assert vouched == ledger.verify()
        assert vouched is not None
        assert vouched.events == ledger.count() > 100


@pytest.mark.parametrize(
    "day", ['2001-06-15"', '2001-06-15","x":"', "2001-06-15\\", "2001-02-30", "15.06.2001"]
)
def test_a_date_in_another_form_is_refused_by_the_bulk_check(
    tmp_path: object, make_events: MakeEvents, day: str
) -> None:
    # Dates enter SQLite's recipe text raw; a quote or backslash in one must read as content
    # after escaping, never as the recipe's structure.
    with _sqlite_ledger(tmp_path, make_events, 2) as ledger:
        with ledger.engine.begin() as connection:
            connection.exec_driver_sql("DROP TRIGGER events_refuse_update")
            connection.exec_driver_sql("PRAGMA ignore_check_constraints = ON")
            connection.exec_driver_sql(
                "UPDATE events SET valid_from = ? WHERE sequence = 4", (day,)
            )
        assert ledger._verify_in_bulk() is None
        assert ledger.verify().first_bad == 4


@pytest.mark.postgres
def test_the_bulk_check_does_not_vouch_on_a_server_that_keeps_text_in_another_encoding() -> None:
    # The bulk check hashes the bytes textsend gives, which are the recipe's UTF-8 only on a
    # UTF-8 server; elsewhere it leaves the answer to the reference check.
    base = sa.make_url(os.environ.get(PG_ENV, DEFAULT_PG_URL))
    name = f"comity_latin1_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            try:
                connection.exec_driver_sql(
                    f"CREATE DATABASE {name} ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C' "
                    "TEMPLATE template0"
                )
            except sa.exc.ProgrammingError as e:
                pytest.skip(f"the test server does not let {base.username} create a database: {e}")
        with open_ledger(base.set(database=name).render_as_string(hide_password=False)) as ledger:
            with ledger.engine.connect() as connection:
                encoding = connection.exec_driver_sql("SHOW server_encoding").scalar()
            assert encoding == "LATIN1"
            _append_notes(ledger, ["plain", "café", 'quote "'])  # what Latin-1 can hold
            assert ledger._verify_in_bulk() is None
            verification = ledger.verify()
            assert (verification.ok, verification.events) == (True, 3)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.dispose()
