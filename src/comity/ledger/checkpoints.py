"""Signed checkpoints of the ledger, and proofs that today's ledger extends an old one.

A :class:`Checkpoint` states, under the operator's Ed25519 signature, how many rows the
ledger had, the Merkle root over their hashes (:mod:`comity.ledger.merkle`) and the last
row's hash. Whoever keeps one can later ask for a :class:`ConsistencyProof` from it to the
current ledger and check, with nothing but the old checkpoint, the proof and the public key,
that the ledger now holds the very rows it held then plus new ones: a rewritten, removed or
reordered old row makes the check fail, even if the operator recomputed every hash after it.

What is signed is this text, in UTF-8, every line ending in a newline::

    comity checkpoint v1
    <size, decimal>
    <Merkle root, 64 lowercase hex digits>
    <head hash, 64 lowercase hex digits>
    <signed at, YYYY-MM-DDTHH:MM:SS.ffffffZ>
    <key id, 16 lowercase hex digits>

An outside party checks a proof with :func:`check_proof` (pure: no database, no key file)::

    from comity.ledger.checkpoints import ConsistencyProof, check_proof
    from comity.ledger.keys import load_public_key
    proof = ConsistencyProof.from_json(json.load(open("proof.json")))
    old = Checkpoint.from_json(json.load(open("checkpoint.json")))   # the one kept
    check_proof(old, proof, load_public_key(open("comity.pub").read())).ok

Any Certificate Transparency (RFC 9162) implementation can check the Merkle part too: the
leaves are the 32-byte row hashes, the proof the ``hashes`` in order.

Checkpoints in the standard form
--------------------------------
The checkpoints comity signs now are C2SP ``tlog-checkpoint`` bodies in a C2SP signed note
(:mod:`comity.ledger.note`), signed with the same Ed25519 key under the ledger's *origin*
(``COMITY_LOG_ORIGIN``), so that transparency-log tools and witnesses read them::

    <origin>
    <size, decimal>
    <Merkle root, base64 of 32 bytes>

    — <origin> <base64 of key id and signature>

The head hash needs no line of its own: it is the last leaf, which an inclusion proof shows;
the time goes in the witnesses' cosignatures. The ``comity checkpoint v1`` files above are
still read and checked (:func:`check_proof`).
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from comity.errors import CheckpointError
from comity.i18n import N_
from comity.ledger.hashing import StoredRow, format_recorded_at
from comity.ledger.keys import key_id
from comity.ledger.merkle import consistency_proof, tree_root, verify_consistency
from comity.ledger.note import ED25519, Note, Verifier, open_note, sign_note
from comity.ledger.verify import chained

__all__ = [
    "Checkpoint",
    "ConsistencyProof",
    "ProofCheck",
    "TreeHead",
    "TreeProof",
    "check_proof",
    "check_tree_proof",
    "leaves",
    "log_verifier",
    "open_checkpoint",
    "prove",
    "prove_tree",
    "sign_checkpoint",
    "sign_tree_head",
    "tree_head",
]

_HEADER = "comity checkpoint v1"
_HEX64 = re.compile(r"[0-9a-f]{64}")
_KEY_ID = re.compile(r"[0-9a-f]{16}")
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z")


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """A signed statement of the ledger's size, Merkle root and head hash at one moment."""

    size: int
    root: str
    head_hash: str
    signed_at: str
    signature: str
    key_id: str

    def message(self) -> bytes:
        """The bytes the signature covers (see the module's docstring)."""
        return signed_text(self.size, self.root, self.head_hash, self.signed_at, self.key_id)

    def signed_by(self, key: Ed25519PublicKey) -> bool:
        """Whether ``key`` made the signature (and the key id names it)."""
        if self.key_id != key_id(key):
            return False
        try:
            key.verify(base64.b64decode(self.signature, validate=True), self.message())
        except (InvalidSignature, binascii.Error, ValueError):
            return False
        return True

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Any) -> Checkpoint:
        """Read what :meth:`to_json` wrote; :class:`~comity.errors.CheckpointError` says
        what is wrong with anything else."""
        fields = ("size", "root", "head_hash", "signed_at", "signature", "key_id")
        if not isinstance(data, dict) or sorted(data) != sorted(fields):
            raise CheckpointError(
                N_(
                    "a checkpoint is a JSON object with exactly the fields {fields}, as comity"
                    " checkpoint prints it"
                ),
                params={"fields": ", ".join(fields)},
            )
        size = data["size"]
        checks = (
            (isinstance(size, int) and not isinstance(size, bool) and size >= 0, "size"),
            (isinstance(data["root"], str) and _HEX64.fullmatch(data["root"]), "root"),
            (
                isinstance(data["head_hash"], str) and _HEX64.fullmatch(data["head_hash"]),
                "head_hash",
            ),
            (
                isinstance(data["signed_at"], str) and _TIMESTAMP.fullmatch(data["signed_at"]),
                "signed_at",
            ),
            (isinstance(data["key_id"], str) and _KEY_ID.fullmatch(data["key_id"]), "key_id"),
            (isinstance(data["signature"], str), "signature"),
        )
        for ok, name in checks:
            if not ok:
                raise CheckpointError(
                    N_(
                        "the checkpoint's {name} is not in the form comity checkpoint writes:"
                        " {found!r}"
                    ),
                    value=name,
                    params={"name": name, "found": data[name]},
                )
        return cls(**data)


