"""The members' real positions: UN General Assembly roll calls, and how often the SCO's members
could have taken a common position on them under each decision rule of the charter.

The data are Voeten's UN General Assembly roll-call votes (Voeten, Strezhnev & Bailey,
Harvard Dataverse hdl:1902.1/12379, as packaged by the R package ``unvotes``), restricted to
the SCO's members, observers and partners plus the USA and Germany, sessions 46 to 74
(August 1992 to January 2020). comity ships them in ``comity/data/unga/`` with their
``PROVENANCE.md``; :func:`load_votes` reads them into a roll-call x state matrix of vote codes

======  =========  ==============================================================
code    name       meaning
======  =========  ==============================================================
``1``   ``YES``    voted yes
``2``   ``ABSTAIN`` abstained
``3``   ``NO``     voted no
``0``   ``ABSENT`` no recorded vote: absent, or not (yet) a member of the UN
======  =========  ==============================================================

(Voeten's own codes, with his 8 "absent" and 9 "not a member" both ``0``: the source had already
dropped those rows.)

**Agreement.** For states ``a`` and ``b`` and the roll calls ``T_ab`` on which both have a
recorded vote, the agreement index is

.. math:: A_{ab} = \\frac{f_{ab} + h \\, g_{ab}}{|T_{ab}|}

where ``f`` counts identical votes and ``g`` the roll calls on which one abstained and the
other voted yes or no. With ``h = 0`` (``abstention="vote"``, the default) an abstention is a
vote of its own, as in the usual share of identical votes; with ``h = 1/2``
(``abstention="half"``) it is Lijphart's (1963) index of agreement.

**Feasibility of a common position.** Each roll call is read as a draft on which the
organisation seeks a common position; the members' UN votes are their positions on it, and
the charter's rules (:mod:`comity.charter.rules`) decide whether the position would be
adopted. Yes is support, no is objection; what an abstention and an absence are is explicit
and configurable (:class:`Treatment`):

* abstention ``"abstention"`` (default): an abstention blocks no consensus, is not in favour,
  and is outside the votes cast; ``"objection"``: an abstention counts as an objection.
* absence ``"absent"`` (default, the charter's own reading): an absent member blocks no
  consensus, is not in favour, is outside the votes cast but inside "all members";
  ``"not_member"``: an absent member is left out of the electorate of that roll call (its
  weight too); ``"skip"``: roll calls on which any member (of any composition compared) has no
  vote are left out.

With ``Y``, ``O``, ``B``, ``n`` the numbers in favour, objecting and abstaining and the size of
the electorate on a roll call, and ``w`` the weights, a rule adopts when

==========================  =====================================================
rule                        adopted when
==========================  =====================================================
consensus                   ``O = 0`` (no member objects; Charter Art. 16)
consensus_minus_one         ``O <= 1`` (the one objecting state is the state concerned)
unanimity                   ``Y = n`` (every member present and in favour)
simple_majority             ``Y > (Y + O) / 2`` (more than half the votes cast)
qualified_majority          ``Y >= 2n/3`` (two thirds of all members)
weighted_majority           ``w(Y) >= w(N)/2`` (half the members' total weight)
double_majority             ``Y >= n/2`` and ``w(Y) >= w(N)/2``
==========================  =====================================================

with the thresholds of the rule objects given (the defaults of :mod:`comity.charter.rules`),
read from each rule's quotas (:attr:`~comity.charter.rules.DecisionRule.quotas`, the data its
own ``evaluate`` reads); every comparison is done exactly in integers. So, on every roll call, unanimity implies
consensus implies consensus minus one, and a larger electorate never adopts by consensus what
a smaller one, inside it, rejects.

>>> votes = load_votes()
>>> votes.roll_calls.count, len(votes.states)
(2491, 29)
>>> result = feasibility(votes, ["CHN", "RUS"], start=2010, end=2019, rules=["consensus"])
>>> result.roll_calls, round(result.no_objection, 3)
(926, 0.824)

References
----------
Bailey, M. A., Strezhnev, A., & Voeten, E. (2017). Estimating dynamic state preferences from
    United Nations voting data. *Journal of Conflict Resolution* 61(2), 430-456.
Lijphart, A. (1963). The analysis of bloc voting in the General Assembly: a critique and a
    proposal. *American Political Science Review* 57(4), 902-917.
Voeten, E. (2013). Data and analyses of voting in the UN General Assembly. In B. Reinalda
    (ed.), *Routledge Handbook of International Organization*, 54-66. Routledge.
Voeten, E., Strezhnev, A., & Bailey, M. (2009). United Nations General Assembly voting data.
    Harvard Dataverse, hdl:1902.1/12379.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

import numpy as np
from numpy.typing import NDArray

from comity.errors import DataSourceError, InputError
from comity.i18n import N_

if TYPE_CHECKING:
    from comity.charter.rules import DecisionRule

__all__ = [
    "ABSENT",
    "ABSTAIN",
    "ENLARGEMENTS",
    "ISSUES",
    "NO",
    "RULE_NAMES",
    "YES",
    "Agreement",
    "Feasibility",
    "RollCalls",
    "Tally",
    "Treatment",
    "Votes",
    "agreement",
    "compositions",
    "enlargement_effect",
    "feasibility",
    "load_votes",
    "plot_agreement",
    "plot_enlargement",
    "population_weights",
    "read_votes",
    "what_if",
]

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

#: The charter's rules, in the order reports list them.
RULE_NAMES = (
    "consensus",
    "unanimity",
    "consensus_minus_one",
    "simple_majority",
    "qualified_majority",
    "weighted_majority",
    "double_majority",
)
WEIGHTED_RULES = ("weighted_majority", "double_majority")

#: The SCO's enlargements: the founding and each admission of new members (the dates of the
#: reference history, ``comity/charters/sco/history/04-membership.yaml``).
ENLARGEMENTS: tuple[date, ...] = (
    date(2001, 6, 15),
    date(2017, 6, 9),
    date(2023, 7, 4),
    date(2024, 7, 4),
)

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


# -- the data --------------------------------------------------------------------------------


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


# -- agreement -------------------------------------------------------------------------------


AgreementAbstention = Literal["vote", "half"]


@dataclass(frozen=True, eq=False)
class Agreement:
    """Pairwise agreement: ``agree[a, b] / both[a, b]`` is the agreement index of states
    ``a`` and ``b`` over the ``both[a, b]`` roll calls on which both have a recorded vote."""

    states: tuple[str, ...]
    agree: NDArray[np.float64]
    both: IntArray
    roll_calls: int
    abstention: AgreementAbstention

    @property
    def share(self) -> NDArray[np.float64]:
        """The agreement index; NaN for a pair that never voted on the same roll call."""
        with np.errstate(invalid="ignore", divide="ignore"):
            result: NDArray[np.float64] = np.where(
                self.both > 0, self.agree / np.maximum(self.both, 1), np.nan
            )
        return result

    def pair(self, a: str, b: str) -> tuple[float | None, int]:
        """``(index, count)`` for two states."""
        i, j = self.states.index(a), self.states.index(b)
        n = int(self.both[i, j])
        return (float(self.agree[i, j]) / n if n else None), n

    def to_json(self) -> dict[str, Any]:
        """``{"states", "roll_calls", "abstention", "share": {a: {b: x}}, "count": {...}}``."""
        share = self.share
        return {
            "states": list(self.states),
            "roll_calls": self.roll_calls,
            "abstention": self.abstention,
            "share": {
                a: {
                    b: None if math.isnan(share[i, j]) else round(float(share[i, j]), 6)
                    for j, b in enumerate(self.states)
                }
                for i, a in enumerate(self.states)
            },
            "count": {
                a: {b: int(self.both[i, j]) for j, b in enumerate(self.states)}
                for i, a in enumerate(self.states)
            },
        }


def agreement(
    votes: Votes,
    states: Sequence[str],
    *,
    start: int | None = None,
    end: int | None = None,
    issue: str | None = None,
    abstention: AgreementAbstention = "vote",
) -> Agreement:
    """Pairwise agreement of ``states`` over the roll calls of years ``start`` to ``end``.

    .. math:: A_{ab} = \\frac{f_{ab} + h \\, g_{ab}}{|T_{ab}|}, \\qquad
              f = \\sum_{k \\in \\{y, a, n\\}} V_k^\\top V_k, \\quad
              g = V_a^\\top (V_y + V_n) + (V_y + V_n)^\\top V_a

    with ``V_k`` the roll-call x state indicator matrix of vote ``k`` and ``h`` 0 (an
    abstention is a vote of its own) or 1/2 (Lijphart 1963). ``issue`` keeps only the roll
    calls flagged with that issue code (:data:`ISSUES`).

    >>> result = agreement(load_votes(), ["CHN", "RUS", "USA"], start=2010, end=2020)
    >>> share, count = result.pair("CHN", "RUS")
    >>> round(share, 3), count
    (0.754, 901)
    """
    if abstention not in ("vote", "half"):
        raise InputError(
            N_("abstention is 'vote' or 'half', got {abstention!r}"),
            value=abstention,
            params={"abstention": abstention},
        )
    columns = votes.columns(states)
    mask = votes.period(start, end) & _issue_mask(votes, issue)
    m = votes.matrix[np.ix_(mask, columns)]
    indicator = {k: (m == k).astype(np.float64) for k in (YES, ABSTAIN, NO)}
    present = (m != ABSENT).astype(np.float64)
    agree = sum(v.T @ v for v in indicator.values())
    if abstention == "half":
        decided = indicator[YES] + indicator[NO]
        agree = agree + 0.5 * (indicator[ABSTAIN].T @ decided + decided.T @ indicator[ABSTAIN])
    both = np.rint(present.T @ present).astype(np.int64)
    return Agreement(
        tuple(votes.states[c] for c in columns),
        np.asarray(agree, dtype=np.float64),
        both,
        int(mask.sum()),
        abstention,
    )


def _issue_mask(votes: Votes, issue: str | None) -> BoolArray:
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


# -- feasibility of a common position --------------------------------------------------------


AbstentionTreatment = Literal["abstention", "objection"]
AbsenceTreatment = Literal["absent", "not_member", "skip"]
ABSTENTION_TREATMENTS: tuple[AbstentionTreatment, ...] = ("abstention", "objection")
ABSENCE_TREATMENTS: tuple[AbsenceTreatment, ...] = ("absent", "not_member", "skip")


@dataclass(frozen=True)
class Treatment:
    """How an abstention and a missing vote enter a decision rule (see the module's text).

    >>> Treatment().describe()
    'abstention: abstention; absence: absent'
    >>> Treatment(absence="voting")
    Traceback (most recent call last):
    ...
    comity.errors.InputError: absence is one of absent, not_member, skip; got 'voting'
    """

    abstention: AbstentionTreatment = "abstention"
    absence: AbsenceTreatment = "absent"

    def __post_init__(self) -> None:
        if self.abstention not in ABSTENTION_TREATMENTS:
            raise InputError(
                N_("abstention is one of {treatments}; got {abstention!r}"),
                value=self.abstention,
                params={
                    "treatments": ", ".join(ABSTENTION_TREATMENTS),
                    "abstention": self.abstention,
                },
            )
        if self.absence not in ABSENCE_TREATMENTS:
            raise InputError(
                N_("absence is one of {treatments}; got {absence!r}"),
                value=self.absence,
                params={"treatments": ", ".join(ABSENCE_TREATMENTS), "absence": self.absence},
            )

    def describe(self) -> str:
        return f"abstention: {self.abstention}; absence: {self.absence}"

    def to_json(self) -> dict[str, str]:
        return {"abstention": self.abstention, "absence": self.absence}


@dataclass(frozen=True)
class Tally:
    """``adopted`` of ``total`` roll calls; ``share`` is None when there were none."""

    adopted: int
    total: int

    @property
    def share(self) -> float | None:
        return self.adopted / self.total if self.total else None

    def to_json(self) -> dict[str, Any]:
        share = self.share
        return {
            "adopted": self.adopted,
            "roll_calls": self.total,
            "share": None if share is None else round(share, 6),
        }


RuleLike: TypeAlias = "str | DecisionRule"


def _rule(spec: RuleLike, weights: Mapping[str, int | Fraction] | None) -> DecisionRule:
    # The charter's package loads its pydantic models; imported here, not at the top, so
    # that loading the votes and the agreement index stay quick to import.
    from comity.charter.rules import DecisionRule, rule_from_spec

    if isinstance(spec, DecisionRule):
        return spec
    if spec in WEIGHTED_RULES:
        if weights is None:
            raise InputError(
                N_(
                    "the {rule} rule needs weights: give them (e.g. population_weights(members, "
                    "year)) or leave the weighted rules out"
                ),
                value=spec,
                params={"rule": spec},
            )
        return rule_from_spec(spec, weights={s: Fraction(w) for s, w in weights.items()})
    return rule_from_spec(spec)


@dataclass(frozen=True, eq=False)
class Feasibility:
    """Which roll calls each rule would have adopted, for one set of members.

    ``outcomes[k, r]`` says whether rule ``rules[k]`` adopts a common position on the used
    roll call ``r`` (``index[r]`` in the data); consensus and unanimity are always among the
    rules, for :attr:`no_objection` and :attr:`all_yes`.
    """

    members: tuple[str, ...]
    start: int | None
    end: int | None
    treatment: Treatment
    rules: tuple[str, ...]
    outcomes: BoolArray
    index: IntArray
    years: IntArray
    issues: BoolArray
    weights: Mapping[str, int] | None = field(default=None)

    @property
    def roll_calls(self) -> int:
        """How many roll calls were used."""
        return len(self.index)

    def tally(self, rule: str, mask: BoolArray | None = None) -> Tally:
        row = self.outcomes[self.rules.index(rule)]
        if mask is not None:
            row = row[mask]
        return Tally(int(row.sum()), len(row))

    def share(self, rule: str) -> float | None:
        return self.tally(rule).share

    @property
    def no_objection(self) -> float | None:
        """Share of roll calls on which no member objected (consensus)."""
        return self.share("consensus")

    @property
    def all_yes(self) -> float | None:
        """Share of roll calls on which every member was present and in favour (unanimity)."""
        return self.share("unanimity")

    def by_rule(self) -> dict[str, Tally]:
        return {rule: self.tally(rule) for rule in self.rules}

    def by_issue(self) -> dict[str, dict[str, Tally]]:
        """Per issue code (:data:`ISSUES`); a roll call with several flags counts in each."""
        return {
            code: {rule: self.tally(rule, self.issues[:, k]) for rule in self.rules}
            for k, code in enumerate(ISSUES)
        }

    def by_year(self) -> dict[int, dict[str, Tally]]:
        return {
            int(y): {rule: self.tally(rule, self.years == y) for rule in self.rules}
            for y in np.unique(self.years)
        }

    def to_json(self, by: str | None = None) -> dict[str, Any]:
        """``{"members", "from", "to", "treatment", "roll_calls", "no_objection", "all_yes",
        "by_rule": {rule: {"adopted", "roll_calls", "share"}}}``, plus ``"by_issue"`` or
        ``"by_year"`` when asked."""
        data: dict[str, Any] = {
            "members": list(self.members),
            "from": self.start,
            "to": self.end,
            "treatment": self.treatment.to_json(),
            "roll_calls": self.roll_calls,
            "no_objection": _rounded(self.no_objection),
            "all_yes": _rounded(self.all_yes),
            "by_rule": {rule: t.to_json() for rule, t in self.by_rule().items()},
        }
        if self.weights is not None:
            data["weights"] = dict(self.weights)
        if by == "issue":
            data["by_issue"] = {
                code: {rule: t.to_json() for rule, t in tallies.items()}
                for code, tallies in self.by_issue().items()
            }
        elif by == "year":
            data["by_year"] = {
                str(year): {rule: t.to_json() for rule, t in tallies.items()}
                for year, tallies in self.by_year().items()
            }
        elif by is not None:
            raise InputError(
                N_("break down by 'issue' or 'year', got {by!r}"), value=by, params={"by": by}
            )
        return data


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


def _adopted(
    rule: DecisionRule,
    heads: Mapping[str, IntArray],
    weighed: Mapping[str, NDArray[Any]] | None,
) -> BoolArray:
    """The rule's verdict on every roll call at once, from its quotas, in exact integers.

    ``heads`` (and ``weighed``, the same summed by weight) give per roll call the members
    ``favour``, ``objecting``, ``abstaining`` and in the ``electorate``. For a rule with a
    state concerned (consensus minus one) the state concerned is taken to be an objecting
    member where there is one: its objection then blocks nothing, as in the Charter's Art. 16.
    """
    counts = dict(heads)
    if rule.needs_concerned:
        counts["objecting"] = counts["objecting"] - (counts["objecting"] > 0)
        counts["electorate"] = counts["electorate"] - 1
    result = np.ones(len(counts["electorate"]), dtype=np.bool_)
    for quota in rule.quotas:
        c = counts
        if quota.weighted:
            if weighed is None:
                raise InputError(
                    N_("the {rule} rule needs weights for the members"), params={"rule": rule.name}
                )
            c = dict(weighed)
        number = c["favour"] if quota.counts == "in_favour" else c["electorate"] - c["objecting"]
        if quota.base == "members":
            base = c["electorate"]
        elif quota.base == "cast":
            base = c["favour"] + c["objecting"]
        else:
            base = c["favour"] + c["objecting"] + c["abstaining"]
        result &= np.asarray(quota.met(number, base), dtype=np.bool_)
    return result


def _weighted_sum(present: BoolArray, weights: list[int]) -> NDArray[Any]:
    """Row sums of ``present`` weighted by exact integers (object arrays past int64's range)."""
    if sum(weights) * 1000 < 2**62:
        result: NDArray[Any] = present.astype(np.int64) @ np.asarray(weights, dtype=np.int64)
        return result
    return np.asarray(present.astype(object) @ np.asarray(weights, dtype=object))


def _used_roll_calls(
    votes: Votes,
    start: int | None,
    end: int | None,
    issue: str | None,
    treatment: Treatment,
    skip_states: Sequence[str],
) -> IntArray:
    mask = votes.period(start, end) & _issue_mask(votes, issue)
    if treatment.absence == "skip":
        mask &= (votes.matrix[:, votes.columns(skip_states)] != ABSENT).all(axis=1)
    return np.flatnonzero(mask)


def _evaluate(
    votes: Votes,
    members: Sequence[str],
    index: IntArray,
    *,
    start: int | None,
    end: int | None,
    rules: Sequence[RuleLike] | None,
    treatment: Treatment,
    weights: Mapping[str, int | Fraction] | None,
) -> Feasibility:
    from comity.charter.rules import Consensus, Unanimity, integer_weights

    members = tuple(dict.fromkeys(s.strip().upper() for s in members))
    if not members:
        raise InputError(N_("give at least one member state"), params={})
    if rules is None:
        rules = [r for r in RULE_NAMES if weights is not None or r not in WEIGHTED_RULES]
    built = [_rule(r, weights) for r in rules]
    names = [r.name for r in built]
    if len(set(names)) != len(names):
        raise InputError(N_("each rule once, please"), value=",".join(names), params={})
    for required in (Unanimity(), Consensus()):
        if required.name not in names:
            built.insert(0, required)
    order = {name: i for i, name in enumerate(RULE_NAMES)}
    built.sort(key=lambda r: order.get(r.name, len(order)))
    names = [r.name for r in built]
    m = votes.matrix[np.ix_(index, votes.columns(members))]
    favour_m = m == YES
    objecting_m = m == NO
    abstaining_m = m == ABSTAIN
    if treatment.abstention == "objection":
        objecting_m = objecting_m | abstaining_m
        abstaining_m = np.zeros_like(abstaining_m)
    in_electorate = (
        m != ABSENT if treatment.absence == "not_member" else np.ones_like(m, dtype=np.bool_)
    )
    heads = {
        "favour": favour_m.sum(axis=1),
        "objecting": objecting_m.sum(axis=1),
        "abstaining": abstaining_m.sum(axis=1),
        "electorate": in_electorate.sum(axis=1),
    }
    electorate = heads["electorate"]
    scaled: dict[str, int] | None = None
    verdicts = []
    for rule in built:
        weighed = None
        if any(q.weighted for q in rule.quotas):
            scaled = integer_weights(rule.name, rule.weights_for_quotas or {}, members)
            vector = [scaled[s] for s in members]
            weighed = {
                "favour": _weighted_sum(favour_m, vector),
                "objecting": _weighted_sum(objecting_m, vector),
                "abstaining": _weighted_sum(abstaining_m, vector),
                "electorate": _weighted_sum(in_electorate, vector),
            }
        verdicts.append(_adopted(rule, heads, weighed))
    outcomes = np.array(verdicts, dtype=np.bool_).reshape(len(built), len(index))
    # A roll call on which no member of the electorate remains (all absent, with absences
    # read as non-membership) offers nothing to decide, so it is not used.
    keep = electorate > 0
    return Feasibility(
        members=members,
        start=start,
        end=end,
        treatment=treatment,
        rules=tuple(names),
        outcomes=_frozen(outcomes[:, keep]),
        index=_frozen(index[keep]),
        years=_frozen(votes.roll_calls.year[index[keep]]),
        issues=_frozen(votes.roll_calls.issues[index[keep]]),
        weights=scaled,
    )


def feasibility(
    votes: Votes,
    members: Sequence[str],
    *,
    start: int | None = None,
    end: int | None = None,
    rules: Sequence[RuleLike] | None = None,
    treatment: Treatment | None = None,
    weights: Mapping[str, int | Fraction] | None = None,
    issue: str | None = None,
) -> Feasibility:
    """On how many roll calls of years ``start`` to ``end`` could ``members`` have adopted a
    common position, under each rule?

    Parameters
    ----------
    votes
        The data (:func:`load_votes`).
    members
        ISO3 codes of the members (e.g. from the record on a date).
    start, end
        First and last calendar year (both included); None for the whole data.
    rules
        Rule names of :data:`RULE_NAMES` or rule objects (e.g. a qualified majority with
        another threshold); consensus and unanimity are always added. Default: every rule
        of :data:`RULE_NAMES`, the weighted and double majority only when ``weights`` are
        given.
    treatment
        Abstentions and absences (:class:`Treatment`; default: the charter's reading).
    weights
        Integer or exact weights per member for the weighted and double majority rules (e.g.
        :func:`population_weights`); needed only when those rules are asked for.
    issue
        Only the roll calls with this issue code (:data:`ISSUES`).

    Returns
    -------
    Feasibility
        Outcomes per rule and roll call, with tallies by rule, issue and year.

    Examples
    --------
    >>> votes = load_votes()
    >>> founders = ["CHN", "KAZ", "KGZ", "RUS", "TJK", "UZB"]
    >>> result = feasibility(votes, founders, start=2010, end=2016,
    ...                      rules=["consensus", "qualified_majority"])
    >>> result.tally("consensus").total, round(result.no_objection, 3)
    (612, 0.84)
    """
    treatment = treatment or Treatment()
    index = _used_roll_calls(votes, start, end, issue, treatment, members)
    return _evaluate(
        votes,
        members,
        index,
        start=start,
        end=end,
        rules=rules,
        treatment=treatment,
        weights=weights,
    )


# -- enlargement -----------------------------------------------------------------------------


def compositions(
    members_on: Callable[[date], Iterable[str]], dates: Sequence[date] = ENLARGEMENTS
) -> dict[str, tuple[str, ...]]:
    """The members after each enlargement, labelled ``"<count> (<year>)"``.

    ``members_on`` gives the member states on a date; the CLI passes the record's, e.g.
    ``lambda day: record.state(day).members()``, so that ``comity.lab`` imports no database.

    >>> sco = {date(2001, 6, 15): ["CHN", "KAZ"], date(2017, 6, 9): ["CHN", "IND", "KAZ"]}
    >>> compositions(sco.__getitem__, sorted(sco))
    {'2 (2001)': ('CHN', 'KAZ'), '3 (2017)': ('CHN', 'IND', 'KAZ')}
    """
    found: dict[str, tuple[str, ...]] = {}
    for day in dates:
        members = tuple(sorted(set(members_on(day))))
        found[f"{len(members)} ({day.year})"] = members
    return found


def enlargement_effect(
    votes: Votes,
    compositions: Mapping[str, Sequence[str]],
    *,
    start: int | None = None,
    end: int | None = None,
    rules: Sequence[RuleLike] | None = None,
    treatment: Treatment | None = None,
    weights: Mapping[str, int | Fraction] | None = None,
    issue: str | None = None,
) -> dict[str, Feasibility]:
    """:func:`feasibility` for each composition, over the same roll calls.

    Every composition is judged on the same roll calls: with ``absence="skip"`` a roll call
    is left out when any state of any composition has no vote, with ``"not_member"`` when a
    composition has no member present; otherwise all roll calls of the period are used.

    >>> result = enlargement_effect(load_votes(), {
    ...     "6": ["CHN", "KAZ", "KGZ", "RUS", "TJK", "UZB"],
    ...     "8": ["CHN", "IND", "KAZ", "KGZ", "PAK", "RUS", "TJK", "UZB"]},
    ...     start=2010, end=2019, rules=["consensus"])
    >>> {k: round(v.no_objection, 3) for k, v in result.items()}
    {'6': 0.816, '8': 0.749}
    """
    treatment = treatment or Treatment()
    if not compositions:
        raise InputError(N_("give at least one composition of members"), params={})
    everyone = sorted({s for members in compositions.values() for s in members})
    index = _used_roll_calls(votes, start, end, issue, treatment, everyone)
    if treatment.absence == "not_member":
        # A roll call on which a composition has no member present is unused for all.
        for members in compositions.values():
            present = votes.matrix[np.ix_(index, votes.columns(members))] != ABSENT
            index = index[present.any(axis=1)]
    return {
        label: _evaluate(
            votes,
            members,
            index,
            start=start,
            end=end,
            rules=rules,
            treatment=treatment,
            weights=weights,
        )
        for label, members in compositions.items()
    }


def what_if(
    votes: Votes,
    members: Sequence[str],
    applicant: str,
    **options: Any,
) -> tuple[Feasibility, Feasibility]:
    """Feasibility ``(before, after)`` the admission of ``applicant``, on the same roll calls.

    ``options`` are those of :func:`enlargement_effect`.

    >>> before, after = what_if(load_votes(), ["CHN", "RUS"], "USA", start=2010, end=2019,
    ...                         rules=["consensus"])
    >>> round(before.no_objection, 3), round(after.no_objection, 3)
    (0.824, 0.316)
    """
    code = applicant.strip().upper()
    current = tuple(dict.fromkeys(s.strip().upper() for s in members))
    if code in current:
        raise InputError(
            N_("{code} is already among the members"), value=code, params={"code": code}
        )
    result = enlargement_effect(votes, {"before": current, "after": (*current, code)}, **options)
    return result["before"], result["after"]


def population_weights(
    states: Sequence[str], year: int, folder: Path | None = None
) -> dict[str, int]:
    """Each state's population in ``year`` (World Bank ``SP.POP.TOTL``, persons), as the
    weights of the weighted and double majority rules.

    Uses the extract shipped with comity (or one fetched into ``folder``); the nearest
    earlier year with a value stands in when ``year`` has none.
    """
    from comity.lab.worldbank import load_series

    series = load_series("population", folder)
    weights: dict[str, int] = {}
    for state in states:
        known = [y for (code, y) in series.values if code == state and y <= year]
        if not known:
            raise InputError(
                N_("no World Bank population for {state} up to {year}; give weights instead"),
                value=state,
                params={"state": state, "year": year},
            )
        value = series.value(state, max(known))
        weights[state] = round(value or 0)
    return weights


# -- plots -----------------------------------------------------------------------------------


def plot_agreement(result: Agreement, path: str | Path, *, title: str | None = None) -> Path:
    """Draw the agreement matrix as a heatmap (0 to 1), each cell labelled with its index;
    written in the format of the suffix of ``path`` (``.png`` or ``.svg``)."""
    from comity.lab._plotting import new_figure, save_figure

    n = len(result.states)
    size = max(4.0, 0.45 * n + 2.0)
    figure, target = new_figure(path, (size + 1.0, size))
    axes = figure.add_subplot()
    share = result.share
    image = axes.imshow(np.ma.masked_invalid(share), vmin=0.0, vmax=1.0, cmap="viridis")
    axes.set_xticks(range(n), result.states, rotation=90, fontsize=8)
    axes.set_yticks(range(n), result.states, fontsize=8)
    if n <= 16:
        for i in range(n):
            for j in range(n):
                if not math.isnan(share[i, j]):
                    colour = "black" if share[i, j] > 0.6 else "white"
                    axes.text(
                        j, i, f"{share[i, j]:.2f}", ha="center", va="center", fontsize=7, c=colour
                    )
    figure.colorbar(image, ax=axes, label="agreement index")
    axes.set_title(title or f"UN General Assembly agreement ({result.roll_calls} roll calls)")
    return save_figure(figure, target)


def plot_enlargement(
    results: Mapping[str, Feasibility],
    path: str | Path,
    *,
    rule: str = "consensus",
    title: str | None = None,
) -> Path:
    """Draw, for each composition, the share of roll calls adopted under ``rule`` year by
    year (in %), in the format of the suffix of ``path`` (``.png`` or ``.svg``)."""
    from comity.lab._plotting import new_figure, save_figure

    if not results:
        raise InputError(N_("nothing to plot: no composition given"), params={})
    figure, target = new_figure(path, (8.0, 4.5))
    axes = figure.add_subplot()
    for label, result in results.items():
        if rule not in result.rules:
            raise InputError(
                N_("the {rule} rule was not computed"), value=rule, params={"rule": rule}
            )
        by_year = result.by_year()
        years = sorted(by_year)
        shares = [by_year[y][rule].share for y in years]
        axes.plot(
            years,
            [100.0 * s if s is not None else np.nan for s in shares],
            marker="o",
            markersize=3,
            label=f"{label}: {' '.join(result.members)}" if len(result.members) <= 4 else label,
        )
    axes.set_xlabel("year")
    axes.set_ylabel(f"roll calls adopted under {rule} (%)")
    axes.set_ylim(0, 105)
    axes.set_title(title or f"UN General Assembly: could the SCO agree? ({rule})")
    axes.legend(loc="lower left", fontsize=8)
    return save_figure(figure, target)
