"""Decision rules: how a body's members' positions become a decision.

Each rule is a small immutable class with one method, ``evaluate(eligible, positions)``,
returning an :class:`Outcome` that says whether the decision is adopted and why. A member
state whose position is not given is counted as absent.

The SCO Charter (St Petersburg, 7 June 2002), Article 16: bodies decide "by agreement without
vote", a decision being adopted "if no member State has raised objections during the voting
(consensus), except for the decisions on suspension of membership or expulsion from the
Organisation that shall be taken by 'consensus minus one vote of the member State concerned'";
a member's viewpoint on aspects of a decision "shall not be an obstacle to taking the decision
as a whole" and is put on record in the minutes. Hence a *reservation* here is a position that
supports the decision as a whole and is recorded; only an *objection* blocks a consensus.

>>> members = ["CHN", "IND", "RUS"]
>>> Consensus().evaluate(members, {"IND": Position.RESERVATION}).adopted
True
>>> Consensus().evaluate(members, {"IND": Position.OBJECTION}).reason
'not adopted: objection by IND'
>>> ConsensusMinusOne().evaluate(members, {"IND": Position.OBJECTION}, concerned="IND").adopted
True
"""

from __future__ import annotations

import math
import re
from abc import ABC, abstractmethod
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction
from typing import Any, ClassVar, Literal

from comity.errors import (
    InputError,
    MalformedPositionsError,
    NotEligibleError,
    UnknownRuleError,
)
from comity.i18n import N_
from comity.i18n import Phrase as Phrase
from comity.i18n import Phrases as Phrases
from comity.states import parse_state

#: The name of each decision rule for people (the catalogues translate them).
RULE_TITLES: dict[str, str] = {
    "consensus": N_("consensus"),
    "consensus_minus_one": N_("consensus minus one"),
    "unanimity": N_("unanimity"),
    "simple_majority": N_("simple majority"),
    "qualified_majority": N_("qualified majority"),
    "weighted_majority": N_("weighted majority"),
    "double_majority": N_("double majority"),
}


class Position(StrEnum):
    """What a delegation says on a draft decision.

    >>> Position.parse("yes"), Position.parse("OBJECT"), Position.parse("reserve")
    (<Position.SUPPORT: 'support'>, <Position.OBJECTION: 'objection'>, \
<Position.RESERVATION: 'reservation'>)
    """

    SUPPORT = "support"
    OBJECTION = "objection"
    RESERVATION = "reservation"  # supports the whole, with a viewpoint put on record
    ABSTENTION = "abstention"
    ABSENCE = "absence"

    @classmethod
    def parse(cls, word: str) -> Position:
        normal = word.strip().lower()
        found = _POSITION_WORDS.get(normal)
        if found is None:
            raise MalformedPositionsError(
                N_("unknown position {word!r}: use one of {words}"),
                value=word,
                params={"word": word.strip(), "words": ", ".join(sorted(_POSITION_WORDS))},
            )
        return found

    @property
    def is_in_favour(self) -> bool:
        """Support and reservation both accept the decision as a whole."""
        return self in (Position.SUPPORT, Position.RESERVATION)


_POSITION_WORDS: dict[str, Position] = {
    "yes": Position.SUPPORT,
    "support": Position.SUPPORT,
    "no": Position.OBJECTION,
    "object": Position.OBJECTION,
    "objection": Position.OBJECTION,
    "reserve": Position.RESERVATION,
    "reservation": Position.RESERVATION,
    "abstain": Position.ABSTENTION,
    "abstention": Position.ABSTENTION,
    "absent": Position.ABSENCE,
    "absence": Position.ABSENCE,
}

#: Positions as people name them (the catalogues translate them).
POSITION_TITLES: dict[Position, str] = {
    Position.SUPPORT: N_("support"),
    Position.OBJECTION: N_("objection"),
    Position.RESERVATION: N_("reservation"),
    Position.ABSTENTION: N_("abstention"),
    Position.ABSENCE: N_("absence"),
}


