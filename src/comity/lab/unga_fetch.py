"""Refresh the UN General Assembly votes from their source: the ``unvotes`` R package's data
files (github.com/dgrtwo/unvotes, ``data/*.rda``), filtered exactly as the shipped extract's
``PROVENANCE.md`` describes.

1. roll calls dated from 1992-01-01 on;
2. votes on those roll calls by the 37 states of :data:`ISO2_TO_ISO3` (the 29 of the
   shipped extract and the 8 of its ASEAN supplement), their ISO2 codes mapped to ISO3;
3. the vote's label as it stands (``yes``, ``abstain``, ``no``);
4. the long table of issues pivoted to six 0/1 columns ``me nu di hr co ec``;
5. ``session`` as an integer, ``date`` as ``YYYY-MM-DD``, ``importantvote`` as ``1``, ``0`` or
   empty; ``unres``, ``short``, ``descr`` copied (empty where missing);
6. rows sorted by ``rcid`` (votes then by ISO3).

:func:`fetch_unvotes` downloads and converts; :func:`save_fetched` writes ``roll_calls.csv``
and ``votes.csv`` with a ``fetched.json`` note into a folder, which
:func:`comity.lab.positions.load_votes` then prefers to the shipped extract. The ``.rda``
files are read by comity's own small reader (:mod:`comity.lab._rdata`).
"""

from __future__ import annotations

import http.client
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from comity.csvtext import csv_text
from comity.errors import DataSourceError
from comity.i18n import N_
from comity.lab._download import Opener, urlopen
from comity.lab._rdata import data_frame, read_rda
from comity.lab.positions import ISSUES, ROLL_CALL_COLUMNS, VOTE_COLUMNS, read_votes

__all__ = [
    "ISO2_TO_ISO3",
    "UNVOTES_COMMIT",
    "UNVOTES_RAW",
    "Fetched",
    "build_extract",
    "fetch_unvotes",
    "save_fetched",
    "write_csv",
]

UNVOTES_RAW = "https://raw.githubusercontent.com/dgrtwo/unvotes"
#: The commit the shipped extract was made from (2021-03-08, data to January 2020).
UNVOTES_COMMIT = "7eb7034314ff79c49c9e0785fcd9d216fa04cf14"
FILES = ("un_roll_calls", "un_roll_call_issues", "un_votes")
FIRST_DAY = date(1992, 1, 1)
CALL_COLUMNS = ("rcid", "date", "session", "unres", "importantvote", "short", "descr")

#: PROVENANCE.md's fixed table: the SCO's members, observers and partners, USA and Germany.
ISO2_TO_ISO3: dict[str, str] = {
    "CN": "CHN", "RU": "RUS", "KZ": "KAZ", "KG": "KGZ", "TJ": "TJK", "UZ": "UZB", "IN": "IND",
    "PK": "PAK", "IR": "IRN", "BY": "BLR", "MN": "MNG", "AF": "AFG", "LK": "LKA", "TR": "TUR",
    "DE": "DEU", "AM": "ARM", "AZ": "AZE", "KH": "KHM", "NP": "NPL", "EG": "EGY", "QA": "QAT",
    "SA": "SAU", "BH": "BHR", "KW": "KWT", "MV": "MDV", "MM": "MMR", "AE": "ARE", "LA": "LAO",
    "US": "USA",
    # The ASEAN supplement (``unga-asean/PROVENANCE.md``): same roll calls, 8 more states.
    "BN": "BRN", "ID": "IDN", "MY": "MYS", "PH": "PHL", "SG": "SGP", "TH": "THA", "VN": "VNM",
    "TL": "TLS",
}  # fmt: skip


@dataclass(frozen=True)
class Fetched:
    """The rebuilt CSVs (text), the commit read and the URLs."""

    roll_calls_csv: str
    votes_csv: str
    commit: str
    urls: tuple[str, ...]
    roll_calls: int
    votes: int


