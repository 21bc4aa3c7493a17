"""Procedures: how the organisation acts. Each is a pure function
``(command, state, actor) -> list[Event]`` that checks the charter in force on the command's
date and the actor's rights, or raises a specific :class:`~comity.errors.ComityError`;
:func:`execute` runs one against a :class:`~comity.record.Record` and appends its events in
one transaction (nothing is written on refusal).

>>> sorted(commands())[:3]
['admit', 'apply_for_membership', 'apply_for_status']
"""

from comity.procedures.actors import RIGHTS, Actor, Role, authorise, parse_actor
from comity.procedures.base import Command, commands, decide, execute, parse_command
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
    StatePosition,
    TableItem,
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
from comity.procedures.withdrawal import NotifyWithdrawal

__all__ = [
    "RIGHTS",
    "Actor",
    "Admit",
    "ApplyForMembership",
    "ApplyForStatus",
    "CloseItem",
    "Command",
    "ConveneMeeting",
    "Denounce",
    "DepositInstrument",
    "DraftDocument",
    "Expel",
    "GrantStatus",
    "LiftSuspension",
    "MakeRepresentation",
    "MakeReservation",
    "NotifyWithdrawal",
    "ObjectToReservation",
    "OpenForSignature",
    "Role",
    "SignDocument",
    "SignObligationsMemorandum",
    "SignStatusMemorandum",
    "StartAdmission",
    "StatePosition",
    "Suspend",
    "TableItem",
    "authorise",
    "commands",
    "decide",
    "execute",
    "minutes",
    "parse_actor",
    "parse_command",
    "rotation_chair",
    "to_akoma_ntoso",
    "to_markdown",
]
