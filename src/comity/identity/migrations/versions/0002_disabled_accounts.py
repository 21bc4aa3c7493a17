"""Accounts may be disabled (kept, with their history, but refused at every door).

Revision ID: identity_0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "identity_0002"
down_revision: str | None = "identity_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("accounts", sa.Column("disabled_at", sa.Float, nullable=True))


def downgrade() -> None:
    # SQLite drops a column only by rebuilding the table, which batch mode does.
    with op.batch_alter_table("accounts") as batch:
        batch.drop_column("disabled_at")
