"""Exact coalition counting for the voting-power indices in :mod:`comity.lab.power`.

Two engines, both exact:

* generating functions over weights (Brams & Affuso 1976; Matsui & Matsui 2000), computed
  modulo several primes below 2**62 with numpy ``int64`` arrays and put back together with
  the Chinese remainder theorem. Only additions and subtractions are ever needed, so a residue
  below ``2**b`` never overflows ``int64`` as long as sums of at most ``2**(62 - b)`` terms are
  taken before reducing; ``b`` is chosen from the array sizes to guarantee that, and enough
  primes are taken for their product to exceed ``2**(n + 1)``, a bound on every count.
* enumeration of the ``2**n`` coalitions as a boolean table, for small games given by any rule.

Counting uses the polynomial ``P(x) = prod_i (1 + x**w_i)`` (with one variable per weight
vector component, and ``u`` marking coalition size when Shapley-Shubik needs it) truncated to
the box of weights below the quotas. Removing player ``i`` is division by ``1 + z`` with
``z = u x**w_i``, that is ``P_i = sum_j (-1)**j z**j P``; summing ``P_i`` over a box then needs
only prefix sums of ``P`` taken at ``X - j w_i``, so every player costs ``O(quota / w_i)``
(times ``n`` with sizes) instead of a fresh product.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

from comity.errors import InputError
from comity.i18n import N_

Vector = tuple[int, ...]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
Index = tuple[Any, ...]
Scalar = TypeVar("Scalar", bound=np.generic)

# Deterministic Miller-Rabin witnesses for every n < 3.3e24 (Sorenson & Webster 2015).
_WITNESSES = (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41)

MAX_ENUMERATED_PLAYERS = 20
MAX_ARRAY_ENTRIES = 1 << 27  # one GiB of int64 residues


def _is_prime(n: int) -> bool:
    if n < 2:
        return False
    for p in _WITNESSES:
        if n % p == 0:
            return n == p
    d, r = n - 1, 0
    while d % 2 == 0:
        d //= 2
        r += 1
    for a in _WITNESSES:
        x = pow(a, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(r - 1):
            x = x * x % n
            if x == n - 1:
                break
        else:
            return False
    return True


@lru_cache(maxsize=64)
def _primes_below(bits: int, count: int) -> tuple[int, ...]:
    primes: list[int] = []
    candidate = (1 << bits) - 1
    while len(primes) < count:
        if _is_prime(candidate):
            primes.append(candidate)
        candidate -= 2
    return tuple(primes)


@dataclass(frozen=True)
class Moduli:
    """Primes below ``2**bits`` whose product exceeds ``2**value_bits``, with CRT weights."""

    primes: tuple[int, ...]
    bits: int

    @classmethod
    def for_counts(cls, value_bits: int, longest_sum: int) -> Moduli:
        """Moduli for values below ``2**value_bits`` where sums of ``longest_sum`` residues occur.

        Residues are below ``2**bits``; a sum of ``longest_sum`` of them, signed, stays below
        ``2**62`` because ``bits + bit_length(longest_sum) <= 61``.
        """
        bits = min(61, 61 - max(1, longest_sum).bit_length())
        if bits < 8:
            raise InputError(
                N_(
                    "this game is too large to count exactly: arrays of length {length} are "
                    "too large to count over"
                ),
                params={"length": longest_sum},
            )
        # Each prime exceeds 2**(bits - 1), so this many have a product above 2**value_bits.
        return cls(_primes_below(bits, -(-value_bits // (bits - 1))), bits)

    @property
    def column(self) -> IntArray:
        """The primes as an ``int64`` array shaped to broadcast over the leading axis."""
        return np.array(self.primes, dtype=np.int64)

    def combine(self, residues: IntArray) -> list[int]:
        """Exact values from residues shaped ``(len(primes), m)`` (Chinese remainder theorem)."""
        modulus = math.prod(self.primes)
        total = [0] * residues.shape[1]
        for p, row in zip(self.primes, residues.tolist(), strict=True):
            rest = modulus // p
            weight = rest * pow(rest, -1, p)
            total = [t + r * weight for t, r in zip(total, row, strict=True)]
        return [t % modulus for t in total]


def _reduce(array: IntArray, primes: IntArray) -> None:
    shape = (-1,) + (1,) * (array.ndim - 1)
    np.remainder(array, primes.reshape(shape), out=array)


def _check_size(primes: int, shape: tuple[int, ...]) -> None:
    if primes * math.prod(shape) > MAX_ARRAY_ENTRIES:
        raise InputError(
            N_(
                "this game is too large to count exactly: counting needs {primes} x {shape} "
                "integers; divide the weights by a common unit to make the quotas smaller"
            ),
            params={"primes": primes, "shape": " x ".join(map(str, shape))},
        )


def _reachable_sizes(vectors: Sequence[Vector], quotas: Vector) -> int:
    """Number of coalition sizes ``0, 1, ...`` whose lightest coalition is still in the box."""
    lightest = [sorted(v[d] for v in vectors) for d in range(len(quotas))]
    sizes = 1
    totals = [0] * len(quotas)
    for s in range(len(vectors)):
        totals = [t + column[s] for t, column in zip(totals, lightest, strict=True)]
        if any(t >= q for t, q in zip(totals, quotas, strict=True)):
            break
        sizes += 1
    return sizes


def _multiply(poly: IntArray, vectors: Sequence[Vector], quotas: Vector, moduli: Moduli) -> None:
    """Multiply ``poly`` (primes x weight axes) by ``1 + x**v`` for every vector, in the box."""
    primes = moduli.column
    # Residues start below 2**bits and at most double per factor: reduce before 2**62.
    extent, unreduced, period = [1] * len(quotas), 0, 62 - moduli.bits
    for v in sorted(vectors):
        lengths = [min(e, q - w) for e, q, w in zip(extent, quotas, v, strict=True)]
        if min(lengths) <= 0:
            continue  # every coalition with this player lies outside the box
        source: Index = (slice(None), *(slice(0, m) for m in lengths))
        target: Index = (slice(None), *(slice(w, w + m) for w, m in zip(v, lengths, strict=True)))
        poly[target] += poly[source]
        extent = [min(q, e + w) for e, q, w in zip(extent, quotas, v, strict=True)]
        unreduced += 1
        if unreduced == period:
            _reduce(poly, primes)
            unreduced = 0
    _reduce(poly, primes)


def _multiply_by_size(
    poly: IntArray, vectors: Sequence[Vector], quotas: Vector, moduli: Moduli
) -> None:
    """Multiply ``poly`` (primes x sizes x weight axes) by ``1 + u x**v`` for every vector.

    Row ``s + 1`` gains row ``s`` shifted by ``v``; going down from the largest size reads
    each row before it changes, and only the band of weights a row can hold is touched.
    """
    primes = moduli.column
    rows = poly.shape[1]
    low: list[Vector | None] = [None] * rows
    high: list[Vector | None] = [None] * rows
    low[0], high[0] = (0,) * len(quotas), (1,) * len(quotas)
    unreduced, period = 0, 62 - moduli.bits
    for v in sorted(vectors):
        for s in range(rows - 2, -1, -1):
            row_low, row_high = low[s], high[s]
            if row_low is None or row_high is None:
                continue
            lo = tuple(a + w for a, w in zip(row_low, v, strict=True))
            hi = tuple(min(q, b + w) for b, w, q in zip(row_high, v, quotas, strict=True))
            if any(a >= b for a, b in zip(lo, hi, strict=True)):
                continue
            target: Index = (
                slice(None),
                s + 1,
                *(slice(a, b) for a, b in zip(lo, hi, strict=True)),
            )
            source: Index = (
                slice(None),
                s,
                *(slice(a - w, b - w) for a, b, w in zip(lo, hi, v, strict=True)),
            )
            poly[target] += poly[source]
            next_low, next_high = low[s + 1], high[s + 1]
            if next_low is None or next_high is None:
                low[s + 1], high[s + 1] = lo, hi
            else:
                low[s + 1] = tuple(map(min, next_low, lo))
                high[s + 1] = tuple(map(max, next_high, hi))
        unreduced += 1
        if unreduced == period:
            _reduce(poly, primes)
            unreduced = 0
    _reduce(poly, primes)


@dataclass(frozen=True)
class BoxCounts:
    """Counts of coalitions whose weight vector lies below the quotas in every component.

    ``total`` counts coalitions of all players; ``window[v]`` counts, for a player with
    weight vector ``v``, the coalitions ``T`` of the other players with
    ``w(T) < X`` but not ``w(T) < X - v`` componentwise, by size of ``T`` when sizes are asked
    for (a list of ``n`` entries) or in total (a list of one entry).
    """

    total: int
    window: dict[Vector, list[int]]


def box_counts(vectors: Sequence[Vector], quotas: Vector, *, by_size: bool) -> BoxCounts:
    """Count coalitions below ``quotas`` and each player's window, exactly.

    Parameters
    ----------
    vectors
        One non-negative integer weight vector per player, all of length ``len(quotas)``.
    quotas
        Positive integer bounds ``X``; only coalitions with ``w(T) < X`` are represented.
    by_size
        Whether windows are split by coalition size (needed for Shapley-Shubik).
    """
    n = len(vectors)
    dims = len(quotas)
    zero = (0,) * dims
    # Without a size axis, a player of weight zero only doubles every count: leave it out.
    skipped = 0 if by_size else sum(1 for v in vectors if v == zero)
    members = [v for v in vectors if by_size or v != zero]
    shape = ((_reachable_sizes(members, quotas),) if by_size else ()) + quotas
    moduli = Moduli.for_counts(n + 1, max((n + 2, *quotas)))
    primes = moduli.column
    _check_size(len(primes), shape)
    poly: IntArray = np.zeros((len(primes), *shape), dtype=np.int64)
    poly[(slice(None),) + (0,) * len(shape)] = 1
    if by_size:
        _multiply_by_size(poly, members, quotas, moduli)
    else:
        _multiply(poly, members, quotas, moduli)

    # prefix[..., a, b] = number of coalitions with weight components below (a, b).
    prefix: IntArray = np.zeros(poly.shape[:-dims] + tuple(q + 1 for q in quotas), np.int64)
    cumulative = poly
    for axis in range(poly.ndim - dims, poly.ndim):
        cumulative = np.cumsum(cumulative, axis=axis)
        _reduce(cumulative, primes)
    inner: Index = (Ellipsis, *(slice(1, None) for _ in quotas))
    prefix[inner] = cumulative

    corner_index: Index = (Ellipsis, *quotas)
    corner = prefix[corner_index]
    total_res = corner.sum(axis=1) if by_size else corner
    residues = [np.asarray(total_res, dtype=np.int64).reshape(len(primes), 1) % primes[:, None]]

    groups = sorted(set(vectors))
    for v in groups:
        residues.append(_window(prefix, primes, v, quotas, n, by_size))
    flat = moduli.combine(np.concatenate(residues, axis=1))

    scale = 1 << skipped
    total = flat[0] * scale
    window: dict[Vector, list[int]] = {}
    width = n if by_size else 1
    for g, v in enumerate(groups):
        values = flat[1 + g * width : 1 + (g + 1) * width]
        window[v] = [x * scale for x in values] if v != zero or by_size else [0]
    return BoxCounts(total, window)


def _window(
    prefix: IntArray, primes: IntArray, v: Vector, quotas: Vector, n: int, by_size: bool
) -> IntArray:
    width = n if by_size else 1
    positive = [(q, w) for q, w in zip(quotas, v, strict=True) if w > 0]
    if not positive:
        return np.zeros((len(primes), width), dtype=np.int64)
    # Terms j with some component X - j*w <= 0 vanish: an empty prefix counts nothing.
    terms = min(-(-q // w) for q, w in positive)
    if by_size:
        terms = min(terms, n)
    j = np.arange(terms + 1)
    index: Index = (Ellipsis, *(np.maximum(q - j * w, 0) for q, w in zip(quotas, v, strict=True)))
    g = prefix[index]
    h = g[..., :-1] - g[..., 1:]
    sign = np.where(np.arange(terms) % 2 == 0, 1, -1).astype(np.int64)
    if not by_size:
        total: IntArray = (h * sign).sum(axis=-1) % primes
        return total.reshape(len(primes), 1)
    # Size s of T pairs with size s - j of the coalition counted by term j; sizes past the
    # last row have no coalition in the box.
    rows = h.shape[1]
    s = np.arange(n)[:, None]
    jj = np.arange(terms)[None, :]
    t = s - jj
    gathered = h[:, np.clip(t, 0, rows - 1), jj]
    by_length: IntArray = (gathered * (sign * ((t >= 0) & (t < rows)))).sum(axis=-1)
    return by_length % primes[:, None]


def minimal_coalition_counts(weights: Sequence[int], quota: int) -> tuple[int, int]:
    """Numbers of minimal winning and of minimal blocking coalitions of ``[quota; weights]``.

    With players sorted by decreasing weight, a winning ``S`` is minimal exactly when dropping
    its last (lightest) member ``j`` makes it lose, so minimal winning coalitions are ``{j}``
    plus a set ``T`` of earlier players with ``quota - w_j <= w(T) < quota``. A blocking
    coalition is minimal when its complement is maximal losing; with ``j`` the last player
    outside a losing ``S``, ``S`` holds every later player and adding ``j`` makes it win.
    """
    order = sorted(weights, reverse=True)
    n = len(order)
    suffix = [0] * (n + 1)
    for i in range(n - 1, -1, -1):
        suffix[i] = suffix[i + 1] + order[i]
    moduli = Moduli.for_counts(n + 1, quota + 1)
    primes = moduli.column
    _check_size(len(primes), (quota,))
    poly: IntArray = np.zeros((len(primes), quota), dtype=np.int64)
    poly[:, 0] = 1
    minimal_winning = np.zeros(len(primes), dtype=np.int64)
    minimal_blocking = np.zeros(len(primes), dtype=np.int64)
    for j, w in enumerate(order):
        lo, hi = max(0, quota - w), quota
        minimal_winning = (minimal_winning + poly[:, lo:hi].sum(axis=1)) % primes
        rest = suffix[j + 1]
        lo, hi = max(0, quota - w - rest), max(0, quota - rest)
        minimal_blocking = (minimal_blocking + poly[:, lo:hi].sum(axis=1)) % primes
        if w < quota:
            poly[:, w:] += poly[:, : quota - w]
            poly %= primes[:, None]
    counts = moduli.combine(np.stack([minimal_winning, minimal_blocking], axis=1))
    return counts[0], counts[1]


# -- enumeration over all 2**n coalitions --------------------------------------------------


def _halves(array: npt.NDArray[Scalar], player: int) -> npt.NDArray[Scalar]:
    """View of a ``2**n`` table as ``(..., 2, 2**player)``: axis 1 is the player's bit."""
    return array.reshape(-1, 2, 1 << player)