def parse_positions(text: str) -> dict[str, Position]:
    """Read ``"CHN=yes,IND=object"`` into a mapping of ISO3 codes to positions.

    >>> parse_positions("chn=yes, IND=reserve")
    {'CHN': <Position.SUPPORT: 'support'>, 'IND': <Position.RESERVATION: 'reservation'>}
    >>> parse_positions("CHN")
    Traceback (most recent call last):
    ...
    comity.errors.MalformedPositionsError: malformed position 'CHN': write ISO3=position, \
e.g. CHN=yes,IND=object
    """
    positions: dict[str, Position] = {}
    if not text.strip():
        return positions
    for part in text.split(","):
        state, sep, word = part.partition("=")
        if not sep or not state.strip() or not word.strip():
            raise MalformedPositionsError(
                N_("malformed position {part!r}: write ISO3=position, e.g. CHN=yes,IND=object"),
                value=part.strip(),
                params={"part": part.strip()},
            )
        code = parse_state(state)
        if code in positions:
            raise MalformedPositionsError(
                N_("{code} is given two positions; give each state once"),
                value=code,
                params={"code": code},
            )
        positions[code] = Position.parse(word)
    return positions


@dataclass(frozen=True)
class Outcome:
    """The result of applying a decision rule, with everything needed to explain it."""

    adopted: bool
    rule: str
    eligible: tuple[str, ...]
    counted: tuple[str, ...]
    positions: Mapping[str, Position]
    reason: str
    concerned: str | None = None
    threshold: str | None = None
    #: ``reason`` as a translatable phrase (``reason`` is its English text).
    explanation: Phrase | None = field(default=None, compare=False)

    def explain(self, lang: str | None = None) -> str:
        """The reason in ``lang`` (default: the active language)."""
        return self.explanation.render(lang) if self.explanation else self.reason

    def _with(self, position: Position) -> tuple[str, ...]:
        return tuple(s for s in self.counted if self.positions[s] is position)

    @property
    def supporters(self) -> tuple[str, ...]:
        return self._with(Position.SUPPORT)

    @property
    def objections(self) -> tuple[str, ...]:
        return self._with(Position.OBJECTION)

    @property
    def reservations(self) -> tuple[str, ...]:
        return self._with(Position.RESERVATION)

    @property
    def abstentions(self) -> tuple[str, ...]:
        return self._with(Position.ABSTENTION)

    @property
    def absences(self) -> tuple[str, ...]:
        return self._with(Position.ABSENCE)

    def counts(self) -> dict[str, int]:
        return {p.value: len(self._with(p)) for p in Position}

    def to_json(self, lang: str | None = None) -> dict[str, Any]:
        """The outcome as JSON-ready data; ``reason`` in ``lang`` if given, else English."""
        return {
            "adopted": self.adopted,
            "rule": self.rule,
            "eligible": list(self.eligible),
            "counted": list(self.counted),
            "concerned": self.concerned,
            "supporters": list(self.supporters),
            "objections": list(self.objections),
            "reservations": list(self.reservations),
            "abstentions": list(self.abstentions),
            "absences": list(self.absences),
            "counts": self.counts(),
            "threshold": self.threshold,
            "reason": self.explain(lang) if lang else self.reason,
        }


def _listed(states: Collection[str]) -> str:
    return ", ".join(states)


Counted = Literal["in_favour", "not_objecting"]
Base = Literal["cast", "present", "members"]