def signed_text(size: int, root: str, head_hash: str, signed_at: str, key: str) -> bytes:
    return f"{_HEADER}\n{size}\n{root}\n{head_hash}\n{signed_at}\n{key}\n".encode()


@dataclass(frozen=True, slots=True)
class ConsistencyProof:
    """That the ledger at ``new`` extends the ledger at ``old``: RFC 9162 ``hashes``
    (hex) from the tree of ``old.size`` leaves to the tree of ``new.size`` leaves."""

    old: Checkpoint
    new: Checkpoint
    hashes: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {"old": self.old.to_json(), "new": self.new.to_json(), "hashes": list(self.hashes)}

    @classmethod
    def from_json(cls, data: Any) -> ConsistencyProof:
        if not isinstance(data, dict) or sorted(data) != ["hashes", "new", "old"]:
            raise CheckpointError(
                N_(
                    "a proof is a JSON object with the fields old, new and hashes, as comity"
                    " prove prints it"
                ),
                params={},
            )
        hashes = data["hashes"]
        if not isinstance(hashes, list) or not all(
            isinstance(h, str) and _HEX64.fullmatch(h) for h in hashes
        ):
            raise CheckpointError(
                N_("a proof's hashes are a list of 64 hex digit strings"), params={}
            )
        return cls(
            old=Checkpoint.from_json(data["old"]),
            new=Checkpoint.from_json(data["new"]),
            hashes=tuple(hashes),
        )


@dataclass(frozen=True, slots=True)
class ProofCheck:
    """The outcome of :func:`check_proof`: ``ok``, or the ``reason`` it is not."""

    ok: bool
    reason: str


def leaves(rows: Iterable[StoredRow]) -> list[bytes]:
    """The Merkle leaves of a ledger: its rows' hashes as bytes, once the chain verified.

    Raises :class:`~comity.errors.ChainBrokenError` at a row that does not fit: a broken
    chain is never signed or proved.
    """
    return [bytes.fromhex(row.hash) for row in chained(rows)]


def sign_checkpoint(
    leaves_: list[bytes], key: Ed25519PrivateKey, *, signed_at: datetime
) -> Checkpoint:
    """Sign the ledger whose leaves are ``leaves_`` (see :func:`leaves`)."""
    size = len(leaves_)
    root = tree_root(leaves_).hex()
    head = leaves_[-1].hex() if leaves_ else "0" * 64
    moment = format_recorded_at(signed_at)
    name = key_id(key.public_key())
    signature = key.sign(signed_text(size, root, head, moment, name))
    return Checkpoint(
        size=size,
        root=root,
        head_hash=head,
        signed_at=moment,
        signature=base64.b64encode(signature).decode("ascii"),
        key_id=name,
    )


def prove(
    old: Checkpoint, leaves_: list[bytes], key: Ed25519PrivateKey, *, signed_at: datetime
) -> ConsistencyProof:
    """A proof from ``old`` to the ledger whose leaves are ``leaves_``, with a new signed
    checkpoint of that ledger.

    Raises :class:`~comity.errors.CheckpointError` if the ledger is not an extension of
    ``old`` (fewer rows now, or other rows in its place): then no proof exists.
    """
    if old.size > len(leaves_):
        raise CheckpointError(
            N_(
                "the ledger holds {held} events, fewer than the {size} of the checkpoint: rows"
                " were removed"
            ),
            value=old.size,
            params={"held": len(leaves_), "size": old.size},
        )
    if tree_root(leaves_[: old.size]).hex() != old.root:
        raise CheckpointError(
            N_(
                "the ledger's first {size} events are not the ones the checkpoint signed (their"
                " Merkle root differs): the history since the checkpoint was rewritten"
            ),
            value=old.size,
            params={"size": old.size},
        )
    new = sign_checkpoint(leaves_, key, signed_at=signed_at)
    hashes = tuple(h.hex() for h in consistency_proof(leaves_, old.size))
    return ConsistencyProof(old=old, new=new, hashes=hashes)


