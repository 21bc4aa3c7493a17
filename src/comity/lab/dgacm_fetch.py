"""Rebuild the UN General Assembly's recorded votes from DGACM's XML (github.com/UNxml/
GAresolutions), as the shipped extract's ``unga-dgacm/PROVENANCE.md`` and its ``build.py``
describe: the English files of each regular session and of the emergency special sessions,
one row per resolution (or lettered part) adopted by a recorded vote, each of the 37 states
``yes``, ``no``, ``abstain`` or ``non_voting`` (in none of the three lists). A voter's name
that is in neither of the fixed lists stops the rebuild, so that a new spelling of one of the
37 cannot turn into ``non_voting``; copies of one resolution must agree.

:func:`fetch_dgacm` downloads the repository's archive at a commit (one zip file) and
converts it; :func:`save_dgacm` writes ``resolutions.csv`` and ``votes.csv`` with a
``fetched.json`` note into ``folder/dgacm``, which :func:`comity.lab.votes.load_votes` then
prefers to the shipped extract.
"""

from __future__ import annotations

import csv
import http.client
import io
import json
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from comity.errors import DataSourceError
from comity.i18n import N_
from comity.lab._download import Opener, urlopen
from comity.lab.votes import read_dgacm

__all__ = ["DGACM_ARCHIVE", "DGACM_COMMIT", "DgacmFetched", "build_dgacm", "fetch_dgacm",
           "save_dgacm"]  # fmt: skip

DGACM_ARCHIVE = "https://codeload.github.com/UNxml/GAresolutions/zip"
#: The commit the shipped extract was read from (2026-07-10).
DGACM_COMMIT = "42a69b67bb92d23969fc45bba151320b82eb8e52"
AKN = "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}"

