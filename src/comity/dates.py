"""Calendar dates as users type them.

>>> parse_date("2017-06-09")
datetime.date(2017, 6, 9)
>>> parse_date("2017-13-01")
Traceback (most recent call last):
...
comity.errors.InvalidDateError: dates are YYYY-MM-DD, got '2017-13-01' (month must be in 1..12)
"""

from __future__ import annotations

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
