"""Alembic environment of comity's identity tables (run programmatically; see store.py)."""

from __future__ import annotations

from alembic import context

from comity.identity.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, version_table="identity_version")
with context.begin_transaction():
    context.run_migrations()
