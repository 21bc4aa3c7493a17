"""Could the members have taken a common position on the UN General Assembly's roll calls,
under each decision rule of the charter? Feasibility for one composition, for several
(enlargement) and before and after an admission, and its plot. The rules' thresholds come from
the rules themselves (:attr:`~comity.charter.rules.DecisionRule.quotas`); see
:mod:`comity.lab.positions` for the treatments of abstentions and absences.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

import numpy as np
from numpy.typing import NDArray

from comity.errors import InputError
from comity.i18n import N_
from comity.lab.votes import (
    ABSENT,
    ABSTAIN,
    ISSUES,
    NO,
    YES,
    BoolArray,
    IntArray,
    Votes,
    _frozen,
    issue_mask,
    load_votes,
)

if TYPE_CHECKING:
    from comity.charter.rules import DecisionRule
    from comity.events import Event

__all__ = [
    "ABSENCE_TREATMENTS",
    "ABSTENTION_TREATMENTS",
    "RULE_NAMES",
    "Feasibility",
    "Tally",
    "Treatment",
    "compositions",
    "enlargement_days",
    "enlargement_effect",
    "feasibility",
    "load_votes",
    "plot_enlargement",
    "population_weights",
    "what_if",
]

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
    mask = votes.period(start, end) & issue_mask(votes, issue)
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


def enlargement_days(events: Iterable[Event]) -> tuple[date, ...]:
    """The founding day and each later day on which states were admitted as members: the
    days of the record's ``StateAdmitted`` events (e.g.
    ``record.current_events(types=["StateAdmitted"])``), each once, in order.

    >>> from comity.reference import load_history
    >>> [day.isoformat() for day in enlargement_days(load_history())]
    ['2001-06-15', '2017-06-09', '2023-07-04', '2024-07-04']
    """
    return tuple(sorted({e.valid_from for e in events if e.type == "StateAdmitted"}))


def compositions(
    members_on: Callable[[date], Iterable[str]], dates: Sequence[date] | None = None
) -> dict[str, tuple[str, ...]]:
    """The members after each enlargement, labelled ``"<count> (<year>)"``.

    ``members_on`` gives the member states on a date; the CLI passes the record's, e.g.
    ``lambda day: record.state(day).members()``, so that ``comity.lab`` imports no database.
    ``dates`` are the enlargements' days, by default those of the reference history shipped
    with comity (:func:`enlargement_days`; the CLI and the web pass the record's own).

    >>> sco = {date(2001, 6, 15): ["CHN", "KAZ"], date(2017, 6, 9): ["CHN", "IND", "KAZ"]}
    >>> compositions(sco.__getitem__, sorted(sco))
    {'2 (2001)': ('CHN', 'KAZ'), '3 (2017)': ('CHN', 'IND', 'KAZ')}
    """
    if dates is None:
        from comity.reference import load_history

        dates = enlargement_days(load_history())
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