@dataclass(frozen=True)
class Quota:
    """One condition of a rule, as data: what is counted must reach ``share`` of the base.

    ``counts`` is the members in favour (support and reservation) or those not objecting;
    ``base`` the votes cast (in favour + objections), those present (cast + abstentions) or all
    counted members; ``weighted`` counts the members' weights instead of heads. The condition
    is met when ``counted * q > p * base`` (``strict``) or ``counted * q >= p * base``, with
    ``share = p / q``, in exact integers; a base of votes cast or present, or of weight, must
    not be empty. A rule adopts when all its quotas are met. The same data serve
    :meth:`DecisionRule.evaluate`, the roll-call check of :mod:`comity.lab.feasibility` and the
    simple games of :mod:`comity.lab.games`, so the three cannot drift apart.

    >>> half = Fraction(1, 2)
    >>> Quota(half, "cast", strict=True).met(2, 4), Quota(half, "cast").met(2, 4)
    (False, True)
    """

    share: Fraction
    base: Base = "members"
    strict: bool = False
    weighted: bool = False
    counts: Counted = "in_favour"

    def met(self, counted: Any, base: Any) -> Any:
        """Whether ``counted`` reaches the quota of ``base``: plain integers or numpy arrays
        of them (then an array of booleans)."""
        p, q = self.share.numerator, self.share.denominator
        reached = counted * q > p * base if self.strict else counted * q >= p * base
        if self.base == "members" and not self.weighted:
            # Every counted member is in the base: it is empty only when nobody is counted,
            # and then nothing is needed either.
            return reached
        return (base > 0) & reached

    def tally(
        self,
        counted: tuple[str, ...],
        positions: Mapping[str, Position],
        weights: Mapping[str, Fraction] | None = None,
    ) -> tuple[Fraction, Fraction]:
        """``(counted, base)`` for the positions of the ``counted`` members."""

        def size(states: Collection[str]) -> Fraction:
            if weights is None:
                return Fraction(len(states))
            return sum((weights[s] for s in states), Fraction(0))

        favour = [s for s in counted if positions[s].is_in_favour]
        objecting = [s for s in counted if positions[s] is Position.OBJECTION]
        abstaining = [s for s in counted if positions[s] is Position.ABSTENTION]
        # Those not objecting: in favour, abstaining or absent.
        number = size(favour) if self.counts == "in_favour" else size(counted) - size(objecting)
        if self.base == "members":
            base = size(counted)
        elif self.base == "cast":
            base = size(favour) + size(objecting)
        else:
            base = size(favour) + size(objecting) + size(abstaining)
        return number, base


