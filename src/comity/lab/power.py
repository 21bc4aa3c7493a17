"""Voting power in simple games: Banzhaf, Shapley-Shubik and Coleman, computed exactly.

A *simple game* on players ``N`` says which coalitions ``S`` win; the empty coalition loses,
``N`` wins, and a superset of a winning coalition wins. Three kinds are offered:

* :class:`WeightedGame` ``[q; w_1, ..., w_n]``: ``S`` wins when ``w(S) >= q``. Consensus and
  unanimity, consensus minus one, simple and qualified majority are weighted games.
* :class:`DoubleMajorityGame`: ``S`` wins when it meets two weighted quotas at once, e.g. a
  share of the members and a share of the population.
* :class:`PredicateGame`: any rule at all, given as a function of the coalition, tabulated over
  the ``2**n`` coalitions (``n <= 20``).

Player ``i`` is a *swing* in a coalition ``T`` not containing it when ``T`` loses and
``T + i`` wins; ``eta_i`` counts those coalitions. Every index below is built from swings, and
is computed exactly: weighted and double-majority games by generating functions over weights
(Brams & Affuso 1976; Matsui & Matsui 2000) with exact integer arithmetic, so that 200 or more
players pose no overflow, and results are :class:`fractions.Fraction`.

>>> eec = WeightedGame((4, 4, 4, 2, 2, 1), 12, names=("FRA", "DEU", "ITA", "BEL", "NLD", "LUX"))
>>> [str(x) for x in banzhaf(eec)]
['5/21', '5/21', '5/21', '1/7', '1/7', '0']
>>> dummy_players(eec)
('LUX',)
>>> passage_probability(WeightedGame.unanimity(["CHN", "IND", "RUS"]))
Fraction(1, 8)

References
----------
Banzhaf, J. F. (1965). Weighted voting doesn't work: a mathematical analysis.
    *Rutgers Law Review* 19, 317-343.
Brams, S. J., & Affuso, P. J. (1976). Power and size: a new paradox. *Theory and Decision*
    7, 29-56.
Coleman, J. S. (1971). Control of collectivities and the power of a collectivity to act.
    In B. Lieberman (ed.), *Social Choice*, 269-300. Gordon and Breach.
Felsenthal, D. S., & Machover, M. (1998). *The Measurement of Voting Power: Theory and
    Practice, Problems and Paradoxes*. Edward Elgar.
Matsui, T., & Matsui, Y. (2000). A survey of algorithms for calculating power indices of
    weighted majority games. *Journal of the Operations Research Society of Japan* 43, 71-86.
Penrose, L. S. (1946). The elementary statistics of majority voting. *Journal of the Royal
    Statistical Society* 109, 53-57.
Shapley, L. S., & Shubik, M. (1954). A method for evaluating the distribution of power in a
    committee system. *American Political Science Review* 48, 787-792.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

from comity.errors import InputError
from comity.i18n import N_
from comity.lab import _counting

__all__ = [
    "DoubleMajorityGame",
    "PowerReport",
    "PredicateGame",
    "SimpleGame",
    "WeightedGame",
    "banzhaf",
    "banzhaf_absolute",
    "blocking_coalitions",
    "dummy_players",
    "minimal_blocking_coalitions",
    "minimal_winning_coalitions",
    "passage_probability",
    "plot_power",
    "power_report",
    "power_to_initiate",
    "power_to_prevent",
    "shapley_shubik",
    "swing_counts",
    "to_floats",
    "veto_players",
    "winning_coalitions",
]

MAX_PREDICATE_PLAYERS = _counting.MAX_ENUMERATED_PLAYERS


# -- games ---------------------------------------------------------------------------------


def _check_names(names: Sequence[str] | None, n: int) -> tuple[str, ...]:
    if names is None:
        return tuple(f"P{i + 1}" for i in range(n))
    result = tuple(names)
    if len(result) != n:
        raise InputError(
            N_("need one name per player: {n} players, {names} names"),
            value=n,
            params={"n": n, "names": len(result)},
        )
    if len(set(result)) != n or not all(isinstance(x, str) and x for x in result):
        raise InputError(
            N_("player names must be distinct non-empty strings"), value=list(result), params={}
        )
    return result


def _check_weights(weights: Sequence[int], what: str) -> tuple[int, ...]:
    result = tuple(weights)
    if not result:
        raise InputError(
            N_("a game needs at least one player; got no {what}"), params={"what": what}
        )
    for w in result:
        if isinstance(w, bool) or not isinstance(w, int | np.integer) or w < 0:
            raise InputError(
                N_("{what} are non-negative integers, got {weight!r}"),
                value=repr(w),
                params={"what": what, "weight": w},
            )
    return tuple(int(w) for w in result)


def _check_quota(quota: int, total: int, what: str) -> int:
    if isinstance(quota, bool) or not isinstance(quota, int | np.integer):
        raise InputError(
            N_("{what} is an integer, got {quota!r}"),
            value=repr(quota),
            params={"what": what, "quota": quota},
        )
    if not 1 <= quota <= total:
        raise InputError(
            N_(
                "{what} must be between 1 and the total weight {total} so that the empty "
                "coalition loses and all players together win, got {quota}"
            ),
            value=int(quota),
            params={"what": what, "total": total, "quota": quota},
        )
    return int(quota)


def _members(names: tuple[str, ...], coalition: Iterable[str]) -> list[int]:
    index = {name: i for i, name in enumerate(names)}
    members = set()
    for name in coalition:
        if name not in index:
            raise InputError(
                N_("{name!r} is not a player of this game"), value=name, params={"name": name}
            )
        members.add(index[name])
    return sorted(members)


def _reduced(weights: tuple[int, ...], quota: int) -> tuple[tuple[int, ...], int]:
    """Divide out the weights' common factor: ``w(S) >= q`` iff ``w(S)/g >= ceil(q/g)``."""
    g = math.gcd(*weights)
    return tuple(w // g for w in weights), -(-quota // g)


@dataclass(frozen=True)
class WeightedGame:
    """Weighted majority game ``[q; w_1, ..., w_n]``: ``S`` wins when ``sum_{i in S} w_i >= q``.

    Parameters
    ----------
    weights
        Non-negative integer weight of each player.
    quota
        Integer ``q`` with ``1 <= q <= sum(weights)``.
    names
        Distinct player names; ``P1 ... Pn`` when omitted.

    Examples
    --------
    >>> game = WeightedGame((3, 2, 1), 4, names=("A", "B", "C"))
    >>> game.is_winning({"A", "C"}), game.is_winning({"B", "C"})
    (True, False)
    >>> WeightedGame.qualified_majority(["A", "B", "C", "D", "E"], "2/3").quota
    4
    """

    weights: tuple[int, ...]
    quota: int
    names: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        weights = _check_weights(self.weights, "weights")
        object.__setattr__(self, "weights", weights)
        object.__setattr__(self, "quota", _check_quota(self.quota, sum(weights), "the quota"))
        object.__setattr__(self, "names", _check_names(self.names or None, len(weights)))

    @property
    def n(self) -> int:
        """Number of players."""
        return len(self.weights)

    def is_winning(self, coalition: Iterable[str]) -> bool:
        """Whether the coalition (player names) reaches the quota."""
        return sum(self.weights[i] for i in _members(self.names, coalition)) >= self.quota

    @classmethod
    def unanimity(cls, names: Sequence[str]) -> WeightedGame:
        """Consensus or unanimity: every player must agree (all weights 1, quota ``n``).

        >>> veto_players(WeightedGame.unanimity(["KAZ", "KGZ"]))
        ('KAZ', 'KGZ')
        """
        return cls((1,) * len(names), len(names), tuple(names))

    @classmethod
    def consensus_minus_one(cls, names: Sequence[str], concerned: str) -> WeightedGame:
        """Unanimity of everyone but ``concerned``, whose position does not count.

        The concerned player has weight 0 and is a dummy: its vote can never change the
        outcome (the SCO Charter's rule for suspension and expulsion, Article 16).

        >>> dummy_players(WeightedGame.consensus_minus_one(["CHN", "IND", "RUS"], "IND"))
        ('IND',)
        """
        players = tuple(names)
        if concerned not in players:
            raise InputError(
                N_("{concerned!r} is not one of the players"),
                value=concerned,
                params={"concerned": concerned},
            )
        weights = tuple(0 if name == concerned else 1 for name in players)
        return cls(weights, len(players) - 1, players)

    @classmethod
    def simple_majority(cls, names: Sequence[str]) -> WeightedGame:
        """More than half of the players: quota ``n // 2 + 1``."""
        return cls((1,) * len(names), len(names) // 2 + 1, tuple(names))

    @classmethod
    def qualified_majority(
        cls, names: Sequence[str], share: Fraction | str | float
    ) -> WeightedGame:
        """At least a share ``q`` of the players: quota ``ceil(q n)``.

        ``share`` is exact when given as a :class:`~fractions.Fraction` or a string such as
        ``"2/3"`` or ``"0.55"``; a float is read as the decimal it prints as.
        """
        q = Fraction(repr(share)) if isinstance(share, float) else Fraction(share)
        if not 0 < q <= 1:
            raise InputError(
                N_("a qualified majority is a share in (0, 1], got {share}"),
                value=str(q),
                params={"share": q},
            )
        return cls((1,) * len(names), math.ceil(q * len(names)), tuple(names))


@dataclass(frozen=True)
class DoubleMajorityGame:
    """Two weighted games at once: ``S`` wins when ``w(S) >= q`` and ``v(S) >= r``.

    The usual case counts members with one vector (all weights 1) and population with the
    other, as in the Council of the European Union since 2014 (55 % of the members holding
    65 % of the population). Weights are integers; express population in a unit (say
    thousands) that keeps the quota small, since the exact count takes time and memory
    proportional to ``q * r``.

    Parameters
    ----------
    weights, quota
        First weight vector and its quota.
    second_weights, second_quota
        Second weight vector and its quota.
    names
        Distinct player names; ``P1 ... Pn`` when omitted.

    Examples
    --------
    >>> game = DoubleMajorityGame((1, 1, 1), 2, (60, 30, 10), 70, names=("A", "B", "C"))
    >>> game.is_winning({"A", "C"}), game.is_winning({"B", "C"})
    (True, False)
    """

    weights: tuple[int, ...]
    quota: int
    second_weights: tuple[int, ...]
    second_quota: int
    names: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        first = _check_weights(self.weights, "weights")
        second = _check_weights(self.second_weights, "second weights")
        if len(first) != len(second):
            raise InputError(
                N_("both weight vectors need one entry per player: {first} and {second}"),
                value=len(second),
                params={"first": len(first), "second": len(second)},
            )
        object.__setattr__(self, "weights", first)
        object.__setattr__(self, "second_weights", second)
        object.__setattr__(self, "quota", _check_quota(self.quota, sum(first), "the quota"))
        object.__setattr__(
            self,
            "second_quota",
            _check_quota(self.second_quota, sum(second), "the second quota"),
        )
        object.__setattr__(self, "names", _check_names(self.names or None, len(first)))

    @property
    def n(self) -> int:
        """Number of players."""
        return len(self.weights)

    def is_winning(self, coalition: Iterable[str]) -> bool:
        """Whether the coalition (player names) meets both quotas."""
        members = _members(self.names, coalition)
        return (
            sum(self.weights[i] for i in members) >= self.quota
            and sum(self.second_weights[i] for i in members) >= self.second_quota
        )


@dataclass(frozen=True)
class PredicateGame:
    """Any simple game on at most 20 players, stored as the table of winning coalitions.

    Build one with :meth:`from_predicate`. Coalition ``S`` has index
    ``sum(2**i for i in S)``; ``winning`` packs the table one bit per coalition
    (little-endian bit order).

    Examples
    --------
    >>> def rule(coalition: frozenset[str]) -> bool:
    ...     return "CHN" in coalition and len(coalition) >= 2
    >>> game = PredicateGame.from_predicate(["CHN", "IND", "RUS"], rule)
    >>> veto_players(game), [str(x) for x in shapley_shubik(game)]
    (('CHN',), ['2/3', '1/6', '1/6'])
    """

    names: tuple[str, ...]
    winning: bytes = field(repr=False)

    def __post_init__(self) -> None:
        names = _check_names(self.names, len(self.names))
        object.__setattr__(self, "names", names)
        if len(names) > MAX_PREDICATE_PLAYERS:
            raise InputError(
                N_(
                    "a game given by a predicate has at most {most} players "
                    "(it is tabulated over 2**n coalitions), got {n}"
                ),
                value=len(names),
                params={"most": MAX_PREDICATE_PLAYERS, "n": len(names)},
            )
        if len(self.winning) != max(1, (1 << len(names)) // 8):
            raise InputError(
                N_("the winning table needs one bit per coalition"), value=len(names), params={}
            )
        table = self.table()
        if table[0] or not table[-1]:
            raise InputError(
                N_("in a simple game the empty coalition loses and all players win"), params={}
            )
        if not _counting.is_monotone(table):
            raise InputError(
                N_("in a simple game a coalition that adds members to a winning one wins"),
                params={},
            )

    @classmethod
    def from_predicate(
        cls, names: Sequence[str], predicate: Callable[[frozenset[str]], bool]
    ) -> PredicateGame:
        """Tabulate ``predicate`` over every coalition of ``names`` (``2**n`` calls)."""
        players = _check_names(names, len(names))
        if len(players) > MAX_PREDICATE_PLAYERS:
            raise InputError(
                N_("a game given by a predicate has at most {most} players, got {n}"),
                value=len(players),
                params={"most": MAX_PREDICATE_PLAYERS, "n": len(players)},
            )
        table = np.fromiter(
            (
                bool(predicate(frozenset(p for i, p in enumerate(players) if mask >> i & 1)))
                for mask in range(1 << len(players))
            ),
            dtype=np.bool_,
            count=1 << len(players),
        )
        return cls(players, np.packbits(table, bitorder="little").tobytes())

    @property
    def n(self) -> int:
        """Number of players."""
        return len(self.names)

    def table(self) -> _counting.BoolArray:
        """Whether each coalition wins, indexed by the bit mask of its members."""
        bits = np.unpackbits(np.frombuffer(self.winning, dtype=np.uint8), bitorder="little")
        result: _counting.BoolArray = bits[: 1 << self.n].astype(np.bool_)
        return result

    def is_winning(self, coalition: Iterable[str]) -> bool:
        """Whether the coalition (player names) wins."""
        mask = sum(1 << i for i in _members(self.names, coalition))
        return bool(self.table()[mask])


SimpleGame = WeightedGame | DoubleMajorityGame | PredicateGame


# -- counting --------------------------------------------------------------------------------


def _box(
    vectors: Sequence[_counting.Vector], quotas: _counting.Vector, by_size: bool
) -> _counting.BoxCounts:
    try:
        return _counting.box_counts(vectors, quotas, by_size=by_size)
    except ValueError as e:
        raise InputError(
            N_("this game is too large to count exactly: {reason}"), params={"reason": e}
        ) from e


def _minimal_counts(game: WeightedGame) -> tuple[int, int]:
    weights, quota = _reduced(game.weights, game.quota)
    try:
        return _counting.minimal_coalition_counts(weights, quota)
    except ValueError as e:
        raise InputError(
            N_("this game is too large to count exactly: {reason}"), params={"reason": e}
        ) from e


def _table(game: SimpleGame) -> _counting.BoolArray | None:
    """The table of winning coalitions when the game is small enough to enumerate."""
    if isinstance(game, PredicateGame):
        return game.table()
    if game.n > _counting.MAX_ENUMERATED_PLAYERS:
        return None
    second = game.second_weights if isinstance(game, DoubleMajorityGame) else ()
    if max(sum(game.weights), sum(second)) >= 1 << 62:
        return None  # coalition weights would not fit the int64 table
    first = _counting.weight_sums(game.weights) >= game.quota
    if isinstance(game, WeightedGame):
        return first
    result: _counting.BoolArray = first & (
        _counting.weight_sums(game.second_weights) >= game.second_quota
    )
    return result


def _swings(game: SimpleGame, *, by_size: bool) -> list[list[int]]:
    """Each player's swing counts, by size of the coalition joined or (one entry) in total."""
    if isinstance(game, PredicateGame):
        counts = _counting.swings_by_size(game.table())
        return counts if by_size else [[sum(c)] for c in counts]
    if isinstance(game, WeightedGame):
        weights, quota = _reduced(game.weights, game.quota)
        box = _box([(w,) for w in weights], (quota,), by_size)
        return [box.window[(w,)] for w in weights]
    first, q = _reduced(game.weights, game.quota)
    second, r = _reduced(game.second_weights, game.second_quota)
    only_first = _box([(w,) for w in first], (q,), by_size)
    only_second = _box([(v,) for v in second], (r,), by_size)
    both = _box(list(zip(first, second, strict=True)), (q, r), by_size)
    # T + i wins and T loses: T is in i's window for the first quota or for the second, and
    # inclusion-exclusion over the box below both quotas removes the double count.
    return [
        [
            a + b - c
            for a, b, c in zip(
                only_first.window[(w,)], only_second.window[(v,)], both.window[(w, v)], strict=True
            )
        ]
        for w, v in zip(first, second, strict=True)
    ]


def swing_counts(game: SimpleGame) -> tuple[int, ...]:
    """Number of coalitions in which each player is a swing (Banzhaf's raw score).

    .. math:: \\eta_i = |\\{T \\subseteq N \\setminus \\{i\\} : T \\notin W,\\;
              T \\cup \\{i\\} \\in W\\}|

    Counted by generating functions (Brams & Affuso 1976): with
    ``P(x) = prod_j (1 + x**w_j)``, ``eta_i`` is the sum of the coefficients of
    ``P(x) / (1 + x**w_i)`` from ``x**(q - w_i)`` to ``x**(q - 1)``.
    """
    return tuple(c[0] for c in _swings(game, by_size=False))


def winning_coalitions(game: SimpleGame) -> int:
    """Number ``|W|`` of winning coalitions among the ``2**n``."""
    if isinstance(game, PredicateGame):
        return int(game.table().sum())
    n = game.n
    first, q = _reduced(game.weights, game.quota)
    below_first = _box([(w,) for w in first], (q,), False).total
    if isinstance(game, WeightedGame):
        return (1 << n) - below_first
    second, r = _reduced(game.second_weights, game.second_quota)
    below_second = _box([(v,) for v in second], (r,), False).total
    below_both = _box(list(zip(first, second, strict=True)), (q, r), False).total
    return (1 << n) - below_first - below_second + below_both


def blocking_coalitions(game: SimpleGame) -> int:
    """Number of blocking coalitions, those whose complement loses: ``2**n - |W|``."""
    return (1 << game.n) - winning_coalitions(game)


def minimal_winning_coalitions(game: SimpleGame) -> int | None:
    """Number of winning coalitions that lose when any one member leaves.

    Exact for weighted games of any size (with players sorted by decreasing weight, a
    minimal winning coalition is its lightest member ``j`` plus earlier players of total
    weight in ``[q - w_j, q)``), and by enumeration for other games of at most 20 players;
    ``None`` for larger double-majority games (and for ones with weights near ``2**62``).
    """
    if isinstance(game, WeightedGame):
        return _minimal_counts(game)[0]
    table = _table(game)
    return None if table is None else _counting.minimal_count(table)


def minimal_blocking_coalitions(game: SimpleGame) -> int | None:
    """Number of blocking coalitions that stop blocking when any one member leaves.

    These are the complements of the maximal losing coalitions. Exact for weighted games,
    by enumeration for other games of at most 20 players, ``None`` otherwise.
    """
    if isinstance(game, WeightedGame):
        return _minimal_counts(game)[1]
    table = _table(game)
    return None if table is None else _counting.minimal_count(_counting.blocking_table(table))


def veto_players(game: SimpleGame) -> tuple[str, ...]:
    """Players without whom no coalition wins: ``N \\ {i}`` loses."""
    everyone = set(game.names)
    return tuple(name for name in game.names if not game.is_winning(everyone - {name}))


def dummy_players(game: SimpleGame) -> tuple[str, ...]:
    """Players who are never a swing (``eta_i = 0``; Felsenthal & Machover 1998)."""
    return _dummies(game.names, swing_counts(game))


def _dummies(names: tuple[str, ...], eta: Sequence[int]) -> tuple[str, ...]:
    return tuple(name for name, e in zip(names, eta, strict=True) if e == 0)


# -- indices ---------------------------------------------------------------------------------


def _normalised(eta: Sequence[int]) -> tuple[Fraction, ...]:
    total = sum(eta)
    return tuple(Fraction(e, total) for e in eta)


def banzhaf(game: SimpleGame) -> tuple[Fraction, ...]:
    """Normalised Banzhaf index: each player's share of all swings.

    .. math:: \\beta_i = \\frac{\\eta_i}{\\sum_{j \\in N} \\eta_j}

    The shares sum to 1 (Banzhaf 1965; Felsenthal & Machover 1998).

    Examples
    --------
    >>> [str(x) for x in banzhaf(WeightedGame((2, 1, 1), 3))]
    ['3/5', '1/5', '1/5']
    """
    return _normalised(swing_counts(game))


def banzhaf_absolute(game: SimpleGame) -> tuple[Fraction, ...]:
    """Absolute (Penrose-)Banzhaf index: the probability that a player is decisive.

    .. math:: \\beta'_i = \\frac{\\eta_i}{2^{n-1}}

    with every coalition of the others equally likely (Penrose 1946; Banzhaf 1965;
    Felsenthal & Machover 1998).
    """
    return tuple(Fraction(e, 1 << (game.n - 1)) for e in swing_counts(game))


def _shapley_shubik(n: int, by_size: list[list[int]]) -> tuple[Fraction, ...]:
    weights = [math.factorial(s) * math.factorial(n - 1 - s) for s in range(n)]
    orders = math.factorial(n)
    return tuple(
        Fraction(sum(c * w for c, w in zip(counts, weights, strict=True)), orders)
        for counts in by_size
    )


def shapley_shubik(game: SimpleGame) -> tuple[Fraction, ...]:
    """Shapley-Shubik index: the share of the ``n!`` voting orders in which a player is pivotal.

    .. math:: \\phi_i = \\sum_{s=0}^{n-1} \\frac{s!\\,(n-1-s)!}{n!}\\,\\eta_i(s)

    where ``eta_i(s)`` counts the coalitions of size ``s`` in which ``i`` is a swing
    (Shapley & Shubik 1954; Felsenthal & Machover 1998). Counted by a
    generating function in weight and size (Matsui & Matsui 2000).

    Examples
    --------
    >>> [str(x) for x in shapley_shubik(WeightedGame((2, 1, 1), 3))]
    ['2/3', '1/6', '1/6']
    """
    return _shapley_shubik(game.n, _swings(game, by_size=True))


def passage_probability(game: SimpleGame) -> Fraction:
    """Coleman's power of the collectivity to act: the share of coalitions that win.

    .. math:: A = \\frac{|W|}{2^n}

    (Coleman 1971; Felsenthal & Machover 1998).
    """
    return Fraction(winning_coalitions(game), 1 << game.n)


def power_to_prevent(game: SimpleGame) -> tuple[Fraction, ...]:
    """Coleman's power to prevent action: the share of winning coalitions a player can break.

    .. math:: P_i = \\frac{\\eta_i}{|W|}

    A veto player has 1 (Coleman 1971; Felsenthal & Machover 1998).
    """
    return _coleman(swing_counts(game), winning_coalitions(game))


def power_to_initiate(game: SimpleGame) -> tuple[Fraction, ...]:
    """Coleman's power to initiate action: the share of losing coalitions a player can turn.

    .. math:: I_i = \\frac{\\eta_i}{2^n - |W|}

    (Coleman 1971; Felsenthal & Machover 1998).
    """
    return _coleman(swing_counts(game), blocking_coalitions(game))


def _coleman(eta: Sequence[int], denominator: int) -> tuple[Fraction, ...]:
    return tuple(Fraction(e, denominator) for e in eta)


def to_floats(values: Iterable[Fraction]) -> tuple[float, ...]:
    """Float view of exact values (each rounded once, to the nearest double).

    >>> to_floats([Fraction(1, 3), Fraction(1, 2)])
    (0.3333333333333333, 0.5)
    """
    return tuple(float(x) for x in values)


# -- report ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PowerReport:
    """Every index of one game, exact, with a JSON view in floats.

    Build it with :func:`power_report`; the fields are in the order of ``names``.
    """

    names: tuple[str, ...]
    banzhaf: tuple[Fraction, ...]
    banzhaf_absolute: tuple[Fraction, ...]
    shapley_shubik: tuple[Fraction, ...]
    passage_probability: Fraction
    power_to_prevent: tuple[Fraction, ...]
    power_to_initiate: tuple[Fraction, ...]
    veto_players: tuple[str, ...]
    dummy_players: tuple[str, ...]
    minimal_winning_coalitions: int | None

    def to_json(self) -> dict[str, Any]:
        """JSON-ready data: per-player indices as ``{name: float}``, the rest as is.

        >>> report = power_report(WeightedGame.unanimity(["A", "B"]))
        >>> report.to_json()["banzhaf"], report.to_json()["passage_probability"]
        ({'A': 0.5, 'B': 0.5}, 0.25)
        """

        def per_player(values: tuple[Fraction, ...]) -> dict[str, float]:
            return dict(zip(self.names, to_floats(values), strict=True))

        return {
            "names": list(self.names),
            "banzhaf": per_player(self.banzhaf),
            "banzhaf_absolute": per_player(self.banzhaf_absolute),
            "shapley_shubik": per_player(self.shapley_shubik),
            "passage_probability": float(self.passage_probability),
            "power_to_prevent": per_player(self.power_to_prevent),
            "power_to_initiate": per_player(self.power_to_initiate),
            "veto_players": list(self.veto_players),
            "dummy_players": list(self.dummy_players),
            "minimal_winning_coalitions": self.minimal_winning_coalitions,
        }


def power_report(game: SimpleGame) -> PowerReport:
    """Compute every index of ``game`` in one pass over its counts.

    Examples
    --------
    >>> report = power_report(WeightedGame.consensus_minus_one(["CHN", "IND", "RUS"], "RUS"))
    >>> report.dummy_players, report.veto_players, str(report.passage_probability)
    (('RUS',), ('CHN', 'IND'), '1/4')
    """
    by_size = _swings(game, by_size=True)
    eta = [sum(counts) for counts in by_size]
    winning = winning_coalitions(game)
    n = game.n
    return PowerReport(
        names=game.names,
        banzhaf=_normalised(eta),
        banzhaf_absolute=tuple(Fraction(e, 1 << (n - 1)) for e in eta),
        shapley_shubik=_shapley_shubik(n, by_size),
        passage_probability=Fraction(winning, 1 << n),
        power_to_prevent=_coleman(eta, winning),
        power_to_initiate=_coleman(eta, (1 << n) - winning),
        veto_players=veto_players(game),
        dummy_players=_dummies(game.names, eta),
        minimal_winning_coalitions=minimal_winning_coalitions(game),
    )


def plot_power(report: PowerReport, path: str | Path, *, title: str | None = None) -> Path:
    """Draw Banzhaf and Shapley-Shubik indices per player as a bar chart.

    The format follows the suffix of ``path``: ``.png`` or ``.svg``. Drawn with matplotlib's
    Agg canvas, without pyplot's global state. ``title`` (e.g. the body and date) goes above
    the chart.

    Returns
    -------
    Path
        The file written.
    """
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in (".png", ".svg"):
        raise InputError(
            N_("plots are written as .png or .svg, got {name!r}"),
            value=suffix,
            params={"name": target.name},
        )
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    n = len(report.names)
    figure = Figure(figsize=(max(4.0, 0.6 * n + 2.0), 3.5), layout="constrained")
    FigureCanvasAgg(figure)
    if title:
        figure.suptitle(title)
    axes = figure.add_subplot()
    positions = np.arange(n)
    width = 0.4
    axes.bar(positions - width / 2, to_floats(report.banzhaf), width, label="Banzhaf")
    axes.bar(positions + width / 2, to_floats(report.shapley_shubik), width, label="Shapley-Shubik")
    axes.set_xticks(positions, report.names, rotation=90 if n > 12 else 0)
    axes.set_ylabel("share of power")
    axes.set_title(f"Voting power (passage probability {float(report.passage_probability):.3g})")
    axes.legend()
    # A fixed date keeps SVG output reproducible.
    metadata = {"Date": None} if suffix == ".svg" else {}
    figure.savefig(target, metadata=metadata)
    return target
