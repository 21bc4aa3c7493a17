"""The Merkle tree follows RFC 9162 (formerly RFC 6962) to the byte: roots and consistency
proofs match Certificate Transparency's reference test vectors, every proof between two
sizes verifies, and any changed old leaf, proof hash or size makes verification fail."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from comity.ledger.merkle import consistency_proof, tree_root, verify_consistency

# The eight leaves and expected values of the Certificate Transparency reference
# implementation's Merkle tree tests (merkle_tree_test, RFC 6962 test data).
CT_LEAVES = [
    b"",
    b"\x00",
    b"\x10",
    b"\x20\x21",
    b"\x30\x31",
    b"\x40\x41\x42\x43",
    bytes(range(0x50, 0x58)),
    bytes(range(0x60, 0x70)),
]
CT_ROOTS = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
CT_PROOFS = {
    (1, 8): [
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ],
    (6, 8): [
        "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ],
    (2, 5): [
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    ],
    (3, 8): [
        "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
        "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ],
}


def _reference_root(leaves: list[bytes]) -> bytes:
    """MTH exactly as RFC 9162, 2.1.1 defines it, recursively."""
    n = len(leaves)
    if n == 0:
        return hashlib.sha256(b"").digest()
    if n == 1:
        return hashlib.sha256(b"\x00" + leaves[0]).digest()
    k = 1
    while k * 2 < n:
        k *= 2
    left, right = _reference_root(leaves[:k]), _reference_root(leaves[k:])
    return hashlib.sha256(b"\x01" + left + right).digest()


def _leaves(n: int, tag: bytes = b"") -> list[bytes]:
    return [hashlib.sha256(tag + i.to_bytes(4, "big")).digest() for i in range(n)]


def test_roots_match_the_certificate_transparency_vectors() -> None:
    assert tree_root([]).hex() == hashlib.sha256(b"").hexdigest()
    for size, expected in enumerate(CT_ROOTS, start=1):
        assert tree_root(CT_LEAVES[:size]).hex() == expected


@pytest.mark.parametrize(("first", "second"), sorted(CT_PROOFS))
def test_proofs_match_the_certificate_transparency_vectors(first: int, second: int) -> None:
    proof = consistency_proof(CT_LEAVES[:second], first)
    assert [h.hex() for h in proof] == CT_PROOFS[first, second]
    assert verify_consistency(
        first,
        second,
        bytes.fromhex(CT_ROOTS[first - 1]),
        bytes.fromhex(CT_ROOTS[second - 1]),
        proof,
    )


def test_the_one_pass_root_equals_the_recursive_definition() -> None:
    for n in range(70):
        assert tree_root(_leaves(n)) == _reference_root(_leaves(n)), n


def test_every_proof_between_two_sizes_verifies_and_is_short() -> None:
    leaves = _leaves(40)
    for second in range(1, 41):
        root = tree_root(leaves[:second])
        for first in range(0, second + 1):
            proof = consistency_proof(leaves[:second], first)
            assert len(proof) <= 2 * max(second - 1, 1).bit_length() + 1
            assert verify_consistency(first, second, tree_root(leaves[:first]), root, proof)


def test_a_changed_old_leaf_fails_every_proof() -> None:
    leaves = _leaves(21)
    for first in range(1, 21):
        proof = consistency_proof(leaves, first)
        for changed in range(first):
            forged = list(leaves)
            forged[changed] = b"\xff" * 32
            # The operator rewrote leaf ``changed`` and proves from the new tree: the kept
            # root no longer matches, with the honest proof or with one from the forgery.
            kept = tree_root(leaves[:first])
            assert not verify_consistency(
                first, 21, kept, tree_root(forged), consistency_proof(forged, first)
            )
            assert not verify_consistency(first, 21, kept, tree_root(forged), proof)


@given(
    second=st.integers(2, 64),
    data=st.data(),
)
def test_any_tampered_proof_or_size_fails(second: int, data: st.DataObject) -> None:
    first = data.draw(st.integers(1, second - 1))
    leaves = _leaves(second, b"p")
    old, new = tree_root(leaves[:first]), tree_root(leaves)
    proof = consistency_proof(leaves, first)
    assert verify_consistency(first, second, old, new, proof)
    if proof:
        at = data.draw(st.integers(0, len(proof) - 1))
        bad = list(proof)
        bad[at] = bytes([bad[at][0] ^ 1]) + bad[at][1:]
        assert not verify_consistency(first, second, old, new, bad)
        assert not verify_consistency(first, second, old, new, proof[:-1])
        assert not verify_consistency(first, second, old, new, [*proof, proof[0]])
    assert not verify_consistency(first, second, new, new, proof)
    assert not verify_consistency(second, first, new, old, proof)
    other = data.draw(st.integers(1, second).filter(lambda s: s != first))
    assert not verify_consistency(other, second, old, new, proof)


def test_sizes_that_cannot_be_proved() -> None:
    leaves = _leaves(5)
    with pytest.raises(ValueError, match="needs"):
        consistency_proof(leaves, 6)
    root = tree_root(leaves)
    assert verify_consistency(0, 5, tree_root([]), root, [])
    assert verify_consistency(5, 5, root, root, [])
    assert not verify_consistency(5, 5, root, tree_root(leaves[:4]), [])
    assert not verify_consistency(3, 5, tree_root(leaves[:3]), root, [])
