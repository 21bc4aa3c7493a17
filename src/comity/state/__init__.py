"""The organisation on a date, folded from the charter and the events. Pure.

The state model is :mod:`comity.state.model`, the folder :mod:`comity.state.fold`; narration
(:func:`describe`, :func:`cite`) lives in :mod:`comity.narration` and is re-exported here, where
it was first imported from. The shim module ``comity.state.describe`` is imported first so that
the name ``describe`` in this package stays the function, not that module.
"""

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
