"""The two UN General Assembly vote series comity ships: Voeten's (``unvotes``, with its ASEAN
supplement) to January 2020 and DGACM's XML extract from November 2019, and their join.

Facts from the extracts' PROVENANCE.md (``comity/data/unga-dgacm/``, ``unga-asean/``), which
were computed there from the sources, not from comity: 737 recorded votes 2019-11-07 to
2026-06-04; A/RES/ES-11/1's votes; all 91 unvotes roll calls of session 74 match a DGACM
resolution and agree on every vote they share.
"""

from __future__ import annotations

import numpy as np
import pytest

from comity.errors import InputError
from comity.lab.agreement import agreement
from comity.lab.votes import (
    ABSENT,
    ABSTAIN,
    JOIN_SESSION,
    NO,
    YES,
    load_votes,
    source_for,
)

ASEAN = ("BRN", "IDN", "MYS", "PHL", "SGP", "THA", "VNM", "TLS")


def test_the_dgacm_extract_reads_as_its_provenance_counts() -> None:
    votes = load_votes(source="dgacm")
    assert votes.roll_calls.count == 737
    assert len(votes.states) == 37
    days = np.datetime_as_string(votes.roll_calls.date, unit="D")
    assert (days[0], days[-1]) == ("2019-11-07", "2026-06-04")
    # PROVENANCE.md, per session: 74 has 96 votes, 80 has 166; ES-11 (2022-23) and ES-10
    # (2023-24) fall into the regular sessions in progress (76, 77; 78, 79).
    sessions = dict(zip(*np.unique(votes.roll_calls.session, return_counts=True), strict=True))
    assert sessions[74] == 96
    assert sessions[80] == 166
    assert sum(sessions.values()) == 737
    # Spot check of PROVENANCE.md: A/RES/ES-11/1 (2 March 2022).
    row = votes.roll_calls.unres.index("A/RES/ES-11/1")
    assert votes.roll_calls.session[row] == 76
    code = dict(zip(votes.states, votes.matrix[row], strict=True))
    assert {s for s, c in code.items() if c == NO} == {"BLR", "RUS"}
    assert {s for s, c in code.items() if c == ABSTAIN} == {
        "ARM", "CHN", "IND", "IRN", "KAZ", "KGZ", "LAO", "LKA", "MNG", "PAK", "TJK", "VNM",
    }  # fmt: skip
    assert {s for s, c in code.items() if c == ABSENT} == {"AZE", "UZB"}
    assert sum(c == YES for c in code.values()) == 21
    # "non_voting" is read as a missing vote: Afghanistan on every vote of sessions 79-80
    # (279, PROVENANCE.md) and on A/RES/ES-10/24 of 18 September 2024, in session 79 here.
    afg = votes.matrix[votes.roll_calls.session >= 79, votes.states.index("AFG")]
    assert len(afg) == 280
    assert (afg == ABSENT).all()


def test_the_asean_supplement_adds_eight_states_to_the_same_roll_calls() -> None:
    votes = load_votes()
    assert votes.roll_calls.count == 2491
    assert len(votes.states) == 37
    # unga-asean/PROVENANCE.md, checks: rows and yes votes per state.
    for state, rows, yes in [("BRN", 2472, 2234), ("VNM", 2245, 2019), ("TLS", 1388, 1321)]:
        column = votes.matrix[:, votes.states.index(state)]
        assert (np.count_nonzero(column), int((column == YES).sum())) == (rows, yes)
    # Its check: IDN-MYS agreement 2010-2020, 0.937 over 916 roll calls.
    share, n = agreement(votes, ["IDN", "MYS"], start=2010, end=2020).pair("IDN", "MYS")
    assert n == 916
    assert share is not None
    assert round(share, 3) == 0.937


def test_the_two_series_agree_on_every_vote_they_share() -> None:
    unvotes, dgacm = load_votes(), load_votes(source="dgacm")
    key = {unres.replace(" ", ""): r for r, unres in enumerate(dgacm.roll_calls.unres)}
    in_74 = np.nonzero(unvotes.roll_calls.session == JOIN_SESSION)[0]
    matched = [(r, key[unvotes.roll_calls.unres[r].replace(" ", "")]) for r in in_74]
    assert len(matched) == 91  # every unvotes roll call of session 74
    states = [s for s in unvotes.states if s in dgacm.states]
    assert len(states) == 37
    compared = absent = 0
    for r, d in matched:
        assert unvotes.roll_calls.date[r] == dgacm.roll_calls.date[d]
        for s in states:
            a = unvotes.matrix[r, unvotes.states.index(s)]
            b = dgacm.matrix[d, dgacm.states.index(s)]
            if a != ABSENT:
                assert a == b, (unvotes.roll_calls.unres[r], s)
                compared += 1
            else:  # unvotes drops absences: DGACM has the state in none of its lists.
                assert b == ABSENT
                absent += 1
    # unga-dgacm/PROVENANCE.md: 2,571 pairs agree and 68 are absent in unvotes for its 29
    # states; the 8 of the ASEAN supplement add 721 and 7 (91 x 8 = 728, counted here).
    assert (compared, absent) == (2571 + 721, 68 + 7)


def test_the_join_takes_unvotes_then_dgacm_after_its_last_day() -> None:
    unvotes, dgacm, joined = (load_votes(source=s) for s in ("unvotes", "dgacm", "joined"))
    # 2,491 roll calls to 2020-01-14, then the DGACM votes dated later: all but the 91 that
    # unvotes also has (session 74's other 5 are of September 2020, PROVENANCE.md).
    later = int((dgacm.roll_calls.date > unvotes.roll_calls.date.max()).sum())
    assert joined.roll_calls.count == 2491 + later
    assert later == 737 - 91
    assert len(np.unique(joined.roll_calls.rcid)) == joined.roll_calls.count
    assert (np.diff(joined.roll_calls.date[2491:].astype(np.int64)) >= 0).all()
    # The same vote whichever series it is read from.
    r = joined.roll_calls.unres.index("A/RES/ES-11/1")
    d = dgacm.roll_calls.unres.index("A/RES/ES-11/1")
    for s in ("CHN", "RUS", "IND", "USA"):
        assert joined.matrix[r, joined.states.index(s)] == dgacm.matrix[d, dgacm.states.index(s)]


def test_the_default_source_covers_the_years_asked() -> None:
    assert source_for(None, None) == "unvotes"
    assert source_for(2010, 2019) == "unvotes"
    assert source_for(2020, 2026) == "dgacm"
    assert source_for(2015, 2024) == "joined"
    with pytest.raises(InputError, match="--source"):
        load_votes(source="voeten")
