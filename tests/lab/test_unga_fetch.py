"""Refreshing the UN votes from the unvotes repository: the R data reader on files written
by R, the filter of PROVENANCE.md, and the whole fetch with no network (a fake opener)."""

from __future__ import annotations

import csv
import gzip
import io
import json
import struct
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from comity.errors import DataSourceError
from comity.lab._rdata import data_frame, read_rda
from comity.lab.positions import feasibility, load_votes, shipped_csv
from comity.lab.unga_fetch import (
    FILES,
    build_extract,
    fetch_unvotes,
    save_fetched,
    write_csv,
)

RDATA = Path(__file__).parent / "data" / "rdata"

ASEAN_ISO3 = ("BRN", "IDN", "MYS", "PHL", "SGP", "THA", "VNM", "TLS")


def _rda(name: str) -> dict[str, Any]:
    return read_rda((RDATA / f"{name}.rda").read_bytes())


# -- the reader, on files written by R -------------------------------------------------------


@pytest.mark.parametrize("version", [2, 3])
def test_reads_a_data_frame_with_missing_values(version: int) -> None:
    # R: data.frame(int=c(10L, 20L, 30L, NA), float=c(1.1, 2.2, 3.3, NA),
    #               string=c("x", "y", "z", NA), bool=as.logical(c(1, 0, 1, NA)), ...)
    frame = data_frame(_rda(f"test_dataframe_dtypes_with_na__xdr__version_{version}")[
        "test_dataframe_dtypes_with_na"])  # fmt: skip
    assert frame["int"] == [10, 20, 30, None]
    assert frame["float"] == [1.1, 2.2, 3.3, None]
    assert frame["string"] == ["x", "y", "z", None]
    assert frame["bool"] == [True, False, True, None]


def test_reads_a_factor_with_its_levels() -> None:
    factor = _rda("test_factor__xdr__version_3")["test_factor"]  # factor(c("a", "b", "b"))
    assert factor.values == [1, 2, 2]
    assert factor.attribute("levels") == ["a", "b"]
    assert factor.attribute("class") == ["factor"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [("test_altrep_compact_intseq", list(range(1000))),  # 0:999
     ("test_altrep_wrap_string", ["Hello"]),
     ("test_na_string", [None]),
     ("test_encoding_utf8", ["eĥoŝanĝo ĉiuĵaŭde"])],
)  # fmt: skip
def test_reads_compact_sequences_wrapped_vectors_na_and_utf8(
    name: str, expected: list[Any]
) -> None:
    assert _rda(f"{name}__xdr__version_3")[name].values == expected


def test_refuses_what_it_does_not_read() -> None:
    with pytest.raises(DataSourceError, match="deferred_string"):
        _rda("test_altrep_deferred_string__xdr__version_3")
    with pytest.raises(DataSourceError, match="not an R data file"):
        read_rda(b"RDA3\nA\n")
    with pytest.raises(DataSourceError, match="not a data frame"):
        data_frame(_rda("test_factor__xdr__version_3")["test_factor"])


# -- a small R serializer, to build unvotes-like files ---------------------------------------


def _flags(kind: int, *, attributes: bool = False, tag: bool = False, obj: bool = False) -> bytes:
    return struct.pack(">i", kind | obj << 8 | attributes << 9 | tag << 10)


def _charsxp(text: str | None) -> bytes:
    if text is None:
        return struct.pack(">ii", 9, -1)
    raw = text.encode("utf-8")
    return struct.pack(">ii", 9 | 1 << 15, len(raw)) + raw  # levels: UTF-8


def _symbol(name: str) -> bytes:
    return _flags(1) + _charsxp(name)


def _pairlist(items: list[tuple[str, bytes]]) -> bytes:
    out = b""
    for name, value in items:
        out += _flags(2, tag=True) + _symbol(name) + value
    return out + struct.pack(">i", 254)


