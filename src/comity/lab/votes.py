"""UN General Assembly roll calls as a roll-call x state matrix of vote codes: the data model
of the lab's UN-votes analyses (:mod:`comity.lab.agreement`, :mod:`comity.lab.feasibility`).

Two sources, each shipped with its ``PROVENANCE.md`` and checked by sha256 when read:

``unvotes``
    Voeten's roll-call votes (Voeten, Strezhnev & Bailey, Harvard Dataverse hdl:1902.1/12379,
    as packaged by the R package ``unvotes``), 1992 to January 2020 (sessions 46-74), in
    ``comity/data/unga/``, with the ASEAN states it lacks in ``comity/data/unga-asean/``.
``dgacm``
    The recorded votes of the Assembly's adopted resolutions as the UN Department for General
    Assembly and Conference Management publishes them in XML (github.com/UNxml/GAresolutions),
    7 November 2019 to 4 June 2026 (sessions 74-80 and emergency special sessions 10-11), in
    ``comity/data/unga-dgacm/``.

:func:`load_votes` reads one, or both joined at session 74 (:func:`join_votes`); the two
agree on every vote they share (tests/lab/test_unga_sources.py). ``docs/unga.md`` says how
they differ. See :mod:`comity.lab.positions` for the vote codes and the references.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from comity.errors import DataSourceError, InputError
from comity.i18n import N_

ABSENT, YES, ABSTAIN, NO = 0, 1, 2, 3
VOTE_CODES = {"yes": YES, "abstain": ABSTAIN, "no": NO}
VOTE_LABELS = {code: label for label, code in VOTE_CODES.items()}

#: The data's issue codes (Voeten's), in the order of the CSV's columns.
ISSUES: dict[str, str] = {
    "me": "Middle East (Palestinian conflict)",
    "nu": "nuclear weapons and material",
    "di": "arms control and disarmament",
    "hr": "human rights",
    "co": "colonialism",
    "ec": "economic development",
}
ROLL_CALL_COLUMNS = (
    "rcid",
    "date",
    "session",
    "unres",
    "importantvote",
    *ISSUES,
    "short",
    "descr",
)
VOTE_COLUMNS = ("rcid", "iso3", "vote")
#: sha256 of the CSVs as recorded in ``PROVENANCE.md``.
SHIPPED_SHA256 = {
    "votes.csv": "7f8e2fea1375c73e53be46c3bb7ae806f32941c5d415a03d0cf8d4165fd38f18",
    "roll_calls.csv": "12a4e4500e4e021ec2abca417be8bd973222288a8ccd90ed472db3dc515bcc7f",
}
#: sha256 of ``unga-asean/votes.csv`` (the 8 ASEAN states unvotes' extract lacks, same
#: roll calls), as its ``PROVENANCE.md`` records it.
ASEAN_SHA256 = {"votes.csv": "f7ae8c54fab14846536e3a3e09bdc2ebdfe9561f92111b740f7b60f6370f5921"}
#: sha256 of the DGACM extract's CSVs (``unga-dgacm/PROVENANCE.md``).
DGACM_SHA256 = {
    "resolutions.csv": "86b3cf3281b75f29004f67776294f4b3dfcb311033d50a62becdb65ad3770f20",
    "votes.csv": "9887ee7ce160f1cdd3e8cfc87b581cc8e4ecab6fa0ab5785fc0b9d8de4ab2e60",
}
DGACM_COLUMNS = ("vote_id", "date", "session", "resolution", "title")
#: ``non_voting`` (in none of the source's three lists) is read as a missing vote.
DGACM_VOTES = {"yes": YES, "abstain": ABSTAIN, "no": NO, "non_voting": ABSENT}
#: The DGACM votes have no roll-call id; theirs count up from here, clear of Voeten's.
DGACM_RCID_BASE = 100_000
#: The sources a caller can name; ``joined`` is unvotes to January 2020, then DGACM.
SOURCES = ("unvotes", "dgacm", "joined")
#: Where the two series meet: the session both cover.
JOIN_SESSION = 74

IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]


@dataclass(frozen=True, eq=False)
class RollCalls:
    """The roll calls, one entry per roll call in the order of the file (by ``rcid``).

    ``important`` is 1 or 0, or -1 where the source does not code it; ``issues`` has one
    boolean column per code of :data:`ISSUES`.
    """

    rcid: IntArray
    date: NDArray[np.datetime64]
    session: IntArray
    important: IntArray
    issues: BoolArray
    unres: tuple[str, ...]
    short: tuple[str, ...]
    descr: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.rcid)

    @property
    def year(self) -> IntArray:
        """The calendar year of each roll call."""
        return self.date.astype("datetime64[Y]").astype(np.int64) + 1970


@dataclass(frozen=True, eq=False)
class Votes:
    """UN General Assembly votes: ``matrix[r, s]`` is the code of state ``states[s]`` on roll
    call ``r`` (:data:`YES`, :data:`ABSTAIN`, :data:`NO` or :data:`ABSENT`)."""

    roll_calls: RollCalls
    states: tuple[str, ...]
    matrix: NDArray[np.int8]
    source: str

    def columns(self, states: Iterable[str]) -> IntArray:
        """The matrix columns of ``states`` (ISO3 codes), refusing states not in the data."""
        index = {s: i for i, s in enumerate(self.states)}
        found: list[int] = []
        for raw in states:
            code = raw.strip().upper()
            if code not in index:
                raise InputError(
                    N_(
                        "no UN General Assembly votes for {raw!r} in the data; "
                        "states with votes: {states}"
                    ),
                    value=raw,
                    params={"raw": raw, "states": " ".join(self.states)},
                )
            found.append(index[code])
        return np.asarray(found, dtype=np.int64)

    def period(self, start: int | None = None, end: int | None = None) -> BoolArray:
        """Roll calls dated in the calendar years ``start`` to ``end`` (both included).

        Years rather than days: the source's dates before about 2005 are imprecise
        (``PROVENANCE.md``, caveats).
        """
        if start is not None and end is not None and start > end:
            raise InputError(
                N_("the period runs backwards: from {start} to {end}"),
                value=start,
                params={"start": start, "end": end},
            )
        year = self.roll_calls.year
        mask = np.ones(self.roll_calls.count, dtype=np.bool_)
        if start is not None:
            mask &= year >= start
        if end is not None:
            mask &= year <= end
        return mask

    def to_rows(self) -> tuple[list[list[str]], list[list[str]]]:
        """The data as CSV rows again, ``(roll_calls, votes)``, headers first, in the order
        and spelling of the CSV files read (for checks of a lossless round trip)."""
        rc = self.roll_calls
        days = np.datetime_as_string(rc.date, unit="D")
        calls: list[list[str]] = [list(ROLL_CALL_COLUMNS)]
        for r in range(rc.count):
            important = "" if rc.important[r] < 0 else str(int(rc.important[r]))
            calls.append(
                [
                    str(int(rc.rcid[r])),
                    str(days[r]),
                    str(int(rc.session[r])),
                    rc.unres[r],
                    important,
                    *(str(int(x)) for x in rc.issues[r]),
                    rc.short[r],
                    rc.descr[r],
                ]
            )
        votes: list[list[str]] = [list(VOTE_COLUMNS)]
        for r, s in zip(*np.nonzero(self.matrix), strict=True):
            votes.append(
                [str(int(rc.rcid[r])), self.states[s], VOTE_LABELS[int(self.matrix[r, s])]]
            )
        return calls, votes


def _frozen(array: NDArray[Any]) -> NDArray[Any]:
    array.setflags(write=False)
    return array


def read_votes(roll_calls_csv: str, votes_csv: str, source: str) -> Votes:
    """Read the two CSVs (text, in the format of ``PROVENANCE.md``) into :class:`Votes`.

    Raises
    ------
    DataSourceError
        When a header, a vote label, an issue flag or a roll-call id is not as documented.
    """
    reader = csv.reader(io.StringIO(roll_calls_csv))
    header = tuple(next(reader, ()))
    if header != ROLL_CALL_COLUMNS:
        raise DataSourceError(
            N_("{source}: roll calls need the columns {columns}, got {header}"),
            value=source,
            params={
                "source": source,
                "columns": ",".join(ROLL_CALL_COLUMNS),
                "header": ",".join(header),
            },
        )
    rows = list(reader)
    n_issues = len(ISSUES)
    try:
        rcid = np.array([int(r[0]) for r in rows], dtype=np.int64)
        days = np.array([r[1] for r in rows], dtype="datetime64[D]")
        session = np.array([int(r[2]) for r in rows], dtype=np.int64)
        important = np.array([int(r[4]) if r[4] else -1 for r in rows], dtype=np.int64)
        flags = np.array([[int(x) for x in r[5 : 5 + n_issues]] for r in rows], dtype=np.int64)
    except (ValueError, IndexError) as e:
        raise DataSourceError(
            N_("{source}: unreadable roll call ({problem})"),
            value=source,
            params={"source": source, "problem": e},
        ) from e
    if flags.size and not np.isin(flags, (0, 1)).all():
        raise DataSourceError(
            N_("{source}: issue flags are 0 or 1"), value=source, params={"source": source}
        )
    if len(np.unique(rcid)) != len(rcid):
        raise DataSourceError(
            N_("{source}: a roll-call id occurs twice"), value=source, params={"source": source}
        )
    calls = RollCalls(
        rcid=_frozen(rcid),
        date=_frozen(days),
        session=_frozen(session),
        important=_frozen(important),
        issues=_frozen(flags.reshape(len(rows), n_issues).astype(np.bool_)),
        unres=tuple(r[3] for r in rows),
        short=tuple(r[5 + n_issues] for r in rows),
        descr=tuple(r[6 + n_issues] for r in rows),
    )
    header_line, _, body = votes_csv.partition("\n")
    if tuple(header_line.strip().split(",")) != VOTE_COLUMNS:
        raise DataSourceError(
            N_("{source}: votes need the columns {columns}, got {header}"),
            value=source,
            params={"source": source, "columns": ",".join(VOTE_COLUMNS), "header": header_line},
        )
    if '"' in body or "\r" in body:
        fields = [x for row in csv.reader(io.StringIO(body)) for x in row]
    else:
        # Quote-free rows (the shipped file): one split is several times faster than csv.
        fields = body.replace("\n", ",").split(",")
        if fields and fields[-1] == "":
            fields.pop()
    if len(fields) % len(VOTE_COLUMNS):
        raise DataSourceError(
            N_("{source}: every vote has three columns"), value=source, params={"source": source}
        )
    rcid_text, code_text, labels = fields[0::3], fields[1::3], fields[2::3]
    states = tuple(sorted(set(code_text)))
    state_index = {s: i for i, s in enumerate(states)}
    row_of = {int(x): i for i, x in enumerate(rcid)}
    try:
        r_idx = np.fromiter((row_of[int(x)] for x in rcid_text), np.int64, len(rcid_text))
        s_idx = np.fromiter(map(state_index.__getitem__, code_text), np.int64, len(code_text))
        vote_codes = np.fromiter(map(VOTE_CODES.__getitem__, labels), np.int8, len(labels))
    except (KeyError, ValueError) as e:
        raise DataSourceError(
            N_(
                "{source}: a vote names an unknown roll call or label ({problem}); labels are "
                "yes, abstain, no"
            ),
            value=source,
            params={"source": source, "problem": e},
        ) from e
    matrix = np.zeros((len(rows), len(states)), dtype=np.int8)
    matrix[r_idx, s_idx] = vote_codes
    if np.count_nonzero(matrix) != len(labels):
        raise DataSourceError(
            N_("{source}: a state votes twice on a roll call"),
            value=source,
            params={"source": source},
        )
    return Votes(calls, states, _frozen(matrix), source)


def _regular_session(day: np.datetime64) -> int:
    """The regular session in progress on ``day``: it opens in the middle of September (the
    rule holds for every regular-session vote of the DGACM extract, and Voeten codes
    A/RES/ES-10/19 of 21 December 2017 as session 72 in the same way)."""
    y, m, d = (int(x) for x in str(day).split("-"))
    return y - 1945 if (m, d) >= (9, 15) else y - 1946


def read_dgacm(resolutions_csv: str, votes_csv: str, source: str) -> Votes:
    """Read the DGACM extract's two CSVs (``unga-dgacm/PROVENANCE.md``) into :class:`Votes`.

    Each recorded vote becomes a roll call numbered from :data:`DGACM_RCID_BASE` in the
    file's (date) order, with ``unres`` the resolution's symbol and ``descr`` its title; an
    emergency special session's vote gets the regular session in progress as its session,
    as in Voeten's data. ``non_voting`` becomes :data:`ABSENT`. The source has no issue codes
    or important-vote flags.

    Raises
    ------
    DataSourceError
        When a header, a session, a date or a vote label is not as documented.
    """
    reader = csv.DictReader(io.StringIO(resolutions_csv))
    missing = [c for c in DGACM_COLUMNS if c not in (reader.fieldnames or ())]
    if missing:
        raise DataSourceError(
            N_("{source}: resolutions need the columns {columns}"),
            value=source,
            params={"source": source, "columns": ",".join(DGACM_COLUMNS)},
        )
    rows = list(reader)
    try:
        days = np.array([r["date"] for r in rows], dtype="datetime64[D]")
        session = np.array(
            [
                _regular_session(day) if r["session"].startswith("ES-") else int(r["session"])
                for r, day in zip(rows, days, strict=True)
            ],
            dtype=np.int64,
        )
    except ValueError as e:
        raise DataSourceError(
            N_("{source}: unreadable roll call ({problem})"),
            value=source,
            params={"source": source, "problem": e},
        ) from e
    row_of = {r["vote_id"]: i for i, r in enumerate(rows)}
    if len(row_of) != len(rows):
        raise DataSourceError(
            N_("{source}: a roll-call id occurs twice"), value=source, params={"source": source}
        )
    cast = list(csv.reader(io.StringIO(votes_csv)))
    if not cast or tuple(cast[0][:3]) != ("vote_id", "iso3", "vote"):
        raise DataSourceError(
            N_("{source}: votes need the columns {columns}, got {header}"),
            value=source,
            params={
                "source": source,
                "columns": "vote_id,iso3,vote",
                "header": ",".join(cast[0] if cast else []),
            },
        )
    states = tuple(sorted({r[1] for r in cast[1:]}))
    state_index = {s: i for i, s in enumerate(states)}
    matrix = np.zeros((len(rows), len(states)), dtype=np.int8)
    seen = np.zeros(matrix.shape, dtype=np.bool_)
    try:
        for vote_id, iso3, label, *_ in cast[1:]:
            r, s = row_of[vote_id], state_index[iso3]
            if seen[r, s]:
                raise DataSourceError(
                    N_("{source}: a state votes twice on a roll call"),
                    value=source,
                    params={"source": source},
                )
            seen[r, s] = True
            matrix[r, s] = DGACM_VOTES[label]
    except (KeyError, ValueError) as e:
        raise DataSourceError(
            N_(
                "{source}: a vote names an unknown roll call or label ({problem}); labels are "
                "yes, abstain, no, non_voting"
            ),
            value=source,
            params={"source": source, "problem": e},
        ) from e
    n = len(rows)
    calls = RollCalls(
        rcid=_frozen(np.arange(DGACM_RCID_BASE + 1, DGACM_RCID_BASE + 1 + n, dtype=np.int64)),
        date=_frozen(days),
        session=_frozen(session),
        important=_frozen(np.full(n, -1, dtype=np.int64)),
        issues=_frozen(np.zeros((n, len(ISSUES)), dtype=np.bool_)),
        unres=tuple(r["resolution"] for r in rows),
        short=tuple("" for _ in rows),
        descr=tuple(r["title"] for r in rows),
    )
    return Votes(calls, states, _frozen(matrix), source)


def join_votes(before: Votes, after: Votes) -> Votes:
    """``before``'s roll calls, then those of ``after`` dated later than ``before``'s last:
    unvotes to 14 January 2020, then DGACM from session 74's later votes on. A state found in
    only one of them is absent from the other's roll calls."""
    later = after.roll_calls.date > before.roll_calls.date.max()
    states = tuple(sorted({*before.states, *after.states}))
    index = {s: i for i, s in enumerate(states)}
    a, b = before.roll_calls, after.roll_calls
    matrix = np.zeros((a.count + int(later.sum()), len(states)), dtype=np.int8)
    matrix[: a.count, [index[s] for s in before.states]] = before.matrix
    matrix[a.count :, [index[s] for s in after.states]] = after.matrix[later]
    pick = np.nonzero(later)[0]
    calls = RollCalls(
        rcid=_frozen(np.concatenate([a.rcid, b.rcid[later]])),
        date=_frozen(np.concatenate([a.date, b.date[later]])),
        session=_frozen(np.concatenate([a.session, b.session[later]])),
        important=_frozen(np.concatenate([a.important, b.important[later]])),
        issues=_frozen(np.concatenate([a.issues, b.issues[later]])),
        unres=a.unres + tuple(b.unres[i] for i in pick),
        short=a.short + tuple(b.short[i] for i in pick),
        descr=a.descr + tuple(b.descr[i] for i in pick),
    )
    last = np.datetime_as_string(a.date.max(), unit="D")
    source = f"{before.source} to {last}; then {after.source}"
    return Votes(calls, states, _frozen(matrix), source)


