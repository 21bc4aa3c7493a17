"""The bounds on what comity accepts from outside, in one place.

A record of an organisation's acts has no use for a sixty-megabyte place name, a thousand
panelists or a meeting in the year 9999; such input is a mistake or an attack, and is refused
with a sentence naming the bound rather than stored or left to exhaust the server.

- :data:`MAX_TEXT`: characters in any text field of a command (titles, grounds, statements).
- :data:`MAX_ITEMS`: entries in any list of a command (panelists, states, evidence, rights).
- :data:`EARLIEST` and :data:`LATEST`: the dates a command or a query may name.
- :data:`MAX_BODY_BYTES`: the default bound on an HTTP request body
  (``COMITY_MAX_BODY_BYTES``, :class:`comity.settings.Settings`).
- The history endpoint pages at most ``comity.api.routers.history.MAX_LIMIT`` events.

>>> within_dates(date(2001, 6, 15))
True
>>> within_dates(date(1899, 12, 31)), within_dates(date(2201, 1, 1))
(False, False)
"""

from __future__ import annotations

from datetime import date

MAX_TEXT = 10_000
MAX_ITEMS = 500
EARLIEST = date(1900, 1, 1)
LATEST = date(2200, 12, 31)
MAX_BODY_BYTES = 1024 * 1024


def within_dates(day: date) -> bool:
    """Whether ``day`` lies in the span of dates comity accepts, [EARLIEST, LATEST]."""
    return EARLIEST <= day <= LATEST
