"""Roles of the people who use comity: what each may read, and as which actor it may run
procedures. Pure; tested as a matrix.

Which actor may run which procedure is the procedures' own table
(:data:`comity.procedures.actors.RIGHTS`); this module only says which actors an account may
act as: the secretariat as itself or as the chair of a body (it services the chairs'
meetings), a delegation as its own state's delegation, observers and the public as none.

>>> Role.parse("delegation:ind")
Role(kind=<RoleKind.DELEGATION: 'delegation'>, state='IND')
>>> may_act_as(Role.parse("delegation:IND"), "delegation:PAK")
False
>>> may_act_as(Role.parse("secretariat"), "chair:CHS")
True
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from comity.errors import InputError
from comity.i18n import N_
from comity.states import parse_state


class RoleKind(StrEnum):
    SECRETARIAT = "secretariat"
    DELEGATION = "delegation"
    OBSERVER = "observer"
    PUBLIC = "public"


@dataclass(frozen=True)
class Role:
    """``secretariat``, ``delegation:<ISO3>``, ``observer`` or ``public`` (anonymous)."""

    kind: RoleKind
    state: str | None = None

    @classmethod
    def parse(cls, text: str) -> Role:
        kind, _, state = text.strip().partition(":")
        try:
            role_kind = RoleKind(kind.lower())
        except ValueError as e:
            raise InputError(
                N_("unknown role {text!r}: use secretariat, delegation:ISO3, observer or public"),
                value=text,
                params={"text": text},
            ) from e
        if role_kind is RoleKind.DELEGATION:
            if not state:
                raise InputError(
                    N_("a delegation role names its state, e.g. delegation:IND"),
                    value=text,
                    params={},
                )
            return cls(role_kind, parse_state(state))
        if state:
            raise InputError(
                N_("the {role} role takes no state"),
                value=text,
                params={"role": role_kind.value},
            )
        return cls(role_kind)

    def __str__(self) -> str:
        return f"{self.kind.value}:{self.state}" if self.state else self.kind.value

    @property
    def actor(self) -> str:
        """The ledger's actor for this role's writes (``secretariat``, ``delegation:IND``)."""
        return str(self)


PUBLIC = Role(RoleKind.PUBLIC)


class Action(StrEnum):
    """What a request asks to read or manage, at the grain the roles differ."""

    READ_PUBLIC_RECORD = "read_public_record"
    READ_MEETING_DOCUMENTS = "read_meeting_documents"
    RUN_PROCEDURES = "run_procedures"
    MANAGE_ACCOUNTS = "manage_accounts"


PERMISSIONS: dict[Action, frozenset[RoleKind]] = {
    Action.READ_PUBLIC_RECORD: frozenset(RoleKind),
    Action.READ_MEETING_DOCUMENTS: frozenset(
        {RoleKind.SECRETARIAT, RoleKind.DELEGATION, RoleKind.OBSERVER}
    ),
    Action.RUN_PROCEDURES: frozenset({RoleKind.SECRETARIAT, RoleKind.DELEGATION}),
    Action.MANAGE_ACCOUNTS: frozenset({RoleKind.SECRETARIAT}),
}


def may(role: Role, action: Action) -> bool:
    """Whether ``role`` may do ``action``."""
    return role.kind in PERMISSIONS[action]


def default_actor(role: Role) -> str | None:
    """The actor a role's procedures run as unless it names another (None: it runs none)."""
    if role.kind is RoleKind.SECRETARIAT:
        return "secretariat"
    if role.kind is RoleKind.DELEGATION:
        return f"delegation:{role.state}"
    return None


def may_act_as(role: Role, actor: str) -> bool:
    """Whether an account with ``role`` may run procedures as ``actor``."""
    kind, _, ident = actor.strip().partition(":")
    if role.kind is RoleKind.SECRETARIAT:
        return (kind == "secretariat" and not ident) or (kind == "chair" and bool(ident))
    if role.kind is RoleKind.DELEGATION:
        return kind == "delegation" and ident.upper() == role.state
    return False


def sees_position(role: Role, state: str, *, item_closed: bool) -> bool:
    """Whether ``role`` may see ``state``'s position on an agenda item.

    While the item is open the secretariat, which services the meeting, sees every
    position and a delegation its own only; once it is closed the outcome, with objections
    and reservations, is on record for everyone, as in the minutes.

    >>> sees_position(Role.parse("delegation:IND"), "PAK", item_closed=False)
    False
    >>> sees_position(PUBLIC, "PAK", item_closed=True)
    True
    """
    if item_closed or role.kind is RoleKind.SECRETARIAT:
        return True
    return role.kind is RoleKind.DELEGATION and role.state == state