def select_sessions(votes: Votes, first: int, last: int) -> Votes:
    """Only the roll calls of UN sessions ``first`` to ``last`` (both included)."""
    if first > last:
        raise InputError(
            N_("the period runs backwards: from {start} to {end}"),
            value=first,
            params={"start": first, "end": last},
        )
    keep = (votes.roll_calls.session >= first) & (votes.roll_calls.session <= last)
    rc = votes.roll_calls
    pick = np.nonzero(keep)[0]
    calls = RollCalls(
        rcid=_frozen(rc.rcid[keep]),
        date=_frozen(rc.date[keep]),
        session=_frozen(rc.session[keep]),
        important=_frozen(rc.important[keep]),
        issues=_frozen(rc.issues[keep]),
        unres=tuple(rc.unres[i] for i in pick),
        short=tuple(rc.short[i] for i in pick),
        descr=tuple(rc.descr[i] for i in pick),
    )
    source = f"{votes.source}, sessions {first}-{last}"
    return Votes(calls, votes.states, _frozen(votes.matrix[keep]), source)


def parse_sessions(text: str) -> tuple[int, int]:
    """``"75-80"`` or ``"74"`` as ``(first, last)``."""
    first, _, last = text.strip().partition("-")
    try:
        return int(first), int(last or first)
    except ValueError as e:
        raise InputError(
            N_("--sessions is a session or a range such as 75-80, got {text!r}"),
            value=text,
            params={"text": text},
        ) from e