class DecisionRule(ABC):
    """A way of turning positions into a decision. Subclasses implement :meth:`_decide`."""

    name: ClassVar[str]
    #: Rules that take one state out of the count (consensus minus one) need it named.
    needs_concerned: ClassVar[bool] = False

    def evaluate(
        self,
        eligible: Collection[str],
        positions: Mapping[str, Position],
        *,
        concerned: str | None = None,
    ) -> Outcome:
        """Decide on ``positions`` of the ``eligible`` member states.

        A position from a state that is not eligible is refused (an observer cannot block a
        consensus); an eligible state with no position given is absent.
        """
        eligible_sorted = tuple(sorted(set(eligible)))
        outsiders = sorted(set(positions) - set(eligible_sorted))
        if outsiders:
            raise NotEligibleError(
                N_("{outsiders} may not take part in this decision; eligible: {eligible}"),
                value=outsiders[0],
                params={
                    "outsiders": _listed(outsiders),
                    "eligible": _listed(eligible_sorted) or "—",
                },
            )
        counted = self.counted(eligible_sorted, concerned)
        if not counted:
            raise InputError(N_("no member state is eligible to take this decision"), params={})
        full = {s: positions.get(s, Position.ABSENCE) for s in eligible_sorted}
        adopted, reason, threshold = self._decide(counted, full)
        return Outcome(
            adopted=adopted,
            rule=self.name,
            eligible=eligible_sorted,
            counted=counted,
            positions=full,
            reason=str(reason),
            concerned=concerned,
            threshold=threshold,
            explanation=reason,
        )

    def counted(self, eligible: Collection[str], concerned: str | None) -> tuple[str, ...]:
        """The eligible states whose positions count: all but the state concerned, which
        only the rules that need one (:attr:`needs_concerned`) take and then must name."""
        if self.needs_concerned:
            if concerned is None:
                raise InputError(
                    N_("the {rule} rule needs the state concerned (--concerned ISO3)"),
                    params={"rule": self.name},
                )
            if concerned not in eligible:
                raise NotEligibleError(
                    N_("the state concerned, {state}, is not among the eligible states"),
                    value=concerned,
                    params={"state": concerned},
                )
        elif concerned is not None:
            raise InputError(
                N_(
                    "the {rule} rule counts every member; a state concerned is used only "
                    "with consensus_minus_one"
                ),
                value=concerned,
                params={"rule": self.name},
            )
        return tuple(s for s in eligible if s != concerned)

    @property
    @abstractmethod
    def quotas(self) -> tuple[Quota, ...]:
        """The rule's threshold as data: it adopts when every quota is met."""

    @property
    def weights_for_quotas(self) -> Mapping[str, Fraction] | None:
        """The weights the weighted quotas count (None for a rule that counts heads only)."""
        return None

    def meets(
        self, counted: tuple[str, ...], positions: Mapping[str, Position]
    ) -> tuple[bool, ...]:
        """Whether each quota is met by the positions of the ``counted`` members."""
        weights = self.weights_for_quotas
        if weights is not None and any(q.weighted for q in self.quotas):
            weights = _weights_for(self.name, weights, counted)
        return tuple(
            bool(q.met(*q.tally(counted, positions, weights if q.weighted else None)))
            for q in self.quotas
        )

    @abstractmethod
    def _decide(
        self, counted: tuple[str, ...], positions: Mapping[str, Position]
    ) -> tuple[bool, Phrase, str | None]:
        """Return (adopted, reason, threshold description) for the counted states."""

    def spec(self) -> dict[str, Any]:
        """The rule as charter data (the inverse of :func:`rule_from_spec`)."""
        return {"rule": self.name}


def _adopted(
    plain: str,
    with_reservations: str,
    counted: tuple[str, ...],
    positions: Mapping[str, Position],
    **params: Any,
) -> Phrase:
    """The reason of an adoption, naming the reservations put on record if there are any."""
    reserved = [s for s in counted if positions[s] is Position.RESERVATION]
    if reserved:
        return Phrase(with_reservations, {**params, "reserved": _listed(reserved)})
    return Phrase(plain, params)


@dataclass(frozen=True)
class Consensus(DecisionRule):
    """Adopted unless a counted member state objects (Charter Art. 16)."""

    name: ClassVar[str] = "consensus"

    @property
    def quotas(self) -> tuple[Quota, ...]:
        # Every counted member not objecting: abstaining and absent members do not block.
        return (Quota(Fraction(1), "members", counts="not_objecting"),)

    def _decide(
        self, counted: tuple[str, ...], positions: Mapping[str, Position]
    ) -> tuple[bool, Phrase, str | None]:
        objecting = [s for s in counted if positions[s] is Position.OBJECTION]
        if not all(self.meets(counted, positions)):
            reason = Phrase(
                N_("not adopted: objection by {states}"), {"states": _listed(objecting)}
            )
            return False, reason, "no objection"
        return (
            True,
            _adopted(
                N_("adopted: no member state objected"),
                N_("adopted: no member state objected; reservations by {reserved} put on record"),
                counted,
                positions,
            ),
            "no objection",
        )


@dataclass(frozen=True)
class ConsensusMinusOne(Consensus):
    """Consensus of all members but the state concerned (suspension, expulsion; Art. 16)."""

    name: ClassVar[str] = "consensus_minus_one"
    needs_concerned: ClassVar[bool] = True


