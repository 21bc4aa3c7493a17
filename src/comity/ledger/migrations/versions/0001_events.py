"""The append-only, hash-chained ``events`` table.

The database itself refuses what comity never does, so a bug or a stray SQL session cannot
rewrite the record quietly: triggers refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL),
and an INSERT must extend the chain, with the next sequence number and the last row's hash as
``prev_hash``. Unique ``hash`` and ``prev_hash`` make a fork impossible even for a writer that
skips the trigger's check under concurrency (0003 drops them: the primary key and the
trigger already do that). Hashes themselves are checked by ``verify``: SQL cannot compute
RFC 8785.

SQLite stores the date and the timestamp as fixed-form text (see ``comity.ledger.schema``),
constrained here to that form.

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_GENESIS = "0" * 64
_REFUSED = "comity ledger is append-only: rows of events are never changed or removed"
_OFF_CHAIN = (
    "comity ledger: an appended row must have the next sequence number and the hash of the "
    "last row as prev_hash"
)
_HEX64 = "[0-9a-f]" * 64
_D = "[0-9]"
_DATE_GLOB = f"{_D * 4}-{_D * 2}-{_D * 2}"
_TIMESTAMP_GLOB = f"{_DATE_GLOB}T{_D * 2}:{_D * 2}:{_D * 2}.{_D * 6}Z"


def _checks(sqlite: bool) -> list[sa.CheckConstraint]:
    if sqlite:
        return [
            sa.CheckConstraint("sequence > 0", name="events_sequence_positive"),
            sa.CheckConstraint(f"hash GLOB '{_HEX64}'", name="events_hash_hex"),
            sa.CheckConstraint(f"prev_hash GLOB '{_HEX64}'", name="events_prev_hash_hex"),
            sa.CheckConstraint(f"valid_from GLOB '{_DATE_GLOB}'", name="events_valid_from_form"),
            sa.CheckConstraint(
                f"recorded_at GLOB '{_TIMESTAMP_GLOB}'", name="events_recorded_at_form"
            ),
        ]
    return [
        sa.CheckConstraint("sequence > 0", name="events_sequence_positive"),
        sa.CheckConstraint("hash ~ '^[0-9a-f]{64}$'", name="events_hash_hex"),
        sa.CheckConstraint("prev_hash ~ '^[0-9a-f]{64}$'", name="events_prev_hash_hex"),
    ]


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.create_table(
        "events",
        sa.Column("sequence", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("type", sa.Text, nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("valid_from", sa.Text if sqlite else sa.Date, nullable=False),
        sa.Column("recorded_at", sa.Text if sqlite else sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.Text, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.UniqueConstraint("hash", name="events_hash_key"),
        sa.UniqueConstraint("prev_hash", name="events_prev_hash_key"),
        *_checks(sqlite),
    )
    if sqlite:
        _sqlite_triggers()
    else:
        _postgresql_triggers()


def _sqlite_triggers() -> None:
    for operation in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER events_refuse_{operation.lower()} BEFORE {operation} ON events "
            f"BEGIN SELECT RAISE(ABORT, '{_REFUSED}'); END"
        )
    op.execute(
        "CREATE TRIGGER events_extend_chain BEFORE INSERT ON events "
        "WHEN NEW.sequence IS NOT (SELECT coalesce(max(sequence), 0) + 1 FROM events) "
        "OR NEW.prev_hash IS NOT coalesce("
        f"(SELECT hash FROM events ORDER BY sequence DESC LIMIT 1), '{_GENESIS}') "
        f"BEGIN SELECT RAISE(ABORT, '{_OFF_CHAIN}'); END"
    )


def _postgresql_triggers() -> None:
    op.execute(
        "CREATE FUNCTION comity_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN RAISE EXCEPTION '{_REFUSED} (% refused)', TG_OP; END $$"
    )
    op.execute(
        "CREATE TRIGGER events_refuse_change BEFORE UPDATE OR DELETE ON events "
        "FOR EACH ROW EXECUTE FUNCTION comity_events_refuse_change()"
    )
    op.execute(
        "CREATE TRIGGER events_refuse_truncate BEFORE TRUNCATE ON events "
        "FOR EACH STATEMENT EXECUTE FUNCTION comity_events_refuse_change()"
    )
    op.execute(
        "CREATE FUNCTION comity_events_extend_chain() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "DECLARE last_sequence bigint; last_hash text; "
        "BEGIN "
        "SELECT sequence, hash INTO last_sequence, last_hash FROM events "
        "ORDER BY sequence DESC LIMIT 1; "
        "IF NEW.sequence IS DISTINCT FROM coalesce(last_sequence, 0) + 1 "
        f"OR NEW.prev_hash IS DISTINCT FROM coalesce(last_hash, '{_GENESIS}') THEN "
        f"RAISE EXCEPTION '{_OFF_CHAIN}' USING ERRCODE = 'integrity_constraint_violation'; "
        "END IF; "
        "RETURN NEW; "
        "END $$"
    )
    op.execute(
        "CREATE TRIGGER events_extend_chain BEFORE INSERT ON events "
        "FOR EACH ROW EXECUTE FUNCTION comity_events_extend_chain()"
    )


def downgrade() -> None:
    op.drop_table("events")
    if op.get_bind().dialect.name != "sqlite":
        op.execute("DROP FUNCTION comity_events_refuse_change()")
        op.execute("DROP FUNCTION comity_events_extend_chain()")