def write_csv(rows: Sequence[Sequence[str]]) -> str:
    """CSV text as the shipped files are written: ``\\n`` line ends, minimal quoting."""
    return csv_text(rows)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def build_extract(frames: Mapping[str, Mapping[str, list[Any]]]) -> tuple[str, str]:
    """The two CSVs, ``(roll_calls, votes)``, from the unvotes data frames by name.

    Raises
    ------
    DataSourceError
        When a column is missing or a kept country code has more than one name.
    """
    try:
        calls, issues, votes = (frames[name] for name in FILES)
        call_rows = [
            (int(rcid), day, session, unres, important, short, descr)
            for rcid, day, session, unres, important, short, descr in zip(
                *(calls[c] for c in CALL_COLUMNS), strict=True
            )
            if day is not None and day >= FIRST_DAY
        ]
        flagged = {
            (int(rcid), str(code))
            for rcid, code in zip(issues["rcid"], issues["short_name"], strict=True)
        }
        kept = {row[0] for row in call_rows}
        names: dict[str, set[str]] = {}
        vote_rows = []
        for rcid, country, code, vote in zip(
            votes["rcid"], votes["country"], votes["country_code"], votes["vote"], strict=True
        ):
            if code in ISO2_TO_ISO3 and int(rcid) in kept:
                names.setdefault(code, set()).add(str(country))
                vote_rows.append([str(int(rcid)), ISO2_TO_ISO3[code], str(vote)])
    except KeyError as e:
        raise DataSourceError(
            N_("the unvotes data lack the column or table {name}"), params={"name": e}
        ) from e
    doubled = sorted(code for code, found in names.items() if len(found) > 1)
    if doubled:
        raise DataSourceError(
            N_("country code {code} has several names: {names}"),
            value=doubled[0],
            params={"code": doubled[0], "names": sorted(names[doubled[0]])},
        )
    roll_calls: list[list[str]] = [list(ROLL_CALL_COLUMNS)]
    for rcid, day, session, unres, important, short, descr in sorted(
        call_rows, key=lambda row: row[0]
    ):
        roll_calls.append(
            [
                str(rcid),
                day.isoformat(),
                _text(session),
                _text(unres),
                _text(important),
                *("1" if (rcid, code) in flagged else "0" for code in ISSUES),
                _text(short),
                _text(descr),
            ]
        )
    vote_rows.sort(key=lambda row: (int(row[0]), row[1]))
    return write_csv(roll_calls), write_csv([list(VOTE_COLUMNS), *vote_rows])


def fetch_unvotes(
    *,
    commit: str = UNVOTES_COMMIT,
    base: str = UNVOTES_RAW,
    opener: Opener = urlopen,
    timeout: float = 60.0,
    progress: Callable[[int, int], None] | None = None,
) -> Fetched:
    """Download the three unvotes data files at ``commit`` and rebuild the extract.

    Raises
    ------
    DataSourceError
        When the repository cannot be reached or the files cannot be read; nothing is
        written, and the data shipped with comity stay in use.
    """
    frames: dict[str, dict[str, list[Any]]] = {}
    urls = []
    for done, name in enumerate(FILES, start=1):
        url = f"{base}/{commit}/data/{name}.rda"
        urls.append(url)
        try:
            body = opener(url, timeout)
        except (OSError, http.client.HTTPException) as e:
            reason = getattr(e, "reason", e)
            raise DataSourceError(
                N_(
                    "cannot download {url} ({reason}); the UN votes shipped with comity stay in use"
                ),
                value=url,
                params={"url": url, "reason": reason},
            ) from e
        objects = read_rda(body)
        if name not in objects:
            raise DataSourceError(
                N_("{url} holds no object named {name}"),
                value=url,
                params={"url": url, "name": name},
            )
        frames[name] = data_frame(objects[name])
        if progress:
            progress(done, len(FILES))
    roll_calls_csv, votes_csv = build_extract(frames)
    # Read back as the lab will, so that nothing it cannot read is ever written.
    checked = read_votes(roll_calls_csv, votes_csv, "fetched")
    return Fetched(
        roll_calls_csv,
        votes_csv,
        commit,
        tuple(urls),
        checked.roll_calls.count,
        int((checked.matrix != 0).sum()),
    )


def save_fetched(fetched: Fetched, folder: Path, *, retrieved: datetime) -> dict[str, Any]:
    """Write ``roll_calls.csv``, ``votes.csv`` and ``fetched.json`` into ``folder``; return
    what was written."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "roll_calls.csv").write_text(fetched.roll_calls_csv, encoding="utf-8")
    (folder / "votes.csv").write_text(fetched.votes_csv, encoding="utf-8")
    note = {
        "source": "github.com/dgrtwo/unvotes data/*.rda, filtered as PROVENANCE.md says",
        "commit": fetched.commit,
        "urls": list(fetched.urls),
        "retrieved": retrieved.isoformat(timespec="seconds"),
        "roll_calls": fetched.roll_calls,
        "votes": fetched.votes,
    }
    (folder / "fetched.json").write_text(json.dumps(note, indent=2) + "\n", encoding="utf-8")
    return {**note, "folder": str(folder)}