def check_proof(
    kept: Checkpoint, proof: ConsistencyProof, public_key: Ed25519PublicKey
) -> ProofCheck:
    """Whether ``proof`` shows that the ledger signed in ``proof.new`` extends the one in
    ``kept``, the checkpoint the caller kept: pure, needing only the public key.

    Checks that ``proof.old`` is ``kept``, that ``public_key`` signed both checkpoints, and
    the RFC 9162 consistency proof between their Merkle roots.
    """
    if proof.old != kept:
        return ProofCheck(False, "the proof starts from another checkpoint than the one kept")
    for name, checkpoint in (("kept", kept), ("new", proof.new)):
        if not checkpoint.signed_by(public_key):
            return ProofCheck(False, f"the {name} checkpoint is not signed by this key")
    if proof.new.size < kept.size:
        return ProofCheck(False, "the new checkpoint has fewer events than the kept one")
    consistent = verify_consistency(
        kept.size,
        proof.new.size,
        bytes.fromhex(kept.root),
        bytes.fromhex(proof.new.root),
        [bytes.fromhex(h) for h in proof.hashes],
    )
    if not consistent:
        return ProofCheck(
            False,
            f"the consistency proof fails: the ledger of {proof.new.size} events does not "
            f"begin with the {kept.size} events of the kept checkpoint",
        )
    return ProofCheck(
        True, f"the ledger of {proof.new.size} events extends the kept {kept.size} events"
    )


_ORIGIN = re.compile(r"[^\s+]+")
_B64_32 = re.compile(r"[A-Za-z0-9+/]{43}=")
_DECIMAL = re.compile(r"0|[1-9][0-9]{0,18}")


@dataclass(frozen=True, slots=True)
class TreeHead:
    """The body of a C2SP checkpoint: origin, tree size and RFC 6962 root."""

    origin: str
    size: int
    root: bytes

    def text(self) -> str:
        root = base64.b64encode(self.root).decode("ascii")
        return f"{self.origin}\n{self.size}\n{root}\n"

    @classmethod
    def parse(cls, text: str) -> TreeHead:
        """The tree head of a checkpoint's note text; extension lines are refused (comity
        writes none, and they are not auditable)."""
        lines = text.split("\n")
        if (
            len(lines) != 4
            or lines[3] != ""
            or not _ORIGIN.fullmatch(lines[0])
            or not _DECIMAL.fullmatch(lines[1])
            or not _B64_32.fullmatch(lines[2])
        ):
            raise CheckpointError(
                N_(
                    "a checkpoint's text is three lines: origin, tree size in decimal, base64"
                    " root hash (C2SP tlog-checkpoint); got {found!r}"
                ),
                params={"found": text[:300]},
            )
        return cls(lines[0], int(lines[1]), base64.b64decode(lines[2]))


def check_origin(origin: str) -> str:
    """``origin`` if it can name a log (non-empty, no spaces, no ``+``)."""
    if not _ORIGIN.fullmatch(origin):
        raise CheckpointError(
            N_(
                "a ledger's origin is one word without spaces or '+', such as"
                " sco.example/ledger; got {found!r}"
            ),
            value=origin,
            params={"found": origin},
        )
    return origin


def log_verifier(origin: str, key: Ed25519PublicKey) -> Verifier:
    """The log's verifier: its key under its origin, type Ed25519 (``0x01``)."""
    return Verifier(check_origin(origin), ED25519, key)


def tree_head(leaves_: list[bytes], origin: str) -> TreeHead:
    """The tree head of the ledger whose leaves are ``leaves_`` (see :func:`leaves`)."""
    return TreeHead(check_origin(origin), len(leaves_), tree_root(leaves_))


def sign_tree_head(head: TreeHead, key: Ed25519PrivateKey) -> str:
    """The signed note of ``head``: a C2SP checkpoint, signed under its origin."""
    return sign_note(head.text(), head.origin, key)


def open_checkpoint(
    message: str, log: Verifier, witnesses: tuple[Verifier, ...] = ()
) -> tuple[TreeHead, Note, list[Verifier]]:
    """Check a C2SP checkpoint: signed by ``log``, for ``log``'s origin. Returns its tree
    head, the note and the ``witnesses`` whose cosignatures verify (a failing one raises,
    as the signed-note specification asks).
    """
    note, good = open_note(message, (log, *witnesses))
    if log not in good:
        raise CheckpointError(
            N_("the checkpoint is not signed by the log's key {name}"),
            value=log.name,
            params={"name": log.name},
        )
    head = TreeHead.parse(note.text)
    if head.origin != log.name:
        raise CheckpointError(
            N_("the checkpoint is for the log {found}, not {origin}"),
            value=head.origin,
            params={"found": head.origin, "origin": log.name},
        )
    return head, note, [v for v in good if v != log]


