"""Calendar dates as users type them.

>>> parse_date("2017-06-09")
datetime.date(2017, 6, 9)
>>> parse_date("2017-13-01")
Traceback (most recent call last):
...
comity.errors.InvalidDateError: dates are YYYY-MM-DD, got '2017-13-01' (month must be in 1..12)
>>> parse_date("9999-01-01")
Traceback (most recent call last):
...
comity.errors.InvalidDateError: dates lie between 1900-01-01 and 2200-12-31, got '9999-01-01'
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from comity.errors import InvalidDateError
from comity.i18n import N_
from comity.limits import EARLIEST, LATEST, within_dates

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_date(text: str, *, what: str = "dates") -> date:
    """A real calendar date written YYYY-MM-DD; anything else is refused with the reason."""
    value = text.strip()
    if not _ISO_DATE.match(value):
        raise InvalidDateError(
            N_("{what} are YYYY-MM-DD, got {text!r}"),
            value=text,
            params={"what": what, "text": text},
        )
    try:
        day = date.fromisoformat(value)
    except ValueError as e:
        raise InvalidDateError(
            N_("{what} are YYYY-MM-DD, got {text!r} ({reason})"),
            value=text,
            params={"what": what, "text": text, "reason": e},
        ) from e
    if not within_dates(day):
        raise InvalidDateError(
            N_("{what} lie between {earliest} and {latest}, got {text!r}"),
            value=text,
            params={"what": what, "text": text, "earliest": EARLIEST, "latest": LATEST},
        )
    return day


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
