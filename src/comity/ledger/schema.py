"""The ``events`` table as SQLAlchemy Core sees it when reading and writing.

The migrations in ``comity/ledger/migrations/versions`` create the table; this module only
describes it for queries, and a test checks the two agree.

Dates and times need care to hash identically everywhere. PostgreSQL stores ``valid_from``
as ``DATE`` and ``recorded_at`` as ``TIMESTAMP WITH TIME ZONE``, both exact to the
microsecond. SQLite has no such types, so there both are TEXT in exactly one form
(``YYYY-MM-DD`` and ``YYYY-MM-DDTHH:MM:SS.ffffffZ``): fixed width, so text order is time
order, and read back strictly, so a value in any other form is an error rather than silently
normalised into something that still verifies.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeEngine

from comity.ledger.hashing import format_recorded_at

__all__ = ["IsoDate", "UtcTimestamp", "events_table", "metadata", "read_stored_timestamp"]

_DATE_TEXT = re.compile(r"\d{4}-\d{2}-\d{2}")
_TIMESTAMP_TEXT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z")


def read_stored_timestamp(value: Any) -> datetime:
    """An SQLite recording time, strictly in its one text form, as an aware UTC datetime.

    >>> read_stored_timestamp("2024-05-01T12:30:00.000000Z")
    datetime.datetime(2024, 5, 1, 12, 30, tzinfo=datetime.timezone.utc)
    """
    if not isinstance(value, str) or not _TIMESTAMP_TEXT.fullmatch(value):
        raise ValueError(f"stored timestamp {value!r} is not YYYY-MM-DDTHH:MM:SS.ffffffZ")
    return datetime.fromisoformat(value[:-1]).replace(tzinfo=UTC)


class IsoDate(sa.types.TypeDecorator[date]):
    """A calendar date: ``DATE``, or ``YYYY-MM-DD`` text on SQLite."""

    impl = sa.Date
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(sa.Text())
        return dialect.type_descriptor(sa.Date())

    def process_bind_param(self, value: date | None, dialect: Dialect) -> Any:
        if value is None or dialect.name != "sqlite":
            return value
        return value.isoformat()

    def process_result_value(self, value: Any, dialect: Dialect) -> date | None:
        if value is None or dialect.name != "sqlite":
            return value  # type: ignore[no-any-return]
        if not isinstance(value, str) or not _DATE_TEXT.fullmatch(value):
            raise ValueError(f"stored date {value!r} is not YYYY-MM-DD")
        return date.fromisoformat(value)


class UtcTimestamp(sa.types.TypeDecorator[datetime]):
    """An instant to the microsecond, read back as an aware UTC datetime.

    ``TIMESTAMP WITH TIME ZONE``, or fixed-form UTC text on SQLite.
    """

    impl = sa.DateTime
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(sa.Text())
        return dialect.type_descriptor(sa.DateTime(timezone=True))

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if dialect.name == "sqlite":
            return format_recorded_at(value)
        if value.tzinfo is None:
            raise ValueError("recorded_at must be timezone-aware")
        return value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if dialect.name == "sqlite":
            return read_stored_timestamp(value)
        # psycopg returns the session's time zone; the chain is defined in UTC.
        return value.astimezone(UTC)  # type: ignore[no-any-return]


metadata = sa.MetaData()

events_table = sa.Table(
    "events",
    metadata,
    sa.Column("sequence", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("type", sa.Text, nullable=False),
    sa.Column("payload", sa.Text, nullable=False),
    sa.Column("valid_from", IsoDate, nullable=False),
    sa.Column("recorded_at", UtcTimestamp, nullable=False),
    sa.Column("actor", sa.Text, nullable=False),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("prev_hash", sa.String(64), nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
    sa.Column("recipe", sa.SmallInteger, nullable=False),
    sa.Column("account", sa.Text, nullable=False),
    sa.Column("sealed", sa.Text, nullable=False),
    sa.Column("salt", sa.Text, nullable=False),
    sa.Column("secret", sa.Text, nullable=False),
)