def source_for_sessions(first: int, last: int) -> str:
    """The series that covers UN sessions ``first`` to ``last``: unvotes to session 74,
    DGACM from 75, else the two joined."""
    if first > JOIN_SESSION:
        return "dgacm"
    if last <= JOIN_SESSION:
        return "unvotes"
    return "joined"


def source_for(start: int | None, end: int | None) -> str:
    """The series that covers the years asked for: unvotes when they end by 2019 (or are not
    given), DGACM when they start in 2020 or later, else the two joined."""
    if start is not None and start >= 2020:
        return "dgacm"
    if end is None or end <= 2019:
        return "unvotes"
    return "joined"


def shipped_folder(name: str = "unga") -> Path:
    """``comity/data/unga/`` (or ``unga-asean``, ``unga-dgacm``): the gzip-compressed CSVs
    and their ``PROVENANCE.md``."""
    return Path(str(resources.files("comity").joinpath("data", name)))


def shipped_csv(name: str, folder: str = "unga") -> bytes:
    """The bytes of a shipped CSV (``votes.csv`` or ``roll_calls.csv``), decompressed."""
    return gzip.decompress((shipped_folder(folder) / f"{name}.gz").read_bytes())


def _checked(folder: str, digests: dict[str, str]) -> dict[str, str]:
    texts = {}
    for name, digest in digests.items():
        raw = shipped_csv(name, folder)
        if hashlib.sha256(raw).hexdigest() != digest:
            raise DataSourceError(
                N_(
                    "the shipped {name} does not match its sha256 in PROVENANCE.md; "
                    "reinstall comity"
                ),
                value=name,
                params={"name": f"{folder}/{name}"},
            )
        texts[name] = raw.decode("utf-8")
    return texts


