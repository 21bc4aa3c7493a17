"""States, named by their ISO 3166-1 alpha-3 codes.

Codes and English names come from ISO 3166 as packaged by ``pycountry``, so a typo such as
``CNH`` is refused rather than recorded as a new state.

>>> parse_state(" ind ")
'IND'
>>> state_name("IRN")
'Iran'
>>> parse_state("XYZ")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
comity.errors.UnknownStateError: unknown state code 'XYZ': use an ISO 3166-1 alpha-3 ...
"""

from __future__ import annotations

from functools import cache
from typing import Annotated

import pycountry
from pydantic import AfterValidator

from comity.errors import UnknownStateError

# ISO's formal names are awkward in a members' list; these are the short names the SCO's
# own English documents use.
_SHORT_NAMES = {
    "IRN": "Iran",
    "RUS": "Russia",
    "LAO": "Laos",
    "TUR": "Turkey",
    "VNM": "Vietnam",
    "KOR": "South Korea",
    "SYR": "Syria",
}


@cache
def _iso_names() -> dict[str, str]:
    return {c.alpha_3: getattr(c, "common_name", None) or c.name for c in pycountry.countries}


def parse_state(code: str) -> str:
    """Normalise an ISO3 code, refusing codes that name no state."""
    normal = code.strip().upper()
    if normal not in _iso_names():
        raise UnknownStateError(
            f"unknown state code {code.strip()!r}: use an ISO 3166-1 alpha-3 code "
            "such as CHN, IND or RUS",
            value=code,
        )
    return normal


def state_name(code: str) -> str:
    """The English short name of a state."""
    return _SHORT_NAMES.get(code) or _iso_names()[parse_state(code)]


def _validate(code: str) -> str:
    try:
        return parse_state(code)
    except UnknownStateError as e:
        raise ValueError(e.message) from e


StateCode = Annotated[str, AfterValidator(_validate)]
"""An ISO3 code as a pydantic field type (validated and upper-cased)."""
