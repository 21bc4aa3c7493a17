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

from comity import i18n
from comity.errors import UnknownStateError
from comity.i18n import N_

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
            N_(
                "unknown state code {code!r}: use an ISO 3166-1 alpha-3 code "
                "such as CHN, IND or RUS"
            ),
            value=code,
            params={"code": code.strip()},
        )
    return normal


def state_name(code: str, lang: str | None = None) -> str:
    """A state's short name in ``lang`` (default: the active language).

    English names are the SCO's own short forms; other languages take the form the SCO's own
    texts use where ``translations.yaml`` (``states``) records one (Russian "Кыргызстан", not
    CLDR's "Киргизия"), else CLDR's names (the same list browsers and operating systems use),
    by the state's ISO 3166-1 alpha-2 code.

    >>> state_name("CHN", "ru"), state_name("IND", "zh_Hans"), state_name("KGZ", "ru")
    ('Китай', '印度', 'Кыргызстан')
    """
    iso3 = parse_state(code)
    lang = lang or i18n.active()
    if lang != i18n.DEFAULT:
        from comity.i18n import names  # late: names reads the reference data, which needs us

        own = names.state_text(iso3, lang)
        if own:
            return own
        alpha2 = str(getattr(pycountry.countries.get(alpha_3=iso3), "alpha_2", ""))
        name = i18n.babel_locale(lang).territories.get(alpha2)
        if name:
            return str(name)
    return _SHORT_NAMES.get(iso3) or _iso_names()[iso3]


def _validate(code: str) -> str:
    try:
        return parse_state(code)
    except UnknownStateError as e:
        raise ValueError(e) from e  # an Issue says it in the reader's language


StateCode = Annotated[str, AfterValidator(_validate)]
"""An ISO3 code as a pydantic field type (validated and upper-cased)."""
