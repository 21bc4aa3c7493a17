"""An index on the event type, so a query for a few kinds of event skips the rest.

Who was a member on a date depends only on the events that change a state's status (see
``comity.state.fold.STATUS_EVENTS``): a few hundred rows in a ledger of millions. With this
index the record reads just those instead of replaying every meeting and position.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # (type, sequence): the rows of one type come out of the index already in ledger order.
    op.create_index("events_type_sequence", "events", ["type", "sequence"])


def downgrade() -> None:
    op.drop_index("events_type_sequence", table_name="events")
