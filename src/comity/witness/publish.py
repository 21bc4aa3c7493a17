"""The ledger's side of witnessing: send the new checkpoint and its consistency proof to every
witness of the policy (C2SP tlog-witness ``add-checkpoint``), gather their cosignatures, and
publish the checkpoint only once the policy's quorum has cosigned it.

The published checkpoint (the log's signature and the cosignatures, one signed note) is kept
in one file beside the ledger, written whole or not at all; the API and the ledger page show
it, ``comity prove --event`` builds proofs on it. A checkpoint the quorum refused is never
published: the last published one stays, and the refusals say why.
"""

from __future__ import annotations

import base64
import hashlib
import os
import tempfile
import urllib.error
import urllib.request
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from comity.errors import CheckpointError, WitnessError
from comity.i18n import N_
from comity.ledger import Ledger
from comity.ledger.checkpoints import TreeHead, leaves, sign_tree_head, tree_head
from comity.ledger.merkle import consistency_proof
from comity.ledger.note import Signature, parse_note, parse_signature_line
from comity.settings import Settings
from comity.witness.policy import Policy, WitnessEntry

__all__ = [
    "Outcome",
    "PublishedCheckpoint",
    "Witnessing",
    "add_checkpoint",
    "publish",
    "witness_checkpoint",
]

TIMEOUT = 10.0


def add_checkpoint(
    url: str, old: int, proof: Sequence[bytes], checkpoint: str, timeout: float = TIMEOUT
) -> tuple[int, str]:
    """POST ``<url>/add-checkpoint``; the HTTP status and body (status 0: no answer)."""
    body = f"old {old}\n" + "".join(base64.b64encode(h).decode() + "\n" for h in proof)
    request = urllib.request.Request(
        url.rstrip("/") + "/add-checkpoint",
        data=(body + "\n" + checkpoint).encode("utf-8"),
        method="POST",
        headers={"Content-Type": "text/plain; charset=utf-8"},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return int(response.status), response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return int(e.code), e.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError) as e:
        return 0, str(getattr(e, "reason", e))


@dataclass(slots=True)
class Outcome:
    """What the witnesses said of one checkpoint."""

    head: TreeHead
    checkpoint: str  # the log's signed note with the cosignatures gathered
    cosigners: list[str] = field(default_factory=list)
    refusals: dict[str, str] = field(default_factory=dict)
    quorum: bool = False


def _ask(
    witness: WitnessEntry, leaves: list[bytes], note: str, text: str, old: int
) -> tuple[Signature | None, str]:
    """One witness's cosignature, or why not. A 409 names the size the witness holds: the
    proof is remade from there, once."""
    n = len(leaves)
    assert witness.url is not None
    for _ in range(2):
        if old > n:
            return None, f"holds {old} events, more than the {n} of this checkpoint"
        proof = consistency_proof(leaves, old) if 0 < old < n else []
        status, body = add_checkpoint(witness.url, old, proof, note)
        if status == 409 and body.strip().isdigit():
            old = int(body.strip())
            continue
        if status != 200:
            return None, f"{status} {body.strip()}"
        for line in body.splitlines():
            try:
                signature = parse_signature_line(line)
            except CheckpointError:
                continue
            if witness.verifier.matches(signature) and witness.verifier.verifies(text, signature):
                return signature, "cosigned"
        return None, "200 without a good cosignature of its key"
    return None, f"409 again, holds {old}"


