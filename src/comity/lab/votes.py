"""UN General Assembly roll calls as a roll-call x state matrix of vote codes: the data model
of the lab's UN-votes analyses (:mod:`comity.lab.agreement`, :mod:`comity.lab.feasibility`).

The data are Voeten's UN General Assembly roll-call votes (Voeten, Strezhnev & Bailey,
Harvard Dataverse hdl:1902.1/12379, as packaged by the R package ``unvotes``); comity ships
them in ``comity/data/unga/`` with their ``PROVENANCE.md``. See :mod:`comity.lab.positions`
for the vote codes and the references.
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


def shipped_folder() -> Path:
    """``comity/data/unga/``: the gzip-compressed CSVs and their ``PROVENANCE.md``."""
    return Path(str(resources.files("comity").joinpath("data", "unga")))


def shipped_csv(name: str) -> bytes:
    """The bytes of a shipped CSV (``votes.csv`` or ``roll_calls.csv``), decompressed."""
    return gzip.decompress((shipped_folder() / f"{name}.gz").read_bytes())


@cache
def _load_shipped() -> Votes:
    texts = {}
    for name, digest in SHIPPED_SHA256.items():
        raw = shipped_csv(name)
        if hashlib.sha256(raw).hexdigest() != digest:
            raise DataSourceError(
                N_(
                    "the shipped {name} does not match its sha256 in PROVENANCE.md; "
                    "reinstall comity"
                ),
                value=name,
                params={"name": name},
            )
        texts[name] = raw.decode("utf-8")
    return read_votes(
        texts["roll_calls.csv"],
        texts["votes.csv"],
        "Voeten et al., UNGA votes via unvotes 7eb70343 (shipped with comity)",
    )


def load_votes(folder: Path | None = None) -> Votes:
    """The votes fetched into ``folder`` (``roll_calls.csv`` and ``votes.csv``, as written by
    :func:`comity.lab.unga_fetch.save_fetched`), if there, else those shipped with comity."""
    if folder is not None:
        calls, votes = folder / "roll_calls.csv", folder / "votes.csv"
        if calls.is_file() and votes.is_file():
            return read_votes(
                calls.read_text(encoding="utf-8"),
                votes.read_text(encoding="utf-8"),
                f"Voeten et al., UNGA votes fetched into {folder}",
            )
    return _load_shipped()


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