@dataclass(frozen=True, slots=True)
class TreeProof:
    """That the checkpoint ``new`` extends the checkpoint ``old`` (both signed notes, or a
    ``comity checkpoint v1`` for ``old``): the RFC 6962 consistency proof between them."""

    old: str | Checkpoint
    new: str
    proof: tuple[bytes, ...]

    def to_json(self) -> dict[str, Any]:
        old = self.old if isinstance(self.old, str) else self.old.to_json()
        proof = [base64.b64encode(h).decode("ascii") for h in self.proof]
        return {"old": old, "new": self.new, "proof": proof}

    @classmethod
    def from_json(cls, data: Any) -> TreeProof:
        if (
            not isinstance(data, dict)
            or sorted(data) != ["new", "old", "proof"]
            or not isinstance(data["new"], str)
            or not isinstance(data["proof"], list)
            or not all(isinstance(h, str) and _B64_32.fullmatch(h) for h in data["proof"])
        ):
            raise CheckpointError(
                N_(
                    "a proof is a JSON object with the fields old, new and proof (base64"
                    " hashes), as comity prove prints it"
                ),
                params={},
            )
        old = data["old"] if isinstance(data["old"], str) else Checkpoint.from_json(data["old"])
        return cls(old, data["new"], tuple(base64.b64decode(h) for h in data["proof"]))


def prove_tree(
    old: str | Checkpoint, log: Verifier, leaves_: list[bytes], key: Ed25519PrivateKey
) -> TreeProof:
    """A new signed checkpoint of the ledger whose leaves are ``leaves_`` and the proof that
    it extends ``old``. Raises :class:`~comity.errors.CheckpointError` if it does not (then
    no proof exists)."""
    if isinstance(old, Checkpoint):
        size, root = old.size, bytes.fromhex(old.root)
    else:
        head, _, _ = open_checkpoint(old, log)
        size, root = head.size, head.root
    _extends(size, root, leaves_)
    new = sign_tree_head(tree_head(leaves_, log.name), key)
    return TreeProof(old, new, tuple(consistency_proof(leaves_, size)))


def _extends(size: int, root: bytes, leaves_: list[bytes]) -> None:
    if size > len(leaves_):
        raise CheckpointError(
            N_(
                "the ledger holds {held} events, fewer than the {size} of the checkpoint: rows"
                " were removed"
            ),
            value=size,
            params={"held": len(leaves_), "size": size},
        )
    if tree_root(leaves_[:size]) != root:
        raise CheckpointError(
            N_(
                "the ledger's first {size} events are not the ones the checkpoint signed (their"
                " Merkle root differs): the history since the checkpoint was rewritten"
            ),
            value=size,
            params={"size": size},
        )


def check_tree_proof(kept: str | Checkpoint, proof: TreeProof, log: Verifier) -> ProofCheck:
    """Whether ``proof`` shows that its new checkpoint extends ``kept``, the checkpoint the
    caller kept (a signed note or a v1 checkpoint): pure, needing only the log's verifier."""
    if proof.old != kept:
        return ProofCheck(False, "the proof starts from another checkpoint than the one kept")
    if isinstance(kept, Checkpoint):
        if not kept.signed_by(log.public_key):
            return ProofCheck(False, "the kept checkpoint is not signed by this key")
        size, root = kept.size, bytes.fromhex(kept.root)
    else:
        try:
            old_head, _, _ = open_checkpoint(kept, log)
        except CheckpointError as e:
            return ProofCheck(False, f"the kept checkpoint: {e.message}")
        size, root = old_head.size, old_head.root
    try:
        new, _, _ = open_checkpoint(proof.new, log)
    except CheckpointError as e:
        return ProofCheck(False, f"the new checkpoint: {e.message}")
    if new.size < size:
        return ProofCheck(False, "the new checkpoint has fewer events than the kept one")
    if not verify_consistency(size, new.size, root, new.root, proof.proof):
        return ProofCheck(
            False,
            f"the consistency proof fails: the ledger of {new.size} events does not "
            f"begin with the {size} events of the kept checkpoint",
        )
    return ProofCheck(True, f"the ledger of {new.size} events extends the kept {size} events")