# fmt: off
# Source spelling -> ISO 3166-1 alpha-3, for the 37 states (build.py's table).
TARGET = {
    "CHINA": "CHN", "RUSSIAN FEDERATION": "RUS", "KAZAKHSTAN": "KAZ",
    "KYRGYZSTAN": "KGZ", "TAJIKISTAN": "TJK", "UZBEKISTAN": "UZB",
    "INDIA": "IND", "PAKISTAN": "PAK", "IRAN (ISLAMIC REPUBLIC OF)": "IRN",
    "BELARUS": "BLR", "AFGHANISTAN": "AFG", "MONGOLIA": "MNG",
    "ARMENIA": "ARM", "AZERBAIJAN": "AZE", "CAMBODIA": "KHM", "NEPAL": "NPL",
    "TURKEY": "TUR", "TURKIYE": "TUR", "T\u00dcRKIYE": "TUR",
    "T\u00dcRK\u0130YE": "TUR", "T\u00dcRK\u00ddYE": "TUR",
    "SRI LANKA": "LKA", "EGYPT": "EGY", "QATAR": "QAT", "SAUDI ARABIA": "SAU",
    "KUWAIT": "KWT", "UNITED ARAB EMIRATES": "ARE", "BAHRAIN": "BHR",
    "MALDIVES": "MDV", "MYANMAR": "MMR",
    "LAO PEOPLE'S DEMOCRATIC REPUBLIC": "LAO", "BRUNEI DARUSSALAM": "BRN",
    "INDONESIA": "IDN", "MALAYSIA": "MYS", "PHILIPPINES": "PHL",
    "SINGAPORE": "SGP", "THAILAND": "THA", "VIET NAM": "VNM",
    "TIMOR-LESTE": "TLS", "UNITED STATES": "USA", "GERMANY": "DEU",
}
ISO3 = sorted(set(TARGET.values()))
# Every other spelling in the voter lists of the snapshot read (156 Member States).
OTHER = set("""
ALBANIA|ALGERIA|ANDORRA|ANGOLA|ANTIGUA AND BARBUDA|ARGENTINA|AUSTRALIA|AUSTRIA|
BAHAMAS|BANGLADESH|BARBADOS|BELGIUM|BELIZE|BENIN|BHUTAN|
BOLIVIA (PLURINATIONAL STATE OF)|BOSNIA AND HERZEGOVINA|BOTSWANA|BRAZIL|
BULGARIA|BURKINA FASO|BURUNDI|CABO VERDE|CAMEROON|CANADA|
CENTRAL AFRICAN REPUBLIC|CHAD|CHILE|COLOMBIA|COMOROS|CONGO|COSTA RICA|
COTE D'IVOIRE|C\u00d4TE D'IVOIRE|CROATIA|CUBA|CYPRUS|CZECHIA|
DEMOCRATIC PEOPLE'S REPUBLIC OF KOREA|DEMOCRATIC REPUBLIC OF THE CONGO|
DENMARK|DJIBOUTI|DOMINICA|DOMINICAN REPUBLIC|ECUADOR|EL SALVADOR|
EQUATORIAL GUINEA|ERITREA|ESTONIA|ESWATINI|ETHIOPIA|FIJI|FINLAND|FRANCE|
GABON|GAMBIA|GEORGIA|GHANA|GREECE|GRENADA|GUATEMALA|GUINEA|GUINEA-BISSAU|
GUYANA|HAITI|HONDURAS|HUNGARY|ICELAND|IRAQ|IRELAND|ISRAEL|ITALY|JAMAICA|
JAPAN|JORDAN|KENYA|KIRIBATI|LATVIA|LEBANON|LESOTHO|LIBERIA|LIBYA|
LIECHTENSTEIN|LITHUANIA|LUXEMBOURG|MADAGASCAR|MALAWI|MALI|MALTA|
MARSHALL ISLANDS|MAURITANIA|MAURITIUS|MEXICO|
MICRONESIA (FEDERATED STATES OF)|MONACO|MONTENEGRO|MOROCCO|MOZAMBIQUE|
NAMIBIA|NAURU|NETHERLANDS|NETHERLANDS (KINGDOM OF THE)|NEW ZEALAND|
NICARAGUA|NIGER|NIGERIA|NORTH MACEDONIA|NORWAY|OMAN|PALAU|PANAMA|
PAPUA NEW GUINEA|PARAGUAY|PERU|POLAND|PORTUGAL|REPUBLIC OF KOREA|
REPUBLIC OF MOLDOVA|ROMANIA|RWANDA|SAINT KITTS AND NEVIS|SAINT LUCIA|
SAINT VINCENT AND THE GRENADINES|SAMOA|SAN MARINO|SAO TOME AND PRINCIPE|
SENEGAL|SERBIA|SEYCHELLES|SIERRA LEONE|SLOVAKIA|SLOVENIA|SOLOMON ISLANDS|
SOMALIA|SOUTH AFRICA|SOUTH SUDAN|SPAIN|SUDAN|SURINAME|SWEDEN|SWITZERLAND|
SYRIAN ARAB REPUBLIC|TOGO|TONGA|TRINIDAD AND TOBAGO|TUNISIA|TURKMENISTAN|
TUVALU|UGANDA|UKRAINE|UNITED KINGDOM|UNITED REPUBLIC OF TANZANIA|URUGUAY|
VANUATU|VENEZUELA (BOLIVARIAN REPUBLIC OF)|YEMEN|ZAMBIA|ZIMBABWE
""".replace("\n", "").split("|"))
# fmt: on

VOTE_OF = {"inFavour": "yes", "against": "no", "abstaining": "abstain"}
SYMBOL = re.compile(r"^A/RES/((?:ES-|S-)?\d+)/(\d+)(?: ?([A-Z](?:-[A-Z])?))?$")
RESOLUTION_COLUMNS = (
    "vote_id", "date", "session", "resolution", "draft", "committee_report", "meeting",
    "title", "yes", "no", "abstain", "yes_listed", "no_listed", "abstain_listed",
    "source_outcome", "source_files",
)  # fmt: skip
VOTE_COLUMNS = ("vote_id", "iso3", "vote", "source_name")


@dataclass(frozen=True)
class DgacmFetched:
    """The rebuilt CSVs (text), the commit and URL read, and their row counts."""

    resolutions_csv: str
    votes_csv: str
    commit: str
    url: str
    recorded_votes: int
    files_read: int


def _norm(text: str | None) -> str:
    return " ".join((text or "").split())


def _text(element: ET.Element | None, *, skip_notes: bool = False) -> str:
    if element is None:
        return ""
    if not skip_notes:
        return _norm("".join(element.itertext()))
    parts: list[str] = []

    def walk(e: ET.Element) -> None:
        if e.tag == AKN + "authorialNote":
            return
        parts.append(e.text or "")
        for child in e:
            walk(child)
            parts.append(child.tail or "")

    walk(element)
    return _norm("".join(parts))


def _refused(problem: str, where: str) -> DataSourceError:
    return DataSourceError(
        N_("the DGACM XML cannot be read as PROVENANCE.md describes: {problem} ({where})"),
        value=where,
        params={"problem": problem, "where": where},
    )