def witness_checkpoint(
    leaves: list[bytes],
    key: Ed25519PrivateKey,
    origin: str,
    policy: Policy,
    known: dict[str, int] | None = None,
) -> Outcome:
    """Sign the ledger whose leaves are ``leaves`` and ask every witness of ``policy`` with a
    URL to cosign it, all at once. ``known`` (witness name -> size it holds, updated here)
    saves the first round trip; without it each witness is asked from size 0 and answers
    409 with its size."""
    known = {} if known is None else known
    head = tree_head(leaves, origin)
    note = sign_tree_head(head, key)
    text = head.text()
    asked = [w for w in policy.witnesses.values() if w.url]
    with ThreadPoolExecutor(max_workers=max(1, len(asked))) as pool:
        answers = list(pool.map(lambda w: _ask(w, leaves, note, text, known.get(w.name, 0)), asked))
    outcome = Outcome(head, note)
    signatures = []
    for witness, (signature, reason) in zip(asked, answers, strict=True):
        if signature is None:
            outcome.refusals[witness.name] = reason
        else:
            signatures.append(signature)
            outcome.cosigners.append(witness.name)
            known[witness.name] = head.size
    outcome.checkpoint = parse_note(note).with_signatures(signatures).render()
    outcome.quorum = policy.witnessed(outcome.cosigners)
    return outcome


class PublishedCheckpoint:
    """The file that holds the last published, cosigned checkpoint of a ledger."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def beside(cls, folder: Path, origin: str) -> PublishedCheckpoint:
        """The file for ``origin`` in ``folder`` (one per ledger, named by its origin)."""
        name = hashlib.sha256(origin.encode()).hexdigest()[:16]
        return cls(folder / f"published-checkpoint-{name}.txt")

    def read(self) -> str | None:
        try:
            return self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None

    def write(self, checkpoint: str) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".published.", dir=self.path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(checkpoint)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, self.path)
        finally:
            Path(temporary).unlink(missing_ok=True)


def publish(
    leaves: list[bytes],
    key: Ed25519PrivateKey,
    origin: str,
    policy: Policy,
    published: PublishedCheckpoint,
    known: dict[str, int] | None = None,
) -> Outcome:
    """Witness the ledger's checkpoint and publish it if the quorum cosigned; raise
    :class:`~comity.errors.WitnessError` (publishing nothing) if not."""
    outcome = witness_checkpoint(leaves, key, origin, policy, known)
    if not outcome.quorum:
        raise WitnessError(
            N_(
                "the witnesses' quorum did not cosign the checkpoint of {size} events, so it is"
                " not published; cosigned: {cosigners}; refused: {refusals}"
            ),
            value=outcome.head.size,
            params={
                "size": outcome.head.size,
                "cosigners": ", ".join(outcome.cosigners) or "-",
                "refusals": "; ".join(f"{k}: {v}" for k, v in outcome.refusals.items()) or "-",
            },
        )
    published.write(outcome.checkpoint)
    return outcome


class Witnessing:
    """Publishing after appends: called with the ledger once events were appended, it asks
    the witnesses to cosign the new checkpoint and publishes it if the quorum did. A refusal
    is kept in ``last_error`` rather than raised: the events are recorded either way, and the
    last published checkpoint stays until the witnesses cosign a later one."""

    def __init__(
        self,
        key: Ed25519PrivateKey,
        origin: str,
        policy: Policy,
        published: PublishedCheckpoint,
    ) -> None:
        self.key, self.origin, self.policy, self.published = key, origin, policy, published
        self.known: dict[str, int] = {}
        self.last: Outcome | None = None
        self.last_error: WitnessError | None = None

    @classmethod
    def from_settings(cls, settings: Settings, url: str) -> Witnessing:
        from comity.ledger.keys import load_or_create_signing_key
        from comity.witness.policy import load_policy

        policy = load_policy(Path(settings.witness_policy).read_text(encoding="utf-8"))
        origin = settings.origin(url)
        return cls(
            load_or_create_signing_key(settings.signing_key_path()),
            origin,
            policy,
            PublishedCheckpoint.beside(settings.published_folder(), origin),
        )

    def __call__(self, ledger: Ledger) -> Outcome | None:
        try:
            self.last = publish(
                leaves(ledger.stored_rows()),
                self.key,
                self.origin,
                self.policy,
                self.published,
                self.known,
            )
            self.last_error = None
        except WitnessError as e:
            self.last_error = e
            return None
        return self.last
