"""World Bank indicators: the extracts shipped with comity, and a refresh from the API.

Two indicators are used, GDP in current US dollars (``NY.GDP.MKTP.CD``) and total population
(``SP.POP.TOTL``). The package ships extracts of both (``comity/data/worldbank/``, each with
its ``PROVENANCE.md``); :func:`fetch_indicator` downloads the current values from the World
Bank's API v2 (JSON, paged) and :func:`save_fetched` writes them, with the date of retrieval,
into a folder (the CLI uses the user data directory), where :func:`load_series` then prefers
them to the shipped extract.

The API answers ``[metadata, rows]``, e.g.::

    [{"page": 1, "pages": 1, "per_page": 20000, "total": 2, "lastupdated": "2024-10-24"},
     [{"indicator": {"id": "NY.GDP.MKTP.CD", "value": "GDP (current US$)"},
       "country": {"id": "1W", "value": "World"}, "countryiso3code": "WLD",
       "date": "2019", "value": 87652516331578.3, "unit": "", "obs_status": "", "decimal": 0},
      ...]]

and ``[{"message": [{"id": "120", "key": "Invalid value", "value": "..."}]}]`` on error.
"""

from __future__ import annotations

import csv
import http.client
import io
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any

from comity.csvtext import csv_text
from comity.errors import DataSourceError, InputError
from comity.i18n import N_
from comity.lab._download import Opener, urlopen

__all__ = [
    "API",
    "INDICATORS",
    "WORLD",
    "Indicator",
    "Observation",
    "Series",
    "fetch_indicator",
    "indicator",
    "load_series",
    "parse_page",
    "save_fetched",
]

API = "https://api.worldbank.org/v2"
WORLD = "WLD"
#: The first year kept, as in the shipped extracts (the Shanghai Five met first in 1996).
FIRST_YEAR = 1996
PER_PAGE = 20000


@dataclass(frozen=True)
class Indicator:
    """One World Bank indicator: comity's short key, the World Bank's code, the file shipped."""

    key: str
    code: str
    title: str
    unit: str
    shipped: str  # path under comity/data/worldbank/

    def shipped_file(self) -> Path:
        return Path(str(resources.files("comity").joinpath("data", "worldbank", self.shipped)))


INDICATORS: dict[str, Indicator] = {
    "gdp": Indicator(
        "gdp", "NY.GDP.MKTP.CD", "GDP (current US$)", "US$", "gdp/gdp_current_usd_1996_2023.csv"
    ),
    "population": Indicator(
        "population",
        "SP.POP.TOTL",
        "Population, total",
        "persons",
        "population/population_1996_2024.csv",
    ),
}


def indicator(key: str) -> Indicator:
    """The indicator named ``gdp`` or ``population``.

    >>> indicator("GDP").code
    'NY.GDP.MKTP.CD'
    """
    found = INDICATORS.get(key.strip().lower())
    if found is None:
        raise InputError(
            N_("unknown indicator {key!r}: use one of {indicators}"),
            value=key,
            params={"key": key, "indicators": ", ".join(INDICATORS)},
        )
    return found


@dataclass(frozen=True)
class Observation:
    """One value: an economy (ISO3 code, or a World Bank aggregate such as WLD) in a year."""

    name: str
    code: str
    year: int
    value: float


@dataclass(frozen=True)
class Series:
    """An indicator's values by economy and year, and where they came from."""

    indicator: Indicator
    values: Mapping[tuple[str, int], float]
    names: Mapping[str, str]
    source: str

    def value(self, code: str, year: int) -> float | None:
        return self.values.get((code, year))

    def years(self) -> tuple[int, ...]:
        """The years for which the world total is known."""
        return tuple(sorted(y for c, y in self.values if c == WORLD))


CSV_HEADER = ("Country Name", "Country Code", "Year", "Value")


def read_csv(text: str, source: str) -> list[Observation]:
    """Read the extracts' CSV format: ``Country Name,Country Code,Year,Value``.

    >>> read_csv("Country Name,Country Code,Year,Value\\nWorld,WLD,2019,8.7e13\\n", "x")
    [Observation(name='World', code='WLD', year=2019, value=87000000000000.0)]
    """
    reader = csv.reader(io.StringIO(text))
    header = tuple(next(reader, ()))
    if header != CSV_HEADER:
        raise DataSourceError(
            N_("{source}: expected the columns {columns}, got {header}"),
            value=source,
            params={
                "source": source,
                "columns": ", ".join(CSV_HEADER),
                "header": ", ".join(header),
            },
        )
    rows: list[Observation] = []
    for line, row in enumerate(reader, start=2):
        try:
            name, code, year, value = row
            rows.append(Observation(name, code, int(year), float(value)))
        except ValueError as e:
            raise DataSourceError(
                N_("{source}, line {line}: {problem}"),
                value=source,
                params={"source": source, "line": line, "problem": e},
            ) from e
    return rows


def write_csv(rows: list[Observation]) -> str:
    return csv_text([CSV_HEADER, *((r.name, r.code, r.year, repr(r.value)) for r in rows)])


def _fetched_paths(folder: Path, key: str) -> tuple[Path, Path]:
    return folder / f"{key}.csv", folder / f"{key}.json"


def load_series(key: str, folder: Path | None = None) -> Series:
    """The values of an indicator: those fetched into ``folder``, if any, else the shipped
    extract.

    >>> load_series("gdp").value("KGZ", 2001) is not None
    True
    """
    found = indicator(key)
    if folder is not None:
        data, meta = _fetched_paths(folder, found.key)
        if data.is_file() and meta.is_file():
            about = json.loads(meta.read_text(encoding="utf-8"))
            source = (
                f"World Bank API, {found.code}, retrieved {about.get('retrieved', '?')} "
                f"(last updated {about.get('last_updated') or '?'})"
            )
            return _series(found, read_csv(data.read_text(encoding="utf-8"), str(data)), source)
    shipped = found.shipped_file()
    source = f"World Bank {found.code}, extract shipped with comity ({shipped.name})"
    return _series(found, read_csv(shipped.read_text(encoding="utf-8"), shipped.name), source)


