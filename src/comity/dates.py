"""Calendar dates as users type them.

>>> parse_date("2017-06-09")
datetime.date(2017, 6, 9)
>>> parse_date("2017-13-01")
Traceback (most recent call last):
...
comity.errors.InvalidDateError: dates are YYYY-MM-DD, got '2017-13-01' (month must be in 1..12)
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from comity.errors import InvalidDateError

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_date(text: str, *, what: str = "dates") -> date:
    """A real calendar date written YYYY-MM-DD; anything else is refused with the reason."""
    value = text.strip()
    if not _ISO_DATE.match(value):
        raise InvalidDateError(f"{what} are YYYY-MM-DD, got {text!r}", value=text)
    try:
        return date.fromisoformat(value)
    except ValueError as e:
        raise InvalidDateError(f"{what} are YYYY-MM-DD, got {text!r} ({e})", value=text) from e


def add_months(day: date, months: int) -> date:
    """The same day ``months`` calendar months later (the month's last day if it is shorter).

    >>> add_months(date(2024, 3, 15), 12)
    datetime.date(2025, 3, 15)
    >>> add_months(date(2024, 2, 29), 12)
    datetime.date(2025, 2, 28)
    """
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
