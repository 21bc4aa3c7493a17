"""A charter's decision rule, applied by an electorate, as a simple game.

Voting-power analysis sees a vote as binary: each counted member either supports the draft or
does not. What "does not" means depends on the rule and is the *abstention treatment*:

* ``"objection"`` (the default): a member not in favour objects (votes no).
* ``"abstention"``: a member not in favour abstains (is present, casts no vote).

The game then has the members as players and a coalition ``S`` wins when the rule adopts the
decision with ``S`` in favour and everyone else objecting (or abstaining). Every rule of
:mod:`comity.charter.rules` gives a weighted or double-majority game:

============================  ======================================  ==========================
rule                          game                                    quota
============================  ======================================  ==========================
consensus, unanimity          every counted member a veto player      ``n``
consensus minus one           unanimity of the others; the state      ``n - 1``; concerned has
                              concerned is a dummy                    weight 0
majority ``t`` of the base    one vote each                           ``floor(t n) + 1`` if
                                                                      strict, else
                                                                      ``ceil(t n)``
weighted majority ``t``       the rule's weights, scaled to integers  ``ceil(t W)``
double majority               members and weights at once             ``ceil(m n)``,
                                                                      ``ceil(t W)``
============================  ======================================  ==========================

Under consensus an abstention never blocks, so with ``"abstention"`` every coalition, the empty
one too, would pass: that is not a simple game and is refused. Under a majority of the votes
cast, abstaining shrinks the base: any non-empty coalition of supporters then carries a
majority of the votes cast (quota 1).

>>> from comity.charter.rules import Consensus
>>> game = game_for_rule(Consensus(), ["CHN", "IND", "RUS"])
>>> game.quota, game.weights
(3, (1, 1, 1))
>>> from comity.charter.rules import QualifiedMajority
>>> game_for_rule(QualifiedMajority(), ["A", "B", "C", "D", "E", "F"]).quota
4
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Literal

from comity.charter.rules import (
    Consensus,
    DecisionRule,
    DoubleMajority,
    Majority,
    Position,
    Unanimity,
    WeightedMajority,
    rule_from_spec,
)
from comity.errors import InputError
from comity.i18n import N_
from comity.lab.power import DoubleMajorityGame, PredicateGame, SimpleGame, WeightedGame
from comity.state import InstitutionalState
from comity.states import parse_state

__all__ = [
    "ABSTENTION_TREATMENTS",
    "AbstentionTreatment",
    "BodyGame",
    "body_game",
    "game_for_rule",
    "rule_predicate_game",
]

AbstentionTreatment = Literal["objection", "abstention"]
ABSTENTION_TREATMENTS: tuple[AbstentionTreatment, ...] = ("objection", "abstention")


def _integer_weights(weights: Mapping[str, Fraction], players: Sequence[str]) -> tuple[int, ...]:
    """Scale rational weights by the common denominator, so that shares are unchanged."""
    missing = [p for p in players if p not in weights]
    if missing:
        raise InputError(
            N_("no weight for {missing}; give a weight for every eligible state"),
            value=missing[0],
            params={"missing": ", ".join(missing)},
        )
    values = [Fraction(weights[p]) for p in players]
    if any(v < 0 for v in values):
        raise InputError(N_("weights are non-negative numbers"), value=str(min(values)), params={})
    scale = math.lcm(*(v.denominator for v in values))
    return tuple(int(v * scale) for v in values)


def _quota(share: Fraction, total: int, *, strict: bool = False) -> int:
    """The least integer ``k`` with ``k > share * total`` (strict) or ``k >= share * total``."""
    return math.floor(share * total) + 1 if strict else math.ceil(share * total)


def _not_simple(rule: DecisionRule, message: str) -> InputError:
    """``message`` is a template naming the rule as ``{rule}``."""
    return InputError(message, value=rule.name, params={"rule": rule.name})


def game_for_rule(
    rule: DecisionRule,
    electorate: Sequence[str],
    *,
    concerned: str | None = None,
    abstention: AbstentionTreatment = "objection",
) -> SimpleGame:
    """The simple game played by ``electorate`` under ``rule``.

    Parameters
    ----------
    rule
        A decision rule of the charter.
    electorate
        The member states whose positions the rule counts (the eligible states).
    concerned
        The state concerned, for consensus minus one; it stays a player, as a dummy.
    abstention
        What a member not in favour does: ``"objection"`` or ``"abstention"``.

    Returns
    -------
    SimpleGame
        A :class:`~comity.lab.power.WeightedGame` or
        :class:`~comity.lab.power.DoubleMajorityGame` whose winning coalitions are exactly
        the sets of supporters with which ``rule.evaluate`` adopts the decision.

    Examples
    --------
    >>> from comity.charter.rules import ConsensusMinusOne
    >>> game = game_for_rule(ConsensusMinusOne(), ["CHN", "IND", "PAK"], concerned="PAK")
    >>> game.weights, game.quota
    ((1, 1, 0), 2)
    """
    players = tuple(electorate)
    if not players:
        raise InputError(N_("a game needs at least one member state"), params={})
    if abstention not in ABSTENTION_TREATMENTS:
        raise InputError(
            N_("abstention treatment is objection or abstention, got {abstention!r}"),
            value=abstention,
            params={"abstention": abstention},
        )
    if rule.needs_concerned:
        if concerned is None:
            raise InputError(
                N_("the {rule} rule needs the state concerned (--concerned ISO3)"),
                params={"rule": rule.name},
            )
        if concerned not in players:
            raise InputError(
                N_("the state concerned, {concerned}, is not eligible"),
                value=concerned,
                params={"concerned": concerned},
            )
    elif concerned is not None:
        raise InputError(
            N_(
                "the {rule} rule counts every member; a state concerned is used only with "
                "consensus_minus_one"
            ),
            value=concerned,
            params={"rule": rule.name},
        )
    counted = tuple(p for p in players if p != concerned)
    if not counted:
        raise InputError(N_("no member state is counted under this rule"), params={})
    n = len(counted)
    ones = tuple(0 if p == concerned else 1 for p in players)

    if isinstance(rule, Consensus):  # consensus and consensus minus one
        if abstention == "abstention":
            raise _not_simple(
                rule,
                N_(
                    "the {rule} rule is not a simple game here: an abstention never blocks a "
                    "consensus, so all coalitions pass"
                ),
            )
        return WeightedGame(ones, n, players)
    if isinstance(rule, Unanimity):
        return WeightedGame(ones, n, players)
    if isinstance(rule, Majority):
        if abstention == "abstention" and rule.base == "cast":
            # Supporters are the only votes cast: any of them carries the votes cast, unless
            # the threshold asks for more than all of them.
            if rule.strict and rule.threshold >= 1:
                raise _not_simple(
                    rule, N_("the {rule} rule is not a simple game here: no coalition passes")
                )
            return WeightedGame(ones, 1, players)
        quota = _quota(rule.threshold, n, strict=rule.strict)
        if quota < 1:
            raise _not_simple(
                rule,
                N_(
                    "the {rule} rule is not a simple game here: a threshold of 0 adopts with "
                    "nobody in favour"
                ),
            )
        if quota > n:
            raise _not_simple(
                rule,
                N_(
                    "the {rule} rule is not a simple game here: the threshold cannot be met "
                    "even by all members"
                ),
            )
        return WeightedGame(ones, quota, players)
    if isinstance(rule, WeightedMajority):
        weights = _integer_weights(rule.weights, players)
        total = sum(weights)
        quota = _quota(rule.threshold, total)
        if total == 0 or quota < 1:
            raise _not_simple(
                rule,
                N_("the {rule} rule is not a simple game here: it adopts with no weight in favour"),
            )
        return WeightedGame(weights, quota, players)
    if isinstance(rule, DoubleMajority):
        weights = _integer_weights(rule.weights, players)
        total = sum(weights)
        member_quota = _quota(rule.member_threshold, n)
        weight_quota = _quota(rule.weight_threshold, total)
        if total == 0 or member_quota < 1 or weight_quota < 1:
            raise _not_simple(
                rule,
                N_("the {rule} rule is not a simple game here: it adopts with nobody in favour"),
            )
        return DoubleMajorityGame(ones, member_quota, weights, weight_quota, players)
    raise InputError(
        N_("no simple game is known for the {rule} rule"),
        value=rule.name,
        params={"rule": rule.name},
    )


def rule_predicate_game(
    rule: DecisionRule,
    electorate: Sequence[str],
    *,
    concerned: str | None = None,
    abstention: AbstentionTreatment = "objection",
) -> PredicateGame:
    """The same game as :func:`game_for_rule`, tabulated by calling ``rule.evaluate`` on
    every coalition (at most 20 players): a slow, independent check of the mapping.

    >>> rule_predicate_game(Unanimity(), ["A", "B"]).is_winning({"A"})
    False
    """
    other = Position.OBJECTION if abstention == "objection" else Position.ABSTENTION
    players = tuple(electorate)

    def adopted(coalition: frozenset[str]) -> bool:
        positions = {p: Position.SUPPORT if p in coalition else other for p in players}
        return rule.evaluate(players, positions, concerned=concerned).adopted

    return PredicateGame.from_predicate(players, adopted)


@dataclass(frozen=True)
class BodyGame:
    """A body of the organisation on a date, seen as a simple game."""

    body: str
    as_of: date
    rule: DecisionRule
    game: SimpleGame
    concerned: str | None
    abstention: AbstentionTreatment

    def describe(self) -> str:
        """One line naming the body, the date and the rule, e.g. for a plot's title."""
        concerned = f", {self.concerned} concerned" if self.concerned else ""
        return f"{self.body} on {self.as_of} under {self.rule.name}{concerned}"


def body_game(
    state: InstitutionalState,
    body: str,
    *,
    rule: str | None = None,
    concerned: str | None = None,
    weights: Mapping[str, Fraction] | None = None,
    abstention: AbstentionTreatment = "objection",
) -> BodyGame:
    """The game of ``body`` on the state's date: its eligible members under its rule then
    (or under ``rule``, to compare), as in ``comity decide``.

    Examples
    --------
    >>> from datetime import date
    >>> from comity.charter import load_charter
    >>> from comity.reference import load_history
    >>> from comity.state import fold
    >>> state = fold(load_charter(), load_history(), date(2017, 6, 9))
    >>> found = body_game(state, "CHS")
    >>> found.rule.name, found.game.n, found.game.quota
    ('consensus', 8, 8)
    """
    target = state.charter.body(body)
    eligible = state.eligible(target.code)
    chosen = rule_from_spec(rule, weights=weights) if rule else target.rule(weights=weights)
    code = parse_state(concerned) if concerned else None
    game = game_for_rule(chosen, eligible, concerned=code, abstention=abstention)
    return BodyGame(target.code, state.as_of, chosen, game, code, abstention)
