"""Tables of people and their credentials. Not institutional events: they live beside the
ledger, in the same database, under their own migration history."""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

# Times are seconds since the epoch (UTC) as floats: the same on SQLite and PostgreSQL,
# with no time-zone round trip to get wrong.
accounts = sa.Table(
    "accounts",
    metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("role", sa.String(32), nullable=False),
    sa.Column("password_hash", sa.Text, nullable=False),
    sa.Column("created_at", sa.Float, nullable=False),
    # When the account was disabled (None: active); a disabled account keeps its name, so
    # the record's references to it stay readable, but it can neither log in nor use tokens.
    sa.Column("disabled_at", sa.Float, nullable=True),
)

api_tokens = sa.Table(
    "api_tokens",
    metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("account", sa.String(64), sa.ForeignKey("accounts.name"), nullable=False),
    sa.Column("label", sa.String(100), nullable=False),
    sa.Column("created_at", sa.Float, nullable=False),
)

web_sessions = sa.Table(
    "web_sessions",
    metadata,
    sa.Column("session_hash", sa.String(64), primary_key=True),
    sa.Column("account", sa.String(64), sa.ForeignKey("accounts.name"), nullable=False),
    sa.Column("csrf_token", sa.String(64), nullable=False),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("expires_at", sa.Float, nullable=False),
)

login_failures = sa.Table(
    "login_failures",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("account", sa.String(64), nullable=False, index=True),
    sa.Column("at", sa.Float, nullable=False),
)
