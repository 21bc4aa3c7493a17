"""A Merkle tree over the ledger, as Certificate Transparency builds one (RFC 9162, 2.1).

The hash chain shows that no row *inside* a copy of the ledger was changed; it cannot show
an outsider that today's ledger still begins with the rows they saw last year, short of
handing them every row. The Merkle tree can: from the root of the first *m* rows (kept in a
signed checkpoint) and the root of all *n* rows, a consistency proof of about
``2 * log2(n)`` hashes shows that the first *m* leaves are unchanged.

Leaves are the rows' chain hashes, as 32 raw bytes (the 64 hex digits decoded): each one
already commits to its row's columns and to every row before it. With ``||`` for
concatenation and ``SHA-256`` as the hash (RFC 9162, 2.1.1)::

    MTH({})        = SHA-256()                                     # the empty tree
    MTH({d(0)})    = SHA-256(0x00 || d(0))                         # one leaf
    MTH(D[n])      = SHA-256(0x01 || MTH(D[0:k]) || MTH(D[k:n]))   # k: largest power of 2 < n

Proofs are made as RFC 9162, 2.1.4.1 says and checked as 2.1.4.2 says, so any
Certificate Transparency library can check them too. The functions here are pure and need
nothing but :mod:`hashlib`.

>>> leaves = [bytes([i]) * 32 for i in range(7)]
>>> proof = consistency_proof(leaves, 3)
>>> len(proof)
4
>>> verify_consistency(3, 7, tree_root(leaves[:3]), tree_root(leaves), proof)
True
>>> verify_consistency(3, 7, tree_root(leaves[:2] + [b"x" * 32]), tree_root(leaves), proof)
False
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

__all__ = [
    "consistency_proof",
    "inclusion_proof",
    "leaf_hash",
    "tree_root",
    "verify_consistency",
    "verify_inclusion",
    "verify_inclusion_hash",
]

_sha256 = hashlib.sha256


def leaf_hash(leaf: bytes) -> bytes:
    """``SHA-256(0x00 || leaf)``."""
    return _sha256(b"\x00" + leaf).digest()


def _node(left: bytes, right: bytes) -> bytes:
    return _sha256(b"\x01" + left + right).digest()


def _split(n: int) -> int:
    """The largest power of two smaller than ``n`` (``n >= 2``)."""
    return 1 << ((n - 1).bit_length() - 1)


def tree_root(leaves: Sequence[bytes]) -> bytes:
    """The Merkle Tree Hash of ``leaves``, in one pass and O(log n) memory.

    Whole subtrees of 1, 2, 4, ... leaves are merged as they complete, then the leftover
    ones are folded from the right, which gives the same value as the recursive definition
    (a test checks it against that definition).
    """
    if not leaves:
        return _sha256(b"").digest()
    stack: list[tuple[int, bytes]] = []  # (size, hash) of complete subtrees, left to right
    for leaf in leaves:
        size, digest = 1, leaf_hash(leaf)
        while stack and stack[-1][0] == size:
            left_size, left = stack.pop()
            size, digest = left_size + size, _node(left, digest)
        stack.append((size, digest))
    digest = stack[-1][1]
    for _, left in reversed(stack[:-1]):
        digest = _node(left, digest)
    return digest


def consistency_proof(leaves: Sequence[bytes], first: int) -> list[bytes]:
    """PROOF(first, D[n]) of RFC 9162, 2.1.4.1: the hashes that show the tree of the first
    ``first`` leaves is a prefix of the tree of all of ``leaves``.

    Empty when ``first`` is 0 or ``len(leaves)`` (nothing to prove).
    """
    n = len(leaves)
    if not 0 <= first <= n:
        raise ValueError(f"a proof from size {first} needs 0 <= {first} <= {n} leaves")
    if first in (0, n):
        return []
    return _subproof(leaves, 0, n, first, True)


def _subproof(leaves: Sequence[bytes], start: int, end: int, m: int, whole: bool) -> list[bytes]:
    # SUBPROOF(m, D[start:end], b) of RFC 9162; slices would copy, so indices are passed.
    n = end - start
    if m == n:
        return [] if whole else [tree_root(leaves[start:end])]
    k = _split(n)
    if m <= k:
        return [
            *_subproof(leaves, start, start + k, m, whole),
            tree_root(leaves[start + k : end]),
        ]
    return [
        *_subproof(leaves, start + k, end, m - k, False),
        tree_root(leaves[start : start + k]),
    ]


def verify_consistency(
    first: int, second: int, first_root: bytes, second_root: bytes, proof: Sequence[bytes]
) -> bool:
    """Whether ``proof`` shows that the tree of size ``second`` with root ``second_root``
    extends the tree of size ``first`` with root ``first_root`` (RFC 9162, 2.1.4.2).

    A tree extends the empty tree and itself without proof; a smaller tree never extends a
    larger one.
    """
    if first < 0 or second < first:
        return False
    if first == 0:  # the empty tree, whose root is SHA-256 of nothing, is a prefix of all
        empty = _sha256(b"").digest()
        fits = len(second_root) == 32 and (second > 0 or second_root == empty)
        return not proof and first_root == empty and fits
    if first == second:
        return not proof and first_root == second_root
    if any(len(h) != 32 for h in (*proof, first_root, second_root)):
        return False
    if not proof:
        return False
    path = list(proof)
    if first & (first - 1) == 0:  # an exact power of two: the old root is itself a node
        path.insert(0, first_root)
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = _node(c, fr), _node(c, sr)
            if not fn & 1:
                while fn and not fn & 1:
                    fn, sn = fn >> 1, sn >> 1
        else:
            sr = _node(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return fr == first_root and sr == second_root and sn == 0


def inclusion_proof(leaves: Sequence[bytes], index: int) -> list[bytes]:
    """PATH(index, D[n]) of RFC 9162, 2.1.3.1: the sibling hashes from the leaf at
    ``index`` (counted from 0) up to the root's child, which show that this leaf is in the
    tree of all of ``leaves``.
    """
    n = len(leaves)
    if not 0 <= index < n:
        raise ValueError(f"an inclusion proof of leaf {index} needs 0 <= {index} < {n}")
    path: list[bytes] = []
    start, end = 0, n
    # Walk down from the root, collecting the sibling of each subtree entered; the path is
    # read from the leaf up, so it is reversed at the end.
    while end - start > 1:
        k = _split(end - start)
        if index - start < k:
            path.append(tree_root(leaves[start + k : end]))
            end = start + k
        else:
            path.append(tree_root(leaves[start : start + k]))
            start += k
    return path[::-1]


def verify_inclusion(
    index: int, size: int, leaf: bytes, proof: Sequence[bytes], root: bytes
) -> bool:
    """Whether ``proof`` shows that ``leaf`` (the leaf's data, hashed here with
    :func:`leaf_hash`) is leaf number ``index`` of the tree of ``size`` leaves whose root
    is ``root`` (RFC 9162, 2.1.3.2)."""
    return verify_inclusion_hash(index, size, leaf_hash(leaf), proof, root)


def verify_inclusion_hash(
    index: int, size: int, hashed_leaf: bytes, proof: Sequence[bytes], root: bytes
) -> bool:
    """:func:`verify_inclusion` for a leaf already hashed (``SHA-256(0x00 || leaf)``), as
    proofs' test vectors give it."""
    if not 0 <= index < size or any(len(h) != 32 for h in (*proof, hashed_leaf, root)):
        return False
    fn, sn = index, size - 1
    r = hashed_leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = _node(p, r)
            if not fn & 1:
                while fn and not fn & 1:
                    fn, sn = fn >> 1, sn >> 1
        else:
            r = _node(r, p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == root
