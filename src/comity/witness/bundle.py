"""Proofs a delegation can keep: a C2SP ``tlog-proof`` that an event is on the record.

::

    c2sp.org/tlog-proof@v1
    index <the event's leaf index: its sequence number - 1>
    <inclusion proof, one base64 hash a line, from the leaf's sibling up>

    <the cosigned checkpoint, verbatim>

:func:`check_event_proof` verifies it offline with the log's key and the witness policy: the
checkpoint's log signature, the quorum of cosignatures, and the inclusion of the leaf. The
leaf is the row's chain hash (:mod:`comity.ledger.hashing`), given in the ``extra`` line, so
whoever holds the row can recompute it and see that it is this event.
Reference: https://c2sp.org/tlog-proof.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass

from comity.errors import CheckpointError
from comity.i18n import N_
from comity.ledger.checkpoints import ProofCheck, open_checkpoint
from comity.ledger.merkle import inclusion_proof, verify_inclusion
from comity.ledger.note import Verifier
from comity.witness.policy import Policy

__all__ = ["EventProof", "check_event_proof", "event_proof", "latest_published", "parse_bundle"]

HEADER = "c2sp.org/tlog-proof@v1"
_B64 = re.compile(r"[A-Za-z0-9+/]{43}=")


@dataclass(frozen=True, slots=True)
class EventProof:
    """A parsed tlog-proof: the leaf (row hash), its index, the path and the checkpoint."""

    leaf: bytes | None
    index: int
    path: tuple[bytes, ...]
    checkpoint: str

    def render(self) -> str:
        lines = [HEADER]
        if self.leaf is not None:
            lines.append(f"extra {base64.b64encode(self.leaf).decode('ascii')}")
        lines.append(f"index {self.index}")
        lines.extend(base64.b64encode(h).decode("ascii") for h in self.path)
        return "\n".join(lines) + "\n\n" + self.checkpoint


def latest_published(origin: str) -> str:
    """The published checkpoint of the ledger named ``origin`` (in the settings' folder)."""
    from comity.settings import Settings
    from comity.witness.publish import PublishedCheckpoint

    settings = Settings()
    text = PublishedCheckpoint.beside(settings.published_folder(), origin).read()
    if text is None:
        raise CheckpointError(
            N_("no witnessed checkpoint is published yet; run comity witness publish first"),
            params={},
        )
    return text


def event_proof(leaves: list[bytes], sequence: int, checkpoint: str, log: Verifier) -> str:
    """The tlog-proof that event ``sequence`` is in the tree of ``checkpoint``."""
    head, _, _ = open_checkpoint(checkpoint, log)
    if not 1 <= sequence <= head.size:
        raise CheckpointError(
            N_("event {sequence} is not in the checkpoint, which holds events 1 to {size}"),
            value=sequence,
            params={"sequence": sequence, "size": head.size},
        )
    index = sequence - 1
    path = tuple(inclusion_proof(leaves[: head.size], index))
    return EventProof(leaves[index], index, path, checkpoint).render()


def _bad(reason: str) -> CheckpointError:
    return CheckpointError(
        N_("not a tlog-proof as comity prove --event writes it: {reason}"),
        params={"reason": reason},
    )


def parse_bundle(text: str) -> EventProof:
    head, sep, checkpoint = text.partition("\n\n")
    lines = head.split("\n")
    if not sep or lines[0] != HEADER:
        raise _bad(HEADER)
    rest = lines[1:]
    leaf = None
    try:
        if rest and rest[0].startswith("extra "):
            leaf = base64.b64decode(rest.pop(0)[6:], validate=True)
        if not rest or not re.fullmatch(r"index (0|[1-9][0-9]{0,18})", rest[0]):
            raise _bad("index")
        index = int(rest[0][6:])
        if not all(_B64.fullmatch(h) for h in rest[1:]):
            raise _bad("path")
        path = tuple(base64.b64decode(h) for h in rest[1:])
    except binascii.Error:
        raise _bad("extra") from None
    return EventProof(leaf, index, path, checkpoint)


def check_event_proof(
    text: str, log: Verifier, policy: Policy | None, leaf: bytes | None = None
) -> ProofCheck:
    """Whether ``text`` proves its event is on the record of ``log``, cosigned as ``policy``
    asks (``None``: the log's signature alone). ``leaf``: the row hash the caller computed
    (default: the one in the proof's extra line)."""
    try:
        proof = parse_bundle(text)
        witnesses = policy.verifiers() if policy else ()
        head, _, good = open_checkpoint(proof.checkpoint, log, witnesses)
    except CheckpointError as e:
        return ProofCheck(False, e.message)
    if policy is not None:
        names = policy.names_of(good)
        if not policy.witnessed(names):
            return ProofCheck(
                False, f"the checkpoint lacks the witnesses' quorum (cosigned by: {names})"
            )
    leaf = leaf if leaf is not None else proof.leaf
    if leaf is None:
        return ProofCheck(False, "no leaf to check: give the row hash")
    if not verify_inclusion(proof.index, head.size, leaf, proof.path, head.root):
        return ProofCheck(
            False, f"the inclusion proof fails: event {proof.index + 1} is not in this tree"
        )
    cosigned = f", cosigned by {', '.join(policy.names_of(good))}" if policy else ""
    return ProofCheck(
        True,
        f"event {proof.index + 1} (row hash {leaf.hex()}) is in the ledger's checkpoint of"
        f" {head.size} events{cosigned}",
    )