@dataclass(frozen=True)
class Unanimity(DecisionRule):
    """Adopted only if every counted member state is present and in favour."""

    name: ClassVar[str] = "unanimity"

    @property
    def quotas(self) -> tuple[Quota, ...]:
        return (Quota(Fraction(1), "members"),)

    def _decide(
        self, counted: tuple[str, ...], positions: Mapping[str, Position]
    ) -> tuple[bool, Phrase, str | None]:
        missing = [s for s in counted if not positions[s].is_in_favour]
        if not all(self.meets(counted, positions)):
            detail = Phrases(
                tuple(
                    Phrase(
                        N_("{position}: {states}"),
                        {
                            "position": Phrase(POSITION_TITLES[p]),
                            "states": _listed([s for s in missing if positions[s] is p]),
                        },
                    )
                    for p in Position
                    if any(positions[s] is p for s in missing)
                )
            )
            reason = Phrase(N_("not adopted: not all in favour ({detail})"), {"detail": detail})
            return False, reason, "all in favour"
        return (
            True,
            _adopted(
                N_("adopted: all member states in favour"),
                N_(
                    "adopted: all member states in favour; reservations by {reserved} put on record"
                ),
                counted,
                positions,
            ),
            "all in favour",
        )


@dataclass(frozen=True)
class Majority(DecisionRule):
    """In favour must reach ``threshold`` of the base (strictly exceed it when ``strict``).

    The base is the votes cast (in favour + objections), those present (cast + abstentions),
    or all counted members. Reservations count in favour.

    >>> Majority(Fraction(1, 2), "cast", strict=True).evaluate(
    ...     ["A", "B", "C"], {"A": Position.SUPPORT, "B": Position.OBJECTION}).adopted
    False
    """

    threshold: Fraction = Fraction(1, 2)
    base: Base = "cast"
    strict: bool = True
    name: ClassVar[str] = "majority"

    def __post_init__(self) -> None:
        if not 0 <= self.threshold <= 1:
            raise InputError(
                N_("a majority threshold is between 0 and 1, got {threshold}"),
                params={"threshold": str(self.threshold)},
            )

    @property
    def quotas(self) -> tuple[Quota, ...]:
        return (Quota(self.threshold, self.base, self.strict),)

    def _describe(self) -> Phrase:
        templates = {
            (True, "cast"): N_("more than {threshold} of cast"),
            (True, "present"): N_("more than {threshold} of present"),
            (True, "members"): N_("more than {threshold} of all members"),
            (False, "cast"): N_("at least {threshold} of cast"),
            (False, "present"): N_("at least {threshold} of present"),
            (False, "members"): N_("at least {threshold} of all members"),
        }
        return Phrase(templates[self.strict, self.base], {"threshold": str(self.threshold)})

    def _decide(
        self, counted: tuple[str, ...], positions: Mapping[str, Position]
    ) -> tuple[bool, Phrase, str | None]:
        (quota,) = self.quotas
        number, size = quota.tally(counted, positions)
        in_favour, base = int(number), int(size)
        (met,) = self.meets(counted, positions)
        params = {"in_favour": in_favour, "base": base, "rule": self._describe()}
        if met:
            reason = _adopted(
                N_("adopted: {in_favour} in favour of {base} ({rule})"),
                N_(
                    "adopted: {in_favour} in favour of {base} ({rule}); reservations by "
                    "{reserved} put on record"
                ),
                counted,
                positions,
                **params,
            )
        else:
            reason = Phrase(N_("not adopted: {in_favour} in favour of {base} ({rule})"), params)
        return met, reason, str(self._describe())

    def spec(self) -> dict[str, Any]:
        return {
            "rule": self.name,
            "threshold": str(self.threshold),
            "base": self.base,
            "strict": self.strict,
        }


@dataclass(frozen=True)
class SimpleMajority(Majority):
    """More than half of the votes cast."""

    threshold: Fraction = Fraction(1, 2)
    base: Base = "cast"
    strict: bool = True
    name: ClassVar[str] = "simple_majority"


