"""Roles of the people who use comity, and what each may do. Pure: one table, tested as a
matrix.

>>> Role.parse("delegation:ind")
Role(kind=<RoleKind.DELEGATION: 'delegation'>, state='IND')
>>> may(Role.parse("delegation:IND"), Action.STATE_POSITION, state="PAK")
False
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from comity.errors import InputError
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
                f"unknown role {text!r}: use secretariat, delegation:ISO3, observer or public",
                value=text,
            ) from e
        if role_kind is RoleKind.DELEGATION:
            if not state:
                raise InputError(
                    "a delegation role names its state, e.g. delegation:IND", value=text
                )
            return cls(role_kind, parse_state(state))
        if state:
            raise InputError(f"the {role_kind.value} role takes no state", value=text)
        return cls(role_kind)

    def __str__(self) -> str:
        return f"{self.kind.value}:{self.state}" if self.state else self.kind.value

    @property
    def actor(self) -> str:
        """The ledger's actor for this role's writes (``secretariat``, ``delegation:IND``)."""
        return str(self)


PUBLIC = Role(RoleKind.PUBLIC)


class Action(StrEnum):
    """What a request asks to do, at the grain the roles differ."""

    READ_PUBLIC_RECORD = "read_public_record"
    READ_MEETING_DOCUMENTS = "read_meeting_documents"
    RUN_PROCEDURE = "run_procedure"
    STATE_POSITION = "state_position"
    DEPOSIT_INSTRUMENT = "deposit_instrument"
    SUBMIT_NOTICE = "submit_notice"
    MANAGE_ACCOUNTS = "manage_accounts"


#: Who may do what. Actions acting *for a state* (positions, instruments, notices) are open
#: to that state's delegation only, and to the secretariat recording them on its behalf.
PERMISSIONS: dict[Action, frozenset[RoleKind]] = {
    Action.READ_PUBLIC_RECORD: frozenset(RoleKind),
    Action.READ_MEETING_DOCUMENTS: frozenset(
        {RoleKind.SECRETARIAT, RoleKind.DELEGATION, RoleKind.OBSERVER}
    ),
    Action.RUN_PROCEDURE: frozenset({RoleKind.SECRETARIAT}),
    Action.STATE_POSITION: frozenset({RoleKind.DELEGATION}),
    Action.DEPOSIT_INSTRUMENT: frozenset({RoleKind.SECRETARIAT, RoleKind.DELEGATION}),
    Action.SUBMIT_NOTICE: frozenset({RoleKind.SECRETARIAT, RoleKind.DELEGATION}),
    Action.MANAGE_ACCOUNTS: frozenset({RoleKind.SECRETARIAT}),
}

_FOR_A_STATE = frozenset({Action.STATE_POSITION, Action.DEPOSIT_INSTRUMENT, Action.SUBMIT_NOTICE})


def may(role: Role, action: Action, *, state: str | None = None) -> bool:
    """Whether ``role`` may do ``action`` (for ``state``, where the action acts for one)."""
    if role.kind not in PERMISSIONS[action]:
        return False
    if action in _FOR_A_STATE and role.kind is RoleKind.DELEGATION:
        return state is not None and role.state == state
    return True
