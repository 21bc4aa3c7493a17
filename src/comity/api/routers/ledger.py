"""The ledger itself: verification of the hash chain."""

from __future__ import annotations

import base64
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from comity.api.deps import RecordDep
from comity.api.schemas import Verification
from comity.ledger.checkpoints import leaves, sign_tree_head, tree_head
from comity.ledger.keys import load_or_create_signing_key
from comity.ledger.merkle import consistency_proof
from comity.settings import Settings
from comity.witness.publish import PublishedCheckpoint

router = APIRouter(tags=["ledger"])


@router.get("/verify", response_model=Verification)
def verify(record: RecordDep) -> Verification:
    """Recompute the hash chain; ``first_bad`` is the first row that does not match."""
    result = record.ledger.verify()
    return Verification(
        ok=result.ok, events=result.events, head=result.head, first_bad=result.first_bad
    )


def _origin(request: Request) -> tuple[Settings, str]:
    settings: Settings = request.app.state.settings
    return settings, settings.origin(request.app.state.database_url)


@router.get("/ledger/checkpoint", response_class=Response)
def checkpoint(request: Request) -> Response:
    """The last published checkpoint: a C2SP tlog-checkpoint signed note bearing the log's
    signature and the cosignatures of the witness policy's quorum (404 before the first)."""
    settings, origin = _origin(request)
    text = PublishedCheckpoint.beside(settings.published_folder(), origin).read()
    if text is None:
        return Response("no witnessed checkpoint is published yet\n", 404, media_type="text/plain")
    return Response(text, media_type="text/plain; charset=utf-8")


@router.get("/ledger/consistency")
def consistency(
    request: Request,
    record: RecordDep,
    old: Annotated[int, Query(ge=0, description="The size of a checkpoint seen earlier.")],
) -> dict[str, Any]:
    """A freshly signed checkpoint of the ledger as it is now, and the RFC 6962 consistency
    proof from its first ``old`` events to it, for auditors (computed over the rows as they
    are: if history was rewritten, the proof fails their check)."""
    settings, origin = _origin(request)
    rows = leaves(record.ledger.stored_rows())
    key = load_or_create_signing_key(settings.signing_key_path())
    proof = consistency_proof(rows, min(old, len(rows))) if 0 < old < len(rows) else []
    return {
        "checkpoint": sign_tree_head(tree_head(rows, origin), key),
        "proof": [base64.b64encode(h).decode("ascii") for h in proof],
    }
