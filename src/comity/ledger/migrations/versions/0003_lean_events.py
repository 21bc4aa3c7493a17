"""Fewer index writes per append: an append writes its row and, for most events, nothing else.

A durable commit writes every page the transaction touched, and each index is another page,
so on SQLite each index cost about a tenth of an append (bench/RESULTS.md). This revision
keeps every guarantee the record needs and drops what only repeated another:

- The unique indexes on ``hash`` and ``prev_hash`` go. A fork (two rows after one row)
  needs two rows with one ``prev_hash``; the chain trigger makes each row's ``prev_hash``
  the hash of the row before it, and the primary key makes that row unique, so the
  indexes only said again what those two already enforce. A row written by someone who
  removed the trigger is what ``verify`` is for: it recomputes every hash and link.
- The index on the event type (0002) becomes a partial index of the rows that change a
  state's status (``comity.state.fold.STATUS_EVENTS`` as of this revision): the only
  query by type is "the status events", and meetings, positions and documents, nearly all
  of the record, no longer write to it. ``SqlLedger.events(types=...)`` names the types in
  the index's own sorted order, which SQLite needs to see that the index applies; a test
  fails when a status event type is added without a revision that adds it here.
- SQLite: ``sequence`` becomes the table's own key (``INTEGER PRIMARY KEY``, the rowid)
  rather than a separate index beside a hidden rowid. That needs the table rebuilt: the
  rows are copied unchanged, in order, and the constraints and triggers kept word for
  word (they are taken from the database's own schema, not retyped here).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STATUS_EVENT_TYPES = (
    "AccessionProcedureStarted",
    "MembershipExpelled",
    "MembershipSuspended",
    "StateAdmitted",
    "StatusCategoriesMerged",
    "StatusGranted",
    "StatusMemorandumSigned",
    "SuspensionLifted",
    "WithdrawalNotified",
)
"""In sorted order, the order in which ``SqlLedger.events`` names them."""

# The parts of 0001's SQLite table that change, exactly as SQLAlchemy wrote them there.
_BIGINT_KEY = "sequence BIGINT NOT NULL"
_ROWID_KEY = "sequence INTEGER NOT NULL"
_KEY_CLAUSE = "PRIMARY KEY (sequence), \n"
_UNIQUE_CLAUSES = (
    "\tCONSTRAINT events_hash_key UNIQUE (hash), \n"
    "\tCONSTRAINT events_prev_hash_key UNIQUE (prev_hash), \n"
)


def upgrade() -> None:
    op.drop_index("events_type_sequence", table_name="events")
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_sqlite_table(_lean)
    else:
        op.drop_constraint("events_hash_key", "events", type_="unique")
        op.drop_constraint("events_prev_hash_key", "events", type_="unique")
    # Keyed on the sequence alone: the status events come out in ledger order.
    types = ", ".join(f"'{name}'" for name in STATUS_EVENT_TYPES)
    op.create_index(
        "events_status_changes",
        "events",
        ["sequence"],
        sqlite_where=sa.text(f"type IN ({types})"),
        postgresql_where=sa.text(f"type IN ({types})"),
    )


def downgrade() -> None:
    op.drop_index("events_status_changes", table_name="events")
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_sqlite_table(_as_in_0001)
    else:
        op.create_unique_constraint("events_hash_key", "events", ["hash"])
        op.create_unique_constraint("events_prev_hash_key", "events", ["prev_hash"])
    op.create_index("events_type_sequence", "events", ["type", "sequence"])


def _lean(table_sql: str) -> str:
    table_sql = _replace_once(table_sql, _BIGINT_KEY, _ROWID_KEY)
    return _replace_once(table_sql, _KEY_CLAUSE + _UNIQUE_CLAUSES, _KEY_CLAUSE)


def _as_in_0001(table_sql: str) -> str:
    table_sql = _replace_once(table_sql, _ROWID_KEY, _BIGINT_KEY)
    return _replace_once(table_sql, _KEY_CLAUSE, _KEY_CLAUSE + _UNIQUE_CLAUSES)


def _replace_once(text: str, old: str, new: str) -> str:
    if text.count(old) != 1:
        raise RuntimeError(
            f"the events table is not as comity's migrations made it (expected {old!r} once "
            "in its schema); it was changed by hand, so comity will not rebuild it"
        )
    return text.replace(old, new)


def _rebuild_sqlite_table(rewrite: Callable[[str], str]) -> None:
    """SQLite's way to change what ALTER TABLE cannot: a new table, the rows copied over.

    The triggers refuse DELETE, so they go first (DROP TABLE deletes the rows) and come
    back from their stored text; the copy is one INSERT ... SELECT in sequence order,
    inside the migration's transaction, so a failure leaves the old table as it was.
    """
    connection = op.get_bind()
    table_sql = connection.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'events'"
    ).scalar_one()
    triggers = connection.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'events' "
        "ORDER BY name"
    ).all()
    for name, _ in triggers:
        op.execute(f"DROP TRIGGER {name}")
    op.execute("ALTER TABLE events RENAME TO events_before_rebuild")
    op.execute(rewrite(table_sql))
    op.execute("INSERT INTO events SELECT * FROM events_before_rebuild ORDER BY sequence")
    op.execute("DROP TABLE events_before_rebuild")
    for _, sql in triggers:
        op.execute(sql)