def _series(found: Indicator, rows: list[Observation], source: str) -> Series:
    return Series(
        found,
        {(r.code, r.year): r.value for r in rows},
        {r.code: r.name for r in rows},
        source,
    )


# -- the World Bank API ----------------------------------------------------------------------


def page_url(found: Indicator, page: int, *, base: str = API, last_year: int) -> str:
    """The URL of one page of an indicator for every economy from 1996 to ``last_year``."""
    return (
        f"{base.rstrip('/')}/country/all/indicator/{found.code}"
        f"?format=json&per_page={PER_PAGE}&date={FIRST_YEAR}:{last_year}&page={page}"
    )


@dataclass(frozen=True)
class Page:
    """One page of an API answer."""

    page: int
    pages: int
    last_updated: str | None
    rows: list[Observation]


def parse_page(payload: Any) -> Page:
    """Read one page of the API's JSON answer; rows without a value or an ISO3 code (some
    regional aggregates) are left out.

    >>> page = parse_page([{"page": 1, "pages": 1, "lastupdated": "2024-10-24"},
    ...     [{"country": {"id": "1W", "value": "World"}, "countryiso3code": "WLD",
    ...       "date": "2019", "value": 8.7e13},
    ...      {"country": {"id": "1W", "value": "World"}, "countryiso3code": "WLD",
    ...       "date": "2024", "value": None}]])
    >>> page.pages, page.rows
    (1, [Observation(name='World', code='WLD', year=2019, value=87000000000000.0)])
    """
    if isinstance(payload, list) and payload and isinstance(payload[0], dict):
        meta = payload[0]
        if "message" in meta:
            messages = "; ".join(
                str(m.get("value") or m.get("key")) for m in meta["message"] if isinstance(m, dict)
            )
            raise DataSourceError(
                N_("the World Bank API refused the request: {messages}"),
                params={"messages": messages},
            )
        if len(payload) == 2 and isinstance(payload[1], list | type(None)):
            try:
                rows = [
                    Observation(
                        str(r["country"]["value"]),
                        str(r["countryiso3code"]),
                        int(r["date"]),
                        float(r["value"]),
                    )
                    for r in payload[1] or []
                    if r.get("value") is not None and r.get("countryiso3code")
                ]
                return Page(
                    int(meta["page"]),
                    int(meta["pages"]),
                    meta.get("lastupdated"),
                    rows,
                )
            except (KeyError, TypeError, ValueError) as e:
                raise DataSourceError(
                    N_("the World Bank API answered in an unknown form: {problem}"),
                    params={"problem": e},
                ) from e
    raise DataSourceError(
        N_("the World Bank API answered in an unknown form (not [meta, rows])"), params={}
    )


@dataclass(frozen=True)
class Fetched:
    """An indicator as downloaded: rows, the API's update date, the first page's URL."""

    indicator: Indicator
    rows: list[Observation]
    last_updated: str | None
    url: str


def fetch_indicator(
    key: str,
    *,
    last_year: int,
    base: str = API,
    opener: Opener = urlopen,
    timeout: float = 30.0,
    progress: Callable[[int, int], None] | None = None,
) -> Fetched:
    """Download an indicator for every economy from 1996 to ``last_year``, page by page.

    Raises
    ------
    DataSourceError
        When the API cannot be reached or answers in an unknown form; nothing is written.
    """
    found = indicator(key)
    rows: list[Observation] = []
    page, pages, last_updated = 1, 1, None
    first_url = page_url(found, 1, base=base, last_year=last_year)
    while page <= pages:
        url = page_url(found, page, base=base, last_year=last_year)
        try:
            body = opener(url, timeout)
        except (OSError, http.client.HTTPException) as e:
            reason = getattr(e, "reason", e)
            raise DataSourceError(
                N_(
                    "cannot reach the World Bank API at {base} ({reason}); the data shipped "
                    "with comity stay in use"
                ),
                value=base,
                params={"base": base, "reason": reason},
            ) from e
        try:
            parsed = parse_page(json.loads(body))
        except json.JSONDecodeError as e:
            raise DataSourceError(
                N_("the World Bank API did not answer JSON: {problem}"), params={"problem": e}
            ) from e
        rows.extend(parsed.rows)
        pages, last_updated = parsed.pages, parsed.last_updated or last_updated
        if progress:
            progress(page, pages)
        page += 1
    if not any(r.code == WORLD for r in rows):
        raise DataSourceError(
            N_("the World Bank API gave no world total ({world}) for {indicator}"),
            params={"world": WORLD, "indicator": found.code},
        )
    return Fetched(found, sorted(rows, key=lambda r: (r.code, r.year)), last_updated, first_url)


def save_fetched(fetched: Fetched, folder: Path, *, retrieved: datetime) -> Path:
    """Write a download into ``folder`` as ``<key>.csv`` plus ``<key>.json`` (retrieval
    date, the API's last update, the URL); return the CSV's path."""
    folder.mkdir(parents=True, exist_ok=True)
    data, meta = _fetched_paths(folder, fetched.indicator.key)
    data.write_text(write_csv(fetched.rows), encoding="utf-8")
    meta.write_text(
        json.dumps(
            {
                "indicator": fetched.indicator.code,
                "retrieved": retrieved.isoformat(timespec="seconds"),
                "last_updated": fetched.last_updated,
                "url": fetched.url,
                "rows": len(fetched.rows),
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    return data
