"""The ledger itself: verification of the hash chain."""

from __future__ import annotations

from fastapi import APIRouter

from comity.api.deps import RecordDep
from comity.api.schemas import Verification

router = APIRouter(tags=["ledger"])


@router.get("/verify", response_model=Verification)
def verify(record: RecordDep) -> Verification:
    """Recompute the hash chain; ``first_bad`` is the first row that does not match."""
    result = record.ledger.verify()
    return Verification(
        ok=result.ok, events=result.events, head=result.head, first_bad=result.first_bad
    )