def english_files(archive: bytes) -> Iterator[tuple[str, bytes]]:
    """``(path, bytes)`` of the English XML files in the repository's zip archive: every
    ``*.xml`` under a folder named ``English``, and the members of a zip whose name contains
    ``English`` (session 74 is shipped so), as ``zip!member``; paths without the archive's
    top folder."""
    found = []
    with zipfile.ZipFile(io.BytesIO(archive)) as outer:
        for name in outer.namelist():
            path = name.split("/", 1)[1] if "/" in name else name
            parts = path.split("/")
            if path.endswith(".xml") and "English" in parts[:-1]:
                found.append((path, outer.read(name)))
            elif path.endswith(".zip") and "English" in parts[-1]:
                with zipfile.ZipFile(io.BytesIO(outer.read(name))) as inner:
                    found.extend(
                        (f"{path}!{member}", inner.read(member))
                        for member in inner.namelist()
                        if member.endswith(".xml")
                    )
    yield from sorted(found)


def _parse(path: str, data: bytes) -> dict[str, Any] | None:
    """One file's recorded vote, or None (not English, or adopted without a vote)."""
    try:
        tree = ET.fromstring(data)
    except ET.ParseError as e:
        raise _refused(str(e), path) from e
    language = [e.get("language") for e in tree.iter(AKN + "FRBRlanguage")]
    if (language[0] if language else "") != "eng":
        return None
    votings = [v for v in tree.iter(AKN + "voting") if v.find(AKN + "count") is not None]
    if not votings:
        return None
    if len(votings) > 1:
        raise _refused("more than one <voting> with counts", path)
    counts: dict[str, tuple[str, list[str]]] = {}
    for count in votings[0].findall(AKN + "count"):
        key = count.get("refersTo") or ""
        if key not in VOTE_OF or key in counts:
            raise _refused(f"unexpected count {key!r}", path)
        names = [_norm(o.text) for o in count.iter(AKN + "organization")]
        counts[key] = (count.get("value") or "0", names)
    symbol = _text(tree.find(f".//{AKN}coverPage//{AKN}docNumber"))
    match = SYMBOL.match(symbol)
    if not match:
        raise _refused(f"cannot read the symbol {symbol!r}", path)
    work = tree.find(f".//{AKN}FRBRWork")
    dates = [] if work is None else work.findall(AKN + "FRBRdate")
    steps: dict[str | None, tuple[str, str]] = {}
    for step in tree.iter(AKN + "step"):
        steps.setdefault(step.get("outcome"), (step.get("date") or "", step.get("as") or ""))
    draft = steps.get("draftResolution", ("", ""))[1]
    report = steps.get("recommendedForAdoption", ("", ""))[1]
    meeting = steps.get("adopted", ("", ""))[1]
    return {
        "file": path,
        "symbol": symbol,
        "session": match.group(1),
        "date": next((d.get("date") or "" for d in dates if d.get("name") == "adoption"), ""),
        "title": _text(tree.find(f".//{AKN}preface//{AKN}docTitle"), skip_notes=True),
        "draft": draft,
        "report": report if report != draft else "",
        "meeting": meeting if meeting.startswith("A/") else "",
        "outcome": votings[0].get("outcome") or "",
        "counts": counts,
    }


def _sort_key(row: dict[str, Any]) -> tuple[str, bool, str, int, str]:
    match = SYMBOL.match(row["resolution"])
    assert match is not None
    session, number, part = match.group(1), int(match.group(2)), match.group(3) or ""
    return (row["date"], session.startswith("ES"), session, number, part)