@cache
def _load_shipped() -> Votes:
    texts = _checked("unga", SHIPPED_SHA256)
    asean = _checked("unga-asean", ASEAN_SHA256)["votes.csv"]
    # Same roll calls and columns; no state is in both, so the rows simply add up.
    body = asean.partition("\n")[2]
    return read_votes(
        texts["roll_calls.csv"],
        texts["votes.csv"] + body,
        "Voeten et al., UNGA votes via unvotes 7eb70343 (shipped with comity)",
    )


@cache
def _load_shipped_dgacm() -> Votes:
    texts = _checked("unga-dgacm", DGACM_SHA256)
    return read_dgacm(
        texts["resolutions.csv"],
        texts["votes.csv"],
        "UN DGACM, GA resolutions XML 42a69b67 (shipped with comity)",
    )


def _load_dgacm(folder: Path | None) -> Votes:
    if folder is not None:
        calls, votes = folder / "dgacm" / "resolutions.csv", folder / "dgacm" / "votes.csv"
        if calls.is_file() and votes.is_file():
            return read_dgacm(
                calls.read_text(encoding="utf-8"),
                votes.read_text(encoding="utf-8"),
                f"UN DGACM, GA resolutions XML fetched into {folder / 'dgacm'}",
            )
    return _load_shipped_dgacm()