@dataclass(frozen=True)
class QualifiedMajority(Majority):
    """At least ``threshold`` (two thirds by default) of all counted members."""

    threshold: Fraction = Fraction(2, 3)
    base: Base = "members"
    strict: bool = False
    name: ClassVar[str] = "qualified_majority"


def _weights_for(
    rule: str, weights: Mapping[str, Fraction], counted: tuple[str, ...]
) -> dict[str, Fraction]:
    missing = [s for s in counted if s not in weights]
    if missing:
        raise InputError(
            N_(
                "the {rule} rule has no weight for {states}; give a weight for every eligible state"
            ),
            value=missing[0],
            params={"rule": rule, "states": _listed(missing)},
        )
    return {s: weights[s] for s in counted}


def integer_weights(
    rule: str, weights: Mapping[str, int | Fraction], states: Collection[str]
) -> dict[str, int]:
    """The weights of ``states`` scaled by their denominators' lcm to integers with the same
    ratios, so that the quotas of a weighted rule can be checked in integers.

    >>> integer_weights("weighted_majority", {"A": Fraction(1, 2), "B": Fraction(1, 3)}, "AB")
    {'A': 3, 'B': 2}
    """
    exact = _weights_for(rule, {s: Fraction(w) for s, w in weights.items()}, tuple(states))
    if any(w < 0 for w in exact.values()):
        raise InputError(
            N_("weights are non-negative numbers"), value=str(min(exact.values())), params={}
        )
    scale = math.lcm(*(w.denominator for w in exact.values()))
    return {s: int(w * scale) for s, w in exact.items()}


@dataclass(frozen=True)
class WeightedMajority(DecisionRule):
    """The weight in favour must reach ``threshold`` of the counted members' total weight.

    >>> rule = WeightedMajority({"A": Fraction(3), "B": Fraction(1), "C": Fraction(1)},
    ...                         Fraction(3, 5))
    >>> rule.evaluate(["A", "B", "C"], {"A": Position.SUPPORT}).adopted
    True
    """

    weights: Mapping[str, Fraction] = field(default_factory=dict)
    threshold: Fraction = Fraction(1, 2)
    name: ClassVar[str] = "weighted_majority"

    @property
    def quotas(self) -> tuple[Quota, ...]:
        return (Quota(self.threshold, "members", weighted=True),)

    @property
    def weights_for_quotas(self) -> Mapping[str, Fraction]:
        return self.weights

    def _decide(
        self, counted: tuple[str, ...], positions: Mapping[str, Position]
    ) -> tuple[bool, Phrase, str | None]:
        weights = _weights_for(self.name, self.weights, counted)
        (quota,) = self.quotas
        in_favour, total = quota.tally(counted, positions, weights)
        (met,) = self.meets(counted, positions)
        share = in_favour / total if total else Fraction(0)
        params = {"share": f"{float(share):.1%}", "needed": f"{float(self.threshold):.1%}"}
        if met:
            reason = _adopted(
                N_("adopted: weight in favour {share} of the total (at least {needed} needed)"),
                N_(
                    "adopted: weight in favour {share} of the total (at least {needed} needed); "
                    "reservations by {reserved} put on record"
                ),
                counted,
                positions,
                **params,
            )
        else:
            reason = Phrase(
                N_("not adopted: weight in favour {share} of the total (at least {needed} needed)"),
                params,
            )
        return met, reason, f"at least {self.threshold} of the weight"

    def spec(self) -> dict[str, Any]:
        return {
            "rule": self.name,
            "threshold": str(self.threshold),
            "weights": {s: str(w) for s, w in self.weights.items()},
        }


