"""Procedures: how the organisation acts. Each is a pure function
``(command, state, actor) -> list[Event]`` that checks the charter in force on the command's
date and the actor's rights, or raises a specific :class:`~comity.errors.ComityError`;
:func:`execute` runs one against a :class:`~comity.record.Record` and appends its events in
one transaction (nothing is written on refusal).

>>> sorted(commands())[:3]
['admit', 'advance_dispute', 'apply_for_membership']
"""

from comity.procedures.actors import RIGHTS, Actor, Role, authorise, parse_actor
from comity.procedures.base import Command, commands, decide, execute, parse_command
from comity.procedures.disputes import (
    AdvanceDispute,
    DecidePanelReport,
    IssuePanelReport,
    RaiseDispute,
    SettleDispute,
)
from comity.procedures.documents import (
    Denounce,
    DepositInstrument,
    MakeReservation,
    ObjectToReservation,
    OpenForSignature,
    SignDocument,
)
from comity.procedures.measures import Expel, LiftSuspension, MakeRepresentation, Suspend
from comity.procedures.meetings import (
    CloseItem,
    ConveneMeeting,
    DraftDocument,
    Readiness,
    RecordAttendance,
    StatePosition,
    TableItem,
    readiness,
    rotation_chair,
)
from comity.procedures.membership import (
    Admit,
    ApplyForMembership,
    ApplyForStatus,
    GrantStatus,
    SignObligationsMemorandum,
    SignStatusMemorandum,
    StartAdmission,
)
from comity.procedures.minutes import minutes, to_akoma_ntoso, to_markdown
from comity.procedures.obligations import CreateObligation, SubmitReport, store_evidence
from comity.procedures.penalties import ImposePenalty, LiftPenalty
from comity.procedures.supervision import RecordFinding, RequestInformation
from comity.procedures.withdrawal import NotifyWithdrawal

__all__ = [
    "RIGHTS",
    "Actor",
    "Admit",
    "AdvanceDispute",
    "ApplyForMembership",
    "ApplyForStatus",
    "CloseItem",
    "Command",
    "ConveneMeeting",
    "CreateObligation",
    "DecidePanelReport",
    "Denounce",
    "DepositInstrument",
    "DraftDocument",
    "Expel",
    "GrantStatus",
    "ImposePenalty",
    "IssuePanelReport",
    "LiftPenalty",
    "LiftSuspension",
    "MakeRepresentation",
    "MakeReservation",
    "NotifyWithdrawal",
    "ObjectToReservation",
    "OpenForSignature",
    "RaiseDispute",
    "Readiness",
    "RecordAttendance",
    "RecordFinding",
    "RequestInformation",
    "Role",
    "SettleDispute",
    "SignDocument",
    "SignObligationsMemorandum",
    "SignStatusMemorandum",
    "StartAdmission",
    "StatePosition",
    "SubmitReport",
    "Suspend",
    "TableItem",
    "authorise",
    "commands",
    "decide",
    "execute",
    "minutes",
    "parse_actor",
    "parse_command",
    "readiness",
    "rotation_chair",
    "store_evidence",
    "to_akoma_ntoso",
    "to_markdown",
]