def _vector(kind: int, values: list[Any], attrs: list[tuple[str, bytes]] | None = None) -> bytes:
    head = _flags(kind, attributes=bool(attrs), obj=bool(attrs)) + struct.pack(">i", len(values))
    if kind == 13:
        body = b"".join(struct.pack(">i", -(2**31) if v is None else v) for v in values)
    elif kind == 14:
        body = b"".join(
            struct.pack(">II", 0x7FF00000, 1954) if v is None else struct.pack(">d", v)
            for v in values
        )
    else:
        body = b"".join(_charsxp(v) for v in values)
    return head + body + (_pairlist(attrs) if attrs else b"")


def _column(values: list[Any]) -> bytes:
    if all(isinstance(v, date) for v in values):
        days = [float((v - date(1970, 1, 1)).days) for v in values]
        return _vector(14, days, [("class", _vector(16, ["Date"]))])
    if all(v is None or isinstance(v, int) for v in values):
        return _vector(13, values)
    if all(v is None or isinstance(v, float) for v in values):
        return _vector(14, values)
    return _vector(16, values)


def _factor(values: list[str]) -> bytes:
    levels = ["yes", "abstain", "no"]
    attrs = [("levels", _vector(16, levels)), ("class", _vector(16, ["factor"]))]
    return _vector(13, [levels.index(v) + 1 for v in values], attrs)


def _data_frame(columns: dict[str, bytes], rows: int) -> bytes:
    attrs = [
        ("names", _vector(16, list(columns))),
        ("class", _vector(16, ["tbl_df", "tbl", "data.frame"])),
        ("row.names", _vector(13, [None, -rows])),
    ]
    head = _flags(19, attributes=True, obj=True) + struct.pack(">i", len(columns))
    return head + b"".join(columns.values()) + _pairlist(attrs)


def _rda_file(name: str, frame: bytes) -> bytes:
    header = b"RDX3\nX\n" + struct.pack(">iiii", 3, 0x040003, 0x030500, 5) + b"UTF-8"
    return gzip.compress(header + _pairlist([(name, frame)]))


CALLS = {
    "rcid": [3663, 9001, 3000, 5000],
    "session": [47.0, 74.0, 40.0, 60.0],
    "importantvote": [1, None, 0, 0],
    "date": [date(1992, 9, 3), date(2019, 12, 18), date(1985, 12, 1), date(2005, 11, 3)],
    "unres": ["R/47/1", "A/RES/74/1", "R/40/1", None],
    "amend": [0, 0, 0, 0],
    "para": [0, 0, 0, 0],
    "short": ['ADMISSION, "YUGOSLAVIA"', None, "OLD", "X"],
    "descr": ["Membership of the former SFRY", "Line one\nline two", "old", "x"],
}
ISSUES_LONG = {
    "rcid": [9001, 9001, 5000, 3000],
    "short_name": ["hr", "me", "nu", "co"],
    "issue": ["Human rights", "Palestinian conflict", "Nuclear", "Colonialism"],
}
VOTES = [
    (3663, "China", "CN", "yes"), (3663, "Russia", "RU", "abstain"), (3663, "France", "FR", "no"),
    (9001, "United States", "US", "no"), (9001, "China", "CN", "yes"),
    (3000, "China", "CN", "yes"), (5000, "India", "IN", "no"), (5000, "China", "CN", "yes"),
]  # fmt: skip


def _unvotes_files() -> dict[str, bytes]:
    calls = _data_frame({k: _column(v) for k, v in CALLS.items()}, len(CALLS["rcid"]))
    issues = _data_frame(
        {"rcid": _column(ISSUES_LONG["rcid"]), "short_name": _column(ISSUES_LONG["short_name"]),
         "issue": _column(ISSUES_LONG["issue"])}, 4)  # fmt: skip
    votes = _data_frame(
        {"rcid": _column([float(v[0]) for v in VOTES]), "country": _column([v[1] for v in VOTES]),
         "country_code": _column([v[2] for v in VOTES]), "vote": _factor([v[3] for v in VOTES])},
        len(VOTES),
    )  # fmt: skip
    frames = {"un_roll_calls": calls, "un_roll_call_issues": issues, "un_votes": votes}
    return {name: _rda_file(name, frame) for name, frame in frames.items()}


class FakeRepository:
    def __init__(self, files: dict[str, bytes]) -> None:
        self.files = files
        self.asked: list[str] = []

    def __call__(self, url: str, timeout: float) -> bytes:
        self.asked.append(url)
        return self.files[url.rsplit("/", 1)[1].removesuffix(".rda")]


