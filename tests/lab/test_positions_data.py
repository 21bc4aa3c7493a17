"""The UN General Assembly extract shipped with comity: lossless, and as PROVENANCE.md says."""

from __future__ import annotations

import csv
import gzip
import hashlib
import io

import numpy as np
import pytest

from comity.errors import DataSourceError
from comity.lab.positions import (
    ABSTAIN,
    NO,
    SHIPPED_SHA256,
    YES,
    load_votes,
    read_votes,
    shipped_csv,
    shipped_folder,
)

HEADER_CALLS = "rcid,date,session,unres,importantvote,me,nu,di,hr,co,ec,short,descr\n"
VOTES_HEADER = ["rcid", "iso3", "vote"]
ONE_CALL = HEADER_CALLS + "1,2001-01-01,55,R,,0,0,0,0,0,0,X,Y\n"


@pytest.mark.parametrize("name", ["votes.csv", "roll_calls.csv"])
def test_shipped_files_decompress_to_the_sha256_recorded_in_provenance(name: str) -> None:
    raw = shipped_csv(name)
    assert hashlib.sha256(raw).hexdigest() == SHIPPED_SHA256[name]
    provenance = (shipped_folder() / "PROVENANCE.md").read_text(encoding="utf-8")
    assert f"sha256 `{SHIPPED_SHA256[name]}`" in provenance


@pytest.mark.parametrize("name", ["votes.csv", "roll_calls.csv"])
def test_shipped_gzip_is_reproducible_from_the_csv(name: str) -> None:
    # PROVENANCE.md: gzip.GzipFile(filename="", mtime=0, compresslevel=9).
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as g:
        g.write(shipped_csv(name))
    assert buffer.getvalue() == (shipped_folder() / f"{name}.gz").read_bytes()


def _rows(name: str, folder: str = "unga") -> list[list[str]]:
    return list(csv.reader(io.StringIO(shipped_csv(name, folder).decode("utf-8"))))


def test_loaded_votes_give_back_every_row_of_both_csvs() -> None:
    calls, votes = load_votes().to_rows()
    assert calls == _rows("roll_calls.csv")
    # The ASEAN supplement's rows (same roll calls, other states) merge in by rcid, ISO3.
    both = _rows("votes.csv")[1:] + _rows("votes.csv", "unga-asean")[1:]
    assert votes == [VOTES_HEADER, *sorted(both, key=lambda r: (int(r[0]), r[1]))]


def test_counts_match_provenance() -> None:
    # PROVENANCE.md: 2,491 roll calls, 67,254 vote rows (yes 55,042, abstain 7,753,
    # no 4,459), 29 states, votes per state from 1,720 (UZB) to 2,480 (DEU).
    # unga-asean/PROVENANCE.md: 18,490 rows for its 8 states (yes 16,711, abstain 1,330,
    # no 449), on the same roll calls.
    votes = load_votes()
    assert votes.roll_calls.count == 2491
    asean = votes.columns(["BRN", "IDN", "MYS", "PHL", "SGP", "THA", "VNM", "TLS"])
    rest = np.setdiff1d(np.arange(len(votes.states)), asean)
    assert len(rest) == 29
    kinds = (YES, ABSTAIN, NO)
    assert [int((votes.matrix[:, rest] == k).sum()) for k in kinds] == [55042, 7753, 4459]
    assert [int((votes.matrix[:, asean] == k).sum()) for k in kinds] == [16711, 1330, 449]
    per_state = {votes.states[c]: int(np.count_nonzero(votes.matrix[:, c])) for c in rest}
    assert min(per_state.values()) == per_state["UZB"] == 1720
    assert max(per_state.values()) == per_state["DEU"] == 2480


def test_roll_calls_per_year_match_provenance() -> None:
    years = load_votes().roll_calls.year
    expected = {1992: 75, 1995: 79, 2000: 77, 2005: 99, 2010: 88, 2013: 61, 2017: 129, 2020: 1}
    assert {y: int((years == y).sum()) for y in expected} == expected


def test_uzbekistan_has_no_vote_before_december_1994() -> None:
    votes = load_votes()
    column = votes.states.index("UZB")
    voted = votes.roll_calls.date[votes.matrix[:, column] != 0]
    assert str(voted.min()) == "1994-12-02"


def test_issue_flags_and_unrecorded_importance_as_provenance_says() -> None:
    calls = load_votes().roll_calls
    assert int((~calls.issues.any(axis=1)).sum()) == 604
    assert int((calls.important < 0).sum()) == 605


def test_arrays_are_read_only() -> None:
    with pytest.raises(ValueError, match="read-only"):
        load_votes().matrix[0, 0] = 1


def test_quoted_vote_rows_read_like_plain_ones() -> None:
    calls = HEADER_CALLS + "1,2001-01-01,55,R/55/1,0,1,0,0,0,0,0,X,Y\n"
    plain = read_votes(calls, "rcid,iso3,vote\n1,CHN,yes\n1,RUS,no\n", "t")
    quoted = read_votes(calls, 'rcid,iso3,vote\n"1","CHN","yes"\r\n1,RUS,no\r\n', "t")
    assert np.array_equal(plain.matrix, quoted.matrix)
    assert plain.states == quoted.states == ("CHN", "RUS")


@pytest.mark.parametrize(
    ("calls", "votes", "message"),
    [
        ("rcid,date\n", "rcid,iso3,vote\n", "roll calls need the columns"),
        (HEADER_CALLS, "rcid,state,vote\n", "votes need the columns"),
        (HEADER_CALLS + "1,2001-01-01,55,R,0,2,0,0,0,0,0,X,Y\n", "rcid,iso3,vote\n", "0 or 1"),
        (ONE_CALL, "rcid,iso3,vote\n2,CHN,yes\n", "unknown"),
        (ONE_CALL, "rcid,iso3,vote\n1,CHN,maybe\n", "labels"),
        (ONE_CALL, "rcid,iso3,vote\n1,CHN,yes\n1,CHN,no\n", "twice"),
        (ONE_CALL + ONE_CALL[len(HEADER_CALLS):], "rcid,iso3,vote\n", "twice"),
        (HEADER_CALLS + "x,2001-01-01,55,R,,0,0,0,0,0,0,X,Y\n", "rcid,iso3,vote\n", "unreadable"),
    ],
)  # fmt: skip
def test_malformed_data_is_refused_with_the_reason(calls: str, votes: str, message: str) -> None:
    with pytest.raises(DataSourceError, match=message):
        read_votes(calls, votes, "test")