def build_dgacm(files: Iterator[tuple[str, bytes]]) -> tuple[str, str, int]:
    """The two CSVs, ``(resolutions, votes)``, and the number of files read.

    Raises
    ------
    DataSourceError
        On a voter's name in neither list, a state listed twice, or copies that disagree.
    """
    by_symbol: dict[str, list[dict[str, Any]]] = {}
    read = 0
    for path, data in files:
        read += 1
        record = _parse(path, data)
        if record is None:
            continue
        seen: dict[str, str] = {}
        for key, (_, names) in record["counts"].items():
            for name in names:
                if name not in TARGET and name not in OTHER:
                    raise _refused(f"unknown voter name {name!r}", path)
                if name in seen:
                    raise _refused(f"{name} listed twice", path)
                seen[name] = key
        record["iso"] = {TARGET[n]: (VOTE_OF[k], n) for n, k in seen.items() if n in TARGET}
        by_symbol.setdefault(record["symbol"], []).append(record)
    rows: list[dict[str, Any]] = []
    votes: list[dict[str, Any]] = []
    for symbol, copies in by_symbol.items():
        first = copies[0]
        for other in copies[1:]:
            same = (
                other["date"] == first["date"]
                and {k: v[0] for k, v in other["counts"].items()}
                == {k: v[0] for k, v in first["counts"].items()}
                and {k: v[0] for k, v in other["iso"].items()}
                == {k: v[0] for k, v in first["iso"].items()}
            )
            if not same:
                raise _refused("copies of one resolution disagree", symbol)
        counts = first["counts"]
        vote_id = symbol[len("A/RES/") :].replace(" ", "")
        row = {
            "vote_id": vote_id,
            "date": first["date"],
            "session": first["session"],
            "resolution": symbol,
            "draft": first["draft"],
            "committee_report": first["report"],
            "meeting": first["meeting"],
            "title": first["title"],
            **{
                label: counts.get(key, ("0", []))[0]
                for key, label in (("inFavour", "yes"), ("against", "no"),
                                   ("abstaining", "abstain"))
            },
            **{
                f"{label}_listed": len(counts.get(key, ("", []))[1])
                for key, label in (("inFavour", "yes"), ("against", "no"),
                                   ("abstaining", "abstain"))
            },
            "source_outcome": first["outcome"],
            "source_files": ";".join(c["file"] for c in copies),
        }  # fmt: skip
        rows.append(row)
        for iso3 in ISO3:
            vote, name = first["iso"].get(iso3, ("non_voting", ""))
            votes.append({"vote_id": vote_id, "iso3": iso3, "vote": vote, "source_name": name,
                          "_key": _sort_key(row)})  # fmt: skip
    rows.sort(key=_sort_key)
    votes.sort(key=lambda v: (v["_key"], v["iso3"]))
    texts = []
    for columns, table in ((RESOLUTION_COLUMNS, rows), (VOTE_COLUMNS, votes)):
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, columns, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(table)
        texts.append(buffer.getvalue())
    return texts[0], texts[1], read


def fetch_dgacm(
    *,
    commit: str = DGACM_COMMIT,
    base: str = DGACM_ARCHIVE,
    opener: Opener = urlopen,
    timeout: float = 300.0,
) -> DgacmFetched:
    """Download the repository's archive at ``commit`` and rebuild the extract.

    Raises
    ------
    DataSourceError
        When the archive cannot be downloaded or read; nothing is written, and the votes
        installed stay in use.
    """
    url = f"{base.rstrip('/')}/{commit}"
    try:
        archive = opener(url, timeout)
    except (OSError, http.client.HTTPException) as e:
        reason = getattr(e, "reason", e)
        raise DataSourceError(
            N_("cannot download {url} ({reason}); the UN votes shipped with comity stay in use"),
            value=url,
            params={"url": url, "reason": reason},
        ) from e
    try:
        resolutions, votes, read = build_dgacm(english_files(archive))
    except zipfile.BadZipFile as e:
        raise _refused(str(e), url) from e
    checked = read_dgacm(resolutions, votes, "fetched")  # as the lab will read it
    return DgacmFetched(resolutions, votes, commit, url, checked.roll_calls.count, read)


def save_dgacm(fetched: DgacmFetched, folder: Path, *, retrieved: datetime) -> dict[str, Any]:
    """Write ``resolutions.csv``, ``votes.csv`` and ``fetched.json`` into ``folder/dgacm``."""
    target = folder / "dgacm"
    target.mkdir(parents=True, exist_ok=True)
    (target / "resolutions.csv").write_text(fetched.resolutions_csv, encoding="utf-8")
    (target / "votes.csv").write_text(fetched.votes_csv, encoding="utf-8")
    note = {
        "source": "github.com/UNxml/GAresolutions English XML, as unga-dgacm/PROVENANCE.md says",
        "commit": fetched.commit,
        "url": fetched.url,
        "retrieved": retrieved.isoformat(timespec="seconds"),
        "recorded_votes": fetched.recorded_votes,
        "files_read": fetched.files_read,
    }
    (target / "fetched.json").write_text(json.dumps(note, indent=2) + "\n", encoding="utf-8")
    return {**note, "folder": str(target)}