# -- the extract -----------------------------------------------------------------------------


def test_the_csv_writer_reproduces_the_shipped_files_byte_for_byte() -> None:
    calls, votes = load_votes().to_rows()
    assert write_csv(calls).encode("utf-8") == shipped_csv("roll_calls.csv")
    # The shipped votes, then the ASEAN supplement's (no state in both), as one file.
    asean = set(ASEAN_ISO3)
    main = [votes[0], *(row for row in votes[1:] if row[1] not in asean)]
    assert write_csv(main).encode("utf-8") == shipped_csv("votes.csv")
    supplement = [votes[0], *(row for row in votes[1:] if row[1] in asean)]
    assert write_csv(supplement).encode("utf-8") == shipped_csv("votes.csv", "unga-asean")


def test_fetch_rebuilds_the_extract_as_provenance_describes(tmp_path: Path) -> None:
    repository = FakeRepository(_unvotes_files())
    fetched = fetch_unvotes(commit="abc", base="https://example.org/unvotes", opener=repository)
    assert repository.asked == [f"https://example.org/unvotes/abc/data/{n}.rda" for n in FILES]
    calls = list(csv.reader(io.StringIO(fetched.roll_calls_csv)))
    votes = list(csv.reader(io.StringIO(fetched.votes_csv)))
    # 1985 dropped; sorted by rcid; session an integer; importantvote 1/0/empty; issues 0/1.
    assert [row[:5] for row in calls[1:]] == [
        ["3663", "1992-09-03", "47", "R/47/1", "1"],
        ["5000", "2005-11-03", "60", "", "0"],
        ["9001", "2019-12-18", "74", "A/RES/74/1", ""],
    ]
    assert calls[3][5:11] == ["1", "0", "0", "1", "0", "0"]  # me and hr
    assert calls[2][5:11] == ["0", "1", "0", "0", "0", "0"]  # nu
    assert calls[1][11] == 'ADMISSION, "YUGOSLAVIA"'
    assert calls[3][12] == "Line one\nline two"
    # France is not among the 29 states; rows sorted by rcid, then ISO3.
    assert votes[1:] == [["3663", "CHN", "yes"], ["3663", "RUS", "abstain"],
                         ["5000", "CHN", "yes"], ["5000", "IND", "no"],
                         ["9001", "CHN", "yes"], ["9001", "USA", "no"]]  # fmt: skip
    note = save_fetched(fetched, tmp_path, retrieved=datetime(2026, 1, 2, tzinfo=UTC))
    assert (note["roll_calls"], note["votes"]) == (3, 6)
    assert json.loads((tmp_path / "fetched.json").read_text())["commit"] == "abc"
    refreshed = load_votes(tmp_path)
    assert refreshed.roll_calls.count == 3
    assert "fetched into" in refreshed.source
    assert feasibility(refreshed, ["CHN", "USA"], rules=["consensus"]).tally("consensus").adopted


def test_a_country_code_with_two_names_is_refused() -> None:
    frames: dict[str, dict[str, list[Any]]] = {
        "un_roll_calls": {k: v[:1] for k, v in CALLS.items()},
        "un_roll_call_issues": {"rcid": [], "short_name": []},
        "un_votes": {"rcid": [3663, 3663], "country": ["China", "PRC"],
                     "country_code": ["CN", "CN"], "vote": ["yes", "yes"]},
    }  # fmt: skip
    with pytest.raises(DataSourceError, match="several names"):
        build_extract(frames)
    del frames["un_votes"]["country"]
    with pytest.raises(DataSourceError, match="lack the column"):
        build_extract(frames)


def test_without_a_network_fetch_fails_and_the_shipped_data_stay(tmp_path: Path) -> None:
    def offline(url: str, timeout: float) -> bytes:
        raise OSError("Network is unreachable")

    with pytest.raises(DataSourceError, match="stay in use") as caught:
        fetch_unvotes(opener=offline)
    assert "Network is unreachable" in caught.value.message
    assert load_votes(tmp_path).roll_calls.count == 2491