@dataclass(frozen=True)
class DoubleMajority(DecisionRule):
    """Both a share of the members and a share of the weight (e.g. population) in favour."""

    weights: Mapping[str, Fraction] = field(default_factory=dict)
    member_threshold: Fraction = Fraction(1, 2)
    weight_threshold: Fraction = Fraction(1, 2)
    name: ClassVar[str] = "double_majority"

    @property
    def quotas(self) -> tuple[Quota, ...]:
        return (
            Quota(self.member_threshold, "members"),
            Quota(self.weight_threshold, "members", weighted=True),
        )

    @property
    def weights_for_quotas(self) -> Mapping[str, Fraction]:
        return self.weights

    def _decide(
        self, counted: tuple[str, ...], positions: Mapping[str, Position]
    ) -> tuple[bool, Phrase, str | None]:
        weights = _weights_for(self.name, self.weights, counted)
        favour = [s for s in counted if positions[s].is_in_favour]
        weight_in_favour, total = self.quotas[1].tally(counted, positions, weights)
        members_met, weight_met = self.meets(counted, positions)
        met = members_met and weight_met
        share = weight_in_favour / total if total else Fraction(0)
        params = {
            "favour": len(favour),
            "members": len(counted),
            "members_needed": math.ceil(self.member_threshold * len(counted)),
            "share": f"{float(share):.1%}",
            "share_needed": f"{float(self.weight_threshold):.1%}",
        }
        if met:
            reason = _adopted(
                N_(
                    "adopted: {favour} of {members} members (met: at least {members_needed} "
                    "needed) and {share} of the weight (met: at least {share_needed} needed)"
                ),
                N_(
                    "adopted: {favour} of {members} members (met: at least {members_needed} "
                    "needed) and {share} of the weight (met: at least {share_needed} needed); "
                    "reservations by {reserved} put on record"
                ),
                counted,
                positions,
                **params,
            )
        elif members_met:
            reason = Phrase(
                N_(
                    "not adopted: {favour} of {members} members (met: at least {members_needed} "
                    "needed) and {share} of the weight (not met: at least {share_needed} needed)"
                ),
                params,
            )
        elif weight_met:
            reason = Phrase(
                N_(
                    "not adopted: {favour} of {members} members (not met: at least "
                    "{members_needed} needed) and {share} of the weight (met: at least "
                    "{share_needed} needed)"
                ),
                params,
            )
        else:
            reason = Phrase(
                N_(
                    "not adopted: {favour} of {members} members (not met: at least "
                    "{members_needed} needed) and {share} of the weight (not met: at least "
                    "{share_needed} needed)"
                ),
                params,
            )
        return (
            met,
            reason,
            f"at least {self.member_threshold} of members and {self.weight_threshold} of weight",
        )

    def spec(self) -> dict[str, Any]:
        return {
            "rule": self.name,
            "member_threshold": str(self.member_threshold),
            "weight_threshold": str(self.weight_threshold),
            "weights": {s: str(w) for s, w in self.weights.items()},
        }


RULES: dict[str, type[DecisionRule]] = {
    r.name: r
    for r in (
        Consensus,
        ConsensusMinusOne,
        Unanimity,
        SimpleMajority,
        QualifiedMajority,
        WeightedMajority,
        DoubleMajority,
    )
}


def parse_fraction(value: object, what: str) -> Fraction:
    """Read ``2/3``, ``0.6`` or ``1`` exactly.

    >>> parse_fraction("2/3", "threshold"), parse_fraction(0.55, "threshold")
    (Fraction(2, 3), Fraction(11, 20))
    >>> parse_fraction("1e99999999", "weight")
    Traceback (most recent call last):
    ...
    comity.errors.InputError: weight must be a number or a fraction like 2/3, got '1e99999999' \
(at most 100 characters and exponents up to 400)
    """
    text = str(value).strip()
    # Fraction("1e99999999") computes 10**99999999 exactly: minutes of CPU for one request.
    exponent = _EXPONENT.search(text)
    if len(text) > _MAX_NUMBER_CHARS or (
        exponent is not None and abs(int(exponent.group(1))) > _MAX_EXPONENT
    ):
        raise InputError(
            N_(
                "{what} must be a number or a fraction like 2/3, got {value!r} (at most "
                "{chars} characters and exponents up to {exponent})"
            ),
            value=text[:_MAX_NUMBER_CHARS],
            params={
                "what": what,
                "value": value,
                "chars": _MAX_NUMBER_CHARS,
                "exponent": _MAX_EXPONENT,
            },
        )
    try:
        return Fraction(text)
    except (ValueError, ZeroDivisionError) as e:
        raise InputError(
            N_("{what} must be a number or a fraction like 2/3, got {value!r}"),
            value=str(value),
            params={"what": what, "value": value},
        ) from e


