"""Who acted, and confidential content sealed by a commitment: hash recipe 2.

Five columns, each with a constant default, so that the rows already written keep exactly
the content they were hashed with and go on verifying by recipe 1:

- ``recipe``: the hash recipe of the row (:mod:`comity.ledger.hashing`); 1 for every row
  written before this revision, 2 for every row written after it;
- ``account``: who acted in the role named by ``actor`` (empty on rows of recipe 1, which
  recorded the role only);
- ``sealed``: the commitment ``sha256(salt || secret)`` to the row's confidential content,
  hashed by recipe 2 in its place (empty when the row has none);
- ``salt`` and ``secret``: that content and its salt. They stay in the database: the public
  copy of the chain shows them only once the charter's rule reveals them, and the row
  verifies with or without them.

Adding a column with a constant default changes no stored row: SQLite writes the default
into the table's schema, PostgreSQL (11 and later) into the catalogue, so neither rewrites
the table nor fires the triggers that refuse UPDATE.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TEXT_COLUMNS = ("account", "sealed", "salt", "secret")


def upgrade() -> None:
    # No CHECK on the recipe: verify refuses a row of a recipe it does not know, and a later
    # recipe then needs no table rebuild on SQLite.
    op.add_column(
        "events",
        sa.Column("recipe", sa.SmallInteger, nullable=False, server_default=sa.text("1")),
    )
    for name in _TEXT_COLUMNS:
        op.add_column(
            "events", sa.Column(name, sa.Text, nullable=False, server_default=sa.text("''"))
        )


def downgrade() -> None:
    # Rows of recipe 2 cannot be kept without these columns: they would no longer verify.
    if op.get_bind().exec_driver_sql("SELECT count(*) FROM events WHERE recipe <> 1").scalar():
        raise RuntimeError(
            "the ledger holds rows of hash recipe 2, which need the columns of revision 0004;"
            " it is not downgraded"
        )
    # ALTER TABLE ... DROP COLUMN (SQLite 3.35 and later) keeps the table and its triggers.
    for name in reversed(("recipe", *_TEXT_COLUMNS)):
        op.drop_column("events", name)
