"""Alembic environment for the ledger's schema, run only through comity.

:func:`comity.ledger.sql.SqlLedger.migrate` passes an open connection, already inside a
transaction that holds the migration lock, as ``config.attributes["connection"]``; the
migrations join that transaction, so concurrent first starts cannot both create the table.
No ``alembic.ini`` and no logging setup: comity is a library and leaves logging to its host.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

connection = context.config.attributes.get("connection")
if not isinstance(connection, Connection):
    raise RuntimeError(
        "comity's ledger migrations run through comity.ledger.open_ledger(url) or "
        "SqlLedger.migrate(), which supply the database connection"
    )
context.configure(connection=connection, target_metadata=None)
with context.begin_transaction():
    context.run_migrations()