_MAX_NUMBER_CHARS = 100
_MAX_EXPONENT = 400  # any float's (about 308) and then some
_EXPONENT = re.compile(r"[eE]\s*([+-]?\d[\d_]*)")


def parse_weights(text: str | None) -> dict[str, Fraction] | None:
    """Read ``"CHN=1412,IND=1428"`` into exact weights (None when no text is given).

    >>> parse_weights("chn=3, RUS=1/2")
    {'CHN': Fraction(3, 1), 'RUS': Fraction(1, 2)}
    """
    if not text:
        return None
    weights: dict[str, Fraction] = {}
    for part in text.split(","):
        state, sep, value = part.partition("=")
        if not sep:
            raise InputError(
                N_("malformed weight {part!r}: write ISO3=number, e.g. CHN=1412,IND=1428"),
                value=part.strip(),
                params={"part": part.strip()},
            )
        weights[parse_state(state)] = parse_fraction(value, f"weight of {state.strip()}")
    return weights


def rule_from_spec(
    spec: Mapping[str, Any] | str, *, weights: Mapping[str, Fraction] | None = None
) -> DecisionRule:
    """Build a rule from charter data, e.g. ``{"rule": "qualified_majority", "threshold": "3/4"}``.

    ``weights`` (e.g. given on the command line) override weights in the spec.

    >>> rule_from_spec("consensus")
    Consensus()
    >>> rule_from_spec({"rule": "qualified_majority", "threshold": "3/4"}).threshold
    Fraction(3, 4)
    """
    data: dict[str, Any] = {"rule": spec} if isinstance(spec, str) else dict(spec)
    name = str(data.pop("rule", ""))
    cls = RULES.get(name)
    if cls is None:
        raise UnknownRuleError(
            N_("unknown decision rule {name!r}: use one of {rules}"),
            value=name,
            params={"name": name, "rules": ", ".join(RULES)},
        )
    kwargs: dict[str, Any] = {}
    for key in ("threshold", "member_threshold", "weight_threshold"):
        if key in data:
            kwargs[key] = parse_fraction(data.pop(key), key)
    if "base" in data:
        base = data.pop("base")
        if base not in ("cast", "present", "members"):
            raise InputError(
                N_("base must be cast, present or members, got {base!r}"),
                value=base,
                params={"base": base},
            )
        kwargs["base"] = base
    if "strict" in data:
        kwargs["strict"] = bool(data.pop("strict"))
    spec_weights = data.pop("weights", None)
    if cls in (WeightedMajority, DoubleMajority):
        chosen = weights if weights is not None else spec_weights
        if not chosen:
            raise InputError(
                N_("the {rule} rule needs weights for the eligible states"), params={"rule": name}
            )
        kwargs["weights"] = {
            parse_state(s): parse_fraction(w, f"weight of {s}") for s, w in chosen.items()
        }
    if data:
        raise InputError(
            N_("the {rule} rule takes no parameter {names}"),
            value=sorted(data)[0],
            params={"rule": name, "names": ", ".join(sorted(data))},
        )
    try:
        return cls(**kwargs)
    except TypeError as e:
        raise InputError(
            N_("the {rule} rule does not take those parameters: {error}"),
            params={"rule": name, "error": str(e)},
        ) from e