def weight_sums(weights: Sequence[int]) -> IntArray:
    """Total weight of every coalition, indexed by the bit mask of its members."""
    sums = np.zeros(1 << len(weights), dtype=np.int64)
    for i, w in enumerate(weights):
        _halves(sums, i)[:, 1, :] += w
    return sums


def coalition_sizes(n: int) -> IntArray:
    """Number of members of every coalition, indexed by bit mask."""
    return weight_sums([1] * n)


def swings_by_size(table: BoolArray) -> list[list[int]]:
    """For each player, the number of coalitions by size that it turns from losing to winning."""
    n = table.size.bit_length() - 1
    sizes = coalition_sizes(n)
    result = []
    for i in range(n):
        halves = _halves(table, i)
        swing = halves[:, 1, :] & ~halves[:, 0, :]
        counted = np.bincount(_halves(sizes, i)[:, 0, :][swing], minlength=n)
        result.append([int(c) for c in counted[:n]])
    return result


def minimal_count(table: BoolArray) -> int:
    """Number of coalitions in ``table`` that leave it when any one member leaves them."""
    n = table.size.bit_length() - 1
    minimal = table.copy()
    for i in range(n):
        _halves(minimal, i)[:, 1, :] &= ~_halves(table, i)[:, 0, :]
    return int(minimal.sum())


def blocking_table(table: BoolArray) -> BoolArray:
    """Blocking coalitions: those whose complement (the reversed index) does not win."""
    result: BoolArray = ~table[::-1]
    return result


def is_monotone(table: BoolArray) -> bool:
    """Whether adding a member never turns a winning coalition into a losing one."""
    n = table.size.bit_length() - 1
    return all(
        not np.any(_halves(table, i)[:, 0, :] & ~_halves(table, i)[:, 1, :]) for i in range(n)
    )
