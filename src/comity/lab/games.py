"""A charter's decision rule, applied by an electorate, as a simple game.

Voting-power analysis sees a vote as binary: each counted member either supports the draft or
does not. What "does not" means depends on the rule and is the *abstention treatment*:

* ``"objection"`` (the default): a member not in favour objects (votes no).
* ``"abstention"``: a member not in favour abstains (is present, casts no vote).

The game then has the members as players and a coalition ``S`` wins when the rule adopts the
decision with ``S`` in favour and everyone else objecting (or abstaining). Every rule of
:mod:`comity.charter.rules` gives a weighted or double-majority game, one weighted game per
quota of the rule (:attr:`~comity.charter.rules.DecisionRule.quotas`, the same data that
``evaluate`` reads):

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
    DecisionRule,
    Position,
    Quota,
    integer_weights,
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
    counted = rule.counted(players, concerned)
    if not counted:
        raise InputError(N_("no member state is counted under this rule"), params={})
    quotas = rule.quotas
    # Each quota as a weighted game: (the players' weights, the least total that wins).
    parts = [_quota_game(rule, q, players, counted, abstention) for q in quotas]
    if len(parts) == 1:
        weights, quota = parts[0]
        return WeightedGame(weights, quota, players)
    if len(parts) == 2 and not quotas[0].weighted and quotas[1].weighted:
        (ones, member_quota), (weights, weight_quota) = parts
        return DoubleMajorityGame(ones, member_quota, weights, weight_quota, players)
    raise InputError(
        N_("no simple game is known for the {rule} rule"),
        value=rule.name,
        params={"rule": rule.name},
    )


def _quota_game(
    rule: DecisionRule,
    quota: Quota,
    players: tuple[str, ...],
    counted: tuple[str, ...],
    abstention: AbstentionTreatment,
) -> tuple[tuple[int, ...], int]:
    """One quota of ``rule`` as ``(weights, quota)`` of a weighted game of ``players``.

    In the game each counted member is in favour or, outside the coalition, objects or
    abstains (``abstention``); the state concerned, not counted, weighs 0.
    """
    alone = len(rule.quotas) == 1
    if quota.weighted:
        scaled = integer_weights(rule.name, _weights_of(rule), players)
        weights = tuple(scaled[p] if p in counted else 0 for p in players)
    else:
        weights = tuple(1 if p in counted else 0 for p in players)
    total = sum(weights)
    # With objections, those not objecting are exactly those in favour; with abstentions,
    # nobody objects and every coalition, the empty one too, passes.
    if quota.counts == "not_objecting" and abstention == "abstention":
        raise _not_simple(
            rule,
            N_(
                "the {rule} rule is not a simple game here: an abstention never blocks a "
                "consensus, so all coalitions pass"
            ),
        )
    if abstention == "abstention" and quota.base == "cast":
        # Supporters are the only votes cast: any of them carries the votes cast, unless
        # the threshold asks for more than all of them.
        if not quota.met(1, 1):
            raise _not_simple(
                rule, N_("the {rule} rule is not a simple game here: no coalition passes")
            )
        return weights, 1
    # The base is every counted member (those present too: nobody outside the coalition is
    # absent), so the quota is the least coalition weight that meets it.
    least = _quota(quota.share, total, strict=quota.strict)
    if quota.weighted and (total == 0 or least < 1):
        raise _not_simple(
            rule,
            N_("the {rule} rule is not a simple game here: it adopts with no weight in favour")
            if alone
            else N_("the {rule} rule is not a simple game here: it adopts with nobody in favour"),
        )
    if least < 1:
        raise _not_simple(
            rule,
            N_(
                "the {rule} rule is not a simple game here: a threshold of 0 adopts with "
                "nobody in favour"
            )
            if alone
            else N_("the {rule} rule is not a simple game here: it adopts with nobody in favour"),
        )
    if alone and not quota.weighted and least > total:
        raise _not_simple(
            rule,
            N_(
                "the {rule} rule is not a simple game here: the threshold cannot be met "
                "even by all members"
            ),
        )
    return weights, least


def _weights_of(rule: DecisionRule) -> Mapping[str, Fraction]:
    weights = rule.weights_for_quotas
    if weights is None:
        raise InputError(
            N_("the {rule} rule needs weights for the members"), params={"rule": rule.name}
        )
    return weights


def rule_predicate_game(
    rule: DecisionRule,
    electorate: Sequence[str],
    *,
    concerned: str | None = None,
    abstention: AbstentionTreatment = "objection",
) -> PredicateGame:
    """The same game as :func:`game_for_rule`, tabulated by calling ``rule.evaluate`` on
    every coalition (at most 20 players): a slow, independent check of the mapping.

    >>> from comity.charter.rules import Unanimity
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
