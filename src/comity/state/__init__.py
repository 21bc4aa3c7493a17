"""The organisation on a date, folded from the charter and the events. Pure."""

from comity.state.describe import cite, describe
from comity.state.fold import (
    MEMBER_STATUSES,
    AdmissionProcedure,
    DisputeRecord,
    DocumentRecord,
    InstitutionalState,
    ItemRecord,
    MeetingRecord,
    ObligationRecord,
    PenaltyRecord,
    ReservationRecord,
    StatusSpell,
    WithdrawalRecord,
    fold,
)

__all__ = [
    "MEMBER_STATUSES",
    "AdmissionProcedure",
    "DisputeRecord",
    "DocumentRecord",
    "InstitutionalState",
    "ItemRecord",
    "MeetingRecord",
    "ObligationRecord",
    "PenaltyRecord",
    "ReservationRecord",
    "StatusSpell",
    "WithdrawalRecord",
    "cite",
    "describe",
    "fold",
]