def _load_unvotes(folder: Path | None) -> Votes:
    if folder is not None:
        calls, votes = folder / "roll_calls.csv", folder / "votes.csv"
        if calls.is_file() and votes.is_file():
            return read_votes(
                calls.read_text(encoding="utf-8"),
                votes.read_text(encoding="utf-8"),
                f"Voeten et al., UNGA votes fetched into {folder}",
            )
    return _load_shipped()


def load_votes(folder: Path | None = None, source: str = "unvotes") -> Votes:
    """The votes of ``source`` (:data:`SOURCES`): those fetched into ``folder`` (unvotes'
    ``roll_calls.csv`` and ``votes.csv`` as :func:`comity.lab.unga_fetch.save_fetched` writes
    them; DGACM's in ``folder/dgacm``), if there, else those shipped with comity.

    >>> load_votes(source="dgacm").roll_calls.count, load_votes(source="joined").roll_calls.count
    (737, 3137)
    """
    chosen = source.strip().lower()
    if chosen == "unvotes":
        return _load_unvotes(folder)
    if chosen == "dgacm":
        return _load_dgacm(folder)
    if chosen == "joined":
        return join_votes(_load_unvotes(folder), _load_dgacm(folder))
    raise InputError(
        N_("--source is one of {choices}, got {source!r}"),
        value=source,
        params={"choices": ", ".join(SOURCES), "source": source},
    )


def issue_mask(votes: Votes, issue: str | None) -> BoolArray:
    if issue is None:
        return np.ones(votes.roll_calls.count, dtype=np.bool_)
    code = issue.strip().lower()
    if code not in ISSUES:
        raise InputError(
            N_("unknown issue {issue!r}: use one of {codes} ({meanings})"),
            value=issue,
            params={
                "issue": issue,
                "codes": ", ".join(ISSUES),
                "meanings": "; ".join(f"{k}: {v}" for k, v in ISSUES.items()),
            },
        )
    result: BoolArray = votes.roll_calls.issues[:, list(ISSUES).index(code)]
    return result
