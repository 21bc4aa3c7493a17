"""``comity audit``: an outside party's check of the ledger, trusting neither the secretariat
nor any one witness.

Given the log's verifier key and the witness policy, the auditor fetches the published
checkpoint from the ledger's API and the last checkpoint each witness cosigned (the witnesses'
monitoring endpoint), checks the log's signature and the quorum of cosignatures, and asks the
ledger for a consistency proof from every checkpoint it has seen (kept from its last run, or
held by a witness) to the ledger as it is now. Two checkpoints signed by the log's key that no
consistency proof joins are a fork: the report carries both signed notes as evidence.
"""

from __future__ import annotations

import base64
import hashlib
import json
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any

from comity.errors import CheckpointError
from comity.ledger.checkpoints import TreeHead, open_checkpoint
from comity.ledger.merkle import verify_consistency
from comity.ledger.note import Verifier
from comity.witness.policy import Policy

__all__ = ["Audit", "Fork", "audit"]

TIMEOUT = 10.0


@dataclass(frozen=True, slots=True)
class Fork:
    """Two checkpoints of the same log, both signed by its key, that do not fit together."""

    seen: str  # the earlier checkpoint (kept, or held by a witness), a signed note
    served: str  # what the ledger serves now, a signed note
    where: str  # who held the earlier one
    reason: str


@dataclass(slots=True)
class Audit:
    """The findings of one audit."""

    checkpoint: str | None = None
    size: int | None = None
    cosigners: list[str] = field(default_factory=list)
    quorum: bool = False
    forks: list[Fork] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.checkpoint is not None and self.quorum and not self.forks and not self.problems

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "size": self.size,
            "cosigners": self.cosigners,
            "quorum": self.quorum,
            "checkpoint": self.checkpoint,
            "forks": [vars_of(f) for f in self.forks],
            "problems": self.problems,
        }


def vars_of(fork: Fork) -> dict[str, str]:
    return {"where": fork.where, "reason": fork.reason, "seen": fork.seen, "served": fork.served}


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
            return int(response.status), response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return int(e.code), e.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError) as e:
        return 0, str(getattr(e, "reason", e))


def audit(api: str, log: Verifier, policy: Policy, kept: str | None = None) -> Audit:
    """Audit the ledger whose API is at ``api`` (e.g. ``http://host/api/v1``)."""
    found = Audit()
    api = api.rstrip("/")
    status, published = _get(f"{api}/ledger/checkpoint")
    if status == 200:
        try:
            head, _, good = open_checkpoint(published, log, policy.verifiers())
            found.checkpoint, found.size = published, head.size
            found.cosigners = policy.names_of(good)
            found.quorum = policy.witnessed(found.cosigners)
            if not found.quorum:
                found.problems.append("the published checkpoint lacks the witnesses' quorum")
        except CheckpointError as e:
            found.problems.append(f"the published checkpoint does not verify: {e.message}")
    else:
        found.problems.append(f"no published checkpoint ({status})")
    seen: list[tuple[str, str]] = [("kept", kept)] if kept else []
    origin_hash = hashlib.sha256(log.name.encode()).hexdigest()
    for name, witness in policy.witnesses.items():
        if witness.url:
            status, held = _get(f"{witness.url.rstrip('/')}/{origin_hash}/checkpoint")
            if status == 200:
                seen.append((f"witness {name}", held))
    for where, checkpoint in seen:
        _check_consistency(api, log, where, checkpoint, found)
    return found


def _check_consistency(api: str, log: Verifier, where: str, seen: str, found: Audit) -> None:
    try:
        old, _, _ = open_checkpoint(seen, log)
    except CheckpointError as e:
        found.problems.append(f"the checkpoint {where} holds does not verify: {e.message}")
        return
    status, body = _get(f"{api}/ledger/consistency?old={old.size}")
    if status != 200:
        found.problems.append(f"the ledger gives no consistency proof from {old.size} ({status})")
        return
    try:
        data = json.loads(body)
        served = str(data["checkpoint"])
        proof = [base64.b64decode(h, validate=True) for h in data["proof"]]
        new, _, _ = open_checkpoint(served, log)
    except (ValueError, KeyError, TypeError, CheckpointError) as e:
        found.problems.append(f"the ledger's consistency answer is malformed: {e}")
        return
    if not _consistent(old, new, proof):
        found.forks.append(
            Fork(
                seen,
                served,
                where,
                f"the ledger's {new.size} events do not extend the {old.size} events of the"
                f" checkpoint {where} holds: history was rewritten",
            )
        )


def _consistent(old: TreeHead, new: TreeHead, proof: list[bytes]) -> bool:
    return new.size >= old.size and verify_consistency(
        old.size, new.size, old.root, new.root, proof
    )
